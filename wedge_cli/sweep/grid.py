"""Equilibria at every grid point: exactly one by one, or in verified batches.

Small sweeps solve each point exactly like ``wedge solve``; larger ones solve
all points in batches (:mod:`wedge_cli.solve.batch`) and send the points a batch
cannot certify to the exact solver. See docs/sweep.md#solving-many-points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.solve import Solution, solve
from wedge_cli.solve.many import Structure, concat, shifted, solve_many, sort_supports, structure_of
from wedge_cli.solve.batch import BatchEquilibria, bimatrix_batch, pure_batch, support_key, support_keys
from wedge_cli.sweep.axis import Axis, grid_point_values
from wedge_cli.sweep.context import SweepContext
from wedge_cli.sweep.result import PointTable


EXACT_POINTS_MAX = 1000
"""Sweeps with at most this many points solve every point exactly (like ``wedge solve``)."""


BATCH_POINTS = 1 << 17
"""Points per batch when payoffs are evaluated and solved in batches (bounds memory)."""


def solver_kind(first: Solution, n_players: int) -> str:
    """How a sweep's points are solved and analysed, read from the exact solve of its first point.

    ``"pure"`` (pure equilibria only), ``"bimatrix"`` (2 players, all extreme
    equilibria: batched support enumeration, critical minors) or ``"other"``
    (e.g. all equilibria of a 3-player game, mixed included: solved point by point).
    """
    if first.method == "pure":
        return "pure"
    if first.method == "enumerate" and n_players == 2:
        return "bimatrix"
    return "other"


def solve_points(ctx: SweepContext, kind: str, first: Solution, exact_points: bool) -> PointTable:
    """Equilibria at every grid point; ``first`` is the solve of point 0, ``kind`` from :func:`solver_kind`."""
    axes = ctx.axes
    n_points = math.prod(a.size for a in axes)
    structure = np.empty(n_points, dtype=np.int64)
    solutions: dict[int, Solution] = {}
    if not exact_points and kind == "other" and len(axes) == 2 and ctx.requested == "auto":
        return _many_points(ctx, n_points)
    if exact_points or kind == "other":
        for i in range(n_points):
            sol = ctx.solve_at(grid_point_values(axes, i))
            solutions[i] = sol
            structure[i] = ctx.intern(structure_of(sol))
            if i % 64 == 0:
                ctx.tick("solving grid points", i, n_points)
        ctx.tick("solving grid points", n_points, n_points)
        return PointTable(n_points, structure, solutions, None)
    flat = _flat_grid(axes)
    parts: list[BatchEquilibria] = []
    for start in range(0, n_points, BATCH_POINTS):
        stop = min(n_points, start + BATCH_POINTS)
        payoffs = _grid_payoffs(ctx, flat, start, stop)
        part = bimatrix_batch(payoffs) if kind == "bimatrix" else pure_batch(payoffs)
        parts.append(shifted(part, start))
        ctx.tick("solving grid points (batched)", stop, n_points)
    batch = concat(parts, n_points)
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


def _flat_grid(axes: Sequence[Axis]) -> list[np.ndarray]:
    """Each swept parameter's float value at every grid point, first parameter outermost."""
    grids = [a.values() for a in axes]
    if len(axes) == 1:
        return [grids[0]]
    mesh = np.meshgrid(grids[0], grids[1], indexing="ij")
    return [mesh[0].ravel(), mesh[1].ravel()]


def _grid_payoffs(ctx: SweepContext, flat: Sequence[np.ndarray], start: int, stop: int) -> np.ndarray:
    """The payoff tensors of grid points ``start`` to ``stop`` (``flat`` from :func:`_flat_grid`)."""
    values = {a.name: f[start:stop] for a, f in zip(ctx.axes, flat)}
    for name, q in ctx.fixed.items():
        values[name] = np.full(stop - start, float(q))
    return ctx.spec.batch(values)


def _many_points(ctx: SweepContext, n_points: int) -> PointTable:
    """3+ players, 2-D: every grid point through :func:`wedge_cli.solve.many.solve_many` (dominance,
    2x2x2 and bimatrix batches), the points it cannot certify solved exactly (:meth:`SweepContext.solve_at`).

    The boundary bisection that follows certifies its points the same way (``ctx.certify``);
    a certified point's equilibria are solved exactly only if asked for (``PointTable.solve_point``).
    """
    axes = ctx.axes
    flat = _flat_grid(axes)

    def evaluate(start: int, stop: int) -> np.ndarray:
        return _grid_payoffs(ctx, flat, start, stop)

    many = solve_many(evaluate, ctx.spec.players, n_games=n_points, method=ctx.requested,
                      solve_one=lambda i: ctx.solve_at(grid_point_values(axes, i)), chunk=BATCH_POINTS,
                      on_chunk=lambda done, total: ctx.tick("solving grid points (batched)", done, total))
    structure = np.fromiter((ctx.intern(s) for s in many.structures), dtype=np.int64, count=n_points)
    ctx.certify = True
    unlimited = Budget(math.inf)  # asked for after the sweep (its points in the report): not the sweep's work

    def solve_point(i: int) -> Solution:
        return solve(ctx.spec.game({**ctx.fixed, **grid_point_values(axes, i)}), method=ctx.requested,
                     budget=unlimited)

    return PointTable(n_points, structure, many.solutions, None, None, solve_point)


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
            ids.append(ctx.intern(Structure(sort_supports(supports), first.pure_only, first.complete)))
        out[:] = np.asarray(ids, dtype=np.int64)[which]
        return
    for i in range(n):
        if batch.suspect[i]:
            continue
        rows = range(int(offsets[i]), int(offsets[i + 1]))
        supports = [_decode(int(distinct[inverse[r]]), sizes) for r in rows]
        out[i] = ctx.intern(Structure(sort_supports(supports), first.pure_only, first.complete))
