"""All isolated roots of multilinear polynomial systems, by an eigenvalue method.

One module of ~800 lines on purpose: the root count, the Macaulay matrix, the plan
cache, the eigenvalue step and Newton share one representation of a multilinear
system and one choice of degree, and are one job, solving such a system; pieces of it
would only be called from each other. Method: ``docs/nplayer.md``, step 2.

The indifference conditions of an n-player game on a support profile form a
*multilinear* system: the unknowns fall into groups (one per mixing player,
homogeneous coordinates ``xi_g`` of a point of the projective space
``P^{k_g - 1}``), and every equation is linear in each group it involves and
independent of the others. This module finds every isolated root of such a
system in the product of projective spaces, real or complex.

Method
------
1. **Root count.** For a square system (as many equations as the sum of the
   projective dimensions) the number of roots, counted with multiplicity, of a
   zero-dimensional system equals the multihomogeneous Bezout number
   :func:`bezout_number`: the coefficient of ``prod_g h_g^(k_g - 1)`` in
   ``prod_e sum_{g in E_e} h_g``, i.e. the number of ways to hand each
   equation ``e`` to one group of ``E_e`` so that group ``g`` receives exactly
   ``k_g - 1`` of them (Shafarevich, *Basic Algebraic Geometry 1*, IV.2;
   McKelvey & McLennan 1997, "The maximal number of regular totally mixed Nash
   equilibria", *J. Econ. Theory* 72:411-425, for the game case). A product of
   projective spaces has no points at infinity, so no root escapes the count.
2. **Macaulay matrix.** At a multidegree ``alpha`` the rows are the equations
   multiplied by every monomial of degree ``alpha - deg(e)``, the columns the
   monomials of degree ``alpha``. For a zero-dimensional system with ``delta``
   simple roots and ``alpha`` in the regularity region its null space has
   dimension ``delta`` and is spanned by the vectors of all degree-``alpha``
   monomials evaluated at the roots (Macaulay 1902; Dreesen, Batselier & De
   Moor 2012, "Back to the roots: polynomial system solving, linear algebra,
   systems theory", *IFAC Proc.* 45(16):1203-1208). A null space larger than
   ``delta`` at a degree that is regular for generic systems of the same shape
   means the system is not zero-dimensional (it has a curve or surface of
   roots) or is irregular there; the caller hears about it.
3. **Eigenvalues.** With ``Z`` a basis of the null space and two random linear
   forms ``h0, h1`` in one group ``g``, multiplication by ``h0`` and ``h1``
   from degree ``alpha - e_g`` to ``alpha`` gives the pencil
   ``Z^T H1 P w = lambda Z^T H0 P w``, whose left eigenvectors ``w`` give the
   evaluation vectors ``Z w`` of the roots (eigenvalues ``h1/h0`` at the
   roots); each root's coordinates are read off as ratios of monomial values
   (Telen, Mourrain & Van Barel 2018, "Solving polynomial systems via truncated
   normal forms", *SIAM J. Matrix Anal. Appl.* 39:1421-1447; Bender & Telen
   2022, "Yet another eigenvalue algorithm for solving polynomial systems",
   arXiv:2105.08472, Section 4 for products of projective spaces).
4. **Newton.** Every root is refined by Newton's method on the system plus one
   normalisation per group (Gauss-Newton for over-determined systems).

When the null space is larger than ``delta`` the degree is raised once; if it is still
too large the system has a curve or surface of roots (``Roots.zero_dim`` is False), and
its isolated roots are found as limits: the roots of a slightly perturbed copy are
refined on the original with Newton's method (every isolated root of a system is a
limit of roots of nearby systems), and only those that converge are kept.

The degree ``alpha`` and the group ``g`` are chosen once per system *shape*
(sizes of the groups and the groups each equation involves) by trying
multidegrees in increasing matrix size on a random system of that shape until
the null space has dimension ``delta`` and the shift has rank ``delta``
(:func:`plan_for`); shapes that occur in 3-player games with up to four
strategies each are tabulated. Over-determined systems (more equations than
unknowns, as on the boundary of a continuum of equilibria) are squared up by
random linear combinations of equations that involve the same groups, which
keeps the multilinear shape: every isolated root of the full system at which
its Jacobian has full rank is an isolated root of such a combination for a
suitable number of combinations per shape (Sommese & Wampler, *The Numerical
Solution of Systems of Polynomials*, 2005, Section 13.5). The choices of numbers are
tried cheapest first, and the first squared-up system that is zero-dimensional ends
the search: the full system's roots all lie among its roots.

Limits: numpy linear algebra in double precision. Rank decisions use the
relative threshold :data:`RANK_RTOL`; floating point can only overcount a null
space, so when the system has exact integer coefficients (``integers``) a null
space that looks larger than ``delta`` is checked by an exact rank modulo the prime
:data:`PRIME`. Systems whose Macaulay matrix would have more than
:data:`MAX_COLUMNS` columns are refused (:class:`TooLarge`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: Singular values below this times the largest count as zero (rows are scaled to unit max).
RANK_RTOL = 1e-9
#: The shift matrix must have its smallest of ``delta`` singular values above this times its largest.
SHIFT_RTOL = 1e-10
#: Largest Macaulay matrix (columns) this module builds (the 4x4x4 totally mixed case needs 800).
MAX_COLUMNS = 2000
#: Most multidegrees tried when searching a plan for a new system shape.
MAX_PLAN_TRIES = 16
#: Imaginary parts (after normalising the largest coordinate of a group to 1) below this count as real.
REAL_TOL = 1e-6
#: Relative size of the random perturbation used when a system is not zero-dimensional.
PERTURBATION = 1e-7


class TooLarge(Exception):
    """The Macaulay matrix for this system shape would exceed :data:`MAX_COLUMNS` columns."""


@dataclass(frozen=True, eq=False)
class MultilinearSystem:
    """A multilinear system in groups of homogeneous unknowns.

    Attributes
    ----------
    sizes
        Number of homogeneous coordinates of each group (each ``>= 2``).
    groups
        For each equation, the increasing indices of the groups it involves.
    coeffs
        For each equation, its coefficient tensor with one axis per involved
        group (in ``groups`` order): ``f_e(xi) = C_e[xi_{g1}, xi_{g2}, ...]``.
    integers
        Optionally, the same equations with exact integer coefficients (object
        arrays of Python ints, each a positive multiple of the float tensor).
        Rank decisions that floating point cannot make are then made exactly
        (modulo a large prime, see :func:`_rank_mod_p`).
    """

    sizes: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]
    coeffs: tuple[np.ndarray, ...]
    integers: tuple[np.ndarray, ...] | None = None

    @property
    def n_unknowns(self) -> int:
        """Sum of the projective dimensions."""
        return sum(s - 1 for s in self.sizes)

    @property
    def n_equations(self) -> int:
        return len(self.groups)

    def shape_key(self) -> tuple:
        """The system's shape, which fixes its root count and its Macaulay plan."""
        return (self.sizes, tuple(sorted(self.groups)))

    def evaluate(self, points: Sequence[np.ndarray]) -> np.ndarray:
        """Values of all equations at a batch of points.

        ``points[g]`` has shape ``(B, sizes[g])``; returns shape ``(B, n_equations)``.
        """
        batch = points[0].shape[0] if points else 1
        dtype = np.result_type(*points, *self.coeffs) if points else float
        out = np.empty((batch, self.n_equations), dtype=dtype)
        for e, (groups, c) in enumerate(zip(self.groups, self.coeffs)):
            out[:, e] = _contract(c, [points[g] for g in groups], skip=None)
        return out

    def jacobian(self, points: Sequence[np.ndarray]) -> np.ndarray:
        """Derivatives of all equations: shape ``(B, n_equations, sum(sizes))``."""
        batch = points[0].shape[0]
        offsets = np.concatenate([[0], np.cumsum(self.sizes)])
        dtype = np.result_type(*points, *self.coeffs)
        jac = np.zeros((batch, self.n_equations, int(offsets[-1])), dtype=dtype)
        for e, (groups, c) in enumerate(zip(self.groups, self.coeffs)):
            vecs = [points[g] for g in groups]
            for k, g in enumerate(groups):
                jac[:, e, offsets[g] : offsets[g + 1]] = _contract(c, vecs, skip=k)
        return jac


def _contract(c: np.ndarray, vecs: Sequence[np.ndarray], skip: int | None) -> np.ndarray:
    """Contract tensor ``c`` with batched vectors on every axis except ``skip``."""
    if skip is not None and len(vecs) == 1:
        # linear equation: the derivative is the coefficient vector itself
        return np.broadcast_to(c, (vecs[0].shape[0], c.shape[0]))
    letters = "abcdefghijklmnop"
    inputs = [letters[: c.ndim]]
    for k, v in enumerate(vecs):
        if k != skip:
            inputs.append("z" + letters[k])
    out = "z" + (letters[skip] if skip is not None else "")
    operands = [c] + [v for k, v in enumerate(vecs) if k != skip]
    return np.einsum(",".join(inputs) + "->" + out, *operands, optimize=False)


def bezout_number(sizes: Sequence[int], groups: Sequence[Sequence[int]]) -> int:
    """Multihomogeneous Bezout number of a square multilinear system.

    The number of ways to assign each equation to one of its groups so that
    group ``g`` gets exactly ``sizes[g] - 1`` equations; 0 when the system is
    not square.
    """
    need = tuple(s - 1 for s in sizes)
    if sum(need) != len(groups):
        return 0
    states: dict[tuple[int, ...], int] = {need: 1}
    for eq in groups:
        nxt: dict[tuple[int, ...], int] = {}
        for state, count in states.items():
            for g in eq:
                if state[g] > 0:
                    new = state[:g] + (state[g] - 1,) + state[g + 1 :]
                    nxt[new] = nxt.get(new, 0) + count
        states = nxt
    return states.get(tuple(0 for _ in sizes), 0)


# -- monomials -------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _monomials(nvars: int, degree: int) -> tuple[tuple[tuple[int, ...], ...], dict[tuple[int, ...], int]]:
    exps = []
    for combo in itertools.combinations_with_replacement(range(nvars), degree):
        e = [0] * nvars
        for i in combo:
            e[i] += 1
        exps.append(tuple(e))
    exps.sort(reverse=True)
    return tuple(exps), {e: k for k, e in enumerate(exps)}


def _count(nvars: int, degree: int) -> int:
    return math.comb(nvars - 1 + degree, degree)


@lru_cache(maxsize=None)
def _mul_table(nvars: int, degree: int) -> np.ndarray:
    """``table[m, i]``: index (degree ``degree``) of monomial ``m`` (degree ``degree - 1``) times ``x_i``."""
    lower, _ = _monomials(nvars, degree - 1)
    _, index = _monomials(nvars, degree)
    table = np.empty((len(lower), nvars), dtype=np.intp)
    for a, e in enumerate(lower):
        for i in range(nvars):
            f = list(e)
            f[i] += 1
            table[a, i] = index[tuple(f)]
    table.setflags(write=False)
    return table


def n_columns(sizes: Sequence[int], alpha: Sequence[int]) -> int:
    """Number of monomials of multidegree ``alpha``."""
    return math.prod(_count(s, a) for s, a in zip(sizes, alpha))


def _strides(counts: Sequence[int]) -> list[int]:
    strides = [1] * len(counts)
    for g in range(len(counts) - 2, -1, -1):
        strides[g] = strides[g + 1] * counts[g + 1]
    return strides


def macaulay_matrix(system: MultilinearSystem, alpha: Sequence[int], dtype=None) -> np.ndarray:
    """The Macaulay matrix of ``system`` at multidegree ``alpha`` (dense; float unless ``dtype`` is given)."""
    sizes = system.sizes
    n_groups = len(sizes)
    counts = [_count(s, a) for s, a in zip(sizes, alpha)]
    strides = _strides(counts)
    ncols = math.prod(counts)
    blocks = []
    for groups, c in zip(system.groups, system.coeffs):
        shift = [alpha[g] - (1 if g in groups else 0) for g in range(n_groups)]
        if min(shift) < 0:
            continue
        shift_counts = [_count(sizes[g], shift[g]) for g in range(n_groups)]
        ndim = n_groups + len(groups)
        full = shift_counts + [sizes[g] for g in groups]
        col = np.zeros([1] * ndim, dtype=np.intp)
        for g in range(n_groups):
            shape = [1] * ndim
            if g in groups:
                k = groups.index(g)
                table = _mul_table(sizes[g], alpha[g])
                shape[g], shape[n_groups + k] = table.shape
                col = col + table.reshape(shape) * strides[g]
            else:
                shape[g] = shift_counts[g]
                col = col + np.arange(shift_counts[g]).reshape(shape) * strides[g]
        nrows = math.prod(shift_counts)
        nnz = math.prod(c.shape)
        col = np.broadcast_to(col, full).reshape(nrows, nnz)
        vals = np.broadcast_to(c.reshape([1] * n_groups + list(c.shape)), full).reshape(nrows, nnz)
        block = np.zeros((nrows, ncols), dtype=dtype or np.result_type(c, float))
        block[np.arange(nrows)[:, None], col] = vals
        blocks.append(block)
    if not blocks:
        return np.zeros((0, ncols), dtype=dtype or float)
    return np.concatenate(blocks, axis=0)


def _shift_columns(sizes: Sequence[int], alpha: Sequence[int], g: int) -> np.ndarray:
    """``idx[m, i]``: column of monomial ``m`` (degree ``alpha - e_g``) times ``x_{g,i}``."""
    counts = [_count(s, a) for s, a in zip(sizes, alpha)]
    strides = _strides(counts)
    low = list(alpha)
    low[g] -= 1
    low_counts = [_count(s, a) for s, a in zip(sizes, low)]
    ndim = len(sizes) + 1
    col = np.zeros([1] * ndim, dtype=np.intp)
    for q in range(len(sizes)):
        shape = [1] * ndim
        if q == g:
            table = _mul_table(sizes[q], alpha[q])
            shape[q], shape[-1] = table.shape
            col = col + table.reshape(shape) * strides[q]
        else:
            shape[q] = low_counts[q]
            col = col + np.arange(low_counts[q]).reshape(shape) * strides[q]
    return np.broadcast_to(col, low_counts + [sizes[g]]).reshape(-1, sizes[g])


# -- plans -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """Where to build the Macaulay matrix for one system shape and which group to shift in."""

    alpha: tuple[int, ...]
    shift: int
    delta: int


def _random_system(sizes, groups, rng) -> MultilinearSystem:
    coeffs = tuple(rng.standard_normal([sizes[g] for g in eq]) for eq in groups)
    return MultilinearSystem(tuple(sizes), tuple(tuple(eq) for eq in groups), coeffs)


def _null_space(m: np.ndarray, ncols: int) -> tuple[np.ndarray, np.ndarray]:
    """Orthonormal right singular vectors (columns, smallest last) and padded singular values."""
    if m.shape[0] == 0:
        return np.eye(ncols), np.zeros(ncols)
    if m.shape[0] > ncols:
        # Same row space, square: much cheaper to decompose.
        m = np.linalg.qr(m, mode="r")
    _, s, vt = np.linalg.svd(m, full_matrices=True)
    padded = np.zeros(ncols)
    padded[: len(s)] = s
    return vt.T, padded


def _nullity(s: np.ndarray) -> int:
    if s.size == 0:
        return 0
    top = s[0]
    if top == 0:
        return s.size
    return int(np.count_nonzero(s <= RANK_RTOL * top))


def _shift_rank_ok(z: np.ndarray, sizes, alpha, g, rng) -> bool:
    delta = z.shape[1]
    if delta == 0:
        return True
    idx = _shift_columns(sizes, alpha, g)
    h0 = rng.standard_normal(sizes[g])
    a0 = np.einsum("mid,i->dm", z[idx], h0)
    if a0.shape[1] < delta:
        return False
    s = np.linalg.svd(a0, compute_uv=False)
    return bool(s[delta - 1] > 1e-8 * s[0])


def _candidate_alphas(sizes: Sequence[int]) -> list[tuple[int, ...]]:
    ranges = [range(1, 5) for _ in sizes]
    out = [a for a in itertools.product(*ranges) if n_columns(sizes, a) <= MAX_COLUMNS]
    out.sort(key=lambda a: (n_columns(sizes, a), sum(a), a))
    return out


def _search_plan(sizes: tuple[int, ...], groups: tuple[tuple[int, ...], ...]) -> Plan:
    rng = np.random.default_rng(20240611)
    delta = bezout_number(sizes, groups)
    system = _random_system(sizes, groups, rng)
    for alpha in _candidate_alphas(sizes)[:MAX_PLAN_TRIES]:
        m = macaulay_matrix(system, alpha)
        z, s = _null_space(m, n_columns(sizes, alpha))
        if _nullity(s) != delta:
            continue
        zb = z[:, z.shape[1] - delta :]
        for g in sorted(range(len(sizes)), key=lambda q: -alpha[q]):
            if alpha[g] >= 1 and _shift_rank_ok(zb, sizes, alpha, g, rng):
                return Plan(alpha, g, delta)
    raise TooLarge(f"no Macaulay degree among the {MAX_PLAN_TRIES} smallest works for groups of sizes {sizes}")


# Plans for the all-mixed support shapes of 3-player games with up to four strategies per
# player, as found by _search_plan: key (projective dimensions a, b, c), value (alpha, shift
# group, Bezout number). Player i's a/b/c equations involve the other two groups.
_NASH_PLANS: dict[tuple[int, int, int], tuple[tuple[int, int, int], int, int]] = {
    (1, 1, 1): ((1, 1, 1), 0, 2), (1, 1, 2): ((1, 1, 1), 0, 2), (1, 1, 3): ((1, 1, 1), 0, 0),
    (1, 2, 1): ((1, 1, 1), 0, 2), (1, 2, 2): ((1, 1, 1), 0, 4), (1, 2, 3): ((2, 1, 1), 0, 3),
    (1, 3, 1): ((1, 1, 1), 0, 0), (1, 3, 2): ((2, 1, 1), 0, 3), (1, 3, 3): ((1, 1, 1), 0, 6),
    (2, 1, 1): ((1, 1, 1), 0, 2), (2, 1, 2): ((1, 1, 1), 0, 4), (2, 1, 3): ((1, 2, 1), 1, 3),
    (2, 2, 1): ((1, 1, 1), 0, 4), (2, 2, 2): ((1, 1, 2), 0, 10), (2, 2, 3): ((1, 2, 1), 1, 12),
    (2, 3, 1): ((1, 1, 2), 2, 3), (2, 3, 2): ((1, 1, 2), 2, 12), (2, 3, 3): ((2, 1, 2), 0, 24),
    (3, 1, 1): ((1, 1, 1), 0, 0), (3, 1, 2): ((1, 2, 1), 1, 3), (3, 1, 3): ((1, 1, 1), 1, 6),
    (3, 2, 1): ((1, 1, 2), 2, 3), (3, 2, 2): ((1, 1, 2), 2, 12), (3, 2, 3): ((1, 2, 2), 1, 24),
    (3, 3, 1): ((1, 1, 1), 2, 6), (3, 3, 2): ((1, 2, 2), 2, 24), (3, 3, 3): ((1, 2, 3), 1, 56),
}


def _nash_shape(dims: tuple[int, int, int]) -> tuple:
    sizes = tuple(d + 1 for d in dims)
    groups = []
    for i, d in enumerate(dims):
        groups += [tuple(g for g in range(3) if g != i)] * d
    return (sizes, tuple(sorted(groups)))


_plan_cache: dict[tuple, Plan] = {_nash_shape(k): Plan(*v) for k, v in _NASH_PLANS.items()}
_too_large: dict[tuple, str] = {}


def plan_for(system: MultilinearSystem) -> Plan:
    """The Macaulay degree and shift group for this system's shape (cached)."""
    key = system.shape_key()
    if key in _too_large:
        raise TooLarge(_too_large[key])
    plan = _plan_cache.get(key)
    if plan is None:
        sizes, groups = key
        if any(s < 2 for s in sizes):
            raise ValueError("every group needs at least 2 coordinates")
        try:
            plan = _search_plan(sizes, groups)
        except TooLarge as err:
            _too_large[key] = str(err)
            raise
        _plan_cache[key] = plan
    return plan


# -- solving ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Roots:
    """What :func:`solve_system` found.

    Attributes
    ----------
    points
        Refined roots, one tuple of complex coordinate vectors per root (each
        group scaled so its largest coordinate is 1).
    zero_dim
        True when the root set was shown finite and every root was found:
        the null space had the generic dimension ``delta`` (for an
        over-determined system: one of its squared-up systems did).
    delta
        Multihomogeneous Bezout number of the (squared-up) system solved.
    singular
        Indices of roots at which the Jacobian is rank-deficient (multiple
        roots, or points on a curve of roots).
    """

    points: tuple[tuple[np.ndarray, ...], ...]
    zero_dim: bool
    delta: int
    singular: frozenset[int]


def _scale_rows(system: MultilinearSystem) -> MultilinearSystem:
    coeffs = []
    for c in system.coeffs:
        top = float(np.max(np.abs(c))) if c.size else 0.0
        coeffs.append(c / top if top > 0 else c)
    return MultilinearSystem(system.sizes, system.groups, tuple(coeffs), system.integers)


#: The prime for exact rank decisions (products of two residues fit in int64).
PRIME = 2_147_483_647


def _rank_mod_p(m: np.ndarray) -> int:
    """Rank of an integer matrix (int64 residues modulo :data:`PRIME`) over the field of ``PRIME`` elements.

    Never more than the rank over the rationals (a minor that vanishes over Q vanishes
    modulo p); equal to it unless ``PRIME`` divides every maximal non-zero minor.
    """
    a = m.copy()
    rows, cols = a.shape
    r = 0
    for c in range(cols):
        if r == rows:
            break
        nz = np.flatnonzero(a[r:, c])
        if nz.size == 0:
            continue
        piv = r + int(nz[0])
        if piv != r:
            a[[r, piv]] = a[[piv, r]]
        a[r] = (a[r] * pow(int(a[r, c]), PRIME - 2, PRIME)) % PRIME
        below = a[r + 1 :, c]
        hit = np.flatnonzero(below)
        if hit.size:
            a[r + 1 + hit] = (a[r + 1 + hit] - below[hit, None] * a[r]) % PRIME
        r += 1
    return r


def _exact_nullity(system: MultilinearSystem, alpha: tuple[int, ...]) -> int | None:
    """Nullity of the integer Macaulay matrix modulo :data:`PRIME` (an upper bound on the rational one)."""
    if system.integers is None:
        return None
    residues = tuple(
        np.array([int(v) % PRIME for v in c.flat], dtype=np.int64).reshape(c.shape) for c in system.integers
    )
    m = macaulay_matrix(MultilinearSystem(system.sizes, system.groups, residues), alpha, dtype=np.int64)
    return m.shape[1] - _rank_mod_p(m)


def _read_point(v: np.ndarray, sizes, alpha) -> tuple[np.ndarray, ...]:
    counts = [_count(s, a) for s, a in zip(sizes, alpha)]
    tensor = v.reshape(counts)
    point = []
    for g, (size, a) in enumerate(zip(sizes, alpha)):
        unfolded = np.moveaxis(tensor, g, 0).reshape(counts[g], -1)
        ver = unfolded[:, int(np.argmax(np.linalg.norm(unfolded, axis=0)))]
        exps, index = _monomials(size, a)
        pure = [index[tuple(a if i == j else 0 for i in range(size))] for j in range(size)]
        lead = int(np.argmax(np.abs(ver[pure])))
        coords = np.empty(size, dtype=complex)
        for i in range(size):
            e = [0] * size
            e[lead] = a - 1
            e[i] += 1
            coords[i] = ver[index[tuple(e)]] / ver[pure[lead]]
        point.append(coords)
    return tuple(point)


def _eigen_points(
    system: MultilinearSystem, alpha: tuple[int, ...], shift: int, delta: int, rng
) -> tuple[list[tuple[np.ndarray, ...]], bool]:
    """Roots from the Macaulay null space at ``alpha``; second value: it had dimension ``delta``."""
    sizes = system.sizes
    ncols = n_columns(sizes, alpha)
    m = macaulay_matrix(system, alpha)
    v, s = _null_space(m, ncols)
    if _nullity(s) != delta:
        # Floating point can only overcount the null space (a zero singular value is computed
        # as about 1e-16, far below the threshold), e.g. near a degenerate game; an exact rank
        # settles it: nullity modulo p <= delta means the rational nullity is delta.
        exact = _exact_nullity(system, alpha) if _nullity(s) > delta else None
        if exact is None or exact > delta:
            return [], False
    if delta == 0:
        return [], True
    z = v[:, ncols - delta :]
    order = [shift] + [g for g in range(len(sizes)) if g != shift and alpha[g] >= 1]
    for g in order:
        idx = _shift_columns(sizes, alpha, g)
        h0 = rng.standard_normal(sizes[g]) + 1j * rng.standard_normal(sizes[g])
        h1 = rng.standard_normal(sizes[g]) + 1j * rng.standard_normal(sizes[g])
        zi = z[idx]  # (monomials of degree alpha - e_g, size, delta)
        a0 = np.einsum("mid,i->dm", zi, h0)
        a1 = np.einsum("mid,i->dm", zi, h1)
        if a0.shape[1] < delta:
            continue
        _, sv, vh = np.linalg.svd(a0, full_matrices=False)
        if sv[delta - 1] <= SHIFT_RTOL * sv[0]:
            continue
        p = vh[:delta].conj().T
        try:
            e = np.linalg.solve((a0 @ p).T, (a1 @ p).T)
        except np.linalg.LinAlgError:
            continue
        _, w = np.linalg.eig(e)
        return [_read_point(z @ w[:, k], sizes, alpha) for k in range(delta)], True
    return [], True


def _normalise(point: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    out = []
    for x in point:
        k = int(np.argmax(np.abs(x)))
        out.append(x / x[k] if x[k] != 0 else x)
    return tuple(out)


def newton(
    system: MultilinearSystem,
    points: Sequence[Sequence[np.ndarray]],
    norms: Sequence[np.ndarray] | None = None,
    iterations: int = 30,
) -> tuple[list[tuple[np.ndarray, ...]], np.ndarray, np.ndarray]:
    """Refine points by (Gauss-)Newton with one normalisation ``norms[g] . xi_g = 1`` per group.

    Returns the refined points, the residual max-norm of each (equations
    scaled to unit max coefficient) and the smallest singular value of each
    Jacobian (system and normalisations, divided by the largest).
    """
    if not points:
        return [], np.zeros(0), np.zeros(0)
    sys_ = _scale_rows(system)
    n_groups = len(system.sizes)
    batch = len(points)
    cplx = any(np.iscomplexobj(x) for pt in points for x in pt)
    dtype = complex if cplx else float
    if norms is None:
        norms = []
        for g in range(n_groups):
            k = np.array([int(np.argmax(np.abs(pt[g]))) for pt in points])
            norms.append(k)
        xs = [
            np.array([pt[g] / pt[g][k[b]] for b, pt in enumerate(points)], dtype=dtype) for g, k in enumerate(norms)
        ]
        lin = [np.eye(system.sizes[g], dtype=dtype)[norms[g]] for g in range(n_groups)]
    else:
        xs = []
        lin = []
        for g in range(n_groups):
            vals = np.array([pt[g] for pt in points], dtype=dtype)
            denom = vals @ norms[g]
            denom[denom == 0] = 1
            xs.append(vals / denom[:, None])
            lin.append(np.broadcast_to(np.asarray(norms[g], dtype=dtype), (batch, system.sizes[g])))
    offsets = np.concatenate([[0], np.cumsum(system.sizes)])
    total = int(offsets[-1])
    active = np.ones(batch, dtype=bool)
    for _ in range(iterations):
        if not active.any():
            break
        sel = np.flatnonzero(active)
        pts = [x[sel] for x in xs]
        f = sys_.evaluate(pts)
        norm_res = np.stack([np.einsum("bi,bi->b", lin[g][sel], pts[g]) - 1 for g in range(n_groups)], axis=1)
        jac = sys_.jacobian(pts)
        nl = np.zeros((len(sel), n_groups, total), dtype=dtype)
        for g in range(n_groups):
            nl[:, g, offsets[g] : offsets[g + 1]] = lin[g][sel]
        full = np.concatenate([jac, nl], axis=1)
        rhs = np.concatenate([f, norm_res], axis=1)
        step = np.einsum("bij,bj->bi", np.linalg.pinv(full), rhs)
        size = np.max(np.abs(step), axis=1)
        for g in range(n_groups):
            xs[g][sel] -= step[:, offsets[g] : offsets[g + 1]]
        scale = np.max(np.abs(np.concatenate([x[sel] for x in xs], axis=1)), axis=1)
        done = ~np.isfinite(size) | (size <= 1e-15 * np.maximum(scale, 1.0))
        active[sel[done]] = False
    pts = xs
    f = sys_.evaluate(pts)
    residual = np.max(np.abs(f), axis=1) if f.shape[1] else np.zeros(batch)
    jac = sys_.jacobian(pts)
    nl = np.zeros((batch, n_groups, total), dtype=dtype)
    for g in range(n_groups):
        nl[:, g, offsets[g] : offsets[g + 1]] = lin[g]
    full = np.concatenate([jac, nl], axis=1)
    sv = np.linalg.svd(full, compute_uv=False)
    sing = sv[:, -1] / np.maximum(sv[:, 0], 1e-300) if sv.shape[1] >= total else np.zeros(batch)
    refined = [tuple(x[b] for x in xs) for b in range(batch)]
    return refined, residual, sing


def _square_roots(system: MultilinearSystem, rng) -> tuple[list[tuple[np.ndarray, ...]], bool, int]:
    """Roots of a square system and whether it was shown zero-dimensional.

    If the null space at the planned degree is too large, the degree is raised once (a
    zero-dimensional but non-generic system can need it); if it is still too large the system
    is taken to have a curve or surface of roots, and the isolated ones are found by solving
    a slightly perturbed copy (each isolated root of the original is a limit of roots of the
    perturbed system) and refining its roots on the original with Newton's method.
    """
    scaled = _scale_rows(system)
    plan = plan_for(scaled)
    pts, zero_dim = _eigen_points(scaled, plan.alpha, plan.shift, plan.delta, rng)
    if zero_dim:
        return pts, True, plan.delta
    higher = tuple(a + 1 for a in plan.alpha)
    if n_columns(scaled.sizes, higher) <= MAX_COLUMNS:
        pts, zero_dim = _eigen_points(scaled, higher, plan.shift, plan.delta, rng)
        if zero_dim:
            return pts, True, plan.delta
    pert = MultilinearSystem(
        scaled.sizes,
        scaled.groups,
        tuple(c + PERTURBATION * rng.standard_normal(c.shape) for c in scaled.coeffs),
    )
    pts, _ = _eigen_points(pert, plan.alpha, plan.shift, plan.delta, rng)
    return pts, False, plan.delta


def _combination_counts(classes: list[int], total: int) -> list[tuple[int, ...]]:
    out = []
    for counts in itertools.product(*[range(c + 1) for c in classes]):
        if sum(counts) == total:
            out.append(counts)
    return out


def solve_system(
    system: MultilinearSystem, rng: np.random.Generator | None = None, residual_tol: float = 1e-9
) -> Roots:
    """Every isolated root of a multilinear system (see the module docstring).

    Parameters
    ----------
    system
        Square or over-determined; an under-determined system has no isolated
        roots and gives ``Roots((), False, 0, ...)``.
    rng
        Source of the random linear forms and combinations (seeded by default,
        so results are reproducible).
    residual_tol
        A refined point is kept when every equation (scaled to unit max
        coefficient, point scaled to unit max coordinate per group) is at most
        this in absolute value.

    Raises
    ------
    TooLarge
        When the Macaulay matrix would be too large.
    """
    rng = rng if rng is not None else np.random.default_rng(7)
    n, m = system.n_unknowns, system.n_equations
    if m < n:
        return Roots((), False, 0, frozenset())
    if n == 0:
        return Roots(((),), True, 1, frozenset())
    if m == n:
        candidates, zero_dim, delta = _square_roots(system, rng)
    else:
        classes: dict[tuple[int, ...], list[int]] = {}
        for e, groups in enumerate(system.groups):
            classes.setdefault(groups, []).append(e)
        keys = sorted(classes)
        scaled = _scale_rows(system)
        candidates, zero_dim, delta = [], False, 0
        shapes = []
        for counts in _combination_counts([len(classes[k]) for k in keys], n):
            groups = [key for key, cnt in zip(keys, counts) for _ in range(cnt)]
            shapes.append((bezout_number(system.sizes, groups), counts))
        # Cheapest first. Once a squared-up system is zero-dimensional, every root of the full
        # system is among its roots (the full system's zero set lies inside it): stop there.
        for _, counts in sorted(shapes):
            groups, coeffs, ints = [], [], []
            for key, cnt in zip(keys, counts):
                members = classes[key]
                # integer weights keep an exact copy exact
                for row in rng.integers(-1000, 1001, size=(cnt, len(members))):
                    groups.append(key)
                    coeffs.append(sum(int(w) * scaled.coeffs[e] for w, e in zip(row, members)))
                    if system.integers is not None:
                        # the same combination of the integer rows (each scaled like its float row)
                        top = [max(abs(int(v)) for v in system.integers[e].flat) or 1 for e in members]
                        lcm = math.lcm(*top)
                        parts = [int(w) * (lcm // t) * system.integers[e] for w, t, e in zip(row, top, members)]
                        ints.append(sum(parts))
            square = MultilinearSystem(
                system.sizes, tuple(groups), tuple(coeffs), tuple(ints) if system.integers is not None else None
            )
            pts, zd, d = _square_roots(square, rng)
            candidates.extend(pts)
            if zd:
                zero_dim, delta = True, d
                break
    if not candidates:
        return Roots((), zero_dim, delta, frozenset())
    refined, residual, sing = newton(system, candidates)
    good = [p for p, r in zip(refined, residual) if np.isfinite(r) and r <= residual_tol]
    good_sing = [s for s, r in zip(sing, residual) if np.isfinite(r) and r <= residual_tol]
    points: list[tuple[np.ndarray, ...]] = []
    singular = set()
    for p, s in zip(good, good_sing):
        q = _normalise(p)
        dup = next(
            (i for i, r in enumerate(points) if all(np.max(np.abs(a - b)) <= 1e-7 for a, b in zip(q, r))),
            None,
        )
        if dup is not None:
            if s < 1e-7:
                singular.add(dup)
            continue
        if s < 1e-7:
            singular.add(len(points))
        points.append(q)
    return Roots(tuple(points), zero_dim, delta, frozenset(singular))


def real_points(roots: Roots) -> list[tuple[int, tuple[np.ndarray, ...]]]:
    """The real roots (index into ``roots.points`` and real coordinates)."""
    out = []
    for i, p in enumerate(roots.points):
        if all(np.max(np.abs(x.imag)) <= REAL_TOL for x in p):
            out.append((i, tuple(np.real(x).astype(float) for x in p)))
    return out
