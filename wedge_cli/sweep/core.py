"""Parameter sweeps: the entry point :func:`sweep`, over a 1-D or 2-D grid of parameter values.

:func:`sweep` checks its arguments, solves the grid (:mod:`wedge_cli.sweep.grid`)
and finds the regimes and thresholds (:mod:`wedge_cli.sweep.regimes`); the axis
grammar is :mod:`wedge_cli.sweep.axis`, the result types :mod:`wedge_cli.sweep.result`.
The method is explained in docs/sweep.md#how-it-works.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from wedge_cli.budget import Budget
from wedge_cli.model import GameSpec, GameTooLargeError, WedgeError, exact_number
from wedge_cli.sweep.axis import MAX_PARAMS, MAX_POINTS, Axis, grid_point_values
from wedge_cli.sweep.context import Progress, SweepContext
from wedge_cli.sweep.grid import EXACT_POINTS_MAX, solve_points, solver_kind
from wedge_cli.sweep.regimes import one_dimension, two_dimensions
from wedge_cli.sweep.result import SweepResult

SWEEP_METHODS = ("auto", "enumerate", "pure")
"""Solver methods a sweep accepts (complete ones only)."""


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
    ctx = SweepContext(spec, axes, fixed_q, progress, method, budget=Budget.of(budget))
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
    first = ctx.solve_at(grid_point_values(axes, 0))
    ctx.kind = solver_kind(first, spec.n_players)
    table = solve_points(ctx, ctx.kind, first, exact_points)
    pure_only = ctx.structures[int(table.structure[0])].pure_only
    if len(axes) == 1:
        regimes, thresholds, isolated, analysis = one_dimension(ctx, table)
    else:
        regimes, thresholds, isolated, analysis = two_dimensions(ctx, table)
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
        method=first.method,
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
