"""Exact arithmetic in a quadratic field ``Q(sqrt(d))`` and closed forms for people.

The n-player solver certifies an equilibrium whose support system has two roots as a
point of ``Q(sqrt(d))``; this module is that number type (``docs/nplayer.md``, step 3).
"""

from __future__ import annotations

import math
from fractions import Fraction


class Quadratic:
    """The number ``a + b*sqrt(d)`` with rational ``a, b`` and squarefree ``d > 1``."""

    __slots__ = ("a", "b", "d")

    def __init__(self, a: Fraction | int, b: Fraction | int, d: int) -> None:
        self.a = Fraction(a)
        self.b = Fraction(b)
        self.d = d

    def _other(self, o) -> Quadratic:
        if isinstance(o, Quadratic):
            if o.d != self.d and o.b != 0 and self.b != 0:
                raise ValueError("different quadratic fields")
            return o
        return Quadratic(Fraction(o), 0, self.d)

    def __add__(self, o) -> Quadratic:
        o = self._other(o)
        return Quadratic(self.a + o.a, self.b + o.b, self.d)

    __radd__ = __add__

    def __neg__(self) -> Quadratic:
        return Quadratic(-self.a, -self.b, self.d)

    def __sub__(self, o) -> Quadratic:
        return self + (-self._other(o))

    def __rsub__(self, o) -> Quadratic:
        return self._other(o) - self

    def __mul__(self, o) -> Quadratic:
        o = self._other(o)
        return Quadratic(self.a * o.a + self.b * o.b * self.d, self.a * o.b + self.b * o.a, self.d)

    __rmul__ = __mul__

    def sign(self) -> int:
        sa = (self.a > 0) - (self.a < 0)
        sb = (self.b > 0) - (self.b < 0)
        if sb == 0 or sa == sb:
            return sa if sa else sb
        if sa == 0:
            return sb
        diff = self.a * self.a - self.b * self.b * self.d
        return sa if diff > 0 else (sb if diff < 0 else 0)

    def __eq__(self, o) -> bool:  # type: ignore[override]
        if isinstance(o, Quadratic) and o.d != self.d:
            # sqrt(d) and sqrt(d') are linearly independent over Q for distinct squarefree d, d'
            return self.a == o.a and self.b == 0 and o.b == 0
        return (self - o).sign() == 0

    def __lt__(self, o) -> bool:
        return (self - o).sign() < 0

    def __gt__(self, o) -> bool:
        return (self - o).sign() > 0

    def __le__(self, o) -> bool:
        return (self - o).sign() <= 0

    def __ge__(self, o) -> bool:
        return (self - o).sign() >= 0

    def __hash__(self) -> int:
        # equal numbers hash equal: with b == 0 the number is the rational a
        return hash(self.a) if self.b == 0 else hash((self.a, self.b, self.d))

    def __float__(self) -> float:
        return float(self.a) + float(self.b) * math.sqrt(self.d)

    def __repr__(self) -> str:
        return f"Quadratic({self.a}, {self.b}, {self.d})"

    def __str__(self) -> str:
        return closed_form(self)


def closed_form(value: Fraction | Quadratic) -> str:
    """``"p/q"`` for a rational, ``"a/b + c*sqrt(d)/e"`` for a quadratic irrational."""
    if isinstance(value, Quadratic) and value.b != 0:
        b = value.b
        coef = "" if abs(b.numerator) == 1 else f"{abs(b.numerator)}*"
        root = f"{coef}sqrt({value.d})" + (f"/{b.denominator}" if b.denominator != 1 else "")
        if value.a == 0:
            return ("-" if b < 0 else "") + root
        return f"{value.a} {'-' if b < 0 else '+'} {root}"
    a = value.a if isinstance(value, Quadratic) else Fraction(value)
    return str(a)


def squarefree(n: int) -> tuple[int, int] | None:
    """``n = f*f*d`` with ``d`` squarefree; None when ``n`` is too large to factor cheaply."""
    if n <= 0:
        return None
    if n > 10**20:
        return None
    f, d = 1, 1
    p = 2
    rest = n
    while p * p * p <= rest:
        while rest % (p * p) == 0:
            rest //= p * p
            f *= p
        if rest % p == 0:
            rest //= p
            d *= p
        p += 1 if p == 2 else 2
    r = math.isqrt(rest)
    if r * r == rest:
        f *= r
    else:
        d *= rest
    return f, d


# -- game data ---------------------------------------------------------------------------------
