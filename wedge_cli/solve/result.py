"""Result types shared by every solver method.

Every :class:`Equilibrium` that leaves :func:`wedge_cli.solve.solve` has passed
:func:`wedge_cli.solve.verify.verify_candidates`; see ``docs/solver.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.model import Game


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One verified Nash equilibrium.

    Attributes
    ----------
    strategies
        One read-only float probability vector per player, in file order.
        Entries off the support are exactly ``0.0`` (never ``-0.0``).
    exact
        The same profile as Fractions when the game is rational
        (``game.exact`` is not None), else None.
    payoffs
        Expected payoff of each player.
    exact_payoffs
        The same as Fractions when ``exact`` is set, else None.
    regret
        ``max`` over players of (best pure reply payoff - expected payoff);
        ``0.0`` for exactly verified equilibria, else ``<= tol``.
    strict
        Every player's strategy is its unique best reply (implies pure).
    closed_form
        Probabilities as closed-form strings (``"1/2 + sqrt(5)/10"``) when an
        irrational equilibrium of a rational 3-player game was certified in
        closed form, else None.
    """

    strategies: tuple[np.ndarray, ...]
    exact: tuple[tuple[Fraction, ...], ...] | None
    payoffs: tuple[float, ...]
    exact_payoffs: tuple[Fraction, ...] | None
    regret: float
    strict: bool
    closed_form: tuple[tuple[str, ...], ...] | None = None

    @property
    def support(self) -> tuple[tuple[int, ...], ...]:
        """Indices of the strategies each player uses with positive probability."""
        return tuple(tuple(int(i) for i in np.flatnonzero(s)) for s in self.strategies)

    @property
    def pure(self) -> bool:
        """True when every player uses a single strategy."""
        return all(int(np.count_nonzero(s)) == 1 for s in self.strategies)


@dataclass(frozen=True)
class SolverWarning:
    """Something the user should know about a result.

    ``code`` is snake_case and stable (e.g. ``degenerate``, ``pure_only``,
    ``not_verified``, ``incomplete_method``, ``dominated_removed``);
    ``message`` is one or two plain sentences.
    """

    code: str
    message: str


@dataclass(frozen=True, eq=False)
class Solution:
    """The verified equilibria of a game and what is known about their completeness.

    Attributes
    ----------
    game
        The game that was solved.
    method
        The method actually used (``auto`` resolved).
    complete
        True only when the method guarantees all equilibria: every extreme
        equilibrium for 2-player games (the whole set is the union of the
        convex hulls of the maximal Nash subsets, see ``docs/solver.md``).
    degenerate
        Tied best replies were detected (see ``docs/solver.md`` for the test).
    equilibria
        Verified, deduplicated, deterministically ordered (pure first, then by
        the flattened probability vector in descending lexicographic order).
    components
        Partition of equilibrium indices into connected components of the
        equilibrium set (singletons included).
    warnings
        What the user should hear about (see :class:`SolverWarning`).
    tol
        Regret tolerance used, in payoff units.
    pure_only
        True when only pure equilibria were searched.
    """

    game: Game
    method: str
    complete: bool
    degenerate: bool
    equilibria: tuple[Equilibrium, ...]
    components: tuple[tuple[int, ...], ...]
    warnings: tuple[SolverWarning, ...]
    tol: float
    pure_only: bool
