"""The polynomial stage: one support profile's indifference system, solved.

Linear equations first (exactly for rational games), the rest by the eigenvalue method
of :mod:`wedge_cli.algebra.polysys`; continua that are polytopes are enumerated exactly
(``docs/nplayer.md``, steps 2 and 4).

About 600 lines because :class:`TypeSolver` is one job: its linear, polynomial and
polytope paths share one support's equations and bases and hand each other their state.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wedge_cli.algebra import polysys
from wedge_cli.algebra.exact import nullspace
from wedge_cli.algebra.polysys import MultilinearSystem
from wedge_cli.algebra.quadratic import Quadratic, squarefree
from wedge_cli.solve.nplayer.data import GameData

#: Largest denominator tried when snapping a float to a rational.
SNAP_DENOMINATOR = 10**7
#: Relative singular-value threshold for numerical rank in float games.
LINEAR_RTOL = 1e-9
#: Loose probability filter applied to roots before Newton refinement.
ROOT_FILTER = 1e-6


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
class SupportCandidate:
    """A candidate profile from one type system (to be refined and verified)."""

    floats: tuple[np.ndarray, ...]  # full-length probability vectors
    exact: tuple[tuple, ...] | None = None  # Fractions or Quadratics, full length
    polished: bool = False  # came out of exact/linear algebra, no Newton needed
    S: tuple[tuple[int, ...], ...] = ()
    T: tuple[tuple[int, ...], ...] = ()


@dataclass
class Outcome:
    candidates: list[SupportCandidate] = field(default_factory=list)
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


def equation_tensors(data: GameData, S, T, exact: bool):
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


class TypeSolver:
    """Solve the indifference system of one type ``(S, T)`` (support S, best replies T >= S)."""

    def __init__(self, data: GameData, S, T, rng: np.random.Generator) -> None:
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

    def solve(self) -> Outcome:
        data, exact = self.data, self.exact
        mixed, raw = equation_tensors(data, self.S, self.T, exact)
        groups = [_Group(p, len(self.S[p]), exact) for p in mixed]
        # equations as [groups(list of group ids), tensor in current coordinates]
        eqs = [[list(gs), t] for _, gs, t in raw]
        out = Outcome()
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
                    ker = nullspace([list(r) for r in rows], grp.dim)
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

    def _polynomial(self, groups, eqs, poly_groups, free, values, out: Outcome) -> Outcome:
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
                split = squarefree(num * den)
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

    def _finish(self, assigned, groups, free, out: Outcome, zero_dim: bool, exact_values: bool, quad=None) -> None:
        if not free:
            for vals, ridx in assigned:
                floats, ex = self._profile(groups, vals)
                cand = SupportCandidate(floats, ex if exact_values else None, polished=exact_values, S=self.S, T=self.T)
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
                out.candidates.append(SupportCandidate(floats, ex if is_exact else None, polished=True, S=self.S, T=self.T))
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
                ker = nullspace([list(cons[c]) for c in combo], m)
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

