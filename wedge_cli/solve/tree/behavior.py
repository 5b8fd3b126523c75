"""Behaviour profiles on a tree: the play they induce, its payoffs, and beliefs by Bayes' rule.

A behaviour profile gives, for every information set ``k``, one probability per action
(chance infosets carry the chance probabilities): ``behavior[k][a]``. The float profile
is always there; the exact one (Fractions) when the tree and the profile are rational.
"""

from __future__ import annotations

from collections.abc import Sequence
import weakref
from dataclasses import dataclass
from fractions import Fraction

from wedge_cli.solve.tree.result import PathStep, TreeEquilibrium
from wedge_cli.tree import Tree

__all__ = ["Play", "beliefs", "chance_behavior", "equilibrium", "is_exact", "one_hot", "play"]

_ONE_HOT: dict[tuple[int, int, bool], tuple] = {}
_EXACT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def is_exact(tree: Tree) -> bool:
    """:attr:`Tree.is_exact`, cached per tree (the property walks every infoset; big trees ask it per equilibrium)."""
    if tree not in _EXACT:
        _EXACT[tree] = tree.is_exact
    return _EXACT[tree]


def one_hot(k: int, a: int, exact: bool = False) -> tuple:
    """``(0, .., 1, .., 0)`` of length ``k`` with the 1 at ``a`` (shared tuples: a big tree has many)."""
    key = (k, a, exact)
    if key not in _ONE_HOT:
        zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
        _ONE_HOT[key] = tuple(one if j == a else zero for j in range(k))
    return _ONE_HOT[key]


def chance_behavior(tree: Tree, exact: bool) -> tuple[list, list | None]:
    """The behaviour lists with the chance infosets filled in and the decision infosets None."""
    floats: list = [None] * len(tree.infosets)
    exacts: list | None = [None] * len(tree.infosets) if exact else None
    for k, info in enumerate(tree.infosets):
        if info.player is None:
            floats[k] = tuple(float(p) for p in tree.probabilities[k])
            if exacts is not None:
                exacts[k] = tuple(tree.exact_probabilities[k])
    return floats, exacts


@dataclass(frozen=True)
class Play:
    """What a behaviour profile leads to: terminals reached, expected payoffs, and each reached node's probability."""

    path: tuple[PathStep, ...]
    payoffs: tuple[float, ...]
    exact_payoffs: tuple[Fraction, ...] | None
    reach: dict[int, float]
    exact_reach: dict[int, Fraction] | None


def play(tree: Tree, behavior: Sequence[Sequence[float]], exact: Sequence[Sequence[Fraction]] | None = None,
         root: int = 0) -> Play:
    """Follow ``behavior`` from ``root`` through the branches it takes with positive probability.

    Outcomes on the way (Gambit allows them on any node) are added up, so each reached
    terminal pays the sum of the outcomes on its path; the expected payoffs weigh them
    by the terminal's probability. Only the reached part of the tree is visited.
    """
    nodes = tree.nodes
    n = tree.n_players
    use_exact = exact is not None and is_exact(tree)
    one = Fraction(1) if use_exact else 1.0
    zero = tuple(Fraction(0) if use_exact else 0.0 for _ in range(n))
    rows = tree.exact if use_exact else tree.payoffs
    reach: dict[int, float] = {}
    exact_reach: dict[int, Fraction] | None = {} if use_exact else None
    steps: list[PathStep] = []
    total = list(zero)
    stack = [(root, one, zero, ())]
    while stack:
        i, p, acc, actions = stack.pop()
        node = nodes[i]
        if node.outcome is not None:
            acc = tuple(a + (Fraction(x) if use_exact else float(x)) for a, x in zip(acc, rows[node.outcome]))
        if exact_reach is not None:
            exact_reach[i] = p
            reach[i] = float(p)
        else:
            reach[i] = p
        if not node.children:
            steps.append(PathStep(i, actions, float(p), p if use_exact else None))
            for q in range(n):
                total[q] += p * acc[q]
            continue
        probs = (exact if use_exact else behavior)[node.infoset]
        for j in range(len(node.children) - 1, -1, -1):
            pj = probs[j]
            if pj > 0:
                stack.append((node.children[j], p * pj, acc, actions + (node.actions[j],)))
    steps.sort(key=lambda s: s.terminal)
    if use_exact:
        payoffs = tuple(float(x) + 0.0 for x in total)
        return Play(tuple(steps), payoffs, tuple(total), reach, exact_reach)
    return Play(tuple(steps), tuple(float(x) + 0.0 for x in total), None, reach, None)


def beliefs(tree: Tree, reached: Play) -> tuple[dict[int, tuple[float, ...]], dict[int, tuple[Fraction, ...]] | None]:
    """Bayes' rule at every decision infoset of several nodes that is reached with positive probability.

    ``beliefs[k][j]`` is the probability of infoset ``k``'s ``j``-th node given that
    ``k`` is reached: that node's reach probability over the infoset's.
    """
    out: dict[int, tuple[float, ...]] = {}
    exact: dict[int, tuple[Fraction, ...]] | None = {} if reached.exact_reach is not None else None
    for k, info in enumerate(tree.infosets):
        if info.player is None or len(info.nodes) < 2:
            continue
        if exact is not None:
            weights = [reached.exact_reach.get(i, Fraction(0)) for i in info.nodes]
            mass = sum(weights, Fraction(0))
            if mass > 0:
                exact[k] = tuple(w / mass for w in weights)
                out[k] = tuple(float(b) for b in exact[k])
        else:
            weights = [reached.reach.get(i, 0.0) for i in info.nodes]
            mass = sum(weights)
            if mass > 0:
                out[k] = tuple(w / mass + 0.0 for w in weights)
    return out, exact


def equilibrium(tree: Tree, behavior: tuple, exact: tuple | None, subgame_perfect: bool = True,
                not_credible: tuple = (), beliefs_needed: bool = True) -> TreeEquilibrium:
    """A :class:`TreeEquilibrium` for a behaviour profile: its play, payoffs and beliefs.

    ``beliefs_needed`` False skips the beliefs (a perfect-information tree has none).
    """
    reached = play(tree, behavior, exact)
    belief, exact_belief = beliefs(tree, reached) if beliefs_needed else ({}, None)
    if exact is not None and exact_belief is None:
        exact_belief = {}
    return TreeEquilibrium(behavior=behavior, exact=exact, payoffs=reached.payoffs, exact_payoffs=reached.exact_payoffs,
                           path=reached.path, beliefs=belief, exact_beliefs=exact_belief,
                           subgame_perfect=subgame_perfect, not_credible=not_credible)

