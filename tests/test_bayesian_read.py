"""The Bayesian short form (formats/bayesian_read.py): the tree it expands to, its equilibria, its errors.

The equilibria are checked against an oracle that shares no code with the reader or the
solvers: it enumerates every type-contingent pure strategy profile of the game as written
below in Python (not read from the file) and keeps those where every type of every
player best-responds to the prior, in exact fractions. In a simultaneous Bayesian game
every information set is reached (the priors here are positive), so the perfect
Bayesian equilibria of the tree are exactly these Bayesian Nash equilibria.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.errors import ExpressionError, GameTooLargeError, LoadError, WedgeError
from wedge_cli.formats.schema import schema
from wedge_cli.formats.toml_read import from_dict, loads
from wedge_cli.formats.tree_write import write_tree_toml
from wedge_cli.solve.tree import default_concept, solve_tree
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, TreeSpec

F = Fraction
runner = CliRunner()

# ------------------------------------------------------------------ the games

#: Osborne (2004), An Introduction to Game Theory, section 9.2: player 1 does not know
#: whether player 2 wants to meet it (prior 1/2) or to avoid it. Its only pure Bayesian
#: Nash equilibrium at prior 1/2 is (B, (B if meet, S if avoid)).
BOS = """\
title = "Bayesian battle of the sexes"
source = "Osborne (2004), An Introduction to Game Theory, section 9.2"

[parameters.prior_meet]
value = 0.5
min = 0
max = 1
description = "probability that player 2 wants to meet player 1"

[[players]]
name = "P1"
strategies = ["B", "S"]

[[players]]
name = "P2"
strategies = ["B", "S"]
types = ["meet", "avoid"]
prior = ["prior_meet", "1 - prior_meet"]

[payoffs.meet]
P1 = [[2, 0], [0, 1]]
P2 = [[1, 0], [0, 2]]

[payoffs.avoid]
P1 = [[2, 0], [0, 1]]
P2 = [[0, 2], [1, 0]]

[[outcomes]]
types = ["meet"]
profile = ["B", "B"]
note = "both at the concert, and player 2 wanted to meet"
"""

#: The same game in Python, for the oracle: payoffs[type of P2][(s1, s2)] = (u1, u2).
BOS_PAYOFFS = {
    "meet": {("B", "B"): (2, 1), ("B", "S"): (0, 0), ("S", "B"): (0, 0), ("S", "S"): (1, 2)},
    "avoid": {("B", "B"): (2, 0), ("B", "S"): (0, 2), ("S", "B"): (0, 1), ("S", "S"): (1, 0)},
}

#: Two players with private types whose types are correlated (joint [prior], parameter rho),
#: payoffs partly as arrays and partly as outcomes; the numbers have no story, only ties and
#: several equilibria that change with rho.
CORRELATED = """\
title = "Two-sided private types"

[parameters]
rho = { value = 0.5, min = -1, max = 1, description = "correlation of the types" }
k = { value = 1, description = "a payoff scale" }

[[players]]
name = "A"
strategies = ["x", "y"]
types = ["high", "low"]

[[players]]
name = "B"
strategies = ["l", "m", "r"]
types = ["strong", "weak"]

[prior.high]
strong = "(1 + rho) / 4"
weak = "(1 - rho) / 4"

[prior.low]
strong = "(1 - rho) / 4"
weak = "(1 + rho) / 4"

[payoffs.high.strong]
A = [[1, 4, 2], [3, 0, 0]]
B = [["4 * k", 1, 4], [4, 4, 3]]

[payoffs.high.weak]
A = [[2, 1, 3], [4, 3, 1]]
B = [[4, 1, 4], [3, 1, 1]]

[payoffs.low.strong]
A = [[4, 0, 1], [0, 0, 3]]
B = [[3, 0, 4], [2, 2, 4]]

[[outcomes]]
types = ["low", "weak"]
profile = ["x", "l"]
payoffs = [3, 3]
note = "both sure of themselves"

[[outcomes]]
types = ["low", "weak"]
profile = ["x", "m"]
payoffs = [3, 4]

[[outcomes]]
types = ["low", "weak"]
profile = ["x", "r"]
payoffs = [3, 1]

[[outcomes]]
types = ["low", "weak"]
profile = ["y", "l"]
payoffs = [2, 0]

[[outcomes]]
types = ["low", "weak"]
profile = ["y", "m"]
payoffs = [0, 1]

[[outcomes]]
types = ["low", "weak"]
profile = ["y", "r"]
payoffs = [3, 1]
"""

CORRELATED_PAYOFFS = {
    ("high", "strong"): {("x", "l"): (1, 4), ("x", "m"): (4, 1), ("x", "r"): (2, 4),
                         ("y", "l"): (3, 4), ("y", "m"): (0, 4), ("y", "r"): (0, 3)},
    ("high", "weak"): {("x", "l"): (2, 4), ("x", "m"): (1, 1), ("x", "r"): (3, 4),
                       ("y", "l"): (4, 3), ("y", "m"): (3, 1), ("y", "r"): (1, 1)},
    ("low", "strong"): {("x", "l"): (4, 3), ("x", "m"): (0, 0), ("x", "r"): (1, 4),
                        ("y", "l"): (0, 2), ("y", "m"): (0, 2), ("y", "r"): (3, 4)},
    ("low", "weak"): {("x", "l"): (3, 3), ("x", "m"): (3, 4), ("x", "r"): (3, 1),
                      ("y", "l"): (2, 0), ("y", "m"): (0, 1), ("y", "r"): (3, 1)},
}

_JOINT = """[prior.high]
strong = "(1 + rho) / 4"
weak = "(1 - rho) / 4"

[prior.low]
strong = "(1 - rho) / 4"
weak = "(1 + rho) / 4"
"""

#: The same payoffs with independent types: a prior on each player instead of [prior].
INDEPENDENT = CORRELATED.replace(_JOINT, "").replace(
    'types = ["high", "low"]\n', 'types = ["high", "low"]\nprior = ["p_high", "1 - p_high"]\n').replace(
    'types = ["strong", "weak"]\n', 'types = ["strong", "weak"]\nprior = [0.25, 0.75]\n').replace(
    'k = { value = 1, description = "a payoff scale" }\n',
    'k = { value = 1, description = "a payoff scale" }\np_high = { value = 0.6, min = 0, max = 1 }\n')


def correlated_prior(rho: Fraction) -> dict[tuple[str, str], Fraction]:
    return {("high", "strong"): (1 + rho) / 4, ("high", "weak"): (1 - rho) / 4,
            ("low", "strong"): (1 - rho) / 4, ("low", "weak"): (1 + rho) / 4}


def independent_prior(p_high: Fraction) -> dict[tuple[str, str], Fraction]:
    pa = {"high": p_high, "low": 1 - p_high}
    pb = {"strong": F(1, 4), "weak": F(3, 4)}
    return {(a, b): pa[a] * pb[b] for a in pa for b in pb}


# ------------------------------------------------------------------ the oracle


def bayesian_nash(types: list[list], strategies: list[list[str]], prior: dict[tuple, Fraction],
                  payoff) -> set[tuple]:
    """Every pure Bayesian Nash equilibrium, as one ``{type: strategy}`` tuple of pairs per player.

    ``types[i]`` lists player i's types (``[None]`` for a player without types); ``prior``
    maps full type profiles to probabilities; ``payoff(types, strategies)`` is the payoff
    vector. Each type with positive probability must best-respond (ties allowed).
    """
    n = len(types)
    plans = [list(itertools.product(strategies[i], repeat=len(types[i]))) for i in range(n)]
    found = set()
    for profile in itertools.product(*plans):
        def value(i: int, own, choice: str) -> Fraction:
            total = F(0)
            for tau, probability in prior.items():
                if tau[i] != own:
                    continue
                chosen = [choice if j == i else profile[j][types[j].index(tau[j])] for j in range(n)]
                total += probability * F(payoff(tau, tuple(chosen))[i])
            return total

        if all(value(i, t, profile[i][k]) >= max(value(i, t, s) for s in strategies[i])
               for i in range(n) for k, t in enumerate(types[i])
               if sum(p for tau, p in prior.items() if tau[i] == t) > 0):
            found.add(tuple(tuple(zip(types[i], profile[i])) for i in range(n)))
    return found


def solved(tree) -> set[tuple]:
    """The pure perfect Bayesian equilibria of an expanded tree in the oracle's shape.

    An information set is matched to its type by its label, which the format documents: the
    type's name, or the player's name for a player without types.
    """
    solution = solve_tree(tree, concept="pbe")
    assert solution.complete
    found = set()
    for eq in solution.equilibria:
        per_player: list[list] = [[] for _ in tree.players]
        for k, info in enumerate(tree.infosets):
            if info.player is None:
                continue
            (chosen,) = [a for a, q in zip(info.actions, eq.exact[k]) if q == 1]
            own = None if info.label == tree.players[info.player] else info.label
            per_player[info.player].append((own, chosen))
        found.add(tuple(tuple(sorted(pairs, key=lambda pair: str(pair[0]))) for pairs in per_player))
    assert len(found) == len(solution.equilibria)
    return found


def _sorted(equilibria: set[tuple]) -> set[tuple]:
    return {tuple(tuple(sorted(pairs, key=lambda pair: str(pair[0]))) for pairs in eq) for eq in equilibria}


def bos_oracle(prior_meet: Fraction) -> set[tuple]:
    prior = {(None, "meet"): prior_meet, (None, "avoid"): 1 - prior_meet}
    return _sorted(bayesian_nash([[None], ["meet", "avoid"]], [["B", "S"], ["B", "S"]], prior,
                                 lambda tau, s: BOS_PAYOFFS[tau[1]][s]))


def correlated_oracle(prior: dict[tuple[str, str], Fraction]) -> set[tuple]:
    return _sorted(bayesian_nash([["high", "low"], ["strong", "weak"]], [["x", "y"], ["l", "m", "r"]], prior,
                                 lambda tau, s: CORRELATED_PAYOFFS[tau][s]))


# ------------------------------------------------------------------ structure


def _line_of(text: str, fragment: str, after: str = "") -> int:
    """The line of ``text`` holding ``fragment`` (the first one after the line holding ``after``)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines, start=1) if i > start and fragment in line)


def test_the_battle_of_the_sexes_expands_to_chance_then_the_players_in_order():
    spec = loads(BOS, "bos.toml")
    assert isinstance(spec, TreeSpec) and spec.players == ("P1", "P2")
    tree = spec.tree()
    nodes = tree.nodes
    root = nodes[0]
    assert root.kind == CHANCE and root.actions == ("meet", "avoid") and root.name == "type_of_P2"
    assert tree.exact_probabilities[root.infoset] == (F(1, 2), F(1, 2))
    assert [c.source for c in spec.probabilities[root.infoset]] == ["prior_meet", "1 - prior_meet"]
    assert spec.probability_lines[root.infoset] == _line_of(BOS, 'prior = ["prior_meet"')
    for child in root.children:
        assert nodes[child].kind == DECISION and tree.players[tree.infosets[nodes[child].infoset].player] == "P1"
    # P1 cannot tell P2's types apart; P2 knows its type but not P1's choice
    by_label = {(tree.players[info.player], info.label): info for info in tree.infosets if info.player is not None}
    assert set(by_label) == {("P1", "P1"), ("P2", "meet"), ("P2", "avoid")}
    assert [nodes[i].name for i in by_label["P1", "P1"].nodes] == ["P1_meet", "P1_avoid"]
    for label in ("meet", "avoid"):
        members = by_label["P2", label].nodes
        assert len(members) == 2
        for i in members:
            path = [nodes[p].actions[a] for p, a in tree.skeleton.path(i)]
            assert path[0] == label
        assert sorted(nodes[i].name for i in members) == [f"P2_{label}_B", f"P2_{label}_S"]
    assert len(nodes) == 1 + 2 + 4 + 8
    assert nodes[by_label["P1", "P1"].nodes[0]].line == _line_of(BOS, "[[players]]")
    assert nodes[by_label["P2", "meet"].nodes[0]].line == _line_of(BOS, "[[players]]", after='name = "P1"')
    # every terminal pays what the type profile and the strategies say
    payoffs, exact = tree.terminal_payoffs()
    for row, terminal in enumerate(tree.skeleton.terminals):
        kind, s1, s2 = [nodes[p].actions[a] for p, a in tree.skeleton.path(terminal)]
        assert tuple(exact[row]) == BOS_PAYOFFS[kind][(s1, s2)]
    assert tree.is_exact


def test_notes_and_lines_carry_over_to_the_outcomes():
    spec = loads(BOS, "bos.toml")
    outcomes = {o.name: o for o in spec.outcomes}
    assert sorted(outcomes) == sorted(f"{t}_{a}_{b}" for t in ("meet", "avoid") for a in "BS" for b in "BS")
    assert outcomes["meet_B_B"].note == "both at the concert, and player 2 wanted to meet"
    assert outcomes["meet_B_B"].line == _line_of(BOS, "[[outcomes]]")
    assert outcomes["meet_S_S"].note == ""
    assert outcomes["meet_S_S"].line == _line_of(BOS, "P1 = ", after="[payoffs.meet]")  # the first array
    assert outcomes["avoid_B_S"].line == _line_of(BOS, "P1 = ", after="[payoffs.avoid]")
    notes = {node.name: node.note for node in spec.skeleton.nodes if node.kind != TERMINAL}
    assert notes["type_of_P2"] == "Chance draws P2's type: meet, avoid."
    assert notes["P1_meet"] == "P1 chooses without knowing P2's type."
    assert notes["P2_avoid_S"] == "P2 chooses, knowing its type is avoid, without knowing what P1 chose."


def test_independent_types_draw_one_chance_node_per_typed_player_in_player_order():
    spec = loads(INDEPENDENT, "independent.toml")
    tree = spec.tree()
    nodes = tree.nodes
    root = nodes[0]
    assert root.name == "type_of_A" and root.actions == ("high", "low")
    assert tree.exact_probabilities[root.infoset] == (F(3, 5), F(2, 5))
    second = [nodes[c] for c in root.children]
    assert [n.name for n in second] == ["type_of_B_high", "type_of_B_low"]
    for node in second:
        assert node.kind == CHANCE and node.actions == ("strong", "weak")
        assert tree.exact_probabilities[node.infoset] == (F(1, 4), F(3, 4))
    decisions = {}
    for info in tree.infosets:
        if info.player is not None:
            decisions[tree.players[info.player], info.label] = len(info.nodes)
    # A sees its type (2 nodes each: B's two types); B sees its own (2 x 2 nodes: A's types and choices)
    assert decisions == {("A", "high"): 2, ("A", "low"): 2, ("B", "strong"): 4, ("B", "weak"): 4}
    assert len(nodes) == 1 + 2 + 4 + 8 + 24
    assert spec.tree({"k": 2}).terminal_payoffs()[1][0][1] == 8  # "4 * k" at high, strong, x, l


def test_a_joint_prior_is_one_chance_node_over_the_type_profiles():
    spec = loads(CORRELATED, "correlated.toml")
    tree = spec.tree()
    root = tree.nodes[0]
    assert root.kind == CHANCE and root.name == "types"
    assert root.actions == ("high/strong", "high/weak", "low/strong", "low/weak")
    assert tree.exact_probabilities[root.infoset] == (F(3, 8), F(1, 8), F(1, 8), F(3, 8))
    assert sum(1 for info in tree.infosets if info.player is None) == 1
    assert tree.nodes[0].note == "Chance draws the types of A and B together, with the [prior] table."
    payoffs, exact = tree.terminal_payoffs()
    for row, terminal in enumerate(tree.skeleton.terminals):
        profile, a, b = [tree.nodes[p].actions[i] for p, i in tree.skeleton.path(terminal)]
        assert tuple(exact[row]) == CORRELATED_PAYOFFS[tuple(profile.split("/"))][(a, b)]
    outcome = {o.name: o for o in spec.outcomes}["low_weak_x_l"]
    assert outcome.note == "both sure of themselves"


def test_labels_name_the_player_when_two_players_share_a_type_name():
    text = CORRELATED.replace('["strong", "weak"]', '["high", "weak"]').replace("strong", "high").replace(
        "[payoffs.low.high]", "[payoffs.low.high]")
    tree = loads(text, "same.toml").tree()
    labels = {(tree.players[i.player], i.label) for i in tree.infosets if i.player is not None}
    assert labels == {("A", "A high"), ("A", "low"), ("B", "B high"), ("B", "weak")}
    assert tree.nodes[0].actions == ("high/high", "high/weak", "low/high", "low/weak")


# ------------------------------------------------------------------ equilibria


def test_the_battle_of_the_sexes_has_osbornes_equilibrium():
    tree = loads(BOS, "bos.toml").tree()
    assert default_concept(tree) == "pbe"
    assert solved(tree) == bos_oracle(F(1, 2)) == {(((None, "B"),), (("avoid", "S"), ("meet", "B")))}


@pytest.mark.parametrize("prior_meet, count", [(F(1, 10), 0), (F(1, 3), 1), (F(1, 2), 1), (F(2, 3), 2),
                                               (F(9, 10), 2)])
def test_sweeping_the_prior_matches_the_oracle(prior_meet, count):
    """By hand: (B, (B, S)) needs P1's 2p >= 1 - p, so p >= 1/3; (S, (S, B)) needs p >= 2(1 - p), so p >= 2/3."""
    tree = loads(BOS, "bos.toml").tree({"prior_meet": prior_meet})
    expected = bos_oracle(prior_meet)
    assert len(expected) == count
    assert solved(tree) == expected


def test_priors_of_0_and_1():
    """P2 surely avoids: matching pennies, no pure equilibrium. P2 surely meets: the avoiding type,
    never reached, may choose anything that is optimal against some belief about P1's choice, which
    is anything, as in the oracle, where it is unconstrained."""
    assert solved(loads(BOS, "bos.toml").tree({"prior_meet": 0})) == bos_oracle(F(0)) == set()
    expected = bos_oracle(F(1))
    assert len(expected) == 4
    assert solved(loads(BOS, "bos.toml").tree({"prior_meet": 1})) == expected


@pytest.mark.parametrize("rho", [F(-1, 2), F(0), F(1, 2), F(9, 10)])
def test_correlated_types_match_the_oracle(rho):
    tree = loads(CORRELATED, "correlated.toml").tree({"rho": rho})
    expected = correlated_oracle(correlated_prior(rho))
    assert expected  # the game has pure equilibria at these values
    assert solved(tree) == expected


def test_correlation_changes_the_equilibria():
    found = {rho: correlated_oracle(correlated_prior(rho)) for rho in (F(-1, 2), F(0), F(1, 2), F(9, 10))}
    assert len({frozenset(v) for v in found.values()}) == 4
    assert max(len(v) for v in found.values()) >= 3


@pytest.mark.parametrize("p_high", [F(1, 5), F(3, 5), F(19, 20)])
def test_independent_types_match_the_oracle(p_high):
    tree = loads(INDEPENDENT, "independent.toml").tree({"p_high": p_high})
    assert solved(tree) == correlated_oracle(independent_prior(p_high))


def test_concept_nash_adds_the_mixed_bayesian_equilibria():
    """--concept nash solves the ex-ante form of type-contingent strategies, so mixed equilibria appear:
    each is checked here type by type (every action it plays is a best reply for that type)."""
    tree = loads(BOS, "bos.toml").tree()
    solution = solve_tree(tree, concept="nash")
    label = {k: info.label for k, info in enumerate(tree.infosets) if info.player is not None}
    mixed = 0
    for eq in solution.equilibria:
        plays = {label[k]: dict(zip(tree.infosets[k].actions, eq.exact[k])) for k in label}
        p1 = plays["P1"]
        for own in ("meet", "avoid"):  # P2 of each type against P1's mixture
            value = {s: sum(p1[a] * BOS_PAYOFFS[own][(a, s)][1] for a in "BS") for s in "BS"}
            assert all(value[s] == max(value.values()) for s in "BS" if plays[own][s] > 0)
        value = {a: sum(F(1, 2) * plays[own][s] * BOS_PAYOFFS[own][(a, s)][0] for own in ("meet", "avoid")
                        for s in "BS") for a in "BS"}
        assert all(value[a] == max(value.values()) for a in "BS" if p1[a] > 0)
        mixed += any(0 < q < 1 for k in label for q in eq.exact[k])
    assert mixed == 2 and len(solution.equilibria) == 3
    pure = {eq.exact for eq in solution.equilibria if all(q in (0, 1) for k in label for q in eq.exact[k])}
    assert pure == {eq.exact for eq in solve_tree(tree, concept="pbe").equilibria} and len(pure) == 1


# ------------------------------------------------------------------ errors


def _error(text: str) -> WedgeError:
    with pytest.raises(WedgeError) as info:
        loads(text, "game.toml")
    return info.value


ERRORS = {
    "unknown type in [payoffs]": (
        BOS.replace("[payoffs.avoid]", "[payoffs.aviod]"), "[payoffs.aviod]",
        "[payoffs] names 'aviod', which is not a type of P2 (meet, avoid)", "did you mean 'avoid'?"),
    "unknown type in an outcome": (
        BOS.replace('types = ["meet"]', 'types = ["mete"]'), 'types = ["mete"]',
        "outcome 1: 'mete' is not a type of P2", "did you mean 'meet'?"),
    "prior that sums to 9/10": (
        BOS.replace('prior = ["prior_meet", "1 - prior_meet"]', "prior = [0.4, 0.5]"), "prior = [0.4, 0.5]",
        "the prior of P2's types sums to 9/10 (meet = 0.4, avoid = 0.5), not 1", "1 minus the others"),
    "prior off by 1e-7": (
        BOS.replace('prior = ["prior_meet", "1 - prior_meet"]', "prior = [0.3, 0.7000001]"), "prior = [0.3, ",
        "the prior of P2's types sums to 10000001/10000000 (meet = 0.3, avoid = 0.7000001), not 1",
        "sum to 1 exactly"),
    "prior negative at the parameter's value": (
        BOS.replace("value = 0.5", "value = 1.5").replace("max = 1\n", "max = 2\n"),
        'prior = ["prior_meet"',
        "the prior of P2's types: avoid has probability -0.5 at the parameters' values "
        "(meet = prior_meet, avoid = 1 - prior_meet); probabilities must be between 0 and 1", "not negative"),
    "prior of the wrong length": (
        BOS.replace('prior = ["prior_meet", "1 - prior_meet"]', "prior = [1]"), "prior = [1]",
        "player 'P2': prior must list 2 probabilities, one per type (meet, avoid), in the same order; "
        "found 1 value", '["p", "1 - p"]'),
    "types without a prior": (
        BOS.replace('prior = ["prior_meet", "1 - prior_meet"]\n', ""), 'types = ["meet", "avoid"]',
        "player 'P2' has types but no prior", "add prior = [0.5, 0.5], one probability per type (meet, avoid)"),
    "a prior without types": (
        BOS.replace('types = ["meet", "avoid"]\n', ""), 'prior = ["prior_meet"',
        "player 'P2' has a prior but no types", "add types"),
    "no payoffs for a type profile": (
        BOS.replace("[payoffs.avoid]\nP1 = [[2, 0], [0, 1]]\nP2 = [[0, 2], [1, 0]]\n", ""), "[payoffs.meet]",
        "no payoffs for the type profile where P2 is avoid",
        'add a [payoffs.avoid] table with one array per player, or [[outcomes]] entries with types = ["avoid"]'),
    "a player's payoffs missing for a type profile": (
        BOS.replace("P2 = [[0, 2], [1, 0]]\n", ""), "[payoffs.avoid]",
        "no payoff for P2 at (B, B) when P2 is avoid; 4 payoff(s) missing for this type profile",
        "give P2 = [...] under [payoffs.avoid] with the full shape 2 x 2"),
    "normal-form payoffs in a file with types": (
        BOS.replace("[payoffs.meet]\nP1 = [[2, 0], [0, 1]]\nP2 = [[1, 0], [0, 2]]\n",
                    "[payoffs]\nP1 = [[2, 0], [0, 1]]\n"), ("P1 = ", "[payoffs]"),
        "[payoffs] names 'P1', which is not a type of P2 (meet, avoid)",
        "payoffs depend on the types here: write [payoffs.meet] then P1 = [[...], ...]"),
    "a type table that is not a table": (
        BOS.replace("[payoffs.avoid]\nP1 = [[2, 0], [0, 1]]\nP2 = [[0, 2], [1, 0]]\n", "")
        .replace("[payoffs.meet]\n", "[payoffs]\navoid = 3\n[payoffs.meet]\n"), "avoid = 3",
        "[payoffs.avoid] must be a table (one array per player), not a int", "PlayerName = [[...], ...]"),
    "a payoff given twice": (
        BOS.replace('note = "both at the concert', 'payoffs = [1, 1]\nnote = "both at the concert'),
        "payoffs = [1, 1]",
        f"payoff of P1 at (B, B) when P2 is meet is given twice: in [payoffs.meet] (line "
        f"{_line_of(BOS, 'P1 = ', after='[payoffs.meet]')}) and in outcome 1",
        "keep only one"),
    "a payoff of the wrong shape": (
        BOS.replace("P2 = [[0, 2], [1, 0]]", "P2 = [[0, 2, 5], [1, 0]]"), "P2 = [[0, 2, 5]",
        "payoffs of 'P2': entry [0] has 3 entries; expected 2, one per P2 strategy (B, S)", "expected shape 2 x 2"),
    "an outcome without types": (
        BOS.replace('types = ["meet"]\n', ""), "[[outcomes]]",
        "outcome 1 has no types: in a Bayesian game each outcome names its type profile",
        'add types = ["meet"], one type per player with types (P2)'),
    "an outcome with too many types": (
        BOS.replace('types = ["meet"]', 'types = ["meet", "avoid"]'), ("types = ", "[[outcomes]]"),
        "outcome 1: types must list 1 type name(s), one per player with types (P2)", 'types = ["meet"]'),
    "duplicate type": (
        BOS.replace('types = ["meet", "avoid"]', 'types = ["meet", "meet "]'), 'types = ["meet", "meet "]',
        "player 'P2' has duplicate type 'meet'", "different name"),
    "empty type": (
        BOS.replace('types = ["meet", "avoid"]', 'types = ["meet", " "]'), 'types = ["meet", " "]',
        "player 'P2' has an empty type name", "give every type a name"),
    "types not a list": (
        BOS.replace('types = ["meet", "avoid"]', 'types = "meet"'), 'types = "meet"',
        "player 'P2' needs types = [\"...\", ...], a non-empty list of names", "for example"),
    "a misspelt player key": (
        BOS.replace('types = ["meet", "avoid"]', 'types = ["meet", "avoid"]\ntpyes = 1'), "tpyes = 1",
        "unknown key 'tpyes' in player 2", "did you mean 'types'?"),
    "a misspelt top-level key": (
        "priors = 1\n" + BOS, "priors = 1", "unknown key 'priors' in the top level of a Bayesian game",
        "did you mean 'prior'?"),
    "types and [[nodes]] in one file": (
        BOS + '[[nodes]]\nid = "root"\nplayer = "P1"\nactions = { B = "x" }\n', 'types = ["meet", "avoid"]',
        "this file has [[nodes]] (a game tree) and types or a prior (a Bayesian game); a file is one or the other",
        "remove [[nodes]] and give payoffs per type profile"),
    "a joint prior beside a player's prior": (
        BOS + "[prior]\nmeet = 0.5\navoid = 0.5\n", 'prior = ["prior_meet"',
        "player 'P2' has a prior, and so does the [prior] table", "not both"),
    "a joint prior without a type profile": (
        CORRELATED.replace('weak = "(1 + rho) / 4"\n', ""), "[prior.high]",
        "the [prior] table gives no probability for the type profile where A is low and B is weak",
        "add low.weak = ... under [prior]; write 0 if it cannot happen"),
    "a joint prior with an unknown type": (
        CORRELATED.replace("[prior.low]", "[prior.lo]"), "[prior.lo]",
        "[prior] names 'lo', which is not a type of A (high, low)", "did you mean 'low'?"),
    "a joint prior that stops a level early": (
        CORRELATED.replace('[prior.low]\nstrong = "(1 - rho) / 4"\nweak = "(1 + rho) / 4"\n', "")
        .replace("[prior.high]", "[prior]\nlow = 0.5\n[prior.high]"), "low = 0.5",
        "[prior] gives low a float, but a type profile names 2 types, one per player with types (A, B)",
        "write [prior.low] then one probability per type of B"),
    "a joint prior that does not sum to 1": (
        CORRELATED.replace('weak = "(1 + rho) / 4"', 'weak = "rho / 4"'), "[prior.high]",
        "the prior of the type profiles sums to 3/4 at the parameters' values (high/strong = (1 + rho) / 4, "
        "high/weak = (1 - rho) / 4, low/strong = (1 - rho) / 4, low/weak = rho / 4), not 1", "sum to 1 exactly"),
    "a joint prior without types": (
        BOS.replace('types = ["meet", "avoid"]\nprior = ["prior_meet", "1 - prior_meet"]\n', "")
        + "[prior]\nmeet = 1\n", "[prior]", "a [prior] table, but no player has types", "remove [prior]"),
}


@pytest.mark.parametrize("text, fragment, message, hint", list(ERRORS.values()), ids=list(ERRORS))
def test_mistakes_are_named_with_their_line_and_a_fix(text, fragment, message, hint):
    error = _error(text)
    assert isinstance(error, LoadError)
    assert error.message == message
    assert hint in error.hint
    assert error.path == "game.toml"
    fragment, after = fragment if isinstance(fragment, tuple) else (fragment, "")
    assert error.line == _line_of(text, fragment, after), (error.line, fragment)


def test_an_unknown_name_in_a_prior_expression_names_line_and_column():
    text = BOS.replace('"1 - prior_meet"', '"1 - prior_mete"')
    error = _error(text)
    assert isinstance(error, ExpressionError)
    assert "prior_mete" in error.message and "did you mean 'prior_meet'" in (error.hint or "")
    line = _line_of(text, "prior_mete")
    assert error.line == line and error.col == text.splitlines()[line - 1].index("prior_mete") + 1


def test_a_game_too_large_to_expand_is_refused_before_it_is_built():
    strategies = "[" + ", ".join(f'"s{i}"' for i in range(20)) + "]"
    types = "[" + ", ".join(f'"t{i}"' for i in range(20)) + "]"
    prior = "[" + ", ".join(["0.05"] * 20) + "]"
    text = "".join(f'[[players]]\nname = "P{i}"\nstrategies = {strategies}\n' for i in range(3))
    for name in ("P0", "P1"):
        text = text.replace(f'name = "{name}"\n', f'name = "{name}"\ntypes = {types}\nprior = {prior}\n')
    with pytest.raises(GameTooLargeError) as info:
        loads(text, "big.toml")
    assert "the game's tree would have" in info.value.message and "more than the limit of 1,000,000" in \
        info.value.message
    assert "(400 type profiles x 8,000 strategy profiles)" in info.value.message


def test_a_normal_form_file_still_reads_as_one():
    """Without types the dispatch is what it was: a normal-form game, with its own messages."""
    text = BOS.replace('types = ["meet", "avoid"]\nprior = ["prior_meet", "1 - prior_meet"]\n', "")
    text = text.split("[payoffs.meet]")[0] + "[payoffs]\nP1 = [[2, 0], [0, 1]]\nP2 = [[1, 0], [0, 2]]\n"
    spec = loads(text, "normal.toml")
    assert not isinstance(spec, TreeSpec) and spec.game().payoffs.shape == (2, 2, 2)


def test_from_dict_reads_the_same_game():
    spec = from_dict(tomllib.loads(CORRELATED), "dict")
    assert solved(spec.tree()) == solved(loads(CORRELATED, "correlated.toml").tree())
    assert spec.skeleton.nodes[0].line is None


# ------------------------------------------------------------------ schema, export and the commands


@pytest.mark.parametrize("text", [BOS, CORRELATED, INDEPENDENT], ids=["bos", "correlated", "independent"])
def test_the_schema_accepts_the_examples(text):
    assert list(Draft202012Validator(schema()).iter_errors(tomllib.loads(text))) == []


@pytest.mark.parametrize("name", ["types and [[nodes]] in one file", "an outcome without types",
                                  "a misspelt player key", "a misspelt top-level key", "types not a list",
                                  "empty type"])
def test_the_schema_rejects_structural_mistakes(name):
    text = ERRORS[name][0]
    assert not Draft202012Validator(schema()).is_valid(tomllib.loads(text))


def test_export_writes_the_expanded_tree_which_reads_back_the_same(tmp_path):
    spec = loads(CORRELATED, "correlated.toml")
    text = write_tree_toml(spec)
    assert "[[nodes]]" in text and "types" not in tomllib.loads(text)["players"][0]
    again = loads(text, "tree.toml")
    for rho in (F(-1, 2), F(1, 2)):
        a, b = spec.tree({"rho": rho}), again.tree({"rho": rho})
        assert [n.actions for n in a.nodes] == [n.actions for n in b.nodes]
        assert (a.terminal_payoffs()[1] == b.terminal_payoffs()[1]).all()
        assert a.exact_probabilities == b.exact_probabilities
        assert solved(a) == solved(b)
    assert [i.label for i in again.skeleton.infosets] == [i.label for i in spec.skeleton.infosets]


@pytest.fixture
def bos_file(tmp_path):
    path = tmp_path / "bos.toml"
    path.write_text(BOS, encoding="utf-8")
    return str(path)


def test_wedge_check_accepts_the_file(bos_file):
    result = runner.invoke(app, ["check", bos_file, "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    codes = {lint["code"] for lint in report["lints"]}
    assert "node_without_note" not in codes and "unused_parameter" not in codes


def test_wedge_solve_json_lists_the_bayesian_nash_equilibrium(bos_file):
    result = runner.invoke(app, ["solve", bos_file, "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["concept"] == "pbe" and report["complete"] is True
    (eq,) = report["equilibria"]
    assert eq["exact"] == {"P1": {"P1": {"B": "1", "S": "0"}},
                           "P2": {"meet": {"B": "1", "S": "0"}, "avoid": {"B": "0", "S": "1"}}}
    assert eq["exact_payoffs"] == {"P1": "1", "P2": "3/2"}


def test_wedge_solve_sweeps_the_prior_with_set(bos_file):
    result = runner.invoke(app, ["solve", bos_file, "--json", "--set", "prior_meet=1/10"])
    assert result.exit_code == 0, result.stderr
    equilibria = json.loads(result.stdout)["equilibria"]
    expected = bos_oracle(F(1, 10))
    got = set()
    for eq in equilibria:
        p1 = next(a for a, q in eq["exact"]["P1"]["P1"].items() if q == "1")
        p2 = tuple(sorted((t, next(a for a, q in eq["exact"]["P2"][t].items() if q == "1")) for t in ("meet", "avoid")))
        got.add((((None, p1),), p2))
    assert got == expected


def test_wedge_show_and_export_exit_0(bos_file):
    shown = runner.invoke(app, ["show", bos_file])
    assert shown.exit_code == 0, shown.stderr
    assert "information set meet: P2 cannot tell apart P2_meet_B, P2_meet_S" in shown.stdout
    exported = runner.invoke(app, ["export", bos_file, "--to", "toml"])
    assert exported.exit_code == 0, exported.stderr
    assert loads(exported.stdout, "again.toml").skeleton.nodes[0].name == "type_of_P2"


def test_wedge_check_of_a_bad_file_exits_3_with_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BOS.replace('prior = ["prior_meet", "1 - prior_meet"]', "prior = [0.4, 0.5]"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 3 and result.stdout == ""
    line = _line_of(BOS, 'prior = ["prior_meet"')
    assert f"{path}:{line}: the prior of P2's types sums to 9/10 (meet = 0.4, avoid = 0.5), not 1" in result.stderr


# ------------------------------------------------------------------ the worked example in docs/format.md

FORMAT_MD = Path(__file__).resolve().parent.parent / "docs" / "format.md"


def _example() -> tuple[str, list[tuple[str, str]]]:
    """The TOML and the console blocks (command, output) of the section "Bayesian games" of docs/format.md."""
    text = FORMAT_MD.read_text(encoding="utf-8")
    section = text.split("## Bayesian games (`types`)\n", 1)[1].split("\n## ", 1)[0]
    (toml,) = re.findall(r"```toml\n(.*?)```", section, re.S)
    consoles = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        command, _, output = block.partition("\n")
        consoles.append((command.removeprefix("$ "), output.rstrip("\n")))
    return toml, consoles


def test_the_worked_example_reads_and_solves_as_the_oracle_says():
    toml, _ = _example()
    spec = loads(toml, "us_russia_types.toml")
    payoffs = {
        "committed": {("Offer", "Realign"): (3, 2), ("Offer", "Hedge"): (1, 1), ("Wait", "Realign"): (0, 0),
                      ("Wait", "Hedge"): (0, 1)},
        "fickle": {("Offer", "Realign"): (2, -1), ("Offer", "Hedge"): (0, 1), ("Wait", "Realign"): (0, -1),
                   ("Wait", "Hedge"): (0, 1)},
    }
    for p in (F(1, 2), F(2, 3), F(3, 4)):
        prior = {("committed", None): p, ("fickle", None): 1 - p}
        expected = _sorted(bayesian_nash([["committed", "fickle"], [None]], [["Offer", "Wait"], ["Realign", "Hedge"]],
                                         prior, lambda tau, s: payoffs[tau[0]][s]))
        assert solved(spec.tree({"prior_committed": p})) == expected
        realign = {eq for eq in expected if eq[1] == ((None, "Realign"),)}
        assert bool(realign) == (p >= F(2, 3))  # Russia realigns iff 2p - (1 - p) >= 1


def test_the_worked_example_shows_what_wedge_prints(tmp_path, monkeypatch):
    toml, consoles = _example()
    assert len(consoles) == 2
    (tmp_path / "us_russia_types.toml").write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")  # as scripts/gen_docs.py runs the commands of generated pages
    for command, output in consoles:
        result = runner.invoke(app, shlex.split(command)[1:])
        assert result.exit_code == 0, result.stderr
        assert "\n".join(line.rstrip() for line in result.stdout.rstrip("\n").splitlines()) == output, command
