"""Where a sweep's structure can change: the critical polynomials in the swept parameter and their roots.

For polynomial payoffs: the maximal minors of the best-response polyhedra (2
players) or the pure payoff differences, and their real roots in the swept
range (:func:`wedge_cli.algebra.polynomials.find_roots`). See
docs/sweep.md#exact-thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from itertools import combinations

import numpy as np

from wedge_cli.algebra.polynomials import IntPoly, Root, evaluate, find_roots, integer_det, interpolate, make_primitive, clear_denominators
from wedge_cli.expr import polynomial_coefficients
from wedge_cli.sweep.context import SweepContext


MAX_MINORS = 5_000
"""Most critical polynomials (minors) per polyhedron for exact thresholds (7x7 games need 6,434);
beyond, bisection."""


SAME_ROOT = 1e-9


def cell_polynomials(ctx: SweepContext, name: str, env: Mapping[str, Fraction]) -> np.ndarray | None:
    """Every payoff as an exact polynomial in ``name`` (object array of tuples), or None."""
    key = (name, tuple(sorted((k, v) for k, v in env.items() if k != name)))
    if key not in ctx.polys:
        ctx.polys[key] = _compute_cell_polys(ctx, name, env)
    return ctx.polys[key]


def _compute_cell_polys(ctx: SweepContext, name: str, env: Mapping[str, Fraction]) -> np.ndarray | None:
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


def _polyhedron_minors(mat: np.ndarray, degree: int, ctx: SweepContext | None = None) -> set[IntPoly] | None:
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
    values = [[[evaluate(mat[i, j], t) for j in range(d)] for i in range(r)] for t in range((d + 1) * degree + 1)]
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
                    dets.append(integer_det(matrix))
                poly = clear_denominators(interpolate(dets))
                if len(poly) > 1:
                    out.add(poly)
    return out


def _pure_polys(ctx: SweepContext, polys: np.ndarray) -> set[IntPoly]:
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
                poly = make_primitive([(x[i] if i < len(x) else 0) - (y[i] if i < len(y) else 0) for i in range(size)])
                if len(poly) > 1:
                    out.add(poly)
    return out


def _critical_polys(ctx: SweepContext, name: str, env: Mapping[str, Fraction]) -> set[IntPoly] | None:
    """Polynomials in ``name`` whose roots include every point where the structure can change; None if unknown."""
    if ctx.kind == "other":
        return None
    polys = cell_polynomials(ctx, name, env)
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


def pure_roots(ctx: SweepContext, name: str, env: Mapping[str, Fraction], lo: Fraction,
                hi: Fraction) -> list[Root] | None:
    """Roots in ``(lo, hi)`` where the set of *pure* equilibria can change (polynomial payoffs), else None."""
    polys = cell_polynomials(ctx, name, env)
    if polys is None:
        return None
    roots: list[Root] = []
    for p in sorted(_pure_polys(ctx, polys)):
        roots.extend(find_roots(p, lo, hi))
    return _merge_roots(roots)


def critical_roots(ctx: SweepContext, name: str, env: Mapping[str, Fraction], lo: Fraction,
                    hi: Fraction) -> list[Root] | None:
    polys = _critical_polys(ctx, name, env)
    if polys is None:
        return None
    roots: list[Root] = []
    for p in sorted(polys):
        roots.extend(find_roots(p, lo, hi))
    return _merge_roots(roots)


def _merge_roots(roots: list[Root]) -> list[Root]:
    exact = {r.exact: r for r in roots if r.exact is not None}
    out = sorted(exact.values(), key=lambda r: r.exact)
    floats = sorted((r for r in roots if r.exact is None), key=lambda r: r.value)
    for r in floats:
        close = SAME_ROOT * (1 + abs(r.value))
        if any(abs(r.value - o.value) <= close for o in out):
            continue
        out.append(r)
    out.sort(key=lambda r: r.value)
    return out
