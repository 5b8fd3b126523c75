"""Nash equilibria of concrete games: one entry point, one verification step.

>>> from wedge_cli.model import Game
>>> from wedge_cli.solve import solve
>>> sol = solve(Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]))
>>> len(sol.equilibria), sol.complete
(3, True)

Methods (see ``docs/solver.md``):

``auto``
    ``enumerate`` for 2 and 3 players, ``pure`` for more (the 3-player
    enumeration refuses larger games, see ``docs/nplayer.md``).
``enumerate``
    All extreme equilibria of a 2-player game, degenerate or not
    (:mod:`wedge_cli.solve.enumeration`); all equilibria of games with 3 or
    more players, mixed included (:mod:`wedge_cli.solve.nplayer`).
``pure``
    Pure-strategy equilibria of any game (:mod:`wedge_cli.solve.pure`).
``support-enumeration``, ``vertex-enumeration``, ``lemke-howson``
    nashpy's algorithms for 2 players (:mod:`wedge_cli.solve.external`);
    not guaranteed complete.

Every result passes :func:`wedge_cli.solve.verify.verify_candidates`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from wedge_cli.budget import COSTS, Budget
from wedge_cli.model import Game, SolveError
from wedge_cli.solve.enumeration import enumerate_candidates
from wedge_cli.solve import external
from wedge_cli.solve.nplayer import enumerate_equilibria
from wedge_cli.solve.pure import pure_candidates
from wedge_cli.solve.result import Equilibrium, Solution, SolverWarning
from wedge_cli.solve.verify import (
    Candidate,
    Verified,
    connected_components,
    default_tol,
    order_key,
    prob_tol,
    verify_candidates,
)

__all__ = [
    "METHODS",
    "Equilibrium",
    "Solution",
    "SolverWarning",
    "default_tol",
    "solve",
]

METHODS = ("auto", "enumerate", "pure", "support-enumeration", "vertex-enumeration", "lemke-howson")

_NASHPY_METHODS = ("support-enumeration", "vertex-enumeration", "lemke-howson")

_INCOMPLETE = {
    "support-enumeration": (
        "nashpy's support enumeration is not guaranteed to find every equilibrium: its best-reply "
        "test compares floats exactly and it returns one point per support pair, so in degenerate "
        "games it misses equilibria (nashpy issues #82, #222)"
    ),
    "vertex-enumeration": (
        "nashpy's vertex enumeration is not guaranteed to find every equilibrium: it relies on "
        "floating-point halfspace intersection, which can lose or duplicate the vertices of "
        "degenerate best-response polytopes"
    ),
    "lemke-howson": (
        "Lemke-Howson finds at most one equilibrium per initial dropped label, so it can miss "
        "equilibria (in particular those it cannot reach, and continua in degenerate games)"
    ),
}


def solve(game: Game, method: str = "auto", tol: float | None = None,
          budget: Budget | float | None = None) -> Solution:
    """Find and verify the Nash equilibria of a game.

    Parameters
    ----------
    game
        Any concrete game (:class:`wedge_cli.model.Game`).
    method
        One of :data:`METHODS`; ``auto`` is ``enumerate`` for 2 and 3 players
        and ``pure`` otherwise.
    tol
        Regret tolerance in payoff units; default :func:`default_tol`.
        Rational games are verified exactly whatever ``tol`` is; ``tol`` then
        only matters for floating-point preselection.
    budget
        A :class:`wedge_cli.budget.Budget` or a number of seconds (default
        :data:`wedge_cli.budget.DEFAULT_SECONDS`; ``math.inf`` for none). The work
        is estimated before it starts and refused when it would not fit; a run
        that overruns its estimate is stopped at the budget.

    Returns
    -------
    Solution

    Raises
    ------
    SolveError
        Unknown method, a 2-player-only method on another game, or a bad ``tol``.
    GameTooLargeError
        The estimated work exceeds ``budget`` (or the work ran past it), or
        ``enumerate`` would exceed its documented limits.
    """
    if method not in METHODS:
        raise SolveError(f"unknown solver method {method!r}", hint=f"choose one of: {', '.join(METHODS)}")
    if tol is None:
        tol = default_tol(game)
    elif not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise SolveError(f"tolerance must be a finite number >= 0, got {tol!r}", hint="e.g. --tol 1e-9")
    tol = float(tol)
    budget = Budget.of(budget)
    n = game.n_players
    if method == "auto":
        method = "enumerate" if n in (2, 3) else "pure"
    if method in _NASHPY_METHODS and n != 2:
        raise SolveError(
            f"method {method!r} works on 2-player games only; this game has {n} player(s)",
            hint="use the default method (auto), which finds all equilibria of 2- and 3-player games",
        )
    if method == "enumerate" and n == 1:
        raise SolveError("method 'enumerate' needs 2 or more players; this game has 1",
                         hint="use the default method (auto), which lists a single player's best choices")
    if method == "enumerate" and math.prod(game.shape) > 1 and indifferent(game):
        return _solve_indifferent(game, tol)
    if method == "enumerate" and n >= 3:
        return _solve_nplayer(game, tol, budget)
    if method == "enumerate":
        return _solve_enumerate(game, tol)
    if method == "pure":
        budget.require(COSTS["pure_cell"] * game.payoffs.size,
                       f"searching the {math.prod(game.shape):,} pure profiles of this game")
        return _solve_pure(game, tol)
    return _solve_nashpy(game, method, tol)


def indifferent(game: Game) -> bool:
    """True when no player's payoff depends on its own strategy (every profile is an equilibrium).

    Compared exactly for rational games, as floats otherwise.
    """
    arrays = game.exact if game.exact is not None else game.payoffs
    for p in range(game.n_players):
        u = arrays[p]
        first = np.take(u, [0], axis=p)
        if not (u == first).all():
            return False
    return True


def _solve_indifferent(game: Game, tol: float) -> Solution:
    """A game in which no player's payoff depends on its own strategy: the whole strategy space.

    Every profile, mixed or pure, is an equilibrium, so the equilibrium set is the product of
    the simplices: one component whose extreme points are the pure profiles. Enumerating
    supports would solve every one of them and find continua everywhere (a 5x5x5 game of
    zeros took over ten minutes); the answer is known without solving anything.
    """

    found = pure_candidates(game, tol)
    verified = verify_candidates(game, found.candidates, tol)
    equilibria = verified.equilibria
    total = math.prod(game.shape)
    listed = "" if len(equilibria) == total else (
        f"; only the first {len(equilibria):,} (in strategy order) are listed")
    warnings = [
        SolverWarning(
            "degenerate",
            "degenerate game: no player's payoff depends on its own strategy, so every strategy profile, pure or "
            f"mixed, is an equilibrium and there are infinitely many; the {total:,} equilibria listed (the pure "
            "profiles) are the extreme points of 1 connected component, the whole strategy space" + listed,
        )
    ]
    return Solution(
        game=game,
        method="enumerate",
        complete=len(equilibria) == total,
        degenerate=True,
        equilibria=equilibria,
        components=(tuple(range(len(equilibria))),) if equilibria else (),
        warnings=tuple(warnings),
        tol=tol,
        pure_only=False,
    )


def _unequal_supports(equilibria: Sequence[Equilibrium]) -> bool:
    return any(len({len(s) for s in eq.support}) > 1 for eq in equilibria)


def _names(game: Game, player: int, indices) -> str:
    return ", ".join(game.players[player].strategies[i] for i in indices)


def _dominated_removed(game: Game, kept) -> SolverWarning | None:
    """The ``dominated_removed`` note naming, per player, the strategies removed before solving."""
    parts = []
    for p, keep in enumerate(kept):
        gone = [i for i in range(game.shape[p]) if i not in set(keep)]
        if gone:
            parts.append(f"{game.players[p].name}: {_names(game, p, gone)}")
    if not parts:
        return None
    return SolverWarning(
        "dominated_removed",
        "removed strictly dominated strategies before solving (they are never played in any "
        f"equilibrium): {'; '.join(parts)}",
    )


def _degenerate_message(count: int, components: tuple[tuple[int, ...], ...]) -> str:
    continua = sum(1 for c in components if len(c) > 1)
    text = (
        f"degenerate game (tied best replies): the {count} equilibri{'um' if count == 1 else 'a'} listed "
        f"{'is' if count == 1 else 'are'} the extreme points of {len(components)} connected "
        f"component{'' if len(components) == 1 else 's'} of the equilibrium set"
    )
    if continua:
        text += (
            f"; {continua} component{' has' if continua == 1 else 's have'} several extreme points, and mixing "
            "two of them that share one player's strategy gives further equilibria, so there are infinitely many"
        )
    else:
        text += "; each is isolated, but other methods may miss some of them"
    return text


def _solve_enumerate(game: Game, tol: float) -> Solution:

    found = enumerate_candidates(game, tol)
    verified = verify_candidates(game, found.candidates, tol)
    equilibria = verified.equilibria
    components = connected_components(equilibria, prob_tol(game, tol))
    degenerate = found.degenerate_vertex or verified.tied or _unequal_supports(equilibria)
    warnings: list[SolverWarning] = []
    removed = _dominated_removed(game, (found.rows.tolist(), found.cols.tolist()))
    if removed is not None:
        warnings.append(removed)
    if degenerate:
        warnings.append(SolverWarning("degenerate", _degenerate_message(len(equilibria), components)))
    if verified.rejected and game.exact is None:
        warnings.append(_not_verified(verified, "vertex enumeration"))
    return Solution(
        game=game,
        method="enumerate",
        complete=True,
        degenerate=degenerate,
        equilibria=equilibria,
        components=components,
        warnings=tuple(warnings),
        tol=tol,
        pure_only=False,
    )


def _solve_nplayer(game: Game, tol: float, budget: Budget | None = None) -> Solution:
    """All equilibria of a game with 3 or more players (:mod:`wedge_cli.solve.nplayer`).

    Rationally certified profiles are verified exactly; irrational ones (roots
    of polynomials) are verified in floats against ``tol`` on the same game.
    """

    found = enumerate_equilibria(game.payoffs, game.exact, tol, budget=budget)
    float_game = Game(game.players, game.payoffs.copy(), None, game.title)
    checked: list[tuple[Equilibrium, int]] = []
    rejected: list[Verified] = []
    for i, profile in enumerate(found.profiles):
        exact = found.exact[i]
        if exact is not None and game.exact is not None:
            verified = verify_candidates(game, [Candidate(exact=exact)], tol)
        else:
            verified = verify_candidates(float_game, [Candidate(strategies=profile)], tol)
        if not verified.equilibria:
            rejected.append(verified)
            continue
        eq = verified.equilibria[0]
        if found.closed_forms[i] is not None and eq.exact is None:
            eq = Equilibrium(eq.strategies, None, eq.payoffs, None, eq.regret, eq.strict, found.closed_forms[i])
        checked.append((eq, i))
    checked.sort(key=lambda pair: order_key(pair[0]))
    position = {original: new for new, (_, original) in enumerate(checked)}
    components = tuple(sorted(
        tuple(sorted(position[i] for i in group if i in position))
        for group in found.components if any(i in position for i in group)
    ))
    equilibria = tuple(eq for eq, _ in checked)
    warnings: list[SolverWarning] = [SolverWarning("solver_note", note) for note in found.notes]
    removed = _dominated_removed(game, found.kept)
    if removed is not None:
        warnings.insert(0, removed)
    if found.degenerate:
        warnings.append(SolverWarning("degenerate", _degenerate_message(len(equilibria), components)))
    if rejected:
        count = sum(v.rejected for v in rejected)
        warnings.append(SolverWarning(
            "not_verified", f"{count} candidate{'' if count == 1 else 's'} failed verification and "
            f"{'was' if count == 1 else 'were'} dropped"))
    if not found.complete:
        warnings.append(SolverWarning(
            "incomplete_method",
            "the search could not certify that every equilibrium was found (see the notes above); "
            "the list may be incomplete"))
    return Solution(
        game=game,
        method="enumerate",
        complete=found.complete and not rejected,
        degenerate=found.degenerate,
        equilibria=equilibria,
        components=components,
        warnings=tuple(warnings),
        tol=tol,
        pure_only=False,
    )


def _not_verified(verified: Verified, source: str) -> SolverWarning:
    count = verified.rejected
    if math.isinf(verified.max_rejected_regret):
        why = "some were not valid probability vectors"
    else:
        why = f"largest regret {verified.max_rejected_regret:.3g}; rational games must verify exactly, with zero regret"
    return SolverWarning(
        "not_verified",
        f"{count} candidate{'' if count == 1 else 's'} from {source} failed verification and "
        f"{'was' if count == 1 else 'were'} dropped ({why})",
    )


def _solve_pure(game: Game, tol: float) -> Solution:

    found = pure_candidates(game, tol)
    verified = verify_candidates(game, found.candidates, tol)
    equilibria = verified.equilibria
    n = game.n_players
    warnings: list[SolverWarning] = []
    single = n == 1
    if not single:
        if n <= 3:
            text = (
                "only pure-strategy equilibria were searched (method 'pure'); "
                "the default method also finds mixed ones"
            )
        else:
            text = (
                "only pure-strategy equilibria were searched: "
                f"mixed equilibria of {n}-player games are not searched (the enumeration handles "
                "up to 3 players)"
            )
        if not equilibria:
            text += "; this game has no pure equilibrium, so all of its equilibria are mixed"
        warnings.append(SolverWarning("pure_only", text))
    if found.found > len(found.candidates):
        warnings.append(
            SolverWarning(
                "truncated",
                f"{found.found:,} pure profiles pass the equilibrium test; only the first "
                f"{len(found.candidates):,} (in strategy order) were verified and listed",
            )
        )
    if found.degenerate:
        warnings.append(
            SolverWarning(
                "degenerate",
                "degenerate game (tied best replies): some player has several best replies to some "
                "choice of the others, so equilibria may not be isolated",
            )
        )
    if verified.rejected and game.exact is None:
        warnings.append(_not_verified(verified, "the pure-profile search"))
    return Solution(
        game=game,
        method="pure",
        complete=single and found.found == len(found.candidates),
        degenerate=found.degenerate,
        equilibria=equilibria,
        components=connected_components(equilibria, prob_tol(game, tol)),
        warnings=tuple(warnings),
        tol=tol,
        pure_only=not single,
    )


def _solve_nashpy(game: Game, method: str, tol: float) -> Solution:

    run = external.nashpy_candidates(game, method)
    verified = verify_candidates(game, run.candidates, tol)
    equilibria = verified.equilibria
    warnings = [
        SolverWarning("incomplete_method", _INCOMPLETE[method] + "; use the default method for all extreme equilibria")
    ]
    warnings.extend(SolverWarning("nashpy_warning", f"nashpy: {m}") for m in run.messages)
    warnings.extend(SolverWarning("method_failed", f"nashpy {e}") for e in run.errors)
    if verified.rejected:
        warnings.append(_not_verified(verified, f"nashpy's {method}"))
    degenerate = verified.tied or _unequal_supports(equilibria)
    components = connected_components(equilibria, prob_tol(game, tol))
    if degenerate:
        warnings.append(
            SolverWarning(
                "degenerate",
                "degenerate game (tied best replies): "
                + ("this method may miss equilibria here; " if method != "vertex-enumeration" else "")
                + "use the default method to list every extreme equilibrium and its component",
            )
        )
    return Solution(
        game=game,
        method=method,
        complete=False,
        degenerate=degenerate,
        equilibria=equilibria,
        components=components,
        warnings=tuple(warnings),
        tol=tol,
        pure_only=False,
    )
