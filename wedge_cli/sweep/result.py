"""What a sweep returns: the structure of a point, the table of points, regimes and thresholds.

Plain frozen records (:class:`SweepResult` and its parts); the words for
people are in :mod:`wedge_cli.text.structures`, the JSON in
:mod:`wedge_cli.report.sweep`. See docs/sweep.md#structure-and-regimes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.model import GameSpec
from wedge_cli.solve import Solution
from wedge_cli.solve.batch import BatchEquilibria
from wedge_cli.solve.many import Structure
from wedge_cli.solve.result import Equilibrium
from wedge_cli.sweep.axis import Axis, grid_point_values


@dataclass(frozen=True, eq=False)
class PointTable:
    """Equilibria at every grid point.

    Points solved one by one keep their :class:`Solution` (``solutions``);
    the others are rows of ``batch``. ``structure[i]`` indexes
    :attr:`SweepResult.structures`.
    """

    n_points: int
    structure: np.ndarray
    solutions: Mapping[int, Solution]
    batch: BatchEquilibria | None
    _offsets: np.ndarray | None = None
    #: Solves point ``i`` exactly when asked about it: the points a 3-player batch certified keep no rows.
    solve_point: Callable[[int], Solution] | None = None

    def _lazy(self, i: int) -> None:
        if self.solve_point is not None and i not in self.solutions:
            self.solutions[i] = self.solve_point(i)  # type: ignore[index]

    def equilibria(self, i: int) -> tuple[Equilibrium, ...]:
        """The verified equilibria at point ``i`` (exact when it was solved exactly)."""
        self._lazy(i)
        if i in self.solutions:
            return self.solutions[i].equilibria
        b = self.batch
        assert b is not None and self._offsets is not None
        rows = range(int(self._offsets[i]), int(self._offsets[i + 1]))
        return tuple(_batch_equilibrium(b, r) for r in rows)

    def solved_exactly(self, i: int) -> bool:
        self._lazy(i)
        return i in self.solutions and self.solutions[i].game.exact is not None

    def degenerate(self, i: int) -> bool:
        self._lazy(i)
        return bool(self.solutions[i].degenerate) if i in self.solutions else False

    def count(self, i: int) -> int:
        self._lazy(i)
        if i in self.solutions:
            return len(self.solutions[i].equilibria)
        return int(self._offsets[i + 1] - self._offsets[i])


def _batch_equilibrium(b: BatchEquilibria, row: int) -> Equilibrium:
    strategies = []
    for s in b.strategies:
        v = s[row].copy()
        v.setflags(write=False)
        strategies.append(v)
    return Equilibrium(
        strategies=tuple(strategies),
        exact=None,
        payoffs=tuple(float(v) for v in b.payoffs[row]),
        exact_payoffs=None,
        regret=float(b.regret[row]),
        strict=bool(b.strict[row]),
    )


@dataclass(frozen=True, eq=False)
class End:
    """Equilibria at one end of a regime.

    ``limit`` is True when they are the limits of the regime's equilibria as
    the parameter approaches ``value`` from inside the regime (computed
    exactly for rational ends), listed in the order of
    :attr:`Regime.equilibria` (two may coincide); otherwise they are the
    equilibria at the grid or probe point ``value`` nearest that end inside
    the regime.
    """

    value: Fraction | float
    limit: bool
    equilibria: tuple[Equilibrium, ...]


@dataclass(frozen=True, eq=False)
class Regime:
    """A range (1-D) or region (2-D) of constant structure."""

    structure: int
    start: Fraction | float | None
    stop: Fraction | float | None
    closed: tuple[bool, bool]
    sample: Mapping[str, Fraction]
    equilibria: tuple[Equilibrium, ...]
    ends: tuple[End, End] | None
    points: int
    bounds: Mapping[str, tuple[float, float]]


@dataclass(frozen=True, eq=False)
class Threshold:
    """A value of ``parameter`` where the structure changes.

    ``exact`` is the rational value when it is known exactly; ``algebraic``
    names the polynomial for an irrational exact threshold. ``at`` is the
    structure exactly at the value when it was computed, ``where`` the other
    swept parameter's value (2-D). ``method`` is ``"exact"`` or
    ``"bisection"``; a bisected threshold lies in ``bracket``.
    """

    parameter: str
    value: float
    exact: Fraction | None
    algebraic: str | None
    before: int
    after: int
    at: int | None
    where: Mapping[str, Fraction]
    method: str
    bracket: tuple[float, float]


@dataclass(frozen=True, eq=False)
class Isolated:
    """A single value whose structure differs from the regime around it."""

    parameter: str
    value: float
    exact: Fraction | None
    structure: int
    equilibria: tuple[Equilibrium, ...]
    where: Mapping[str, Fraction]


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Everything :func:`sweep` computed.

    ``analysis`` says how regimes were found: ``"exact"`` (critical
    polynomials, 1-D), ``"bisection"`` or ``"grid"`` (2-D map; boundaries are
    refined along grid lines, exactly per line where possible).
    """

    spec: GameSpec
    axes: tuple[Axis, ...]
    fixed: Mapping[str, Fraction]
    method: str
    pure_only: bool
    points: PointTable
    structures: tuple[Structure, ...]
    regimes: tuple[Regime, ...]
    thresholds: tuple[Threshold, ...]
    isolated: tuple[Isolated, ...]
    analysis: str
    exact_points: bool
    warnings: tuple[tuple[str, str], ...]

    def point_values(self, i: int) -> dict[str, Fraction]:
        """The swept parameters' exact values at point ``i``."""
        return grid_point_values(self.axes, i)
