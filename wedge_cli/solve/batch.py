"""Equilibria of many games of the same shape at once (for parameter sweeps).

Two functions, both on a float payoff array of shape ``(N, n_players, k_1, ..., k_n)``
(``N`` games, axis order as everywhere in wedge):

:func:`bimatrix_batch`
    Every equilibrium of each *nondegenerate* 2-player game, by support
    enumeration vectorised over the games: for each support size ``k`` and
    every pair of supports ``(I, J)`` with ``|I| = |J| = k``, the two
    indifference systems ``[B[I, J]^T, -1; 1^T, 0] (x_I, w) = (0, 1)`` and
    ``[A[I, J], -1; 1^T, 0] (y_J, v) = (0, 1)`` are solved for all games in one
    :func:`numpy.linalg.solve` call, and ``(x, y)`` is an equilibrium when
    both solutions are strictly positive and every strategy outside the
    support is strictly worse (Nash 1951; the support enumeration of
    Dickhaut & Kaplan 1991 and von Stengel 2007, "Equilibrium computation for
    two-player games in strategic and extensive form", Section 3.3).
:func:`pure_batch`
    Every pure equilibrium of each game with any number of players, one
    numpy reduction per player.
:func:`dominance_batch`
    Iterated strict dominance by pure strategies; a game it reduces to one
    profile has that profile as its only equilibrium.

Support enumeration is complete only for nondegenerate games, so the batch
also certifies nondegeneracy and hands back the games it cannot certify
(``suspect``) for the exact per-game solver. A game is *suspect* when

* some support pair's solution is feasible within the margin but has a
  probability or a best-reply slack inside ``[-margin, margin]`` (a near-tie:
  in exact arithmetic it may be a degenerate vertex, i.e. a mixed strategy
  with more pure best replies than strategies in its support, which is how
  degeneracy shows; see below), or
* some system is ill-conditioned (relative determinant below
  :data:`WEAK_RTOL`) and its solution is feasible within
  :data:`NEAR_FEASIBLE`, or
* a candidate fails verification, or no equilibrium is found.

Why that certificate suffices: if a game is degenerate, some mixed strategy
``x`` with support ``I`` has a best-reply set ``T`` with ``|T| > |I|``; the
strategies with support in ``I`` and best replies containing ``T`` form a
face of the best-response polyhedron, so a vertex of it has the same
property, and at a vertex some ``J`` in ``T`` with ``|J| = |I|`` gives a
nonsingular system whose solution is that vertex, with a zero slack for the
columns of ``T`` outside ``J``. Singular systems (relative determinant below
:data:`SINGULAR_RTOL`) are skipped: in a nondegenerate game no equilibrium has
a support pair with a singular system (moving along its null space reaches a
strategy with more best replies than support). Slacks and margins are
measured on each game's payoffs scaled to ``[0, 1]``, so the tests do not
depend on the payoff unit.

Every equilibrium returned has passed a float verification on the original
payoffs: probabilities ``>= 0`` summing to 1 and regret ``<= tol`` with
``tol = 1e-9 * max(1, max |payoff|)`` per game, the default of
:func:`wedge_cli.solve.verify.default_tol`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import numpy as np

from wedge_cli.solve.dominance import reduce_strict_batch
from wedge_cli.solve.verify import DEFAULT_RTOL, bimatrix_regret_batch, pure_regret_batch, regret

#: Half-width of the band (scaled payoffs, probabilities) in which a slack or
#: probability counts as a possible tie: the game is then solved exactly instead.
MARGIN = 1e-9
#: A system whose determinant is below this times Hadamard's bound is singular (skipped).
SINGULAR_RTOL = 1e-12
#: A system below this relative determinant is ill-conditioned: suspect if nearly feasible.
WEAK_RTOL = 1e-8
#: Feasibility band used for ill-conditioned systems.
NEAR_FEASIBLE = 1e-6
#: Linear systems per numpy call (bounds memory: about 100 bytes per system and unknown).
CHUNK_SYSTEMS = 1 << 16


@dataclass(frozen=True)
class BatchEquilibria:
    """Equilibria of ``N`` games, stored as arrays.

    Attributes
    ----------
    n_games
        ``N``.
    game
        ``(E,)`` index of the game each equilibrium belongs to, ascending; the
        equilibria of one game follow :func:`wedge_cli.solve.verify.order_key`
        (pure first, then probabilities in descending order).
    strategies
        One ``(E, k_p)`` float array per player.
    payoffs
        ``(E, n_players)`` expected payoffs.
    regret
        ``(E,)`` largest gain from a deviation (``<= tol`` of its game).
    strict
        ``(E,)`` every player's strategy is its unique best reply.
    suspect
        ``(N,)`` games not solved here (possibly degenerate, too close to a
        tie, or ill-conditioned): solve them one by one with
        :func:`wedge_cli.solve.solve`. Their rows are absent from the arrays.
    tol
        ``(N,)`` regret tolerance per game.
    """

    n_games: int
    game: np.ndarray
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: np.ndarray
    strict: np.ndarray
    suspect: np.ndarray
    tol: np.ndarray

    def offsets(self) -> np.ndarray:
        """``(N + 1,)``: the equilibria of game ``g`` are rows ``offsets[g]:offsets[g + 1]``."""
        return np.searchsorted(self.game, np.arange(self.n_games + 1))


@lru_cache(maxsize=256)
def _combos(d: int, k: int) -> np.ndarray:
    out = np.array(list(combinations(range(d), k)), dtype=np.intp).reshape(-1, k)
    out.setflags(write=False)
    return out


def _unit_scale(u: np.ndarray) -> np.ndarray:
    """Each game's matrix mapped affinely onto ``[0, 1]`` (zeros when constant)."""
    flat = u.reshape(len(u), -1)
    lo = _reduce_last(flat, np.minimum)
    span = _reduce_last(flat, np.maximum) - lo
    span = np.where(span > 0, span, 1.0)
    shape = (len(u),) + (1,) * (u.ndim - 1)
    return (u - lo.reshape(shape)) / span.reshape(shape)


def default_tols(payoffs: np.ndarray) -> np.ndarray:
    """Per-game regret tolerance ``1e-9 * max(1, max |payoff|)``."""
    if not payoffs.size:
        return np.full(len(payoffs), DEFAULT_RTOL)
    scale = _reduce_last(np.abs(payoffs.reshape(len(payoffs), -1)), np.maximum)
    return DEFAULT_RTOL * np.maximum(1.0, scale)


@dataclass
class _Side:
    """Solutions of one player's indifference systems for all (games, S, T)."""

    z: np.ndarray  # (G, nS, nT, k) mixing probabilities on S
    strict: np.ndarray  # (G, nS, nT) strictly feasible with margins
    suspect: np.ndarray  # (G,) a near-tie or ill-conditioned near-feasible system


def _side(m: np.ndarray, supports: np.ndarray, tights: np.ndarray, margin: float) -> _Side:
    """Indifference systems of one player.

    ``m`` is ``(G, r, d)``: the payoffs of the *indifferent* player, rows its
    ``r`` strategies, columns the ``d`` strategies of the mixing player.
    For every mixing support ``S`` (rows of ``supports``, size ``k``) and
    tight set ``T`` (rows of ``tights``, size ``k``) solve
    ``m[T, S] z - u = 0, sum z = 1`` and test ``z > 0`` and
    ``u - m[r, S] z > 0`` for ``r`` outside ``T``, with the margin.
    """
    g_count, r, _ = m.shape
    n_s, k = supports.shape
    n_t = len(tights)
    outside = np.ones((n_t, r), dtype=bool)
    outside[np.arange(n_t)[:, None], tights] = False
    if k == 1:
        s = supports[:, 0]
        z = np.ones((g_count, n_s, n_t, 1))
        u = m[:, tights[:, 0][None, :], s[:, None]]  # (G, nS, nT)
        values = np.moveaxis(m[:, :, s], 1, 2)[:, :, None, :]  # (G, nS, 1, r)
        slack = u[..., None] - values
        ok = np.ones((g_count, n_s, n_t), dtype=bool)
        weak = np.zeros((g_count, n_s, n_t), dtype=bool)
    elif k == 2:
        # Closed form of [[a, b, -1], [c, d, -1], [1, 1, 0]] (z1, z2, u) = (0, 0, 1): determinant
        # a - b - c + d, z1 = (d - b) / det, z2 = (a - c) / det (the same numbers LAPACK would give).
        sub = m[:, tights[None, :, :, None], supports[:, None, None, :]]  # (G, nS, nT, 2, 2)
        a, b, c, d = sub[..., 0, 0], sub[..., 0, 1], sub[..., 1, 0], sub[..., 1, 1]
        det = a - b - c + d
        bound = np.sqrt((a * a + b * b + 1) * (c * c + d * d + 1) * 2)
        rel = np.abs(det) / bound
        ok = rel >= SINGULAR_RTOL
        weak = ok & (rel < WEAK_RTOL)
        safe = np.where(ok, det, 1.0)
        z = np.stack([(d - b) / safe, (a - c) / safe], axis=-1)
        u = a * z[..., 0] + b * z[..., 1]
        cols = m[:, :, supports]  # (G, r, nS, 2)
        values = (cols[..., 0].transpose(0, 2, 1)[:, :, None, :] * z[..., 0:1]
                  + cols[..., 1].transpose(0, 2, 1)[:, :, None, :] * z[..., 1:2])  # (G, nS, nT, r)
        slack = u[..., None] - values
    else:
        sub = m[:, tights[None, :, :, None], supports[:, None, None, :]]  # (G, nS, nT, k, k)
        mats = np.empty((g_count, n_s, n_t, k + 1, k + 1))
        mats[..., :k, :k] = sub
        mats[..., :k, k] = -1.0
        mats[..., k, :k] = 1.0
        mats[..., k, k] = 0.0
        flat = mats.reshape(-1, k + 1, k + 1)
        det = np.abs(np.linalg.det(flat))
        bound = np.prod(np.sqrt(np.einsum("nij,nij->ni", flat, flat)), axis=1)
        rel = det / bound
        singular = ~(rel >= SINGULAR_RTOL)  # also catches nan
        weak_flat = ~singular & (rel < WEAK_RTOL)
        if singular.any():
            flat = flat.copy()
            flat[singular] = np.eye(k + 1)
        rhs = np.zeros((len(flat), k + 1, 1))
        rhs[:, k, 0] = 1.0
        sol = np.linalg.solve(flat, rhs)[:, :, 0].reshape(g_count, n_s, n_t, k + 1)
        z = sol[..., :k]
        u = sol[..., k]
        # values[g, s, t, row] = sum_b m[g, row, S[s, b]] z[g, s, t, b]
        values = np.einsum("grsb,gstb->gstr", m[:, :, supports], z)
        slack = u[..., None] - values
        ok = ~singular.reshape(g_count, n_s, n_t)
        weak = weak_flat.reshape(g_count, n_s, n_t)
    slack = np.where(outside[None, None, :, :], slack, np.inf)
    z_min = _min_last(z)
    s_min = _min_last(slack)
    finite = np.isfinite(z_min) & ~np.isnan(s_min)
    feasible = ok & finite & (z_min >= -margin) & (s_min >= -margin)
    strict = feasible & ~weak & (z_min > margin) & (s_min > margin)
    boundary = feasible & ~strict & ~weak
    near = ok & weak & (~finite | ((z_min >= -NEAR_FEASIBLE) & (s_min >= -NEAR_FEASIBLE)))
    suspect = _reduce_last((boundary | near).reshape(g_count, -1), np.logical_or)
    return _Side(z, strict, suspect)


def _reduce_last(a: np.ndarray, op) -> np.ndarray:
    """``op.reduce(a, axis=-1)``, for a short last axis as a loop of elementwise ops (numpy reduces
    short axes of long arrays slowly)."""
    if a.shape[-1] > 16:
        return op.reduce(a, axis=-1)
    out = a[..., 0]
    for i in range(1, a.shape[-1]):
        out = op(out, a[..., i])
    return out


def _min_last(a: np.ndarray) -> np.ndarray:
    return _reduce_last(a, np.minimum)


def _chunks(total: int, per_game: int):
    step = max(1, CHUNK_SYSTEMS // max(1, per_game))
    for start in range(0, total, step):
        yield slice(start, min(total, start + step))


def bimatrix_batch(payoffs: np.ndarray, margin: float = MARGIN) -> BatchEquilibria:
    """All equilibria of many nondegenerate 2-player games; degenerate ones are flagged.

    Parameters
    ----------
    payoffs
        Float array ``(N, 2, m, n)``: ``payoffs[g, 0]`` is player 1's matrix
        ``A`` of game ``g``, ``payoffs[g, 1]`` player 2's ``B``.
    margin
        Tie band on payoffs scaled to ``[0, 1]`` and on probabilities (see the
        module docstring); wider is more cautious (more games go to the
        exact solver).

    Returns
    -------
    BatchEquilibria
        For games not ``suspect``: every equilibrium (the game is certified
        nondegenerate, so these are all of them), each verified.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    n_games, players, m, n = payoffs.shape
    if players != 2:
        raise ValueError("bimatrix_batch needs 2-player payoff arrays (N, 2, m, n)")
    a_scaled = _unit_scale(payoffs[:, 0])
    b_scaled_t = np.swapaxes(_unit_scale(payoffs[:, 1]), 1, 2)  # (N, n, m): rows are player 2's strategies
    suspect = ~np.isfinite(payoffs.reshape(n_games, -1)).all(axis=1)
    found_g, found_x, found_y = [], [], []
    for k in range(1, min(m, n) + 1):
        rows, cols = _combos(m, k), _combos(n, k)
        per_game = len(rows) * len(cols)
        for part in _chunks(n_games, per_game):
            x_side = _side(b_scaled_t[part], rows, cols, margin)  # player 1 mixes on I, player 2 indifferent on J
            y_side = _side(a_scaled[part], cols, rows, margin)  # player 2 mixes on J, player 1 indifferent on I
            suspect[part] |= x_side.suspect | y_side.suspect
            eq = x_side.strict & np.swapaxes(y_side.strict, 1, 2)  # (G, nI, nJ)
            g, i, j = np.nonzero(eq)
            if g.size == 0:
                continue
            x = np.zeros((g.size, m))
            x[np.arange(g.size)[:, None], rows[i]] = x_side.z[g, i, j]
            y = np.zeros((g.size, n))
            y[np.arange(g.size)[:, None], cols[j]] = y_side.z[g, j, i]
            found_g.append(g + part.start)
            found_x.append(x)
            found_y.append(y)
    game = np.concatenate(found_g) if found_g else np.zeros(0, dtype=np.intp)
    x = np.concatenate(found_x) if found_x else np.zeros((0, m))
    y = np.concatenate(found_y) if found_y else np.zeros((0, n))
    x /= x.sum(axis=1, keepdims=True)
    y /= y.sum(axis=1, keepdims=True)
    tol = default_tols(payoffs)
    pay, regret = bimatrix_regret_batch(payoffs[game, 0], payoffs[game, 1], x, y)
    bad = regret > tol[game]
    suspect[game[bad]] = True
    counts = np.bincount(game, minlength=n_games)
    suspect |= counts == 0
    keep = ~suspect[game]
    pure = (np.count_nonzero(x, axis=1) == 1) & (np.count_nonzero(y, axis=1) == 1)
    order = _order(game, pure, (x, y), keep)
    return BatchEquilibria(
        n_games=n_games,
        game=game[order],
        strategies=(_clean(x[order]), _clean(y[order])),
        payoffs=_clean(pay[order]),
        regret=_clean(regret[order]),
        strict=pure[order],  # certified nondegenerate: a pure equilibrium has unique best replies
        suspect=suspect,
        tol=tol,
    )


def _clean(a: np.ndarray) -> np.ndarray:
    """Write -0.0 as 0.0."""
    return a + 0.0


def _order(game: np.ndarray, pure: np.ndarray, strategies: tuple[np.ndarray, ...], keep: np.ndarray) -> np.ndarray:
    """Rows kept, by game, then pure first, then probabilities descending (rounded to 12 decimals)."""
    keys: list[np.ndarray] = []
    for s in reversed(strategies):
        for col in reversed(range(s.shape[1])):
            keys.append(-np.round(s[:, col], 12))
    keys += [~pure, game]
    order = np.lexsort(keys) if game.size else np.zeros(0, dtype=np.intp)
    return order[keep[order]]


def pure_batch(payoffs: np.ndarray, margin: float = MARGIN) -> BatchEquilibria:
    """Every pure equilibrium of many games with any number of players.

    A profile is an equilibrium when each player's payoff is within
    ``margin`` (payoffs of that player scaled to ``[0, 1]`` per game) of its
    best reply. A game is ``suspect`` when some player has a reply whose
    deficit is positive but inside the margin (a near-tie floats cannot
    decide); exact float ties count as ties.

    Parameters
    ----------
    payoffs
        Float array ``(N, n_players, k_1, ..., k_n)``.
    """
    payoffs = np.asarray(payoffs, dtype=float)
    n_games, n = payoffs.shape[:2]
    shape = payoffs.shape[2:]
    ok = np.ones((n_games, *shape), dtype=bool)
    suspect = ~np.isfinite(payoffs.reshape(n_games, -1)).all(axis=1)
    unique = np.ones((n_games, *shape), dtype=bool)
    for p in range(n):
        u = _unit_scale(payoffs[:, p])
        gap = u.max(axis=p + 1, keepdims=True) - u
        near = gap <= margin
        ok &= near
        suspect |= ((gap > 0) & near).reshape(n_games, -1).any(axis=1)
        unique &= near.sum(axis=p + 1, keepdims=True) == 1
    found = np.argwhere(ok)
    game = found[:, 0]
    profile = tuple(found[:, 1 + p] for p in range(n))
    strategies = []
    for p, k in enumerate(shape):
        s = np.zeros((len(found), k))
        s[np.arange(len(found)), profile[p]] = 1.0
        strategies.append(s)
    pay = np.column_stack([payoffs[(game, p, *profile)] for p in range(n)]) if len(found) else np.zeros((0, n))
    regret = pure_regret_batch(payoffs, game, profile)
    tol = default_tols(payoffs)
    suspect[game[regret > tol[game]]] = True
    keep = ~suspect[game]
    order = _order(game, np.ones(len(game), dtype=bool), tuple(strategies), keep)
    return BatchEquilibria(
        n_games=n_games,
        game=game[order],
        strategies=tuple(_clean(s[order]) for s in strategies),
        payoffs=_clean(pay[order]),
        regret=_clean(np.maximum(regret[order], 0.0)),
        strict=unique[(game, *profile)][order] if len(found) else np.zeros(0, dtype=bool),
        suspect=suspect,
        tol=tol,
    )


def dominance_batch(payoffs: np.ndarray, margin: float = MARGIN) -> tuple[np.ndarray, ...]:
    """Strategies surviving iterated strict dominance by pure strategies, for every game at once.

    ``payoffs`` has shape ``(N, n, k_1, ..., k_n)``. Returns one boolean array
    ``(N, k_p)`` per player. Strategy ``s`` of player ``p`` is removed when some
    surviving ``t`` pays more than ``s`` by more than ``margin`` (on each game's
    payoffs scaled to ``[0, 1]``) against every surviving profile of the others;
    rounds repeat until nothing changes. Strict dominance never removes a
    strategy used in a Nash equilibrium, mixed or not (Osborne & Rubinstein
    1994, Lemma 60.1), so a game left with one strategy per player has exactly
    one equilibrium, that pure profile. The margin makes the removals certain
    despite rounding; a removal it misses only leaves more work.
    """
    u = _unit_scale(payoffs) if payoffs.shape[0] else payoffs
    return reduce_strict_batch(u, margin)


def _bilinear(e: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(a, b, c, d)`` with ``e(s, t) = a + b s + c t + d s t`` for ``e`` of shape ``(N, 2, 2)``.

    ``s`` and ``t`` are the probabilities of strategy 0 of the two players indexing ``e``'s axes.
    """
    a = e[:, 1, 1]
    return a, e[:, 0, 1] - a, e[:, 1, 0] - a, e[:, 0, 0] - e[:, 0, 1] - e[:, 1, 0] + a


def trimatrix_batch(payoffs: np.ndarray, margin: float = MARGIN) -> tuple[list[set], np.ndarray]:
    """Every equilibrium of each *nondegenerate* 2x2x2 game, vectorised over the games.

    ``payoffs`` has shape ``(N, 3, 2, 2, 2)``. With ``x, y, z`` the probabilities of
    strategy 0 of players 0, 1, 2, player 0's payoff advantage of strategy 0 is
    bilinear, ``D0(y, z) = a + b y + c z + d y z`` (likewise ``D1(x, z)``,
    ``D2(x, y)``), and a player mixes only where its advantage is 0. So:

    * pure profiles: the signs of the advantages;
    * two players mixing, the third pure: each mixing player's probability solves
      the other one's linear indifference equation (6 systems);
    * all three mixing: ``y`` and ``x`` are linear fractions of ``z`` (from ``D0``
      and ``D1``), and ``D2(x(z), y(z)) = 0`` times the denominators is a quadratic
      in ``z`` (McKelvey & McLennan 1997 count at most 2 such equilibria);
    * one player mixing against pure others needs an advantage of exactly 0: not
      in a nondegenerate game.

    A game is returned as *suspect* (to be solved exactly instead) when any
    advantage, probability, denominator, leading coefficient or discriminant that
    decides the result lies within ``margin`` of 0 (probabilities: of 0 or 1), on
    payoffs scaled to ``[0, 1]`` per game, or when a found profile fails the float
    verification (regret above ``1e-9 * max(1, max |payoff|)`` on the original
    payoffs). Returns one set of support profiles per game and the suspect mask.
    """
    n_games = len(payoffs)
    u = _unit_scale(payoffs)
    tols = default_tols(payoffs)
    e0 = u[:, 0, 0] - u[:, 0, 1]  # (N, y, z)
    e1 = u[:, 1, :, 0] - u[:, 1, :, 1]  # (N, x, z)
    e2 = u[:, 2, :, :, 0] - u[:, 2, :, :, 1]  # (N, x, y)
    coef = [_bilinear(e0), _bilinear(e1), _bilinear(e2)]
    others = [(1, 2), (0, 2), (0, 1)]
    suspect = np.zeros(n_games, dtype=bool)
    found: list[tuple[np.ndarray, np.ndarray]] = []  # (mask of games, (N, 3) probabilities of strategy 0)

    def advantage(p: int, probs: np.ndarray) -> np.ndarray:
        a, b, c, d = coef[p]
        s, t = probs[:, others[p][0]], probs[:, others[p][1]]
        return a + b * s + c * t + d * s * t

    def near(v: np.ndarray) -> np.ndarray:
        return np.abs(v) <= margin

    with np.errstate(divide="ignore", invalid="ignore"):
        # pure profiles
        for profile in np.ndindex(2, 2, 2):
            probs = np.tile(np.array([1.0 - i for i in profile]), (n_games, 1))
            ok = np.ones(n_games, dtype=bool)
            for p in range(3):
                adv = advantage(p, probs)
                suspect |= near(adv)
                ok &= adv > margin if profile[p] == 0 else adv < -margin
            found.append((ok, probs))
        # two players mixing, the third pure
        for r in range(3):
            p, q = [k for k in range(3) if k != r]
            for v in (1.0, 0.0):
                probs = np.zeros((n_games, 3))
                probs[:, r] = v
                solved = np.ones(n_games, dtype=bool)
                for mover, other in ((q, p), (p, q)):  # p's indifference fixes q's probability, and back
                    a, b, c, d = coef[other]
                    if others[other][0] == r:  # D = (a + b v) + (c + d v) * mover
                        num, den = a + b * v, c + d * v
                    else:  # D = (a + c v) + (b + d v) * mover
                        num, den = a + c * v, b + d * v
                    suspect |= near(den) & near(num)
                    val = -num / den
                    solved &= ~near(den)
                    probs[:, mover] = np.where(solved, val, 0.5)
                inside = solved & np.all((probs[:, [p, q]] > margin) & (probs[:, [p, q]] < 1 - margin), axis=1)
                suspect |= solved & np.any(near(probs[:, [p, q]]) | near(1 - probs[:, [p, q]]), axis=1)
                adv = advantage(r, probs)
                suspect |= inside & near(adv)
                ok = inside & ((adv > margin) if v == 1.0 else (adv < -margin))
                found.append((ok, probs.copy()))
        # all three mixing: quadratic in z
        a0, b0, c0, d0 = coef[0]  # D0 = a0 + b0 y + c0 z + d0 y z
        a1, b1, c1, d1 = coef[1]  # D1 = a1 + b1 x + c1 z + d1 x z
        a2, b2, c2, d2 = coef[2]  # D2 = a2 + b2 x + c2 y + d2 x y
        yn, yd = (-a0, -c0), (b0, d0)  # y = yn(z) / yd(z), linear polynomials (constant, slope)
        xn, xd = (-a1, -c1), (b1, d1)

        def mul(f, g):
            return f[0] * g[0], f[0] * g[1] + f[1] * g[0], f[1] * g[1]

        terms = [mul(xd, yd), mul(xn, yd), mul(xd, yn), mul(xn, yn)]
        weights = [a2, b2, c2, d2]
        cc, bb, aa = (sum(w * t[k] for w, t in zip(weights, terms)) for k in range(3))
        linear = near(aa)
        suspect |= linear & near(bb) & near(cc)  # identically 0: a continuum (else no root at all)
        disc = bb * bb - 4 * aa * cc
        suspect |= ~linear & near(disc)
        root = np.sqrt(np.where(disc > 0, disc, 0.0))
        real = np.where(linear, ~near(bb), disc > margin)
        for sign in (1.0, -1.0):
            z = np.where(linear, -cc / bb, (-bb + sign * root) / (2 * aa))
            ok = real.copy()
            if sign < 0:
                ok &= ~linear  # a linear equation has one root
            suspect |= ok & (near(z) | near(1 - z))
            ok &= (z > margin) & (z < 1 - margin)
            ydz, xdz = yd[0] + yd[1] * z, xd[0] + xd[1] * z
            ynz, xnz = yn[0] + yn[1] * z, xn[0] + xn[1] * z
            # a zero denominator is a root brought in by clearing denominators (no x or y solves the
            # indifference equation there) unless the numerator vanishes too (a continuum)
            suspect |= ok & ((near(ydz) & near(ynz)) | (near(xdz) & near(xnz)))
            ok &= ~near(ydz) & ~near(xdz)
            y, x = ynz / ydz, xnz / xdz
            probs = np.stack([x, y, z], axis=1)
            suspect |= ok & np.any(near(probs[:, :2]) | near(1 - probs[:, :2]), axis=1)
            ok &= np.all((probs[:, :2] > margin) & (probs[:, :2] < 1 - margin), axis=1)
            found.append((ok, np.where(ok[:, None], probs, 0.5)))
    structures: list[set] = [set() for _ in range(n_games)]
    for ok, probs in found:
        for g in np.flatnonzero(ok & ~suspect).tolist():
            x = probs[g]
            profile = [np.array([x[p], 1.0 - x[p]]) for p in range(3)]
            if not regret(payoffs[g], profile) <= tols[g]:
                suspect[g] = True
                continue
            structures[g].add(tuple((0, 1) if 0 < x[p] < 1 else ((0,) if x[p] == 1 else (1,)) for p in range(3)))
    for g in np.flatnonzero(~suspect).tolist():
        if not structures[g]:
            suspect[g] = True  # every finite game has an equilibrium: something was missed
    return structures, suspect


def support_key(supports, sizes) -> int:
    """One integer per support profile: player ``p``'s strategy set as bits after those of earlier players."""
    key, offset = 0, 0
    for support, k in zip(supports, sizes):
        for i in support:
            key |= 1 << (offset + int(i))
        offset += k
    return key


def support_keys(strategies: tuple[np.ndarray, ...]) -> np.ndarray | None:
    """:func:`support_key` of every row, vectorised; None when the bits do not fit in int64."""
    total = sum(s.shape[1] for s in strategies)
    if total > 62:
        return None
    rows = len(strategies[0]) if strategies else 0
    key = np.zeros(rows, dtype=np.int64)
    offset = 0
    for s in strategies:
        weights = np.left_shift(np.int64(1), np.arange(offset, offset + s.shape[1], dtype=np.int64))
        key |= (s > 0).astype(np.int64) @ weights
        offset += s.shape[1]
    return key


__all__ = [
    "BatchEquilibria",
    "MARGIN",
    "bimatrix_batch",
    "default_tols",
    "pure_batch",
    "support_key",
    "support_keys",
]

