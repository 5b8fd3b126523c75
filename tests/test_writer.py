"""TOML writer: valid TOML, exact numbers, escaping, layout, and round trips through the loader."""

from __future__ import annotations

import keyword
import tomllib
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wedge_cli.model import GameSpec, Parameter, Player, WedgeError
from wedge_cli.formats.nfg_read import read_nfg
from wedge_cli.formats.toml_write import LINE_WIDTH, toml_key, toml_string, write_toml

F = Fraction
DATA = Path(__file__).parent / "data" / "nfg"


class Source:
    """Stands in for a compiled expression: the writer needs only ``source``."""

    def __init__(self, source: str) -> None:
        self.source = source


def spec_of(players, cells, **kwargs) -> GameSpec:
    array = np.empty((len(players), *(len(p.strategies) for p in players)), dtype=object)
    array[...] = np.array(cells, dtype=object) if not isinstance(cells, np.ndarray) else cells
    return GameSpec(players=tuple(players), cells=array, **kwargs)


def us_europe(**kwargs) -> GameSpec:
    cells = np.empty((2, 2, 2), dtype=object)
    cells[0] = [[F(3), F(1)], [Source("4 + cut/10"), F(0)]]
    cells[1] = [[F(2), F(4)], [F(3), F(1)]]
    defaults = dict(
        parameters={
            "cut": Parameter(
                "cut", 8, 0, 20, "Cut to US military spending in Europe, % over five years", "NATO figures"
            )
        },
        title="US–Europe burden sharing",
        description="test game",
        source="The European Factor",
        notes={(1, 1): "Nobody pays."},
        unit="ordinal: 1 worst .. 4 best",
    )
    defaults.update(kwargs)
    return spec_of([Player("US", ("Maintain", "Retrench")), Player("Europe", ("Rearm", "FreeRide"))], cells, **defaults)


def parse(text: str) -> dict:
    return tomllib.loads(text)


# ---------------------------------------------------------------- structure


def test_example_game_structure():
    text = write_toml(us_europe())
    assert parse(text) == {
        "title": "US–Europe burden sharing",
        "description": "test game",
        "source": "The European Factor",
        "scale": "ordinal: 1 worst .. 4 best",
        "parameters": {
            "cut": {
                "value": 8,
                "min": 0,
                "max": 20,
                "description": "Cut to US military spending in Europe, % over five years",
                "basis": "NATO figures",
            }
        },
        "players": [
            {"name": "US", "strategies": ["Maintain", "Retrench"]},
            {"name": "Europe", "strategies": ["Rearm", "FreeRide"]},
        ],
        "payoffs": {"US": [[3, 1], ["4 + cut/10", 0]], "Europe": [[2, 4], [3, 1]]},
        "outcomes": [{"profile": ["Retrench", "FreeRide"], "note": "Nobody pays."}],
    }


def test_payoff_keys_are_aligned_and_output_is_stable():
    text = write_toml(us_europe())
    assert 'US     = [[3, 1], ["4 + cut/10", 0]]\n' in text
    assert "Europe = [[2, 4], [3, 1]]\n" in text
    assert text.endswith("\n") and "\n\n\n" not in text
    assert write_toml(us_europe()) == text


def test_optional_fields_are_omitted_when_empty():
    spec = us_europe(parameters={"cut": Parameter("cut", 2.5)}, description="", source="", unit="", notes={}, title="")
    data = parse(write_toml(spec))
    assert set(data) == {"title", "parameters", "players", "payoffs"}
    assert data["title"] == ""
    assert data["parameters"] == {"cut": {"value": 2.5}}


def test_outcomes_only_for_profiles_with_notes_in_profile_order():
    spec = us_europe(notes={(1, 0): "b", (0, 1): "a", (1, 1): "c"})
    data = parse(write_toml(spec))
    assert data["outcomes"] == [
        {"profile": ["Maintain", "FreeRide"], "note": "a"},
        {"profile": ["Retrench", "Rearm"], "note": "b"},
        {"profile": ["Retrench", "FreeRide"], "note": "c"},
    ]
    assert "outcomes" not in parse(write_toml(us_europe(notes={})))


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "cell, written, parsed",
    [
        (F(3), "3", 3),
        (F(-12), "-12", -12),
        (F(3, 2), '"3/2"', "3/2"),
        (F(-7, 3), '"-7/3"', "-7/3"),
        (F(1, 10), '"1/10"', "1/10"),
        (F(2**70), f'"{2**70}"', str(2**70)),
        (F(-(2**63)), str(-(2**63)), -(2**63)),
        (F(1, 10**310), "1e-310", 1e-310),
        (7, "7", 7),
        (np.int64(-4), "-4", -4),
        (0.25, "0.25", 0.25),
        (np.float64(0.1), "0.1", 0.1),
        (-0.0, "0.0", 0.0),
        (1e300, "1e+300", 1e300),
        (2.0, "2.0", 2.0),
        (Source("relief * (1 - distrust)"), '"relief * (1 - distrust)"', "relief * (1 - distrust)"),
    ],
)
def test_payoff_cells(cell, written, parsed):
    cells = np.empty((2, 1, 1), dtype=object)
    cells[0, 0, 0] = cell
    cells[1, 0, 0] = F(0)
    spec = GameSpec(players=(Player("A", ("a",)), Player("B", ("b",))), cells=cells)
    text = write_toml(spec)
    assert f"A = [[{written}]]\n" in text
    value = parse(text)["payoffs"]["A"][0][0]
    assert value == parsed and type(value) is type(parsed)


@pytest.mark.parametrize(
    "cell, error",
    [
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (True, TypeError),
        (object(), TypeError),
        (F(1, 3 * 10**300), ValueError),
    ],
)
def test_unwritable_cells_raise(cell, error):
    cells = np.empty((2, 1, 1), dtype=object)
    cells[...] = F(0)
    cells[0, 0, 0] = cell
    with pytest.raises(error):
        write_toml(GameSpec(players=(Player("A", ("a",)), Player("B", ("b",))), cells=cells))


def test_parameter_values_can_be_overridden():
    spec = us_europe()
    assert parse(write_toml(spec, values={"cut": 12}))["parameters"]["cut"]["value"] == 12
    assert parse(write_toml(spec, values={"cut": 0.5}))["parameters"]["cut"]["value"] == 0.5
    assert parse(write_toml(spec, values={"cut": "5/2"}))["parameters"]["cut"]["value"] == 2.5
    assert parse(write_toml(spec, values={"cut": F(1, 10)}))["parameters"]["cut"]["value"] == 0.1
    assert parse(write_toml(spec, values={"cut": "1e30"}))["parameters"]["cut"]["value"] == 1e30
    text = write_toml(spec, values={"cut": "1/3"})
    assert "value = 0.3333333333333333  # exactly 1/3\n" in text
    assert parse(text)["parameters"]["cut"]["value"] == 1 / 3
    with pytest.raises(WedgeError) as info:
        write_toml(spec, values={"cutt": 3})
    assert "cutt" in info.value.message and "cut" in info.value.hint
    with pytest.raises(ValueError):
        write_toml(spec, values={"cut": "nonsense"})


# ---------------------------------------------------------------- strings and keys


@pytest.mark.parametrize(
    "name, key",
    [
        ("US", "US"),
        ("north_korea-2", "north_korea-2"),
        ("Côte d'Ivoire", '"Côte d\'Ivoire"'),
        ("a.b", '"a.b"'),
        ("", '""'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
    ],
)
def test_keys_are_bare_only_when_toml_allows(name, key):
    assert toml_key(name) == key
    assert parse(f"{key} = 1") == {name: 1}


def test_control_characters_are_escaped():
    text = "tab\there\x00nul\x7fdel\x1besc\r\nend\b\f"
    assert parse("x = " + toml_string(text)) == {"x": text}
    assert parse("x = " + toml_string(text, multiline=True)) == {"x": text}
    assert "\x00" not in toml_string(text, multiline=True) and "\x7f" not in toml_string(text)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
HOSTILE = st.text(st.sampled_from(list('"\\\n\r\t\'#=[]{}. é–\x00\x7fa"""')), max_size=20)


@settings(max_examples=150, deadline=None)
@given(
    title=st.one_of(TEXT, HOSTILE),
    description=st.one_of(TEXT, HOSTILE),
    names=st.lists(st.one_of(TEXT, HOSTILE).filter(bool), min_size=4, max_size=4, unique=True),
    note=st.one_of(TEXT, HOSTILE).filter(bool),
)
def test_strings_survive(title, description, names, note):
    players = [Player(names[0], (names[1], names[2])), Player(names[3], (names[0],))]
    spec = spec_of(
        players,
        [[[F(1)], [F(2)]], [[F(3)], [F(4)]]],
        title=title,
        description=description,
        source=note,
        unit=description,
        notes={(1, 0): note},
        parameters={"p": Parameter("p", 1.0, None, None, note, title)},
    )
    text = write_toml(spec)
    text.encode("utf-8")
    data = parse(text)
    assert data["title"] == title
    assert data.get("description", "") == description and data.get("scale", "") == description
    assert data["source"] == note
    assert [p["name"] for p in data["players"]] == [names[0], names[3]]
    assert data["players"][0]["strategies"] == [names[1], names[2]]
    assert list(data["payoffs"]) == [names[0], names[3]]
    assert data["outcomes"] == [{"profile": [names[2], names[0]], "note": note}]
    assert data["parameters"]["p"]["description"] == note
    assert data["parameters"]["p"].get("basis", "") == title


# ---------------------------------------------------------------- layout


def test_long_arrays_are_broken_over_lines_and_keep_their_shape():
    players = [Player(f"P{i}", tuple("abcde")) for i in range(3)]
    cells = np.empty((3, 5, 5, 5), dtype=object)
    for index in np.ndindex(*cells.shape):
        cells[index] = F(sum(index) * 1000 + 1, 7)
    text = write_toml(spec_of(players, cells))
    assert all(len(line) <= LINE_WIDTH for line in text.splitlines())
    data = parse(text)
    for p in range(3):
        array = np.array(data["payoffs"][f"P{p}"], dtype=object)
        assert array.shape == (5, 5, 5)
        assert all(F(array[i]) == cells[(p, *i)] for i in np.ndindex(5, 5, 5))


def test_three_players_axis_order_is_player_order():
    players = [Player("A", ("a1", "a2")), Player("B", ("b1", "b2", "b3")), Player("C", ("c1",))]
    cells = np.empty((3, 2, 3, 1), dtype=object)
    for index in np.ndindex(*cells.shape):
        cells[index] = F(100 * index[0] + 10 * index[1] + index[2])
    data = parse(write_toml(spec_of(players, cells)))
    assert data["payoffs"]["B"] == [[[100], [101], [102]], [[110], [111], [112]]]


# ---------------------------------------------------------------- round trips through the loader


def loader():
    return pytest.importorskip("wedge_cli.formats.toml_read")


def same_cells(a: GameSpec, b: GameSpec) -> None:
    for x, y in zip(a.cells.ravel(), b.cells.ravel()):
        if hasattr(x, "source"):
            assert y.source == x.source
        else:
            assert F(x) == F(y) if isinstance(x, Fraction) else F(repr(float(x))) == y


def test_loader_reads_the_example_back():
    from conftest import US_EUROPE

    loads = loader().loads
    spec = loads(US_EUROPE, "g.toml")
    text = write_toml(spec)
    back = loads(text, "w.toml")
    assert back.players == spec.players and back.notes == spec.notes and back.title == spec.title
    assert back.parameters["cut"].value == 8 and back.parameters["cut"].min == 0
    same_cells(spec, back)
    assert (back.game().exact == spec.game().exact).all()
    assert write_toml(back) == text
    changed = loads(write_toml(spec, values={"cut": "15"}), "w.toml")
    assert changed.game().exact[0, 1, 0] == F(11, 2)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.nfg")))
def test_nfg_fixtures_convert_to_toml(name):
    loads = loader().loads
    spec = read_nfg((DATA / name).read_text(encoding="utf-8"), name)
    back = loads(write_toml(spec), "converted.toml")
    assert back.players == spec.players and back.title == spec.title and back.description == spec.description
    assert back.notes == spec.notes
    assert (back.game().exact == spec.game().exact).all()


IDENT = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True).filter(
    lambda s: not keyword.iskeyword(s) and s not in {"min", "max", "abs"}
)
NAME = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=6).filter(
    lambda s: s == s.strip()
)
NUMBER = st.one_of(
    st.fractions(min_value=-100, max_value=100, max_denominator=50),
    st.integers(-(10**15), 10**15).map(Fraction),  # the range wedge reads (docs/format.md)
    st.floats(min_value=-1e15, max_value=1e15).filter(lambda x: x == 0 or abs(x) >= 1e-15),
)


@st.composite
def specs(draw):
    from wedge_cli.expr import compile_expression

    n = draw(st.integers(2, 3))
    names = draw(st.lists(NAME, min_size=n, max_size=n, unique=True))
    players = [
        Player(name, tuple(draw(st.lists(NAME, min_size=1, max_size=3 if n == 2 else 2, unique=True))))
        for name in names
    ]
    parameter_names = draw(st.lists(IDENT, max_size=2, unique=True))
    parameters = {}
    for pname in parameter_names:
        lo = draw(st.one_of(st.none(), st.integers(-5, 0)))
        parameters[pname] = Parameter(
            pname,
            draw(st.one_of(st.integers(1, 9), st.floats(1, 9))),
            lo,
            None if lo is None else draw(st.one_of(st.none(), st.floats(10, 20))),
            draw(TEXT),
            draw(TEXT),
        )
    shape = (n, *(len(p.strategies) for p in players))
    cells = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        if parameter_names and draw(st.integers(0, 4)) == 0:
            source = f"{draw(st.sampled_from(parameter_names))} * {draw(st.integers(-3, 3))} + 1/3"
            cells[index] = compile_expression(source, parameter_names)
        else:
            cells[index] = draw(NUMBER)
    notes = {}
    for index in np.ndindex(*shape[1:]):
        if draw(st.booleans()):
            notes[index] = draw(TEXT.filter(bool))
    return GameSpec(
        players=tuple(players),
        cells=cells,
        parameters=parameters,
        title=draw(TEXT),
        description=draw(TEXT),
        source=draw(TEXT),
        notes=notes,
        unit=draw(TEXT),
    )


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_loader_round_trip_on_random_games(data):
    loads = loader().loads
    spec = data.draw(specs())
    text = write_toml(spec)
    back = loads(text, "random.toml")
    assert back.players == spec.players
    assert (back.title, back.description, back.source, back.unit) == (
        spec.title,
        spec.description,
        spec.source,
        spec.unit,
    )
    assert back.notes == spec.notes
    assert list(back.parameters) == list(spec.parameters)
    for name, p in spec.parameters.items():
        q = back.parameters[name]
        assert (q.value, q.min, q.max, q.description, q.scale) == (p.value, p.min, p.max, p.description, p.scale)
    same_cells(spec, back)
    game, again = spec.game(), back.game()
    assert np.array_equal(game.payoffs, again.payoffs)
    assert (game.exact is None) == (again.exact is None)
    if game.exact is not None:
        assert (game.exact == again.exact).all()
    # the loader turns float payoffs into exact Fractions, so from there on the text is a fixed point
    settled = write_toml(back)
    assert write_toml(loads(settled, "settled.toml")) == settled
