"""Gambit .nfg reading and writing: fixtures, round trips, pygambit interop, errors, hostile input."""

from __future__ import annotations

import itertools
import random
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wedge_cli.model import (
    MAX_PLAYERS,
    MAX_STRATEGIES,
    Game,
    GameTooLargeError,
    LoadError,
    Player,
    WedgeError,
)
from wedge_cli.formats.nfg_read import read_nfg
from wedge_cli.formats.nfg_write import gambit_problems, outcome_label, write_nfg

DATA = Path(__file__).parent / "data" / "nfg"
F = Fraction


def read_fixture(name: str):
    path = DATA / name
    return read_nfg(path.read_text(encoding="utf-8"), str(path))


def as_lists(spec) -> list:
    return [spec.cells[p].tolist() for p in range(spec.n_players)]


def gambit_payoffs(game) -> np.ndarray:
    """pygambit payoffs as an exact (n_players, *shape) array (null outcomes are 0)."""
    players = list(game.players)
    shape = tuple(len(p.strategies) for p in players)
    out = np.empty((len(players), *shape), dtype=object)
    for profile in itertools.product(*(range(k) for k in shape)):
        outcome = game[profile]
        for p, player in enumerate(players):
            out[(p, *profile)] = F(0) if outcome is None else F(str(outcome[player]))
    return out


def exact_game(players, cells, title="") -> Game:
    exact = np.vectorize(Fraction, otypes=[object])(np.asarray(cells, dtype=object))
    floats = np.array([float(v) for v in exact.ravel()], dtype=float).reshape(exact.shape)
    return Game(tuple(players), floats, exact, title)


# ---------------------------------------------------------------- fixtures


def test_e02_payoff_version_with_counts():
    spec = read_fixture("e02.nfg")
    assert spec.title == "Selten (IJGT, 75), Figure 2, normal form"
    assert [p.name for p in spec.players] == ["Player 1", "Player 2"]
    # Gambit names counted strategies "1", "2", ...
    assert [p.strategies for p in spec.players] == [("1", "2", "3"), ("1", "2")]
    # 1 1 | 0 2 | 0 2 | 1 1 | 0 3 | 2 0 with the first player's strategy varying fastest
    assert as_lists(spec) == [[[1, 1], [0, 0], [0, 2]], [[1, 1], [2, 3], [2, 0]]]
    assert all(isinstance(v, Fraction) for v in spec.cells.ravel())
    assert spec.description == "" and spec.notes == {} and dict(spec.parameters) == {}
    assert spec.path.endswith("e02.nfg")
    assert spec.where[(1, 2, 1)] == 3


def test_outcome_version_with_null_outcomes_and_notes():
    spec = read_fixture("null_outcomes.nfg")
    assert spec.title == 'Meeting place, with "null" outcomes'
    assert spec.description.startswith("Outcome index 0 is Gambit's null outcome")
    assert "\nProfiles list" in spec.description
    assert [p.strategies for p in spec.players] == [("Paris", "London", "Rome"), ("Paris", "London")]
    assert as_lists(spec) == [[[3, 0], [0, 2], [0, 0]], [[2, 0], [0, 3], [0, 0]]]
    assert spec.notes == {(0, 0): "Meet in Paris", (1, 1): "Meet in London"}
    assert spec.where[(0, 0, 0)] == 10  # payoff defined in outcome 1
    assert spec.where[(1, 1, 1)] == 11  # outcome 2
    assert spec.where[(0, 2, 1)] == 14  # null outcome: the line of its index
    assert len(spec.where) == 12 and (1, 2, 1) in spec.where and (2, 0, 0) not in spec.where


def test_payoff_version_with_names_decimals_and_rationals():
    spec = read_fixture("payoff_decimals.nfg")
    assert spec.title == "Decimal and rational payoffs, payoff version"
    assert spec.description == ""
    assert as_lists(spec) == [
        [[F(1, 10), 4], [F(-1, 2), 150], [F(1, 1000), -2]],
        [[F(1, 3), F(1, 4)], [2, F(3, 4)], [F(-3, 2), 10]],
    ]
    assert spec.where[(0, 0, 0)] == 5 and spec.where[(1, 2, 0)] == 7 and spec.where[(1, 2, 1)] == 10
    game = spec.game()
    assert game.exact[1, 0, 0] == F(1, 3) and game.payoffs[0, 0, 0] == 0.1


def test_three_player_fixture_written_by_pygambit():
    spec = read_fixture("mckelvey_mclennan_2x2x2.nfg")
    assert spec.shape == (2, 2, 2)
    assert [p.name for p in spec.players] == ["Player 1", "Player 2", "Player 3"]
    assert spec.cells[2, 1, 1, 0] == 2  # fourth profile: outcome (9, 8, 2)
    assert spec.cells[0, 0, 0, 0] == 9 and spec.cells[1, 1, 0, 1] == 4


def test_outcome_version_without_comment_or_commas():
    spec = read_fixture("centipede_no_comment.nfg")
    assert spec.description == ""
    assert spec.players[0].strategies == ("1*11", "2111", "2211")
    assert spec.cells[0, 1, 0] == F(141, 250)  # second profile -> outcome 4: 0.564
    assert spec.cells[1, 0, 1] == F(251, 500)  # fourth profile -> outcome 2: 0.502


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.nfg")))
def test_fixtures_agree_with_pygambit(name):
    pygambit = pytest.importorskip("pygambit")
    spec = read_fixture(name)
    game = pygambit.read_nfg(str(DATA / name))
    assert [p.label for p in game.players] == [p.name for p in spec.players]
    assert [tuple(s.label for s in p.strategies) for p in game.players] == [p.strategies for p in spec.players]
    assert game.title == spec.title
    assert (gambit_payoffs(game) == spec.cells).all()


def test_pygambit_catalog_games_read_identically():
    pygambit = pytest.importorskip("pygambit")
    files = sorted((Path(pygambit.__file__).parent / "catalog_data").rglob("*.nfg"))
    if not files:
        pytest.skip("this pygambit ships no .nfg catalog files")
    for path in files:
        spec = read_nfg(path.read_text(encoding="utf-8"), str(path))
        game = pygambit.read_nfg(str(path))
        assert (gambit_payoffs(game) == spec.cells).all(), path
        assert spec.description == game.description and spec.title == game.title


# ---------------------------------------------------------------- syntax details


def test_profile_order_first_player_fastest_three_players():
    text = 'NFG 1 R "" { "A" "B" "C" } { 2 3 2 }\n' + " ".join(f"{k} {-k} {k * 100}" for k in range(12))
    spec = read_nfg(text)
    k = 0
    for c in range(2):
        for b in range(3):
            for a in range(2):
                assert spec.cells[0, a, b, c] == k
                assert spec.cells[1, a, b, c] == -k
                assert spec.cells[2, a, b, c] == 100 * k
                k += 1


@pytest.mark.parametrize(
    "token, value",
    [
        ("3", F(3)),
        ("-7", F(-7)),
        ("+4", F(4)),
        ("0.1", F(1, 10)),
        ("-.5", F(-1, 2)),
        (".75", F(3, 4)),
        ("2.", F(2)),
        ("1e-3", F(1, 1000)),
        ("1.5E2", F(150)),
        ("1e+2", F(100)),
        ("3/2", F(3, 2)),
        ("-6/4", F(-3, 2)),
        ("0.000000", F(0)),
        ("123456789012345.678901234567890", F(123456789012345678901234567890, 10**15)),
        ("1e-15", F(1, 10**15)),
        ("-1e15", F(-(10**15))),
        ("-12345.678e-19", F(-12345678, 10**22)),
    ],
)
def test_numbers_are_exact(token, value):
    spec = read_nfg(f'NFG 1 R "t" {{ "A" "B" }} {{ 1 1 }}\n{token} 0\n')
    assert spec.cells[0, 0, 0] == value and isinstance(spec.cells[0, 0, 0], Fraction)


def test_commas_are_optional_everywhere():
    with_commas = read_nfg('NFG 1 R "t" { "A" "B" } { 2 1 }\n1, 2, 3, 4\n')
    without = read_nfg('NFG 1 R "t" { "A" "B" } { 2 1 }\n1 2 3 4\n')
    assert as_lists(with_commas) == as_lists(without) == [[[1], [3]], [[2], [4]]]
    outcomes = read_nfg('NFG 1 R "t" { "A" "B" } { 2 1 }\n{ { "" 1 2 } { "x" 3, 4 } { 5 6 } }\n1, 3\n')
    assert as_lists(outcomes) == [[[1], [5]], [[2], [6]]]


def test_strings_escapes_and_layout():
    text = (
        '\ufeffNFG 1 D "say \\"hi\\" \\\\ C:\\temp"\n{ "P \\"1\\"" "P\n2" }\n'
        '{ { "a" "b" }\n{ "x" } }\n"multi\nline comment"\n{ { "o\\"1" 1 2 } }\n1 1\n'
    )
    spec = read_nfg(text)
    assert spec.title == 'say "hi" \\ C:\\temp'
    assert [p.name for p in spec.players] == ['P "1"', "P\n2"]
    assert spec.description == "multi\nline comment"
    assert spec.notes == {(0, 0): 'o"1', (1, 0): 'o"1'}
    assert spec.where[(0, 1, 0)] == 8 and spec.where[(1, 0, 0)] == 8  # newlines inside strings count


def test_empty_names_get_gambit_default_labels():
    # Gambit 16 normalises empty labels to _1, _2, ... skipping labels in use
    spec = read_nfg('NFG 1 R "" { "" "Bob" } { { "" "b" "" } { "_1" "" } }\n' + "0 " * 12)
    assert [p.name for p in spec.players] == ["_1", "Bob"]
    assert [p.strategies for p in spec.players] == [("_1", "b", "_2"), ("_1", "_2")]


def test_game_from_spec_is_exact():
    game = read_fixture("payoff_decimals.nfg").game()
    assert game.exact is not None
    assert game.exact[0, 2, 0] == F(1, 1000)
    assert game.payoffs.shape == (2, 3, 2)


# ---------------------------------------------------------------- errors

HEADER = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'
OUTCOMES = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n{ { "o1" 1, 2 }\n{ "o2" 3, 4 } }\n'


def error(text: str, cls=LoadError) -> WedgeError:
    with pytest.raises(WedgeError) as info:
        read_nfg(text, "game.nfg")
    exc = info.value
    assert type(exc) is cls, exc
    assert exc.path == "game.nfg"
    assert exc.hint, exc
    return exc


@pytest.mark.parametrize(
    "text, line, col, fragment",
    [
        ("", 1, 1, "empty file"),
        ("  \n\n \t", 3, 3, "empty file"),
        ('EFG 2 R "t" { "A" }', 1, 1, "expected 'NFG'"),
        ('NFG 2 R "t" { "A" "B" }', 1, 5, "version 1"),
        ('NFG 1 X "t" { "A" "B" }', 1, 7, "R or D"),
        ('NFG 1 R { "A" "B" }', 1, 9, "title"),
        ('NFG 1 R "t" "A" "B"', 1, 13, "'{' opening the list of player names"),
        ('NFG 1 R "t" { "A" 3 }', 1, 19, "player name"),
        ('NFG 1 R "t" { "A" } { 2 }', 1, 19, "at least 2 players"),
        ('NFG 1 R "t" { "A" "B" } { 2 x }', 1, 29, "number of strategies of player 'B'"),
        ('NFG 1 R "t" { "A" "B" } { 2 0 }\n', 1, 29, "has no strategies"),
        ('NFG 1 R "t" { "A" "B" } { 2 2 2 }', 1, 31, "'}' closing the strategies"),
        ('NFG 1 R "t" { "A" "B" } { { "a" } }', 1, 35, "strategy names of player 'B'"),
        ('NFG 1 R "t" { "A" "B" } { { "a" } { } }', 1, 37, "player 'B' has no strategies"),
        ('NFG 1 R "t" { "A" "B" } { { "a" } { 1 } }', 1, 37, "quoted strategy name"),
        (HEADER, 2, 1, "ends before the payoffs"),
        (HEADER + '"comment"\n"second comment"', 3, 1, "outcome list"),
        (HEADER + "1 2 3 4 5 6 7", 2, 14, "expected 8 payoffs (4 profiles x 2 players), got 7"),
        (HEADER + "1 2 3 4 5 6 7 8 9 10 11", 2, 17, "expected 8 payoffs (4 profiles x 2 players), got 11"),
        (HEADER + "1 2 3 4 5 6 7 8 }", 2, 17, "end of file after the last payoff"),
        (HEADER + "1 2 3\nabc 5 6 7 8", 3, 1, "'abc' which is not a number"),
        (HEADER + "1 2 3\n1..2 5 6 7 8", 3, 1, "not a number"),
        (HEADER + "1 2 3 4/0 5 6 7 8", 2, 7, "divides by zero"),
        (HEADER + "1 2 3 inf 5 6 7 8", 2, 7, "not a finite number"),
        (HEADER + "1 2 3 NaN 5 6 7 8", 2, 7, "not a finite number"),
        (HEADER + "1 2 3 -Infinity 5 6 7 8", 2, 7, "not a finite number"),
        (HEADER + "1 2 3 1e400 5 6 7 8", 2, 7, "too large to be a finite number"),
        (HEADER + "1 2 3 1e99999999 5 6 7 8", 2, 7, "exponent outside"),
        (HEADER + '1 2 3 "4" 5 6 7 8', 2, 7, "expected a payoff, found string '4'"),
        (OUTCOMES + "1 2 1 3", 4, 7, "outcome index 3 out of range: the file defines 2 outcome(s)"),
        (OUTCOMES + "1 2 1 -1", 4, 7, "outcome index (a whole number)"),
        (OUTCOMES + "1 2 1 1.0", 4, 7, "outcome index (a whole number)"),
        (OUTCOMES + "1 2 1", 4, 6, "expected 4 outcome indices (one outcome index per profile), got 3"),
        (OUTCOMES + "1 2 1 2 1 1", 4, 9, "expected 4 outcome indices (one outcome index per profile), got 6"),
        (HEADER + '{ { "o1" 1 } }\n1 1 1 1', 2, 12, "outcome 1 has 1 payoffs, expected 2"),
        (HEADER + '{ { "o1" 1 2 3 } }\n1 1 1 1', 2, 14, "outcome 1 has more than 2 payoffs"),
        (HEADER + '{ { "o1" 1 x } }\n1 1 1 1', 2, 12, "not a number"),
        (HEADER + '{ { "o1" 1 2 }\n"o2" }\n1 1 1 1', 3, 1, "opening an outcome"),
        (HEADER + '{ { "o1" 1 2 } }\n1 1 1 1 }', 3, 9, "end of file after the last outcome index"),
        ('NFG 1 R "t" { "A" "A" } { 2 2 }\n1 2 3 4 5 6 7 8', 1, 19, "duplicate player name 'A' (players 1 and 2)"),
        ('NFG 1 R "t" { "A" "B" }\n{ { "x" "y" "x" } { "z" } }\n1 2 3 4 5 6', 2, 13, "duplicate strategy name 'x'"),
        ('NFG 1 R "t', 1, 9, "unterminated string"),
        ('NFG 1 R "t" { "A" "B" } { { "a" "b\\" } }\n{ 1 }', 1, 33, "unterminated string"),
        (HEADER + "1 2 3 4 5 6 7 " + "9" * 300, 2, 15, "longer than 200 characters"),
    ],
)
def test_errors_name_line_column_and_hint(text, line, col, fragment):
    exc = error(text)
    assert fragment in exc.message, exc.message
    assert (exc.line, exc.col) == (line, col), str(exc)
    assert str(exc).startswith(f"game.nfg:{line}:{col}: ")


def test_too_many_players_is_game_too_large():
    names = " ".join(f'"P{i}"' for i in range(MAX_PLAYERS + 1))
    exc = error(f'NFG 1 R "t" {{ {names} }} {{ 2 2 2 2 2 2 2 }}', GameTooLargeError)
    assert f"more than {MAX_PLAYERS} players" in exc.message
    assert exc.line == 1 and exc.col == 15 + 5 * MAX_PLAYERS  # the first name starts in column 15


def test_too_many_strategies_is_game_too_large():
    exc = error(f'NFG 1 R "t" {{ "A" "B" }} {{ 2 {MAX_STRATEGIES + 1} }}', GameTooLargeError)
    assert f"{MAX_STRATEGIES + 1} strategies (limit {MAX_STRATEGIES})" in exc.message
    assert (exc.line, exc.col) == (1, 29)
    names = " ".join(f'"s{j}"' for j in range(MAX_STRATEGIES + 1))
    exc = error(f'NFG 1 R "t" {{ "A" "B" }}\n{{ {{ "a" }} {{ {names} }} }}', GameTooLargeError)
    assert f"more than {MAX_STRATEGIES} strategies" in exc.message and exc.line == 2


def test_too_many_profiles_is_game_too_large():
    counts = " ".join(["20"] * MAX_PLAYERS)
    names = " ".join(f'"P{i}"' for i in range(MAX_PLAYERS))
    exc = error(f'NFG 1 R "t" {{ {names} }} {{ {counts} }}\n1 2 3', GameTooLargeError)
    assert "strategy profiles" in exc.message


# ---------------------------------------------------------------- hostile input

MB = 1_000_000


@pytest.mark.parametrize(
    "make",
    [
        lambda: "x" * (50 * MB),
        lambda: "{" * (50 * MB),
        lambda: '"' + "a" * (50 * MB),
        lambda: "\n" * (50 * MB) + "NFG 2",
        lambda: random.Random(1).randbytes(50 * MB).decode("latin-1"),
        lambda: HEADER + "1 " * (25 * MB),
        lambda: HEADER + '{ { "o" 1 2 } }\n' + "1 " * (25 * MB),
        lambda: 'NFG 1 R "t" { "A" "B" } { 99999999999999999999999999 2 }\n' + "0 " * MB,
        lambda: 'NFG 1 R "t" { "A" "B" } { { ' + '"s" ' * (10 * MB),
        lambda: 'NFG 1 R "t" { ' + '"P" ' * (10 * MB),
    ],
    ids=[
        "one-huge-token",
        "braces",
        "unterminated-string",
        "newlines",
        "random-bytes",
        "too-many-payoffs",
        "too-many-indices",
        "huge-strategy-count",
        "endless-strategy-names",
        "endless-player-names",
    ],
)
def test_hostile_input_fails_fast(make):
    text = make()
    start = time.perf_counter()
    with pytest.raises(WedgeError) as info:
        read_nfg(text, "evil.nfg")
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"took {elapsed:.1f} s"
    assert info.value.line is not None and info.value.hint


def test_newline_flood_reports_the_right_line():
    exc = error("\n" * 100_000 + "NFG 2 R")
    assert (exc.line, exc.col) == (100_001, 5)


def test_legal_but_maximal_game_is_checked_before_reading_payoffs():
    # 6 players x 10 strategies = 1,000,000 profiles: allowed, so the body is read,
    # and a bad first token fails at once.
    names = " ".join(f'"P{i}"' for i in range(6))
    start = time.perf_counter()
    exc = error(f'NFG 1 R "t" {{ {names} }} {{ 10 10 10 10 10 10 }}\nzzz')
    assert "not a number" in exc.message and time.perf_counter() - start < 1.0
    exc = error(f'NFG 1 R "t" {{ {names} }} {{ 10 10 10 10 10 10 }}\n1 2 3')
    assert "expected 6000000 payoffs" in exc.message and "got 3" in exc.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text_only_raises_wedge_errors(text):
    try:
        read_nfg(text)
    except WedgeError as exc:
        assert exc.line is not None and exc.col is not None
        assert exc.hint


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(p.name for p in DATA.glob("*.nfg"))),
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.sampled_from(["delete", "insert", "replace"]),
            st.sampled_from(list('{}",\\ \n0-./eaxR')),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_fixtures_load_or_fail_cleanly(name, edits):
    text = (DATA / name).read_text(encoding="utf-8")
    for position, action, char in edits:
        i = position % (len(text) + 1)
        if action == "delete":
            text = text[:i] + text[i + 1 :]
        elif action == "insert":
            text = text[:i] + char + text[i:]
        else:
            text = text[:i] + char + text[i + 1 :]
    try:
        spec = read_nfg(text)
    except WedgeError as exc:
        assert exc.line is not None and exc.hint
    else:
        assert spec.cells.shape == (spec.n_players, *spec.shape)
        assert all(isinstance(v, Fraction) for v in spec.cells.ravel())


# ---------------------------------------------------------------- writing and round trips

NAME_CHARS = st.characters(blacklist_categories=("Cs",))
EXACT = st.one_of(
    st.integers(-1000, 1000).map(Fraction),
    st.fractions(min_value=-50, max_value=50, max_denominator=24),
    st.decimals(min_value=-100, max_value=100, places=3, allow_nan=False, allow_infinity=False).map(Fraction),
)


@st.composite
def games(draw, names=None, max_players=3, values=EXACT, titles=None):
    names = st.text(NAME_CHARS, min_size=1, max_size=6) if names is None else names
    n = draw(st.integers(2, max_players))
    player_names = draw(st.lists(names, min_size=n, max_size=n, unique=True))
    players = []
    for name in player_names:
        k = draw(st.integers(1, 4 if n == 2 else 3))
        players.append(Player(name, tuple(draw(st.lists(names, min_size=k, max_size=k, unique=True)))))
    shape = (n, *(len(p.strategies) for p in players))
    cells = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        cells[index] = draw(values)
    return exact_game(players, cells, draw(st.text(NAME_CHARS, max_size=20) if titles is None else titles))


def assert_same_game(spec, game):
    assert spec.players == game.players
    assert spec.title == game.title
    assert spec.cells.shape == game.exact.shape
    assert (spec.cells == game.exact).all()


@settings(max_examples=100, deadline=None)
@given(games(), st.text(NAME_CHARS, max_size=30))
def test_write_then_read_reproduces_the_game(game, comment):
    text = write_nfg(game, comment)
    spec = read_nfg(text)
    assert_same_game(spec, game)
    assert spec.description == comment
    # nfg -> spec -> game -> nfg -> spec
    again = read_nfg(write_nfg(spec.game(), spec.description))
    assert again.players == spec.players and again.title == spec.title
    assert (again.cells == spec.cells).all() and again.description == spec.description
    assert write_nfg(spec.game(), comment) == text


@settings(max_examples=50, deadline=None)
@given(games(), st.sampled_from([",\n", " ,", "\t", " \r\n "]))
def test_layout_does_not_change_what_is_read(game, separator):
    """Line breaks inside outcomes, odd spacing and commas take the token-by-token path: same result."""
    text = write_nfg(game, notes={(0,) * game.n_players: 'why:"x"'})
    header, body = text.split("\n{\n", 1)
    relaid = header + "\n{\n" + body.replace(", ", separator).replace(" ", separator.replace(",", ""))
    plain, odd = read_nfg(text), read_nfg(relaid)
    assert odd.players == plain.players and odd.notes == plain.notes == {(0,) * game.n_players: 'why:"x"'}
    assert (odd.cells == plain.cells).all()


@settings(max_examples=100, deadline=None)
@given(
    games(
        values=st.floats(min_value=-1e15, max_value=1e15).filter(lambda x: x == 0 or abs(x) >= 1e-15),
        names=st.sampled_from(["a", "b", "c", "d"]),
    )
)
def test_float_games_round_trip_bit_for_bit(game):
    floats = Game(game.players, np.array(game.payoffs), None, game.title)
    spec = read_nfg(write_nfg(floats))
    back = spec.game()
    assert np.array_equal(back.payoffs, floats.payoffs)


def test_writer_layout_and_notes():
    game = exact_game(
        [Player("Row", ("Up", "Down")), Player("Col", ("L", "R"))],
        [[[F(3, 2), 0], [-1, 2]], [[1, F(-1, 3)], [0, 5]]],
        title="demo",
    )
    text = write_nfg(game, "about it", notes={(1, 0): "why 2 and 0"})
    assert text == (
        'NFG 1 R "demo" { "Row" "Col" }\n\n'
        '{ { "Up" "Down" }\n{ "L" "R" }\n}\n"about it"\n\n'
        '{\n{ "" 3/2, 1 }\n{ "why 2 and 0" -1, 0 }\n{ "" 0, -1/3 }\n{ "" 2, 5 }\n}\n'
        "1 2\n3 4\n"
    )
    assert read_nfg(text).notes == {(1, 0): "why 2 and 0"}


def test_writer_floats_have_no_plus_in_exponents_and_no_negative_zero():
    game = Game(
        (Player("A", ("a",)), Player("B", ("b", "c"))),
        np.array([[[1e20, -0.0]], [[2.5e-7, 0.1]]]),
        None,
        "",
    )
    text = write_nfg(game)
    assert "e+" not in text and "-0.0" not in text
    assert '{ "" 1e20, 2.5e-07 }' in text and '{ "" 0, 0.1 }' in text
    back = read_nfg(text.replace("1e20", "1e15")).game().payoffs  # 1e20 is beyond what wedge reads
    assert np.array_equal(back, np.where(game.payoffs == 1e20, 1e15, game.payoffs))


# ---------------------------------------------------------------- pygambit interop

# Labels Gambit 16 accepts: printable ASCII, no leading/trailing/double spaces
# (backslashes are replaced: Gambit's reader mangles some of them).
GAMBIT_LABELS = (
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=6)
    .map(lambda s: " ".join(s.replace("\\", "/").split()))
    .filter(bool)
)
ANY_NAMES = st.one_of(
    st.text(st.sampled_from(list('ab "\\\té–')), min_size=1, max_size=5), st.sampled_from(["1", "2", "3", "x"])
)


def read_with_pygambit(text: str):
    import io

    pygambit = pytest.importorskip("pygambit")
    return pygambit.read_nfg(io.StringIO(text))


def gambit_is_16_7() -> bool:
    """gambit_problems describes the quirks of pygambit 16.7 (the newest release as this is written)."""
    return pytest.importorskip("pygambit").__version__.startswith("16.7")


ASCII = st.text(st.characters(max_codepoint=0x7F, blacklist_characters="\\"), max_size=20)


@settings(max_examples=100, deadline=None)
@given(games(names=GAMBIT_LABELS, titles=ASCII), ASCII)
def test_pygambit_reads_what_wedge_writes(game, comment):
    assume(not gambit_problems(game, comment))  # e.g. player "2" before player "1" (see the oracle test)
    gg = read_with_pygambit(write_nfg(game, comment))
    assert [p.label for p in gg.players] == [p.name for p in game.players]
    assert [tuple(s.label for s in p.strategies) for p in gg.players] == [p.strategies for p in game.players]
    assert gg.title == game.title
    assert gg.description == comment
    assert (gambit_payoffs(gg) == game.exact).all()


@settings(max_examples=100, deadline=None)
@given(games(names=ANY_NAMES, max_players=2), st.dictionaries(st.just((0, 0)), st.text(max_size=12)))
def test_gambit_problems_predicts_what_pygambit_refuses(game, notes):
    """Oracle: pygambit itself. No problems listed -> Gambit reads the names unchanged."""
    text = write_nfg(game, notes=notes)
    problems = gambit_problems(game)
    try:
        gg = read_with_pygambit(text)
        same = (
            gg.title == game.title
            and [p.label for p in gg.players] == [p.name for p in game.players]
            and [tuple(s.label for s in p.strategies) for p in gg.players] == [p.strategies for p in game.players]
        )
    except (ValueError, UnicodeDecodeError):  # pygambit decodes the title lazily
        assert problems
        return
    if not problems:
        assert same
        assert (gambit_payoffs(gg) == game.exact).all()
    elif gambit_is_16_7():
        assert not same, problems
    # wedge reads its own output exactly either way
    assert read_nfg(text).players == game.players


def test_outcome_labels_from_notes_are_gambit_safe():
    assert outcome_label("Côte d'Ivoire\n  retreats\t(again) \\o/") == "Cote d'Ivoire retreats (again) /o/"
    game = exact_game([Player("A", ("a", "b")), Player("B", ("x",))], [[[1], [2]], [[3], [4]]], "t")
    text = write_nfg(game, notes={(1, 0): "US–EU\n“rift”"})
    assert read_nfg(text).notes == {(1, 0): 'US-EU "rift"'}
    gg = read_with_pygambit(text)
    assert [o.label for o in gg.outcomes][1] == 'US-EU "rift"'  # (16.7 labels the unnamed one "_1")


def test_pygambit_reads_lone_backslashes_and_quotes_as_written():
    game = exact_game(
        [Player('Row \\ "x"', ("C:\\temp", "b")), Player("Col", ("l",))], [[[1], [2]], [[3], [4]]], 'a\\b "q"'
    )
    assert gambit_problems(game) == []
    gg = read_with_pygambit(write_nfg(game))
    assert [p.label for p in gg.players] == ['Row \\ "x"', "Col"]
    assert [s.label for s in list(gg.players)[0].strategies] == ["C:\\temp", "b"]
    assert gg.title == 'a\\b "q"'


def test_gambit_problems_flags_numbers_of_later_players_and_strategies():
    game = exact_game(
        [Player("2", ("3", "x", "1")), Player("1", ("a",)), Player("z", ("2", "1"))],
        np.zeros((3, 3, 1, 2), dtype=int),
    )
    problems = gambit_problems(game)
    why = "which Gambit 16.7 refuses (it relabels them in order)"
    assert problems == [
        f"player name '2' is the number of a later player, {why}",
        f"strategy name '3' of '2' is the number of a later strategy, {why}",
        f"strategy name '2' of 'z' is the number of a later strategy, {why}",
    ]
    if gambit_is_16_7():
        with pytest.raises(ValueError):
            read_with_pygambit(write_nfg(game))
    assert read_nfg(write_nfg(game)).players == game.players


def test_gambit_problems_lists_each_problem():
    game = exact_game([Player("Côte", ("a  b", "c\\")), Player(" B", ("x",))], [[[1], [2]], [[3], [4]]], "US–Europe")
    problems = gambit_problems(game)
    assert len(problems) == 5
    assert "title" in problems[0] and "non-ASCII" in problems[0]
    assert any("'Côte'" in p for p in problems) and any("'a  b'" in p for p in problems)
    assert any("misreads" in p for p in problems) and any("' B'" in p for p in problems)


@settings(max_examples=100, deadline=None)
@given(games(names=GAMBIT_LABELS))
def test_wedge_reads_what_pygambit_writes(game):
    pygambit = pytest.importorskip("pygambit")
    arrays = [game.exact[p] for p in range(game.n_players)]
    title = "".join(c for c in game.title if 0x20 <= ord(c) < 0x7F) or "untitled"
    gg = pygambit.Game.from_arrays(*arrays, title=title)
    for final in (False, True):  # via temporary labels: pygambit insists on unique ones at every step
        for i, (player, mine) in enumerate(zip(gg.players, game.players)):
            player.label = mine.name if final else f"tmp{i}"
            for j, (strategy, name) in enumerate(zip(player.strategies, mine.strategies)):
                strategy.label = name if final else f"tmp{j}"
    spec = read_nfg(gg.to_nfg(), "pygambit.nfg")
    assert spec.players == game.players
    assert spec.title == title
    assert (spec.cells == game.exact).all()


@settings(max_examples=100, deadline=None)
@given(games(names=st.text("abcxyz", min_size=1, max_size=4)), st.booleans())
def test_payoff_version_reads_the_same_in_wedge_and_pygambit(game, with_names):
    """Hand-written payoff-version files (pygambit 16 writes only the outcome version)."""
    if with_names:
        strategies = (
            "{ " + " ".join("{ " + " ".join(f'"{s}"' for s in p.strategies) + " }" for p in game.players) + " }"
        )
    else:
        strategies = "{ " + " ".join(str(len(p.strategies)) for p in game.players) + " }"
    body = []
    for reverse in np.ndindex(*game.shape[::-1]):
        profile = reverse[::-1]
        body.append(" ".join(str(game.exact[(p, *profile)]) for p in range(game.n_players)))
    names = " ".join(f'"{p.name}"' for p in game.players)
    text = f'NFG 1 R "payoff version" {{ {names} }} {strategies}\n\n' + "\n".join(body) + "\n"
    spec = read_nfg(text)
    gg = read_with_pygambit(text)
    assert (spec.cells == game.exact).all()
    assert (gambit_payoffs(gg) == spec.cells).all()
    assert [tuple(s.label for s in p.strategies) for p in gg.players] == [p.strategies for p in spec.players]
    if not with_names:
        assert all(p.strategies == tuple(str(j + 1) for j in range(len(p.strategies))) for p in spec.players)
