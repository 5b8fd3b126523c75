"""Listing every equilibrium held in a :class:`~wedge_cli.solve.tree.values.ValueSets`, one at a time.

The equilibria form an AND-OR structure: at a node the play picks one of its values
allowed from above and one option giving it (OR); the option then allows values at each
of the node's slots, which are all played (AND). This module walks it as an odometer,
iteratively (no recursion, so deep trees are fine): the first play takes the first
choice everywhere (plain backward induction), and each next play advances the last
choice point that has a choice left and replays everything after it with first
choices. Each play costs only the part that changed, and plays come out in a fixed
order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from wedge_cli.solve.tree.values import ValueSets

__all__ = ["enumerate_plays"]


def enumerate_plays(sets: ValueSets, slots: Callable[[int], Sequence[int]], root: int = 0
                    ) -> Iterator[tuple[list[tuple[int, int]], int]]:
    """Yield each play as the list of ``(node, tag)`` chosen at the non-fixed nodes, and how much of it is new.

    ``slots(i)`` gives the nodes an option at ``i`` allows values for (a tree node's
    children; a subgame's nested subgames), aligned with the option's ``allowed``
    tuple; ``tag`` is the option's first item (an action index, or the index of a
    behaviour in ``sets.payload``). Fixed nodes do not appear: they play their base.
    Every non-fixed node appears in every play (a fixed node's children are fixed), so
    a play differs from the one before only from position ``start`` on: the second item
    yielded (0 for the first play). The yielded list is reused; copy it to keep it.
    """
    options = sets.options
    if options[root] is None:
        yield [], 0
        return
    assigned: list[tuple[int, int]] = []
    stack: list[list] = []  # choice points: [node, choices, index, worklist after the node, len(assigned)]

    def push(i: int, allowed: Sequence[Sequence[int]], worklist):
        for c, ws in reversed(list(zip(slots(i), allowed))):
            if options[c] is not None:
                worklist = ((c, ws), worklist)
        return worklist

    worklist = ((root, tuple(range(len(sets.values[root])))), None)
    start = 0
    while True:
        while worklist is not None:
            (i, ws), rest = worklist
            groups = options[i]
            choices = [(w, k) for w in ws for k in range(len(groups[w]))]
            if len(choices) > 1:
                stack.append([i, choices, 0, rest, len(assigned)])
            w, k = choices[0]
            tag, allowed = groups[w][k]
            assigned.append((i, tag))
            worklist = push(i, allowed, rest)
        yield assigned, start
        while stack and stack[-1][2] == len(stack[-1][1]) - 1:
            stack.pop()
        if not stack:
            return
        top = stack[-1]
        top[2] += 1
        start = top[4]
        del assigned[start:]
        i = top[0]
        w, k = top[1][top[2]]
        tag, allowed = options[i][w][k]
        assigned.append((i, tag))
        worklist = push(i, allowed, top[3])
