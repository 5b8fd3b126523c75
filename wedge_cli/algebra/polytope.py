"""The vertices of small bounded polytopes, exactly.

A polytope is given as equations ``a . x = b`` and inequalities ``c . x <= d`` over the
rationals (Fractions) and is known to be bounded. :func:`polytope_vertices` solves the
equations once (:func:`~wedge_cli.algebra.exact.reduce_rows`), writing their solutions
as a point plus a combination of directions over the free unknowns, and projects the
inequalities onto those. The free unknowns fall apart into groups that no inequality
links, and the polytope is the product of one polytope per group. For each, an exact
linear program (:func:`~wedge_cli.algebra.lp.simplex`) first says whether it is empty;
if not, every choice of as many linearly independent inequalities as it has dimensions
is made tight (depth first, each row reduced once against the rows chosen before it) and
the point is kept when it satisfies the rest. That is exponential in the dimension, which
is small where it is used (the mixed perfect Bayesian equilibria of signalling games:
:mod:`wedge_cli.solve.tree.hybrid`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

from wedge_cli.algebra.exact import reduce_rows
from wedge_cli.algebra.lp import simplex

__all__ = ["TooManyBasesError", "polytope_vertices"]

Row = tuple[list[Fraction], Fraction]


class TooManyBasesError(Exception):
    """More candidate bases than the caller allows (``limit`` of :func:`polytope_vertices`)."""


def polytope_vertices(equations: list[Row], bounds: list[Row], n: int, limit: int = 200_000
                      ) -> list[tuple[Fraction, ...]]:
    """The vertices of the bounded polytope ``{x : a.x = b for each equation, c.x <= d for each bound}``
    in ``n`` unknowns, sorted (module docstring).

    Raises
    ------
    TooManyBasesError
        A group of free unknowns would need more than ``limit`` bases tried.
    """
    rows = [list(a) + [b] for a, b in equations]
    pivots = reduce_rows(rows, n)
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in rows):
        return []
    base = [Fraction(0)] * n
    for i, c in enumerate(pivots):
        base[c] = rows[i][n]
    free = [c for c in range(n) if c not in pivots]
    if not free:
        point = tuple(base)
        return [point] if all(_dot(c, point) <= d for c, d in bounds) else []
    directions = []
    for f in free:
        v = [Fraction(0)] * n
        v[f] = Fraction(1)
        for i, c in enumerate(pivots):
            v[c] = -rows[i][f]
        directions.append(v)
    projected = []
    for c, d in bounds:
        coefficients = [_dot(c, v) for v in directions]
        slack = d - _dot(c, base)
        if all(x == 0 for x in coefficients):
            if slack < 0:
                return []
            continue
        projected.append((coefficients, slack))
    # the free coordinates fall apart into groups that no inequality links: the polytope is
    # the product of one polytope per group
    factors = []
    for group in _groups(len(free), [c for c, _ in projected]):
        rows = [([c[i] for i in group], d) for c, d in projected if any(c[i] != 0 for i in group)]
        points = _corners(rows, len(group), limit)
        if not points:
            return []
        factors.append((group, points))
    found = set()
    for pick in itertools.product(*(points for _, points in factors)):
        y = [Fraction(0)] * len(free)
        for (group, _), point in zip(factors, pick):
            for i, v in zip(group, point):
                y[i] = v
        found.add(tuple(x + sum(w * v[j] for w, v in zip(y, directions)) for j, x in enumerate(base)))
    return sorted(found)


def _groups(n: int, rows: list[list[Fraction]]) -> list[list[int]]:
    """The connected groups of coordinates ``0..n-1``, two being linked when a row uses both."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for row in rows:
        used = [i for i, x in enumerate(row) if x != 0]
        for i in used[1:]:
            parent[root(i)] = root(used[0])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def _corners(rows: list[Row], width: int, limit: int) -> list[tuple[Fraction, ...]]:
    """The vertices of the bounded polytope ``{y : c.y <= d for each row}`` in ``width`` dimensions.

    An exact linear program first says whether it is empty; if not, every choice of
    ``width`` linearly independent rows is made tight (depth first, each row reduced once
    against the rows chosen before it) and the point kept when it satisfies the others.
    """
    if not _feasible(rows, width):
        return []
    if math.comb(len(rows), width) > limit:
        raise TooManyBasesError(f"{math.comb(len(rows), width):,} bases in {width} dimensions")
    found: set[tuple[Fraction, ...]] = set()
    # a stack of (next row to try, reduced rows so far: [coefficients..., rhs] with a 1 at their pivot column)
    stack: list[tuple[int, list[tuple[int, list[Fraction]]]]] = [(0, [])]
    while stack:
        start, chosen = stack.pop()
        if len(chosen) == width:
            y = [Fraction(0)] * width
            for pivot, row in chosen:
                y[pivot] = row[width]
            if all(_dot(c, y) <= d for c, d in rows):
                found.add(tuple(y))
            continue
        for i in range(start, len(rows) - (width - len(chosen)) + 1):
            row = list(rows[i][0]) + [rows[i][1]]
            for pivot, other in chosen:
                if row[pivot] != 0:
                    f = row[pivot]
                    row = [x - f * y for x, y in zip(row, other)]
            pivot = next((j for j in range(width) if row[j] != 0), None)
            if pivot is None:
                continue  # dependent on the rows chosen: no vertex through this choice
            inverse = 1 / row[pivot]
            row = [x * inverse for x in row]
            reduced = [(p, [x - o[pivot] * y for x, y in zip(o, row)] if o[pivot] != 0 else o) for p, o in chosen]
            stack.append((i + 1, reduced + [(pivot, row)]))
    return sorted(found)


def _feasible(rows: list[Row], width: int) -> bool:
    """Whether some ``y`` has ``c.y <= d`` for every row: ``max s`` subject to ``c.(u - v) + s <= d + t``,
    ``s <= t``, ``u, v, s >= 0`` (``t`` makes every right-hand side non-negative) reaches ``t``."""
    shift = max([Fraction(0)] + [-d for _, d in rows])
    if shift == 0:
        return True  # y = 0
    matrix = [list(c) + [-x for x in c] + [Fraction(1)] for c, _ in rows] + [[Fraction(0)] * (2 * width) + [Fraction(1)]]
    bounds = [d + shift for _, d in rows] + [shift]
    return simplex(matrix, bounds, [Fraction(0)] * (2 * width) + [Fraction(1)]).value == shift


def _dot(a: Sequence, b: Sequence):
    return sum((x * y for x, y in zip(a, b)), Fraction(0))
