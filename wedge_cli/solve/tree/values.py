"""Continuation values, sets of them, and the choices that reach them: backward induction with ties.

A subgame-perfect equilibrium of a perfect-information tree chooses, at every decision
node, an action that is best for the mover given what is played below. With ties, what is
played below is not unique, so neither is a node's value: this module keeps, for every
node ``i``, the list ``values[i]`` of the distinct payoff vectors that some
subgame-perfect play of the subtree gives, and for each of them the *options* that give
it. An option at a decision node is ``(a, allowed)``: the mover takes action ``a`` and
child ``j`` may play any of its values ``allowed[j]`` (child ``a`` a single one; every
other child one that gives the mover no more than action ``a`` does). At a chance node
an option is ``(-1, allowed)`` with one value per child. The subgame-perfect equilibria
of the subtree are exactly the ways of choosing an option at every node, top down,
consistently with the allowed values (:mod:`wedge_cli.solve.tree.enumeration` lists
them).

The first value and the first option of every node are those of plain backward
induction taking the first best action (file order) among equals, which is also what
:func:`wedge_cli.solve.tree.batch.backward_induction` picks; a node whose subtree has a
single subgame-perfect play is *fixed* and costs one value and no options, so a tree
without ties is solved in one pass with no sets at all.

Numbers are Fractions when the tree is exact (compared exactly), else floats compared
within ``tol``. The same machinery serves imperfect-information trees: a subgame solved
through its strategic form enters as a node whose options carry a behaviour profile
(:mod:`wedge_cli.solve.tree.subgames`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wedge_cli.tree import CHANCE, Tree

__all__ = ["MAX_OPTIONS", "MAX_VALUES", "ValueSets", "at_least", "decision_options", "chance_options"]

MAX_VALUES = 1000
"""Most distinct continuation values kept at one node; beyond, some equilibria are not listed (a warning says so)."""

MAX_OPTIONS = 20_000
"""Most options examined at one node (combinations of the children's values)."""


def at_least(x, y, tol: float) -> bool:
    """``x >= y``: exactly for Fractions and ints, within ``tol`` once a float is involved."""
    d = x - y
    return d >= -tol if type(d) is float else d >= 0


@dataclass(eq=False)
class ValueSets:
    """Per node: its distinct values, the options reaching each, and the number of equilibria behind each.

    ``values[i][w]`` is a payoff tuple (the subtree's payoff to every player, outcomes
    on ``i`` included). ``options[i]`` is None for a fixed node (one value, one way), else
    ``options[i][w]`` lists the options giving value ``w``; ``base[i]`` is the first
    option's action (-1 at chance nodes and terminals). ``counts[i][w]`` is the exact
    number of subgame-perfect plays of the subtree giving ``w``. ``payload[i]``, used by
    subgames solved in strategic form, holds for each option the behaviour it fixes.
    """

    values: list
    options: list
    base: list
    counts: list
    truncated: list[int] = field(default_factory=list)
    payload: dict = field(default_factory=dict)

    def fixed(self, i: int) -> bool:
        return self.options[i] is None


def _add(value: tuple, extra: tuple | None) -> tuple:
    if extra is None:
        return value
    return tuple(v + e for v, e in zip(value, extra))


def _group(found: list[tuple[tuple, tuple]], base_option: tuple) -> tuple[list, list]:
    """Group ``(value, option)`` pairs by value, with the base option's value and the base option first."""
    by_value: dict[tuple, list] = {}
    for value, option in found:
        by_value.setdefault(value, []).append(option)
    first = next(value for value, option in found if option == base_option)
    order = [first] + [v for v in by_value if v != first]
    options = []
    for v in order:
        group = by_value[v]
        if v == first:
            group.sort(key=lambda o: o != base_option)  # stable: base first, the rest in generation order
        options.append(group)
    return order, options


def decision_options(child_values: Sequence[list], mover: int, tol: float, limit: int = MAX_OPTIONS
                     ) -> tuple[list[tuple], tuple, bool]:
    """Every ``(value, option)`` pair at a decision node whose children have ``child_values``.

    Returns the pairs, the base option (the first best action against every child's
    first value, generated first so that a cut list still holds it) and whether
    ``limit`` cut the list short. Pairs follow (action, chosen child's value) order.
    """
    own0 = [vals[0][mover] for vals in child_values]
    best = own0.index(max(own0))
    order = [(best, 0)] + [(a, u) for a, vals in enumerate(child_values) for u in range(len(vals))
                           if (a, u) != (best, 0)]
    found: list[tuple] = []
    for a, u in order:
        value = child_values[a][u]
        x = value[mover]
        allowed = []
        for j, other in enumerate(child_values):
            if j == a:
                allowed.append((u,))
                continue
            ok = tuple(w for w, v in enumerate(other) if at_least(x, v[mover], tol))
            if not ok:
                break
            allowed.append(ok)
        else:
            found.append((value, (a, tuple(allowed))))
            if len(found) >= limit:
                return found, found[0][1], True
    return found, found[0][1], False


def chance_options(child_values: Sequence[list], probabilities: Sequence, limit: int = MAX_OPTIONS
                   ) -> tuple[list[tuple], bool]:
    """Every ``(value, option)`` pair at a chance node: one value per child, mixed with the chance probabilities."""
    found = []
    ranges = [range(len(vals)) for vals in child_values]
    combos = itertools.islice(itertools.product(*ranges), limit + 1)
    for combo in combos:
        if len(found) >= limit:
            return found, True
        n = len(child_values[0][0])
        value = tuple(sum(p * child_values[j][w][q] for j, (p, w) in enumerate(zip(probabilities, combo)))
                      for q in range(n))
        found.append((value, (-1, tuple((w,) for w in combo))))
    return found, False


def node_numbers(tree: Tree, exact: bool, scaled: bool = True) -> tuple[list, list]:
    """Per node the payoff tuple of its own outcome (None when it has none), and per infoset the chance probabilities.

    Exact numbers when ``exact`` (the tree is rational): the payoffs times the common
    denominator of them all, so whole numbers (Python's ints are much faster than
    Fractions; comparisons do not change under a positive scale, and the payoffs
    reported are recomputed from the tree), and Fractions below chance nodes; otherwise
    Python floats. ``scaled`` False keeps exact payoffs as they are (Fractions).
    """
    n = tree.n_players
    if exact and not scaled:
        rows = [tuple(row) for row in tree.exact.tolist()]
        probabilities = [tuple(q) if q else () for q in tree.exact_probabilities]
    elif exact:
        flat = tree.exact.ravel().tolist()
        scale = math.lcm(*{x.denominator for x in flat}) if flat else 1
        whole = [x.numerator * (scale // x.denominator) for x in flat]
        rows = list(zip(*[iter(whole)] * n))
        probabilities = [tuple(q) if q else () for q in tree.exact_probabilities]
    else:
        rows = list(map(tuple, tree.payoffs.tolist()))
        probabilities = [tuple(float(p) for p in ps) for ps in tree.probabilities]
    outcome = [rows[node.outcome] if node.outcome is not None else None for node in tree.nodes]
    return outcome, probabilities


def backward_values(tree: Tree, tol: float, exact: bool) -> ValueSets:
    """Value sets of every node of a tree whose decision nodes are all single-node information sets.

    Iterative (reverse preorder), so any depth works.
    """
    nodes = tree.nodes
    infosets = tree.infosets
    n = len(nodes)
    outcome, probabilities = node_numbers(tree, exact)
    zero = tuple(0 if exact else 0.0 for _ in range(tree.n_players))
    sets = ValueSets([None] * n, [None] * n, [-1] * n, [None] * n)
    for i in range(n - 1, -1, -1):
        node = nodes[i]
        if not node.children:
            extra = outcome[i]
            sets.values[i] = [extra if extra is not None else zero]
            sets.counts[i] = [1]
        elif node.kind == CHANCE:
            settle(sets, i, node.children, None, probabilities[node.infoset], outcome[i], exact, tol)
        else:
            settle(sets, i, node.children, infosets[node.infoset].player, None, outcome[i], exact, tol)
    return sets


def settle(sets: ValueSets, i: int, slots: Sequence[int], mover: int | None, chance: Sequence | None,
           extra: tuple | None, exact: bool, tol: float) -> None:
    """Fill in node ``i``'s values, options, base and counts from those of its ``slots`` (children).

    ``mover`` is the deciding player, or None at a chance node with probabilities
    ``chance``; ``extra`` the node's own outcome (None if it has none).
    """
    values, options, counts = sets.values, sets.options, sets.counts
    kids = [values[c] for c in slots]
    simple = True
    for c in slots:
        if options[c] is not None:
            simple = False
            break
    if mover is None:
        if simple:
            value = tuple(sum(pj * kids[j][0][q] for j, pj in enumerate(chance)) for q in range(len(kids[0][0])))
            values[i] = [_add(value, extra)]
            counts[i] = [1]
            return
        found, cut = chance_options(kids, chance)
        base_option = (-1, tuple((0,) for _ in slots))
    else:
        if simple:
            own = [k[0][mover] for k in kids]
            top = max(own)
            first = own.index(top)
            sets.base[i] = first
            if (own.count(top) if exact else sum(1 for x in own if x >= top - tol)) == 1:
                values[i] = [_add(kids[first][0], extra)]
                counts[i] = [1]
                return
        found, base_option, cut = decision_options(kids, mover, tol)
        sets.base[i] = base_option[0]
    if cut:
        sets.truncated.append(i)
    group(sets, i, slots, found, base_option, extra)


def group(sets: ValueSets, i: int, slots: Sequence[int], found: list[tuple], base_option: tuple,
          extra: tuple | None) -> None:
    """Store node ``i``'s ``(value, option)`` pairs grouped by value (at most :data:`MAX_VALUES`), with counts.

    The node is fixed (options None) when there is one value, one option, and every
    slot it allows is fixed.
    """
    vals, opts = _group(found, base_option)
    if len(vals) > MAX_VALUES:
        vals, opts = vals[:MAX_VALUES], opts[:MAX_VALUES]
        sets.truncated.append(i)
    sets.values[i] = [_add(v, extra) for v in vals]
    counts = sets.counts
    sets.counts[i] = [sum(_ways(counts, slots, option[1]) for option in options) for options in opts]
    if len(opts) == 1 and len(opts[0]) == 1 and all(sets.options[c] is None for c in slots):
        sets.base[i] = opts[0][0][0]
        sets.options[i] = None
    else:
        sets.options[i] = opts


def _ways(counts: list, children: Sequence[int], allowed: Sequence[Sequence[int]]) -> int:
    total = 1
    for c, ws in zip(children, allowed):
        total *= sum(counts[c][w] for w in ws)
    return total


def indifferences(tree: Tree, sets: ValueSets, tol: float, decisions: Callable[[int], bool] | None = None,
                  slots: Callable[[int], Sequence[int]] | None = None) -> dict[int, set[int]]:
    """Where a mover is indifferent in some subgame-perfect play: node -> the actions tied there.

    At a node reached by some subgame-perfect play of the whole tree, an option takes
    action ``a`` worth ``x`` to the mover; action ``b`` ties with it when one of the
    values the option allows ``b``'s subtree to take is also worth ``x`` (exactly, or
    within ``tol`` for floats). ``decisions(i)`` says which nodes are single decision
    nodes (default: every node with a decision infoset); ``slots`` as in
    :func:`wedge_cli.solve.tree.enumeration.enumerate_plays` (default: the children).
    """
    nodes, infosets = tree.nodes, tree.infosets
    slots = slots or (lambda i: nodes[i].children)
    decisions = decisions or (lambda i: infosets[nodes[i].infoset].player is not None)
    tied: dict[int, set[int]] = {}
    reached: dict[int, set[int]] = {}
    if sets.options[0] is not None:
        reached[0] = set(range(len(sets.values[0])))
    for i in range(len(nodes)):
        if i not in reached:
            continue
        deciding = nodes[i].children and decisions(i)
        mover = infosets[nodes[i].infoset].player if deciding else None
        kids = slots(i)
        for w in reached.pop(i):
            for a, allowed in sets.options[i][w]:
                if deciding:
                    x = sets.values[kids[a]][allowed[a][0]][mover]
                    here = {b for b, ws in enumerate(allowed)
                            if b == a or any(_equal(sets.values[kids[b]][u][mover], x, tol) for u in ws)}
                    if len(here) > 1:
                        tied.setdefault(i, set()).update(here)
                for c, ws in zip(kids, allowed):
                    if sets.options[c] is not None:
                        reached.setdefault(c, set()).update(ws)
    return tied


def _equal(x, y, tol: float) -> bool:
    return at_least(x, y, tol) and at_least(y, x, tol)
