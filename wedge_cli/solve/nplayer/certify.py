"""The certification stage: refine a root, test it in floats, certify it exactly.

Newton refinement on the indifference system, the float tests, and for rational
games the exact tests (rational snapping, rational Newton refinement, ``Q(sqrt(d))``)
(``docs/nplayer.md``, step 3).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.algebra import polysys
from wedge_cli.algebra.exact import solve_unique
from wedge_cli.algebra.polysys import MultilinearSystem
from wedge_cli.solve.nplayer.data import GameData
from wedge_cli.solve.nplayer.system import SNAP_DENOMINATOR, SupportCandidate, equation_tensors
from wedge_cli.solve.verify import exact_payoff_vectors


#: Probabilities and payoff gaps (relative to the payoff scale) above this are decided by floats.
DECISIVE = 1e-6


def decisive(data: GameData, floats: Sequence[np.ndarray], S, devs: Sequence[np.ndarray]) -> bool:
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


def _payoff_at(data: GameData, p: int, fixed: dict[int, int], profile, S) -> Fraction:
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


def refine_rational(data: GameData, floats: Sequence[np.ndarray], S) -> list[list[Fraction]] | None:
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


def exact_is_root(data: GameData, profile, S) -> bool:
    """``profile`` sums to 1 per player, is 0 off ``S`` and solves the indifference system of ``S`` exactly."""
    for p, vec in enumerate(profile):
        if sum(vec, Fraction(0)) != 1 or any(vec[s] != 0 for s in range(len(vec)) if s not in S[p]):
            return False
    for p, vals in enumerate(exact_payoff_vectors(data.q, profile)):
        if any(vals[s] != vals[S[p][0]] for s in S[p][1:]):
            return False
    return True


def snap(data: GameData, floats: Sequence[np.ndarray]):
    out = []
    for vec in floats:
        ex = [Fraction(float(v)).limit_denominator(SNAP_DENOMINATOR) if v > data.ptol else Fraction(0) for v in vec]
        if sum(ex, Fraction(0)) != 1:
            return None
        out.append(tuple(ex))
    return tuple(out)


def polish(data: GameData, cand: SupportCandidate) -> tuple[np.ndarray, ...]:
    """Newton refinement of a float candidate on its type's indifference system."""
    mixed, raw = equation_tensors(data, cand.S, cand.T, exact=False)
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


def clean_profile(data: GameData, floats: Sequence[np.ndarray]) -> tuple[np.ndarray, ...] | None:
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


