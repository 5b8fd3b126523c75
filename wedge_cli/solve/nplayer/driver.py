"""The entry point: :func:`enumerate_equilibria`, every equilibrium of a game with up to three players.

Method and guarantees: ``docs/nplayer.md``.
"""

from __future__ import annotations

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.model import GameTooLargeError
from wedge_cli.solve.nplayer.data import GameData
from wedge_cli.solve.nplayer.result import NPlayerResult
from wedge_cli.solve.nplayer.search import Search

#: Games with more players are refused (the Macaulay matrices grow too fast).
MAX_PLAYERS = 3


def enumerate_equilibria(
    payoffs: np.ndarray, exact: np.ndarray | None, tol: float, deadline: float | None = None,
    budget: Budget | None = None,
) -> NPlayerResult:
    """Every Nash equilibrium of a game with up to three players (see the module docstring).

    Parameters
    ----------
    payoffs
        Float array of shape ``(n, k_1, ..., k_n)``; ``payoffs[p][s]`` is player
        ``p``'s payoff at pure profile ``s``.
    exact
        The same payoffs as Fractions (object array) when they are rational,
        else None; enables exact certification and exact tie tests.
    tol
        Regret tolerance in payoff units: every reported profile has every
        player's regret ``<= tol`` (exactly 0 when ``exact`` is reported).
    deadline
        A :func:`time.perf_counter` value after which the search stops and
        returns what it has with ``complete=False``.
    budget
        A :class:`wedge_cli.budget.Budget`: the work is estimated
        (:func:`~wedge_cli.solve.nplayer.search.estimate_seconds`) and refused when it would not fit, and the search
        stops with :class:`GameTooLargeError` when it runs past the budget. None: no budget.

    Raises
    ------
    GameTooLargeError
        More than :data:`MAX_PLAYERS` players, more than
        :data:`~wedge_cli.solve.nplayer.search.MAX_SUPPORT_PROFILES` support profiles after removing dominated
        strategies, a support system too large for the eigenvalue method, or
        work over ``budget``.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    n = payoffs.shape[0]
    if n < 1 or payoffs.ndim != n + 1:
        raise ValueError(f"payoffs must have shape (n, k_1, ..., k_n); got {payoffs.shape}")
    if n > MAX_PLAYERS:
        raise GameTooLargeError(
            f"finding all mixed equilibria is implemented for games with up to {MAX_PLAYERS} players; "
            f"this game has {n}",
            hint="use '--method pure' for the pure equilibria of larger games",
        )
    if exact is not None and np.asarray(exact).shape != payoffs.shape:
        raise ValueError("exact payoffs must have the same shape as payoffs")
    data = GameData(payoffs, exact, tol)
    search = Search(data, deadline, budget)
    search.run()
    return search.result()
