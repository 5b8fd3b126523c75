"""Every subgame-perfect equilibrium in pure behaviour strategies of a perfect-information tree.

Backward induction with ties kept (:mod:`wedge_cli.solve.tree.values`), then one play
per equilibrium (:mod:`wedge_cli.solve.tree.enumeration`). Exact (Fractions) when the
tree is rational. Mixing between tied actions gives further, mixed, subgame-perfect
equilibria; they are not listed, and the ties that allow them are reported.
"""

from __future__ import annotations

import gc
import math
from contextlib import contextmanager

from wedge_cli.solve.tree.behavior import equilibrium, one_hot
from wedge_cli.solve.tree.enumeration import enumerate_plays
from wedge_cli.solve.tree.result import Tie, TreeEquilibrium
from wedge_cli.solve.tree.values import MAX_VALUES, ValueSets, backward_values, indifferences
from wedge_cli.tree import Tree

__all__ = ["LISTED_CELLS", "amount", "listing_cap", "solve_perfect", "tie_warning"]

LISTED_CELLS = 5_000_000
"""Most behaviour entries (equilibria x information sets) listed at once; big trees with many ties list fewer equilibria."""


def listing_cap(tree: Tree, max_equilibria: int) -> int:
    """How many equilibria to list at most: ``max_equilibria``, fewer when each is very large."""
    return max(1, min(max_equilibria, LISTED_CELLS // max(1, len(tree.infosets))))


@contextmanager
def paused_gc():
    """Pause Python's cyclic garbage collector (restored after).

    Value sets of a big tree are millions of small tuples, which set off the collector
    again and again (it walks every tracked object each time) for nothing: they form
    no reference cycles, so reference counting frees them. Pausing it halves the time
    on trees with many ties.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def solve_perfect(tree: Tree, tol: float, max_equilibria: int) -> dict:
    """The pure subgame-perfect equilibria of a perfect-information tree (see :func:`_solve_perfect`)."""
    with paused_gc():
        return _solve_perfect(tree, tol, max_equilibria)


def _solve_perfect(tree: Tree, tol: float, max_equilibria: int) -> dict:
    """The pure subgame-perfect equilibria of a perfect-information tree, and what to say about them.

    Returns a dict of :class:`~wedge_cli.solve.tree.result.TreeSolution` fields:
    ``equilibria``, ``complete``, ``degenerate``, ``ties``, ``warnings``, ``count`` (the
    exact number of pure subgame-perfect equilibria, or a lower bound when the value
    sets were cut).
    """
    exact = tree.is_exact
    sets = backward_values(tree, tol, exact)
    ties = _ties(tree, sets, tol)
    count = sum(sets.counts[0])
    cap = listing_cap(tree, max_equilibria)
    equilibria: list[TreeEquilibrium] = []
    base = _base_behavior(tree, sets, exact)
    nodes = tree.nodes
    floats, exacts = list(base[0]), (list(base[1]) if base[1] is not None else None)
    for assigned, start in enumerate_plays(sets, lambda i: nodes[i].children):
        if len(equilibria) == cap:
            break
        for i, a in assigned[start:]:
            if a < 0:
                continue
            k = nodes[i].infoset
            n = len(nodes[i].actions)
            floats[k] = one_hot(n, a)
            if exacts is not None:
                exacts[k] = one_hot(n, a, True)
        equilibria.append(equilibrium(tree, tuple(floats), tuple(exacts) if exacts is not None else None,
                                      beliefs_needed=False))
    warnings = []
    cut = bool(sets.truncated)
    complete = not cut and count <= len(equilibria)
    if count > len(equilibria):
        why = (f"only the first {len(equilibria):,} are listed" + ("" if len(equilibria) == max_equilibria else
               f" (each lists {len(tree.infosets):,} information sets; at most {LISTED_CELLS:,} entries are listed)"))
        warnings.append({"code": "truncated",
                         "message": f"the tree has {amount(count)}{' or more' if cut else ''} pure subgame-perfect "
                                    f"equilibria; {why}"})
    if cut:
        warnings.append({"code": "truncated",
                         "message": f"ties create more than {MAX_VALUES:,} distinct continuation values at "
                                    f"{len(sets.truncated)} node(s); the equilibria listed are subgame perfect, "
                                    "but some others are not listed"})
    if ties:
        warnings.append(tie_warning(tree, ties))
    return {"equilibria": tuple(equilibria), "complete": complete, "degenerate": bool(ties), "ties": ties,
            "warnings": tuple(warnings), "count": count}


def amount(count: int) -> str:
    """A count for a message: ``1,234`` or, for huge counts, ``over 10^40``."""
    if count < 10**15:
        return f"{count:,}"
    return f"over 10^{int(math.log10(count))}"


def tie_warning(tree: Tree, ties: tuple[Tie, ...]) -> dict:
    """The ``degenerate`` warning naming where movers are indifferent (the first five nodes)."""
    where = ", ".join(_node_name(tree, t.node) for t in ties[:5]) + (", ..." if len(ties) > 5 else "")
    return {"code": "degenerate",
            "message": f"ties: a player is indifferent between actions at {len(ties)} node(s) ({where}); each "
                       "choice among tied actions gives a subgame-perfect equilibrium, and mixing between them "
                       "gives further (mixed) ones, which are not listed"}


def _node_name(tree: Tree, i: int) -> str:
    node = tree.nodes[i]
    return f"{node.name!r}" if node.name else f"node {i}"


def _base_behavior(tree: Tree, sets: ValueSets, exact: bool) -> tuple[tuple, tuple | None]:
    """Chance probabilities, and at each decision node its base (first best) action."""
    floats: list = []
    exacts: list | None = [] if exact else None
    for k, info in enumerate(tree.infosets):
        if info.player is None:
            floats.append(tuple(float(p) for p in tree.probabilities[k]))
            if exacts is not None:
                exacts.append(tuple(tree.exact_probabilities[k]))
            continue
        a = sets.base[info.nodes[0]]
        floats.append(one_hot(len(info.actions), a))
        if exacts is not None:
            exacts.append(one_hot(len(info.actions), a, True))
    return tuple(floats), (tuple(exacts) if exacts is not None else None)


def _ties(tree: Tree, sets: ValueSets, tol: float) -> tuple[Tie, ...]:
    """Decision nodes where the mover is indifferent between actions in some subgame-perfect play."""
    seen = indifferences(tree, sets, tol)
    nodes = tree.nodes
    return tuple(Tie(i, tuple(nodes[i].actions[a] for a in sorted(seen[i]))) for i in sorted(seen))
