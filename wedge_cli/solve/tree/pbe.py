"""Perfect Bayesian equilibria of game trees in pure behaviour strategies, with the beliefs that support them.

An *assessment* is a pure behaviour profile and, at every information set, a belief:
a probability for each of its nodes. It is a perfect Bayesian equilibrium (PBE) here when

1. at every decision information set, the mover's choice is a best continuation given
   its belief there and the others' strategies: no continuation strategy of its own
   (not only a one-shot deviation) pays more in expectation (sequential rationality;
   ties allowed, compared exactly for rational trees, within ``tol`` otherwise);
2. beliefs follow Bayes' rule at every information set that the profile reaches with
   positive probability from the root of the smallest subgame containing it (the
   whole tree, for most), so every PBE is subgame perfect;
3. at the other information sets (*off the path*) beliefs are free: the profile is a
   PBE when some belief supports each choice there, and the whole set of supporting
   beliefs is reported (:class:`~wedge_cli.solve.tree.result.BeliefSet`), as linear
   inequalities in the belief and, for two nodes, as an interval.

This is the weak PBE of Mas-Colell, Whinston & Green (1995, Definition 9.C.3) made
subgame perfect, as in Fudenberg & Tirole (1991, Section 8.2) for multi-stage games;
in signalling games it coincides with sequential equilibrium. Every pure profile is
examined (up to :data:`MAX_PROFILES`), so the list is complete for pure strategies.
In signalling games with two types and rational numbers the mixed (hybrid,
semi-separating) equilibria are searched too, exactly (:mod:`~wedge_cli.solve.tree.hybrid`);
elsewhere they are not, and the solution says so and why.

For a belief ``mu`` over the nodes ``x_1..x_m`` of a player's information set, the
choice of profile ``s`` there is optimal iff ``sum_j mu_j (U_s(x_j) - U_t(x_j)) >= 0``
for every continuation strategy ``t`` of the player, ``U`` being its continuation
payoffs. The supporting beliefs are therefore a polytope in the simplex; it is
non-empty iff the matrix game with rows ``x_j``, columns ``t`` and entries
``U_s(x_j) - U_t(x_j)`` has a value ``>= 0`` (:func:`wedge_cli.algebra.lp.matrix_game`,
exact for rational trees), whose optimal row strategy is one supporting belief
(:mod:`~wedge_cli.solve.tree.belief_sets`).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from wedge_cli.algebra.lp import matrix_game
from wedge_cli.algebra.polynomials import minors
from wedge_cli.errors import GameTooLargeError
from wedge_cli.solve.tree.behavior import chance_behavior, one_hot, play
from wedge_cli.solve.tree.belief_sets import belief_set
from wedge_cli.solve.tree.hybrid import solve_hybrid, unsearched
from wedge_cli.solve.tree.result import BeliefSet, TreeEquilibrium
from wedge_cli.solve.tree.signalling import (classify, intuitive, intuitive_quantities, reply_minors,
                                             signalling_structure)
from wedge_cli.solve.tree.strategic import check_recall
from wedge_cli.solve.tree.subgames import nearest_roots, subgame_roots
from wedge_cli.solve.tree.values import at_least, node_numbers
from wedge_cli.tree import CHANCE, TERMINAL, Skeleton, Tree

__all__ = ["MAX_CONTINUATIONS", "MAX_PROFILES", "consistent_support", "critical_quantities", "hides_chance",
           "solve_pbe"]

MAX_PROFILES = 200_000
"""Most pure behaviour profiles examined for one tree (each is checked at every information set)."""

MAX_CONTINUATIONS = 4096
"""Most undominated continuation strategies of a player from one information set."""


def hides_chance(skeleton: Skeleton) -> bool:
    """Whether some player moves without knowing the outcome of a chance move: a decision
    information set holds two nodes that follow different actions at one chance node.

    Those are the trees in which beliefs matter (types, hidden draws), where
    ``wedge solve`` looks for perfect Bayesian equilibria by default.
    """
    nodes, infosets = skeleton.nodes, skeleton.infosets
    for info in infosets:
        if info.player is None or len(info.nodes) < 2:
            continue
        seen: dict[int, int] = {}
        for i in info.nodes:
            for parent, a in skeleton.path(i):
                if nodes[parent].kind == CHANCE:
                    if seen.setdefault(parent, a) != a:
                        return True
    return False


class _Tree:
    """What the search needs about a tree, computed once: numbers, paths, subgames, decision infosets."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        skeleton = tree.skeleton
        self.exact = tree.is_exact
        self.own, self.chance = node_numbers(tree, self.exact, scaled=False)
        self.zero = tuple(Fraction(0) if self.exact else 0.0 for _ in range(tree.n_players))
        self.decisions = tuple(k for k, info in enumerate(tree.infosets) if info.player is not None)
        nearest = nearest_roots(skeleton, subgame_roots(skeleton))
        self.steps: dict[int, list[list[tuple[int, int]]]] = {}
        for k in self.decisions:
            info = tree.infosets[k]
            if len(info.nodes) < 2:
                continue
            root = nearest[info.nodes[0]]
            self.steps[k] = [_steps_from(skeleton, root, i) for i in info.nodes]

    def probability(self, choice: dict[int, int], parent: int, a: int):
        node = self.tree.nodes[parent]
        if node.kind == CHANCE:
            return self.chance[node.infoset][a]
        return 1 if choice[node.infoset] == a else 0

    def values(self, choice: dict[int, int]) -> list[tuple]:
        """Every node's expected payoffs under the pure profile ``choice``, its own outcome included."""
        nodes = self.tree.nodes
        val: list = [None] * len(nodes)
        for i in range(len(nodes) - 1, -1, -1):
            node = nodes[i]
            own = self.own[i] or self.zero
            if node.kind == TERMINAL:
                val[i] = own
            elif node.kind == CHANCE:
                ps = self.chance[node.infoset]
                val[i] = tuple(o + sum(p * val[c][q] for p, c in zip(ps, node.children))
                               for q, o in enumerate(own))
            else:
                below = val[node.children[choice[node.infoset]]]
                val[i] = tuple(o + b for o, b in zip(own, below))
        return val

    def continuations(self, choice: dict[int, int], k: int, prune: bool = True) -> list[tuple]:
        """The undominated vectors ``(U_t(x_j))_j`` of the mover's continuation payoffs from
        infoset ``k``'s nodes ``x_j``, over all its continuation strategies ``t``.

        Raises :class:`GameTooLargeError` past :data:`MAX_CONTINUATIONS`.
        """
        info = self.tree.infosets[k]
        nodes = self.tree.nodes
        width = len(info.nodes)
        options: list[tuple] = []
        for a in range(len(info.actions)):
            options.extend(self._descend([(nodes[x].children[a], j, 1) for j, x in enumerate(info.nodes)],
                                         info.player, choice, width, prune))
        return _undominated(options) if prune else options

    def _descend(self, entries: list[tuple[int, int, object]], player: int, choice: dict[int, int],
                 width: int, prune: bool = True) -> list[tuple]:
        """The vectors a player can reach from weighted nodes ``(node, j, weight)``: the others
        and chance follow ``choice``; at each of its own infosets met, every action is tried.

        ``prune`` False keeps every vector, dominated or repeated, in an order that depends on
        the tree's shape only (what :func:`critical_quantities` needs)."""
        keep = _undominated if prune else list
        nodes, infosets = self.tree.nodes, self.tree.infosets
        base = [0] * width
        mine: dict[int, list[tuple[int, int, object]]] = {}
        stack = list(entries)
        while stack:
            i, j, w = stack.pop()
            node = nodes[i]
            if self.own[i] is not None:
                base[j] += w * self.own[i][player]
            if node.kind == TERMINAL:
                continue
            if node.kind == CHANCE:
                for p, c in zip(self.chance[node.infoset], node.children):
                    if p > 0:
                        stack.append((c, j, w * p))
            elif infosets[node.infoset].player == player:
                mine.setdefault(node.infoset, []).append((i, j, w))
            else:
                stack.append((node.children[choice[node.infoset]], j, w))
        sums = [tuple(base)]
        for g in sorted(mine):
            here: list[tuple] = []
            for a in range(len(infosets[g].actions)):
                here.extend(self._descend([(nodes[i].children[a], j, w) for i, j, w in mine[g]], player, choice,
                                          width, prune))
            here = keep(here)
            sums = keep([tuple(x + y for x, y in zip(s, h)) for s in sums for h in here])
            if len(sums) > MAX_CONTINUATIONS:
                raise GameTooLargeError(
                    f"{self.tree.players[player]} has more than {MAX_CONTINUATIONS:,} undominated continuation "
                    "strategies from one information set; perfect Bayesian equilibria are searched by checking "
                    "each", hint="use --concept spe or --concept nash, or give that player fewer later moves")
        return sums


def critical_quantities(tree: Tree, limit: int = 500_000) -> list | None:
    """Numbers whose signs decide the pure perfect Bayesian equilibria of ``tree``, in a fixed order.

    For every pure profile and decision infoset: each continuation strategy's gain over
    the profile's choice at each node; for an infoset of several nodes, the Bayes
    weights, their sum, the weighted gains, and every minor of the matrix of gains with
    a row of ones added (the supporting beliefs form a polytope whose vertices are
    ratios of those minors, so whether it is empty changes only where one changes
    sign); for signalling games, the comparisons and minors of the intuitive criterion.
    The order depends on the tree's shape only, so when the numbers are polynomials in a
    parameter, the same entry at several values of it interpolates one polynomial
    (:mod:`wedge_cli.sweep.pbe`). None when there would be more than ``limit``.
    """
    facts = _Tree(tree)
    structure = signalling_structure(tree)
    out: list = []
    ranges = [range(len(tree.infosets[k].actions)) for k in facts.decisions]
    for picks in itertools.product(*ranges):
        choice = dict(zip(facts.decisions, picks))
        val = facts.values(choice)
        for k in facts.decisions:
            info = tree.infosets[k]
            i = info.player
            mine = tuple(val[x][i] - (facts.own[x][i] if facts.own[x] is not None else 0) for x in info.nodes)
            gains = [tuple(u - m for m, u in zip(mine, v)) for v in facts.continuations(choice, k, prune=False)]
            if len(info.nodes) == 1:
                out.extend(g[0] for g in gains)
            else:
                weights = [math.prod((facts.probability(choice, p, a) for p, a in steps), start=1)
                           for steps in facts.steps[k]]
                out.extend(weights)
                out.append(sum(weights))
                out.extend(sum(w * g for w, g in zip(weights, gain)) for gain in gains)
                out.extend(minors(gains + [tuple(1 for _ in info.nodes)]))
            if len(out) > limit:
                return None
        if structure is not None:
            out.extend(intuitive_quantities(tree, structure, choice))
    if structure is not None:
        out.extend(reply_minors(tree, structure))
    return out if len(out) <= limit else None


def _steps_from(skeleton: Skeleton, root: int, node: int) -> list[tuple[int, int]]:
    """The ``(node, action index)`` steps from ``root`` (an ancestor of ``node``) down to ``node``."""
    steps = skeleton.path(node)
    start = [p for p, _ in steps].index(root)
    return steps[start:]


def _undominated(vectors: list[tuple]) -> list[tuple]:
    """The distinct vectors that no other one weakly exceeds everywhere (the player maximises)."""
    distinct = sorted(set(vectors), reverse=True)
    keep: list[tuple] = []
    for v in distinct:
        if not any(all(x >= y for x, y in zip(u, v)) for u in keep):
            keep.append(v)
    return keep


def _profile_count(tree: Tree, decisions: tuple[int, ...]) -> int:
    return math.prod(len(tree.infosets[k].actions) for k in decisions)


def solve_pbe(tree: Tree, tol: float, max_equilibria: int, mixed: bool = True) -> dict:
    """Every pure perfect Bayesian equilibrium of a tree with perfect recall; a dict of TreeSolution fields.

    With ``mixed`` (the default), in a signalling game with two types and rational
    numbers the mixed ones too (:mod:`~wedge_cli.solve.tree.hybrid`), listed after the pure
    ones; a warning says which were searched, and why when only pure ones were.

    Raises
    ------
    WedgeError
        Imperfect recall.
    GameTooLargeError
        More than :data:`MAX_PROFILES` pure profiles, too many continuation
        strategies from one information set, or a signalling game too large for the
        mixed search (:func:`~wedge_cli.solve.tree.hybrid.solve_hybrid`).
    """
    check_recall(tree)
    facts = _Tree(tree)
    count = _profile_count(tree, facts.decisions)
    if count > MAX_PROFILES:
        raise GameTooLargeError(f"the tree has {count:,} pure behaviour profiles; --concept pbe checks each one, "
                                f"and the limit is {MAX_PROFILES:,}",
                                hint="use --concept spe (subgames) or --concept nash, or give players fewer actions")
    structure = signalling_structure(tree)
    found: list[TreeEquilibrium] = []
    total = 0
    tied = False
    ranges = [range(len(tree.infosets[k].actions)) for k in facts.decisions]
    for picks in itertools.product(*ranges):
        choice = dict(zip(facts.decisions, picks))
        checked = _check(facts, choice, tol)
        if checked is None:
            continue
        total += 1
        beliefs, off_path, tie = checked
        tied = tied or tie
        if len(found) < max_equilibria:
            found.append(_equilibrium(facts, choice, beliefs, off_path, structure, tol))
    reason = unsearched(tree, structure) if mixed else "the caller asked for pure ones only"
    search = None
    if reason is None:
        try:
            search = solve_hybrid(tree, structure)
        except GameTooLargeError as exc:  # the pure ones are still all there: list them, and say why no more
            reason = f"the mixed search would be too large ({exc.message})"
    if search is not None:
        pure = total
        total += len(search.equilibria)
        found.extend(search.equilibria[:max(0, max_equilibria - len(found))])
        degenerate = search.continua > 0
        warnings = [{"code": "mixed_searched",
                     "message": f"a signalling game with two types: mixed perfect Bayesian equilibria (a type "
                                f"randomising over its messages, the receiver over its responses) were searched "
                                f"too, exactly, and {len(search.equilibria):,} found, listed after the {pure:,} "
                                f"pure one{'' if pure == 1 else 's'}"}]
        if degenerate:
            warnings.append({"code": "degenerate", "message": _continua_message(search.continua)})
    else:
        degenerate = tied
        warnings = [{"code": "pure_only", "message": "perfect Bayesian equilibria in pure behaviour strategies only: "
                                                     "mixed (hybrid, semi-separating) ones are searched only in "
                                                     f"signalling games with two types, and here {reason}"}]
        if tied:
            warnings.append({"code": "degenerate",
                             "message": "a mover is indifferent on the path of some equilibrium listed: mixing there "
                                        "may give further (mixed) equilibria"})
    if total > len(found):
        warnings.append({"code": "truncated", "message": f"the tree has {total:,} perfect Bayesian equilibria "
                                                         f"of the kinds searched; only the first {len(found):,} are "
                                                         "listed"})
    return {"equilibria": tuple(found), "complete": total == len(found), "degenerate": degenerate,
            "warnings": tuple(warnings), "count": total, "subgames": subgame_roots(tree.skeleton)}


def _continua_message(continua: int) -> str:
    sets = "a convex set" if continua == 1 else f"{continua:,} convex sets"
    return (f"degenerate game: some perfect Bayesian equilibria form {sets} of infinitely many (a player indifferent "
            "over a range of mixtures, or a belief off the path free over a range); for each, the equilibria listed "
            "include its extreme points, pure or mixed, and every mixture of the extreme points of one set is an "
            "equilibrium too")


def _check(facts: _Tree, choice: dict[int, int], tol: float):
    """``(beliefs, off_path, tie)`` when ``choice`` with some beliefs is a PBE, else None.

    ``beliefs[k]``: Bayes' rule at infoset ``k`` (several nodes, reached from its
    subgame's root); ``off_path``: the supporting :class:`BeliefSet` of the others; ``tie``:
    a mover indifferent at an infoset where its belief is fixed.
    """
    tree = facts.tree
    val = facts.values(choice)
    beliefs: dict[int, tuple] = {}
    off_path: list[BeliefSet] = []
    tie = False
    for k in reversed(facts.decisions):
        info = tree.infosets[k]
        i = info.player
        mine = tuple(val[x][i] - (facts.own[x][i] if facts.own[x] is not None else 0) for x in info.nodes)
        if len(info.nodes) == 1:
            weights = (1,)
        else:
            weights = tuple(math.prod((facts.probability(choice, p, a) for p, a in steps), start=1)
                            for steps in facts.steps[k])
        options = facts.continuations(choice, k)
        mass = sum(weights)
        if mass > 0:
            here = sum(w * u for w, u in zip(weights, mine))
            best = max(sum(w * u for w, u in zip(weights, v)) for v in options)
            if not at_least(here, best, tol):
                return None
            tie = tie or any(v != mine and at_least(sum(w * u for w, u in zip(weights, v)), here, tol)
                             for v in options)
            if len(info.nodes) > 1:
                beliefs[k] = tuple(Fraction(w) / Fraction(mass) if facts.exact else float(w) / float(mass)
                                   for w in weights)
            continue
        support = belief_set(tree, facts.exact, k, mine, options, tol)
        if support is None:
            return None
        off_path.append(support)
    return beliefs, tuple(sorted(off_path, key=lambda b: b.infoset)), tie


def consistent_support(facts: _Tree, choice: dict[int, int], support: BeliefSet, tol: float) -> bool:
    """Whether some supporting belief at an off-path infoset passes two tests every consistent belief passes.

    Kreps & Wilson's consistent beliefs are limits of Bayes' rule under small
    trembles. Let ``D(x)`` be the deviations from ``choice`` on the path to node ``x``
    (information set and action). In the limit a node whose ``D`` strictly contains
    another node's has belief 0, and nodes with the same ``D`` keep the ratio of their
    chance probabilities. So a consistent belief is a mix, over the classes of nodes with
    a minimal ``D``, of each class's chance-weighted belief; the supporting beliefs
    contain one iff a matrix game over those classes has a value ``>= 0``.
    False proves the assessment is not a sequential equilibrium; True does not prove it is.
    """
    tree = facts.tree
    nodes = tree.nodes
    deviations, weights = [], []
    for x in support.nodes:
        steps = tree.skeleton.path(x)
        deviations.append(frozenset((nodes[p].infoset, a) for p, a in steps
                                    if nodes[p].kind != CHANCE and choice[nodes[p].infoset] != a))
        weights.append(math.prod((facts.chance[nodes[p].infoset][a] for p, a in steps if nodes[p].kind == CHANCE),
                                 start=1))
    minimal = [j for j, d in enumerate(deviations) if weights[j] > 0 and not any(e < d for e in deviations)]
    classes: dict[frozenset, list[int]] = {}
    for j in minimal:
        classes.setdefault(deviations[j], []).append(j)
    if not classes:
        return True  # every node is cut off by chance: nothing to test
    if not support.inequalities:
        return True
    rows = []
    for members in classes.values():
        mass = sum(weights[j] for j in members)
        rows.append([sum(weights[j] * c[j] for j in members) / mass for c, _ in support.inequalities])
    return at_least(matrix_game(rows).value, 0, tol)


def _equilibrium(facts: _Tree, choice: dict[int, int], beliefs: dict[int, tuple], off_path: tuple[BeliefSet, ...],
                 structure, tol: float) -> TreeEquilibrium:
    tree = facts.tree
    floats, exacts = chance_behavior(tree, facts.exact)
    for k, a in choice.items():
        size = len(tree.infosets[k].actions)
        floats[k] = one_hot(size, a)
        if exacts is not None:
            exacts[k] = one_hot(size, a, True)
    exact = tuple(exacts) if exacts is not None else None
    reached = play(tree, tuple(floats), exact)
    float_beliefs = {k: tuple(float(b) for b in bs) for k, bs in beliefs.items()}
    kind = verdict = None
    sequential = True if not off_path else None
    if structure is not None:
        kind = classify(tree, structure, choice)
        verdict = intuitive(tree, structure, choice, 0.0 if facts.exact else tol)
        sequential = True if structure.full_support else sequential
    if sequential is None and not all(consistent_support(facts, choice, b, tol) for b in off_path):
        sequential = False
    return TreeEquilibrium(behavior=tuple(floats), exact=exact, payoffs=reached.payoffs,
                           exact_payoffs=reached.exact_payoffs, path=reached.path, beliefs=float_beliefs,
                           exact_beliefs=beliefs if facts.exact else None, subgame_perfect=True,
                           off_path=off_path, kind=kind, intuitive=verdict, sequential=sequential)
