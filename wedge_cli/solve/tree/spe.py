"""Subgame-perfect equilibria of trees with imperfect information: subgames solved bottom-up.

The tree is cut into subgames (:mod:`~wedge_cli.solve.tree.subgames`). From the last
to the first, each subgame is solved with its nested subgames already replaced by one
of their equilibrium values:

* a subgame whose root's children all start subgames (or are terminals) is one move:
  the mover's best actions, ties kept, or chance's average
  (:func:`~wedge_cli.solve.tree.values.settle`, as for perfect information);
* any other subgame goes through its reduced strategic form and the normal-form
  solvers (:func:`wedge_cli.solve.solve`: all extreme equilibria for 2 players, all
  equilibria for 3, pure ones only for more), once for each combination of its nested
  subgames' values; each equilibrium becomes behaviour strategies (Kuhn) on the
  subgame's own information sets.

Every way of choosing one equilibrium in every subgame consistently is a subgame-perfect
equilibrium; they are listed as for perfect information
(:mod:`~wedge_cli.solve.tree.enumeration`). Each equilibrium of a subgame's strategic
form has been verified by the normal-form solver, and the combinations are checked
again in every subgame before they are reported
(:func:`~wedge_cli.solve.tree.credibility.subgame_threats`), as many as
:data:`CHECK_BUDGET` allows (all of them, for trees of a few thousand nodes; at least
the first, for trees up to 400,000 node-player pairs).
"""

from __future__ import annotations

import itertools

from wedge_cli.errors import SolveError
from wedge_cli.solve.tree.behavior import chance_behavior, equilibrium, one_hot, play
from wedge_cli.solve.tree.credibility import subgame_threats
from wedge_cli.solve.tree.nash import strategic_equilibria
from wedge_cli.solve.tree.enumeration import enumerate_plays
from wedge_cli.solve.tree.perfect import amount, listing_cap, tie_warning
from wedge_cli.solve.tree.result import Tie, TreeEquilibrium
from wedge_cli.solve.tree.strategic import check_recall
from wedge_cli.solve.tree.subgames import Truncation, nearest_roots, subgame_roots, truncate
from wedge_cli.solve.tree.values import MAX_OPTIONS, ValueSets, group, indifferences, node_numbers, settle
from wedge_cli.tree import CHANCE, Tree

__all__ = ["MAX_SUBGAME_SOLVES", "solve_by_subgames", "truncation_equilibria"]

MAX_SUBGAME_SOLVES = 2000
"""Most strategic forms solved for one tree (one per subgame and combination of nested values)."""

CHECK_BUDGET = 400_000
"""Node-player visits spent checking listed equilibria in every subgame; past it the rest are listed unchecked."""


def truncation_equilibria(cut: Truncation, tol: float) -> tuple[list[tuple[tuple, dict]], list[dict], bool, bool]:
    """The Nash equilibria of a truncated subgame: ``(value, behaviour)`` pairs, warnings, complete, degenerate.

    ``behaviour`` maps each original decision infoset of the subgame to its
    ``(float probabilities, exact probabilities or None)``; ``value`` is the payoff
    vector at the subgame's root (exact numbers when the equilibrium is rational).
    """
    small = cut.tree
    found, solution = strategic_equilibria(small, tol, (0,))
    out = []
    for floats, exact_b in found:
        reached = play(small, floats, exact_b)
        behaviour = {cut.infosets[k]: (floats[k], exact_b[k] if exact_b is not None else None)
                     for k, info in enumerate(small.infosets) if info.player is not None}
        out.append((_value(reached), behaviour))
    if solution is None:
        return out, [], True, False
    warnings = [{"code": w.code, "message": w.message} for w in solution.warnings]
    return out, warnings, solution.complete, solution.degenerate


def _value(reached) -> tuple:
    return reached.exact_payoffs if reached.exact_payoffs is not None else reached.payoffs


def solve_by_subgames(tree: Tree, tol: float, max_equilibria: int) -> dict:
    """The subgame-perfect equilibria of a tree with perfect recall, by subgames; a dict of TreeSolution fields."""
    check_recall(tree)
    skeleton = tree.skeleton
    nodes, infosets = tree.nodes, tree.infosets
    roots = subgame_roots(skeleton)
    is_root = set(roots)
    nearest = nearest_roots(skeleton, roots)
    nested: dict[int, list[int]] = {r: [] for r in roots}
    for r in roots[1:]:
        nested[nearest[nodes[r].parent]].append(r)
    exact = tree.is_exact
    outcome, probabilities = node_numbers(tree, exact, scaled=False)
    zero = tuple(0 if exact else 0.0 for _ in range(tree.n_players))
    n = len(nodes)
    sets = ValueSets([None] * n, [None] * n, [-1] * n, [None] * n)
    for t in skeleton.terminals:
        sets.values[t] = [outcome[t] if outcome[t] is not None else zero]
        sets.counts[t] = [1]
    simple = {r for r in roots if len(infosets[nodes[r].infoset].nodes) == 1
              and all(c in is_root or not nodes[c].children for c in nodes[r].children)}
    slot_of = {r: (nodes[r].children if r in simple else tuple(nested[r])) for r in roots}
    notes: dict[str, list[str]] = {}
    solves, cut_short, complete_ok, degenerate = 0, False, True, False
    for r in reversed(roots):
        node = nodes[r]
        if r in simple:
            mover = infosets[node.infoset].player
            chance = probabilities[node.infoset] if node.kind == CHANCE else None
            settle(sets, r, node.children, mover, chance, outcome[r], exact, tol)
            continue
        kids = nested[r]
        payload: list[dict] = []
        found: list[tuple] = []
        combos = itertools.product(*(range(len(sets.values[s])) for s in kids))
        for count, combo in enumerate(combos):
            if solves >= MAX_SUBGAME_SOLVES or count >= MAX_OPTIONS:
                cut_short = True
                break
            solves += 1
            cut = truncate(tree, r, kids, {s: sets.values[s][u] for s, u in zip(kids, combo)})
            equilibria, said, whole, tied = truncation_equilibria(cut, tol)
            complete_ok = complete_ok and whole
            degenerate = degenerate or tied
            for note in said:
                notes.setdefault(note["code"], []).append(note["message"])
            for value, behaviour in equilibria:
                payload.append(behaviour)
                found.append((value, (len(payload) - 1, tuple((u,) for u in combo))))
        if not found:  # only when pure equilibria alone were searched (4 or more players)
            raise SolveError(f"the subgame at {_where(tree, r)} has no pure-strategy equilibrium, and mixed ones "
                             "are searched for 2 and 3 players only", hint="reduce the number of players who move "
                             "in that subgame, or use --concept nash")
        sets.payload[r] = payload
        group(sets, r, kids, found, found[0][1], None)
    sets.truncated.extend([-1] if cut_short else [])
    warnings = _summary(notes)
    return _listed(tree, sets, roots, simple, slot_of, tol, max_equilibria, warnings, complete_ok, degenerate)


def _summary(notes: dict[str, list[str]]) -> list[dict]:
    """One warning per code from the strategic forms of the subgames (which can be many)."""
    out = []
    for code, messages in notes.items():
        if code == "dominated_removed":
            continue  # about the internal strategic form, not the tree
        if code == "degenerate":
            message = (f"{len(messages)} subgame(s) solved through the strategic form are degenerate (tied best "
                       "replies): their equilibria listed are the extreme points of the equilibrium sets, and "
                       "mixing them gives further ones")
        elif len(set(messages)) == 1:
            message = f"in {len(messages)} subgame(s): {messages[0]}"
        else:
            message = f"in {len(messages)} subgames, e.g.: {messages[0]}"
        out.append({"code": code, "message": message})
    return out


def _listed(tree: Tree, sets: ValueSets, roots: tuple[int, ...], simple: set[int], slot_of: dict, tol: float,
            max_equilibria: int, warnings: list[dict], complete_ok: bool, degenerate: bool) -> dict:
    nodes = tree.nodes
    exact = tree.is_exact
    floats, exacts = chance_behavior(tree, exact)

    def apply(r: int, tag: int) -> None:
        if r in simple:
            if nodes[r].kind == CHANCE:
                return
            k = nodes[r].infoset
            size = len(nodes[r].actions)
            floats[k] = one_hot(size, tag)
            if exacts is not None:
                exacts[k] = one_hot(size, tag, True)
            return
        for k, (f, q) in sets.payload[r][tag].items():
            floats[k] = f
            if exacts is not None:
                exacts[k] = q

    for r in roots:
        if sets.options[r] is None:
            apply(r, max(sets.base[r], 0))
    cap = listing_cap(tree, max_equilibria)
    equilibria: list[TreeEquilibrium] = []
    dropped = 0
    spent, check_cost = 0, len(nodes) * tree.n_players
    for assigned, start in enumerate_plays(sets, lambda i: slot_of[i]):
        if len(equilibria) == cap:
            break
        for r, tag in assigned[start:]:
            apply(r, tag)
        exact_now = tuple(exacts) if exacts is not None and all(e is not None for e in exacts) else None
        spent += check_cost
        if spent <= CHECK_BUDGET:
            threats, _ = subgame_threats(tree, tuple(floats), exact_now, roots, tol)
            if threats:
                dropped += 1
                continue
        equilibria.append(equilibrium(tree, tuple(floats), exact_now))
    count = sum(sets.counts[0])
    ties = _ties(tree, sets, simple, slot_of, tol)
    if dropped:
        warnings.append({"code": "not_verified", "message": f"{dropped} combination(s) of subgame equilibria failed "
                                                            "the check in every subgame and were dropped"})
    if count > len(equilibria) + dropped:
        warnings.append({"code": "truncated", "message": f"the tree has {amount(count)} subgame-perfect equilibria "
                                                         "made of its subgames' equilibria; only the first "
                                                         f"{len(equilibria):,} are listed"})
    if sets.truncated:
        warnings.append({"code": "truncated", "message": "too many combinations of subgame equilibria to solve them "
                                                         "all; the equilibria listed are subgame perfect, but others "
                                                         "are not listed"})
    if ties:
        warnings.append(tie_warning(tree, ties))
    complete_all = complete_ok and not sets.truncated and count <= len(equilibria) + dropped and not dropped
    return {"equilibria": tuple(equilibria), "complete": complete_all, "degenerate": degenerate or bool(ties),
            "ties": ties, "warnings": tuple(warnings), "count": count, "subgames": roots}


def _where(tree: Tree, i: int) -> str:
    name = tree.nodes[i].name
    return f"node {name!r}" if name else f"node {i}"


def _ties(tree: Tree, sets: ValueSets, simple: set[int], slot_of: dict, tol: float) -> tuple[Tie, ...]:
    """Single decision nodes (one-move subgames) where the mover is indifferent in some subgame-perfect play."""
    nodes = tree.nodes
    seen = indifferences(tree, sets, tol, lambda i: i in simple and nodes[i].kind != CHANCE, lambda i: slot_of[i])
    return tuple(Tie(i, tuple(nodes[i].actions[a] for a in sorted(seen[i]))) for i in sorted(seen))
