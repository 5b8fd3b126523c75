"""Every Nash equilibrium of a tree through its reduced strategic form, each marked subgame perfect or not.

The tree's reduced strategic form (:mod:`~wedge_cli.solve.tree.strategic`) is solved
with the normal-form solvers (:func:`wedge_cli.solve.solve`: every extreme equilibrium
for 2 players, every equilibrium for 3, pure ones for more), restricted to the players
who move. Each equilibrium becomes behaviour strategies (Kuhn's theorem; information
sets the player's own moves rule out get a best reply there,
:func:`~wedge_cli.solve.tree.credibility.complete`) and is then checked in every
subgame: one that is a Nash equilibrium of the whole tree but not of some subgame rests
on a threat that is not credible, and the check says where
(:class:`~wedge_cli.solve.tree.result.Threat`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wedge_cli.model import Game
from wedge_cli.solve import solve
from wedge_cli.solve.result import Equilibrium
from wedge_cli.solve.tree.behavior import chance_behavior, equilibrium
from wedge_cli.solve.tree.credibility import complete, subgame_threats
from wedge_cli.solve.tree.result import TreeEquilibrium
from wedge_cli.solve.tree.strategic import ReducedForm, behavior_from_mixed, check_recall, reduced_form
from wedge_cli.solve.tree.subgames import subgame_roots
from wedge_cli.solve.verify import default_tol
from wedge_cli.tree import Tree

__all__ = ["active_game", "equilibrium_behavior", "movers", "solve_nash", "strategic_equilibria"]


def movers(tree: Tree) -> list[int]:
    """The players who move somewhere in the tree, in player order."""
    return sorted({info.player for info in tree.infosets if info.player is not None})


def active_game(game: Game, active: Sequence[int]) -> Game:
    """The strategic form restricted to the players who move (the others have one strategy each)."""
    active = list(active)
    drop = tuple(p + 1 for p in range(game.n_players) if p not in active)
    payoffs = np.squeeze(game.payoffs[active], axis=drop)
    exact = np.squeeze(game.exact[active], axis=drop) if game.exact is not None else None
    return Game(tuple(game.players[p] for p in active), np.array(payoffs, dtype=float),
                np.array(exact, dtype=object) if exact is not None else None, game.title)


def equilibrium_behavior(tree: Tree, form: ReducedForm, active: Sequence[int], eq: Equilibrium,
                         roots: Sequence[int], tol: float = 0.0, search: int = 0) -> tuple[list, list | None]:
    """A normal-form equilibrium of the active players' game as behaviour strategies on the tree.

    Exact when the equilibrium and the tree are rational. Information sets the
    strategy leaves open are filled with a best reply, trying up to ``search`` ways to
    make the profile subgame perfect (:func:`~wedge_cli.solve.tree.credibility.complete`).
    """
    n = tree.n_players
    use_exact = eq.exact is not None and tree.is_exact
    strategies: list = [[1.0]] * n
    exacts: list = [[1]] * n
    for j, p in enumerate(active):
        strategies[p] = list(eq.strategies[j])
        if use_exact:
            exacts[p] = list(eq.exact[j])
    floats, exact_b, open_ = behavior_from_mixed(tree, form, strategies, exacts if use_exact else None)
    if open_:
        floats, exact_b = complete(tree, floats, exact_b, open_, roots, tol, search)
    return floats, exact_b


COMPLETIONS = 64
"""Most ways of completing one Nash equilibrium tried in search of a subgame-perfect one (concept nash)."""


def strategic_equilibria(tree: Tree, tol: float, roots: Sequence[int], search: int = 0, method: str = "auto",
                         budget=None):
    """Solve the tree's reduced strategic form; yield each equilibrium as behaviour, then return the solution.

    Returns ``(behaviours, solution)``: ``behaviours`` a list of ``(floats, exact)``
    without repeats (different mixtures can be the same behaviour), ``solution`` the
    normal-form :class:`~wedge_cli.solve.result.Solution` (None when nobody moves).
    ``search`` as in :func:`~wedge_cli.solve.tree.credibility.complete`; ``method`` and
    ``budget`` go to :func:`wedge_cli.solve.solve`.
    """
    active = movers(tree)
    if not active:
        floats, exacts = chance_behavior(tree, tree.is_exact)
        return [(floats, exacts)], None
    form = reduced_form(tree)
    game = active_game(form.game, active)
    solution = solve(game, method=method, tol=max(tol, default_tol(game)), budget=budget)
    found, seen = [], set()
    for eq in solution.equilibria:
        floats, exact_b = equilibrium_behavior(tree, form, active, eq, roots, tol, search)
        key = tuple(exact_b) if exact_b is not None else tuple(tuple(round(x, 12) for x in b) for b in floats)
        if key not in seen:
            seen.add(key)
            found.append((floats, exact_b))
    return found, solution


def solve_nash(tree: Tree, tol: float, max_equilibria: int, method: str = "auto", budget=None) -> dict:
    """All Nash equilibria of the tree (extreme ones for 2 players), each checked in every subgame; TreeSolution fields."""
    check_recall(tree)
    roots = subgame_roots(tree.skeleton)
    found, solution = strategic_equilibria(tree, tol, roots, COMPLETIONS, method, budget)
    equilibria: list[TreeEquilibrium] = []
    for floats, exact_b in found[:max_equilibria]:
        threats, _ = subgame_threats(tree, floats, exact_b, roots, tol)
        equilibria.append(equilibrium(tree, tuple(floats), tuple(exact_b) if exact_b is not None else None,
                                      subgame_perfect=not threats, not_credible=threats))
    warnings = [{"code": w.code, "message": w.message} for w in solution.warnings] if solution is not None else []
    if len(found) > max_equilibria:
        warnings.append({"code": "truncated", "message": f"the tree has {len(found):,} Nash equilibria (as behaviour "
                                                         f"strategies); only the first {max_equilibria:,} are listed"})
    not_perfect = sum(1 for eq in equilibria if not eq.subgame_perfect)
    if not_perfect:
        warnings.append({"code": "not_subgame_perfect",
                         "message": f"{not_perfect} of the {len(equilibria)} Nash equilibria listed rest on threats "
                                    "that are not credible (a player would not carry them out if the moment came); "
                                    "see not_credible"})
    complete_all = (solution.complete if solution is not None else True) and len(found) <= max_equilibria
    return {"equilibria": tuple(equilibria), "complete": complete_all,
            "degenerate": bool(solution.degenerate) if solution is not None else False,
            "warnings": tuple(warnings), "subgames": roots, "count": len(found)}
