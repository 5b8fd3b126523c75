"""Parameter sweeps: grids, batched equilibria, regimes and exact thresholds.

Pure functions over :mod:`wedge_cli.model` and :mod:`wedge_cli.solve` (no
typer, no rich). The entry point is :func:`sweep`; see ``docs/sweep.md``.

What a sweep computes
---------------------
1. **Points.** The game at every grid point. Payoffs for all points are
   evaluated at once (:meth:`GameSpec.batch`). Sweeps of at most
   :data:`EXACT_POINTS_MAX` points solve each point exactly with
   :func:`wedge_cli.solve.solve`, so a point's equilibria are the ones
   ``wedge solve`` prints. Larger sweeps solve all points in batches
   (:mod:`wedge_cli.solve.batch`: vectorised support enumeration for 2
   players, vectorised pure search otherwise, every equilibrium verified);
   points the batch cannot certify as nondegenerate go to the exact solver
   one by one, so nothing is dropped.
2. **Structure.** The *structure* of a point is the set of its equilibria's
   support profiles plus the solver's ``pure_only`` and ``complete`` flags
   (:class:`Structure`).
3. **Regimes and thresholds (1-D).** A *regime* is a maximal range of the
   parameter on which the structure stays the same; a *threshold* is a value
   where the structure just below differs from the one just above.

Exact thresholds
----------------
When every payoff is a polynomial in the swept parameter ``t`` with rational
coefficients (proved from the expression tree by
:func:`wedge_cli.expr.polynomial_coefficients`; affine payoffs are the usual
case), the structure can only change at a root of finitely many polynomials:

* 2 players (all extreme equilibria): the structure is fixed by the
  combinatorics of the best-response polyhedra
  ``Q = {(y, v) : y >= 0, 1'y = 1, A y <= v 1}`` and
  ``P = {(x, u) : x >= 0, 1'x = 1, B'x <= u 1}`` (which bases are
  nonsingular, which basic solutions are feasible, which constraints are
  tight; Avis, Rosenberg, Savani & von Stengel 2010). With the constraint
  rows of ``Q`` written as ``e_j`` (for ``y_j >= 0``), ``(-A_i, 1)`` (for
  ``v - A_i y >= 0``) and ``(1', 0)`` (for ``1'y = 1``), a basis
  determinant is a maximal minor containing the last row, and by Cramer's
  rule the slack of any other constraint times that determinant is the
  minor with the last row replaced by the constraint's row. So every sign
  that matters is the sign of a **maximal minor** of that
  ``(m + n + 1) x (n + 1)`` matrix (likewise for ``P``), a polynomial in
  ``t`` of degree at most ``(n + 1) * deg``. Minors are computed exactly as
  integer polynomials by evaluation at ``0, 1, ..., deg`` (fraction-free
  Bareiss determinants) and Newton interpolation.
* pure equilibria (3 or more players by default, or ``method="pure"``): the
  differences ``u_p(s) - u_p(s'_p, s_-p)``.

Between two consecutive roots every such polynomial keeps its sign, so the
structure is constant there. wedge collects the roots inside the range
(exact rationals: linear factors directly, other rational roots by snapping
numerical roots and checking them exactly; irrational roots numerically,
refined by exact-sign bisection to about ``1e-13``), solves the game
**exactly at every rational root and at a rational point strictly between
each pair of consecutive roots**, and merges equal neighbours. This finds a
threshold between two grid points, and a regime narrower than the grid
spacing, whatever the grid. As a cross-check the structure of every grid
point must match the regime it falls in; if not (which would be a bug),
wedge falls back to bisection and says so.

Otherwise (``min``, ``max``, ``abs`` of the swept parameter, a division by
it, a fractional power, games too large for the minors budget, or a solver
that searches mixed equilibria of 3+ players), structure changes are found
between grid points and bisected with exact solves to :data:`BISECT_TOL`, and
a regime narrower than the grid spacing can be missed. When the payoffs are
polynomial, the roots of the pure payoff differences are probed first as if
they were grid points, so every change of the *pure* equilibria is found and
gets its exact value; changes of mixed equilibria alone have no ``exact`` value.

At a threshold the game is often degenerate (ties); the structure *at* the
threshold value is reported separately when it was computed (rational
thresholds). Points where the structure differs from both sides but the two
sides agree are listed as *isolated* points, not thresholds.

2-D sweeps
----------
Regimes are the distinct structures on the grid (with their bounding boxes).
Boundaries are refined along grid lines: wherever two neighbouring grid points
differ, the crossing(s) on the segment between them are found as in 1-D
(exactly when the payoffs are polynomial in the parameter of that line; the
intervals between roots are searched by bisection over the list of roots,
within :data:`MAX_BOUNDARY_SEGMENTS` and :data:`MAX_REFINE_WORK`).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

import numpy as np

from wedge_cli.expr import polynomial_coefficients
from wedge_cli.budget import Budget
from wedge_cli.model import Game, GameSpec, GameTooLargeError, NumberError, WedgeError, exact_number, read_value
from wedge_cli.solve import Solution, solve
from wedge_cli.solve.batch import BatchEquilibria, bimatrix_batch, pure_batch, support_key, support_keys
from wedge_cli.solve.result import Equilibrium
from wedge_cli.solve.verify import Candidate, default_tol, verify_candidates

MAX_POINTS = 1_000_000
"""Most grid points in one sweep (1-D or 2-D)."""

MAX_PARAMS = 2
"""Most swept parameters."""

SWEEP_METHODS = ("auto", "enumerate", "pure")
"""Solver methods a sweep accepts (complete ones only)."""

DEFAULT_STEPS = (100, 50)
"""Default STEPS for a 1-D and for a 2-D sweep (per axis)."""

EXACT_POINTS_MAX = 1000
"""Sweeps with at most this many points solve every point exactly (like ``wedge solve``)."""

BISECT_TOL = 1e-10
"""Bisection stops when the bracket is narrower than this times ``max(1, |t|)``."""

RESOLUTION = 1e-6
"""Changes found by bisection closer together than this times ``max(1, |t|)`` are reported as one.

Within about ``tol / slope`` of a threshold the solver's tolerance (regret up to
about 1e-9 of the largest payoff) admits near-equilibria that are gone a little
further on, so one change can be seen as several, each a few 1e-9 apart."""

MAX_MINORS = 5_000
"""Most critical polynomials (minors) per polyhedron for exact thresholds (7x7 games need 6,434);
beyond, bisection."""

MAX_PURE_PROBES = 300
"""Most roots of pure payoff differences probed (3 exact solves each) on one line in bisection mode."""

MAX_BOUNDARY_SEGMENTS = 5_000
"""Most grid segments whose crossing is refined in a 2-D sweep."""

MAX_REFINE_WORK = 2_000_000
"""Work budget for refining 2-D boundaries, in rough units of integer operations: a minor of size
``c + 1`` and degree ``deg`` costs ``(deg + 1) * (c + 1) ** 2``, an exact solve ``10 +`` the number of
bases (2 players: ``C(m + n, m)``) or of profiles."""

BATCH_POINTS = 1 << 17
"""Points per batch when payoffs are evaluated and solved in batches (bounds memory)."""

_SAME_ROOT = 1e-9

Progress = Callable[[str, int, int], None]


# ----------------------------------------------------------------------------- axes


@dataclass(frozen=True)
class Axis:
    """One swept parameter: ``steps + 1`` equally spaced values from ``start`` to ``stop``."""

    name: str
    start: Fraction
    stop: Fraction
    steps: int
    description: str = ""

    @property
    def size(self) -> int:
        return self.steps + 1

    def exact_value(self, i: int) -> Fraction:
        """The ``i``-th grid value, exactly."""
        return self.start + (self.stop - self.start) * i / self.steps

    def values(self) -> np.ndarray:
        """All grid values as floats, each the float nearest to the exact value."""
        a, d = self.start, self.stop - self.start
        den = a.denominator * d.denominator * self.steps
        first = a.numerator * d.denominator * self.steps
        step = d.numerator * a.denominator
        if max(abs(first), abs(first + step * self.steps), den) < 2**53:
            return (first + step * np.arange(self.size, dtype=np.int64)) / float(den)
        return np.array([float(self.exact_value(i)) for i in range(self.size)])


_INT = re.compile(r"^\s*\+?\d+\s*$", re.ASCII)  # 0-9 only: int() would also read "٣"


def _number(text: str, what: str, item: str) -> Fraction:
    hint = "write numbers such as 0, 2.5 or 5/2, e.g. --param relief=0:30:300"
    if not text.strip():
        raise WedgeError(f"--param {item!r}: {what} is empty", hint=hint)
    try:
        return read_value(text, f"--param {item!r}: {what}")
    except NumberError as exc:
        raise WedgeError(exc.message, hint=f"{exc.hint}; {hint}") from None


def parse_axis(text: str, spec: GameSpec, default_steps: int = DEFAULT_STEPS[0]) -> Axis:
    """Read ``NAME``, ``NAME=START:STOP`` or ``NAME=START:STOP:STEPS``.

    ``STEPS`` is the number of equal steps (the grid has ``STEPS + 1`` points,
    both ends included); ``NAME`` alone sweeps the declared ``[min, max]``.

    Raises
    ------
    WedgeError
        Unknown parameter (with a did-you-mean hint), bad syntax, no declared
        range, ``START >= STOP``, ``STEPS`` not a positive integer.
    GameTooLargeError
        More than :data:`MAX_POINTS` points.
    """
    from wedge_cli.formats.toml_read import suggest

    name, sep, rest = text.partition("=")
    name = name.strip()
    if not name:
        raise WedgeError(f"--param {text!r} has no parameter name",
                         hint="write --param NAME=START:STOP:STEPS, e.g. --param relief=0:30:300")
    if name not in spec.parameters:
        known = list(spec.parameters)
        hint = suggest(name, known) if known else "this game has no parameters to sweep"
        raise WedgeError(f"unknown parameter {name!r} in --param", path=spec.path, hint=hint)
    p = spec.parameters[name]
    if not sep:
        if p.min is None or p.max is None:
            raise WedgeError(
                f"parameter {name!r} has no declared range to sweep",
                path=spec.path, line=p.line,
                hint=f"give one on the command line, e.g. --param {name}=0:10:{default_steps}, "
                     f"or add min and max to [parameters.{name}] in the file",
            )
        start, stop, steps = exact_number(p.min), exact_number(p.max), default_steps
    else:
        parts = rest.split(":")
        if len(parts) not in (2, 3):
            raise WedgeError(
                f"--param {text!r}: expected NAME=START:STOP or NAME=START:STOP:STEPS",
                hint=f"for example --param {name}=0:30:300 (300 steps, 301 points)",
            )
        start = _number(parts[0], "START", text)
        stop = _number(parts[1], "STOP", text)
        steps = default_steps
        if len(parts) == 3:
            if not _INT.match(parts[2]):
                raise WedgeError(
                    f"--param {text!r}: STEPS {parts[2].strip()!r} is not a positive whole number",
                    hint=f"STEPS counts equal steps, e.g. --param {name}={parts[0].strip()}:{parts[1].strip()}:100",
                )
            steps = int(parts[2])
    if start is None or stop is None or start >= stop:
        raise WedgeError(
            f"--param {text!r}: START must be less than STOP",
            hint=f"for example --param {name}={min(start, stop)}:{max(start, stop)}" if start != stop
            else "give two different values",
        )
    if steps < 1:
        raise WedgeError(f"--param {text!r}: STEPS must be at least 1", hint="for example :100")
    if steps + 1 > MAX_POINTS:
        raise GameTooLargeError(
            f"--param {text!r}: {steps + 1:,} points is more than the limit of {MAX_POINTS:,}",
            hint=f"use at most {MAX_POINTS - 1:,} steps",
        )
    return Axis(name, start, stop, steps, p.description)


def parse_axes(texts: Sequence[str], spec: GameSpec) -> list[Axis]:
    """Read the ``--param`` values of one sweep: one (1-D) or two (2-D map).

    The default ``STEPS`` is :data:`DEFAULT_STEPS` for that number of axes;
    each text is read by :func:`parse_axis`.

    Raises
    ------
    WedgeError
        No parameter, more than :data:`MAX_PARAMS`, or any error of :func:`parse_axis`.
    """
    if not texts:
        raise WedgeError("give a parameter to sweep with --param", hint="for example --param relief=0:30:300")
    if len(texts) > MAX_PARAMS:
        raise WedgeError(f"at most {MAX_PARAMS} --param options (a 1-D sweep or a 2-D map), got {len(texts)}",
                         hint="fix the others with --set NAME=VALUE")
    steps = DEFAULT_STEPS[len(texts) - 1]
    return [parse_axis(text, spec, steps) for text in texts]


# ------------------------------------------------------------------ structures


@dataclass(frozen=True)
class Structure:
    """What a regime is made of: the support profiles of the equilibria.

    ``supports`` is sorted (pure profiles first) and without repeats; each is
    one tuple of strategy indices per player.
    """

    supports: tuple[tuple[tuple[int, ...], ...], ...]
    pure_only: bool
    complete: bool

    @property
    def pure(self) -> tuple[tuple[tuple[int, ...], ...], ...]:
        return tuple(s for s in self.supports if all(len(x) == 1 for x in s))

    @property
    def mixed(self) -> tuple[tuple[tuple[int, ...], ...], ...]:
        return tuple(s for s in self.supports if any(len(x) > 1 for x in s))


def _sort_supports(supports) -> tuple:
    return tuple(sorted(set(supports), key=lambda s: (any(len(x) > 1 for x in s), s)))


def structure_of(solution: Solution) -> Structure:
    """The :class:`Structure` of one solved game."""
    return Structure(_sort_supports(eq.support for eq in solution.equilibria),
                     bool(solution.pure_only), bool(solution.complete))


def _profile_words(support, players, prefix: bool = True) -> str:
    if all(len(s) == 1 for s in support):
        return "(" + ", ".join(p.strategies[s[0]] for p, s in zip(players, support)) + ")"
    parts = [f"{p.name}: " + "+".join(p.strategies[i] for i in s) for p, s in zip(players, support)]
    return ("mixed (" if prefix else "(") + "; ".join(parts) + ")"


def describe_structure(structure: Structure, players) -> str:
    """A regime's label in words, e.g. ``"(Maintain, FreeRide); (Retrench, Rearm); mixed (...)"``."""
    if not structure.supports:
        return "no pure equilibrium" if structure.pure_only else "no equilibrium found"
    return "; ".join(_profile_words(s, players) for s in structure.supports)


def _strategy_words(player, support) -> str:
    if len(support) == 1:
        return player.strategies[support[0]]
    return "a mix of " + ", ".join(player.strategies[i] for i in support)


def describe_change(before: Structure | None, after: Structure | None, players) -> str:
    """What happens at a threshold, in words.

    With one equilibrium on each side: ``"Russia's equilibrium strategy
    changes StayWithChina -> Hedge"`` (one clause per player that changes);
    otherwise which equilibria appear and disappear.
    """
    if before is None or after is None:
        return ""
    if len(before.supports) == 1 and len(after.supports) == 1:
        b, a = before.supports[0], after.supports[0]
        parts = [
            f"{p.name}'s equilibrium strategy changes {_strategy_words(p, x)} -> {_strategy_words(p, y)}"
            for p, x, y in zip(players, b, a) if x != y
        ]
        was_pure, is_pure = all(len(x) == 1 for x in b), all(len(x) == 1 for x in a)
        lead = "" if was_pure == is_pure else ("the equilibrium becomes mixed: " if was_pure
                                                else "the equilibrium becomes pure: ")
        return lead + "; ".join(parts)
    gone = [s for s in before.supports if s not in after.supports]
    new = [s for s in after.supports if s not in before.supports]
    parts = []
    for s in gone:
        kind = "a mixed" if any(len(x) > 1 for x in s) else "the pure"
        parts.append(f"{kind} equilibrium {_profile_words(s, players, False)} disappears")
    for s in new:
        kind = "a mixed" if any(len(x) > 1 for x in s) else "a pure"
        parts.append(f"{kind} equilibrium {_profile_words(s, players, False)} appears")
    if not before.supports and not parts:
        parts.append("equilibria appear")
    if before.pure_only != after.pure_only or before.complete != after.complete:
        parts.append("the solver's coverage changes")
    return "; ".join(parts)


# ----------------------------------------------------------------------- points


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

    def equilibria(self, i: int) -> tuple[Equilibrium, ...]:
        """The verified equilibria at point ``i`` (exact when it was solved exactly)."""
        if i in self.solutions:
            return self.solutions[i].equilibria
        b = self.batch
        assert b is not None and self._offsets is not None
        rows = range(int(self._offsets[i]), int(self._offsets[i + 1]))
        return tuple(_batch_equilibrium(b, r) for r in rows)

    def solved_exactly(self, i: int) -> bool:
        return i in self.solutions and self.solutions[i].game.exact is not None

    def degenerate(self, i: int) -> bool:
        return bool(self.solutions[i].degenerate) if i in self.solutions else False

    def count(self, i: int) -> int:
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


# ------------------------------------------------------------------ result types


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


def grid_point_values(axes: Sequence[Axis], i: int) -> dict[str, Fraction]:
    """The swept parameters' exact values at grid point ``i`` (first parameter outermost)."""
    out = {}
    for axis, index in zip(axes, _unravel(axes, i)):
        out[axis.name] = axis.exact_value(index)
    return out


def _unravel(axes: Sequence[Axis], i: int) -> tuple[int, ...]:
    if len(axes) == 1:
        return (i,)
    return divmod(i, axes[1].size)


# ------------------------------------------------------------------ the context


@dataclass
class _Context:
    spec: GameSpec
    axes: tuple[Axis, ...]
    fixed: dict[str, Fraction]
    progress: Progress | None
    requested: str = "auto"  # the solver method asked for (see SWEEP_METHODS)
    structures: list[Structure] = field(default_factory=list)
    index: dict[Structure, int] = field(default_factory=dict)
    cache: dict[tuple, Solution] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    method: str = "enumerate"
    kind: str = "bimatrix"  # "bimatrix" (2 players, all extreme equilibria), "pure", or "other" (3+ players, mixed)
    polys: dict[tuple, np.ndarray | None] = field(default_factory=dict)
    work: int = 0  # rough cost of minors and exact solves so far (budget of 2-D refinement)
    budget: Budget = field(default_factory=lambda: Budget(None))  # the command's work budget (seconds)

    def intern(self, s: Structure) -> int:
        if s not in self.index:
            self.index[s] = len(self.structures)
            self.structures.append(s)
        return self.index[s]

    def env(self, values: Mapping[str, Fraction]) -> dict[str, Fraction]:
        """Exact values of every parameter: defaults, fixed, then ``values``."""
        out = {}
        for name, p in self.spec.parameters.items():
            q = exact_number(p.value)
            out[name] = q if q is not None else Fraction(p.value)
        out.update(self.fixed)
        out.update(values)
        return out

    def solve_at(self, values: Mapping[str, Fraction]) -> Solution:
        key = tuple(sorted(values.items()))
        if key not in self.cache:
            self.budget.tick("the sweep")
            shape = self.spec.shape
            self.work += 10 + (math.comb(sum(shape), shape[0]) if len(shape) == 2 else math.prod(shape))
            self.cache[key] = solve(self.spec.game({**self.fixed, **values}), method=self.requested,
                                    budget=self.budget)
        return self.cache[key]

    def structure_at(self, values: Mapping[str, Fraction]) -> int:
        return self.intern(structure_of(self.solve_at(values)))

    def tick(self, stage: str, done: int, total: int) -> None:
        self.budget.progress = (done, total)
        self.budget.tick(f"the sweep, {stage}", done, total)
        if self.progress is not None:
            self.progress(stage, done, total)


# ------------------------------------------------------------------ grid points


def _solve_points(ctx: _Context, exact_points: bool) -> PointTable:
    axes = ctx.axes
    n_points = math.prod(a.size for a in axes)
    structure = np.empty(n_points, dtype=np.int64)
    solutions: dict[int, Solution] = {}
    first = ctx.solve_at(grid_point_values(axes, 0))
    ctx.method = first.method
    if first.method == "pure":
        ctx.kind = "pure"
    elif first.method == "enumerate" and ctx.spec.n_players == 2:
        ctx.kind = "bimatrix"
    else:  # e.g. all equilibria of a 3-player game, mixed included: solved point by point
        ctx.kind = "other"
    if exact_points or ctx.kind == "other":
        for i in range(n_points):
            sol = ctx.solve_at(grid_point_values(axes, i))
            solutions[i] = sol
            structure[i] = ctx.intern(structure_of(sol))
            if i % 64 == 0:
                ctx.tick("solving grid points", i, n_points)
        ctx.tick("solving grid points", n_points, n_points)
        return PointTable(n_points, structure, solutions, None)
    grids = [a.values() for a in axes]
    if len(axes) == 1:
        flat = [grids[0]]
    else:
        mesh = np.meshgrid(grids[0], grids[1], indexing="ij")
        flat = [mesh[0].ravel(), mesh[1].ravel()]
    parts: list[BatchEquilibria] = []
    for start in range(0, n_points, BATCH_POINTS):
        stop = min(n_points, start + BATCH_POINTS)
        values = {a.name: f[start:stop] for a, f in zip(axes, flat)}
        for name, q in ctx.fixed.items():
            values[name] = np.full(stop - start, float(q))
        payoffs = ctx.spec.batch(values)
        part = bimatrix_batch(payoffs) if ctx.kind == "bimatrix" else pure_batch(payoffs)
        parts.append(part)
        ctx.tick("solving grid points (batched)", stop, n_points)
    batch = _concat(parts, n_points)
    suspect = np.flatnonzero(batch.suspect)
    for count, i in enumerate(suspect.tolist()):
        sol = ctx.solve_at(grid_point_values(axes, i))
        solutions[i] = sol
        if count % 64 == 0:
            ctx.tick("solving degenerate points exactly", count, len(suspect))
    offsets = batch.offsets()
    _batch_structures(ctx, batch, offsets, first, structure)
    for i, sol in solutions.items():
        structure[i] = ctx.intern(structure_of(sol))
    return PointTable(n_points, structure, solutions, batch, offsets)


def _concat(parts: list[BatchEquilibria], n_points: int) -> BatchEquilibria:
    if len(parts) == 1:
        return parts[0]
    shift = np.cumsum([0] + [p.n_games for p in parts[:-1]])
    return BatchEquilibria(
        n_games=n_points,
        game=np.concatenate([p.game + s for p, s in zip(parts, shift)]),
        strategies=tuple(np.concatenate([p.strategies[k] for p in parts]) for k in range(len(parts[0].strategies))),
        payoffs=np.concatenate([p.payoffs for p in parts]),
        regret=np.concatenate([p.regret for p in parts]),
        strict=np.concatenate([p.strict for p in parts]),
        suspect=np.concatenate([p.suspect for p in parts]),
        tol=np.concatenate([p.tol for p in parts]),
    )


def _decode(key: int, sizes: Sequence[int]) -> tuple[tuple[int, ...], ...]:
    out, offset = [], 0
    for k in sizes:
        out.append(tuple(i for i in range(k) if (key >> (offset + i)) & 1))
        offset += k
    return tuple(out)


def _batch_structures(ctx, batch: BatchEquilibria, offsets, first: Solution, out: np.ndarray) -> None:
    """Structure ids of the batch-solved points, with one pass of numpy over all equilibria."""
    sizes = ctx.spec.shape
    keys = support_keys(batch.strategies)
    n = batch.n_games
    if keys is None:
        keys_list = [support_key([np.flatnonzero(s[r]) for s in batch.strategies], sizes)
                     for r in range(len(batch.game))]
        keys = np.array(keys_list, dtype=object)
    distinct, inverse = np.unique(keys, return_inverse=True)
    if len(distinct) <= 62:
        masks = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(masks, batch.game, np.left_shift(np.int64(1), inverse.astype(np.int64)))
        masks[batch.suspect] = -1  # solved one by one; their structures are set by the caller
        uniq, which = np.unique(masks, return_inverse=True)
        ids = []
        for mask in uniq.tolist():
            if mask < 0:
                ids.append(-1)
                continue
            supports = [_decode(int(distinct[b]), sizes) for b in range(len(distinct)) if (mask >> b) & 1]
            ids.append(ctx.intern(Structure(_sort_supports(supports), first.pure_only, first.complete)))
        out[:] = np.asarray(ids, dtype=np.int64)[which]
        return
    for i in range(n):
        if batch.suspect[i]:
            continue
        rows = range(int(offsets[i]), int(offsets[i + 1]))
        supports = [_decode(int(distinct[inverse[r]]), sizes) for r in rows]
        out[i] = ctx.intern(Structure(_sort_supports(supports), first.pure_only, first.complete))


# ------------------------------------------------------- polynomials and roots

IntPoly = tuple[int, ...]


def _int_det(rows: list[list[int]]) -> int:
    """Determinant of a square integer matrix by fraction-free elimination (Bareiss 1968)."""
    a = [list(r) for r in rows]
    k = len(a)
    sign, prev = 1, 1
    for c in range(k - 1):
        pivot = next((r for r in range(c, k) if a[r][c] != 0), None)
        if pivot is None:
            return 0
        if pivot != c:
            a[c], a[pivot] = a[pivot], a[c]
            sign = -sign
        p = a[c][c]
        for r in range(c + 1, k):
            f = a[r][c]
            row_r, row_c = a[r], a[c]
            for j in range(c + 1, k):
                row_r[j] = (p * row_r[j] - f * row_c[j]) // prev
        prev = p
    return sign * a[k - 1][k - 1] if k else 1


def _interpolate(values: Sequence[int | Fraction]) -> list[Fraction]:
    """The polynomial of degree ``< len(values)`` with ``p(t) = values[t]`` for ``t = 0, 1, ...``.

    Newton's forward differences: ``p(t) = sum_k D^k p(0) * C(t, k)``.
    Coefficients are exact, constant term first, without trailing zeros.
    """
    diffs = [Fraction(v) for v in values]
    coeffs = [Fraction(0)] * len(values)
    falling = [Fraction(1)]  # t (t - 1) ... (t - k + 1), constant term first
    factorial = 1
    for k in range(len(values)):
        d = diffs[0]
        if d:
            scale = d / factorial
            for i, c in enumerate(falling):
                coeffs[i] += scale * c
        diffs = [b - a for a, b in zip(diffs, diffs[1:])]
        nxt = [Fraction(0)] * (len(falling) + 1)
        for i, c in enumerate(falling):
            nxt[i + 1] += c
            nxt[i] -= k * c
        falling = nxt
        factorial *= k + 1
    while coeffs and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs


def _interpolate_int(values: Sequence[int]) -> list[int]:
    """:func:`_interpolate` for an integer polynomial, in integer arithmetic.

    ``D^k p(0)`` is divisible by ``k!`` when ``p`` has integer coefficients (a
    determinant of integer polynomials does), so every step stays in the
    integers; a remainder would mean a bug, and falls back to fractions.
    """
    diffs = list(values)
    coeffs = [0] * len(values)
    falling = [1]
    factorial = 1
    for k in range(len(values)):
        d, rem = divmod(diffs[0], factorial)
        if rem:
            return [int(c) for c in _int_poly(_interpolate(values))]
        if d:
            for i, c in enumerate(falling):
                coeffs[i] += d * c
        diffs = [b - a for a, b in zip(diffs, diffs[1:])]
        nxt = [0] * (len(falling) + 1)
        for i, c in enumerate(falling):
            nxt[i + 1] += c
            nxt[i] -= k * c
        falling = nxt
        factorial *= k + 1
    while coeffs and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs


def _int_poly(coeffs: Sequence[Fraction | int]) -> IntPoly:
    """A primitive integer polynomial with the same roots (denominators cleared, gcd 1, leading term > 0)."""
    den = math.lcm(*(Fraction(c).denominator for c in coeffs)) if coeffs else 1
    return _primitive([int(Fraction(c) * den) for c in coeffs])


def _primitive(p: Sequence[int]) -> IntPoly:
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    if not p:
        return ()
    g = math.gcd(*p)
    if p[-1] < 0:
        g = -g
    return tuple(c // g for c in p)


def _value(p: Sequence, x: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


def _divide_linear(p: Sequence, root: Fraction) -> list:
    """``p(t) / (t - root)`` for a root of ``p`` (synthetic division)."""
    out = [Fraction(0)] * (len(p) - 1)
    acc = Fraction(0)
    for i in range(len(p) - 1, 0, -1):
        acc = acc * root + p[i]
        out[i - 1] = acc
    return out


def _poly_text(p: Sequence[int], name: str) -> str:
    terms = []
    for i in range(len(p) - 1, -1, -1):
        c = p[i]
        if c == 0:
            continue
        var = "" if i == 0 else (name if i == 1 else f"{name}**{i}")
        mag = abs(c)
        body = str(mag) if not var else (var if mag == 1 else f"{mag}*{var}")
        terms.append(("-" if c < 0 else "+", body))
    if not terms:
        return "0"
    text = ("-" if terms[0][0] == "-" else "") + terms[0][1]
    for sign, body in terms[1:]:
        text += f" {sign} {body}"
    return text


@dataclass(frozen=True)
class _Root:
    value: float
    exact: Fraction | None
    poly: IntPoly | None  # for an irrational root: the square-free polynomial it solves


def _int_value(p: Sequence[int], num: int, den: int) -> int:
    """``den**d * p(num / den)`` for an integer polynomial of degree ``d`` (exact; ``den > 0``)."""
    d = len(p) - 1
    acc = p[d]
    power = 1
    for i in range(d - 1, -1, -1):
        power *= den
        acc = acc * num + p[i] * power
    return acc


def _float_sign(p: Sequence[int], x: float) -> int:
    num, den = x.as_integer_ratio()
    v = _int_value(p, num, den)
    return (v > 0) - (v < 0)


def _refine(p: Sequence[int], guess: float) -> float | None:
    """Bisect an irrational root of ``p`` near ``guess`` with exact signs; None if no sign change nearby.

    The bracket ends are floats; the sign of ``p`` at each is computed exactly
    (a float is a dyadic rational), so the result is the float bracket of the
    root to the last bits.
    """
    width = 1e-7 * (1 + abs(guess))
    for _ in range(4):
        lo, hi = guess - width, guess + width
        s_lo, s_hi = _float_sign(p, lo), _float_sign(p, hi)
        if s_lo * s_hi < 0:
            break
        width *= 100
    else:
        return None
    for _ in range(80):
        mid = (lo + hi) / 2
        if not lo < mid < hi:
            break
        s = _float_sign(p, mid)
        if s == 0:
            return mid
        if s == s_lo:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


_SNAP_DENOMINATORS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 20, 24, 25, 30, 40, 50, 60, 100, 1000, 10**4, 10**6)


def _roots(p: IntPoly, lo: Fraction, hi: Fraction) -> list[_Root]:
    """Real roots of an integer polynomial strictly inside ``(lo, hi)``.

    Rational roots are exact: a linear factor is read off; other rational
    roots are found by snapping numerical roots (``numpy.roots``) to nearby
    fractions and checking them exactly in integer arithmetic, then divided
    out. What is left is solved numerically and each real root in the range
    refined by bisection on exact signs.
    """
    out: list[_Root] = []
    work: IntPoly = _primitive(p)
    if len(work) > 1 and work[0] == 0:  # roots at 0
        while len(work) > 1 and work[0] == 0:
            work = work[1:]
        if lo < 0 < hi:
            out.append(_Root(0.0, Fraction(0), None))
    f_lo, f_hi = float(lo), float(hi)

    def in_range(x: float) -> bool:
        return f_lo - 1e-9 * (1 + abs(x)) < x < f_hi + 1e-9 * (1 + abs(x))

    def numeric_roots(poly: IntPoly) -> list[float]:
        scale = max(abs(c) for c in poly)
        try:
            found = np.roots([float(Fraction(c, scale)) for c in reversed(poly)])
        except np.linalg.LinAlgError:
            return []
        return [float(r.real) for r in found if abs(r.imag) <= 1e-6 * (1 + abs(r.real))]

    while len(work) > 2:
        snapped = None
        for x in numeric_roots(work):
            if not in_range(x):
                continue
            close = 1e-7 * (1 + abs(x))
            candidates = [Fraction(round(x * den), den) for den in _SNAP_DENOMINATORS if abs(x * den) < 2**62
                          and abs(round(x * den) / den - x) <= close]
            candidates.append(Fraction(x).limit_denominator(10**9))
            snapped = next((q for q in candidates if _int_value(work, q.numerator, q.denominator) == 0), None)
            if snapped is not None:
                break
        if snapped is None:
            break
        if lo < snapped < hi:
            out.append(_Root(float(snapped), snapped, None))
        work = _int_poly(_divide_linear(work, snapped))
    if len(work) == 2:
        q = Fraction(-work[0], work[1])
        if lo < q < hi:
            out.append(_Root(float(q), q, None))
        return out
    if len(work) <= 1:
        return out
    for x in numeric_roots(work):
        if not in_range(x):
            continue
        refined = _refine(work, x)
        value = x if refined is None else refined
        if f_lo < value < f_hi:
            out.append(_Root(value, None, work))
    return out


# ------------------------------------------------------- critical polynomials


def _cell_polys(ctx: _Context, name: str, env: Mapping[str, Fraction]) -> np.ndarray | None:
    """Every payoff as an exact polynomial in ``name`` (object array of tuples), or None."""
    key = (name, tuple(sorted((k, v) for k, v in env.items() if k != name)))
    if key not in ctx.polys:
        ctx.polys[key] = _compute_cell_polys(ctx, name, env)
    return ctx.polys[key]


def _compute_cell_polys(ctx: _Context, name: str, env: Mapping[str, Fraction]) -> np.ndarray | None:
    cells = ctx.spec.cells
    out = np.empty(cells.shape, dtype=object)
    for index, cell in np.ndenumerate(cells):
        poly = polynomial_coefficients(cell, name, env)
        if poly is None:
            return None
        out[index] = poly
    return out


def _integer_polys(polys: np.ndarray) -> tuple[np.ndarray, int]:
    """Scale one player's polynomial payoffs by a common positive integer so all coefficients are ints."""
    den = 1
    degree = 0
    for p in polys.flat:
        for c in p:
            den = math.lcm(den, c.denominator)
        degree = max(degree, len(p) - 1)
    out = np.empty(polys.shape, dtype=object)
    for index, p in np.ndenumerate(polys):
        out[index] = tuple(int(c * den) for c in p)
    return out, degree


def _eval_int(p: IntPoly, t: int) -> int:
    acc = 0
    for c in reversed(p):
        acc = acc * t + c
    return acc


def _polyhedron_minors(mat: np.ndarray, degree: int, ctx: _Context | None = None) -> set[IntPoly] | None:
    """Nonconstant maximal minors of ``[[-M, 1], [1', 0]]`` stacked under ``e_j`` rows, as primitive polynomials.

    ``mat`` is ``(r, d)`` integer polynomials: the payoffs of the player whose
    best replies are the constraints (rows) against the other player's ``d``
    strategies. A maximal minor with ``d - c`` rows ``e_j`` equals (up to
    sign) the ``(c + 1) x (c + 1)`` minor on the other ``c`` columns, so only
    those are formed. Returns None beyond :data:`MAX_MINORS`.
    """
    r, d = mat.shape
    total = sum(math.comb(d, c) * math.comb(r + 1, c + 1) for c in range(1, d + 1))
    if total > MAX_MINORS:
        return None
    moving = np.array([[len(mat[i, j]) > 1 for j in range(d)] for i in range(r)], dtype=bool)
    if not moving.any():
        return set()
    values = [[[_eval_int(mat[i, j], t) for j in range(d)] for i in range(r)] for t in range((d + 1) * degree + 1)]
    out: set[IntPoly] = set()
    for c in range(1, d + 1):
        for cols in combinations(range(d), c):
            cols_l = list(cols)
            live = moving[:, cols_l].any(axis=1)
            if not live.any():
                continue
            for chosen in combinations(range(r + 1), c + 1):
                rows = [i for i in chosen if i < r]
                n_live = int(sum(live[i] for i in rows))
                if n_live == 0:
                    continue
                ones = len(rows) < len(chosen)
                deg = n_live * degree
                if ctx is not None:
                    ctx.work += (deg + 1) * (c + 1) ** 2
                dets = []
                for t in range(deg + 1):
                    v = values[t]
                    matrix = [[-v[i][j] for j in cols_l] + [1] for i in rows]
                    if ones:
                        matrix.append([1] * c + [0])
                    dets.append(_int_det(matrix))
                poly = _primitive(_interpolate_int(dets))
                if len(poly) > 1:
                    out.add(poly)
    return out


def _pure_polys(ctx: _Context, polys: np.ndarray) -> set[IntPoly]:
    """The differences ``u_p(s) - u_p(s'_p, s_-p)``: the set of pure equilibria changes only at their roots."""
    spec = ctx.spec
    out: set[IntPoly] = set()
    for p in range(spec.n_players):
        ints, degree = _integer_polys(polys[p])
        if degree == 0:
            continue
        k = spec.shape[p]
        for index in np.ndindex(*spec.shape):
            for alt in range(index[p] + 1, k):
                other = index[:p] + (alt,) + index[p + 1:]
                x, y = ints[index], ints[other]
                size = max(len(x), len(y))
                poly = _primitive([(x[i] if i < len(x) else 0) - (y[i] if i < len(y) else 0) for i in range(size)])
                if len(poly) > 1:
                    out.add(poly)
    return out


def _critical_polys(ctx: _Context, name: str, env: Mapping[str, Fraction]) -> set[IntPoly] | None:
    """Polynomials in ``name`` whose roots include every point where the structure can change; None if unknown."""
    if ctx.kind == "other":
        return None
    polys = _cell_polys(ctx, name, env)
    if polys is None:
        return None
    if ctx.kind == "bimatrix":
        a, deg_a = _integer_polys(polys[0])
        b, deg_b = _integer_polys(polys[1])
        q_minors = _polyhedron_minors(a, deg_a, ctx) if deg_a else set()
        p_minors = _polyhedron_minors(b.T, deg_b, ctx) if deg_b else set()
        if q_minors is None or p_minors is None:
            return None
        return q_minors | p_minors
    return _pure_polys(ctx, polys)


def _pure_roots(ctx: _Context, name: str, env: Mapping[str, Fraction], lo: Fraction,
                hi: Fraction) -> list[_Root] | None:
    """Roots in ``(lo, hi)`` where the set of *pure* equilibria can change (polynomial payoffs), else None."""
    polys = _cell_polys(ctx, name, env)
    if polys is None:
        return None
    roots: list[_Root] = []
    for p in sorted(_pure_polys(ctx, polys)):
        roots.extend(_roots(p, lo, hi))
    return _merge_roots(roots)


def _critical_roots(ctx: _Context, name: str, env: Mapping[str, Fraction], lo: Fraction,
                    hi: Fraction) -> list[_Root] | None:
    polys = _critical_polys(ctx, name, env)
    if polys is None:
        return None
    roots: list[_Root] = []
    for p in sorted(polys):
        roots.extend(_roots(p, lo, hi))
    return _merge_roots(roots)


def _merge_roots(roots: list[_Root]) -> list[_Root]:
    exact = {r.exact: r for r in roots if r.exact is not None}
    out = sorted(exact.values(), key=lambda r: r.exact)
    floats = sorted((r for r in roots if r.exact is None), key=lambda r: r.value)
    for r in floats:
        close = _SAME_ROOT * (1 + abs(r.value))
        if any(abs(r.value - o.value) <= close for o in out):
            continue
        out.append(r)
    out.sort(key=lambda r: r.value)
    return out


# -------------------------------------------------------------- 1-D analysis


def inside(lo: Fraction, hi: Fraction) -> Fraction:
    """A rational strictly between ``lo < hi`` with a small denominator, near the middle."""
    if not lo < hi:
        raise ValueError(f"empty interval ({lo}, {hi})")
    mid = (lo + hi) / 2
    den = 1
    while True:
        q = mid.limit_denominator(den)
        if lo < q < hi and abs(q - mid) <= (hi - lo) / 4:
            return q
        den *= 2


def _as_fraction(x: Fraction | float) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


class _GridLine:
    """Grid points ``lo..hi`` (indices into ``axis``) of one line, with their structures.

    Exact values are made only on demand, so a line of a million points costs
    two numpy arrays.
    """

    def __init__(self, axis: Axis, structures: np.ndarray, floats: np.ndarray, lo: int = 0,
                 hi: int | None = None) -> None:
        self.axis = axis
        self.lo = lo
        self.hi = axis.size - 1 if hi is None else hi
        self.s = np.asarray(structures[lo:self.hi + 1], dtype=np.int64)
        self.x = floats[lo:self.hi + 1]

    def __len__(self) -> int:
        return self.hi - self.lo + 1

    def value(self, k: int) -> Fraction:
        """Exact value of the ``k``-th point of this line (negative ``k`` counts from the end)."""
        if k < 0:
            k += len(self)
        return self.axis.exact_value(self.lo + k)

    def index_of(self, v: Fraction) -> int | None:
        """Position of ``v`` on this line when it is a grid value, else None."""
        a = self.axis
        i = (v - a.start) * a.steps / (a.stop - a.start)
        if i.denominator != 1 or not self.lo <= i.numerator <= self.hi:
            return None
        return i.numerator - self.lo

    def sub(self, lo: int, hi: int) -> _GridLine:
        out = _GridLine.__new__(_GridLine)
        out.axis, out.lo, out.hi = self.axis, self.lo + lo, self.lo + hi
        out.s, out.x = self.s[lo:hi + 1], self.x[lo:hi + 1]
        return out

    def inside(self, a, b, sid: int, closed: bool = False) -> np.ndarray:
        """Positions of points strictly between ``a`` and ``b`` (or also at them) with structure ``sid``."""
        fa, fb = float(_as_fraction(a)), float(_as_fraction(b))
        if closed:
            return np.flatnonzero((self.x >= fa) & (self.x <= fb) & (self.s == sid))
        return np.flatnonzero((self.x > fa) & (self.x < fb) & (self.s == sid))


@dataclass
class _Break:
    """A boundary point on a line: the structures left of it, right of it and at it."""

    value: float
    exact: Fraction | None
    algebraic: str | None
    left: int
    right: int
    at: int | None
    method: str
    bracket: tuple[float, float]


@dataclass
class _Span:
    """An open interval of constant structure with a sample point."""

    lo: Fraction | float
    hi: Fraction | float
    structure: int
    sample: Fraction
    solution: Solution | None


@dataclass
class _Line:
    spans: list[_Span]
    breaks: list[_Break]
    at_lo: int
    at_hi: int


def _exact_line(ctx: _Context, name: str, env: Mapping[str, Fraction], lo: Fraction, hi: Fraction,
                base: Mapping[str, Fraction], known: Mapping[Fraction, int],
                roots: list[_Root] | None = None, generic_ends: tuple[bool, bool] = (False, False),
                complete: bool = True) -> _Line | None:
    """Structure along ``lo <= name <= hi`` from the critical roots; None when the payoffs are not polynomial.

    Each open interval between consecutive roots has one structure. It is
    read from a grid point of ``known`` inside the interval, or from an end
    of the range flagged in ``generic_ends`` (a value that is no critical
    root, so it shares the structure of the interval next to it); otherwise
    the game is solved exactly at a rational point inside the interval.

    ``complete``: every interval is examined and the game is solved at every
    rational root (1-D: nothing can be missed, isolated values are found).
    Otherwise (2-D boundary refinement, where both ends are known to
    differ) the intervals are searched by bisection over the list of roots,
    which locates each change exactly but may pass over a structure that
    appears and disappears between two intervals with equal structures.
    """
    if roots is None:
        roots = _critical_roots(ctx, name, env, lo, hi)
        if roots is None:
            return None
    inner: list[_Root] = []
    previous = lo
    for r in roots:
        edge = r.exact if r.exact is not None else _as_fraction(r.value)
        if previous < edge < hi:
            inner.append(r)
            previous = edge
    known_sorted = sorted(known)

    def at(value: Fraction) -> int:
        if value in known:
            return known[value]
        return ctx.structure_at({**base, name: value})

    def known_inside(a: Fraction, b: Fraction) -> Fraction | None:
        i = bisect.bisect_right(known_sorted, a)
        if i < len(known_sorted) and known_sorted[i] < b:
            j = bisect.bisect_left(known_sorted, b) - 1
            return known_sorted[(i + j) // 2]
        return None

    edges: list[Fraction | float] = [lo] + [r.exact if r.exact is not None else r.value for r in inner] + [hi]
    count = len(edges) - 1
    spans: dict[int, _Span] = {}

    def span(k: int) -> _Span:
        if k not in spans:
            fa, fb = _as_fraction(edges[k]), _as_fraction(edges[k + 1])
            ctx.tick("locating thresholds", len(spans), count)
            sample = known_inside(fa, fb)
            if sample is not None:
                sid = known[sample]
            elif k == 0 and generic_ends[0]:
                sample, sid = inside(fa, fb), known[lo]
            elif k == count - 1 and generic_ends[1]:
                sample, sid = inside(fa, fb), known[hi]
            else:
                sample = inside(fa, fb)
                sid = at(sample)
            spans[k] = _Span(edges[k], edges[k + 1], sid, sample, None)
        return spans[k]

    def make_break(k: int) -> _Break | None:
        """The break at root ``k`` (between spans ``k`` and ``k + 1``), if any."""
        r = inner[k]
        left, right = span(k).structure, span(k + 1).structure
        at_sid = at(r.exact) if r.exact is not None and complete else None
        if left == right and (at_sid is None or at_sid == left):
            return None
        algebraic = None
        if r.exact is None and r.poly is not None:
            algebraic = f"root of {_poly_text(r.poly, name)} near {r.value:.12g}"
        return _Break(r.value, r.exact, algebraic, left, right, at_sid, "exact", (r.value, r.value))

    breaks: list[_Break] = []
    if complete:
        pieces = [span(k) for k in range(count)]
        breaks = [b for b in (make_break(k) for k in range(len(inner))) if b is not None]
    else:
        def search(i: int, j: int) -> None:
            if span(i).structure == span(j).structure:
                return
            if j == i + 1:
                b = make_break(i)
                if b is not None:
                    breaks.append(b)
                return
            m = (i + j) // 2
            search(i, m)
            search(m, j)

        search(0, count - 1)
        breaks.sort(key=lambda b: b.value)
        # one span per stretch between changes, each with the structure found on its left end
        cuts = [0] + [inner.index(next(r for r in inner if r.value == b.value)) + 1 for b in breaks] + [count]
        pieces = [_Span(edges[a], edges[b], span(a).structure, span(a).sample, None)
                  for a, b in zip(cuts, cuts[1:])]
    line = _Line(pieces, breaks, at(lo), at(hi))
    return _merge_spans(line)


def _merge_spans(line: _Line) -> _Line:
    """Join neighbouring spans whose structure agrees and whose boundary is not a break."""
    break_values = {b.value for b in line.breaks}
    merged: list[_Span] = []
    for s in line.spans:
        if merged and merged[-1].structure == s.structure and float(_as_fraction(merged[-1].hi)) not in break_values:
            prev = merged[-1]
            merged[-1] = _Span(prev.lo, s.hi, prev.structure, prev.sample, prev.solution)
            continue
        merged.append(s)
    return _Line(merged, line.breaks, line.at_lo, line.at_hi)


def _bisect(ctx: _Context, name: str, base: Mapping[str, Fraction], a: Fraction, sa: int, b: Fraction,
            sb: int, found: list[tuple[Fraction, int, Fraction, int, Fraction | None]], depth: int = 0) -> None:
    """Shrink ``[a, b]`` (structures ``sa != sb`` at its ends) around each change to :data:`BISECT_TOL`.

    A third structure at a midpoint means two changes (or a narrow regime):
    both halves are searched. Appends ``(a, sa, b, sb, sample)`` brackets.

    Right beside a threshold the solver may be unable to certify its list
    (roots about to merge or leave the simplex): an incomplete structure
    between two complete ones is not taken for a regime. Two other points of
    the bracket are tried; if they are incomplete too, the bracket stops
    shrinking there, wider than :data:`BISECT_TOL` but honest.
    """
    structures = ctx.structures
    while b - a > BISECT_TOL * max(1, abs(float(a))):
        mid = inside(a, b)
        sm = ctx.structure_at({**base, name: mid})
        if sm not in (sa, sb) and not structures[sm].complete and structures[sa].complete and structures[sb].complete:
            for lo, hi in ((a, mid), (mid, b)):
                other = inside(lo, hi)
                so = ctx.structure_at({**base, name: other})
                if structures[so].complete:
                    mid, sm = other, so
                    break
            else:
                break
        if sm == sa:
            a = mid
        elif sm == sb:
            b = mid
        else:
            _bisect(ctx, name, base, a, sa, mid, sm, found, depth + 1)
            _bisect(ctx, name, base, mid, sm, b, sb, found, depth + 1)
            return
    found.append((a, sa, b, sb, None))


def _bisection_breaks(ctx: _Context, name: str, g: _GridLine, base: Mapping[str, Fraction],
                      with_at: bool = True) -> list[_Break]:
    """Breaks along a grid line, bisected between neighbouring grid points whose structures differ.

    When the set of *pure* equilibria differs across a bracket and the payoffs
    are polynomial, the change is pinned exactly: the pure equilibria can only
    change at a root of a payoff difference, so the unique such root inside
    the bracket is the threshold (e.g. 3-player games, whose mixed equilibria
    have no critical polynomials here).
    """
    brackets: list[tuple[Fraction, int, Fraction, int, Fraction | None]] = []
    changed = set(np.flatnonzero(g.s[1:] != g.s[:-1]).tolist())
    # Probe at and just beside every root where the pure equilibria can change (polynomial payoffs), as
    # if they were grid points: pure changes are then bracketed at once, also between two grid points
    # that agree, and only the other changes need bisection.
    extra: dict[int, dict[Fraction, int]] = {}
    lo, hi = g.value(0), g.value(-1)
    roots = _pure_roots(ctx, name, ctx.env(base), lo, hi) or []
    for n_done, r in enumerate(roots[:MAX_PURE_PROBES]):
        ctx.tick("probing pure-equilibrium thresholds", n_done, len(roots))
        x = r.exact if r.exact is not None else _as_fraction(r.value)
        # not closer: within RESOLUTION of a threshold near-equilibria blur the structure
        eps = Fraction(RESOLUTION) * max(1, abs(x)) / 4
        k = int(np.searchsorted(g.x, float(x))) - 1  # segment [k, k + 1] holding x
        for v in (x - eps, x, x + eps):
            seg = min(max(k, 0), len(g) - 2)
            while seg > 0 and v <= g.value(seg):
                seg -= 1
            while seg < len(g) - 2 and v >= g.value(seg + 1):
                seg += 1
            if g.value(seg) < v < g.value(seg + 1):
                extra.setdefault(seg, {})[v] = ctx.structure_at({**base, name: v})
    todo = sorted(changed | set(extra))
    for n_done, k in enumerate(todo):
        ctx.tick("bisecting thresholds", n_done, len(todo))
        points = {g.value(k): int(g.s[k]), g.value(k + 1): int(g.s[k + 1]), **extra.get(k, {})}
        ordered = sorted(points.items())
        for (x, sx), (y, sy) in zip(ordered, ordered[1:]):
            if sx != sy:
                _bisect(ctx, name, base, x, sx, y, sy, brackets)
    breaks = []
    k = 0
    while k < len(brackets):
        a, sa, b, sb, _ = brackets[k]
        j = k
        while j + 1 < len(brackets) and brackets[j + 1][0] - brackets[j][2] <= RESOLUTION * max(1, abs(brackets[j][2])):
            j += 1
        if j > k + 1 or (j == k + 1 and brackets[j][0] != b):
            # Changes closer together than the solver separates (e.g. an equilibrium leaving the simplex
            # as another one vanishes, each seen a few 1e-10 apart through rounding): one change, from the
            # structure before the cluster to the one after it; a structure seen only inside it, with equal
            # outer structures, is an isolated value.
            d, sd = brackets[j][2], brackets[j][3]
            if sa == sd:
                breaks.append(_Break(float(b), None, None, sa, sd, sb, "bisection", (float(a), float(d))))
            else:
                root = _pure_root_in(ctx, name, base, sa, sd, a, d)
                exact = root if isinstance(root, Fraction) else None
                value = float(root) if root is not None else float(inside(a, d))
                breaks.append(_Break(value, exact, None, sa, sd, None, "bisection", (float(a), float(d))))
            k = j + 1
            continue
        if k + 1 < len(brackets):
            c, sc, d, sd, _ = brackets[k + 1]
            if b == c and sb == sc:
                # A structure seen only at the probed value b (a grid value, or a probe that landed on it):
                # a change just below b and one just above. Equal outer structures make b an isolated
                # value, exactly where the structure was computed; else a threshold at b.
                exact = b if sa == sd else _pure_root_in(ctx, name, base, sa, sd, a, d)
                breaks.append(_Break(float(b), exact if exact == b else None, None, sa, sd, sb, "bisection",
                                     (float(a), float(d))))
                k += 2
                continue
        root = _pure_root_in(ctx, name, base, sa, sb, a, b)
        if root is not None:
            at = ctx.structure_at({**base, name: root}) if with_at and isinstance(root, Fraction) else None
            exact = root if isinstance(root, Fraction) else None
            breaks.append(_Break(float(root), exact, None, sa, sb, at, "bisection", (float(a), float(b))))
        else:
            # a change right at a grid value closes the bracket on it: report that value
            value = b if g.index_of(b) is not None else a if g.index_of(a) is not None else inside(a, b)
            breaks.append(_Break(float(value), None, None, sa, sb, None, "bisection", (float(a), float(b))))
        k += 1
    return breaks


def _pure_root_in(ctx: _Context, name: str, base: Mapping[str, Fraction], left: int, right: int, a: Fraction,
                  b: Fraction) -> Fraction | float | None:
    """The one root in ``[a, b]`` where the pure equilibria change, when they differ across the bracket."""
    if ctx.structures[left].pure == ctx.structures[right].pure:
        return None
    margin = (b - a) + Fraction(1, 10**12)
    roots = _pure_roots(ctx, name, ctx.env(base), a - margin, b + margin)
    if roots is None:
        return None
    inside_roots = [r for r in roots if (a <= r.exact <= b if r.exact is not None else float(a) <= r.value <= float(b))]
    if len(inside_roots) != 1:
        return None
    r = inside_roots[0]
    return r.exact if r.exact is not None else r.value


def _bisection_line(ctx: _Context, name: str, g: _GridLine, base: Mapping[str, Fraction],
                    samples: Mapping[int, Solution]) -> _Line:
    """Structure along a grid line by bisecting between neighbouring grid points that differ."""
    breaks = _bisection_breaks(ctx, name, g, base)
    changes = [b for b in breaks if b.left != b.right]
    spans: list[_Span] = []
    edges: list[Fraction | float] = ([g.value(0)] + [b.exact if b.exact is not None else b.value for b in changes]
                                     + [g.value(-1)])
    lefts = [int(g.s[0])] + [b.right for b in changes]
    for k, (a, b) in enumerate(zip(edges, edges[1:])):
        sid = lefts[k]
        if not _as_fraction(a) < _as_fraction(b):
            continue  # two changes at one value: no regime between them
        points = g.inside(a, b, sid)
        if points.size:
            j = int(points[points.size // 2])
            sample_value = g.value(j)
            solution = samples.get(g.lo + j) or ctx.solve_at({**base, name: sample_value})
        else:  # a regime found between grid points by bisection
            sample_value = inside(_as_fraction(a), _as_fraction(b))
            solution = ctx.solve_at({**base, name: sample_value})
        spans.append(_Span(a, b, sid, sample_value, solution))
    return _Line(spans, breaks, int(g.s[0]), int(g.s[-1]))


def _check_grid(line: _Line, g: _GridLine) -> bool:
    """Every grid point's structure agrees with the line analysis (a cross-check of the two methods)."""
    if g.s[0] != line.at_lo or g.s[-1] != line.at_hi:
        return False
    x = g.x
    skip = np.zeros(len(g), dtype=bool)
    skip[0] = skip[-1] = True
    for b in line.breaks:
        near = np.flatnonzero(np.abs(x - b.value) <= _SAME_ROOT * (1 + abs(b.value)))
        for k in near.tolist():
            if b.exact is not None and g.value(k) == b.exact:
                if b.at is not None and b.at != g.s[k]:
                    return False
            skip[k] = True
    his = np.array([float(_as_fraction(sp.hi)) for sp in line.spans])
    los = np.array([float(_as_fraction(sp.lo)) for sp in line.spans])
    sids = np.array([sp.structure for sp in line.spans], dtype=np.int64)
    which = np.clip(np.searchsorted(his, x, side="left"), 0, len(his) - 1)
    ok = (x > los[which]) & (x < his[which]) & (sids[which] == g.s)
    return bool(np.all(ok | skip))


# ----------------------------------------------------------- regime ends (limits)


def _poly_matrix_det(rows: list[list[tuple]], degree: int) -> list[Fraction]:
    """Determinant of a matrix of Fraction polynomials, as coefficients (interpolation at 0..degree)."""
    values = []
    for t in range(degree + 1):
        tf = Fraction(t)
        values.append(_fraction_det([[_value(p, tf) for p in row] for row in rows]))
    return _interpolate(values)


def _fraction_det(m: list[list[Fraction]]) -> Fraction:
    m = [list(r) for r in m]
    k = len(m)
    det = Fraction(1)
    for c in range(k):
        p = next((r for r in range(c, k) if m[r][c] != 0), None)
        if p is None:
            return Fraction(0)
        if p != c:
            m[c], m[p] = m[p], m[c]
            det = -det
        det *= m[c][c]
        for r in range(c + 1, k):
            f = m[r][c] / m[c][c]
            if f:
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return det


@lru_cache(maxsize=4096)
def _cramer(rows: tuple[tuple[tuple, ...], ...], degree: int) -> tuple[list[Fraction], list[list[Fraction]]]:
    """Cramer's rule for ``rows @ z = e_last`` with polynomial entries: the determinant and the numerators."""
    k = len(rows) - 1
    den = _poly_matrix_det([list(r) for r in rows], degree)
    nums = []
    rhs = [()] * k + [(Fraction(1),)]
    for col in range(k):
        replaced = [list(row[:col]) + [b] + list(row[col + 1:]) for row, b in zip(rows, rhs)]
        nums.append(_poly_matrix_det(replaced, degree))
    return den, nums


def _mix_limit(polys: np.ndarray, support: tuple[int, ...], tight: tuple[int, ...], end: Fraction | float,
               degree: int) -> list | None:
    """Limit at ``end`` of the strategy on ``support`` that makes the other player indifferent on ``tight``.

    ``polys[r, s]`` is the indifferent player's payoff (rows: its strategies,
    columns: the mixing player's). Cramer's rule gives each probability as a
    ratio of polynomial determinants; common factors ``(t - end)`` are
    divided out before evaluating, so the limit is exact for rational ends.
    """
    k = len(support)
    one, zero, minus = (Fraction(1),), (), (Fraction(-1),)
    rows = tuple(tuple(polys[r, s] for s in support) + (minus,) for r in tight) + ((one,) * k + (zero,),)
    den, nums = _cramer(rows, degree * k)
    if isinstance(end, Fraction):
        while _value(den, end) == 0:
            if any(_value(n, end) != 0 for n in nums) or not any(den):
                return None
            den = _divide_linear(den, end)
            nums = [_divide_linear(n, end) for n in nums]
        d = _value(den, end)
        return [_value(n, end) / d for n in nums]
    if not any(den):  # the system is singular for every t: no limit to take
        return None
    d = float(_value(den, Fraction(end)))
    if abs(d) < 1e-12 * max(1.0, max(abs(float(c)) for c in den)):
        return None
    return [float(_value(n, Fraction(end))) / d for n in nums]


def _limits(ctx: _Context, name: str, env: Mapping[str, Fraction], base: Mapping[str, Fraction],
            equilibria: Sequence[Equilibrium], end: Fraction | float) -> tuple[Equilibrium, ...] | None:
    """The regime's equilibria continued to ``end``, verified there; None when that cannot be done."""
    if not equilibria:
        return ()
    shape = ctx.spec.shape
    exact_end = end if isinstance(end, Fraction) else None
    polys = None if all(eq.pure for eq in equilibria) else _cell_polys(ctx, name, env)
    candidates = []
    for eq in equilibria:
        supports = eq.support
        if all(len(s) == 1 for s in supports):
            vectors = [[Fraction(int(i == s[0])) for i in range(k)] for s, k in zip(supports, shape)]
        elif ctx.kind == "bimatrix" and polys is not None and len(supports[0]) == len(supports[1]):
            a, b = polys[0], polys[1]
            degree = max(len(p) for p in list(a.flat) + list(b.flat)) - 1
            x = _mix_limit(b.T, supports[0], supports[1], end, max(degree, 0))
            y = _mix_limit(a, supports[1], supports[0], end, max(degree, 0))
            if x is None or y is None:
                return None
            vectors = []
            for support, values, k in ((supports[0], x, shape[0]), (supports[1], y, shape[1])):
                v = [Fraction(0) if exact_end is not None else 0.0] * k
                for i, p in zip(support, values):
                    v[i] = p
                vectors.append(v)
        else:
            return None
        candidates.append(vectors)
    point = {**base, name: _as_fraction(end)}
    game = ctx.spec.game({**ctx.fixed, **point})
    if exact_end is None:
        game = Game(game.players, game.payoffs.copy(), None, game.title)
        cands = [Candidate(strategies=tuple(np.array([float(v) for v in vec]) for vec in c)) for c in candidates]
    else:
        cands = [Candidate(exact=tuple(tuple(vec) for vec in c)) for c in candidates]
    tol = default_tol(game)
    out = []
    for cand in cands:  # one by one: the limits stay in the order of ``equilibria`` (two may coincide)
        verified = verify_candidates(game, [cand], tol)
        if verified.rejected or len(verified.equilibria) != 1:
            return None
        out.append(verified.equilibria[0])
    return tuple(out)


def _ends(ctx: _Context, name: str, env: Mapping[str, Fraction], base: Mapping[str, Fraction], span: _Span,
          g: _GridLine, table: PointTable) -> tuple[End, End]:
    equilibria = span.solution.equilibria if span.solution is not None else ()
    out = []
    for end, side in ((span.lo, 0), (span.hi, 1)):
        limit = _limits(ctx, name, env, base, equilibria, end)
        if limit is not None:
            out.append(End(end, True, limit))
            continue
        inner = g.inside(span.lo, span.hi, span.structure, closed=True)
        if inner.size:
            k = int(inner[0] if side == 0 else inner[-1])
            out.append(End(g.value(k), False, table.equilibria(g.lo + k)))
            continue
        out.append(End(span.sample, False, equilibria))
    return out[0], out[1]


# --------------------------------------------------------------------- sweep


def sweep(
    spec: GameSpec,
    axes: Sequence[Axis],
    fixed: Mapping[str, Fraction | str | float] | None = None,
    *,
    exact_points: bool | None = None,
    progress: Progress | None = None,
    method: str = "auto",
    budget: Budget | float | None = None,
) -> SweepResult:
    """Solve a game over a 1-D or 2-D grid of parameter values and find its regimes.

    Parameters
    ----------
    spec
        The parametric game.
    axes
        One or two :class:`Axis` (see :func:`parse_axis`).
    fixed
        Values of other parameters (``--set``); exact when given as text or
        Fractions. The rest keep their defaults.
    exact_points
        Solve every grid point exactly (True), in batches (False), or decide by
        size (None: exactly up to :data:`EXACT_POINTS_MAX` points).
    progress
        Called as ``progress(stage, done, total)`` now and then.
    method
        Solver method for every point, one of :data:`SWEEP_METHODS` (as in
        :func:`wedge_cli.solve.solve`; ``auto`` by default). nashpy's methods
        are not offered: they are not complete, so regimes would be artefacts.
    budget
        A :class:`wedge_cli.budget.Budget` or seconds (None: the default): every
        solve and every progress step checks it, and the sweep stops with
        :class:`GameTooLargeError` and a projection when it runs past it
        (``wedge sweep`` also checks a forecast before starting).

    Returns
    -------
    SweepResult

    Raises
    ------
    WedgeError
        Repeated or fixed-and-swept parameters, or payoffs that are not finite somewhere.
    GameTooLargeError
        More than :data:`MAX_POINTS` points, a game too large to solve, or work
        past ``budget``.
    """
    axes = tuple(axes)
    if not 1 <= len(axes) <= MAX_PARAMS:
        raise WedgeError(f"sweep takes one or two parameters, got {len(axes)}",
                         hint="give --param once for a 1-D sweep or twice for a 2-D map")
    if len(axes) == 2 and axes[0].name == axes[1].name:
        raise WedgeError(f"parameter {axes[0].name!r} is swept twice", hint="sweep two different parameters")
    fixed_q: dict[str, Fraction] = {}
    for name, raw in (fixed or {}).items():
        if name not in spec.parameters:
            raise WedgeError(f"unknown parameter {name!r}", path=spec.path)
        if any(a.name == name for a in axes):
            raise WedgeError(f"parameter {name!r} is both swept (--param) and fixed (--set)",
                             hint=f"drop --set {name}=... or sweep another parameter")
        q = exact_number(raw)
        if q is None:
            raise WedgeError(f"value of {name!r} must be a finite number")
        fixed_q[name] = q
    n_points = math.prod(a.size for a in axes)
    if n_points > MAX_POINTS:
        raise GameTooLargeError(
            f"the sweep has {n_points:,} points, more than the limit of {MAX_POINTS:,}",
            hint="use fewer STEPS, or sweep one parameter at a time",
        )
    if method not in SWEEP_METHODS:
        raise WedgeError(f"unknown solver method {method!r} for a sweep",
                         hint=f"choose one of: {', '.join(SWEEP_METHODS)}")
    ctx = _Context(spec, axes, fixed_q, progress, method, budget=Budget.of(budget))
    for a in axes:
        p = spec.parameters[a.name]
        low = exact_number(p.min) if p.min is not None else None
        high = exact_number(p.max) if p.max is not None else None
        if (low is not None and a.start < low) or (high is not None and a.stop > high):
            ctx.warnings.append(("out_of_range",
                f"{a.name} is swept over [{_show(a.start)}, {_show(a.stop)}], beyond its declared range "
                f"[{p.min}, {p.max}]"))
    if exact_points is None:
        exact_points = n_points <= EXACT_POINTS_MAX
    table = _solve_points(ctx, exact_points)
    pure_only = ctx.structures[int(table.structure[0])].pure_only
    if len(axes) == 1:
        regimes, thresholds, isolated, analysis = _one_dimension(ctx, table)
    else:
        regimes, thresholds, isolated, analysis = _two_dimensions(ctx, table)
    if pure_only:
        if method == "pure":
            why = "only pure-strategy equilibria were searched (method 'pure')"
        else:
            why = (f"only pure-strategy equilibria are searched for {spec.n_players}-player games by default "
                   "(as in 'wedge solve'; --method enumerate includes mixed ones)")
        ctx.warnings.append(("pure_only", why + "; regimes and thresholds describe the pure equilibria"))
    return SweepResult(
        spec=spec,
        axes=axes,
        fixed=fixed_q,
        method=ctx.method,
        pure_only=pure_only,
        points=table,
        structures=tuple(ctx.structures),
        regimes=tuple(regimes),
        thresholds=tuple(thresholds),
        isolated=tuple(isolated),
        analysis=analysis,
        exact_points=bool(exact_points),
        warnings=tuple(ctx.warnings),
    )


def _show(q: Fraction) -> str:
    return str(q) if q.denominator == 1 else f"{float(q):g}"


def _one_dimension(ctx: _Context, table: PointTable):
    axis = ctx.axes[0]
    name = axis.name
    g = _GridLine(axis, table.structure, axis.values())
    samples = dict(table.solutions)
    env = ctx.env({})
    known = {axis.exact_value(i): int(table.structure[i]) for i in table.solutions}
    line = _exact_line(ctx, name, env, axis.start, axis.stop, {}, known)
    analysis = "exact"
    if line is not None and not _check_grid(line, g):
        ctx.warnings.append(("cross_check_failed",
            "internal cross-check failed: the exact threshold analysis disagrees with a grid point; "
            "thresholds were found by bisection instead (please report this)"))
        line = None
    if line is None:
        analysis = "bisection"
        line = _bisection_line(ctx, name, g, {}, samples)
    regimes, thresholds, isolated = _line_results(ctx, name, env, {}, line, g, table)
    return regimes, thresholds, isolated, analysis


def _line_results(ctx, name, env, base, line: _Line, g: _GridLine, table: PointTable):
    regimes = []
    n = len(line.spans)
    thresholds = []
    isolated = []
    for b in line.breaks:
        if b.left != b.right:
            thresholds.append(Threshold(name, b.value, b.exact, b.algebraic, b.left, b.right, b.at, dict(base),
                                        b.method, b.bracket))
        elif b.at is not None and b.at != b.left:
            value = b.exact if b.exact is not None else b.value
            sol = ctx.solve_at({**base, name: _as_fraction(value)})
            isolated.append(Isolated(name, b.value, b.exact, b.at, sol.equilibria, dict(base)))
    for k, span in enumerate(line.spans):
        points = g.inside(span.lo, span.hi, span.structure)
        if points.size:  # sample the regime at its middle grid point
            j = int(points[points.size // 2])
            span.sample = g.value(j)
            span.solution = table.solutions.get(g.lo + j)
        if span.solution is None:
            span.solution = ctx.solve_at({**base, name: span.sample})
        closed_lo = (line.at_lo == span.structure) if k == 0 else _closed(line, span.lo, span.structure)
        closed_hi = (line.at_hi == span.structure) if k == n - 1 else _closed(line, span.hi, span.structure)
        ends = _ends(ctx, name, env, base, span, g, table)
        lo, hi = float(_as_fraction(span.lo)), float(_as_fraction(span.hi))
        count = int(np.count_nonzero((g.x >= lo) & (g.x <= hi) & (g.s == span.structure)))
        equilibria = span.solution.equilibria
        regimes.append(Regime(
            structure=span.structure,
            start=span.lo,
            stop=span.hi,
            closed=(closed_lo, closed_hi),
            sample={**base, name: span.sample},
            equilibria=equilibria,
            ends=ends,
            points=count,
            bounds={},
        ))
    for value, sid, span in ((g.value(0), line.at_lo, line.spans[0]), (g.value(-1), line.at_hi, line.spans[-1])):
        if sid != span.structure:
            sol = ctx.solve_at({**base, name: value})
            isolated.append(Isolated(name, float(value), value, sid, sol.equilibria, dict(base)))
    isolated.sort(key=lambda x: x.value)
    return regimes, thresholds, isolated


def _closed(line: _Line, value, structure: int) -> bool:
    b = next((b for b in line.breaks if b.value == float(_as_fraction(value))), None)
    if b is None:
        return True  # merged boundary with no break: same structure there
    return b.at == structure


# --------------------------------------------------------------------- 2-D


def _two_dimensions(ctx: _Context, table: PointTable):
    ax0, ax1 = ctx.axes
    s = table.structure.reshape(ax0.size, ax1.size)
    grids = (ax0.values(), ax1.values())
    # regimes: distinct structures in order of first appearance
    order: list[int] = []
    seen = set()
    for sid in table.structure.tolist():
        if sid not in seen:
            seen.add(sid)
            order.append(sid)
    regimes = []
    for sid in order:
        where = np.argwhere(s == sid)
        centre = where.mean(axis=0)
        k = where[np.argmin(((where - centre) ** 2).sum(axis=1))]
        i0, i1 = int(k[0]), int(k[1])
        sample = {ax0.name: ax0.exact_value(i0), ax1.name: ax1.exact_value(i1)}
        flat = i0 * ax1.size + i1
        equilibria = table.equilibria(flat)
        bounds = {ax0.name: (float(grids[0][where[:, 0].min()]), float(grids[0][where[:, 0].max()])),
                  ax1.name: (float(grids[1][where[:, 1].min()]), float(grids[1][where[:, 1].max()]))}
        regimes.append(Regime(sid, None, None, (True, True), sample, equilibria, None, int(len(where)), bounds))
    thresholds: list[Threshold] = []
    segments = skipped = 0
    start_work = ctx.work
    total_lines = ax0.size + ax1.size
    done_lines = 0
    for axis_index, (axis, other) in enumerate(((ax0, ax1), (ax1, ax0))):
        floats = axis.values()
        for j in range(other.size):
            done_lines += 1
            ctx.tick("refining boundaries", done_lines, total_lines)
            line_s = s[:, j] if axis_index == 0 else s[j, :]
            runs = _change_runs(line_s)
            if not runs:
                continue
            count = sum(hi - lo for lo, hi in runs)
            if segments + count > MAX_BOUNDARY_SEGMENTS or ctx.work - start_work > MAX_REFINE_WORK:
                skipped += count
                continue
            segments += count
            whole = _GridLine(axis, line_s, floats)
            base = {other.name: other.exact_value(j)}
            env = ctx.env(base)
            roots = _critical_roots(ctx, axis.name, env, axis.start, axis.stop)
            for lo, hi in runs:
                g = whole.sub(lo, hi)
                line = None
                if roots is not None:
                    known = {g.value(k): int(g.s[k]) for k in range(len(g))}
                    generic = tuple(axis.start < v < axis.stop and not any(
                        r.exact == v or (r.exact is None and abs(r.value - float(v)) <= _SAME_ROOT * (1 + abs(r.value)))
                        for r in roots) for v in (g.value(0), g.value(-1)))
                    line = _exact_line(ctx, axis.name, env, g.value(0), g.value(-1), base, known, roots, generic,
                                       complete=False)
                    if line is not None and not _check_grid(line, g):
                        line = None
                breaks = line.breaks if line is not None else _bisection_breaks(ctx, axis.name, g, base, False)
                for br in breaks:
                    if br.left != br.right:
                        thresholds.append(Threshold(axis.name, br.value, br.exact, br.algebraic, br.left, br.right,
                                                    br.at, dict(base), br.method, br.bracket))
    if skipped:
        ctx.warnings.append(("boundaries_truncated",
            f"{skipped:,} boundary segments were not refined (more than {MAX_BOUNDARY_SEGMENTS:,} segments, "
            "or the work budget for this game size was used up); "
            "the map itself is complete at the grid's resolution"))
    return regimes, thresholds, [], "grid"


def _change_runs(line_s: np.ndarray) -> list[tuple[int, int]]:
    """Index ranges ``[lo, hi]`` of a grid line covering consecutive segments whose ends differ."""
    runs: list[tuple[int, int]] = []
    for k in np.flatnonzero(line_s[1:] != line_s[:-1]).tolist():
        if runs and runs[-1][1] == k:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs


__all__ = [
    "Axis",
    "BISECT_TOL",
    "RESOLUTION",
    "DEFAULT_STEPS",
    "EXACT_POINTS_MAX",
    "End",
    "Isolated",
    "MAX_POINTS",
    "PointTable",
    "Regime",
    "SWEEP_METHODS",
    "Structure",
    "SweepResult",
    "Threshold",
    "describe_change",
    "describe_structure",
    "inside",
    "parse_axis",
    "structure_of",
    "sweep",
]
