"""Gambit .efg trees: reading (checked against pygambit), writing, TOML export, round trips, errors.

The corpus: the hand-written fixtures in tests/data/efg, the .efg files shipped in
pygambit's catalogue, and, when the environment variable GAMBIT_GAMES names a folder
(for example a Gambit checkout's contrib/games and tests/test_games copied together),
every .efg file under it.
"""

from __future__ import annotations

import os
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wedge_cli.errors import GameTooLargeError, LoadError, WedgeError
from wedge_cli.formats import efg_read
from wedge_cli.formats.efg_read import is_efg_text, normalize_labels, read_efg
from wedge_cli.formats.efg_write import gambit_problems, write_efg
from wedge_cli.formats.toml_read import load, load_text, loads
from wedge_cli.formats.tree_write import write_tree_toml
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Outcome, Skeleton, TreeSpec, recall_problem

gbt = pytest.importorskip("pygambit")

DATA = Path(__file__).parent / "data" / "efg"
F = Fraction


def _corpus() -> list[Path]:
    files = sorted(DATA.glob("*.efg"))
    files += sorted((Path(gbt.__file__).parent / "catalog_data").rglob("*.efg"))
    extra = os.environ.get("GAMBIT_GAMES")
    if extra:
        files += sorted(Path(extra).rglob("*.efg"))
    return files


CORPUS = _corpus()
REFUSED_BECAUSE = ("wedge accepts 0 and numbers of size", "wedge handles at most")  # features wedge lacks


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def read(path: Path) -> TreeSpec:
    return read_efg(path.read_text(encoding="utf-8"), str(path))


# ---------------------------------------------------------------- views to compare


def wedge_view(spec: TreeSpec) -> dict:
    """The tree as plain data: preorder nodes, infoset partition, probabilities, terminal payoffs."""
    tree = spec.tree()
    skeleton = spec.skeleton
    infosets = skeleton.infosets
    nodes = []
    for node in skeleton.nodes:
        info = infosets[node.infoset] if node.infoset is not None else None
        player = None if info is None or info.player is None else skeleton.players[info.player]
        probs = tuple(tree.exact_probabilities[node.infoset]) if node.kind == CHANCE else None
        nodes.append((node.kind, player, tuple(node.actions), probs, len(node.children)))
    partition = sorted(tuple(info.nodes) for info in infosets if info.player is not None)
    _, payoffs = tree.terminal_payoffs()
    return {"players": tuple(skeleton.players), "nodes": nodes, "partition": partition,
            "payoffs": [tuple(row) for row in payoffs.tolist()]}


def gambit_view(game) -> dict:
    players = list(game.players)
    nodes, partition, payoffs = [], {}, []
    stack = [(game.root, (F(0),) * len(players))]
    while stack:
        node, above = stack.pop()
        index = len(nodes)
        if node.outcome:  # pygambit's missing outcome is falsy (and == None), but not None
            above = tuple(a + F(str(node.outcome[p])) for a, p in zip(above, players))
        children = list(node.children)
        if node.is_terminal:
            nodes.append((TERMINAL, None, (), None, 0))
            payoffs.append(above)
        else:
            info = node.infoset
            actions = tuple(a.label for a in info.actions)
            if node.player.is_chance:
                probs = tuple(F(str(a.prob)) for a in info.actions)
                nodes.append((CHANCE, None, actions, probs, len(children)))
            else:
                nodes.append((DECISION, node.player.label, actions, None, len(children)))
                partition.setdefault((node.player.label, info.number), []).append(index)
        stack.extend((child, above) for child in reversed(children))
    return {"players": tuple(p.label for p in players), "nodes": nodes,
            "partition": sorted(tuple(v) for v in partition.values()), "payoffs": payoffs}


def exact_key(spec: TreeSpec) -> tuple:
    """Everything an .efg file says, for exact round-trip comparisons."""
    skeleton = spec.skeleton
    return (skeleton.players, spec.title, spec.description,
            [(n.kind, n.parent, n.children, n.actions, n.infoset, n.outcome, n.name) for n in skeleton.nodes],
            [(i.player, i.actions, i.nodes, i.label, i.number) for i in skeleton.infosets],
            [(o.name, o.payoffs) for o in spec.outcomes], spec.probabilities)


def toml_key(spec: TreeSpec) -> tuple:
    """What survives a trip through a TOML tree (chance infosets and outcome placement do not)."""
    view = wedge_view(spec)
    return view["players"], view["nodes"], view["partition"], view["payoffs"], spec.title


def assert_labels_kept(before: TreeSpec, after: TreeSpec) -> None:
    """Information-set labels unique across players survive (TOML makes the others unique)."""
    decision = [i for i in before.skeleton.infosets if i.player is not None]
    unique = {i.label for i in decision if i.label and sum(j.label == i.label for j in decision) == 1}
    kept = {i.nodes: i.label for i in after.skeleton.infosets if i.player is not None}
    for info in decision:
        if info.label in unique:
            assert kept[info.nodes] == info.label


# ---------------------------------------------------------------- the fixtures


def test_signal_fixture_reads_every_feature():
    spec = load(str(DATA / "signal.efg"))
    assert isinstance(spec, TreeSpec)
    skeleton = spec.skeleton
    assert skeleton.players == ("Sender", "Receiver")
    assert spec.title == "A signalling game, \"hand written\" for wedge's tests"
    assert spec.description.startswith("Chance picks") and "\n" in spec.description
    nodes = skeleton.nodes
    assert [n.kind for n in nodes[:4]] == [CHANCE, DECISION, DECISION, TERMINAL]
    assert nodes[0].name == "nature" and nodes[0].line == 5
    assert spec.probabilities[0] == (F(3, 4), F(1, 4))  # the decimal 0.75 is exact
    # the root carries outcome 5, the entry fee, which every terminal pays on top
    assert nodes[0].outcome is not None and spec.outcomes[nodes[0].outcome].name == "entry fee"
    # "saw beer" is one information set of the receiver with a node after each type
    saw_beer = [info for info in skeleton.infosets if info.label == "saw beer"]
    assert len(saw_beer) == 1 and len(saw_beer[0].nodes) == 2 and saw_beer[0].number == 1
    assert skeleton.infoset_key(skeleton.infosets.index(saw_beer[0])) == "saw beer"
    # outcome 1 described once, used twice; a terminal with outcome 0 pays only the fee
    fought = [n for n in nodes if n.outcome is not None and spec.outcomes[n.outcome].name == "fought"]
    assert len(fought) == 2
    _, payoffs = spec.tree().terminal_payoffs()
    assert payoffs.tolist()[0] == [F(-5, 4), F(1, 4)]  # -1 - 1/4, 1/2 - 1/4
    assert payoffs.tolist()[3] == [F(-1, 4), F(-1, 4)]  # the null outcome
    assert nodes[-1].name == "last" and nodes[-1].line == 19


def test_legacy_d_file_with_decimals_and_repeated_descriptions():
    spec = read(DATA / "legacy.efg")
    assert spec.probabilities[0] == (F(1, 2), F(1, 2))
    assert spec.tree().is_exact
    _, payoffs = spec.tree().terminal_payoffs()
    assert payoffs.tolist()[6] == [F(15), F(-1, 4)]  # 1.5e1 and -2.5E-1
    # outcome 2 was described twice, identically: one outcome
    assert [o.name for o in spec.outcomes].count("Outcome 2") == 1


def test_absent_minded_driver_loads_and_lacks_perfect_recall():
    spec = read(DATA / "driver.efg")
    assert len(spec.skeleton.infosets) == 1 and spec.skeleton.infosets[0].nodes == (0, 2)
    assert recall_problem(spec.skeleton) is not None


def test_outcomes_on_inner_nodes_add_up():
    spec = read(DATA / "stages.efg")
    _, payoffs = spec.tree().terminal_payoffs()
    assert payoffs.tolist()[0] == [F(4, 3), F(7, 3), F(7, 3)]  # (1,2,3) + (0,0,-1) + (1/3,1/3,1/3)
    assert payoffs.tolist()[1] == [1, 2, 2]
    assert spec.skeleton.nodes[5].name == "end"


def test_label_normalisation_is_gambits():
    assert normalize_labels(["a", "b"]) == ["a", "b"]
    assert normalize_labels(["", "x", "x"]) == ["_1", "x_1", "x_2"]
    assert normalize_labels(["x", "x", "x_1"]) == ["x_2", "x_3", "x_1"]
    spec = read_efg('EFG 2 R "" { "" " A " }\np "" 2 1 "" { "" "go" " go" } 0\nt "" 0\nt "" 0\nt "" 0\n')
    assert spec.players == ("_1", "A")
    assert spec.skeleton.nodes[0].actions == ("_1", "go_1", "go_2")


# ---------------------------------------------------------------- the corpus, against pygambit


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_corpus_file_reads_as_pygambit_reads_it(path):
    try:
        spec = read(path)
    except WedgeError as exc:
        assert any(reason in exc.message for reason in REFUSED_BECAUSE), str(exc)
        assert exc.line is not None
        return
    try:
        game = gbt.read_efg(str(path))
    except (ValueError, RuntimeError, OSError):
        # Gambit 16.7 refuses repeated node labels and repeated infoset labels of a player;
        # wedge reads them, and says so before writing them back.
        assert gambit_problems(spec)
        return
    assert not gambit_problems(spec)
    assert wedge_view(spec) == gambit_view(game)
    assert spec.title == game.title
    # and what Gambit writes, wedge reads the same
    assert wedge_view(read_efg(game.to_efg(), "by-gambit.efg")) == wedge_view(spec)


@pytest.mark.parametrize("path", CORPUS, ids=_id)
def test_corpus_round_trips_exactly(path):
    try:
        spec = read(path)
    except WedgeError:
        return
    text = write_efg(spec)
    again = read_efg(text, "again.efg")
    assert exact_key(again) == exact_key(spec)
    assert write_efg(again) == text
    # .efg -> TOML -> .efg
    toml = loads(write_tree_toml(spec), "tree.toml")
    assert toml_key(toml) == toml_key(spec)
    assert_labels_kept(spec, toml)
    back = read_efg(write_efg(toml), "back.efg")
    assert toml_key(back) == toml_key(spec)
    assert_labels_kept(spec, back)
    # TOML -> .efg -> TOML keeps the TOML ids too
    twice = loads(write_tree_toml(back), "twice.toml")
    assert [n.name for n in twice.skeleton.nodes] == [n.name for n in toml.skeleton.nodes]
    assert [o.name for o in twice.outcomes] == [o.name for o in toml.outcomes]


def test_pygambit_reads_what_wedge_writes(tmp_path):
    checked = 0
    for path in CORPUS:
        try:
            spec = read(path)
        except WedgeError:
            continue
        if gambit_problems(spec):
            continue
        game = gbt.read_efg(_write(tmp_path, write_efg(spec)))
        assert gambit_view(game) == wedge_view(spec), path
        checked += 1
    assert checked >= len(list(DATA.glob("*.efg")))


def _write(folder: Path, text: str) -> str:
    path = folder / "game.efg"
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- TOML export


def test_toml_export_pushes_inner_outcomes_down_and_says_so():
    spec = read(DATA / "stages.efg")
    text = write_tree_toml(spec)
    assert text.startswith("# Outcomes on nodes that are not terminal")
    assert "The sum of the outcomes on the path: stage one, up + third pays + a." in text
    assert 'id = "no_outcome"' not in text or "every payoff is 0" in text
    back = loads(text, "stages.toml")
    assert all(back.skeleton.nodes[i].outcome is not None for i in back.skeleton.terminals)
    assert all(n.outcome is None for n in back.skeleton.nodes if n.kind != TERMINAL)
    assert toml_key(back) == toml_key(spec)


def test_toml_export_ids_and_notes():
    spec = read(DATA / "signal.efg")
    text = write_tree_toml(spec)
    back = loads(text, "signal.toml")
    names = [n.name for n in back.skeleton.nodes if n.kind != TERMINAL]
    assert names[0] == "nature"  # a valid id is kept
    assert "strong_sender" in names  # made into an id ...
    assert 'note = "Gambit node label: strong sender"' in text  # ... and the label kept in the note
    assert 'note = "Gambit chance information set: type"' in text
    outcome_ids = [o.name for o in back.outcomes]
    assert len(set(outcome_ids)) == len(outcome_ids)


TOML_TREE = """
title = "Ratification, in brief"
[parameters]
scope = { value = 0.6, min = 0, max = 1, description = "how far the deal goes" }
prior = 0.25
[[players]]
name = "Administration"
[[players]]
name = "Congress"
description = "votes last"
[[nodes]]
id = "nature"
probabilities = ["prior", "1 - prior"]
actions = { Hawkish = "sign_h", Dovish = "sign_d" }
note = "Congress's mood"
[[nodes]]
id = "sign_h"
player = "Administration"
actions = { Sign = "vote_h", Shelve = "status_quo" }
[[nodes]]
id = "sign_d"
player = "Administration"
actions = { Sign = "vote_d", Shelve = "status_quo" }
[[nodes]]
id = "vote_h"
player = "Congress"
infoset = "vote"
actions = { "Let it pass" = "deal", Block = "blocked" }
[[nodes]]
id = "vote_d"
player = "Congress"
infoset = "vote"
actions = { "Let it pass" = "deal", Block = "blocked" }
[[outcomes]]
id = "deal"
payoffs = ["10 * scope", "6 * scope - 3"]
note = "the deal holds"
[[outcomes]]
id = "blocked"
payoffs = [-1, "1/2"]
[[outcomes]]
id = "status_quo"
payoffs = [0, 0]
"""


def test_toml_tree_round_trips_through_efg():
    spec = loads(TOML_TREE, "ratify.toml")
    text = write_efg(spec)
    assert '"Let it pass"' in text and "1/4" in text and "3/4" in text and "6, 3/5" in text
    efg = read_efg(text, "ratify.efg")
    assert toml_key(efg) == toml_key(spec)
    again = loads(write_tree_toml(efg), "again.toml")
    assert toml_key(again) == toml_key(spec)
    assert [n.name for n in again.skeleton.nodes] == [n.name for n in spec.skeleton.nodes]
    assert [o.name for o in again.outcomes] == [o.name for o in spec.outcomes]
    # values: the .efg file holds numbers at the chosen parameter values
    low = read_efg(write_efg(spec, {"scope": "1/2", "prior": "1/3"}), "low.efg")
    assert low.probabilities[0] == (F(1, 3), F(2, 3))
    assert low.outcomes[0].payoffs == (F(5), F(0))


def test_toml_writer_keeps_parameters_and_expressions():
    spec = loads(TOML_TREE, "ratify.toml")
    text = write_tree_toml(spec, {"scope": 0.8})
    assert '"10 * scope"' in text and "value = 0.8" in text and 'description = "votes last"' in text
    back = loads(text, "ratify2.toml")
    assert set(back.parameters) == {"scope", "prior"}
    assert toml_key(back) != toml_key(spec)  # the default changed ...
    assert wedge_view(back) == wedge_view(loads(TOML_TREE.replace("value = 0.6", "value = 0.8"), "x.toml"))
    with pytest.raises(WedgeError, match="unknown parameter"):
        write_tree_toml(spec, {"scop": 1})


def test_float_probabilities_are_written_to_sum_to_one():
    text = TOML_TREE.replace("prior = 0.25", "prior = { value = 0.3 }").replace(
        '["prior", "1 - prior"]', '["prior ** 0.5", "1 - prior ** 0.5"]')
    spec = loads(text, "irrational.toml")
    assert spec.tree().exact_probabilities[0] is None
    back = read_efg(write_efg(spec), "x.efg")
    assert sum(back.probabilities[0]) == 1
    assert float(back.probabilities[0][0]) == pytest.approx(0.3 ** 0.5, abs=1e-15)
    assert loads(write_tree_toml(spec.tree()), "y.toml").tree().probabilities[0][0] == pytest.approx(0.3 ** 0.5)


def test_single_terminal_tree_is_refused_by_the_toml_writer():
    spec = read_efg('EFG 2 R "" { "A" }\nt "" 1 "all" { 3 }\n')
    assert len(spec.skeleton.nodes) == 1
    with pytest.raises(WedgeError, match="single terminal node"):
        write_tree_toml(spec)


def test_gambit_problems_match_pygambit(tmp_path):
    spec = read_efg('EFG 2 R "" { "A" "B" }\np "x" 1 1 "i" { "l" "r" } 0\np "x" 2 1 "" { "a" "b" } 0\n'
                    't "" 0\nt "" 0\nt "" 0\n')
    problems = gambit_problems(spec)
    assert problems == ["node label 'x' is used 2 times; Gambit wants node labels unique"]
    with pytest.raises(ValueError):
        gbt.read_efg(_write(tmp_path, write_efg(spec)))
    spaced = read_efg('EFG 2 R "" { "A" }\np "" 1 1 "two  spaces" { "é" } 0\nt "" 0\n')
    assert len(gambit_problems(spaced)) == 2
    with pytest.raises(ValueError):
        gbt.read_efg(_write(tmp_path, write_efg(spaced)))


# ---------------------------------------------------------------- random trees


LABEL = st.text(st.sampled_from('ab "\\é{},\n'), max_size=6)
NAME = st.text(st.sampled_from("abcxy_-é"), min_size=1, max_size=4)


@st.composite
def random_specs(draw) -> TreeSpec:
    n_players = draw(st.integers(1, 3))
    players = [f"P{p + 1}{draw(NAME)}" for p in range(n_players)]
    kinds, parents, actions, owner = [], [], [], []
    budget = draw(st.integers(1, 25))
    order: list[int] = []

    def grow(parent, depth):
        index = len(kinds)
        parents.append(parent)
        order.append(index)
        leaf = depth >= 4 or len(kinds) >= budget or draw(st.booleans())
        if leaf and parent is not None:
            kinds.append(TERMINAL)
            actions.append(())
            owner.append(None)
            return
        kind = draw(st.sampled_from([DECISION, DECISION, CHANCE]))
        k = draw(st.integers(1, 3))
        kinds.append(kind)
        actions.append(tuple(f"{draw(NAME)}{a}" for a in range(k)))
        owner.append(draw(st.integers(0, n_players - 1)) if kind == DECISION else None)
        for _ in range(k):
            grow(index, depth + 1)

    grow(None, 0)
    children = [[] for _ in kinds]
    for i, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(i)
    # information sets: decision nodes of one player with the same actions may share one
    infosets: list[dict] = []
    node_infoset = [None] * len(kinds)
    for i, kind in enumerate(kinds):
        if kind == TERMINAL:
            continue
        same = [k for k, info in enumerate(infosets) if kind == DECISION and info["player"] == owner[i]
                and info["actions"] == actions[i]]
        if same and draw(st.booleans()):
            k = same[0]
        else:
            k = len(infosets)
            infosets.append({"player": owner[i], "actions": actions[i], "nodes": [], "label": draw(LABEL)})
        infosets[k]["nodes"].append(i)
        node_infoset[i] = k
    counts: dict = {}
    numbered = []
    for info in infosets:
        counts[info["player"]] = counts.get(info["player"], 0) + draw(st.integers(1, 3))  # numbers may skip
        numbered.append(InfoSet(info["player"], info["actions"], tuple(info["nodes"]), info["label"],
                                counts[info["player"]]))
    payoff = st.fractions(min_value=-50, max_value=50, max_denominator=12)
    outcomes, node_outcome = [], []
    for i, kind in enumerate(kinds):
        if draw(st.integers(0, 3)) == 0 or (kind != TERMINAL and draw(st.integers(0, 3)) > 0):
            node_outcome.append(None)
        elif outcomes and draw(st.booleans()):
            node_outcome.append(draw(st.integers(0, len(outcomes) - 1)))
        else:
            node_outcome.append(len(outcomes))
            outcomes.append(Outcome(tuple(draw(payoff) for _ in players), "o" + draw(LABEL)))
    probabilities = []
    for info in numbered:
        if info.player is not None:
            probabilities.append(())
            continue
        weights = [draw(st.integers(0, 5)) for _ in info.actions]
        weights[-1] += 1 if sum(weights) == 0 else 0
        probabilities.append(tuple(F(w, sum(weights)) for w in weights))
    nodes = tuple(Node(kinds[i], parents[i], tuple(children[i]), actions[i], node_infoset[i], node_outcome[i],
                       ("t" if kinds[i] == TERMINAL else "n") + draw(LABEL)) for i in range(len(kinds)))
    skeleton = Skeleton(tuple(players), nodes, tuple(numbered), len(outcomes))
    return TreeSpec(skeleton, tuple(outcomes), tuple(probabilities), title=draw(LABEL), description=draw(LABEL))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_specs())
def test_random_trees_round_trip(spec):
    text = write_efg(spec)
    again = read_efg(text, "random.efg")
    assert exact_key(again) == exact_key(spec)
    toml = loads(write_tree_toml(spec), "random.toml")
    assert toml_key(toml) == toml_key(spec)
    assert toml_key(read_efg(write_efg(toml), "back.efg")) == toml_key(spec)


# ---------------------------------------------------------------- malformed input


HEAD = 'EFG 2 R "t" { "A" "B" }\n""\n'


def _error(text: str, cls=LoadError) -> WedgeError:
    with pytest.raises(cls) as info:
        read_efg(text, "bad.efg")
    error = info.value
    assert error.path == "bad.efg" and error.hint
    return error


@pytest.mark.parametrize("text, where, message", [
    ("", (1, 1), "empty file"),
    ('NFG 1 R "" { "A" "B" } { 1 1 }\n', (1, 1), "strategic-form .nfg"),
    ('EFG 1 R "" { "A" }\n', (1, 5), "only version 2"),
    ('EFG 2 X "" { "A" }\n', (1, 7), "data type R or D"),
    ('EFG 2 R title { "A" }\n', (1, 9), "the game's title"),
    ('EFG 2 R "" { "A" 3 }\n', (1, 18), "player name"),
    ('EFG 2 R "" { }\np "" 1 1 "" { "a" } 0\nt "" 0\n', (1, 14), "no players"),
    (HEAD, (2, 3), "the root node"),
    (HEAD + 'x "" 0\n', (3, 1), "a node: 'p'"),
    (HEAD + 'p "" 3 1 "" { "a" } 0\nt "" 0\n', (3, 6), "player 3 does not exist"),
    (HEAD + 'p "" 1 0 "" { "a" } 0\nt "" 0\n', (3, 8), "at least 1"),
    (HEAD + 'p "" 1 1 0\nt "" 0\n', (3, 10), "used before it is described"),
    (HEAD + 'p "" 1 1 "" { } 0\n', (3, 15), "has no actions"),
    (HEAD + 'p "" 1 1 "" { a } 0\n', (3, 15), "an action label"),
    (HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n', (4, 7), "the file ends inside the tree"),
    (HEAD + 't "" 0\nt "" 0\n', (4, 1), "text after the end of the tree"),
    (HEAD + 't "" 2\n', (3, 6), "outcome 2 is used before it is described"),
    (HEAD + 't "" 0 "x" { 1 2 }\n', (3, 6), "null outcome"),
    (HEAD + 't "" 1 "x" { 1 }\n', (3, 16), "has 1 payoff; expected 2"),
    (HEAD + 't "" 1 "x" { 1 2 3 }\n', (3, 18), "more than 2 payoffs"),
    (HEAD + 't "" 1 "x" { 1 two }\n', (3, 16), "not a number"),
    (HEAD + 't "" 1 "x" { 1 1/0 }\n', (3, 16), "divides by zero"),
    (HEAD + 't "" 1 "x" { 1 2 \n', (3, 17), "'}' after the payoffs"),
    (HEAD + 't "" 1 "x { 1 2 }\n', (3, 8), "unterminated string"),
    (HEAD + 't "unclosed 1 "x" { 1 2 }\n', (3, 16), "expected the outcome's number (0 for none), found 'x'"),
    (HEAD + 'c "" 1 "" { "a" 1/2 "b" } 0\n', (3, 25), "the probability of action 'b'"),
    (HEAD + 'p "" 1 1 "" { "a" "b" } 0\np "" 2 1 "" { "x" } 0\nt "" 0\np "" 2 1 "" { "y" } 0\nt "" 0\n',
     (6, 10), "has actions ['y'] here but ['x'] on line 4"),
    (HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "w" { 1 2 }\nt "" 1 "w" { 1 3 }\n', (5, 8),
     "has payoffs 1, 3 here but 1, 2 on line 4"),
    (HEAD + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "w" { 1 2 }\nt "" 1 "v" { 1 2 }\n', (5, 8),
     "labelled 'v' here but 'w'"),
    (HEAD + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\nc "" 1 "" { "a" 1/3 "b" 2/3 } 0\nt "" 0\nt "" 0\nt "" 0\n',
     (4, 8), "probabilities 1/3, 2/3 here but 1/2, 1/2 on line 3"),
    (HEAD + 't "" 1 "x" { 1 1e16 }\n', (3, 16), "wedge accepts 0 and numbers of size 1e-15 to 1e15"),
])
def test_malformed_files_name_line_and_column(text, where, message):
    error = _error(text)
    assert message in error.message, error.message
    assert (error.line, error.col) == where, str(error)


@pytest.mark.parametrize("probabilities, message", [
    ('"a" 0.333333 "b" 0.666666', "sum to 999999/1000000"),
    ('"a" -1/2 "b" 3/2', "probability of 'a' at chance information set 1 ('coin') is -1/2"),
])
def test_bad_chance_probabilities(probabilities, message):
    error = _error(HEAD + f'c "" 1 "coin" {{ {probabilities} }} 0\nt "" 0\nt "" 0\n')
    assert message in error.message and (error.line, error.col) == (3, 8)


def test_too_many_players_and_too_many_nodes(monkeypatch):
    players = " ".join(f'"P{k}"' for k in range(7))
    error = _error(f'EFG 2 R "" {{ {players} }}\nt "" 0\n', GameTooLargeError)
    assert "7 players" in error.message and "at most 6" in error.message
    monkeypatch.setattr(efg_read, "MAX_NODES", 4)
    error = _error(HEAD + 'p "" 1 1 "" { "a" "b" } 0\np "" 2 1 "" { "x" "y" } 0\nt "" 0\nt "" 0\nt "" 0\n',
                   GameTooLargeError)
    assert "5 nodes" in error.message and "limit of 4" in error.message and error.line == 3


def test_routing_efg_files_and_text(tmp_path):
    assert is_efg_text("\n EFG 2 R") and is_efg_text("EFG 1 R") and not is_efg_text("EFG = 1")
    path = tmp_path / "game.efg"
    path.write_text("\ufeff  " + (DATA / "driver.efg").read_text(encoding="utf-8"), encoding="utf-8")
    assert isinstance(load(str(path)), TreeSpec)
    other = tmp_path / "game.txt"
    other.write_text((DATA / "driver.efg").read_text(encoding="utf-8"), encoding="utf-8")
    assert load(str(other)).players == ("Driver",)
    assert load_text((DATA / "legacy.efg").read_text(encoding="utf-8")).players == ("Player 1", "Player 2")
    assert load("-", stdin_text=(DATA / "driver.efg").read_text(encoding="utf-8")).path == "<stdin>"
    with pytest.raises(LoadError) as info:
        load(str(tmp_path / "game.efg").replace("game", "missing"))
    assert "no such file" in info.value.message


def test_a_deep_chain_does_not_overflow_the_stack():
    depth = 5000  # far deeper than Python's recursion limit
    text = ('EFG 2 R "" { "A" }\n' + 'p "" 1 1 "" { "on" "off" } 0\n' + 'p "" 1 1 0\nt "" 0\n' * (depth - 1)
            + 't "" 0\nt "" 0\n')
    spec = read_efg(text, "deep.efg")
    assert len(spec.skeleton.nodes) == 2 * depth + 1
    assert len(spec.skeleton.infosets) == 1


# ---------------------------------------------------------------- tree_read fixes


def test_tree_read_strips_player_references_and_refuses_actions_equal_after_stripping():
    text = textwrap.dedent("""
        [[players]]
        name = "Russia"
        [[nodes]]
        id = "a"
        player = " Russia "
        actions = { Go = "x", Stop = "y" }
        [[outcomes]]
        id = "x"
        payoffs = [1]
        [[outcomes]]
        id = "y"
        payoffs = [2]
        """)
    assert loads(text, "g.toml").skeleton.infosets[0].player == 0
    with pytest.raises(LoadError) as info:
        loads(text.replace("Stop", '" Go"'), "g.toml")
    assert "two actions named 'Go'" in info.value.message and info.value.line == 7
