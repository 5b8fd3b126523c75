"""Is a behaviour profile an equilibrium in every subgame? Best replies, regrets and threats that are not credible.

For a player ``p`` and the others' behaviour fixed, ``p``'s best reply is found one
information set at a time, last ones first (perfect recall makes this optimal): at
infoset ``h`` action ``a`` is worth ``Q(h, a) = sum_x w(x) BR(child_a(x))`` over the
nodes ``x`` of ``h``, where ``w(x)`` is the probability that the others and chance lead
from the root of the smallest subgame holding ``h`` to ``x``, and ``BR`` the value of
the rest of the tree when ``p`` keeps replying best. ``p``'s *regret* in subgame ``s``
is ``BR(s)`` minus what the profile gives ``p`` there; the profile is subgame perfect
when every regret is 0 (exactly, for exact profiles; at most ``tol`` otherwise).

When it is not, the *threat* is the deepest information set inside a subgame where
the player's regret is positive at which the plan puts weight on an action worth less
than the best one (``Q``): what the player would not do if the moment came.

:func:`complete` fills in the information sets a mixed strategy leaves open (the
player's own moves rule them out) with a best reply there, so that the behaviour
profile is as credible as the strategy allows.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from fractions import Fraction

from wedge_cli.solve.tree.behavior import is_exact, one_hot
from wedge_cli.solve.tree.result import Threat
from wedge_cli.solve.tree.subgames import nearest_roots, subtree_ends
from wedge_cli.tree import Tree

__all__ = ["complete", "node_values", "subgame_threats"]


_OUTCOMES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _numbers(tree: Tree, exact: Sequence | None) -> tuple[bool, list]:
    """Whether to compute exactly, and each node's own outcome as a tuple (None without one); cached per tree."""
    use_exact = exact is not None and is_exact(tree)
    cache = _OUTCOMES.setdefault(tree, {})
    if use_exact not in cache:
        rows = tree.exact if use_exact else tree.payoffs
        cache[use_exact] = [tuple(Fraction(x) if use_exact else float(x) for x in rows[node.outcome])
                            if node.outcome is not None else None for node in tree.nodes]
    return use_exact, cache[use_exact]


def node_values(tree: Tree, behavior: Sequence, exact: Sequence | None = None) -> list[tuple]:
    """Every node's expected payoff vector under the profile (its own outcome and all below), exact when possible."""
    use_exact, outcome = _numbers(tree, exact)
    probs = exact if use_exact else behavior
    zero = Fraction(0) if use_exact else 0.0
    n = tree.n_players
    nodes = tree.nodes
    value: list = [None] * len(nodes)
    for i in range(len(nodes) - 1, -1, -1):
        node = nodes[i]
        v = [zero] * n
        if node.children:
            b = probs[node.infoset]
            for j, c in enumerate(node.children):
                if b[j]:
                    vc = value[c]
                    for q in range(n):
                        v[q] += b[j] * vc[q]
        if outcome[i] is not None:
            v = [a + o for a, o in zip(v, outcome[i])]
        value[i] = tuple(v)
    return value


def _weights(tree: Tree, probs: Sequence, player: int, nearest: list[int], one) -> list:
    """``w[x]``: probability that everyone but ``player`` leads from ``x``'s smallest subgame root to ``x``."""
    nodes, infosets = tree.nodes, tree.infosets
    w: list = [one] * len(nodes)
    for i, node in enumerate(nodes):
        if node.parent is None or nearest[i] == i:
            continue
        parent = nodes[node.parent]
        if infosets[parent.infoset].player == player:
            w[i] = w[node.parent]
        else:
            w[i] = w[node.parent] * probs[parent.infoset][parent.children.index(i)]
    return w


def _best_reply(tree: Tree, probs: Sequence, player: int, nearest: list[int], outcome: list, zero
                ) -> tuple[list, dict[int, int], dict[int, list], dict[int, object], Callable]:
    """``player``'s best-reply value at every node, its choice, ``Q`` and weight mass at each of its infosets."""
    nodes, infosets = tree.nodes, tree.infosets
    w = _weights(tree, probs, player, nearest, zero + 1)
    mine = sorted((k for k, info in enumerate(infosets) if info.player == player),
                  key=lambda k: min(infosets[k].nodes), reverse=True)
    choice: dict[int, int] = {}
    q_values: dict[int, list] = {}
    mass: dict[int, object] = {}
    br: list = [None] * len(nodes)

    def value(start: int):
        stack = [(start, False)]
        while stack:
            i, ready = stack.pop()
            if br[i] is not None:
                continue
            node = nodes[i]
            if not ready and node.children:
                stack.append((i, True))
                if infosets[node.infoset].player == player:
                    stack.append((node.children[choice[node.infoset]], False))
                else:
                    b = probs[node.infoset]
                    stack.extend((c, False) for j, c in enumerate(node.children) if b[j])
                continue
            v = zero
            if node.children:
                if infosets[node.infoset].player == player:
                    v = br[node.children[choice[node.infoset]]]
                else:
                    b = probs[node.infoset]
                    for j, c in enumerate(node.children):
                        if b[j]:
                            v = v + b[j] * br[c]
            if outcome[i] is not None:
                v = v + outcome[i][player]
            br[i] = v
        return br[start]

    for k in mine:
        info = infosets[k]
        q = [sum((w[x] * value(nodes[x].children[a]) for x in info.nodes), zero) for a in range(len(info.actions))]
        q_values[k] = q
        mass[k] = sum((w[x] for x in info.nodes), zero)
        plan = probs[k]
        top = max(q)
        planned = max(range(len(q)), key=lambda a: plan[a])
        choice[k] = planned if q[planned] == top else q.index(top)
    return br, choice, q_values, mass, value


def subgame_threats(tree: Tree, behavior: Sequence, exact: Sequence | None, roots: Sequence[int], tol: float
                    ) -> tuple[tuple[Threat, ...], float]:
    """The threats that are not credible in a profile, and the largest regret of any player in any subgame.

    No threats means the profile is a Nash equilibrium of every subgame in ``roots``
    (exactly when the tree and ``exact`` are rational, else within ``tol``).
    """
    use_exact, outcome = _numbers(tree, exact)
    probs = exact if use_exact else behavior
    zero = Fraction(0) if use_exact else 0.0
    nearest = nearest_roots(tree.skeleton, roots)
    end = subtree_ends(tree.skeleton)
    current = node_values(tree, behavior, exact)
    threats: list[Threat] = []
    worst = 0.0
    for p in range(tree.n_players):
        if not any(info.player == p for info in tree.infosets):
            continue
        br, choice, q_values, mass, value = _best_reply(tree, probs, p, nearest, outcome, zero)
        failing = []
        for s in roots:
            regret = value(s) - current[s][p]
            worst = max(worst, float(regret))
            if (regret > 0) if use_exact else (regret > tol):
                failing.append((s, regret))
        for s, regret in failing:
            if any(s < t < end[s] for t, _ in failing):
                continue  # a smaller failing subgame inside says it better
            threat = _threat(tree, probs, p, s, end[s], q_values, mass, choice, use_exact, tol)
            if threat is not None:
                threats.append(Threat(threat[0], s, threat[1], threat[2], float(regret),
                                      regret if use_exact else None))
    threats.sort(key=lambda t: (t.node, t.infoset))
    return tuple(threats), worst


def _threat(tree: Tree, probs: Sequence, player: int, start: int, stop: int, q_values: dict, mass: dict,
            choice: dict, use_exact: bool, tol: float) -> tuple[int, str, str] | None:
    infosets = tree.infosets
    inside = [k for k, info in enumerate(infosets)
              if info.player == player and start <= min(info.nodes) < stop and mass[k] > 0]
    for k in sorted(inside, key=lambda k: min(infosets[k].nodes), reverse=True):
        q = q_values[k]
        best = choice[k]
        worse = [a for a in range(len(q)) if probs[k][a] > 0
                 and ((q[a] < q[best]) if use_exact else (q[a] < q[best] - tol * float(mass[k])))]
        if worse:
            planned = min(worse, key=lambda a: (q[a], a))
            actions = infosets[k].actions
            return k, actions[planned], actions[best]
    return None


def complete(tree: Tree, behavior: list, exact: list | None, open_: Sequence[int], roots: Sequence[int],
             tol: float = 0.0, search: int = 0) -> tuple[list, list | None]:
    """Fill the information sets in ``open_`` (behaviour None) with a pure best reply there.

    A mixed strategy says nothing where its player's own moves exclude play; any choice
    there leaves a Nash equilibrium one. This takes, from the last such infoset to the
    first, an action best for its player against the rest of the profile, weighting
    the infoset's nodes by how likely the others and chance make them from the smallest
    subgame holding it (any action when they make none of them possible).

    With ``search`` 0 the first best action is taken everywhere. With ``search`` > 0 up
    to that many combinations of best actions (ties, and free choices) are tried, and
    the first one under which the profile is a Nash equilibrium of every subgame is
    kept (the same strategy can then be reported as subgame perfect when some way of
    completing it is); failing that, the first combination.
    """
    if not open_:
        return behavior, exact
    infosets = tree.infosets
    order = sorted(open_, key=lambda k: min(infosets[k].nodes), reverse=True)

    def put(k: int, a: int) -> None:
        behavior[k] = one_hot(len(infosets[k].actions), a)
        if exact is not None:
            exact[k] = one_hot(len(infosets[k].actions), a, True)

    for k in order:
        put(k, 0)
    use_exact, _ = _numbers(tree, exact)
    nearest = nearest_roots(tree.skeleton, roots)
    zero = Fraction(0) if use_exact else 0.0
    stack = [[0, _candidates(tree, behavior, exact, order[0], nearest, zero, use_exact, tol), 0]]
    first: list | None = None
    tried = 0
    while stack:
        top = stack[-1]
        index, choices, position = top
        if position == len(choices) or (not search and position):
            stack.pop()
            continue
        top[2] += 1
        put(order[index], choices[position])
        if index + 1 < len(order):
            stack.append([index + 1, _candidates(tree, behavior, exact, order[index + 1], nearest, zero, use_exact,
                                                 tol), 0])
            continue
        tried += 1
        if first is None:
            first = [behavior[k].index(max(behavior[k])) for k in order]
        if not search or not subgame_threats(tree, behavior, exact, roots, tol)[0]:
            return behavior, exact
        if tried >= search:
            break
    for k, a in zip(order, first):
        put(k, a)
    return behavior, exact


def _candidates(tree: Tree, behavior: list, exact: list | None, k: int, nearest: list[int], zero, use_exact: bool,
                tol: float) -> list[int]:
    """The actions at open infoset ``k`` that are best for its player against the profile, best first."""
    info = tree.infosets[k]
    nodes = tree.nodes
    p = info.player
    probs = exact if use_exact else behavior
    w = _weights(tree, probs, p, nearest, zero + 1)
    current = node_values(tree, behavior, exact)
    weights = [w[x] for x in info.nodes]
    free = not any(weights)
    if free:
        weights = [zero + 1] * len(weights)
    q = [sum((wx * current[nodes[x].children[a]][p] for wx, x in zip(weights, info.nodes)), zero)
         for a in range(len(info.actions))]
    ranked = sorted(range(len(q)), key=lambda a: -q[a])
    if free:
        return ranked
    top = q[ranked[0]]
    return [a for a in ranked if (q[a] == top if use_exact else q[a] >= top - tol)]

