"""Regimes, thresholds and isolated values of a solved grid: the 1-D line and the 2-D map.

1-D: the exact line analysis, cross-checked against the grid, else bisection.
2-D: the distinct structures of the grid, with boundaries refined along grid
lines. See docs/sweep.md#structure-and-regimes and docs/sweep.md#2-d-maps.
"""

from __future__ import annotations

import numpy as np

from wedge_cli.sweep.bisection import bisection_breaks, bisection_line
from wedge_cli.sweep.context import SweepContext
from wedge_cli.sweep.limits import regime_ends
from wedge_cli.sweep.lines import GridLine, Line, as_fraction, check_grid, exact_line
from wedge_cli.sweep.result import Isolated, PointTable, Regime, Threshold
from wedge_cli.sweep.roots import SAME_ROOT, critical_roots


MAX_BOUNDARY_SEGMENTS = 5_000
"""Most grid segments whose crossing is refined in a 2-D sweep."""


MAX_REFINE_WORK = 2_000_000
"""Work budget for refining 2-D boundaries, in rough units of integer operations: a minor of size
``c + 1`` and degree ``deg`` costs ``(deg + 1) * (c + 1) ** 2``, an exact solve ``10 +`` the number of
bases (2 players: ``C(m + n, m)``) or of profiles."""


def one_dimension(ctx: SweepContext, table: PointTable):
    axis = ctx.axes[0]
    name = axis.name
    g = GridLine(axis, table.structure, axis.values())
    samples = dict(table.solutions)
    env = ctx.env({})
    known = {axis.exact_value(i): int(table.structure[i]) for i in table.solutions}
    line = exact_line(ctx, name, env, axis.start, axis.stop, {}, known)
    analysis = "exact"
    if line is not None and not check_grid(line, g):
        ctx.warnings.append(("cross_check_failed",
            "internal cross-check failed: the exact threshold analysis disagrees with a grid point; "
            "thresholds were found by bisection instead (please report this)"))
        line = None
    if line is None:
        analysis = "bisection"
        line = bisection_line(ctx, name, g, {}, samples)
    regimes, thresholds, isolated = _line_results(ctx, name, env, {}, line, g, table)
    return regimes, thresholds, isolated, analysis


def _line_results(ctx, name, env, base, line: Line, g: GridLine, table: PointTable):
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
            sol = ctx.solve_at({**base, name: as_fraction(value)})
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
        ends = regime_ends(ctx, name, env, base, span, g, table)
        lo, hi = float(as_fraction(span.lo)), float(as_fraction(span.hi))
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


def _closed(line: Line, value, structure: int) -> bool:
    b = next((b for b in line.breaks if b.value == float(as_fraction(value))), None)
    if b is None:
        return True  # merged boundary with no break: same structure there
    return b.at == structure


def two_dimensions(ctx: SweepContext, table: PointTable):
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
            whole = GridLine(axis, line_s, floats)
            base = {other.name: other.exact_value(j)}
            env = ctx.env(base)
            roots = critical_roots(ctx, axis.name, env, axis.start, axis.stop)
            for lo, hi in runs:
                g = whole.sub(lo, hi)
                line = None
                if roots is not None:
                    known = {g.value(k): int(g.s[k]) for k in range(len(g))}
                    generic = tuple(axis.start < v < axis.stop and not any(
                        r.exact == v or (r.exact is None and abs(r.value - float(v)) <= SAME_ROOT * (1 + abs(r.value)))
                        for r in roots) for v in (g.value(0), g.value(-1)))
                    line = exact_line(ctx, axis.name, env, g.value(0), g.value(-1), base, known, roots, generic,
                                       complete=False)
                    if line is not None and not check_grid(line, g):
                        line = None
                breaks = line.breaks if line is not None else bisection_breaks(ctx, axis.name, g, base, False)
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
