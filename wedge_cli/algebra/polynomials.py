"""Exact polynomials in one variable: determinants, interpolation, evaluation, real roots.

Coefficients are ints or Fractions, constant term first (``(c0, c1, ...)``);
integer polynomials (:data:`IntPoly`) are kept primitive. No game types: the
sweep builds its critical polynomials from these (docs/sweep.md#exact-thresholds).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np


IntPoly = tuple[int, ...]
"""An integer polynomial, constant term first; primitive (gcd 1, leading coefficient > 0) where it says so."""


def integer_det(rows: list[list[int]]) -> int:
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


def fraction_det(m: list[list[Fraction]]) -> Fraction:
    """Determinant of a square matrix of Fractions by Gaussian elimination."""
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


def minors(rows: Sequence[Sequence[Fraction | int]]) -> list[Fraction]:
    """Every minor of a matrix: all sizes, row and column subsets in lexicographic order (exact).

    The order depends on the matrix's shape only, so the same entry of the list for
    matrices that depend on a parameter is the same minor.
    """
    out: list[Fraction] = []
    width = len(rows[0]) if rows else 0
    for size in range(1, min(len(rows), width) + 1):
        for rs in itertools.combinations(range(len(rows)), size):
            for cs in itertools.combinations(range(width), size):
                if size == 1:
                    out.append(Fraction(rows[rs[0]][cs[0]]))
                else:
                    out.append(fraction_det([[Fraction(rows[r][c]) for c in cs] for r in rs]))
    return out


def polynomial_det(rows: list[list[tuple]], degree: int) -> list[Fraction]:
    """Determinant of a matrix of Fraction polynomials, as coefficients (interpolation at 0..degree)."""
    values = []
    for t in range(degree + 1):
        tf = Fraction(t)
        values.append(fraction_det([[evaluate(p, tf) for p in row] for row in rows]))
    return interpolate(values)


@lru_cache(maxsize=4096)
def solve_cramer(rows: tuple[tuple[tuple, ...], ...], degree: int) -> tuple[list[Fraction], list[list[Fraction]]]:
    """Cramer's rule for ``rows @ z = e_last`` with polynomial entries: the determinant and the numerators."""
    k = len(rows) - 1
    den = polynomial_det([list(r) for r in rows], degree)
    nums = []
    rhs = [()] * k + [(Fraction(1),)]
    for col in range(k):
        replaced = [list(row[:col]) + [b] + list(row[col + 1:]) for row, b in zip(rows, rhs)]
        nums.append(polynomial_det(replaced, degree))
    return den, nums


def interpolate(values: Sequence[int | Fraction]) -> list[int | Fraction]:
    """The polynomial of degree ``< len(values)`` with ``p(t) = values[t]`` for ``t = 0, 1, ...``.

    Newton's forward differences: ``p(t) = sum_k D^k p(0) * C(t, k)``.
    Coefficients are exact, constant term first, without trailing zeros. From
    ints the arithmetic stays in the integers as long as ``k!`` divides
    ``D^k p(0)``, which it always does when ``p`` has integer coefficients (a
    determinant of integer polynomials does); otherwise the coefficients are
    Fractions.
    """
    integral = all(isinstance(v, int) for v in values)
    diffs = list(values) if integral else [Fraction(v) for v in values]
    coeffs: list[int | Fraction] = [0 if integral else Fraction(0)] * len(values)
    falling = [1]  # t (t - 1) ... (t - k + 1), constant term first (integer coefficients)
    factorial = 1
    for k in range(len(values)):
        d = diffs[0]
        if d:
            scale = d // factorial if isinstance(d, int) and d % factorial == 0 else Fraction(d) / factorial
            for i, c in enumerate(falling):
                coeffs[i] += scale * c
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


def clear_denominators(coeffs: Sequence[Fraction | int]) -> IntPoly:
    """A primitive integer polynomial with the same roots (denominators cleared, gcd 1, leading term > 0)."""
    den = math.lcm(*(c.denominator for c in coeffs)) if coeffs else 1
    return make_primitive([int(c * den) for c in coeffs])


def make_primitive(p: Sequence[int]) -> IntPoly:
    """``p`` without trailing zeros, divided by the gcd of its coefficients, leading coefficient positive."""
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    if not p:
        return ()
    g = math.gcd(*p)
    if p[-1] < 0:
        g = -g
    return tuple(c // g for c in p)


def evaluate(p: Sequence, x: int | Fraction) -> int | Fraction:
    """``p(x)`` by Horner's rule, exactly, in the arithmetic of ``x`` (an int or a Fraction)."""
    acc = x * 0
    for c in reversed(p):
        acc = acc * x + c
    return acc


def divide_linear(p: Sequence, root: Fraction) -> list:
    """``p(t) / (t - root)`` for a root of ``p`` (synthetic division)."""
    out = [Fraction(0)] * (len(p) - 1)
    acc = Fraction(0)
    for i in range(len(p) - 1, 0, -1):
        acc = acc * root + p[i]
        out[i - 1] = acc
    return out


def format_polynomial(p: Sequence[int], name: str) -> str:
    """``p`` as an expression in ``name``, highest power first, e.g. ``"t**2 - 2"``."""
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
class Root:
    """A real root: ``exact`` when it is rational, else ``value`` (a float) and the polynomial ``poly`` it solves."""

    value: float
    exact: Fraction | None
    poly: IntPoly | None  # for an irrational root: the square-free polynomial it solves


def _scaled_value(p: Sequence[int], num: int, den: int) -> int:
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
    v = _scaled_value(p, num, den)
    return (v > 0) - (v < 0)


def _refine_root(p: Sequence[int], guess: float) -> float | None:
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


def find_roots(p: IntPoly, lo: Fraction, hi: Fraction) -> list[Root]:
    """Real roots of an integer polynomial strictly inside ``(lo, hi)``.

    Rational roots are exact: a linear factor is read off; other rational
    roots are found by snapping numerical roots (``numpy.roots``) to nearby
    fractions and checking them exactly in integer arithmetic, then divided
    out. What is left is solved numerically and each real root in the range
    refined by bisection on exact signs.
    """
    out: list[Root] = []
    work: IntPoly = make_primitive(p)
    if len(work) > 1 and work[0] == 0:  # roots at 0
        while len(work) > 1 and work[0] == 0:
            work = work[1:]
        if lo < 0 < hi:
            out.append(Root(0.0, Fraction(0), None))
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
            snapped = next((q for q in candidates if _scaled_value(work, q.numerator, q.denominator) == 0), None)
            if snapped is not None:
                break
        if snapped is None:
            break
        if lo < snapped < hi:
            out.append(Root(float(snapped), snapped, None))
        work = clear_denominators(divide_linear(work, snapped))
    if len(work) == 2:
        q = Fraction(-work[0], work[1])
        if lo < q < hi:
            out.append(Root(float(q), q, None))
        return out
    if len(work) <= 1:
        return out
    for x in numeric_roots(work):
        if not in_range(x):
            continue
        refined = _refine_root(work, x)
        value = x if refined is None else refined
        if f_lo < value < f_hi:
            out.append(Root(value, None, work))
    return out


def add(p: Sequence, q: Sequence) -> tuple:
    """``p + q`` for coefficient sequences, lowest degree first (exact for Fractions and ints)."""
    longer, shorter = (p, q) if len(p) >= len(q) else (q, p)
    return tuple(c + (shorter[i] if i < len(shorter) else 0) for i, c in enumerate(longer))


def multiply(p: Sequence, q: Sequence) -> tuple:
    """``p * q`` for coefficient sequences, lowest degree first."""
    if not p or not q:
        return ()
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return tuple(out)
