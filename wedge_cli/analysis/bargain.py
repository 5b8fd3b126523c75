"""Bargaining solutions of a 2-player game: Nash, Kalai-Smorodinsky, egalitarian.

If the two players could sign a binding agreement, which outcome should they
agree on? The *feasible set* is the convex hull of the payoff pairs of the
pure outcomes: any point in it is reached by a lottery over outcomes (or by
taking turns), so its payoffs are a weighted mix of outcome payoffs. The
*disagreement point* ``d`` is what each player gets without an agreement;
by default each player's security (maxmin) level, which it can guarantee on
its own whatever the other does. Each solution is a point of the Pareto
frontier of ``S(d) = {x in S : x >= d}``:

* **Nash** (Nash 1950, "The bargaining problem", *Econometrica* 18:155-162):
  maximise ``(x1 - d1)(x2 - d2)``. Unaffected by rescaling either player's
  payoffs, so it needs no comparison of utility across players.
* **Kalai-Smorodinsky** (Kalai & Smorodinsky 1975, *Econometrica*
  43:513-518): the frontier point on the line from ``d`` to the ideal point
  ``I`` (each player's best payoff in ``S(d)``): both get the same share of
  their largest possible gain. Also scale-free.
* **Egalitarian** (Kalai 1977, *Econometrica* 45:1623-1630): equal gains
  ``x1 - d1 = x2 - d2``, as far out as possible. It compares the players'
  payoff units, so it only means something when their scales are comparable.
  When no efficient point has equal gains (without free disposal of utility
  this can happen), the leximin point is used: the frontier point that makes
  the smaller gain as large as possible (Imai 1983, *Econometrica*
  51:389-401); ``equal_gains`` says which case applies.

Everything is computed exactly: the frontier is a chain of line segments,
the Nash product is a concave quadratic on each one, and the other two
solutions are intersections of a line with the chain, so all solutions of a
rational game are rational. Floats (irrational payoffs) are converted to the
exact binary fractions they hold and the same code runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.analysis.properties import security_levels
from wedge_cli.errors import WedgeError
from wedge_cli.model import Game

Vec = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class BargainPoint:
    """A feasible payoff pair and a mix of (at most two) outcomes that gives it.

    ``mix``: ``((profile, weight), ...)`` with profiles as strategy-index
    tuples and positive Fraction weights summing to 1.
    """

    payoffs: Vec
    mix: tuple[tuple[tuple[int, ...], Fraction], ...]


@dataclass(frozen=True)
class Bargaining:
    """The bargaining problem of a 2-player game and its three solutions.

    All numbers are Fractions; ``exact`` says whether they are the game's
    exact rational payoffs (else they are the binary values of its floats).

    Attributes
    ----------
    disagreement
        The disagreement point ``d``.
    vertices
        Corners of the feasible set, counter-clockwise, each
        ``(profile, payoffs)`` (the first profile in file order with those payoffs).
    frontier
        Corners of the Pareto frontier of the whole feasible set, from the
        best point for player 1 to the best for player 2.
    ideal
        Each player's best payoff among feasible points that give both at least ``d``.
    nash, nash_product
        The Nash bargaining solution and its product of gains.
    kalai_smorodinsky, egalitarian, equal_gains
        The other two solutions; ``equal_gains`` is False when the egalitarian
        point is the leximin point without equal gains.
    """

    disagreement: Vec
    vertices: tuple[tuple[tuple[int, ...], Vec], ...]
    frontier: tuple[tuple[tuple[int, ...], Vec], ...]
    ideal: Vec
    nash: BargainPoint
    nash_product: Fraction
    kalai_smorodinsky: BargainPoint
    egalitarian: BargainPoint
    equal_gains: bool
    exact: bool


def _q(x) -> Fraction:
    return x if isinstance(x, Fraction) else Fraction(x)


def _cross(o: Vec, a: Vec, b: Vec) -> Fraction:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def convex_hull(points: Sequence[Vec]) -> list[Vec]:
    """Corners of the convex hull, counter-clockwise, collinear points dropped.

    Andrew's monotone chain (Andrew 1979, *Inf. Process. Lett.* 9:216-219),
    exact on Fractions. One point gives ``[p]``, a segment its two ends.
    """
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts
    lower: list[Vec] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Vec] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return hull if len(hull) >= 2 else pts[:1]


def pareto_chain(hull: list[Vec]) -> list[Vec]:
    """The Pareto frontier of a convex polygon: its corners from best-for-1 to best-for-2.

    From ``A`` (largest ``x1``, then largest ``x2``) counter-clockwise to ``B``
    (largest ``x2``, then largest ``x1``); along this chain ``x1`` strictly
    falls and ``x2`` strictly rises, so every point on it is efficient.
    """
    a = max(hull, key=lambda p: (p[0], p[1]))
    b = max(hull, key=lambda p: (p[1], p[0]))
    if a == b:
        return [a]
    if len(hull) == 2:
        return [a, b]
    i = hull.index(a)
    chain = [a]
    while chain[-1] != b:
        i = (i + 1) % len(hull)
        chain.append(hull[i])
    return chain


@dataclass(frozen=True)
class _Piece:
    """The part ``t in [t0, t1]`` of chain edge ``k`` (from corner k to corner k+1)."""

    k: int
    t0: Fraction
    t1: Fraction


def _point(chain: list[Vec], k: int, t: Fraction) -> Vec:
    if k >= len(chain) - 1:
        return chain[-1]
    p, q = chain[k], chain[k + 1]
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def _individually_rational(chain: list[Vec], d: Vec) -> list[_Piece] | None:
    """The pieces of the frontier chain where both players get at least ``d``; None if empty.

    The efficient points of ``S(d)`` are exactly the chain's points with
    ``x >= d``: a point of ``S(d)`` dominated in ``S`` is dominated by a point
    that is also ``>= d``.
    """
    if len(chain) == 1:
        return [_Piece(0, Fraction(0), Fraction(0))] if chain[0][0] >= d[0] and chain[0][1] >= d[1] else None
    pieces = []
    for k in range(len(chain) - 1):
        p, q = chain[k], chain[k + 1]
        lo, hi = Fraction(0), Fraction(1)
        # x2 rises along the edge: need t >= (d2 - p2) / (q2 - p2)
        lo = max(lo, (d[1] - p[1]) / (q[1] - p[1]))
        # x1 falls along the edge: need t <= (p1 - d1) / (p1 - q1)
        hi = min(hi, (p[0] - d[0]) / (p[0] - q[0]))
        if lo <= hi:
            pieces.append(_Piece(k, lo, hi))
    if not pieces:
        return None
    # adjacent pieces share corners; one piece per edge keeps positions unique
    return pieces


def _mix(chain: list[Vec], profiles: dict[Vec, tuple[int, ...]], k: int, t: Fraction) -> BargainPoint:
    point = _point(chain, k, t)
    if len(chain) == 1 or t == 0:
        return BargainPoint(point, ((profiles[chain[k]], Fraction(1)),))
    if t == 1:
        return BargainPoint(point, ((profiles[chain[k + 1]], Fraction(1)),))
    return BargainPoint(point, ((profiles[chain[k]], 1 - t), (profiles[chain[k + 1]], t)))


def _nash(chain, pieces, d) -> tuple[int, Fraction, Fraction]:
    """Maximise ``(x1 - d1)(x2 - d2)`` piece by piece (a concave quadratic on each)."""
    best = None
    for piece in pieces:
        p = chain[piece.k]
        q = chain[piece.k + 1] if piece.k + 1 < len(chain) else p
        alpha, beta = p[0] - d[0], p[1] - d[1]
        d1, d2 = q[0] - p[0], q[1] - p[1]
        candidates = [piece.t0, piece.t1]
        if d1 * d2 != 0:
            t = -(d1 * beta + d2 * alpha) / (2 * d1 * d2)
            if piece.t0 < t < piece.t1:
                candidates.append(t)
        for t in candidates:
            value = (alpha + t * d1) * (beta + t * d2)
            if best is None or value > best[2]:
                best = (piece.k, t, value)
    return best


def _crossing(chain, pieces, g) -> tuple[int, Fraction] | None:
    """First point of the pieces where the decreasing linear function ``g`` reaches 0."""
    for piece in pieces:
        a = g(_point(chain, piece.k, piece.t0))
        b = g(_point(chain, piece.k, piece.t1))
        if a >= 0 >= b:
            if a == b:
                return piece.k, piece.t0
            return piece.k, piece.t0 + (piece.t1 - piece.t0) * a / (a - b)
    return None


def _normal(k: int, t: Fraction, chain) -> tuple[int, Fraction]:
    """Write a chain position at the corner as the start of the next edge (t == 1 -> (k + 1, 0))."""
    if t == 1 and k + 1 < len(chain) - 1:
        return k + 1, Fraction(0)
    return k, t


def bargain(game: Game, disagreement: Sequence | None = None) -> Bargaining:
    """Nash, Kalai-Smorodinsky and egalitarian solutions of a 2-player game.

    Parameters
    ----------
    game
        A 2-player game.
    disagreement
        ``(d1, d2)`` (numbers or Fractions); default: each player's security
        (maxmin) level (:func:`wedge_cli.analysis.properties.security_levels`).

    Returns
    -------
    Bargaining

    Raises
    ------
    WedgeError
        Not a 2-player game, or no feasible point gives both players at least
        the disagreement point.
    """
    if game.n_players != 2:
        raise WedgeError(
            f"bargaining solutions need a 2-player game; this one has {game.n_players} players",
            hint="wedge bargain works on 2-player games; for more players compare the equilibria with wedge solve")
    exact = game.exact is not None
    payoffs = game.exact if exact else game.payoffs
    profiles: dict[Vec, tuple[int, ...]] = {}
    for idx in np.ndindex(*game.shape):
        v = (_q(payoffs[(0, *idx)]), _q(payoffs[(1, *idx)]))
        profiles.setdefault(v, tuple(int(i) for i in idx))
    if disagreement is None:
        levels = security_levels(game)
        d = tuple(_q(s.exact if s.exact is not None else s.value) for s in levels)
    else:
        d = tuple(_q(v) for v in disagreement)
        exact = exact and all(not isinstance(v, float) for v in disagreement)
    d: Vec = (d[0], d[1])
    hull = convex_hull(list(profiles))
    chain = pareto_chain(hull)
    pieces = _individually_rational(chain, d)
    if pieces is None:
        raise WedgeError(
            f"no feasible outcome gives both players at least the disagreement point "
            f"({_fmt(d[0])}, {_fmt(d[1])})",
            hint="choose a lower disagreement point (the default, each player's maxmin level, always works)")
    start = _point(chain, pieces[0].k, pieces[0].t0)
    end = _point(chain, pieces[-1].k, pieces[-1].t1)
    ideal = (start[0], end[1])
    k, t, product = _nash(chain, pieces, d)
    nash = _mix(chain, profiles, *_normal(k, t, chain))
    if start == end:
        ks = eg = nash
        equal = ideal[0] - d[0] == ideal[1] - d[1]
    else:
        gain1, gain2 = ideal[0] - d[0], ideal[1] - d[1]
        ks_at = _crossing(chain, pieces, lambda x: (x[0] - d[0]) * gain2 - (x[1] - d[1]) * gain1)
        ks = _mix(chain, profiles, *_normal(*ks_at, chain))
        h = lambda x: (x[0] - d[0]) - (x[1] - d[1])  # noqa: E731 - decreasing along the chain
        eg_at = _crossing(chain, pieces, h)
        equal = eg_at is not None
        if eg_at is None:  # leximin: the end where the smaller gain is largest
            first = (pieces[0].k, pieces[0].t0)
            last = (pieces[-1].k, pieces[-1].t1)
            eg_at = first if h(start) < 0 else last
        eg = _mix(chain, profiles, *_normal(*eg_at, chain))
    return Bargaining(
        disagreement=d,
        vertices=tuple((profiles[v], v) for v in hull),
        frontier=tuple((profiles[v], v) for v in chain),
        ideal=ideal,
        nash=nash,
        nash_product=product,
        kalai_smorodinsky=ks,
        egalitarian=eg,
        equal_gains=equal,
        exact=exact,
    )


def _fmt(x: Fraction) -> str:
    return str(x) if x.denominator <= 1000 else f"{float(x):.6g}"
