"""The one verification step every solver method goes through.

One module of ~620 lines on purpose: it is the only place a profile is checked (float,
exact and vectorised variants of one regret test, snapping and deduplication), so that
every solver agrees on what an equilibrium is; ``docs/solver.md`` states the test.

A candidate profile becomes an :class:`~wedge_cli.solve.result.Equilibrium`
only if

* every probability is ``>= -ptol`` (entries with ``|p| <= ptol`` become
  exactly ``0.0``), each vector sums to 1 within ``ptol`` and is renormalised;
* every player's regret (best pure reply payoff minus expected payoff) is
  ``<= tol``.

For rational games (``game.exact`` is not None) the check is exact instead:
probabilities are Fractions, ``>= 0``, summing to exactly 1, and every regret
is exactly 0 (no profitable deviation). Float candidates of rational games
(from nashpy) are first snapped to the rational point they approximate
(:func:`snap`); if that point does not pass the exact check they are rejected.

``tol`` is in payoff units (default :func:`default_tol`); the probability
tolerance is ``ptol = tol / max(1, max |payoff|)``, the probability change
that moves an expected payoff by about ``tol``.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.model import Game
from wedge_cli.algebra.exact import common_denominator, integer_array, solve_unique
from wedge_cli.solve.result import Equilibrium

_ZERO = Fraction(0)

#: Relative size of the default regret tolerance.
DEFAULT_RTOL = 1e-9
#: Largest denominator tried when a float candidate is snapped by continued fractions.
SNAP_MAX_DENOMINATOR = 10**6

_GAME_INTEGERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def game_integers(game: Game, player: int) -> tuple[np.ndarray, int]:
    """:func:`integer_array` of one player's exact payoffs, cached per game object."""
    cache = _GAME_INTEGERS.setdefault(game, {})
    if player not in cache:
        cache[player] = integer_array(game.exact[player])
    return cache[player]


def payoff_scale(game: Game) -> float:
    """``max(1, max |payoff|)``: the unit the default tolerance scales with."""
    if game.payoffs.size == 0:
        return 1.0
    return max(1.0, float(np.max(np.abs(game.payoffs))))


def default_tol(game: Game) -> float:
    """The default regret tolerance: ``1e-9 * max(1, max |payoff|)`` (payoff units)."""
    return DEFAULT_RTOL * payoff_scale(game)


def prob_tol(game: Game, tol: float) -> float:
    """The probability tolerance that goes with the regret tolerance ``tol``."""
    return tol / payoff_scale(game)


@dataclass(frozen=True)
class Candidate:
    """A profile a method proposes.

    ``strategies``: float vectors; ``exact``: Fractions; ``rational``: per player
    integer numerators over a positive denominator (see :data:`RationalProfile`).
    Rational games use ``rational``, else ``exact``, else snap ``strategies``.
    """

    strategies: tuple[np.ndarray, ...] | None = None
    exact: tuple[tuple[Fraction, ...], ...] | None = None
    rational: tuple[tuple[tuple[int, ...], int], ...] | None = None


@dataclass(frozen=True)
class Verified:
    """The outcome of :func:`verify_candidates`.

    ``tied`` is True when some verified equilibrium has a player with more pure
    best replies than strategies in its support (a sign of degeneracy).
    ``max_rejected_regret`` is ``inf`` when a rejected candidate was not even a
    probability profile.
    """

    equilibria: tuple[Equilibrium, ...]
    tied: bool
    rejected: int
    max_rejected_regret: float


@dataclass(frozen=True)
class _Checked:
    equilibrium: Equilibrium
    tied: bool
    key: tuple | None = None  # the reduced rational profile, for exact deduplication


class _Reject(Exception):
    def __init__(self, regret: float) -> None:
        super().__init__(regret)
        self.regret = regret


def _readonly(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


def _contract(array: np.ndarray, vectors: Sequence[np.ndarray], player: int) -> np.ndarray:
    """Contract every axis but ``player`` with the given vectors (last axis first)."""
    out = array
    for q in reversed(range(len(vectors))):
        if q != player:
            out = np.tensordot(out, vectors[q], axes=([q], [0]))
    return out


#: A rational profile: per player, integer numerators over one positive denominator,
#: reduced so that the representation is unique.
RationalProfile = tuple[tuple[tuple[int, ...], int], ...]


def payoff_vectors(payoffs: np.ndarray, profile: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Each player's payoff of every pure strategy against the others' mixed strategies (floats).

    ``payoffs`` has shape ``(n, k_1, ..., k_n)``, ``profile`` one probability vector per player.
    """
    return [np.asarray(_contract(payoffs[p], profile, p), dtype=float) for p in range(len(profile))]


def regret(payoffs: np.ndarray, profile: Sequence[np.ndarray]) -> float:
    """The largest gain any player has from a pure deviation (at least 0), in floats."""
    worst = 0.0
    for p, dev in enumerate(payoff_vectors(payoffs, profile)):
        worst = max(worst, float(dev.max() - profile[p] @ dev))
    return worst


def exact_payoff_vectors(payoffs: Sequence[np.ndarray], profile) -> list[list]:
    """Each player's payoff of every pure strategy against the others' exact strategies.

    ``payoffs[p]`` is player ``p``'s object array of Fractions; the probabilities may be
    Fractions or any exact field elements (``Quadratic``), and only the others' support is summed.
    """
    out = []
    n = len(profile)
    for p in range(n):
        supports = [[i for i, v in enumerate(profile[q]) if v != 0] if q != p else None for q in range(n)]
        vals = []
        for s in range(payoffs[p].shape[p]):
            total = Fraction(0)
            others = [q for q in range(n) if q != p]
            for combo in itertools.product(*[supports[q] for q in others]):
                weight = Fraction(1)
                idx = [0] * n
                idx[p] = s
                for q, a in zip(others, combo):
                    weight = weight * profile[q][a]
                    idx[q] = a
                total = total + weight * payoffs[p][tuple(idx)]
            vals.append(total)
        out.append(vals)
    return out


def exact_is_equilibrium(payoffs: Sequence[np.ndarray], profile) -> bool:
    """Exactly: probabilities ``>= 0`` summing to 1 and every support strategy a best reply."""
    for vec in profile:
        if any(v < 0 for v in vec):
            return False
        if sum(vec, Fraction(0)) != 1:
            return False
    for p, vals in enumerate(exact_payoff_vectors(payoffs, profile)):
        best = vals[0]
        for v in vals[1:]:
            if v > best:
                best = v
        if any(profile[p][s] != 0 and vals[s] != best for s in range(len(vals))):
            return False
    return True


def bimatrix_regret_batch(a: np.ndarray, b: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs ``(E, 2)`` and regrets ``(E,)`` (at least 0) of ``E`` bimatrix profiles at once.

    ``a``, ``b`` are the games' payoff matrices ``(E, m, n)``, ``x`` ``(E, m)`` and ``y`` ``(E, n)``
    the mixed strategies.
    """
    ay = np.einsum("eij,ej->ei", a, y)
    xb = np.einsum("ei,eij->ej", x, b)
    pay = np.column_stack([np.einsum("ei,ei->e", x, ay), np.einsum("ej,ej->e", xb, y)])
    regret = np.maximum(ay.max(axis=1) - pay[:, 0], xb.max(axis=1) - pay[:, 1])
    return pay, np.maximum(regret, 0.0)


def pure_regret_batch(payoffs: np.ndarray, game: np.ndarray, profile: tuple[np.ndarray, ...]) -> np.ndarray:
    """Regrets ``(E,)`` of ``E`` pure profiles: ``profile[p][e]`` is player ``p``'s strategy in game ``game[e]``.

    ``payoffs`` has shape ``(N, n, k_1, ..., k_n)``. A regret below 0 cannot occur.
    """
    n = payoffs.shape[1]
    if not len(game):
        return np.zeros(0)
    gaps = []
    for p in range(n):
        raw = payoffs[:, p]
        gaps.append(raw.max(axis=p + 1, keepdims=True) - raw)
    return np.max(np.stack([np.broadcast_to(gaps[p], payoffs[:, p].shape)[(game, *profile)] for p in range(n)]), axis=0)


def reduce_rational(nums: Sequence[int], den: int) -> tuple[tuple[int, ...], int]:
    """Divide numerators and denominator by their gcd (denominator kept positive)."""
    if den < 0:
        nums, den = [-v for v in nums], -den
    g = math.gcd(den, *nums)
    if g > 1:
        return tuple(v // g for v in nums), den // g
    return tuple(nums), den


def rational_profile(exact: Sequence[Sequence[Fraction]]) -> RationalProfile:
    """Fractions per player -> :data:`RationalProfile` (raises on non-numbers)."""
    out = []
    for vec in exact:
        nums, den = common_denominator([Fraction(v) for v in vec])
        out.append(reduce_rational(nums, den))
    return tuple(out)


class _Checker:
    def __init__(self, game: Game, tol: float) -> None:
        self.game = game
        self.tol = tol
        self.ptol = prob_tol(game, tol)
        self._matrices: tuple | None = None

    # -- exact ---------------------------------------------------------------------------

    def _integers(self, p: int) -> tuple[np.ndarray, int]:
        return game_integers(self.game, p)

    def _bimatrix(self) -> tuple:
        """2-player payoffs as nested lists of ints: (A rows, L_A, B columns, L_B)."""
        if self._matrices is None:
            ua, la = self._integers(0)
            ub, lb = self._integers(1)
            self._matrices = (ua.tolist(), la, ub.T.tolist(), lb)
        return self._matrices

    def _exact_deviations(self, p: int, supports: list[list[int]], profile: RationalProfile) -> tuple[list, int]:
        """Payoff of each pure strategy of player ``p`` against the others' exact strategies.

        Returns ``(values, denom)``: the payoffs are ``values[i] / denom``, with
        ``values`` Python ints, or Fractions for pure opponents in games with 3
        or more players (read straight from ``game.exact``, which may be large).
        """
        game = self.game
        n = game.n_players
        if n == 2:
            a_rows, la, b_cols, lb = self._bimatrix()
            rows, scale = (a_rows, la) if p == 0 else (b_cols, lb)
            nums, den = profile[1 - p]
            support = supports[1 - p]
            if len(support) == 1:
                j = support[0]
                return [row[j] for row in rows], scale
            return [sum([row[j] * nums[j] for j in support]) for row in rows], scale * den
        if all(len(supports[q]) == 1 for q in range(n) if q != p):
            index = tuple(slice(None) if q == p else supports[q][0] for q in range(n))
            return list(game.exact[p][index]), 1
        ints, denom = self._integers(p)
        axes = [np.arange(game.shape[q]) if q == p else np.asarray(supports[q]) for q in range(n)]
        sub = ints[np.ix_(*axes)]
        vectors: list[np.ndarray | None] = []
        for q in range(n):
            if q == p:
                vectors.append(None)
                continue
            nums, den = profile[q]
            v = np.empty(len(supports[q]), dtype=object)
            v[:] = [nums[i] for i in supports[q]]
            vectors.append(v)
            denom *= den
        return [int(v) for v in _contract(sub, vectors, p)], denom

    def check_rational(self, profile: RationalProfile) -> _Checked:
        game = self.game
        if len(profile) != game.n_players:
            raise _Reject(math.inf)
        for (nums, den), k in zip(profile, game.shape):
            if len(nums) != k or den <= 0 or min(nums) < 0 or sum(nums) != den:
                raise _Reject(math.inf)
        supports = [[i for i, v in enumerate(nums) if v] for nums, _ in profile]
        payoffs: list[Fraction] = []
        strict = True
        tied = False
        worst = Fraction(0)
        for p, (nums, den) in enumerate(profile):
            values, denom = self._exact_deviations(p, supports, profile)
            support = supports[p]
            best = max(values)
            if len(support) == 1:
                expected = values[support[0]] * den
            else:
                expected = sum([nums[i] * values[i] for i in support])
            if best * den != expected:
                worst = max(worst, Fraction(best * den - expected) / (den * denom))
                continue
            n_best = values.count(best)
            tied = tied or n_best > len(support)
            strict = strict and n_best == 1 and len(support) == 1
            payoffs.append(Fraction(expected) / (den * denom) if denom != 1 or den != 1 else Fraction(expected))
        if worst != 0:
            raise _Reject(float(worst))
        eq = Equilibrium(
            strategies=tuple(_readonly(np.array([v / den for v in nums], dtype=float)) for nums, den in profile),
            exact=tuple(tuple([Fraction(v, den) if v else _ZERO for v in nums]) for nums, den in profile),
            payoffs=tuple([float(v) + 0.0 for v in payoffs]),
            exact_payoffs=tuple(payoffs),
            regret=0.0,
            strict=strict,
        )
        return _Checked(eq, tied, tuple(profile))

    def check_exact(self, exact: Sequence[Sequence[Fraction]]) -> _Checked:
        if len(exact) != self.game.n_players:
            raise _Reject(math.inf)
        try:
            profile = rational_profile(exact)
        except (TypeError, ValueError, ZeroDivisionError):
            raise _Reject(math.inf) from None
        return self.check_rational(profile)

    def check_rational_unreduced(self, profile: RationalProfile) -> _Checked:
        return self.check_rational(tuple(reduce_rational(nums, den) for nums, den in profile))

    # -- float ---------------------------------------------------------------------------

    def normalise(self, strategies: Sequence[np.ndarray]) -> list[np.ndarray]:
        game = self.game
        if len(strategies) != game.n_players:
            raise _Reject(math.inf)
        out = []
        for p, k in enumerate(game.shape):
            s = np.array(strategies[p], dtype=float).reshape(-1)
            if s.shape != (k,) or not np.all(np.isfinite(s)):
                raise _Reject(math.inf)
            if np.any(s < -self.ptol) or abs(s.sum() - 1.0) > self.ptol:
                raise _Reject(math.inf)
            s[np.abs(s) <= self.ptol] = 0.0
            total = s.sum()
            if total <= 0:
                raise _Reject(math.inf)
            out.append(s / total)
        return out

    def float_regrets(self, profile: list[np.ndarray]) -> tuple[float, list[np.ndarray]]:
        game = self.game
        n = game.n_players
        pure = [int(np.flatnonzero(s)[0]) if np.count_nonzero(s) == 1 else None for s in profile]
        worst = 0.0
        devs = []
        for p in range(n):
            if all(pure[q] is not None for q in range(n) if q != p):
                # Opponents pure: read the payoffs instead of contracting the whole array.
                dev = game.payoffs[p][tuple(slice(None) if q == p else pure[q] for q in range(n))]
            else:
                dev = _contract(game.payoffs[p], profile, p)
            dev = np.asarray(dev, dtype=float)
            worst = max(worst, float(dev.max() - profile[p] @ dev))
            devs.append(dev)
        return worst, devs

    def check_float(self, strategies: Sequence[np.ndarray]) -> _Checked:
        profile = self.normalise(strategies)
        worst, devs = self.float_regrets(profile)
        if worst > self.tol:
            raise _Reject(worst)
        strict = True
        tied = False
        payoffs = []
        for p, (s, dev) in enumerate(zip(profile, devs)):
            best = dev.max()
            n_best = int(np.count_nonzero(dev >= best - self.tol))
            support = int(np.count_nonzero(s))
            tied = tied or n_best > support
            strict = strict and support == 1 and n_best == 1
            payoffs.append(float(s @ dev) + 0.0)
        eq = Equilibrium(
            strategies=tuple(_readonly(s) for s in profile),
            exact=None,
            payoffs=tuple(payoffs),
            exact_payoffs=None,
            regret=max(worst, 0.0) + 0.0,
            strict=strict,
        )
        return _Checked(eq, tied)

    # -- dispatch ------------------------------------------------------------------------

    def check(self, candidate: Candidate) -> _Checked:
        if self.game.exact is None:
            if candidate.strategies is not None:
                return self.check_float(candidate.strategies)
            if candidate.rational is not None:
                return self.check_float([np.array([v / den for v in nums]) for nums, den in candidate.rational])
            if candidate.exact is not None:
                return self.check_float([np.array([float(v) for v in vec]) for vec in candidate.exact])
            raise _Reject(math.inf)
        if candidate.rational is not None:
            return self.check_rational_unreduced(candidate.rational)
        if candidate.exact is not None:
            return self.check_exact(candidate.exact)
        if candidate.strategies is None:
            raise _Reject(math.inf)
        profile = self.normalise(candidate.strategies)
        exact = snap(self.game, profile, self.tol)
        try:
            if exact is None:
                raise _Reject(math.inf)
            return self.check_exact(exact)
        except _Reject:
            raise _Reject(self.float_regrets(profile)[0]) from None


def snap(game: Game, profile: Sequence[np.ndarray], tol: float) -> tuple[tuple[Fraction, ...], ...] | None:
    """The rational profile a float profile of a rational game approximates.

    Pure strategies snap to exact unit vectors. For 2-player games a mixed
    strategy ``x`` of one player is recomputed exactly from its support ``S``
    and the other player's best replies ``T`` to it (within ``tol``): the
    solution of ``sum(x_S) = 1`` and ``B[S, j] . x_S = v`` for ``j`` in ``T``,
    when that system has a unique solution (the vertex case). Otherwise each
    probability is replaced by its best rational approximation with denominator
    at most ``SNAP_MAX_DENOMINATOR`` and the vector rescaled to sum to 1.
    The result still has to pass the exact check.
    """
    ptol = prob_tol(game, tol)
    out: list[tuple[Fraction, ...]] = []
    for p, s in enumerate(profile):
        support = [int(i) for i in np.flatnonzero(s > ptol)]
        vec: list[Fraction] | None = None
        if len(support) == 1:
            vec = [Fraction(int(i == support[0])) for i in range(len(s))]
        elif game.n_players == 2:
            vec = _snap_vertex(game, profile, p, support, tol)
        if vec is None:
            approx = [
                Fraction(float(v)).limit_denominator(SNAP_MAX_DENOMINATOR) if v > ptol else Fraction(0) for v in s
            ]
            total = sum(approx, Fraction(0))
            if total <= 0:
                return None
            vec = [v / total for v in approx]
        out.append(tuple(vec))
    return tuple(out)


def _snap_vertex(
    game: Game, profile: Sequence[np.ndarray], p: int, support: list[int], tol: float
) -> list[Fraction] | None:
    q = 1 - p
    # Payoffs of the other player q, as a matrix indexed [p's strategy, q's strategy].
    other = game.payoffs[q] if p == 0 else game.payoffs[q].T
    other_exact = game.exact[q] if p == 0 else game.exact[q].T
    values = profile[p] @ other
    replies = [int(j) for j in np.flatnonzero(values >= values.max() - tol)]
    rows = [[other_exact[i, j] for i in support] + [Fraction(-1)] for j in replies]
    rows.append([Fraction(1)] * len(support) + [Fraction(0)])
    rhs = [Fraction(0)] * len(replies) + [Fraction(1)]
    sol = solve_unique(rows, rhs)
    if sol is None:
        return None
    vec = [Fraction(0)] * len(profile[p])
    for i, v in zip(support, sol[:-1]):
        vec[i] = v
    return vec


def _same_float(a: Equilibrium, b: Equilibrium, ptol: float) -> bool:
    return all(np.max(np.abs(x - y)) <= ptol for x, y in zip(a.strategies, b.strategies))


ORDER_DIGITS = 9
"""Decimals of the probabilities that order equilibria (:func:`order_key`)."""


def order_key(eq: Equilibrium) -> tuple:
    """Pure equilibria first, then the flattened probability vector in descending order.

    Probabilities are compared to :data:`ORDER_DIGITS` decimals, so that float noise
    (0.3333333333333336 against 0.3333333333333335) does not order a float game's
    equilibria differently from the same game solved exactly.
    """
    return (not eq.pure, tuple(round(-float(v), ORDER_DIGITS) for s in eq.strategies for v in s))


def verify_candidates(game: Game, candidates: Iterable[Candidate], tol: float) -> Verified:
    """Verify, deduplicate and order candidate profiles.

    Parameters
    ----------
    game
        The game the candidates belong to.
    candidates
        Profiles proposed by a method (float, exact or both).
    tol
        Regret tolerance in payoff units.

    Returns
    -------
    Verified
        The equilibria that passed (deduplicated: same exact profile, or every
        probability within ``ptol``; ordered by :func:`order_key`) and how many
        candidates failed, with the largest regret among them.
    """
    checker = _Checker(game, tol)
    kept: list[_Checked] = []
    exact_seen: dict[tuple, int] = {}
    rejected = 0
    max_regret = 0.0
    for candidate in candidates:
        try:
            checked = checker.check(candidate)
        except _Reject as r:
            rejected += 1
            max_regret = max(max_regret, r.regret)
            continue
        eq = checked.equilibrium
        key = checked.key
        if key is not None:
            if key in exact_seen:
                i = exact_seen[key]
                kept[i] = _Checked(kept[i].equilibrium, kept[i].tied or checked.tied, key)
                continue
            exact_seen[key] = len(kept)
            kept.append(checked)
            continue
        for i, other in enumerate(kept):
            if _same_float(eq, other.equilibrium, checker.ptol):
                kept[i] = _Checked(other.equilibrium, other.tied or checked.tied)
                break
        else:
            kept.append(checked)
    kept.sort(key=lambda c: order_key(c.equilibrium))
    return Verified(
        equilibria=tuple(c.equilibrium for c in kept),
        tied=any(c.tied for c in kept),
        rejected=rejected,
        max_rejected_regret=max_regret,
    )


def _strategy_ids(equilibria: Sequence[Equilibrium], player: int, ptol: float) -> list[int]:
    """Give equal strategies of one player (exactly, or within ``ptol``) equal ids."""
    ids: list[int] = []
    exact_ids: dict[tuple, int] = {}
    reps: list[np.ndarray] = []
    for eq in equilibria:
        if eq.exact is not None:
            ids.append(exact_ids.setdefault(eq.exact[player], len(exact_ids)))
            continue
        s = eq.strategies[player]
        for i, r in enumerate(reps):
            if np.max(np.abs(s - r)) <= ptol:
                ids.append(i)
                break
        else:
            reps.append(s)
            ids.append(len(reps) - 1)
    return ids


def connected_components(equilibria: Sequence[Equilibrium], ptol: float) -> tuple[tuple[int, ...], ...]:
    """Partition equilibrium indices into connected components.

    Two equilibria that differ in one player's strategy only are joined: every
    convex combination of them is an equilibrium too (the others' best-reply
    conditions are linear in that player's strategy, and both of its strategies
    are best replies to the same opponents' profile). For the complete set of
    extreme equilibria of a 2-player game this is the bipartite graph of
    Avis, Rosenberg, Savani & von Stengel (2010), Section 6, whose connected
    components are exactly the components of the equilibrium set. For an
    incomplete list (pure-only search, nashpy methods) components may be split
    that mixed equilibria not searched would join.

    Returns
    -------
    tuple of tuple of int
        Each component sorted, components ordered by their smallest index.
    """
    n = len(equilibria)
    if n == 0:
        return ()
    n_players = len(equilibria[0].strategies)
    ids = [_strategy_ids(equilibria, p, ptol) for p in range(n_players)]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for p in range(n_players):
        groups: dict[tuple[int, ...], int] = {}
        for e in range(n):
            key = tuple(ids[q][e] for q in range(n_players) if q != p)
            if key in groups:
                a, b = find(groups[key]), find(e)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                groups[key] = e
    comps: dict[int, list[int]] = {}
    for e in range(n):
        comps.setdefault(find(e), []).append(e)
    return tuple(sorted((tuple(c) for c in comps.values()), key=lambda c: c[0]))
