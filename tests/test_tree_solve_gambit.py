"""The tree solvers against pygambit 16.7 (a test-only dependency) on random trees with information sets.

pygambit reads the same tree written as .efg text (``test_tree_solve_support.to_efg``)
and must agree on the subgames, on the reduced strategic form, and on equilibria: every
equilibrium wedge reports has zero regret in pygambit (a subgame-perfect one in every
subgame), the equilibria pygambit's LCP finds are among wedge's when the game is not
degenerate, and pygambit's pure agent-form equilibria that are Nash in every subgame are
exactly wedge's pure subgame-perfect equilibria of perfect-information trees.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_tree_pbe_sweep import signalling_text
from test_tree_solve_support import gambit, imperfect_trees, perfect_trees

from wedge_cli.formats.toml_read import loads
from wedge_cli.solve.tree import reduced_form, solve_tree
from wedge_cli.solve.tree.behavior import play
from wedge_cli.solve.tree.credibility import subgame_threats
from wedge_cli.solve.tree.subgames import subgame_roots, truncate
from wedge_cli.tree import Tree

pygambit = pytest.importorskip("pygambit")

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _infoset_index(game) -> dict[str, object]:
    return {h.label: h for p in game.players for h in p.infosets}


def _profile(game, tree: Tree, exact) -> object:
    """wedge's exact behaviour profile as a pygambit rational behaviour profile."""
    data = [[list(exact[int(h.label[1:])]) for h in p.infosets] for p in game.players]
    return game.mixed_behavior_profile(data=data, rational=True)


def _behavior(game, tree: Tree, profile) -> tuple:
    """A pygambit behaviour profile as wedge's tuple of exact behaviour tuples (chance included)."""
    by_label = _infoset_index(game)
    out = []
    for k, info in enumerate(tree.infosets):
        if info.player is None:
            out.append(tuple(tree.exact_probabilities[k]))
        else:
            out.append(tuple(Fraction(str(profile[a])) for a in by_label[f"h{k}"].actions))
    return tuple(out)


def _terminal_distribution(eq) -> tuple:
    return tuple((step.terminal, step.exact) for step in eq.path)


@SETTINGS
@given(imperfect_trees(players=(2, 3), max_nodes=16))
def test_subgames_agree_with_pygambit(tree):
    game = gambit(tree)
    assert {int(sg.root.label[1:]) for sg in game.subgames} == set(subgame_roots(tree.skeleton))
    assert set(solve_tree(tree).subgames) == set(subgame_roots(tree.skeleton))


@SETTINGS
@given(imperfect_trees(players=(2, 3), max_nodes=16))
def test_reduced_strategic_forms_agree_with_pygambit(tree):
    game = gambit(tree)
    form = reduced_form(tree)
    arrays = game.to_arrays(dtype=Fraction)
    by_plan = []
    for p, player in enumerate(game.players):
        plans = []
        for s in player.strategies:
            plan = {}
            for h in player.infosets:
                action = s.action(h)
                if action is not None:
                    plan[int(h.label[1:])] = [a.label for a in h.actions].index(action.label)
            plans.append(plan)
        mine = [dict(plan) for plan in form.plans[p]]
        assert sorted(map(sorted, (d.items() for d in plans))) == sorted(map(sorted, (d.items() for d in mine)))
        by_plan.append([mine.index(plan) for plan in plans])
    for p in range(tree.n_players):
        for index, value in np.ndenumerate(arrays[p]):
            mine = tuple(by_plan[q][j] for q, j in enumerate(index))
            assert form.game.exact[(p, *mine)] == value


@SETTINGS
@given(imperfect_trees(players=(2, 3), max_nodes=16))
def test_every_subgame_perfect_equilibrium_has_zero_regret_in_pygambit_in_every_subgame(tree):
    solution = solve_tree(tree)
    assert solution.equilibria
    for eq in solution.equilibria:
        assert eq.exact is not None and eq.subgame_perfect
        assert _profile(gambit(tree), tree, eq.exact).max_regret() == 0
        for s in solution.subgames[1:]:
            cut = truncate(tree, s, [], {})
            small = cut.tree
            restricted = tuple(eq.exact[k] for k in cut.infosets)
            assert _profile(gambit(small), small, restricted).max_regret() == 0


@SETTINGS
@given(imperfect_trees(players=(2,), max_nodes=16, values=tuple(range(12))))
def test_nash_equilibria_have_zero_regret_and_include_pygambits_lcp_ones(tree):
    game = gambit(tree)
    nash = solve_tree(tree, concept="nash")
    for eq in nash.equilibria:
        assert _profile(game, tree, eq.exact).max_regret() == 0
        threats, _ = subgame_threats(tree, eq.behavior, eq.exact, subgame_roots(tree.skeleton), 1e-9)
        assert eq.subgame_perfect == (not threats) and eq.not_credible == threats
    if nash.degenerate:
        return
    mine = {_terminal_distribution(eq) for eq in nash.equilibria}
    for found in pygambit.nash.lcp_solve(game).equilibria:
        behavior = _behavior(game, tree, found)
        floats = [tuple(map(float, b)) for b in behavior]
        threats, _ = subgame_threats(tree, floats, behavior, (0,), 1e-9)
        assert threats == ()
        reached = play(tree, floats, behavior)
        assert tuple((step.terminal, step.exact) for step in reached.path) in mine


@SETTINGS
@given(perfect_trees(players=(2, 3), max_nodes=12))
def test_pure_agent_equilibria_that_are_nash_in_every_subgame_are_the_spe(tree):
    game = gambit(tree)
    roots = subgame_roots(tree.skeleton)
    agent = set()
    for found in pygambit.nash.enumpure_agent_solve(game).equilibria:
        behavior = _behavior(game, tree, found)
        threats, _ = subgame_threats(tree, [tuple(map(float, b)) for b in behavior], behavior, roots, 1e-9)
        if not threats:
            agent.add(behavior)
    solution = solve_tree(tree, max_equilibria=100_000)
    assert solution.complete
    assert {eq.exact for eq in solution.equilibria} == agent


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from([(2, 2, 2), (2, 3, 3), (3, 2, 2)]))
def test_every_pure_pbe_is_a_pure_agent_equilibrium_of_pygambit(seed, shape):
    """Perfect Bayesian equilibria are Nash equilibria: each has zero regret in pygambit (the mixed ones of
    two-type games too), and each pure one is among pygambit's pure agent-form equilibria
    (enumpure_agent_solve)."""
    tree = loads(signalling_text(seed, *shape), "s.toml").tree()
    game = gambit(tree)
    agent = {_behavior(game, tree, p) for p in pygambit.nash.enumpure_agent_solve(game).equilibria}
    decisions = [k for k, info in enumerate(tree.infosets) if info.player is not None]
    for eq in solve_tree(tree, concept="pbe").equilibria:
        assert _profile(game, tree, eq.exact).max_regret() == 0
        if all(x in (0, 1) for k in decisions for x in eq.exact[k]):
            assert eq.exact in agent
