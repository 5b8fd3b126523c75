"""The equilibria at the ends of a regime: exact limits of the mixed strategies, verified there.

Cramer's rule on polynomial matrices (:mod:`wedge_cli.algebra.polynomials`)
with common factors divided out. See docs/sweep.md#limits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.polynomials import divide_linear, evaluate, solve_cramer
from wedge_cli.model import Game
from wedge_cli.solve.result import Equilibrium
from wedge_cli.solve.verify import Candidate, default_tol, verify_candidates
from wedge_cli.sweep.context import SweepContext
from wedge_cli.sweep.lines import GridLine, Span, as_fraction
from wedge_cli.sweep.result import End, PointTable
from wedge_cli.sweep.roots import cell_polynomials


def mix_limit(polys: np.ndarray, support: tuple[int, ...], tight: tuple[int, ...], end: Fraction | float,
               degree: int) -> list | None:
    """Limit at ``end`` of the strategy on ``support`` that makes the other player indifferent on ``tight``.

    ``polys[r, s]`` is the indifferent player's payoff (rows: its strategies,
    columns: the mixing player's). Cramer's rule gives each probability as a
    ratio of polynomial determinants; common factors ``(t - end)`` are
    divided out before evaluating, so the limit is exact for rational ends.
    """
    k = len(support)
    one, zero, minus = (Fraction(1),), (), (Fraction(-1),)
    rows = tuple(tuple(polys[r, s] for s in support) + (minus,) for r in tight) + ((one,) * k + (zero,),)
    den, nums = solve_cramer(rows, degree * k)
    if isinstance(end, Fraction):
        while evaluate(den, end) == 0:
            if any(evaluate(n, end) != 0 for n in nums) or not any(den):
                return None
            den = divide_linear(den, end)
            nums = [divide_linear(n, end) for n in nums]
        d = evaluate(den, end)
        return [evaluate(n, end) / d for n in nums]
    if not any(den):  # the system is singular for every t: no limit to take
        return None
    d = float(evaluate(den, Fraction(end)))
    if abs(d) < 1e-12 * max(1.0, max(abs(float(c)) for c in den)):
        return None
    return [float(evaluate(n, Fraction(end))) / d for n in nums]


def _limits(ctx: SweepContext, name: str, env: Mapping[str, Fraction], base: Mapping[str, Fraction],
            equilibria: Sequence[Equilibrium], end: Fraction | float) -> tuple[Equilibrium, ...] | None:
    """The regime's equilibria continued to ``end``, verified there; None when that cannot be done."""
    if not equilibria:
        return ()
    shape = ctx.spec.shape
    exact_end = end if isinstance(end, Fraction) else None
    polys = None if all(eq.pure for eq in equilibria) else cell_polynomials(ctx, name, env)
    candidates = []
    for eq in equilibria:
        supports = eq.support
        if all(len(s) == 1 for s in supports):
            vectors = [[Fraction(int(i == s[0])) for i in range(k)] for s, k in zip(supports, shape)]
        elif ctx.kind == "bimatrix" and polys is not None and len(supports[0]) == len(supports[1]):
            a, b = polys[0], polys[1]
            degree = max(len(p) for p in list(a.flat) + list(b.flat)) - 1
            x = mix_limit(b.T, supports[0], supports[1], end, max(degree, 0))
            y = mix_limit(a, supports[1], supports[0], end, max(degree, 0))
            if x is None or y is None:
                return None
            vectors = []
            for support, values, k in ((supports[0], x, shape[0]), (supports[1], y, shape[1])):
                v = [Fraction(0) if exact_end is not None else 0.0] * k
                for i, p in zip(support, values):
                    v[i] = p
                vectors.append(v)
        else:
            return None
        candidates.append(vectors)
    point = {**base, name: as_fraction(end)}
    game = ctx.spec.game({**ctx.fixed, **point})
    if exact_end is None:
        game = Game(game.players, game.payoffs.copy(), None, game.title)
        cands = [Candidate(strategies=tuple(np.array([float(v) for v in vec]) for vec in c)) for c in candidates]
    else:
        cands = [Candidate(exact=tuple(tuple(vec) for vec in c)) for c in candidates]
    tol = default_tol(game)
    out = []
    for cand in cands:  # one by one: the limits stay in the order of ``equilibria`` (two may coincide)
        verified = verify_candidates(game, [cand], tol)
        if verified.rejected or len(verified.equilibria) != 1:
            return None
        out.append(verified.equilibria[0])
    return tuple(out)


def regime_ends(ctx: SweepContext, name: str, env: Mapping[str, Fraction], base: Mapping[str, Fraction], span: Span,
          g: GridLine, table: PointTable) -> tuple[End, End]:
    equilibria = span.solution.equilibria if span.solution is not None else ()
    out = []
    for end, side in ((span.lo, 0), (span.hi, 1)):
        limit = _limits(ctx, name, env, base, equilibria, end)
        if limit is not None:
            out.append(End(end, True, limit))
            continue
        inner = g.inside(span.lo, span.hi, span.structure, closed=True)
        if inner.size:
            k = int(inner[0] if side == 0 else inner[-1])
            out.append(End(g.value(k), False, table.equilibria(g.lo + k)))
            continue
        out.append(End(span.sample, False, equilibria))
    return out[0], out[1]
