"""The structure along one line of a sweep, exactly: spans between critical roots and the breaks between them.

Also the grid line (points and their structures) that the exact and the
bisection analyses share, and the cross-check of a line against its grid
points. See docs/sweep.md#exact-thresholds.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.polynomials import format_polynomial
from wedge_cli.solve import Solution
from wedge_cli.sweep.axis import Axis
from wedge_cli.sweep.context import SweepContext
from wedge_cli.sweep.roots import SAME_ROOT, Root, critical_roots


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


def as_fraction(x: Fraction | float) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


class GridLine:
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

    def sub(self, lo: int, hi: int) -> GridLine:
        out = GridLine.__new__(GridLine)
        out.axis, out.lo, out.hi = self.axis, self.lo + lo, self.lo + hi
        out.s, out.x = self.s[lo:hi + 1], self.x[lo:hi + 1]
        return out

    def inside(self, a, b, sid: int, closed: bool = False) -> np.ndarray:
        """Positions of points strictly between ``a`` and ``b`` (or also at them) with structure ``sid``."""
        fa, fb = float(as_fraction(a)), float(as_fraction(b))
        if closed:
            return np.flatnonzero((self.x >= fa) & (self.x <= fb) & (self.s == sid))
        return np.flatnonzero((self.x > fa) & (self.x < fb) & (self.s == sid))


@dataclass
class Break:
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
class Span:
    """An open interval of constant structure with a sample point."""

    lo: Fraction | float
    hi: Fraction | float
    structure: int
    sample: Fraction
    solution: Solution | None


@dataclass
class Line:
    spans: list[Span]
    breaks: list[Break]
    at_lo: int
    at_hi: int


def exact_line(ctx: SweepContext, name: str, env: Mapping[str, Fraction], lo: Fraction, hi: Fraction,
                base: Mapping[str, Fraction], known: Mapping[Fraction, int],
                roots: list[Root] | None = None, generic_ends: tuple[bool, bool] = (False, False),
                complete: bool = True) -> Line | None:
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
        roots = critical_roots(ctx, name, env, lo, hi)
        if roots is None:
            return None
    inner: list[Root] = []
    previous = lo
    for r in roots:
        edge = r.exact if r.exact is not None else as_fraction(r.value)
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
    spans: dict[int, Span] = {}

    def span(k: int) -> Span:
        if k not in spans:
            fa, fb = as_fraction(edges[k]), as_fraction(edges[k + 1])
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
            spans[k] = Span(edges[k], edges[k + 1], sid, sample, None)
        return spans[k]

    def make_break(k: int) -> Break | None:
        """The break at root ``k`` (between spans ``k`` and ``k + 1``), if any."""
        r = inner[k]
        left, right = span(k).structure, span(k + 1).structure
        at_sid = at(r.exact) if r.exact is not None and complete else None
        if left == right and (at_sid is None or at_sid == left):
            return None
        algebraic = None
        if r.exact is None and r.poly is not None:
            algebraic = f"root of {format_polynomial(r.poly, name)} near {r.value:.12g}"
        return Break(r.value, r.exact, algebraic, left, right, at_sid, "exact", (r.value, r.value))

    breaks: list[Break] = []
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
        pieces = [Span(edges[a], edges[b], span(a).structure, span(a).sample, None)
                  for a, b in zip(cuts, cuts[1:])]
    line = Line(pieces, breaks, at(lo), at(hi))
    return _merge_spans(line)


def _merge_spans(line: Line) -> Line:
    """Join neighbouring spans whose structure agrees and whose boundary is not a break."""
    break_values = {b.value for b in line.breaks}
    merged: list[Span] = []
    for s in line.spans:
        if merged and merged[-1].structure == s.structure and float(as_fraction(merged[-1].hi)) not in break_values:
            prev = merged[-1]
            merged[-1] = Span(prev.lo, s.hi, prev.structure, prev.sample, prev.solution)
            continue
        merged.append(s)
    return Line(merged, line.breaks, line.at_lo, line.at_hi)


def check_grid(line: Line, g: GridLine) -> bool:
    """Every grid point's structure agrees with the line analysis (a cross-check of the two methods)."""
    if g.s[0] != line.at_lo or g.s[-1] != line.at_hi:
        return False
    x = g.x
    skip = np.zeros(len(g), dtype=bool)
    skip[0] = skip[-1] = True
    for b in line.breaks:
        near = np.flatnonzero(np.abs(x - b.value) <= SAME_ROOT * (1 + abs(b.value)))
        for k in near.tolist():
            if b.exact is not None and g.value(k) == b.exact:
                if b.at is not None and b.at != g.s[k]:
                    return False
            skip[k] = True
    his = np.array([float(as_fraction(sp.hi)) for sp in line.spans])
    los = np.array([float(as_fraction(sp.lo)) for sp in line.spans])
    sids = np.array([sp.structure for sp in line.spans], dtype=np.int64)
    which = np.clip(np.searchsorted(his, x, side="left"), 0, len(his) - 1)
    ok = (x > los[which]) & (x < his[which]) & (sids[which] == g.s)
    return bool(np.all(ok | skip))
