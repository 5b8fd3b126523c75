"""Exact rational arithmetic with a size bound, for :meth:`~wedge_cli.expr.Expression.evaluate_exact`.

Every step raises :class:`Inexact` instead of building a fraction past
:data:`MAX_EXACT_BITS` bits or a power that is not rational; the caller then falls back
to floats. Why payoffs are exact where they can be: docs/format.md ("Exactness").
"""

from __future__ import annotations

from fractions import Fraction

MAX_EXACT_BITS = 10_000
"""Exact evaluation gives up (returns None) past this many bits in a fraction."""


class Inexact(Exception):
    """Exact evaluation cannot give a rational result of reasonable size."""


def bounded(x: Fraction) -> Fraction:
    if x.numerator.bit_length() + x.denominator.bit_length() > MAX_EXACT_BITS:
        raise Inexact
    return x


def _iroot(n: int, q: int) -> int:
    """The integer ``r`` with ``r**q == n`` (``n >= 1``), else raise :class:`Inexact`.

    Newton's method in integers, started above the root: the classic integer
    square-root iteration generalised to ``q``-th roots. It decreases
    monotonically to ``floor(n ** (1/q))``; the root is exact iff its ``q``-th
    power gives back ``n``.
    """
    if n == 1:
        return 1
    if n.bit_length() <= q:  # 1 < n < 2**q, so 1 < root < 2
        raise Inexact
    r = 1 << -(-n.bit_length() // q)  # 2**ceil(bits/q) >= the root
    while True:
        s = ((q - 1) * r + n // r ** (q - 1)) // q
        if s >= r:
            break
        r = s
    if r**q != n:
        raise Inexact
    return r


def exact_power(base: Fraction, exponent: Fraction) -> Fraction:
    """``base ** exponent`` as a Fraction, or raise :class:`Inexact`."""
    p, q = exponent.numerator, exponent.denominator
    if q != 1:
        if base < 0 or (base == 0 and p < 0):
            raise Inexact
        if base == 0:
            return Fraction(0)
        base = Fraction(_iroot(base.numerator, q), _iroot(base.denominator, q))
    if p < 0 and base == 0:
        raise Inexact
    if abs(p) * (base.numerator.bit_length() + base.denominator.bit_length()) > MAX_EXACT_BITS:
        raise Inexact
    return base**p


