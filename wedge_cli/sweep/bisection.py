"""Thresholds located by bisection between grid points, for payoffs that are not polynomial.

Changes of the pure equilibria are still pinned exactly where the payoffs are
polynomial (roots of the payoff differences). See docs/sweep.md#otherwise-bisection.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.solve import Solution
from wedge_cli.sweep.context import SweepContext
from wedge_cli.sweep.lines import Break, GridLine, Line, Span, as_fraction, inside
from wedge_cli.sweep.roots import pure_roots


BISECT_TOL = 1e-10
"""Bisection stops when the bracket is narrower than this times ``max(1, |t|)``."""


RESOLUTION = 1e-6
"""Changes found by bisection closer together than this times ``max(1, |t|)`` are reported as one.

Within about ``tol / slope`` of a threshold the solver's tolerance (regret up to
about 1e-9 of the largest payoff) admits near-equilibria that are gone a little
further on, so one change can be seen as several, each a few 1e-9 apart."""


MAX_PURE_PROBES = 300
"""Most roots of pure payoff differences probed (3 exact solves each) on one line in bisection mode."""


def _bisect(ctx: SweepContext, name: str, base: Mapping[str, Fraction], a: Fraction, sa: int, b: Fraction,
            sb: int, found: list[tuple[Fraction, int, Fraction, int, Fraction | None]], depth: int = 0) -> None:
    """Shrink ``[a, b]`` (structures ``sa != sb`` at its ends) around each change to :data:`BISECT_TOL`.

    A third structure at a midpoint means two changes (or a narrow regime):
    both halves are searched. Appends ``(a, sa, b, sb, sample)`` brackets.

    Right beside a threshold the solver may be unable to certify its list
    (roots about to merge or leave the simplex): an incomplete structure
    between two complete ones is not taken for a regime. Two other points of
    the bracket are tried; if they are incomplete too, the bracket stops
    shrinking there, wider than :data:`BISECT_TOL` but honest.
    """
    structures = ctx.structures
    while b - a > BISECT_TOL * max(1, abs(float(a))):
        mid = inside(a, b)
        sm = ctx.structure_at({**base, name: mid})
        if sm not in (sa, sb) and not structures[sm].complete and structures[sa].complete and structures[sb].complete:
            for lo, hi in ((a, mid), (mid, b)):
                other = inside(lo, hi)
                so = ctx.structure_at({**base, name: other})
                if structures[so].complete:
                    mid, sm = other, so
                    break
            else:
                break
        if sm == sa:
            a = mid
        elif sm == sb:
            b = mid
        else:
            _bisect(ctx, name, base, a, sa, mid, sm, found, depth + 1)
            _bisect(ctx, name, base, mid, sm, b, sb, found, depth + 1)
            return
    found.append((a, sa, b, sb, None))


def bisection_breaks(ctx: SweepContext, name: str, g: GridLine, base: Mapping[str, Fraction],
                      with_at: bool = True) -> list[Break]:
    """Breaks along a grid line, bisected between neighbouring grid points whose structures differ.

    When the set of *pure* equilibria differs across a bracket and the payoffs
    are polynomial, the change is pinned exactly: the pure equilibria can only
    change at a root of a payoff difference, so the unique such root inside
    the bracket is the threshold (e.g. 3-player games, whose mixed equilibria
    have no critical polynomials here).
    """
    brackets: list[tuple[Fraction, int, Fraction, int, Fraction | None]] = []
    changed = set(np.flatnonzero(g.s[1:] != g.s[:-1]).tolist())
    # Probe at and just beside every root where the pure equilibria can change (polynomial payoffs), as
    # if they were grid points: pure changes are then bracketed at once, also between two grid points
    # that agree, and only the other changes need bisection.
    extra: dict[int, dict[Fraction, int]] = {}
    lo, hi = g.value(0), g.value(-1)
    roots = pure_roots(ctx, name, ctx.env(base), lo, hi) or []
    for n_done, r in enumerate(roots[:MAX_PURE_PROBES]):
        ctx.tick("probing pure-equilibrium thresholds", n_done, len(roots))
        x = r.exact if r.exact is not None else as_fraction(r.value)
        # not closer: within RESOLUTION of a threshold near-equilibria blur the structure
        eps = Fraction(RESOLUTION) * max(1, abs(x)) / 4
        k = int(np.searchsorted(g.x, float(x))) - 1  # segment [k, k + 1] holding x
        for v in (x - eps, x, x + eps):
            seg = min(max(k, 0), len(g) - 2)
            while seg > 0 and v <= g.value(seg):
                seg -= 1
            while seg < len(g) - 2 and v >= g.value(seg + 1):
                seg += 1
            if g.value(seg) < v < g.value(seg + 1):
                extra.setdefault(seg, {})[v] = ctx.structure_at({**base, name: v})
    todo = sorted(changed | set(extra))
    for n_done, k in enumerate(todo):
        ctx.tick("bisecting thresholds", n_done, len(todo))
        points = {g.value(k): int(g.s[k]), g.value(k + 1): int(g.s[k + 1]), **extra.get(k, {})}
        ordered = sorted(points.items())
        for (x, sx), (y, sy) in zip(ordered, ordered[1:]):
            if sx != sy:
                _bisect(ctx, name, base, x, sx, y, sy, brackets)
    breaks = []
    k = 0
    while k < len(brackets):
        a, sa, b, sb, _ = brackets[k]
        j = k
        while j + 1 < len(brackets) and brackets[j + 1][0] - brackets[j][2] <= RESOLUTION * max(1, abs(brackets[j][2])):
            j += 1
        if j > k + 1 or (j == k + 1 and brackets[j][0] != b):
            # Changes closer together than the solver separates (e.g. an equilibrium leaving the simplex
            # as another one vanishes, each seen a few 1e-10 apart through rounding): one change, from the
            # structure before the cluster to the one after it; a structure seen only inside it, with equal
            # outer structures, is an isolated value.
            d, sd = brackets[j][2], brackets[j][3]
            if sa == sd:
                breaks.append(Break(float(b), None, None, sa, sd, sb, "bisection", (float(a), float(d))))
            else:
                root = _pure_root_in(ctx, name, base, sa, sd, a, d)
                exact = root if isinstance(root, Fraction) else None
                value = float(root) if root is not None else float(inside(a, d))
                breaks.append(Break(value, exact, None, sa, sd, None, "bisection", (float(a), float(d))))
            k = j + 1
            continue
        if k + 1 < len(brackets):
            c, sc, d, sd, _ = brackets[k + 1]
            if b == c and sb == sc:
                # A structure seen only at the probed value b (a grid value, or a probe that landed on it):
                # a change just below b and one just above. Equal outer structures make b an isolated
                # value, exactly where the structure was computed; else a threshold at b.
                exact = b if sa == sd else _pure_root_in(ctx, name, base, sa, sd, a, d)
                breaks.append(Break(float(b), exact if exact == b else None, None, sa, sd, sb, "bisection",
                                     (float(a), float(d))))
                k += 2
                continue
        root = _pure_root_in(ctx, name, base, sa, sb, a, b)
        if root is not None:
            at = ctx.structure_at({**base, name: root}) if with_at and isinstance(root, Fraction) else None
            exact = root if isinstance(root, Fraction) else None
            breaks.append(Break(float(root), exact, None, sa, sb, at, "bisection", (float(a), float(b))))
        else:
            # a change right at a grid value closes the bracket on it: report that value
            value = b if g.index_of(b) is not None else a if g.index_of(a) is not None else inside(a, b)
            breaks.append(Break(float(value), None, None, sa, sb, None, "bisection", (float(a), float(b))))
        k += 1
    return breaks


def _pure_root_in(ctx: SweepContext, name: str, base: Mapping[str, Fraction], left: int, right: int, a: Fraction,
                  b: Fraction) -> Fraction | float | None:
    """The one root in ``[a, b]`` where the pure equilibria change, when they differ across the bracket."""
    if ctx.structures[left].pure == ctx.structures[right].pure:
        return None
    margin = (b - a) + Fraction(1, 10**12)
    roots = pure_roots(ctx, name, ctx.env(base), a - margin, b + margin)
    if roots is None:
        return None
    inside_roots = [r for r in roots if (a <= r.exact <= b if r.exact is not None else float(a) <= r.value <= float(b))]
    if len(inside_roots) != 1:
        return None
    r = inside_roots[0]
    return r.exact if r.exact is not None else r.value


def bisection_line(ctx: SweepContext, name: str, g: GridLine, base: Mapping[str, Fraction],
                    samples: Mapping[int, Solution]) -> Line:
    """Structure along a grid line by bisecting between neighbouring grid points that differ."""
    breaks = bisection_breaks(ctx, name, g, base)
    changes = [b for b in breaks if b.left != b.right]
    spans: list[Span] = []
    edges: list[Fraction | float] = ([g.value(0)] + [b.exact if b.exact is not None else b.value for b in changes]
                                     + [g.value(-1)])
    lefts = [int(g.s[0])] + [b.right for b in changes]
    for k, (a, b) in enumerate(zip(edges, edges[1:])):
        sid = lefts[k]
        if not as_fraction(a) < as_fraction(b):
            continue  # two changes at one value: no regime between them
        points = g.inside(a, b, sid)
        if points.size:
            j = int(points[points.size // 2])
            sample_value = g.value(j)
            solution = samples.get(g.lo + j) or ctx.solve_at({**base, name: sample_value})
        else:  # a regime found between grid points by bisection
            sample_value = inside(as_fraction(a), as_fraction(b))
            solution = ctx.solve_at({**base, name: sample_value})
        spans.append(Span(a, b, sid, sample_value, solution))
    return Line(spans, breaks, int(g.s[0]), int(g.s[-1]))
