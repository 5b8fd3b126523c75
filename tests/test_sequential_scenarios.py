"""The sequential (game-tree) scenarios solve to the paths and thresholds derived by hand.

us-europe-sequential (the US announces, Europe responds) and two-level-ratification-sequential
(the administration signs, Russia delivers or stalls, Congress acquiesces or blocks) carry
the payoffs of their simultaneous files, outcome by outcome; this pins that, the
subgame-perfect path at the defaults, each threshold of each parameter (exact, from the
tree sweep), and the Nash equilibria the simultaneous reading keeps that the tree does not.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from wedge_cli.formats.toml_read import load
from wedge_cli.solve import solve
from wedge_cli.solve.tree import solve_tree
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.tree import sweep_tree


def spe_paths(name: str, **values) -> list[list[tuple[str, ...]]]:
    spec = load(name)
    solution = solve_tree(spec.tree({k: F(v) for k, v in values.items()}))
    return [[step.actions for step in eq.path] for eq in solution.equilibria]


def test_us_europe_at_the_defaults_the_us_retrenches_and_europe_rearms():
    assert spe_paths("us-europe-sequential") == [[("Retrench", "Rearm")]]
    # the simultaneous reading has the status quo and a mixed equilibrium as well
    assert len(solve(load("us-europe").game()).equilibria) == 3


def test_two_level_at_the_defaults_the_deal_is_shelved_and_inside_the_window_it_holds():
    assert spe_paths("two-level-ratification-sequential") == [[("Shelve", "Stall", "Acquiesce")]]
    assert spe_paths("two-level-ratification-sequential", scope="0.6") == [[("Sign", "Deliver", "Acquiesce")]]


@pytest.mark.parametrize(("name", "parameter", "thresholds"), [
    ("us-europe-sequential", "cut", [F(5)]),
    ("us-europe-sequential", "rearm_cost", [F(8)]),
    ("us-europe-sequential", "deterrence_value", [F(5, 8)]),
    ("us-europe-sequential", "pivot_value", []),
    ("us-europe-sequential", "us_stake", []),
    ("two-level-ratification-sequential", "scope", [F(1, 4), F(1, 2), F(5, 8)]),
    ("two-level-ratification-sequential", "skepticism", [F(8, 3), F(20, 3)]),
    ("two-level-ratification-sequential", "block_cost", [F(0), F(3), F(6)]),
    ("two-level-ratification-sequential", "delivery_value", [F(4)]),
    ("two-level-ratification-sequential", "relief", []),
    ("two-level-ratification-sequential", "deal_value", []),
])
def test_each_parameter_changes_the_plan_exactly_where_derived_by_hand(name, parameter, thresholds):
    spec = load(name)
    result = sweep_tree(spec, parse_axis(parameter, spec))
    assert [t.exact for t in result.thresholds] == thresholds


def test_the_deal_holds_exactly_inside_the_scope_window():
    for scope, deal in (("0.5", False), ("0.51", True), ("0.62", True), ("0.63", False)):
        paths = spe_paths("two-level-ratification-sequential", scope=scope)
        assert (paths[-1] == [("Sign", "Deliver", "Acquiesce")]) is deal, scope


@pytest.mark.parametrize(("tree", "normal"), [("us-europe-sequential", "us-europe"),
                                              ("two-level-ratification-sequential", "two-level-ratification")])
def test_every_leaf_pays_what_its_profile_pays_in_the_simultaneous_file(tree, normal):
    tree_spec, normal_spec = load(tree), load(normal)
    rng = random.Random(3)
    for _ in range(20):
        values = {n: F(rng.randint(0, 20), 20) * (p.max - p.min) + p.min for n, p in normal_spec.parameters.items()}
        game = normal_spec.game(values)
        concrete = tree_spec.tree(values)
        payoffs, exact = concrete.terminal_payoffs()
        for row, t in enumerate(concrete.skeleton.terminals):
            moves = {concrete.skeleton.players[concrete.infosets[concrete.nodes[i].infoset].player]:
                     concrete.nodes[i].actions[a] for i, a in concrete.skeleton.path(t)}
            profile = tuple(p.strategies.index(moves[p.name]) for p in game.players if p.name in moves)
            if len(profile) < game.n_players:  # a leaf some player never reaches cannot be compared
                continue
            assert tuple(exact[row]) == tuple(game.exact[(slice(None), *profile)]), (t, moves)


def test_the_nash_equilibria_of_the_tree_include_threats_that_subgame_perfection_drops():
    spec = load("us-europe-sequential")
    nash = solve_tree(spec.tree(), concept="nash")
    not_credible = [eq for eq in nash.equilibria if not eq.subgame_perfect]
    assert not_credible and all(eq.not_credible for eq in not_credible)
    assert any(eq.path[0].actions == ("Maintain", "FreeRide") for eq in not_credible)
