"""Pure-strategy Nash equilibria of an n-player game by vectorised enumeration.

A pure profile ``s`` is an equilibrium when, for every player ``p``,
``u_p(s) >= max_t u_p(t, s_-p) - tol``. For each player the maximum over its own
axis is one numpy reduction, so all ``k_1 * ... * k_n`` profiles are checked
at once. For rational games the float test only preselects candidates with a
generous tolerance; :mod:`wedge_cli.solve.verify` then decides exactly, so
exact ties count as ties.

Degeneracy (n players): some player has two or more pure best replies to some
profile of the others (within ``tol``; exactly for rational games).
"""

from __future__ import annotations

from dataclasses import dataclass
import numpy as np

from wedge_cli.model import Game
from wedge_cli.solve.verify import Candidate

#: Relative preselection tolerance for rational games (the exact check decides).
_LOOSE_RTOL = 1e-7
#: Most pure equilibria listed; a game with more (e.g. constant payoffs) is truncated.
MAX_PURE_EQUILIBRIA = 10_000


@dataclass(frozen=True)
class PureSearch:
    """Candidate pure profiles (to be verified) and whether the game has tied best replies.

    ``found`` counts every profile that passed the float screen; only the first
    :data:`MAX_PURE_EQUILIBRIA` (in lexicographic profile order) are candidates.
    """

    candidates: tuple[Candidate, ...]
    degenerate: bool
    found: int


def _loose_tol(game: Game, tol: float) -> float:
    scale = max(1.0, float(np.max(np.abs(game.payoffs)))) if game.payoffs.size else 1.0
    return max(tol, _LOOSE_RTOL * scale)


def _unit(k: int, i: int) -> np.ndarray:
    out = np.zeros(k)
    out[i] = 1.0
    return out


def _exact_tie(game: Game, p: int, where: np.ndarray) -> bool:
    """Whether a near-tie found in floats is an exact tie of two best replies."""
    for others in where:
        index = tuple(others[:p]) + (slice(None),) + tuple(others[p:])
        values = list(game.exact[p][index])
        best = max(values)
        if sum(1 for v in values if v == best) > 1:
            return True
    return False


def pure_candidates(game: Game, tol: float) -> PureSearch:
    """Pure profiles that are equilibria within tolerance, and the tie test.

    Parameters
    ----------
    game
        Any number of players.
    tol
        Regret tolerance in payoff units.
    """
    exact = game.exact is not None
    screen = _loose_tol(game, tol) if exact else tol
    ok = np.ones(game.shape, dtype=bool)
    degenerate = False
    for p in range(game.n_players):
        u = game.payoffs[p]
        best = u.max(axis=p, keepdims=True)
        near = u >= best - screen
        ok &= near
        if degenerate:
            continue
        n_best = near.sum(axis=p)
        if exact:
            where = np.argwhere(n_best > 1)
            degenerate = len(where) > 0 and _exact_tie(game, p, where)
        else:
            degenerate = bool((n_best > 1).any())
    profiles = np.argwhere(ok)
    candidates = []
    for profile in profiles[:MAX_PURE_EQUILIBRIA].tolist():
        if exact:
            units = tuple((tuple(int(i == s) for i in range(k)), 1) for s, k in zip(profile, game.shape))
            cand = Candidate(rational=units)
        else:
            cand = Candidate(strategies=tuple(_unit(k, s) for s, k in zip(profile, game.shape)))
        candidates.append(cand)
    return PureSearch(tuple(candidates), degenerate, len(profiles))
