"""Iterated elimination of strictly dominated pure strategies (by pure strategies).

Removing a strictly dominated strategy never removes a Nash equilibrium, so the
solver may work on the reduced game; ``wedge show`` marks what is eliminated.
Works for any number of players; exact (Fraction) comparisons when the game is
rational, else a strict margin of ``tol``.
"""

from __future__ import annotations

import numpy as np

from .model import Game


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
