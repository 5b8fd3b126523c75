"""The beliefs at an information set off the path that support the mover's choice there.

For a belief ``mu`` over the nodes ``x_1..x_m`` of a player's information set, a choice
(pure or mixed) with continuation payoffs ``mine`` is optimal iff
``sum_j mu_j (mine_j - U_t(x_j)) >= 0`` for every continuation ``t`` of the player. The
supporting beliefs are therefore a polytope in the simplex; it is non-empty iff the
matrix game with rows ``x_j``, columns ``t`` and entries ``mine_j - U_t(x_j)`` has a value
``>= 0`` (:func:`wedge_cli.algebra.lp.matrix_game`, exact for rational trees), whose
optimal row strategy is one supporting belief. Shared by the pure search
(:mod:`~wedge_cli.solve.tree.pbe`) and the mixed one (:mod:`~wedge_cli.solve.tree.hybrid`).
"""

from __future__ import annotations

from fractions import Fraction

from wedge_cli.algebra.lp import matrix_game
from wedge_cli.solve.tree.result import BeliefSet
from wedge_cli.solve.tree.values import at_least
from wedge_cli.tree import Tree

__all__ = ["belief_set"]


def belief_set(tree: Tree, exact: bool, k: int, mine: tuple, options: list[tuple], tol: float) -> BeliefSet | None:
    """The beliefs at off-path infoset ``k`` under which the mover's choice is a best continuation, or None.

    ``mine`` holds the choice's continuation payoffs at each of ``k``'s nodes, ``options``
    every continuation's (vectors over the same nodes); Fractions when ``exact``.
    """
    info = tree.infosets[k]
    columns = []
    for v in options:
        c = tuple(m - u for m, u in zip(mine, v))
        if all(x >= 0 for x in c) or (not exact and all(x >= -tol for x in c)):
            continue
        if c not in columns:
            columns.append(c)
    width = len(info.nodes)
    zero = Fraction(0) if exact else 0.0
    one = Fraction(1) if exact else 1.0
    if not columns:
        return BeliefSet(k, info.nodes, (), (zero, one) if width == 2 else None, tuple(one / width for _ in info.nodes))
    rows = [[c[j] for c in columns] for j in range(width)]
    game = matrix_game(rows)
    if not at_least(game.value, 0, tol):
        return None
    witness = tuple(game.row)
    if width != 2:
        return BeliefSet(k, info.nodes, tuple((c, zero) for c in columns), None, witness)
    low, high = zero, one
    for c0, c1 in columns:  # c1 + mu (c0 - c1) >= 0, mu the first node's probability
        if c0 > c1:
            low = max(low, -c1 / (c0 - c1))
        elif c0 < c1:
            high = min(high, c1 / (c1 - c0))
    if high < low:  # a float rounding at a single-point set
        low = high = (low + high) / 2
    binding = tuple((c, zero) for c in columns if _binding(c, low, high))
    return BeliefSet(k, info.nodes, binding, (low, high), witness)


def _binding(c: tuple, low, high) -> bool:
    """Whether constraint ``c`` (two nodes) sets one end of the interval ``[low, high]``."""
    c0, c1 = c
    if c0 > c1:
        return -c1 / (c0 - c1) == low
    if c0 < c1:
        return c1 / (c1 - c0) == high
    return True
