"""Property tests of the tree solvers against an exhaustive oracle on small random trees.

The oracle enumerates every pure behaviour profile and keeps those that are a Nash
equilibrium of every subgame (in a perfect-information tree every non-terminal node
starts one), with exact Fractions: a profile passes when, in each subgame, no player's
best reply (computed by maximising over that player's own moves, the others' fixed)
beats what the profile gives it. The solver's list must be exactly that set.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from test_tree_solve_support import perfect_trees

from wedge_cli.solve.tree import solve_tree
from wedge_cli.solve.tree.batch import backward_induction, decision_nodes
from wedge_cli.solve.tree.spe import solve_by_subgames
from wedge_cli.tree import CHANCE, DECISION, Tree


def _outcome(tree: Tree, i: int) -> list[Fraction]:
    node = tree.nodes[i]
    if node.outcome is None:
        return [Fraction(0)] * tree.n_players
    return [Fraction(x) for x in tree.exact[node.outcome]]


def brute_force_spe(tree: Tree) -> set[tuple]:
    """Every pure subgame-perfect profile, as the tuple of exact behaviour tuples per infoset."""
    nodes, infosets = tree.nodes, tree.infosets
    deciding = [i for i, node in enumerate(nodes) if node.kind == DECISION]
    found = set()
    for choice in itertools.product(*(range(len(nodes[i].children)) for i in deciding)):
        pick = dict(zip(deciding, choice))
        value: list = [None] * len(nodes)
        best: list = [[None] * len(nodes) for _ in range(tree.n_players)]
        for i in range(len(nodes) - 1, -1, -1):
            node = nodes[i]
            own = _outcome(tree, i)
            if not node.children:
                value[i] = own
                for p in range(tree.n_players):
                    best[p][i] = own[p]
                continue
            if node.kind == CHANCE:
                probs = tree.exact_probabilities[node.infoset]
                value[i] = [own[p] + sum(q * value[c][p] for q, c in zip(probs, node.children))
                            for p in range(tree.n_players)]
                for p in range(tree.n_players):
                    best[p][i] = own[p] + sum(q * best[p][c] for q, c in zip(probs, node.children))
                continue
            mover = infosets[node.infoset].player
            chosen = node.children[pick[i]]
            value[i] = [own[p] + value[chosen][p] for p in range(tree.n_players)]
            for p in range(tree.n_players):
                if p == mover:
                    best[p][i] = own[p] + max(best[p][c] for c in node.children)
                else:
                    best[p][i] = own[p] + best[p][chosen]
        if all(best[p][i] == value[i][p] for i in deciding for p in range(tree.n_players)):
            found.add(_profile(tree, pick))
    return found


def _profile(tree: Tree, pick: dict[int, int]) -> tuple:
    out = []
    for k, info in enumerate(tree.infosets):
        if info.player is None:
            out.append(tuple(tree.exact_probabilities[k]))
        else:
            a = pick[info.nodes[0]]
            out.append(tuple(Fraction(int(j == a)) for j in range(len(info.actions))))
    return tuple(out)


def _expected(tree: Tree, behavior) -> list[Fraction]:
    value: list = [None] * len(tree.nodes)
    for i in range(len(tree.nodes) - 1, -1, -1):
        node = tree.nodes[i]
        own = _outcome(tree, i)
        if node.children:
            b = behavior[node.infoset]
            own = [own[p] + sum(q * value[c][p] for q, c in zip(b, node.children)) for p in range(tree.n_players)]
        value[i] = own
    return value[0]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perfect_trees(players=(2, 3), max_nodes=15))
def test_every_subgame_perfect_equilibrium_and_nothing_else(tree):
    solution = solve_tree(tree, max_equilibria=100_000)
    assert solution.complete
    listed = [eq.exact for eq in solution.equilibria]
    assert len(set(listed)) == len(listed)
    assert set(listed) == brute_force_spe(tree)
    assert solution.degenerate == bool(solution.ties) == (len(listed) > 1)
    for eq in solution.equilibria:
        assert list(eq.exact_payoffs) == _expected(tree, eq.exact)
        assert sum(step.exact for step in eq.path) == 1
        assert all(step.exact > 0 and tree.nodes[step.terminal].kind == "terminal" for step in eq.path)
        assert eq.payoffs == tuple(float(x) for x in eq.exact_payoffs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perfect_trees(players=(2, 3), max_nodes=12))
def test_the_first_equilibrium_is_the_batch_backward_induction(tree):
    first = solve_tree(tree).equilibria[0]
    payoffs = tree.exact[None, :, :]
    probabilities = [np.array([list(q)], dtype=object) if info.player is None else None
                     for q, info in zip(tree.exact_probabilities, tree.infosets)]
    plan = backward_induction(tree.skeleton, payoffs, probabilities)
    for j, i in enumerate(decision_nodes(tree.skeleton)):
        assert first.exact[tree.nodes[i].infoset][plan.choices[0, j]] == 1
    assert tuple(plan.values[0]) == first.exact_payoffs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perfect_trees(players=(2, 3), max_nodes=10))
def test_the_subgame_route_agrees_on_perfect_information(tree):
    direct = solve_tree(tree, max_equilibria=100_000)
    found = solve_by_subgames(tree, 1e-9, 100_000)
    assert [eq.exact for eq in found["equilibria"]] == [eq.exact for eq in direct.equilibria]
    assert found["ties"] == direct.ties and found["subgames"] == direct.subgames


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perfect_trees(players=(2,), max_nodes=10))
def test_nash_marks_exactly_the_subgame_perfect_ones(tree):
    spe = brute_force_spe(tree)
    nash = solve_tree(tree, concept="nash")
    spe_paths = {tuple((s.terminal, s.exact) for s in eq.path) for eq in solve_tree(tree).equilibria}
    perfect_paths = set()
    for eq in nash.equilibria:
        pure = all(max(b) == 1 for b, info in zip(eq.exact, tree.infosets) if info.player is not None)
        if pure:
            assert eq.subgame_perfect == (eq.exact in spe)
        assert eq.subgame_perfect == (not eq.not_credible)
        if eq.subgame_perfect and pure:
            perfect_paths.add(tuple((s.terminal, s.exact) for s in eq.path))
    assert spe_paths <= perfect_paths
