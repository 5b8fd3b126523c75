"""Small linear programs solved exactly: matrix-game values and the dominance tests.

Dominance by mixed strategies, security (maxmin) levels and the bargaining
disagreement point all reduce to two linear programs of the form

    maximise c . x   subject to   A x <= b,  x >= 0,   with b >= 0,

whose all-slack basis is feasible, so a one-phase simplex method suffices.
:func:`simplex` runs it on integers with *integer pivoting* (every tableau entry
is kept as an integer over one common denominator, the last pivot element, so
every division is exact: the fraction-free elimination of Edmonds 1967 and
Bareiss 1968, as in Avis's lrs), and with Bland's
rule (smallest-index entering and leaving variables), which cannot cycle (Bland
1977, "New finite pivoting rules for the simplex method", *Math. Oper. Res.*
2:103-107). Results are therefore exact rationals, not floats.

Larger problems (beyond :data:`EXACT_GAME_BUDGET` / :data:`EXACT_WEAK_BUDGET`)
and games with irrational (floating-point) payoffs go to
``scipy.optimize.linprog`` (HiGHS), imported only then, so that ``wedge show``
on an ordinary payoff file never imports scipy. For rational payoffs, what
HiGHS proposes is snapped to rationals and checked exactly before it is used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.exact import solve_unique

Number = Fraction | float


@dataclass(frozen=True)
class LPResult:
    """Optimum of ``max c.x s.t. A x <= b, x >= 0`` (``b >= 0``, so always feasible).

    ``value`` is the optimal objective, ``x`` an optimal primal point and ``y``
    optimal dual prices (one per constraint, ``y >= 0``, ``y A >= c``,
    ``y . b = value``). Entries are Fractions when ``exact``, else floats.
    ``bounded`` is False when the objective is unbounded (then ``value`` is None).
    """

    value: Number | None
    x: tuple[Number, ...]
    y: tuple[Number, ...]
    exact: bool
    bounded: bool = True


def _integer_rows(A: Sequence[Sequence[Fraction]], b: Sequence[Fraction], c: Sequence[Fraction]):
    """Scale every constraint row, and the objective, to integers (positive factors only)."""
    rows, rhs, scales = [], [], []
    for row, bi in zip(A, b):
        scale = math.lcm(*(Fraction(v).denominator for v in (*row, bi)))
        rows.append([int(Fraction(v) * scale) for v in row])
        rhs.append(int(Fraction(bi) * scale))
        scales.append(scale)
    cscale = math.lcm(*(Fraction(v).denominator for v in c)) if len(c) else 1
    return rows, rhs, [int(Fraction(v) * cscale) for v in c], scales, cscale


def simplex(A: Sequence[Sequence[Number]], b: Sequence[Number], c: Sequence[Number]) -> LPResult:
    """Solve ``max c.x s.t. A x <= b, x >= 0`` with ``b >= 0`` exactly.

    Parameters
    ----------
    A, b, c
        Rationals (Fractions, ints, or floats, which are converted exactly).
        ``b`` must be non-negative.

    Returns
    -------
    LPResult
        Exact (``exact=True``) Fractions.

    Notes
    -----
    Dense tableau with integer pivoting: after a pivot on ``(r, e)`` every entry
    becomes ``(T[i][j] * T[r][e] - T[i][e] * T[r][j]) / d`` with ``d`` the
    previous pivot element, a division that is always exact. Entering variable:
    the smallest index with negative reduced cost; leaving row: minimum ratio,
    ties to the smallest basic variable index (Bland's rule).
    """
    m, n = len(A), len(c)
    if any(Fraction(v) < 0 for v in b):
        raise ValueError("simplex needs b >= 0 (the slack basis must be feasible)")
    if m == 0:  # no constraints: bounded only if no objective coefficient is positive
        if any(Fraction(v) > 0 for v in c):
            return LPResult(None, (), (), exact=True, bounded=False)
        return LPResult(Fraction(0), tuple(Fraction(0) for _ in range(n)), (), exact=True)
    rows, rhs, c_int, scales, cscale = _integer_rows(A, b, c)
    tableau = []
    for i in range(m):
        tableau.append(rows[i] + [1 if k == i else 0 for k in range(m)] + [rhs[i]])
    objective = [-v for v in c_int] + [0] * m + [0]
    basis = [n + i for i in range(m)]
    det = 1
    while True:
        entering = next((j for j in range(n + m) if objective[j] < 0), None)
        if entering is None:
            break
        leave = None
        for i in range(m):
            a = tableau[i][entering]
            if a <= 0:
                continue
            if leave is None:
                leave = i
                continue
            # compare rhs_i / a_i with rhs_l / a_l (both denominators positive)
            lhs = tableau[i][-1] * tableau[leave][entering]
            rhs_l = tableau[leave][-1] * a
            if lhs < rhs_l or (lhs == rhs_l and basis[i] < basis[leave]):
                leave = i
        if leave is None:
            return LPResult(None, (), (), exact=True, bounded=False)
        pivot_row = tableau[leave]
        p = pivot_row[entering]
        for i in range(m):
            if i == leave:
                continue
            row = tableau[i]
            f = row[entering]
            if f == 0:
                tableau[i] = [v * p // det for v in row] if p != det else row
                continue
            tableau[i] = [(v * p - f * w) // det for v, w in zip(row, pivot_row)]
        f = objective[entering]
        objective = [(v * p - f * w) // det for v, w in zip(objective, pivot_row)]
        basis[leave] = entering
        det = p
    x = [Fraction(0)] * n
    for i, var in enumerate(basis):
        if var < n:
            x[var] = Fraction(tableau[i][-1], det)
    # objective row under slack k holds (scaled) dual price of constraint k
    y = tuple(Fraction(objective[n + k] * scales[k], det * cscale) for k in range(m))
    value = Fraction(objective[-1], det * cscale)
    return LPResult(value, tuple(x), y, exact=True)



#: Work limit for the exact simplex on a ``k x C`` matrix game: ``k * k * (k + C)``
#: (tableau entries times a pivot count of about ``k``); about 0.3 s of Python.
EXACT_GAME_BUDGET = 30_000
#: Work limit for the exact weak-dominance program: ``k * (C + 1) * (k + C + 2)``.
EXACT_WEAK_BUDGET = 1_000_000
#: Largest denominator tried when a floating-point optimum is snapped to a rational.
SNAP_MAX_DENOMINATOR = 10**6


@dataclass(frozen=True)
class MatrixGameValue:
    """Value and optimal strategies of a zero-sum matrix game (rows maximise).

    ``row`` is a maximin mixed strategy of the row player, ``column`` a minimax
    mixed strategy of the column player. Fractions when ``exact``; floats for
    floating-point input.
    """

    value: Number
    row: tuple[Number, ...]
    column: tuple[Number, ...]
    exact: bool


def _is_exact(matrix: Sequence[Sequence[Number]]) -> bool:
    return not any(isinstance(v, float) for row in matrix for v in row)


def _saddle(D: Sequence[Sequence[Number]]) -> MatrixGameValue | None:
    """A pure saddle point (``max_s min_c == min_c max_s``), found without any LP."""
    row_mins = [min(row) for row in D]
    col_maxs = [max(D[s][c] for s in range(len(D))) for c in range(len(D[0]))]
    lo, hi = max(row_mins), min(col_maxs)
    if lo != hi:
        return None
    s, c = row_mins.index(lo), col_maxs.index(hi)
    one, zero = (Fraction(1), Fraction(0)) if _is_exact(D) else (1.0, 0.0)
    return MatrixGameValue(lo, tuple(one if i == s else zero for i in range(len(D))),
                           tuple(one if j == c else zero for j in range(len(D[0]))), _is_exact(D))


def _highs_matrix_game(D: Sequence[Sequence[Number]]) -> tuple[float, list[float], list[float]]:
    """Floating-point value and strategies with scipy's HiGHS: max v s.t. x D >= v, sum x = 1."""
    from scipy.optimize import linprog  # lazy: scipy is slow to import and only float LPs need it

    A = np.array([[float(v) for v in row] for row in D])
    # HiGHS refuses matrix entries above 1e15 and loses accuracy far from 1: solve
    # the game scaled to max |entry| = 1 (same strategies, value scaled back).
    scale = float(np.abs(A).max()) or 1.0
    A = A / scale
    k, C = A.shape
    res = linprog(np.r_[np.zeros(k), -1.0], A_ub=np.c_[-A.T, np.ones(C)], b_ub=np.zeros(C),
                  A_eq=np.r_[np.ones(k), 0.0][None, :], b_eq=[1.0],
                  bounds=[(0, None)] * k + [(None, None)], method="highs")
    if res.status != 0:
        raise ArithmeticError(f"linprog failed on a matrix game: {res.message}")
    x = [max(0.0, float(v)) for v in res.x[:k]]
    z = [max(0.0, float(-v)) for v in res.ineqlin.marginals]
    return float(-res.fun) * scale, list(_normalise(x)), list(_normalise(z))


def _snap(v: Sequence[float]) -> list[Fraction]:
    q = [Fraction(x).limit_denominator(SNAP_MAX_DENOMINATOR) if x > 0 else Fraction(0) for x in v]
    total = sum(q, Fraction(0))
    return [x / total for x in q] if total > 0 else q


def _verified(D: Sequence[Sequence[Fraction]], x: Sequence[Fraction], z: Sequence[Fraction]) -> MatrixGameValue | None:
    """``(x, z)`` as an exact optimal pair, if ``min_c (xD)_c == max_s (Dz)_s`` (else None)."""
    if any(v < 0 for v in (*x, *z)) or sum(x) != 1 or sum(z) != 1:
        return None
    k, C = len(D), len(D[0])
    lo = min(sum((x[s] * D[s][c] for s in range(k) if x[s]), Fraction(0)) for c in range(C))
    hi = max(sum((z[c] * D[s][c] for c in range(C) if z[c]), Fraction(0)) for s in range(k))
    return MatrixGameValue(lo, tuple(x), tuple(z), True) if lo == hi else None


def _from_supports(D: Sequence[Sequence[Fraction]], x: Sequence[float], z: Sequence[float]) -> MatrixGameValue | None:
    """Recompute both strategies exactly on the supports of a float solution, then verify."""
    k, C = len(D), len(D[0])
    S = [s for s in range(k) if x[s] > 1e-9]
    T = [c for c in range(C) if z[c] > 1e-9]
    # x on S with (xD)_c = v for c in T and sum x = 1; unknowns (x_S, v)
    xs = solve_unique([[D[s][c] for s in S] + [Fraction(-1)] for c in T] + [[Fraction(1)] * len(S) + [Fraction(0)]],
                      [Fraction(0)] * len(T) + [Fraction(1)])
    zs = solve_unique([[D[s][c] for c in T] + [Fraction(-1)] for s in S] + [[Fraction(1)] * len(T) + [Fraction(0)]],
                      [Fraction(0)] * len(S) + [Fraction(1)])
    if xs is None or zs is None:
        return None
    xf = [Fraction(0)] * k
    for s, v in zip(S, xs):
        xf[s] = v
    zf = [Fraction(0)] * C
    for c, v in zip(T, zs):
        zf[c] = v
    return _verified(D, xf, zf)


def _simplex_matrix_game(D: Sequence[Sequence[Fraction]]) -> MatrixGameValue:
    k, C = len(D), len(D[0])
    low = min(min(row) for row in D)
    shifted = [[v - low + 1 for v in row] for row in D]
    res = simplex(shifted, [1] * k, [1] * C)
    vprime = 1 / res.value
    return MatrixGameValue(vprime + low - 1, tuple(v * vprime for v in res.y),
                           tuple(v * vprime for v in res.x), True)


def matrix_game(payoffs: Sequence[Sequence[Number]]) -> MatrixGameValue:
    """The value of a matrix game and optimal strategies of both players.

    Parameters
    ----------
    payoffs
        ``k x C`` matrix; the row player receives ``payoffs[s][c]`` and
        maximises. Fractions or ints give an exact answer; floats a
        floating-point one (scipy's HiGHS).

    Returns
    -------
    MatrixGameValue

    Notes
    -----
    1. A pure saddle point is taken directly.
    2. Within :data:`EXACT_GAME_BUDGET`, the classical reduction (e.g.
       Maschler, Solan & Zamir 2013, Section 5.2.5): shift to
       ``D' = D - min(D) + 1 > 0``; then ``max sum(z) s.t. D' z <= 1, z >= 0``
       has optimum ``1 / v'`` with ``v'`` the value of ``D'``; the column
       strategy is ``z v'`` and the row strategy the dual prices times ``v'``.
       ``b = 1 >= 0``, so :func:`simplex` needs no phase 1.
    3. Larger games: HiGHS proposes strategies; they are snapped to rationals,
       or recomputed exactly on their supports, and accepted only if
       ``min_c (xD)_c == max_s (Dz)_s`` holds exactly; otherwise step 2 runs
       whatever the size.
    """
    k = len(payoffs)
    if k == 0 or len(payoffs[0]) == 0:
        raise ValueError("a matrix game needs at least one row and one column")
    if not _is_exact(payoffs):
        saddle = _saddle([[float(v) for v in row] for row in payoffs])
        if saddle is not None:
            return saddle
        value, x, z = _highs_matrix_game(payoffs)
        return MatrixGameValue(value, tuple(x), tuple(z), False)
    D = [[Fraction(v) for v in row] for row in payoffs]
    saddle = _saddle(D)
    if saddle is not None:
        return saddle
    C = len(D[0])
    if k * k * (k + C) <= EXACT_GAME_BUDGET:
        return _simplex_matrix_game(D)
    _, x, z = _highs_matrix_game(D)
    found = _verified(D, _snap(x), _snap(z)) or _from_supports(D, x, z)
    return found if found is not None else _simplex_matrix_game(D)


def _normalise(v: Sequence[float]) -> tuple[float, ...]:
    s = sum(v)
    return tuple(x / s for x in v) if s > 0 else tuple(1.0 / len(v) for _ in v)


@dataclass(frozen=True)
class WeakImprovement:
    """Result of :func:`weak_improvement`.

    ``total``: the optimal total improvement (0 when there is none);
    ``mix``: a mix of rows reaching it, summing to 1 (all zeros when ``total`` is 0);
    ``exact``: the answer is certain (exact LP, or a float certificate verified
    exactly); False only when a large problem's floating-point optimum said
    "no improvement".
    """

    total: Number
    mix: tuple[Number, ...]
    exact: bool


def weak_improvement(diff: Sequence[Sequence[Number]]) -> WeakImprovement:
    """Largest total improvement of a mix of rows that never does worse than 0.

    Solves ``max sum_c (x D)_c  s.t.  x D >= 0,  sum(x) <= 1,  x >= 0`` for the
    ``k x C`` matrix ``D`` (``D[s][c]``: how much better row ``s`` does than a
    given strategy against column ``c``). A positive optimum means that
    strategy is weakly dominated by the mix ``x / sum(x)``: never worse, and
    better somewhere. ``b = (0, ..., 0, 1) >= 0``, so :func:`simplex` needs no
    phase 1. Beyond :data:`EXACT_WEAK_BUDGET`, HiGHS solves it and a positive
    answer is verified exactly.
    """
    k = len(diff)
    C = len(diff[0]) if k else 0
    exact_input = _is_exact(diff)
    zero = Fraction(0) if exact_input else 0.0
    if k == 0 or C == 0:
        return WeakImprovement(zero, tuple(zero for _ in range(k)), True)
    if exact_input and k * (C + 1) * (k + C + 2) <= EXACT_WEAK_BUDGET:
        D = [[Fraction(v) for v in row] for row in diff]
        A = [[-D[s][c] for s in range(k)] for c in range(C)] + [[Fraction(1)] * k]
        b = [Fraction(0)] * C + [Fraction(1)]
        res = simplex(A, b, [sum(row, Fraction(0)) for row in D])
        if res.value <= 0:
            return WeakImprovement(Fraction(0), tuple(Fraction(0) for _ in range(k)), True)
        total = sum(res.x, Fraction(0))
        mix = tuple(v / total for v in res.x)
        return WeakImprovement(sum((sum(mix[s] * D[s][c] for s in range(k)) for c in range(C)), Fraction(0)),
                               mix, True)
    from scipy.optimize import linprog  # lazy: scipy is slow to import and only float LPs need it

    A = np.array([[float(v) for v in row] for row in diff])
    res = linprog(-A.sum(axis=1), A_ub=np.r_[-A.T, np.ones((1, k))], b_ub=np.r_[np.zeros(C), 1.0],
                  bounds=[(0, None)] * k, method="highs")
    if res.status != 0 or -res.fun <= 0:
        return WeakImprovement(zero, tuple(zero for _ in range(k)), False)
    if not exact_input:
        mix = _normalise([max(0.0, v) for v in res.x])
        return WeakImprovement(float(-res.fun) / float(sum(res.x)), mix, False)
    D = [[Fraction(v) for v in row] for row in diff]
    mix = _snap(list(res.x))
    gains = [sum((mix[s] * D[s][c] for s in range(k)), Fraction(0)) for c in range(C)]
    if all(g >= 0 for g in gains) and any(g > 0 for g in gains):
        return WeakImprovement(sum(gains, Fraction(0)), tuple(mix), True)
    return WeakImprovement(Fraction(0), tuple(Fraction(0) for _ in range(k)), False)
