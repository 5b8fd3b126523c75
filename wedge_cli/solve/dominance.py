"""Iterated removal of strictly dominated pure strategies.

:func:`reduce_strict` is the fast 2-player reduction the solver runs first;
:func:`iterated_strict_dominance` works for any number of players and records
the order of elimination (``wedge show`` marks it).

A pure strategy ``i`` of player 1 is strictly dominated by a pure strategy
``k`` when ``A[k, j] > A[i, j]`` for every remaining column ``j`` (likewise for
player 2 with ``B``). A strictly dominated strategy is never a best reply to
any mixed strategy, so it is unused in every Nash equilibrium, and removing it
leaves the set of equilibria unchanged (padded with zeros); iterating is
therefore safe and the order of removal does not matter
(e.g. Maschler, Solan & Zamir, *Game Theory*, 2013, Section 4.5).
"""

from __future__ import annotations

import numpy as np

from wedge_cli.model import Game


def _dominated(rows_payoffs: np.ndarray, margin: float) -> np.ndarray:
    """Boolean mask of rows strictly dominated (by ``> margin`` everywhere) by another row."""
    diff = rows_payoffs[:, None, :] - rows_payoffs[None, :, :]
    dominates = (diff > margin).all(axis=-1)  # dominates[k, i]: row k dominates row i
    return dominates.any(axis=0)


def reduce_strict(a: np.ndarray, b: np.ndarray, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Iteratively remove strictly dominated pure strategies of both players.

    Parameters
    ----------
    a, b
        Payoff matrices of players 1 and 2, shape ``(m, n)``; numbers or exact
        integers (int64 or object arrays of Python ints).
    margin
        Dominance must hold by more than ``margin`` in every column (``0`` for
        exact payoffs, the regret tolerance for float payoffs, so that nothing
        is removed on the strength of rounding noise).

    Returns
    -------
    rows, cols
        Indices (ascending) of the strategies that survive.
    """
    rows = np.arange(a.shape[0])
    cols = np.arange(a.shape[1])
    changed = True
    while changed:
        changed = False
        if len(rows) > 1:
            bad = _dominated(a[rows][:, cols], margin)
            if bad.any():
                rows = rows[~bad]
                changed = True
        if len(cols) > 1:
            bad = _dominated(b[rows][:, cols].T, margin)
            if bad.any():
                cols = cols[~bad]
                changed = True
    return rows, cols


def reduce_strict_lists(a: list[list], b: list[list], margin: float = 0) -> tuple[list[int], list[int]]:
    """:func:`reduce_strict` on nested lists, for small games (no numpy overhead)."""
    rows = list(range(len(a)))
    cols = list(range(len(a[0]))) if a else []
    changed = True
    while changed:
        changed = False
        if len(rows) > 1:
            keep = [
                i
                for i in rows
                if not any(all(a[k][j] - a[i][j] > margin for j in cols) for k in rows if k != i)
            ]
            if len(keep) < len(rows):
                rows, changed = keep, True
        if len(cols) > 1:
            keep = [
                j
                for j in cols
                if not any(all(b[i][k] - b[i][j] > margin for i in rows) for k in cols if k != j)
            ]
            if len(keep) < len(cols):
                cols, changed = keep, True
    return rows, cols

def iterated_strict_dominance(game: Game, tol: float = 0.0) -> tuple[list[tuple[int, int, int, int]], list[list[int]]]:
    """Eliminate strictly dominated pure strategies until none is left.

    Parameters
    ----------
    game : Game
    tol : float
        For float games, ``s`` dominates ``t`` only if it is better by more
        than ``tol`` against every surviving profile of the others.

    Returns
    -------
    eliminated : list of (player, strategy, dominated_by, round)
        Indices in the original game; rounds start at 1.
    surviving : list of list of int
        The surviving strategy indices of each player.
    """
    payoffs = game.exact if game.exact is not None else game.payoffs
    alive = [list(range(k)) for k in game.shape]
    eliminated: list[tuple[int, int, int, int]] = []
    round_number = 0
    while True:
        round_number += 1
        sub = payoffs[np.ix_(range(game.n_players), *alive)]
        found = []
        for p in range(game.n_players):
            u = np.moveaxis(sub[p], p, 0)
            u = u.reshape(u.shape[0], -1)
            for t in range(u.shape[0]):
                for s in range(u.shape[0]):
                    if s == t:
                        continue
                    diff = u[s] - u[t]
                    if all(d > tol for d in diff):
                        found.append((p, alive[p][t], alive[p][s]))
                        break
        # a player keeps at least one strategy: never eliminate all of them
        removed_any = False
        for p, t, s in found:
            if len(alive[p]) > 1 and t in alive[p] and s in alive[p]:
                alive[p].remove(t)
                eliminated.append((p, t, s, round_number))
                removed_any = True
        if not removed_any:
            return eliminated, alive
