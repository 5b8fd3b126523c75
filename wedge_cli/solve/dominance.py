"""Dominated strategies: iterated strict dominance, by pure and by mixed strategies.

:func:`reduce_strict` is the fast 2-player reduction the solver runs first;
:func:`reduce_strict_given` the n-player one of :mod:`wedge_cli.solve.nplayer`,
:func:`reduce_strict_batch` the vectorised one of :mod:`wedge_cli.solve.batch`;
:func:`iterated_strict_dominance` works for any number of players and records
the order of elimination, with pure dominators only.
:func:`dominance_analysis` is the full analysis ``wedge solve``, ``wedge show``
and ``wedge explain`` report: domination by mixed strategies too (a linear
program per strategy, :mod:`wedge_cli.algebra.lp`, exact for rational games), the
order of elimination, and weakly dominated strategies flagged separately.

A pure strategy ``i`` of player 1 is strictly dominated by a pure strategy
``k`` when ``A[k, j] > A[i, j]`` for every remaining column ``j`` (likewise for
player 2 with ``B``). A strictly dominated strategy is never a best reply to
any mixed strategy, so it is unused in every Nash equilibrium, and removing it
leaves the set of equilibria unchanged (padded with zeros); iterating is
therefore safe and the order of removal does not matter
(e.g. Maschler, Solan & Zamir, *Game Theory*, 2013, Section 4.5).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.lp import matrix_game, weak_improvement
from wedge_cli.budget import Budget
from wedge_cli.model import Game


def dominated_rows(rows_payoffs: np.ndarray, margin: float) -> np.ndarray:
    """Boolean mask of rows strictly dominated (by ``> margin`` everywhere) by another row."""
    diff = rows_payoffs[:, None, :] - rows_payoffs[None, :, :]
    dominates = (diff > margin).all(axis=-1)  # dominates[k, i]: row k dominates row i
    return dominates.any(axis=0)


def reduce_strict(a: np.ndarray, b: np.ndarray, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Iteratively remove strictly dominated pure strategies of both players.

    Parameters
    ----------
    a, b
        Payoff matrices of players 1 and 2, shape ``(m, n)``; numbers or exact
        integers (int64 or object arrays of Python ints).
    margin
        Dominance must hold by more than ``margin`` in every column (``0`` for
        exact payoffs, the regret tolerance for float payoffs, so that nothing
        is removed on the strength of rounding noise).

    Returns
    -------
    rows, cols
        Indices (ascending) of the strategies that survive.
    """
    rows = np.arange(a.shape[0])
    cols = np.arange(a.shape[1])
    changed = True
    while changed:
        changed = False
        if len(rows) > 1:
            bad = dominated_rows(a[rows][:, cols], margin)
            if bad.any():
                rows = rows[~bad]
                changed = True
        if len(cols) > 1:
            bad = dominated_rows(b[rows][:, cols].T, margin)
            if bad.any():
                cols = cols[~bad]
                changed = True
    return rows, cols


def reduce_strict_lists(a: list[list], b: list[list], margin: float = 0) -> tuple[list[int], list[int]]:
    """:func:`reduce_strict` on nested lists, for small games (no numpy overhead)."""
    rows = list(range(len(a)))
    cols = list(range(len(a[0]))) if a else []
    changed = True
    while changed:
        changed = False
        if len(rows) > 1:
            keep = [
                i
                for i in rows
                if not any(all(a[k][j] - a[i][j] > margin for j in cols) for k in rows if k != i)
            ]
            if len(keep) < len(rows):
                rows, changed = keep, True
        if len(cols) > 1:
            keep = [
                j
                for j in cols
                if not any(all(b[i][k] - b[i][j] > margin for i in rows) for k in cols if k != j)
            ]
            if len(keep) < len(cols):
                cols, changed = keep, True
    return rows, cols

def reduce_strict_given(shape: Sequence[int], dominated: Callable[[int, list[int], list[list[int]]], Set[int]]) -> list[list[int]]:
    """Iterated strict dominance for any number of players, with the test supplied.

    ``dominated(player, keep, others)`` gives the strategies of ``player`` (among
    ``keep``) strictly dominated given the others' surviving strategies ``others``
    (the n-player solver's cached, exact-or-margin test built on :func:`dominated_rows`).
    Players are visited in turn until a full pass removes nothing. Returns the
    surviving strategies of each player, ascending.
    """
    keep = [list(range(k)) for k in shape]
    n = len(shape)
    changed = True
    while changed:
        changed = False
        for p in range(n):
            others = [keep[q] for q in range(n) if q != p]
            bad = dominated(p, keep[p], others)
            if bad:
                keep[p] = [s for s in keep[p] if s not in bad]
                changed = True
    return keep


def reduce_strict_batch(u: np.ndarray, margin: float) -> tuple[np.ndarray, ...]:
    """Iterated strict dominance by pure strategies for many games at once.

    ``u`` has shape ``(N, n, k_1, ..., k_n)`` (already on the scale ``margin`` is meant for);
    returns one boolean array ``(N, k_p)`` per player, True where the strategy survives.
    :func:`wedge_cli.solve.batch.dominance_batch` is the entry point and says why it is safe.
    """
    n_games, n = u.shape[0], u.shape[1]
    sizes = u.shape[2:]
    alive = [np.ones((n_games, k), dtype=bool) for k in sizes]
    changed = True
    while changed:
        changed = False
        for p in range(n):
            up = np.moveaxis(u[:, p], p + 1, 1)  # (N, k_p, others...)
            others = [q for q in range(n) if q != p]
            mask = np.ones((n_games,) + tuple(sizes[q] for q in others), dtype=bool)
            for ax, q in enumerate(others):
                shape = [n_games] + [1] * len(others)
                shape[ax + 1] = sizes[q]
                mask = mask & alive[q].reshape(shape)
            # diff[g, t, s, ...] = u(t, ...) - u(s, ...), ignored (+inf) where the others' profile is dead
            diff = up[:, :, None] - up[:, None, :]
            diff = np.where(mask[:, None, None], diff, np.inf)
            dominates = np.all(diff.reshape(n_games, sizes[p], sizes[p], -1) > margin, axis=-1)
            dominates &= alive[p][:, :, None]
            dead = np.any(dominates, axis=1) & alive[p]
            if dead.any():
                alive[p] = alive[p] & ~dead
                changed = True
    return tuple(alive)


def iterated_strict_dominance(game: Game, tol: float = 0.0) -> tuple[list[tuple[int, int, int, int]], list[list[int]]]:
    """Eliminate strictly dominated pure strategies until none is left.

    Parameters
    ----------
    game : Game
    tol : float
        For float games, ``s`` dominates ``t`` only if it is better by more
        than ``tol`` against every surviving profile of the others.

    Returns
    -------
    eliminated : list of (player, strategy, dominated_by, round)
        Indices in the original game; rounds start at 1.
    surviving : list of list of int
        The surviving strategy indices of each player.
    """
    payoffs = game.exact if game.exact is not None else game.payoffs
    alive = [list(range(k)) for k in game.shape]
    eliminated: list[tuple[int, int, int, int]] = []
    round_number = 0
    while True:
        round_number += 1
        sub = payoffs[np.ix_(range(game.n_players), *alive)]
        found = []
        for p in range(game.n_players):
            u = np.moveaxis(sub[p], p, 0)
            u = u.reshape(u.shape[0], -1)
            for t in range(u.shape[0]):
                for s in range(u.shape[0]):
                    if s == t:
                        continue
                    diff = u[s] - u[t]
                    if all(d > tol for d in diff):
                        found.append((p, alive[p][t], alive[p][s]))
                        break
        # a player keeps at least one strategy: never eliminate all of them
        removed_any = False
        for p, t, s in found:
            if len(alive[p]) > 1 and t in alive[p] and s in alive[p]:
                alive[p].remove(t)
                eliminated.append((p, t, s, round_number))
                removed_any = True
        if not removed_any:
            return eliminated, alive


# --------------------------------------------------------------------------
# Full analysis: domination by mixed strategies, weak dominance, certificates
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Domination:
    """One dominated strategy and a (mixed) strategy that dominates it.

    Attributes
    ----------
    player, strategy
        Indices in the game.
    by
        ``((strategy index, weight), ...)``: positive weights summing to 1, in
        strategy order; a single entry when a pure strategy dominates.
        Fractions for rational games, floats otherwise.
    round
        Round of iterated strict elimination (from 1); None for weak dominance.
    margin
        Strict: the smallest advantage of ``by`` over ``strategy`` against any
        remaining profile of the others (``> tol``). Weak: the largest
        advantage (the smallest is ``>= 0``).
    """

    player: int
    strategy: int
    by: tuple[tuple[int, Fraction | float], ...]
    round: int | None
    margin: Fraction | float

    @property
    def pure(self) -> bool:
        return len(self.by) == 1


@dataclass(frozen=True)
class DominanceAnalysis:
    """Iterated elimination of strictly dominated strategies, mixed dominators included.

    Attributes
    ----------
    eliminated
        In order of elimination (round, then player, then strategy).
    surviving
        Strategy indices of each player left at the end.
    weakly_dominated
        Strategies of the surviving game that are weakly dominated in it (not
        removed: iterated weak dominance depends on the order of removal).
    exact
        Every decision was made in exact rational arithmetic (or certified
        exactly). False for floating-point games, and when a game too large for
        the exact linear programs was checked for weak dominance in floats.
    """

    eliminated: tuple[Domination, ...]
    surviving: tuple[tuple[int, ...], ...]
    weakly_dominated: tuple[Domination, ...]
    exact: bool


def _player_matrix(payoffs: np.ndarray, player: int, alive: list[list[int]]) -> list[list]:
    """Rows: the player's remaining strategies; columns: remaining profiles of the others."""
    sub = payoffs[player][np.ix_(*alive)]
    u = np.moveaxis(sub, player, 0)
    return u.reshape(u.shape[0], -1).tolist()


def _float_matrix(payoffs: np.ndarray, player: int, alive: list[list[int]]) -> np.ndarray:
    """:func:`_player_matrix` of the float payoffs, as an array."""
    u = np.moveaxis(payoffs[player][np.ix_(*alive)], player, 0)
    return np.asarray(u, dtype=float).reshape(u.shape[0], -1)


def _screen(F: np.ndarray | None, i: int, margin, strict: bool) -> tuple[list[int] | None, list[int] | None]:
    """Float pre-screen of the quick exits of :func:`_strict_certificate` and :func:`_weak_certificate`.

    ``F`` is the float matrix of ``M``. Returns ``(columns, rows)``: the columns where row
    ``i`` may be a best reply (strict) or the unique best reply (weak) and the rows that may
    dominate it by pure strategy, each decided in floats beyond a rounding slack of ``1e-9``
    times the largest payoff, so the exact tests run only where floats cannot decide (a
    4-player 20-strategy game took 40 s in Fraction arithmetic). A column that certainly
    passes is returned alone, so the caller's exact test finds it first. ``(None, None)``
    without ``F``: test everything.
    """
    if F is None:
        return None, None
    m = float(margin)
    slack = 1e-9 * (1.0 + float(np.abs(F).max(initial=0.0)))
    if strict:
        best = F.max(axis=0)
        d = F[i] - best + m  # >= 0 where row i is a best reply within the margin
    else:
        rest = np.delete(F, i, axis=0)
        best = rest.max(axis=0) if len(rest) else np.full(F.shape[1], -np.inf)
        d = F[i] - best - m  # > 0 where row i is the unique best reply beyond the margin
    sure = np.flatnonzero(d > slack)
    if len(sure):
        return [int(sure[0])], None
    columns = [int(c) for c in np.flatnonzero(d >= -slack)]
    gaps = F - F[i]
    low, high = gaps.min(axis=1), gaps.max(axis=1)
    if strict:
        maybe = low > m - slack
    else:
        maybe = (low >= -m - slack) & (high > m - slack)
    return columns, [int(s) for s in np.flatnonzero(maybe)]


def _strict_certificate(M: list[list], i: int, margin,
                        F: np.ndarray | None = None) -> tuple[tuple[tuple[int, object], ...], object] | None:
    """A (mixed) row beating row ``i`` by more than ``margin`` in every column, or None.

    Pearce's lemma (Pearce 1984, *Econometrica* 52:1029-1050, Lemma 3): a
    strategy is strictly dominated by a mixed strategy iff it is never a best
    reply to a belief over the others' profiles. Hence the quick exit when row
    ``i`` is a best reply (within ``margin``) to some pure profile, and the
    linear program otherwise: the value of the zero-sum game with matrix
    ``D[s][c] = M[s][c] - M[i][c]`` (``s != i``) is the largest advantage any
    mix can guarantee; ``i`` is dominated iff it exceeds ``margin``.
    """

    k, C = len(M), len(M[0])
    columns, rows = _screen(F, i, margin, strict=True)
    for c in range(C) if columns is None else columns:
        if M[i][c] >= max(M[s][c] for s in range(k)) - margin:
            return None
    for s in range(k) if rows is None else rows:
        if s != i:
            gaps = [M[s][c] - M[i][c] for c in range(C)]
            if min(gaps) > margin:
                return ((s, _one(margin)),), min(gaps)
    others = [s for s in range(k) if s != i]
    game = matrix_game([[M[s][c] - M[i][c] for c in range(C)] for s in others])
    if not game.value > margin:
        return None
    return tuple((s, w) for s, w in zip(others, game.row) if w > 0), game.value


def _weak_certificate(M: list[list], i: int, margin, F: np.ndarray | None = None):
    """A (mixed) row never worse than row ``i`` and better somewhere (beyond ``margin``), or None.

    Returns ``(by, largest advantage, exact)`` or ``(None, None, exact)``.
    Quick exit: row ``i`` is the unique best reply to some pure profile; then
    every mix of the other rows is worse there.
    """

    k, C = len(M), len(M[0])
    columns, rows = _screen(F, i, margin, strict=False)
    for c in range(C) if columns is None else columns:
        if M[i][c] > max(M[s][c] for s in range(k) if s != i) + margin:
            return None, None, True
    for s in range(k) if rows is None else rows:
        if s != i:
            gaps = [M[s][c] - M[i][c] for c in range(C)]
            if min(gaps) >= -margin and max(gaps) > margin:
                return ((s, _one(margin)),), max(gaps), True
    others = [s for s in range(k) if s != i]
    found = weak_improvement([[M[s][c] - M[i][c] for c in range(C)] for s in others])
    if not found.total > 0:
        return None, None, found.exact
    gains = [sum(w * (M[s][c] - M[i][c]) for s, w in zip(others, found.mix) if w) for c in range(C)]
    if max(gains) <= margin or min(gains) < -margin:
        return None, None, found.exact
    return tuple((s, w) for s, w in zip(others, found.mix) if w > 0), max(gains), found.exact


def _one(margin):
    return Fraction(1) if isinstance(margin, Fraction) else 1.0


def dominance_analysis(game: Game, tol: float = 0.0, *, weak: bool = True,
                       budget: Budget | None = None) -> DominanceAnalysis:
    """Iterated elimination of strictly dominated strategies, by pure or mixed strategies.

    Works for any number of players: a strategy of player ``p`` is compared
    against every remaining profile of the others (a mixed strategy dominates
    iff it does so against every pure profile, payoffs being multilinear).
    In each round every strategy dominated in the game at the start of the
    round is removed; the certificate ``by`` is the first pure strategy (in
    file order) that dominates it, else an optimal mix from the linear program
    of :func:`_strict_certificate`. Iterated strict dominance removes the same
    strategies in any order (Gilboa, Kalai & Zemel 1990, *Math. Oper. Res.*
    15:163-179), and no removed strategy is used in any Nash equilibrium.

    Parameters
    ----------
    game
        Any concrete game. Rational games are decided exactly (``tol`` unused).
    tol
        Floating-point games only: dominance must hold by more than ``tol``
        (payoff units) against every profile, and weak dominance must be worse
        by no more than ``tol`` anywhere and better by more than ``tol``
        somewhere, so rounding noise never decides.
    weak
        Also flag weakly dominated strategies of the surviving game.
    budget
        Ticked once per strategy examined: the analysis stops with
        :class:`~wedge_cli.errors.GameTooLargeError` when it runs past it. None: no budget.

    Returns
    -------
    DominanceAnalysis
    """
    if game.exact is not None:
        payoffs, margin = game.exact, Fraction(0)
    else:
        payoffs, margin = game.payoffs, float(tol)
    n = game.n_players
    budget = budget if budget is not None else Budget(None)
    what = "the dominance analysis"
    alive = [list(range(k)) for k in game.shape]
    eliminated: list[Domination] = []
    round_number = 0
    while True:
        round_number += 1
        found: list[tuple[int, list[int], list]] = []
        for p in range(n):
            if len(alive[p]) < 2:
                continue
            M = _player_matrix(payoffs, p, alive)
            F = _float_matrix(game.payoffs, p, alive)
            rows = []
            for i in range(len(M)):
                budget.tick(what)
                cert = _strict_certificate(M, i, margin, F)
                if cert is not None:
                    rows.append((i, cert))
            if rows and len(rows) < len(M):
                found.append((p, rows, M))
        if not found:
            break
        for p, rows, _ in found:
            for i, (by, gap) in rows:
                eliminated.append(Domination(p, alive[p][i], tuple((alive[p][s], w) for s, w in by),
                                             round_number, gap))
        for p, rows, _ in found:
            gone = {i for i, _ in rows}
            alive[p] = [s for j, s in enumerate(alive[p]) if j not in gone]
    exact = game.exact is not None
    weakly: list[Domination] = []
    if weak:
        for p in range(n):
            if len(alive[p]) < 2:
                continue
            M = _player_matrix(payoffs, p, alive)
            F = _float_matrix(game.payoffs, p, alive)
            for i in range(len(M)):
                budget.tick(what)
                by, gap, certain = _weak_certificate(M, i, margin, F)
                exact = exact and certain
                if by is not None:
                    weakly.append(Domination(p, alive[p][i], tuple((alive[p][s], w) for s, w in by), None, gap))
    return DominanceAnalysis(tuple(eliminated), tuple(tuple(a) for a in alive), tuple(weakly), exact)
