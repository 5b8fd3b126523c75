"""Exact rational arithmetic for the solvers, done with Python integers.

A rational payoff array is written as ``U / L`` with ``U`` an array of Python
ints and ``L`` a positive int (the least common multiple of the denominators),
so best-reply comparisons and linear solves need no :class:`~fractions.Fraction`
arithmetic in their inner loops.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

INT64_SAFE = 1 << 62


def integer_array(exact: np.ndarray) -> tuple[np.ndarray, int]:
    """Write an object array of Fractions as ``U / L``.

    Parameters
    ----------
    exact
        Object array of :class:`~fractions.Fraction`.

    Returns
    -------
    U, L
        ``U`` has the same shape, dtype object, entries Python ints;
        ``L >= 1`` with ``exact == U / L`` elementwise.
    """
    flat = exact.ravel()
    scale = math.lcm(*(f.denominator for f in flat)) if flat.size else 1
    ints = np.empty(flat.size, dtype=object)
    ints[:] = [f.numerator * (scale // f.denominator) for f in flat]
    return ints.reshape(exact.shape), scale


def as_int64(ints: np.ndarray) -> np.ndarray | None:
    """The same integers as int64 when every one fits comfortably, else None."""
    if ints.size == 0:
        return ints.astype(np.int64)
    if max(abs(int(v)) for v in ints.flat) >= INT64_SAFE:
        return None
    return ints.astype(np.int64)


def common_denominator(values: Sequence[Fraction]) -> tuple[list[int], int]:
    """Write Fractions as integer numerators over one positive denominator."""
    den = math.lcm(*(f.denominator for f in values)) if values else 1
    return [f.numerator * (den // f.denominator) for f in values], den


def bareiss_solve(matrix: list[list[int]], rhs: list[int]) -> tuple[list[int], int] | None:
    """Solve a square integer system exactly by fraction-free Gauss-Jordan elimination.

    Bareiss (1968), "Sylvester's identity and multistep integer-preserving
    Gaussian elimination", Math. Comp. 22:565-578: every intermediate entry is
    a minor of the augmented matrix, so each division is exact.

    Parameters
    ----------
    matrix
        ``k x k`` Python ints.
    rhs
        ``k`` Python ints.

    Returns
    -------
    (num, den) or None
        ``x = num / den`` with ``den > 0``; None when the matrix is singular.
    """
    k = len(matrix)
    a = [list(row) + [b] for row, b in zip(matrix, rhs)]
    prev = 1
    for c in range(k):
        pivot_row = next((r for r in range(c, k) if a[r][c] != 0), None)
        if pivot_row is None:
            return None
        if pivot_row != c:
            a[c], a[pivot_row] = a[pivot_row], a[c]
        row_c = a[c]
        piv = row_c[c]
        for r in range(k):
            if r == c:
                continue
            row_r = a[r]
            f = row_r[c]
            a[r] = [(piv * x - f * y) // prev for x, y in zip(row_r, row_c)]
        prev = piv
    den = a[k - 1][k - 1]
    num = [a[i][k] for i in range(k)]
    if den < 0:
        den, num = -den, [-v for v in num]
    # Every diagonal entry equals the last pivot; check the solution anyway.
    if any(sum(mij * xj for mij, xj in zip(row, num)) != b * den for row, b in zip(matrix, rhs)):
        return None
    return num, den


def solve_unique(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a (possibly over-determined) rational system.

    Gaussian elimination with Fractions and exact rank detection.

    Returns
    -------
    list of Fraction or None
        None when the system is inconsistent or its solution is not unique.
    """
    if not rows:
        return None
    n = len(rows[0])
    a = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(rows, rhs)]
    if reduce_rows(a, n) != list(range(n)):
        return None
    if any(row[n] != 0 for row in a[n:]):
        return None
    return [a[i][n] for i in range(n)]


def reduce_rows(a: list[list[Fraction]], ncols: int) -> list[int]:
    """Bring ``a`` to reduced row echelon form in place, pivoting on its first ``ncols`` columns.

    Returns the pivot columns; row ``i`` has a 1 in column ``pivots[i]`` and every
    other row a 0 there.
    """
    pivots: list[int] = []
    r = 0
    for c in range(ncols):
        if r == len(a):
            break
        p = next((i for i in range(r, len(a)) if a[i][c] != 0), None)
        if p is None:
            continue
        a[r], a[p] = a[p], a[r]
        inv = 1 / a[r][c]
        a[r] = [v * inv for v in a[r]]
        for i in range(len(a)):
            if i != r and a[i][c] != 0:
                f = a[i][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[r])]
        pivots.append(c)
        r += 1
    return pivots


def nullspace(rows: list[list[Fraction]], ncols: int) -> list[list[Fraction]]:
    """Basis (as columns, returned as a list of vectors) of the null space of a rational matrix."""
    a = [list(r) for r in rows]
    pivots = reduce_rows(a, ncols)
    free = [c for c in range(ncols) if c not in pivots]
    basis = []
    for fcol in free:
        v = [Fraction(0)] * ncols
        v[fcol] = Fraction(1)
        for i, pc in enumerate(pivots):
            v[pc] = -a[i][fcol]
        basis.append(v)
    return basis
