"""All Nash equilibria of games with up to three players, mixed ones included.

Method (``docs/nplayer.md`` has the details and the references)
-----------------------------------------------------------------
An equilibrium with support profile ``S = (S_1, ..., S_n)`` solves the
*indifference system* of ``S``: every player is indifferent among the pure
strategies of its support, and probabilities outside the supports are 0. The
system has as many equations as unknowns and is multilinear: player ``i``'s
equations are linear in each other player's mixed strategy (McKelvey &
McLennan 1996, "Computation of equilibria in finite games", *Handbook of
Computational Economics* I, Section 6; Datta 2003, "Using computer algebra to
find Nash equilibria", *ISSAC*; Turocy's ``enumpoly`` in Gambit).

1. Strictly dominated pure strategies are removed iteratively, and a support
   profile is skipped when one of its strategies is strictly dominated given
   the other players' supports (*conditional dominance*, Porter, Nudelman &
   Shoham 2008, "Simple search methods for finding a Nash equilibrium",
   *Games Econ. Behav.* 63:642-662). Profiles are visited in their order:
   smaller and more balanced supports first.
2. The equations that involve a single other player are linear; they are
   solved first, exactly for rational games (an unknown strategy becomes a
   known vector or an affine family). What is left is solved by
   :mod:`wedge_cli.algebra.polysys`: an eigenvalue method on the Macaulay matrix
   that finds *every* isolated root and certifies that the root set is finite
   (its null space has the multihomogeneous Bezout dimension).
3. Real roots inside the simplices are refined by Newton's method on the
   original indifference system and kept when every player's regret is at most
   ``tol``. For rational games the point is then certified exactly: as a
   rational profile (snapped with continued fractions and checked in exact
   arithmetic) or, when the support's system has two roots (every 2x2x2 game,
   for instance), as a point of ``Q(sqrt(d))`` rebuilt from the rational
   symmetric functions of the two roots and checked exactly there; the
   closed forms read like ``1/2 + sqrt(5)/10``.
4. Degenerate games: when a support's solution set is not finite (an equation
   vanishes identically, or the polynomial part has a curve of roots), the
   continuum is analysed. If it is a polytope of one player's strategies (the
   others fixed), or a product of two such polytopes that every bilinear
   best-reply constraint accepts or rejects as a whole, its vertices are
   enumerated exactly and reported as one component. Otherwise its boundary
   is searched: a support strategy is set to probability 0, or an unused
   strategy is made a best reply, one constraint at a time (breadth first, a
   bounded search), and the isolated points found are the continuum's end
   points; the curve is followed from each end point by numerical continuation
   (:class:`_CurveTracer`) and the end points it connects form one component.
   Such a game is reported with ``complete=False``.

``complete`` is True only when every support profile was solved, every
polynomial system was certified finite (or its continuum was a polytope handled
exactly) and every real root in the simplices was verified; see
``docs/nplayer.md`` for what is and is not guaranteed.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.model import GameTooLargeError
from wedge_cli.algebra import polysys
from wedge_cli.algebra.exact import reduce_rows, solve_unique
from wedge_cli.algebra.polysys import MultilinearSystem

#: Games with more players are refused (the Macaulay matrices grow too fast).
MAX_PLAYERS = 3
#: Most support profiles visited before refusing the game.
MAX_SUPPORT_PROFILES = 250_000
#: Most constraint sets tried on the boundary of one non-finite support profile.
MAX_BOUNDARY_NODES = 400
#: Largest denominator tried when snapping a float to a rational.
SNAP_DENOMINATOR = 10**7
#: Relative singular-value threshold for numerical rank in float games.
LINEAR_RTOL = 1e-9
#: Loose probability filter applied to roots before Newton refinement.
ROOT_FILTER = 1e-6


@dataclass(frozen=True)
class NPlayerResult:
    """The equilibria found by :func:`enumerate_equilibria`.

    Attributes
    ----------
    profiles
        Verified mixed profiles (one probability vector per player, entries off
        the support exactly 0.0), deduplicated, pure ones first.
    exact
        For each profile, the exact rational profile when it was certified
        exactly (rational games only), else None.
    closed_forms
        For each profile, closed-form strings per probability (``"1/3"``,
        ``"1/2 + sqrt(5)/10"``) when it was certified exactly, else None.
    components
        Groups of profile indices that lie on one continuum of equilibria
        (the extreme points of a component); isolated equilibria are
        singletons. Every index appears in exactly one group.
    complete
        True only when the method guarantees that every isolated equilibrium
        and every extreme point of every continuum was found.
    degenerate
        Tied best replies or a support profile with infinitely many solutions.
    notes
        Plain sentences: continua, what could not be certified, limits hit.
    kept
        Per player, the strategies left after iterated strict dominance (the
        others were removed before solving).
    """

    profiles: list[tuple[np.ndarray, ...]]
    exact: list[tuple[tuple[Fraction, ...], ...] | None]
    closed_forms: list[tuple[tuple[str, ...], ...] | None]
    components: list[tuple[int, ...]]
    complete: bool
    degenerate: bool
    notes: list[str]
    kept: tuple[tuple[int, ...], ...]


# -- exact arithmetic in Q(sqrt(d)) -------------------------------------------------------------


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


def _squarefree(n: int) -> tuple[int, int] | None:
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


class _Data:
    """Payoffs in the forms the solver needs."""

    def __init__(self, payoffs: np.ndarray, exact: np.ndarray | None, tol: float) -> None:
        self.u = np.asarray(payoffs, dtype=float)
        self.n = self.u.shape[0]
        self.shape = tuple(self.u.shape[1:])
        self.scale = max(1.0, float(np.max(np.abs(self.u)))) if self.u.size else 1.0
        self.tol = float(tol)
        self.ptol = self.tol / self.scale
        self.rational = exact is not None
        self.q: list[np.ndarray] | None = None  # per player: object array of Fractions
        self.cmp: list[np.ndarray] = []  # per player: arrays for exact comparisons (int64 or object)
        if exact is not None:
            self.q = [np.asarray(exact[p], dtype=object) for p in range(self.n)]
            for p in range(self.n):
                flat = self.q[p].ravel()
                den = math.lcm(*(Fraction(v).denominator for v in flat)) if flat.size else 1
                ints = np.array([int(Fraction(v) * den) for v in flat], dtype=object).reshape(self.shape)
                if ints.size == 0 or max(abs(int(v)) for v in ints.flat) < 1 << 62:
                    self.cmp.append(ints.astype(np.int64))
                else:
                    self.cmp.append(ints)
        else:
            self.cmp = [self.u[p] for p in range(self.n)]
        self.margin = 0 if self.rational else self.tol
        self._dom_cache: dict[tuple, frozenset[int]] = {}

    def dominated_given(self, player: int, keep: Sequence[int], others: Sequence[Sequence[int]]) -> frozenset[int]:
        """Strategies of ``player`` strictly dominated by a pure strategy in ``keep``, given others' supports."""
        key = (player, tuple(keep), tuple(tuple(s) for s in others))
        hit = self._dom_cache.get(key)
        if hit is not None:
            return hit
        axes = []
        it = iter(others)
        for q in range(self.n):
            axes.append(list(keep) if q == player else list(next(it)))
        sub = np.moveaxis(self.cmp[player][np.ix_(*axes)], player, 0).reshape(len(keep), -1)
        diff = sub[:, None, :] - sub[None, :, :]
        dom = (diff > self.margin).all(axis=-1)  # dom[t, s]: t beats s everywhere
        out = frozenset(int(keep[s]) for s in np.flatnonzero(dom.any(axis=0)))
        self._dom_cache[key] = out
        return out


def _iterated_dominance(data: _Data) -> list[list[int]]:
    keep = [list(range(k)) for k in data.shape]
    changed = True
    while changed:
        changed = False
        for p in range(data.n):
            others = [keep[q] for q in range(data.n) if q != p]
            bad = data.dominated_given(p, keep[p], others)
            if bad:
                keep[p] = [s for s in keep[p] if s not in bad]
                changed = True
    return keep


# -- exact linear algebra ----------------------------------------------------------------------


def _nullspace_exact(rows: list[list[Fraction]], ncols: int) -> list[list[Fraction]]:
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


def _nullspace_float(rows: np.ndarray, ncols: int) -> np.ndarray:
    if rows.shape[0] == 0:
        return np.eye(ncols)
    _, s, vt = np.linalg.svd(rows, full_matrices=True)
    top = s[0] if s.size else 0.0
    rank = int(np.count_nonzero(s > LINEAR_RTOL * max(top, 1.0)))
    return vt[rank:].T


def _contract_axis(tensor: np.ndarray, axis: int, matrix: np.ndarray) -> np.ndarray:
    """Replace axis ``axis`` of ``tensor`` (size m) by ``matrix`` (m x k): result axis size k."""
    out = np.tensordot(tensor, matrix, axes=([axis], [0]))
    return np.moveaxis(out, -1, axis)


def _contract_vector(tensor: np.ndarray, axis: int, vector) -> np.ndarray:
    return np.tensordot(tensor, vector, axes=([axis], [0]))


# -- one support/type system ------------------------------------------------------------------


@dataclass
class _Cand:
    """A candidate profile from one type system (to be refined and verified)."""

    floats: tuple[np.ndarray, ...]  # full-length probability vectors
    exact: tuple[tuple, ...] | None = None  # Fractions or Quadratics, full length
    polished: bool = False  # came out of exact/linear algebra, no Newton needed
    S: tuple[tuple[int, ...], ...] = ()
    T: tuple[tuple[int, ...], ...] = ()


@dataclass
class _Outcome:
    candidates: list[_Cand] = field(default_factory=list)
    # finite: finitely many solutions, all found; resolved: a continuum handled exactly (polytopes);
    # unresolved: a continuum that is not; too_large: not solved
    status: str = "finite"
    polytopes: list[list[int]] = field(default_factory=list)  # candidate indices of one convex piece
    singular: bool = False
    notes: list[str] = field(default_factory=list)


class _Group:
    """The unknown mixed strategy of one player on its support, as ``basis @ t``.

    ``basis`` starts as the identity (one coordinate per support strategy) and shrinks to a
    basis of the solutions of the linear equations found so far: an object array of
    Fractions for rational games, floats otherwise.
    """

    def __init__(self, player: int, size: int, exact: bool) -> None:
        self.player = player
        if exact:
            self.basis = np.array([[Fraction(int(i == j)) for j in range(size)] for i in range(size)], dtype=object)
        else:
            self.basis = np.eye(size)
        self.fixed = False

    @property
    def dim(self) -> int:
        return self.basis.shape[1]


def _equation_tensors(data: _Data, S, T, exact: bool):
    """Indifference equations of type (S, T): list of (player, groups, tensor)."""
    n = data.n
    mixed = [p for p in range(n) if len(S[p]) >= 2]
    gid = {p: g for g, p in enumerate(mixed)}
    source = data.q if exact else [data.u[p] for p in range(n)]
    eqs = []
    for i in range(n):
        if len(T[i]) < 2:
            continue
        ref = S[i][0]
        axes = [list(S[j]) for j in range(n) if j != i]
        shape = [len(S[j]) for j in range(n) if j != i and len(S[j]) >= 2]
        groups = tuple(gid[j] for j in range(n) if j != i and len(S[j]) >= 2)
        base = np.take(source[i], ref, axis=i)
        base = base[np.ix_(*axes)] if axes else base
        for t in T[i]:
            if t == ref:
                continue
            other = np.take(source[i], t, axis=i)
            other = other[np.ix_(*axes)] if axes else other
            diff = np.asarray(other - base).reshape(shape)
            eqs.append((i, *_drop_constant_axes(groups, diff, exact, data.tol)))
    return mixed, eqs


def _drop_constant_axes(groups: tuple[int, ...], diff: np.ndarray, exact: bool, eps: float):
    """Remove the groups an equation does not depend on (its tensor is constant along their axis).

    A mixed strategy's probabilities sum to 1, so such an axis contracts to any one of its
    slices. Without this, a payoff that ignores one player (the US's, say, when only
    Russia's choice matters to it) makes a linear equation look multilinear, and the
    polynomial step counts a spurious continuum at infinity.
    """
    keep, axis = [], 0
    for g in groups:
        first = np.take(diff, 0, axis=axis)
        rest = [np.take(diff, j, axis=axis) for j in range(1, diff.shape[axis])]
        if exact:
            constant = all(all(a == b for a, b in zip(np.asarray(r).flat, np.asarray(first).flat)) for r in rest)
        else:
            constant = all(np.all(np.abs(np.asarray(r, dtype=float) - np.asarray(first, dtype=float)) <= eps)
                           for r in rest)
        if constant:
            diff = first
        else:
            keep.append(g)
            axis += 1
    return tuple(keep), diff


def _is_zero(tensor: np.ndarray, exact: bool, eps: float) -> bool:
    if exact:
        return all(v == 0 for v in np.asarray(tensor).flat)
    return bool(np.all(np.abs(tensor) <= eps))


class _TypeSolver:
    """Solve the indifference system of one type ``(S, T)`` (support S, best replies T >= S)."""

    def __init__(self, data: _Data, S, T, rng: np.random.Generator) -> None:
        self.data = data
        self.S = tuple(tuple(s) for s in S)
        self.T = tuple(tuple(t) for t in T)
        self.rng = rng
        self.exact = data.rational
        self.eps = data.tol  # zero threshold for float coefficients (payoff units)

    # .. assembling profiles ......................................................................

    def _profile(self, groups: list[_Group], values: dict[int, object]):
        """Full float (and exact, when every value is exact) profile from group values."""
        data = self.data
        floats, exacts = [], []
        all_exact = True
        gi = {g.player: k for k, g in enumerate(groups)}
        for p in range(data.n):
            vec = np.zeros(data.shape[p])
            ex = [Fraction(0)] * data.shape[p]
            if len(self.S[p]) == 1:
                vec[self.S[p][0]] = 1.0
                ex[self.S[p][0]] = Fraction(1)
            else:
                val = values[gi[p]]
                if isinstance(val, np.ndarray) and val.dtype != object:
                    all_exact = False
                    for s, v in zip(self.S[p], val):
                        vec[s] = float(v)
                else:
                    for s, v in zip(self.S[p], val):
                        vec[s] = float(v)
                        ex[s] = v
            floats.append(vec)
            exacts.append(tuple(ex))
        return tuple(floats), (tuple(exacts) if all_exact else None)

    # .. main ......................................................................................

    def solve(self) -> _Outcome:
        data, exact = self.data, self.exact
        mixed, raw = _equation_tensors(data, self.S, self.T, exact)
        groups = [_Group(p, len(self.S[p]), exact) for p in mixed]
        # equations as [groups(list of group ids), tensor in current coordinates]
        eqs = [[list(gs), t] for _, gs, t in raw]
        out = _Outcome()
        values: dict[int, object] = {}
        # 1. linear reduction
        while True:
            progress = False
            keep = []
            linear: dict[int, list[np.ndarray]] = {}
            for gs, t in eqs:
                if not gs:
                    if not _is_zero(t, exact, self.eps):
                        return out  # inconsistent: no solution
                    progress = True
                    continue
                if _is_zero(t, exact, self.eps):
                    progress = True
                    continue
                if len(gs) == 1:
                    linear.setdefault(gs[0], []).append(t)
                    progress = True
                    continue
                keep.append([gs, t])
            eqs = keep
            if not linear:
                if not progress:
                    break
                continue
            for g, rows in linear.items():
                grp = groups[g]
                if exact:
                    ker = _nullspace_exact([list(r) for r in rows], grp.dim)
                    kmat = np.array(ker, dtype=object).T.reshape(grp.dim, len(ker))
                else:
                    kmat = _nullspace_float(np.array(rows, dtype=float), grp.dim)
                if kmat.shape[1] == 0:
                    return out  # only the zero vector: no mixed strategy solves them
                grp.basis = grp.basis @ kmat
                for e in eqs:
                    if g in e[0]:
                        e[1] = _contract_axis(e[1], e[0].index(g), kmat)
                if grp.dim == 1:
                    vec = self._normalised_column(grp)
                    if vec is None:
                        return out
                    grp.fixed = True
                    values[g] = vec
                    one = np.array([1], dtype=object) if exact else np.ones(1)
                    for e in eqs:
                        if g in e[0]:
                            k = e[0].index(g)
                            e[1] = _contract_vector(e[1], k, one)
                            e[0] = e[0][:k] + e[0][k + 1 :]
        open_groups = [g for g, grp in enumerate(groups) if not grp.fixed]
        poly_groups = sorted({g for gs, _ in eqs for g in gs})
        free = [g for g in open_groups if g not in poly_groups]
        # 2. polynomial part
        if not poly_groups:
            self._finish([(values, None)], groups, free, out, zero_dim=True, exact_values=True)
            return out
        return self._polynomial(groups, eqs, poly_groups, free, values, out)

    def _normalised_column(self, grp: _Group):
        """The single basis vector scaled to sum 1; None if it cannot be a probability vector."""
        col = grp.basis[:, 0]
        if self.exact:
            total = sum(col, Fraction(0))
            if total == 0:
                return None
            vec = np.array([v / total for v in col], dtype=object)
            return None if any(v < 0 for v in vec) else vec
        total = col.sum()
        if abs(total) <= 1e-12 * max(1.0, float(np.max(np.abs(col)))):
            return None
        vec = col / total
        return None if np.any(vec < -self.data.ptol) else vec

    def _polynomial(self, groups, eqs, poly_groups, free, values, out: _Outcome) -> _Outcome:
        data = self.data
        index = {g: k for k, g in enumerate(poly_groups)}
        sizes = tuple(groups[g].dim for g in poly_groups)
        sys_groups, coeffs, integers = [], [], []
        for gs, t in eqs:
            order = np.argsort([index[g] for g in gs])
            t = np.transpose(np.asarray(t), order)
            sys_groups.append(tuple(index[gs[k]] for k in order))
            coeffs.append(np.asarray(t, dtype=float))
            if self.exact:
                den = math.lcm(*(Fraction(v).denominator for v in t.flat))
                integers.append(np.array([int(Fraction(v) * den) for v in t.flat], dtype=object).reshape(t.shape))
        system = MultilinearSystem(
            sizes, tuple(sys_groups), tuple(coeffs), tuple(integers) if self.exact else None
        )
        if system.n_equations < system.n_unknowns:
            out.status = "unresolved"
            out.notes.append(
                f"support profile {self._label()} has a continuum of solutions (fewer independent indifference "
                "equations than unknowns)"
            )
            return out
        try:
            roots = polysys.solve_system(system, self.rng)
        except polysys.TooLarge:
            out.status = "too_large"
            out.notes.append(
                f"support profile {self._label()} was skipped: its indifference system is too large for the "
                "eigenvalue method"
            )
            return out
        if not roots.zero_dim:
            out.status = "unresolved"
            out.notes.append(
                f"support profile {self._label()} has a continuum of solutions (its polynomial system is not "
                "zero-dimensional)"
            )
        fbases = [np.array(groups[g].basis, dtype=float) for g in poly_groups]
        real = polysys.real_points(roots)
        if not roots.zero_dim:
            # A singular root of a system with a continuum of roots lies on the continuum (or is a
            # multiple root, which cannot be told apart here): an arbitrary point of it, not an
            # extreme point. The continuum's end points come from the boundary search instead.
            real = [(idx, pt) for idx, pt in real if idx not in roots.singular]
        assigned = []
        for idx, pt in real:
            vals = dict(values)
            ok = True
            for k, g in enumerate(poly_groups):
                probs = fbases[k] @ pt[k]
                total = probs.sum()
                if abs(total) <= 1e-12 * max(1.0, float(np.max(np.abs(probs)))):
                    ok = False
                    break
                probs = probs / total
                if np.any(probs < -ROOT_FILTER):
                    ok = False
                    break
                vals[g] = probs
            if ok:
                assigned.append((vals, idx))
                if idx in roots.singular:
                    out.singular = True
        quad = None
        if (
            data.rational
            and roots.zero_dim
            and roots.delta == 2
            and len(roots.points) == 2
            and not free
            and not roots.singular
        ):
            pair = self._quadratic_pair(roots, poly_groups, fbases)
            quad = (pair, poly_groups) if pair is not None else None
        self._finish(assigned, groups, free, out, zero_dim=roots.zero_dim, exact_values=False, quad=quad)
        return out

    def _quadratic_pair(self, roots, poly_groups, fbases):
        """Exact Q(sqrt(d)) values of both roots from their rational symmetric functions."""
        probs = []
        for pt in roots.points:
            per = []
            for k in range(len(poly_groups)):
                v = fbases[k] @ pt[k]
                total = v.sum()
                if abs(total) < 1e-9:
                    return None
                per.append(v / total)
            probs.append(per)
        d_common = None
        exact_pair: list[list[list]] = [[], []]
        for k in range(len(poly_groups)):
            col0, col1 = [], []
            for j in range(len(probs[0][k])):
                p1, p2 = probs[0][k][j], probs[1][k][j]
                s, q = p1 + p2, p1 * p2
                if abs(s.imag) > 1e-9 or abs(q.imag) > 1e-9:
                    return None
                sq = Fraction(float(s.real)).limit_denominator(SNAP_DENOMINATOR)
                qq = Fraction(float(q.real)).limit_denominator(SNAP_DENOMINATOR)
                disc = sq * sq - 4 * qq
                if disc < 0:
                    return None  # complex pair: no real equilibrium from this support
                num, den = disc.numerator, disc.denominator
                split = _squarefree(num * den)
                if split is None:
                    return None
                f, d = split
                half = sq / 2
                if d == 1:
                    r = Fraction(f, den) / 2
                    near_plus = abs(float(half + r) - p1.real) <= abs(float(half - r) - p1.real)
                    col0.append(half + r if near_plus else half - r)
                    col1.append(half - r if near_plus else half + r)
                    continue
                if d_common is None:
                    d_common = d
                elif d != d_common:
                    return None
                coef = Fraction(f, den) / 2
                plus = float(half) + float(coef) * math.sqrt(d)
                sign = 1 if abs(plus - p1.real) <= abs(float(half) - float(coef) * math.sqrt(d) - p1.real) else -1
                col0.append(Quadratic(half, sign * coef, d))
                col1.append(Quadratic(half, -sign * coef, d))
            exact_pair[0].append(col0)
            exact_pair[1].append(col1)
        return exact_pair

    def _label(self) -> str:
        return "(" + ", ".join("{" + ",".join(str(s + 1) for s in sup) + "}" for sup in self.S) + ")"

    # .. free groups and candidates ...............................................................

    def _finish(self, assigned, groups, free, out: _Outcome, zero_dim: bool, exact_values: bool, quad=None) -> None:
        if not free:
            for vals, ridx in assigned:
                floats, ex = self._profile(groups, vals)
                cand = _Cand(floats, ex if exact_values else None, polished=exact_values, S=self.S, T=self.T)
                if quad is not None and ridx is not None:
                    pair, poly_groups = quad
                    cand.exact = self._exact_with(groups, vals, poly_groups, pair[ridx])
                out.candidates.append(cand)
            if not zero_dim:
                out.status = "unresolved"
            return
        # free groups: continua that are products of polytopes (or not)
        any_unresolved = not zero_dim
        for vals, _ in assigned:
            res = self._free_part(groups, free, vals)
            if res is None:
                any_unresolved = True
                continue
            pieces = res
            first = len(out.candidates)
            for full_vals, is_exact in pieces:
                floats, ex = self._profile(groups, full_vals)
                out.candidates.append(_Cand(floats, ex if is_exact else None, polished=True, S=self.S, T=self.T))
            if len(out.candidates) > first:
                out.polytopes.append(list(range(first, len(out.candidates))))
        if out.status != "unresolved":
            out.status = "unresolved" if any_unresolved else "resolved"
        if out.status == "unresolved" and not out.notes:
            out.notes.append(
                f"support profile {self._label()} has a continuum of solutions on which two players' "
                "strategies vary together"
            )

    def _exact_with(self, groups, vals, poly_groups, parts):
        """Exact profile with the polynomial groups replaced by exact values (None if any float remains)."""
        ex_vals = dict(vals)
        for g, part in zip(poly_groups, parts):
            arr = np.empty(len(part), dtype=object)
            arr[:] = part
            ex_vals[g] = arr
        _, ex = self._profile(groups, ex_vals)
        return ex

    def _free_part(self, groups, free, vals):
        """Vertices of the continuum over the free groups, or None when it is not handled exactly."""
        data = self.data
        exact = self.exact and all(
            not (isinstance(v, np.ndarray) and v.dtype != object) for v in vals.values()
        )
        cons = self._br_constraints(groups, free, vals, exact)
        if cons is None:
            return []  # some best-reply condition fails everywhere
        linear = {g: [] for g in free}
        bilinear = []
        for gs, t in cons:
            if len(gs) == 1:
                linear[gs[0]].append(t)
            elif len(gs) == 2:
                bilinear.append((gs, t))
            else:
                return None
        if bilinear and len(free) != 2:
            return None
        verts = {}
        for g in free:
            vs = self._cone_vertices(groups[g], linear[g], exact)
            if not vs:
                return []
            verts[g] = vs
        if bilinear:
            g0, g1 = free
            worst_all_ok = True
            for gs, t in bilinear:
                a, b = gs
                vals_ab = []
                for va in verts[a]:
                    for vb in verts[b]:
                        v = _contract_vector(_contract_vector(t, 0, va[1]), 0, vb[1])
                        vals_ab.append(v)
                if exact:
                    if all(v > 0 for v in vals_ab):
                        return []
                    if any(v > 0 for v in vals_ab):
                        worst_all_ok = False
                else:
                    if all(float(v) > data.tol for v in vals_ab):
                        return []
                    if any(float(v) > data.tol for v in vals_ab):
                        worst_all_ok = False
            if not worst_all_ok:
                return None
        pieces = []
        for combo in itertools.product(*[verts[g] for g in free]):
            full = dict(vals)
            for g, (probs, _) in zip(free, combo):
                full[g] = probs
            pieces.append((full, exact))
        return pieces

    def _br_constraints(self, groups, free, vals, exact):
        """Best-reply inequalities ``c(free groups) <= 0`` as (free-group ids, tensor in basis coords)."""
        data = self.data
        n = data.n
        gi = {g.player: k for k, g in enumerate(groups)}
        source = data.q if exact else [data.u[p] for p in range(n)]
        cons = []
        for p in range(n):
            ref = self.S[p][0]
            others = [j for j in range(n) if j != p]
            axes = [list(self.S[j]) for j in others]
            for t in range(data.shape[p]):
                if t in self.T[p]:
                    continue
                diff = np.take(source[p], t, axis=p) - np.take(source[p], ref, axis=p)
                tensor = np.asarray(diff[np.ix_(*axes)]) if axes else np.asarray(diff)
                fgroups = []
                # contract in reverse axis order so indices stay valid
                for ax in range(len(others) - 1, -1, -1):
                    j = others[ax]
                    if len(self.S[j]) == 1:
                        tensor = tensor.take(0, axis=ax)
                        continue
                    g = gi[j]
                    if g in free:
                        basis = groups[g].basis if exact else np.asarray(groups[g].basis, dtype=float)
                        tensor = _contract_axis(tensor, ax, basis)
                        fgroups.insert(0, g)
                    else:
                        vec = vals[g]
                        if not exact:
                            vec = np.asarray(vec, dtype=float)
                        tensor = _contract_vector(tensor, ax, vec)
                if not fgroups:
                    value = tensor if np.ndim(tensor) == 0 else tensor.item()
                    if exact:
                        if value > 0:
                            return None
                    elif float(value) > data.tol:
                        return None
                    continue
                cons.append((fgroups, tensor))
        return cons

    def _cone_vertices(self, grp: _Group, rows, exact):
        """Vertices of {sigma = B t : sigma >= 0, sum sigma = 1, r . t <= 0 for r in rows}."""
        data = self.data
        basis = grp.basis if exact else np.asarray(grp.basis, dtype=float)
        m = basis.shape[1]
        cons = [-basis[i] for i in range(basis.shape[0])] + [np.asarray(r) for r in rows]
        total = basis.sum(axis=0)
        found = []
        for combo in itertools.combinations(range(len(cons)), m - 1):
            if exact:
                ker = _nullspace_exact([list(cons[c]) for c in combo], m)
                if len(ker) != 1:
                    continue
                t = np.array(ker[0], dtype=object)
                s = sum((total[i] * t[i] for i in range(m)), Fraction(0))
                if s == 0:
                    continue
                t = np.array([v / s for v in t], dtype=object)
                if any(sum((c[i] * t[i] for i in range(m)), Fraction(0)) > 0 for c in cons):
                    continue
                probs = np.array(
                    [sum((basis[r, i] * t[i] for i in range(m)), Fraction(0)) for r in range(basis.shape[0])],
                    dtype=object,
                )
                key = tuple(probs)
            else:
                mat = np.array([cons[c] for c in combo], dtype=float).reshape(len(combo), m)
                ker = _nullspace_float(mat, m)
                if ker.shape[1] != 1:
                    continue
                t = ker[:, 0]
                s = float(total @ t)
                if abs(s) <= 1e-12:
                    continue
                t = t / s
                probs = basis @ t
                if np.any(probs < -data.ptol):
                    continue
                slack = [float(np.asarray(c, dtype=float) @ t) for c in cons[basis.shape[0] :]]
                if any(v > data.tol for v in slack):
                    continue
                probs = np.where(np.abs(probs) <= data.ptol, 0.0, probs)
                probs = probs / probs.sum()
                key = tuple(np.round(probs, 9))
            if any(key == k for k, _ in found):
                continue
            found.append((key, (probs, t)))
        return [v for _, v in found]


# -- verification and exact certification -------------------------------------------------------


def _payoff_vectors(data: _Data, profile: Sequence[np.ndarray]) -> list[np.ndarray]:
    out = []
    for p in range(data.n):
        t = data.u[p]
        for q in range(data.n - 1, -1, -1):
            if q != p:
                t = np.tensordot(t, profile[q], axes=([q], [0]))
        out.append(np.asarray(t, dtype=float))
    return out


def _regret(data: _Data, profile: Sequence[np.ndarray]) -> float:
    worst = 0.0
    for p, dev in enumerate(_payoff_vectors(data, profile)):
        worst = max(worst, float(dev.max() - profile[p] @ dev))
    return worst


def _exact_payoff_vectors(data: _Data, profile) -> list[list]:
    """Payoff of each pure strategy against the others' exact strategies (Fractions or Quadratics)."""
    out = []
    n = data.n
    for p in range(n):
        supports = [[i for i, v in enumerate(profile[q]) if v != 0] if q != p else None for q in range(n)]
        vals = []
        for s in range(data.shape[p]):
            total = Fraction(0)
            others = [q for q in range(n) if q != p]
            for combo in itertools.product(*[supports[q] for q in others]):
                weight = Fraction(1)
                idx = [0] * n
                idx[p] = s
                for q, a in zip(others, combo):
                    weight = weight * profile[q][a]
                    idx[q] = a
                total = total + weight * data.q[p][tuple(idx)]
            vals.append(total)
        out.append(vals)
    return out


def _exact_is_equilibrium(data: _Data, profile) -> bool:
    for vec in profile:
        if any(v < 0 for v in vec):
            return False
        if sum(vec, Fraction(0)) != 1:
            return False
    for p, vals in enumerate(_exact_payoff_vectors(data, profile)):
        best = vals[0]
        for v in vals[1:]:
            if v > best:
                best = v
        if any(profile[p][s] != 0 and vals[s] != best for s in range(len(vals))):
            return False
    return True


#: Probabilities and payoff gaps (relative to the payoff scale) above this are decided by floats.
DECISIVE = 1e-6


def _decisive(data: _Data, floats: Sequence[np.ndarray], S, devs: Sequence[np.ndarray]) -> bool:
    """True when no sign the equilibrium test depends on is within rounding of 0.

    Every support probability is above :data:`DECISIVE` and every unused strategy pays
    at least ``DECISIVE * scale`` less than the support; a Newton-refined root is far more
    accurate than that, so the float verdict stands without rational refinement.
    """
    margin = DECISIVE * data.scale
    for p, vec in enumerate(floats):
        if any(vec[s] < DECISIVE for s in S[p]):
            return False
        dev = devs[p]
        level = min(dev[s] for s in S[p])
        if any(level - dev[t] < margin for t in range(len(dev)) if t not in S[p]):
            return False
    return True


#: Newton steps in rational arithmetic when a float candidate of a rational game is refined.
RATIONAL_NEWTON_STEPS = 4
#: Fixed-point grid (``2**-bits``) the rational Newton iterates are rounded to, to keep them small.
RATIONAL_NEWTON_BITS = 200


def _payoff_at(data: _Data, p: int, fixed: dict[int, int], profile, S) -> Fraction:
    """Player ``p``'s payoff when the players in ``fixed`` play those pure strategies, the rest ``profile`` on ``S``."""
    free = [q for q in range(data.n) if q not in fixed]
    total = Fraction(0)
    for combo in itertools.product(*[S[q] for q in free]):
        idx = [0] * data.n
        weight = Fraction(1)
        for q, a in fixed.items():
            idx[q] = a
        for q, a in zip(free, combo):
            idx[q] = a
            weight *= profile[q][a]
        total += weight * data.q[p][tuple(idx)]
    return total


def _refine_rational(data: _Data, floats: Sequence[np.ndarray], S) -> list[list[Fraction]] | None:
    """The root of ``S``'s indifference system near ``floats``, to about ``2**-190``, or None.

    Newton's method in rational arithmetic, rounded to a fixed-point grid after each
    step: from a double-precision start it gains some 15 digits, then 30, 60, 120.
    None when the Jacobian is singular (a multiple root, a continuum) or the
    residual does not fall below ``2**-150``. Near a degenerate game the float test
    cannot tell a probability of -1e-12 or a regret of 1e-12 from rounding; at
    this precision they are signs.
    """
    n = data.n
    mixed = [p for p in range(n) if len(S[p]) > 1]
    profile = [[Fraction(0)] * data.shape[p] for p in range(n)]
    for p in range(n):
        if len(S[p]) == 1:
            profile[p][S[p][0]] = Fraction(1)
        else:
            for a in S[p]:
                profile[p][a] = Fraction(float(floats[p][a]))
    unknowns = [(p, a) for p in mixed for a in S[p]]
    if not unknowns:
        return profile
    grid = 1 << RATIONAL_NEWTON_BITS

    def residual_and_jacobian():
        rows, rhs = [], []
        for p in mixed:
            base = _payoff_at(data, p, {p: S[p][0]}, profile, S)
            for b in S[p][1:]:
                rhs.append(_payoff_at(data, p, {p: b}, profile, S) - base)
                rows.append([
                    Fraction(0) if q == p else
                    _payoff_at(data, p, {p: b, q: a}, profile, S) - _payoff_at(data, p, {p: S[p][0], q: a}, profile, S)
                    for q, a in unknowns
                ])
            rhs.append(sum((profile[p][a] for a in S[p]), Fraction(0)) - 1)
            rows.append([Fraction(1 if q == p else 0) for q, _ in unknowns])
        return rhs, rows

    for _ in range(RATIONAL_NEWTON_STEPS):
        rhs, rows = residual_and_jacobian()
        step = solve_unique(rows, [-v for v in rhs])
        if step is None:
            return None
        for (p, a), d in zip(unknowns, step):
            v = profile[p][a] + d
            profile[p][a] = Fraction(round(v * grid), grid)
    rhs, _ = residual_and_jacobian()
    if any(abs(v) > Fraction(1, 1 << 150) for v in rhs):
        return None
    return profile


def _exact_is_root(data: _Data, profile, S) -> bool:
    """``profile`` sums to 1 per player, is 0 off ``S`` and solves the indifference system of ``S`` exactly."""
    for p, vec in enumerate(profile):
        if sum(vec, Fraction(0)) != 1 or any(vec[s] != 0 for s in range(len(vec)) if s not in S[p]):
            return False
    for p, vals in enumerate(_exact_payoff_vectors(data, profile)):
        if any(vals[s] != vals[S[p][0]] for s in S[p][1:]):
            return False
    return True


def _snap(data: _Data, floats: Sequence[np.ndarray]):
    out = []
    for vec in floats:
        ex = [Fraction(float(v)).limit_denominator(SNAP_DENOMINATOR) if v > data.ptol else Fraction(0) for v in vec]
        if sum(ex, Fraction(0)) != 1:
            return None
        out.append(tuple(ex))
    return tuple(out)


def _polish(data: _Data, cand: _Cand) -> tuple[np.ndarray, ...]:
    """Newton refinement of a float candidate on its type's indifference system."""
    mixed, raw = _equation_tensors(data, cand.S, cand.T, exact=False)
    if not mixed or not raw:
        return cand.floats
    sizes = tuple(len(cand.S[p]) for p in mixed)
    gid = {p: g for g, p in enumerate(mixed)}
    groups, coeffs = [], []
    for _, gs, t in raw:
        if len(gs) == 0:
            continue
        groups.append(gs)
        coeffs.append(np.asarray(t, dtype=float))
    if not groups:
        return cand.floats
    system = MultilinearSystem(sizes, tuple(groups), tuple(coeffs))
    start = tuple(np.asarray(cand.floats[p])[list(cand.S[p])] for p in mixed)
    refined, residual, _ = polysys.newton(system, [start], norms=[np.ones(s) for s in sizes])
    out = [np.array(v, dtype=float) for v in cand.floats]
    if not np.isfinite(residual[0]):
        return cand.floats
    for p in mixed:
        vec = np.zeros(data.shape[p])
        vec[list(cand.S[p])] = np.real(refined[0][gid[p]])
        out[p] = vec
    return tuple(out)


def _clean(data: _Data, floats: Sequence[np.ndarray]) -> tuple[np.ndarray, ...] | None:
    out = []
    for vec in floats:
        v = np.array(vec, dtype=float)
        if np.any(v < -data.ptol) or not np.all(np.isfinite(v)):
            return None
        v[np.abs(v) <= data.ptol] = 0.0
        total = v.sum()
        if total <= 0 or abs(total - 1.0) > 1e-6:
            return None
        v = v / total + 0.0
        out.append(v)
    return tuple(out)


@dataclass
class _Eq:
    floats: tuple[np.ndarray, ...]
    exact: tuple | None
    tied: bool
    sharp: bool = False  # exact, or refined in rational arithmetic: its support is certain


class _Collector:
    """Verified, deduplicated equilibria and the union-find structure for components."""

    def __init__(self, data: _Data) -> None:
        self.data = data
        self.eqs: list[_Eq] = []
        self.parent: list[int] = []
        self.failed = 0

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def add(self, cand: _Cand) -> int | None:
        """Verify a candidate; return its equilibrium index (new or a duplicate's) or None if rejected.

        Exact candidates of rational games are accepted only when they pass the exact check
        (an exactly computed point that fails it is not an equilibrium); a quadratic
        candidate that fails falls back to the float test, like every float candidate:
        Newton refinement on its indifference system, probabilities within ``ptol``, the
        indifference conditions within ``tol`` (else the refinement failed) and regret at
        most ``tol`` (else an unused strategy pays more: not an equilibrium).
        """
        data = self.data
        floats = cand.floats
        exact = cand.exact if data.rational else None
        refined = False
        if exact is not None:
            if _exact_is_equilibrium(data, exact):
                floats = tuple(np.array([float(v) for v in vec]) for vec in exact)
            elif cand.polished or _exact_is_root(data, exact, cand.S):
                # exactly a root of its support's system, and exactly not an equilibrium (a probability
                # below 0, or an unused strategy paying more): near a degenerate game the float test
                # would accept it within the tolerance
                return None
            else:
                exact = None
        if exact is None:
            if not cand.polished:
                floats = _polish(data, cand)
            clean = _clean(data, floats)
            if clean is None:
                return None
            floats = clean
            devs = _payoff_vectors(data, floats)
            spread = max((float(np.ptp(dev[list(cand.T[p])])) for p, dev in enumerate(devs) if cand.T), default=0.0)
            if spread > data.tol:
                # not a root to within the tolerance: refinement failed (a multiple root?)
                self.failed += 1
                return None
            if _regret(data, floats) > data.tol:
                return None  # an unused strategy pays more: not an equilibrium
            if data.rational and not _decisive(data, floats, cand.S, devs):
                verdict = self._near_root(floats, cand.S)
                if verdict is False:
                    return None
                if verdict is not None:
                    floats, refined = verdict, True
            if data.rational:
                snapped = _snap(data, floats)
                if snapped is not None and refined and any(
                    (x != 0) != (y != 0) for vec, svec in zip(floats, snapped) for x, y in zip(vec, svec)
                ):
                    snapped = None  # the refined root has probabilities too small to snap: it is not rational
                if snapped is not None and _exact_is_equilibrium(data, snapped):
                    exact = snapped
                    floats = tuple(np.array([float(v) for v in vec]) for vec in exact)
        tied = self._tied(floats, exact)
        sharp = refined or exact is not None
        for i, e in enumerate(self.eqs):
            if self._same(e, floats, exact, sharp):
                if e.exact is None and exact is not None:
                    self.eqs[i] = _Eq(floats, exact, e.tied or tied, True)
                return i
        self.eqs.append(_Eq(tuple(np.where(f == 0, 0.0, f) for f in floats), exact, tied, sharp))
        self.parent.append(len(self.parent))
        return len(self.eqs) - 1

    def _near_root(self, floats, S):
        """The root of ``S``'s system near ``floats`` refined in rational arithmetic (rational games).

        The float test accepts probabilities down to ``-ptol`` and regret up to ``tol``, so
        within about ``tol`` of a degenerate game it takes near-equilibria (a root just
        outside the simplex, an unused strategy paying 1e-12 more) for equilibria, and it
        rounds a probability of 1e-12 to 0, merging two equilibria. The root refined to
        some 57 digits settles both. Returns False when that root is not an equilibrium,
        its float profile (tiny probabilities kept) when it is, and None when it cannot be
        refined (a singular system: the float test stands).
        """
        data = self.data
        root = _refine_rational(data, floats, S)
        if root is None:
            return None
        margin = Fraction(1, 1 << 120)
        if any(v < -margin for vec in root for v in vec):
            return False
        for p, vals in enumerate(_exact_payoff_vectors(data, root)):
            best = max(vals)
            if any(vals[b] < best - margin * Fraction(data.scale) for b in S[p]):
                return False
        out = []
        for vec in root:
            v = np.array([max(float(x), 0.0) for x in vec])
            out.append(v / v.sum())
        return tuple(out)

    def _same(self, e: _Eq, floats, exact, sharp: bool = False) -> bool:
        if e.exact is not None and exact is not None:
            return all(all(a == b for a, b in zip(x, y)) for x, y in zip(e.exact, exact))
        if sharp and e.sharp and any(
            not np.array_equal(np.flatnonzero(a), np.flatnonzero(b)) for a, b in zip(e.floats, floats)
        ):
            return False  # both known to ~1e-50: different supports are different equilibria
        return all(np.max(np.abs(a - b)) <= max(self.data.ptol, 1e-9) for a, b in zip(e.floats, floats))

    def _tied(self, floats, exact) -> bool:
        data = self.data
        if exact is not None:
            for p, vals in enumerate(_exact_payoff_vectors(data, exact)):
                best = vals[0]
                for v in vals[1:]:
                    if v > best:
                        best = v
                n_best = sum(1 for v in vals if v == best)
                if n_best > sum(1 for v in exact[p] if v != 0):
                    return True
            return False
        for p, dev in enumerate(_payoff_vectors(data, floats)):
            n_best = int(np.count_nonzero(dev >= dev.max() - data.tol))
            if n_best > int(np.count_nonzero(floats[p])):
                return True
        return False


def _support_label(S) -> str:
    return "(" + ", ".join("{" + ",".join(str(s + 1) for s in sup) + "}" for sup in S) + ")"


def _order_key(eq: _Eq) -> tuple:
    pure = all(int(np.count_nonzero(v)) == 1 for v in eq.floats)
    return (not pure, tuple(-float(v) for vec in eq.floats for v in vec))


def _nonempty_subsets(items: Sequence[int]) -> list[tuple[int, ...]]:
    out = []
    for k in range(1, len(items) + 1):
        out.extend(itertools.combinations(items, k))
    return out


class _CurveTracer:
    """Follow the curve of solutions of a support profile's indifference system between end points.

    Pseudo-arclength continuation (predictor along the Jacobian's null vector, Gauss-Newton
    corrector; Allgower & Georg, *Introduction to Numerical Continuation Methods*, 2003, Ch. 2)
    from each end point into the support's equilibrium region, until the curve leaves it
    (a probability reaches 0 or an unused strategy becomes a best reply); the exit point is
    matched to the equilibria already found, and the two are joined into one component.
    Only curves are traced: where the solution set is a surface (null space of dimension 2
    or more) nothing is joined.
    """

    MAX_STEPS = 4000
    FIRST_STEP = 1e-3
    MAX_STEP = 0.05

    def __init__(self, search: _Search, S) -> None:
        self.search = search
        self.data = search.data
        self.S = S
        mixed, raw = _equation_tensors(self.data, S, S, exact=False)
        self.mixed = mixed
        self.sizes = tuple(len(S[p]) for p in mixed)
        groups, coeffs = [], []
        for _, gs, t in raw:
            if gs and not np.all(np.abs(t) <= self.data.tol):
                groups.append(gs)
                coeffs.append(np.asarray(t, dtype=float))
        self.system = MultilinearSystem(self.sizes, tuple(groups), tuple(coeffs))
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])

    def _split(self, x):
        return [x[self.offsets[g] : self.offsets[g + 1]][None, :] for g in range(len(self.sizes))]

    def _residual_jacobian(self, x):
        pts = self._split(x)
        f = self.system.evaluate(pts)[0] if self.system.n_equations else np.zeros(0)
        jac = self.system.jacobian(pts)[0] if self.system.n_equations else np.zeros((0, len(x)))
        norm_rows = np.zeros((len(self.sizes), len(x)))
        norm_res = np.zeros(len(self.sizes))
        for g in range(len(self.sizes)):
            norm_rows[g, self.offsets[g] : self.offsets[g + 1]] = 1.0
            norm_res[g] = x[self.offsets[g] : self.offsets[g + 1]].sum() - 1.0
        return np.concatenate([f, norm_res]), np.vstack([jac, norm_rows])

    def _tangent(self, x):
        _, jac = self._residual_jacobian(x)
        _, s, vt = np.linalg.svd(jac, full_matrices=True)
        rank = int(np.count_nonzero(s > 1e-8 * max(1.0, s[0] if s.size else 0.0)))
        if vt.shape[0] - rank != 1:
            return None
        return vt[-1]

    def _correct(self, x):
        for _ in range(8):
            f, jac = self._residual_jacobian(x)
            step = np.linalg.pinv(jac) @ f
            x = x - step
            if np.max(np.abs(step)) <= 1e-14:
                break
        f, _ = self._residual_jacobian(x)
        return x, float(np.max(np.abs(f))) if f.size else 0.0

    def _profile(self, x):
        out = []
        k = 0
        for p in range(self.data.n):
            vec = np.zeros(self.data.shape[p])
            if len(self.S[p]) == 1:
                vec[self.S[p][0]] = 1.0
            else:
                vec[list(self.S[p])] = x[self.offsets[k] : self.offsets[k + 1]]
                k += 1
            out.append(vec)
        return out

    def _slack(self, x) -> float:
        """Smallest probability on the support and smallest best-reply margin (negative: outside)."""
        prof = self._profile(x)
        worst = float(np.min(x)) if x.size else 0.0
        for p, dev in enumerate(_payoff_vectors(self.data, prof)):
            inside = dev[list(self.S[p])].min()
            outside = [dev[t] for t in range(self.data.shape[p]) if t not in self.S[p]]
            if outside:
                worst = min(worst, (inside - max(outside)) / self.data.scale)
        return worst

    def _march(self, x, t):
        """Follow the curve from x in direction t; return the exit point or None."""
        h = self.FIRST_STEP
        for _ in range(self.MAX_STEPS):
            if self.search.over_time():
                return None
            y, res = self._correct(x + h * t)
            if res > 1e-10 or np.linalg.norm(y - x) > 2 * h:
                h /= 2
                if h < 1e-12:
                    return None
                continue
            if self._slack(y) < -1e-13:
                lo, hi = x, y
                for _ in range(60):
                    mid, _ = self._correct((lo + hi) / 2)
                    if self._slack(mid) < -1e-13:
                        hi = mid
                    else:
                        lo = mid
                    if np.linalg.norm(hi - lo) < 1e-13:
                        break
                return lo
            t_new = self._tangent(y)
            if t_new is None:
                return None
            t = t_new if t_new @ t > 0 else -t_new
            x = y
            h = min(2 * h, self.MAX_STEP)
        return None

    def link(self, ends: list[int]) -> int:
        """Join end points lying on one traced curve; return how many joins were made."""
        col = self.search.collector
        if not self.system.n_equations or len(self.mixed) == 0:
            return 0
        joins = 0
        for e in ends:
            start = np.concatenate([col.eqs[e].floats[p][list(self.S[p])] for p in self.mixed])
            t = self._tangent(start)
            if t is None:
                continue
            for direction in (t, -t):
                y, res = self._correct(start + self.FIRST_STEP * direction)
                if res > 1e-10 or self._slack(y) < -1e-13:
                    continue
                exit_point = self._march(start, direction)
                if exit_point is None:
                    continue
                prof = self._profile(exit_point)
                match = next(
                    (
                        i
                        for i, eq in enumerate(col.eqs)
                        if i != e and all(np.max(np.abs(a - b)) <= 1e-6 for a, b in zip(eq.floats, prof))
                    ),
                    None,
                )
                if match is not None and col.find(match) != col.find(e):
                    col.union(match, e)
                    joins += 1
        return joins


class _Search:
    """The support enumeration: Phase A over all support profiles, the boundary search of
    continua that are not polytopes, and the assembly of the result."""

    def __init__(self, data: _Data, deadline: float | None, budget: Budget | None = None) -> None:
        self.data = data
        self.deadline = deadline
        self.budget = budget if budget is not None else Budget(None)
        self.collector = _Collector(data)
        self.notes: list[str] = []
        self.continua: list[str] = []
        self.last_continuum = False
        self.complete = True
        self.degenerate = False
        self.timed_out = False
        self.rng = np.random.default_rng(12345)
        self.keep: list[list[int]] = []

    def over_time(self) -> bool:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            self.timed_out = True
            return True
        return False

    def dominated(self, S, T) -> bool:
        data = self.data
        for i in range(data.n):
            others = [S[j] for j in range(data.n) if j != i]
            bad = data.dominated_given(i, self.keep[i], others)
            if any(t in bad for t in T[i]):
                return True
        return False

    def record(self, outcome: _Outcome) -> list[int]:
        ids = []
        index_of = {}
        for k, cand in enumerate(outcome.candidates):
            i = self.collector.add(cand)
            index_of[k] = i
            if i is not None:
                ids.append(i)
        self.last_continuum = False
        for piece in outcome.polytopes:
            members = [index_of[k] for k in piece if index_of.get(k) is not None]
            if len(set(members)) > 1:
                # a continuum of equilibria with this support: the union of its vertices' supports
                # (the support of an interior point) is the whole support profile
                cand = outcome.candidates[piece[0]]
                union = [
                    {int(i) for m in members for i in np.flatnonzero(self.collector.eqs[m].floats[p])}
                    for p in range(self.data.n)
                ]
                if all(union[p] == set(cand.S[p]) for p in range(self.data.n)):
                    self.last_continuum = True
            for a, b in zip(members, members[1:]):
                self.collector.union(a, b)
        if outcome.singular:
            self.degenerate = True
        return ids

    def run(self) -> None:
        data = self.data
        self.keep = _iterated_dominance(data)
        per_player = [_nonempty_subsets(k) for k in self.keep]
        total = math.prod(len(s) for s in per_player)
        what = f"finding all equilibria of this game: {total:,} support profiles"
        self.budget.require(estimate_seconds(self.keep), f"{what} to solve", hint=_SMALLER_HINT)
        if total > MAX_SUPPORT_PROFILES:
            raise GameTooLargeError(
                f"finding all equilibria of this game means solving up to {total:,} support profiles, more than "
                f"the limit of {MAX_SUPPORT_PROFILES:,}",
                hint="remove dominated or irrelevant strategies, or use '--method pure' for pure equilibria only",
            )
        profiles = list(itertools.product(*per_player))
        profiles.sort(key=lambda S: (sum(len(s) for s in S), max(len(s) for s in S), S))
        done = 0
        for S in profiles:
            if self.over_time():
                break
            self.budget.tick(what, done, total, hint=_SMALLER_HINT)
            done += 1
            if self.dominated(S, S):
                continue
            outcome = _TypeSolver(data, S, S, self.rng).solve()
            self.record(outcome)
            if outcome.status == "resolved" and self.last_continuum:
                self.degenerate = True
                self.continua.append(_support_label(S))
            if outcome.status == "unresolved":
                self.degenerate = True
                self.boundary(S, outcome.notes)
            if outcome.status == "too_large":
                self.complete = False
                self.notes.extend(outcome.notes)
        if self.timed_out:
            self.complete = False
            self.notes.append(
                f"stopped at the time limit after {done - 1} of {len(profiles)} support profiles; the list may be "
                "incomplete"
            )
        if self.collector.failed:
            self.complete = False
            many = self.collector.failed != 1
            self.notes.append(
                f"{self.collector.failed} real root{'s' if many else ''} of indifference systems could not be "
                f"refined to the tolerance (multiple roots?) and {'were' if many else 'was'} left out"
            )

    def boundary(self, S, reasons: list[str]) -> None:
        """End points of a continuum that is not a polytope: add tight constraints one by one.

        A constraint sets a support strategy's probability to 0 or makes an unused strategy a
        best reply (one that is not conditionally dominated). Constraint sets are explored
        breadth first; a set is extended only while its system still has a continuum, and at
        most :data:`MAX_BOUNDARY_NODES` sets are tried. The equilibria found are the
        continuum's end points; :class:`_CurveTracer` then joins those on one curve.
        """
        data = self.data
        self.complete = False
        cons = []
        for i in range(data.n):
            if len(S[i]) >= 2:
                cons.extend(("zero", i, s) for s in S[i])
            others = [S[j] for j in range(data.n) if j != i]
            bad = data.dominated_given(i, self.keep[i], others)
            cons.extend(("reply", i, t) for t in self.keep[i] if t not in S[i] and t not in bad)
        budget = MAX_BOUNDARY_NODES
        # breadth first: single constraints (the end points of curves) before combinations
        queue: deque[tuple[int, ...]] = deque((c,) for c in range(len(cons)))
        ends: set[int] = set()
        open_nodes = 0
        exhausted = False
        while queue:
            if self.over_time():
                return
            self.budget.tick("searching the boundary of a continuum of equilibria", hint=_SMALLER_HINT)
            if budget <= 0:
                exhausted = True
                break
            budget -= 1
            chosen = queue.popleft()
            s_new = [list(x) for x in S]
            t_new = [list(x) for x in S]
            for c in chosen:
                kind, i, s = cons[c]
                if kind == "zero":
                    s_new[i].remove(s)
                else:
                    t_new[i].append(s)
            if any(not x for x in s_new):
                continue
            s_t = tuple(tuple(x) for x in s_new)
            t_t = tuple(tuple(sorted(x)) for x in t_new)
            if self.dominated(s_t, t_t):
                continue
            outcome = _TypeSolver(data, s_t, t_t, self.rng).solve()
            ids = self.record(outcome)
            ends.update(ids)
            if outcome.status != "finite":
                open_nodes += 1
            if outcome.status == "unresolved":
                for c in range(chosen[-1] + 1, len(cons)):
                    queue.append(chosen + (c,))
        why = reasons[0] if reasons else f"support profile {_support_label(S)} has a continuum of solutions"
        if not ends and not open_nodes and not exhausted:
            self.notes.append(
                f"{why}; no equilibrium lies on its boundary, so it holds none unless it contains a closed loop of "
                "equilibria, which this method cannot rule out (completeness cannot be certified)"
            )
            return
        linked = _CurveTracer(self, S).link(sorted(ends))
        found = len(ends)
        self.notes.append(
            f"{why}; it is not a polytope, so only its end points are searched: {found} found on its boundary"
            + (f", {linked} joined by tracing the curve between them" if linked else "")
            + " (completeness cannot be certified" + (", search budget exhausted)" if exhausted else ")")
        )

    def result(self) -> NPlayerResult:
        col = self.collector
        n_eq = len(col.eqs)
        order = sorted(range(n_eq), key=lambda i: _order_key(col.eqs[i]))
        rank = {old: new for new, old in enumerate(order)}
        # one-player-differs rule: the segment between two equilibria that differ in one player's
        # strategy only consists of equilibria.
        n = self.data.n
        for p in range(n):
            groups: dict[tuple, int] = {}
            for i, e in enumerate(col.eqs):
                key = tuple(tuple(np.round(e.floats[q], 9)) for q in range(n) if q != p)
                if key in groups:
                    col.union(groups[key], i)
                else:
                    groups[key] = i
        comps: dict[int, list[int]] = {}
        for i in range(n_eq):
            comps.setdefault(col.find(i), []).append(rank[i])
        components = sorted((tuple(sorted(c)) for c in comps.values()), key=lambda c: c[0])
        profiles, exact, forms = [], [], []
        tied = False
        for i in order:
            e = col.eqs[i]
            tied = tied or e.tied
            profiles.append(tuple(_readonly(v) for v in e.floats))
            if e.exact is not None and all(isinstance(v, Fraction) for vec in e.exact for v in vec):
                exact.append(tuple(tuple(vec) for vec in e.exact))
            else:
                exact.append(None)
            forms.append(None if e.exact is None else tuple(tuple(closed_form(v) for v in vec) for vec in e.exact))
        notes = list(dict.fromkeys(self.notes))
        if self.continua:
            more = len(self.continua) - 4
            shown = ", ".join(self.continua[:4]) + (f" and {more} more" if more > 0 else "")
            one = len(self.continua) == 1
            notes.insert(
                0,
                f"support profile{'' if one else 's'} {shown} ha{'s a continuum' if one else 've continua'} of "
                "equilibria; the extreme points are reported, grouped into components",
            )
        if tied and not self.degenerate:
            notes.append("degenerate game: some equilibrium has a best reply outside its support (tied payoffs)")
        return NPlayerResult(
            profiles=profiles,
            exact=exact,
            closed_forms=forms,
            components=components,
            complete=self.complete,
            degenerate=self.degenerate or tied,
            notes=notes,
            kept=tuple(tuple(k) for k in self.keep),
        )


_SMALLER_HINT = "remove dominated or irrelevant strategies, or use '--method pure' for pure equilibria only"

#: Seconds per support profile with ``f = sum(|S_i|) - n`` free probabilities: about
#: ``1 ms * 2^(f - 3)`` (measured on random 4x4x4 and 5x5x5 games with integer payoffs, one
#: BLAS thread, on a 2-core x86-64 VM: 0.2-3 ms for f <= 5, 4 ms at 7, 19-37 ms at 8, 0.6 s at 9). Summed over every support profile the model predicts 9 s for
#: 4x4x4 (measured 3-5 s: conditional dominance skips many profiles) and 220 s for 5x5x5
#: (measured 271 s).
PROFILE_SECONDS = 1e-3


def estimate_seconds(keep: Sequence[Sequence[int]]) -> float:
    """Estimated seconds to solve every support profile of a game with these strategies left.

    Counts the profiles by their number of free probabilities (the size of their
    indifference systems) and weights each by :data:`PROFILE_SECONDS` times ``2^(f - 3)``.
    """
    # by_free[f] = number of support profiles with f free probabilities (a convolution)
    by_free = [1]
    for k in keep:
        sizes = [math.comb(len(k), s) for s in range(1, len(k) + 1)]  # supports of size s, f = s - 1
        out = [0] * (len(by_free) + len(sizes) - 1)
        for i, a in enumerate(by_free):
            for j, b in enumerate(sizes):
                out[i + j] += a * b
        by_free = out
    return sum(count * PROFILE_SECONDS * 2.0 ** max(0, f - 3) for f, count in enumerate(by_free))


def _readonly(v: np.ndarray) -> np.ndarray:
    out = np.array(v, dtype=float)
    out[out == 0] = 0.0
    out.setflags(write=False)
    return out


def enumerate_equilibria(
    payoffs: np.ndarray, exact: np.ndarray | None, tol: float, deadline: float | None = None,
    budget: Budget | None = None,
) -> NPlayerResult:
    """Every Nash equilibrium of a game with up to three players (see the module docstring).

    Parameters
    ----------
    payoffs
        Float array of shape ``(n, k_1, ..., k_n)``; ``payoffs[p][s]`` is player
        ``p``'s payoff at pure profile ``s``.
    exact
        The same payoffs as Fractions (object array) when they are rational,
        else None; enables exact certification and exact tie tests.
    tol
        Regret tolerance in payoff units: every reported profile has every
        player's regret ``<= tol`` (exactly 0 when ``exact`` is reported).
    deadline
        A :func:`time.perf_counter` value after which the search stops and
        returns what it has with ``complete=False``.
    budget
        A :class:`wedge_cli.budget.Budget`: the work is estimated
        (:func:`estimate_seconds`) and refused when it would not fit, and the search
        stops with :class:`GameTooLargeError` when it runs past the budget. None: no budget.

    Raises
    ------
    GameTooLargeError
        More than :data:`MAX_PLAYERS` players, more than
        :data:`MAX_SUPPORT_PROFILES` support profiles after removing dominated
        strategies, a support system too large for the eigenvalue method, or
        work over ``budget``.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    n = payoffs.shape[0]
    if n < 1 or payoffs.ndim != n + 1:
        raise ValueError(f"payoffs must have shape (n, k_1, ..., k_n); got {payoffs.shape}")
    if n > MAX_PLAYERS:
        raise GameTooLargeError(
            f"finding all mixed equilibria is implemented for games with up to {MAX_PLAYERS} players; "
            f"this game has {n}",
            hint="use '--method pure' for the pure equilibria of larger games",
        )
    if exact is not None and np.asarray(exact).shape != payoffs.shape:
        raise ValueError("exact payoffs must have the same shape as payoffs")
    data = _Data(payoffs, exact, tol)
    search = _Search(data, deadline, budget)
    search.run()
    return search.result()
