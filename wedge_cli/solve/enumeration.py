"""All extreme Nash equilibria of a 2-player game, degenerate or not.

One module of ~640 lines on purpose: reduction, the batched basis solves, the exact
re-check of bases and the label matching are one job (vertex enumeration) and share
the polytopes' arrays; split, each piece would only call the next. Method:
``docs/solver.md``.

Method (``--method enumerate``, the default for 2 players): vertex enumeration
of the best-response polytopes, following Avis, Rosenberg, Savani & von
Stengel (2010), "Enumeration of Nash equilibria for two-player games",
*Economic Theory* 42:9-37.

1. Remove strictly dominated pure strategies iteratively
   (:mod:`wedge_cli.solve.dominance`); this leaves the equilibrium set unchanged.
2. Shift and scale each payoff matrix to ``[1, 2]`` (positive affine maps keep
   the equilibria) and form ``P = {x >= 0 : B^T x <= 1}`` and
   ``Q = {y >= 0 : A y <= 1}``. Labels: ``i`` (row ``i`` of player 1) is a label
   of ``x`` when ``x_i = 0`` and of ``y`` when ``(A y)_i = 1``; ``m + j``
   (column ``j``) is a label of ``x`` when ``(B^T x)_j = 1`` and of ``y`` when
   ``y_j = 0``.
3. Every vertex of ``P`` other than 0 solves ``m`` linearly independent tight
   constraints: ``x_i = 0`` outside a set ``S`` of rows and ``(B^T x)_j = 1``
   for a set ``J`` of columns, ``|J| = |S| = k`` (a *basis*; ``C(m + n, m) - 1``
   of them). All bases are solved in batched :func:`numpy.linalg.solve` calls
   (as ``m x m`` systems in one batch for small games, else grouped by ``k``);
   singular ones are skipped, feasible solutions kept with tolerance ``ftol``,
   and each vertex's full label set is recorded as a bitmask (a degenerate
   vertex has more than ``m`` labels). Vertices are deduplicated by label set
   and coordinates. Likewise for ``Q``.
4. The extreme equilibria are the completely labelled vertex pairs
   ``(labels(x) | labels(y)) == all labels``, ``(x, y) != (0, 0)``, normalised
   to probability vectors; the pairing is one vectorised bitwise comparison.
5. Rational games are decided exactly: each candidate is recomputed from its
   basis by fraction-free integer elimination
   (:func:`wedge_cli.algebra.exact.bareiss_solve`), bases whose float determinant
   is too small to trust are solved exactly instead of in floats, and small
   games (at most :data:`_EXACT_SMALL` bases) skip floats altogether. Every
   candidate then goes through :mod:`wedge_cli.solve.verify` (exact regret 0).

Limits: ``C(m + n, m) - 1`` linear systems per polytope after reduction; more
than :data:`MAX_BASES` raises :class:`~wedge_cli.model.GameTooLargeError`
instead of running for minutes. For non-rational (float) games a basis is
singular when its smallest singular value is below ``1e-11`` times the largest
(payoffs scaled to ``[1, 2]``); for rational games only when its exact
determinant is 0 (unless more than :data:`_MAX_EXACT_SUSPECTS` bases of one
batch need that exact test, e.g. a constant 10x10 game, where the singular
value test is used).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations

import numpy as np

from wedge_cli.model import Game, GameTooLargeError
from wedge_cli.solve.dominance import reduce_strict, reduce_strict_lists
from wedge_cli.algebra.exact import as_int64, bareiss_solve
from wedge_cli.solve.verify import Candidate, game_integers, prob_tol, reduce_rational

#: Most linear systems (bases) per best-response polytope before refusing.
MAX_BASES = 2_000_000
#: Systems solved per numpy batch (bounds memory).
_CHUNK = 1 << 15
#: Feasibility/label tolerance for rational games (payoffs scaled to [1, 2]);
#: generous on purpose: it only preselects, the exact step decides.
_FTOL_RATIONAL = 1e-7
#: A determinant below this times Hadamard's bound makes a basis "suspect":
#: decided exactly (rational games) or by singular values (float games).
_DET_SUSPECT = 1e-8
#: Float games: singular when the smallest singular value is below this times the largest.
_SINGULAR_RTOL = 1e-11
#: Most suspect bases per batch decided in exact arithmetic.
_MAX_EXACT_SUSPECTS = 50_000
#: Grid for comparing vertex coordinates when deduplicating.
_DEDUPE_GRID = 1e6
#: Up to this many bases, solve all of them as one batch of d x d systems.
_ONE_BATCH = 1000
#: Up to this many bases, rational games are enumerated in exact integer arithmetic only.
_EXACT_SMALL = 40
#: Games with at most this many cells use list-based dominance checks.
_SMALL_CELLS = 64

IntRows = list[list[int]]
#: Exact constraint matrix of a polytope: positive int rows and the ``span``
#: such that the float matrix used for it is ``rows / span``.
ExactMatrix = tuple[IntRows, int]
#: Solve some suspect systems exactly: indices into the batch -> (solutions, nonsingular).
Resolver = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def bases_count(m: int, n: int) -> int:
    """Number of linear systems solved per polytope for an ``m x n`` game."""
    return math.comb(m + n, m) - 1


@lru_cache(maxsize=512)
def _combos(d: int, k: int) -> np.ndarray:
    count = math.comb(d, k)
    out = np.fromiter(chain.from_iterable(combinations(range(d), k)), dtype=np.intp, count=count * k)
    out = out.reshape(count, k)
    out.setflags(write=False)
    return out


@lru_cache(maxsize=128)
def _powers(count: int) -> np.ndarray:
    out = np.left_shift(np.int64(1), np.arange(count, dtype=np.int64))
    out.setflags(write=False)
    return out


def _scale(a: np.ndarray) -> np.ndarray:
    """Map payoffs affinely onto ``[1, 2]`` (all ones for a constant matrix)."""
    lo = a.min()
    span = a.max() - lo
    if span <= 0:
        return np.ones_like(a, dtype=float)
    return 1.0 + (a - lo) / span


def _solve_batch(mats: np.ndarray, rhs: np.ndarray, resolve: Resolver | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``mats[i] @ z = rhs[i]`` for a stack of square matrices.

    A matrix whose determinant exceeds ``_DET_SUSPECT`` times Hadamard's bound
    (the product of its row norms) is solved in floats. The others are
    suspects, decided by ``resolve`` when given (rational games, see
    :func:`_decide_exactly`), else by :func:`_decide_by_svd`.

    Returns ``(z, ok)``; ``ok[i]`` is False (and ``z[i]`` zero) for singular ones.
    """
    count, k, _ = mats.shape
    if k == 1:
        return rhs / mats[:, :, 0], np.ones(count, dtype=bool)
    det = np.abs(np.linalg.det(mats))
    bound = np.prod(np.sqrt(np.einsum("nij,nij->ni", mats, mats)), axis=1)
    ok = det > _DET_SUSPECT * bound
    if ok.all():
        return np.linalg.solve(mats, rhs[:, :, None])[:, :, 0], ok
    z = np.zeros((count, k))
    if ok.any():
        z[ok] = np.linalg.solve(mats[ok], rhs[ok][:, :, None])[:, :, 0]
    suspects = np.flatnonzero(~ok)
    if resolve is not None:
        z[suspects], ok[suspects] = resolve(suspects)
    else:
        z[suspects], ok[suspects] = _decide_by_svd(mats[suspects], rhs[suspects])
    return z, ok


def _decide_by_svd(mats: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Float decision: singular when the smallest singular value is below ``_SINGULAR_RTOL`` times the largest."""
    z = np.zeros(rhs.shape)
    sv = np.linalg.svd(mats, compute_uv=False)
    ok = sv[:, -1] > _SINGULAR_RTOL * sv[:, 0]
    if ok.any():
        z[ok] = np.linalg.solve(mats[ok], rhs[ok][:, :, None])[:, :, 0]
    return z, ok


def _certainly_singular(int_mats: np.ndarray) -> np.ndarray:
    """Integer matrices (held exactly in float64) proven singular by their singular values.

    A nonsingular integer matrix has ``|det| >= 1``, so its smallest singular
    value is at least ``1 / s_max^(k - 1)``; LAPACK's singular values are
    within ``c * k * eps * s_max`` of the true ones (``c = 10`` here, generous).
    When that error bound is below half the gap, a computed smallest singular
    value under the error bound proves singularity.
    """
    k = int_mats.shape[1]
    sv = np.linalg.svd(int_mats, compute_uv=False)
    s_max = sv[:, 0] * (1 + 1e-9)
    error = 10 * k * np.finfo(float).eps * s_max
    with np.errstate(over="ignore", divide="ignore", under="ignore"):
        gap = np.power(s_max, 1.0 - k)
    return (gap > 2 * error) & (sv[:, -1] <= error)


def _decide_exactly(
    int_mats: np.ndarray | None,
    exact_solution: Callable[[int], np.ndarray | None],
    mats: np.ndarray,
    rhs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Decide suspect bases of a rational game exactly.

    ``int_mats`` holds the same systems as integer matrices (None when their
    entries exceed 2**53); those :func:`_certainly_singular` proves singular
    are skipped, the rest solved by :func:`bareiss_solve` through
    ``exact_solution(i)``. Beyond ``_MAX_EXACT_SUSPECTS`` of those, the float
    decision :func:`_decide_by_svd` is used instead (documented limit).
    """
    z = np.zeros(rhs.shape)
    ok = np.zeros(len(rhs), dtype=bool)
    undecided = np.arange(len(rhs))
    if int_mats is not None:
        undecided = np.flatnonzero(~_certainly_singular(int_mats))
    if undecided.size > _MAX_EXACT_SUSPECTS:
        z[undecided], ok[undecided] = _decide_by_svd(mats[undecided], rhs[undecided])
        return z, ok
    for i in undecided.tolist():
        solved = exact_solution(i)
        if solved is not None:
            z[i], ok[i] = solved, True
    return z, ok


def _float_ints(exact: ExactMatrix) -> np.ndarray | None:
    """The integer matrix as float64 when every entry is exactly representable."""
    m_int, span = exact
    if max(max(row) for row in m_int) >= 1 << 53:
        return None
    return np.array(m_int, dtype=float)


def _exact_basis_solution(exact: ExactMatrix, rows: list[int], cons: list[int], size: int) -> np.ndarray | None:
    """Float image of the exact solution of ``m_int[cons, rows] z = 1`` (padded to ``size``), or None if singular.

    The float matrix is ``m_int / span``, so its solution is ``span`` times the exact one.
    """
    m_int, span = exact
    solved = bareiss_solve([[m_int[j][i] for i in rows] for j in cons], [1] * len(rows))
    if solved is None:
        return None
    num, den = solved
    out = np.zeros(size)
    out[: len(num)] = [span * v / den for v in num]
    return out


@dataclass(frozen=True)
class _Vertices:
    """Vertices (other than 0) of ``{z >= 0 : M z <= 1}`` with their labels.

    Bit ``i < d`` of a mask stands for ``z_i = 0`` and bit ``d + j`` for
    ``(M z)_j = 1``. ``labels[v]`` holds every constraint tight (within
    ``ftol``) at vertex ``v``, ``basis[v]`` the ``d`` linearly independent ones
    it was computed from. Feasible bases whose solutions agree within the
    float tolerances are merged into one vertex; ``members[v]`` lists all of
    their bases, so that rational games can split a merged vertex exactly.
    """

    z: np.ndarray
    labels: np.ndarray
    basis: np.ndarray
    members: list[np.ndarray]


def _keep(z: np.ndarray, mz: np.ndarray, ok: np.ndarray, ftol: float) -> np.ndarray:
    return ok & (z >= -ftol).all(-1) & (mz <= 1.0 + ftol).all(-1)


@lru_cache(maxsize=256)
def _all_bases(r: int, d: int) -> np.ndarray:
    """Every choice of ``d`` of the ``d + r`` constraints except the origin's."""
    return _combos(d + r, d)[1:]


def _one_batch_systems(m_mat: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every basis of a small polytope as a ``d x d`` system, padded to ``size``.

    Rows ``i < d`` of the stacked constraint matrix are ``z_i = 0``, rows
    ``d + j`` are ``(M z)_j = 1``. Padding adds an identity block (and zero
    right-hand sides), which leaves the solution and its singularity unchanged.
    """
    r, d = m_mat.shape
    bases = _all_bases(r, d)
    g = np.zeros((d + r, size))
    g[:d, :d] = np.eye(d)
    g[d:, :d] = m_mat
    mats = g[bases]
    rhs = np.zeros((len(bases), size))
    rhs[:, :d] = bases >= d
    if size > d:
        mats = np.concatenate([mats, np.zeros((len(bases), size - d, size))], axis=1)
        mats[:, np.arange(d, size), np.arange(d, size)] = 1.0
    return mats, rhs, bases


def _vertices_small(matrices: list[np.ndarray], ints: list[ExactMatrix] | None, ftol: float) -> list[_Vertices]:
    """Vertices of several small polytopes, all bases solved in one batch."""
    size = max(m.shape[1] for m in matrices)
    parts = [_one_batch_systems(m, size) for m in matrices]
    offsets = np.cumsum([0] + [len(p[2]) for p in parts])
    resolve = None
    if ints is not None:

        def resolve(indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            z = np.zeros((len(indices), size))
            ok = np.zeros(len(indices), dtype=bool)
            which_of = np.searchsorted(offsets, indices, side="right") - 1
            for which, (m_mat, exact) in enumerate(zip(matrices, ints)):
                here = np.flatnonzero(which_of == which)
                if here.size == 0:
                    continue
                d = m_mat.shape[1]
                bases = parts[which][2][indices[here] - offsets[which]]
                arr = _float_ints(exact)
                int_mats = None if arr is None else np.vstack([np.eye(d), arr])[bases]

                def solution(i: int, bases=bases, exact=exact, d=d) -> np.ndarray | None:
                    basis = bases[i].tolist()
                    rows = [t for t in range(d) if t not in basis]
                    solved = _exact_basis_solution(exact, rows, [t - d for t in basis if t >= d], d)
                    if solved is None:
                        return None
                    out = np.zeros(d)
                    out[rows] = solved[: len(rows)]
                    return out

                zs, oks = _decide_exactly(int_mats, solution, m_all[indices[here], :d, :d], rhs_all[indices[here], :d])
                z[here, :d], ok[here] = zs, oks
            return z, ok

    m_all = np.concatenate([p[0] for p in parts])
    rhs_all = np.concatenate([p[1] for p in parts])
    z_all, ok_all = _solve_batch(m_all, rhs_all, resolve)
    out = []
    for which, (m_mat, (_, _, bases)) in enumerate(zip(matrices, parts)):
        r, d = m_mat.shape
        start, stop = offsets[which], offsets[which + 1]
        z = z_all[start:stop, :d]
        mz = z @ m_mat.T
        keep = np.flatnonzero(_keep(z, mz, ok_all[start:stop], ftol))
        basis = _powers(d + r)[bases[keep]].sum(axis=1)
        out.append(_labelled(z[keep], mz[keep], basis, ftol))
    return out


def _vertices_by_size(m_mat: np.ndarray, m_int: ExactMatrix | None, ftol: float) -> _Vertices:
    """Larger polytopes: ``k x k`` systems ``M[J, S] z_S = 1`` grouped by ``k``."""
    r, d = m_mat.shape
    pow_d, pow_r = _powers(d), _powers(r)
    all_d = int(pow_d.sum())
    m_arr = None if m_int is None else _float_ints(m_int)
    found_z, found_mz, found_basis = [np.zeros((0, d))], [np.zeros((0, r))], [np.zeros(0, dtype=np.int64)]
    for k in range(1, min(r, d) + 1):
        s_all, j_all = _combos(d, k), _combos(r, k)
        j_step = min(len(j_all), _CHUNK)
        s_step = max(1, _CHUNK // j_step)
        for j0 in range(0, len(j_all), j_step):
            jc = j_all[j0 : j0 + j_step]
            for s0 in range(0, len(s_all), s_step):
                sc = s_all[s0 : s0 + s_step]
                mats = m_mat[jc[:, None, :, None], sc[None, :, None, :]].reshape(-1, k, k)
                ones = np.ones((len(mats), k))
                resolve = None
                if m_int is not None:

                    def resolve(indices: np.ndarray, jc=jc, sc=sc, k=k, mats=mats, ones=ones):
                        j, s = np.divmod(indices, len(sc))
                        int_mats = None if m_arr is None else m_arr[jc[j][:, :, None], sc[s][:, None, :]]

                        def solution(i: int) -> np.ndarray | None:
                            return _exact_basis_solution(m_int, sc[s[i]].tolist(), jc[j[i]].tolist(), k)

                        return _decide_exactly(int_mats, solution, mats[indices], ones[indices])

                z, ok = _solve_batch(mats, ones, resolve)
                z = z.reshape(len(jc), len(sc), k)
                mz = np.einsum("srk,jsk->jsr", m_mat[:, sc].transpose(1, 0, 2), z)
                jj, ss = np.nonzero(_keep(z, mz, ok.reshape(len(jc), len(sc)), ftol))
                if jj.size == 0:
                    continue
                full = np.zeros((jj.size, d))
                full[np.arange(jj.size)[:, None], sc[ss]] = z[jj, ss]
                found_z.append(full)
                found_mz.append(mz[jj, ss])
                zero_bits = all_d ^ pow_d[sc[ss]].sum(axis=1)
                found_basis.append(zero_bits | (pow_r[jc[jj]].sum(axis=1) << d))
    return _labelled(np.concatenate(found_z), np.concatenate(found_mz), np.concatenate(found_basis), ftol)


def _labelled(z: np.ndarray, mz: np.ndarray, basis: np.ndarray, ftol: float) -> _Vertices:
    """Label feasible basic solutions and merge those with equal labels and coordinates."""
    d, r = z.shape[1], mz.shape[1]
    z[z <= ftol] = 0.0
    labels = (z == 0.0).astype(np.int64) @ _powers(d) | ((mz >= 1.0 - ftol).astype(np.int64) @ _powers(r)) << d
    keys = np.column_stack([labels, np.rint(z * _DEDUPE_GRID).astype(np.int64)])
    groups: dict[bytes, list[int]] = {}
    for i, row in enumerate(keys):
        groups.setdefault(row.tobytes(), []).append(i)
    first = np.fromiter((g[0] for g in groups.values()), dtype=np.intp, count=len(groups))
    return _Vertices(z[first], labels[first], basis[first], [basis[g] for g in groups.values()])


def _polytope_pair(
    p_mat: np.ndarray, q_mat: np.ndarray, p_int: ExactMatrix | None, q_int: ExactMatrix | None, ftol: float
) -> tuple[_Vertices, _Vertices]:
    """Vertices of both best-response polytopes (one numpy batch when both are small)."""
    if bases_count(*p_mat.shape) <= _ONE_BATCH:
        ints = None if p_int is None else [p_int, q_int]
        p_vert, q_vert = _vertices_small([p_mat, q_mat], ints, ftol)
        return p_vert, q_vert
    return _vertices_by_size(p_mat, p_int, ftol), _vertices_by_size(q_mat, q_int, ftol)


def _exact_point(m_int: IntRows, basis: int, d: int) -> tuple[list[int], int, int] | None:
    """The vertex of ``{z >= 0 : m_int z <= 1}`` on ``basis``, exactly.

    ``m_int`` (rows of ``d`` positive Python ints) is the exact counterpart of
    the float matrix; ``basis`` is the bitmask of the ``d`` constraints the
    float candidate was solved from. Returns ``(numerators, denominator,
    labels)`` with ``z = numerators / denominator``, or None when those
    constraints are singular or the point is infeasible.
    """
    rows = [i for i in range(d) if not (basis >> i) & 1]
    cons = [j for j in range(len(m_int)) if (basis >> (d + j)) & 1]
    if not rows or len(rows) != len(cons):
        return None
    solved = bareiss_solve([[m_int[c][i] for i in rows] for c in cons], [1] * len(rows))
    if solved is None or min(solved[0]) < 0:
        return None
    num, den = solved
    z = [0] * d
    for i, v in zip(rows, num):
        z[i] = v
    labels = 0
    for j, row in enumerate(m_int):
        value = sum([row[i] * v for i, v in zip(rows, num)])
        if value > den:
            return None
        if value == den:
            labels |= 1 << (d + j)
    for i in range(d):
        if not z[i]:
            labels |= 1 << i
    return z, den, labels


def _exact_vertices(m_int: IntRows, d: int) -> list[tuple[int, tuple[tuple[int, ...], int]]]:
    """All vertices but 0 of ``{z >= 0 : m_int z <= 1}`` in exact integer arithmetic.

    The same enumeration as the float path (every basis ``(S, J)``), done with
    :func:`bareiss_solve` and no tolerance; used for small rational games,
    where numpy's fixed costs dominate. Returns ``(labels, normalised vertex)``
    pairs, one per vertex (a vertex is determined by its normalisation, as no
    two vertices other than 0 lie on one ray).
    """
    r = len(m_int)
    found: dict[tuple, int] = {}
    for k in range(1, min(d, r) + 1):
        for s_set in combinations(range(d), k):
            zero_bits = sum(1 << i for i in range(d) if i not in s_set)
            for j_set in combinations(range(r), k):
                point = _exact_point(m_int, zero_bits | sum(1 << (d + j) for j in j_set), d)
                if point is not None:
                    z, _, labels = point
                    found.setdefault(reduce_rational(z, sum(z)), labels)
    return [(labels, vertex) for vertex, labels in found.items()]


def _exact_small(p_int: IntRows, q_int: IntRows, m: int, n: int) -> tuple[list, bool]:
    """Equilibrium candidates and the degenerate-vertex flag of a small rational game, exactly."""
    p_vert = _exact_vertices(p_int, m)
    q_vert = [(_q_to_common(labels, m, n), y) for labels, y in _exact_vertices(q_int, n)]
    full = (1 << (m + n)) - 1
    pairs = [(x, y) for lp, x in p_vert for lq, y in q_vert if lp | lq == full]
    degenerate = any(bin(lp).count("1") > m for lp, _ in p_vert) or any(bin(lq).count("1") > n for lq, _ in q_vert)
    return pairs, degenerate


def _q_to_common(labels, m: int, n: int):
    """Q's own bits are ``y_j = 0`` (``0..n-1``) then row ``i`` a best reply
    (``n..n+m-1``); the common order is rows ``0..m-1`` then columns ``m..m+n-1``."""
    return (labels >> n) | ((labels & ((1 << n) - 1)) << m)


@dataclass(frozen=True)
class Enumerated:
    """Candidates from :func:`enumerate_candidates` and what was learned on the way.

    ``rows`` and ``cols`` are the strategies left after removing strictly
    dominated ones; ``degenerate_vertex`` is True when a vertex of a
    best-response polytope (of the reduced game) has more labels than the
    polytope's dimension.
    """

    candidates: tuple[Candidate, ...]
    rows: np.ndarray
    cols: np.ndarray
    degenerate_vertex: bool


def _reduce(game: Game, tol: float) -> tuple[list[int], list[int]]:
    """Strategies left after iterated strict dominance (exact for rational games)."""
    small = game.payoffs[0].size <= _SMALL_CELLS
    if game.exact is not None:
        ua, _ = game_integers(game, 0)
        ub, _ = game_integers(game, 1)
        if small:
            return reduce_strict_lists(ua.tolist(), ub.tolist())
        a64, b64 = as_int64(ua), as_int64(ub)
        rows, cols = reduce_strict(ua if a64 is None else a64, ub if b64 is None else b64)
    elif small:
        return reduce_strict_lists(game.payoffs[0].tolist(), game.payoffs[1].tolist(), margin=tol)
    else:
        rows, cols = reduce_strict(game.payoffs[0], game.payoffs[1], margin=tol)
    return rows.tolist(), cols.tolist()


def _shifted_ints(game: Game, player: int, rows: list[int], cols: list[int]) -> tuple[IntRows, int]:
    """Exact payoffs of the reduced game (rows x cols) as Python ints in ``[span, 2 span]``.

    ``span`` is the payoff range in integer units (1 for a constant matrix), so
    ``ints / span`` is exactly the ``[1, 2]`` scaling of :func:`_scale`.
    """
    ints, _ = game_integers(game, player)
    sub = [[ints[i, j] for j in cols] for i in rows]
    low = min(min(row) for row in sub)
    span = max(max(row) for row in sub) - low or 1
    return [[v - low + span for v in row] for row in sub], span


def enumerate_candidates(game: Game, tol: float) -> Enumerated:
    """Candidate extreme equilibria of a 2-player game (to be verified).

    Parameters
    ----------
    game
        A game with exactly two players.
    tol
        Regret tolerance (payoff units); sets the float feasibility tolerance
        for non-rational games.

    Raises
    ------
    GameTooLargeError
        When more than :data:`MAX_BASES` systems per polytope would be needed.
    """
    rows_l, cols_l = _reduce(game, tol)
    rows, cols = np.array(rows_l, dtype=np.intp), np.array(cols_l, dtype=np.intp)
    m, n = len(rows_l), len(cols_l)
    needed = bases_count(m, n)
    if needed > MAX_BASES:
        raise GameTooLargeError(
            f"finding all equilibria of this {m}x{n} game (after removing strictly dominated strategies) "
            f"needs {needed:,} linear systems per player, more than the limit of {MAX_BASES:,}",
            hint="use '--method lemke-howson' to find some equilibria quickly, or merge or drop strategies",
        )
    exact = game.exact is not None
    shape = game.shape

    def rational(x, y) -> Candidate:
        return Candidate(rational=(_pad_int(x, rows_l, shape[0]), _pad_int(y, cols_l, shape[1])))

    if exact:
        q_int, q_span = _shifted_ints(game, 0, rows_l, cols_l)  # m rows of n: constraints of Q
        b_int, p_span = _shifted_ints(game, 1, rows_l, cols_l)
        p_int = [list(col) for col in zip(*b_int)]  # n rows of m: constraints of P
        if needed <= _EXACT_SMALL:
            pairs, degenerate = _exact_small(p_int, q_int, m, n)
            return Enumerated(tuple(rational(x, y) for x, y in pairs), rows, cols, degenerate)
        p_mat = np.array(p_int, dtype=float) / p_span
        q_mat = np.array(q_int, dtype=float) / q_span
        p_vert, q_vert = _polytope_pair(p_mat, q_mat, (p_int, p_span), (q_int, q_span), _FTOL_RATIONAL)
    else:
        a = game.payoffs[0][rows][:, cols]
        b = game.payoffs[1][rows][:, cols]
        ftol = max(prob_tol(game, tol), 1e-11)
        p_vert, q_vert = _polytope_pair(_scale(b).T, _scale(a), None, None, ftol)
    mask_p = p_vert.labels
    mask_q = _q_to_common(q_vert.labels, m, n)
    pi, qi = np.nonzero((mask_p[:, None] | mask_q[None, :]) == (1 << (m + n)) - 1)

    if not exact:
        degenerate = bool((np.bitwise_count(mask_p) > m).any() or (np.bitwise_count(mask_q) > n).any())
        candidates = []
        for i, j in zip(pi.tolist(), qi.tolist()):
            x = p_vert.z[i] / p_vert.z[i].sum()
            y = q_vert.z[j] / q_vert.z[j].sum()
            candidates.append(Candidate(strategies=(_pad(x, rows, shape[0]), _pad(y, cols, shape[1]))))
        return Enumerated(tuple(candidates), rows, cols, degenerate)

    refined: dict[tuple[int, int], list] = {}

    def exact_points(which: int, index: int) -> list[tuple[list[int], int, int]]:
        """The exact vertices merged into float vertex ``index`` of P (0) or Q (1)."""
        key = (which, index)
        if key not in refined:
            vert, ints, d = (p_vert, p_int, m) if which == 0 else (q_vert, q_int, n)
            refined[key] = _split_exact(ints, vert.members[index].tolist(), d)
        return refined[key]

    full = (1 << (m + n)) - 1
    candidates = []
    for i, j in zip(pi.tolist(), qi.tolist()):
        for zx, _, lx in exact_points(0, i):
            for zy, _, ly in exact_points(1, j):
                if lx | _q_to_common(ly, m, n) == full:
                    candidates.append(rational(reduce_rational(zx, sum(zx)), reduce_rational(zy, sum(zy))))
    # Degenerate vertex, decided exactly (float labels may include near-ties).
    degenerate = any(
        bin(point[2]).count("1") > d
        for which, masks, d in ((0, p_vert.labels, m), (1, q_vert.labels, n))
        for index in np.flatnonzero(np.bitwise_count(masks) > d).tolist()
        for point in exact_points(which, index)
    )
    return Enumerated(tuple(candidates), rows, cols, degenerate)


def _split_exact(m_int: IntRows, members: list[int], d: int) -> list[tuple[list[int], int, int]]:
    """The distinct exact vertices among the bases of one float vertex.

    A basis whose constraints the exact point of an earlier basis satisfies
    has that point as its (unique) solution, so it needs no elimination of its own.
    """
    points: list[tuple[list[int], int, int]] = []
    for mask in members:
        if any(_solves(m_int, mask, z, den, d) for z, den, _ in points):
            continue
        point = _exact_point(m_int, mask, d)
        if point is not None:
            points.append(point)
    return points


def _solves(m_int: IntRows, mask: int, z: list[int], den: int, d: int) -> bool:
    """Whether ``z / den`` makes every constraint of basis ``mask`` tight."""
    for i in range(d):
        if (mask >> i) & 1 and z[i]:
            return False
    for j, row in enumerate(m_int):
        if (mask >> (d + j)) & 1 and sum([a * b for a, b in zip(row, z)]) != den:
            return False
    return True


def _pad(v: np.ndarray, keep: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros(size)
    out[keep] = v
    return out


def _pad_int(v: tuple[tuple[int, ...], int], keep: list[int], size: int) -> tuple[tuple[int, ...], int]:
    nums, den = v
    if len(keep) == size:
        return nums, den
    out = [0] * size
    for i, x in zip(keep, nums):
        out[i] = x
    return tuple(out), den
