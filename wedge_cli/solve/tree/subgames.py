"""Subgames of a tree, and a subgame with its nested subgames cut off.

A *subgame* starts at a node ``r`` (not a terminal) such that every information set
with a node in ``r``'s subtree lies wholly inside it: whoever moves there knows play
has reached ``r``. Chance information sets count too, as in Gambit. The root always
starts one; in a perfect-information tree every non-terminal node does.

Nodes are in preorder, so a subtree is the index range ``[r, end[r])`` and the test
is one bottom-up pass: ``r`` starts a subgame when the smallest and largest node of
every infoset met in its subtree fall inside that range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.tree import TERMINAL, InfoSet, Node, Skeleton, Tree

__all__ = ["Truncation", "nearest_roots", "subgame_roots", "subtree_ends", "truncate"]


def subtree_ends(skeleton: Skeleton) -> list[int]:
    """``end[i]``: one past the last node of ``i``'s subtree (its subtree is ``range(i, end[i])``)."""
    nodes = skeleton.nodes
    end = [i + 1 for i in range(len(nodes))]
    for i in range(len(nodes) - 1, -1, -1):
        if nodes[i].children:
            end[i] = end[nodes[i].children[-1]]
    return end


def subgame_roots(skeleton: Skeleton) -> tuple[int, ...]:
    """The nodes that start a subgame, in preorder (the root first)."""
    nodes, infosets = skeleton.nodes, skeleton.infosets
    low = [min(info.nodes) for info in infosets]
    high = [max(info.nodes) for info in infosets]
    end = subtree_ends(skeleton)
    lo = [0] * len(nodes)
    hi = [0] * len(nodes)
    roots = []
    for i in range(len(nodes) - 1, -1, -1):
        node = nodes[i]
        if node.kind == TERMINAL:
            lo[i], hi[i] = i, i
            continue
        a, b = low[node.infoset], high[node.infoset]
        for c in node.children:
            a, b = min(a, lo[c]), max(b, hi[c])
        lo[i], hi[i] = a, b
        if a >= i and b < end[i]:
            roots.append(i)
    return tuple(reversed(roots))


def nearest_roots(skeleton: Skeleton, roots: Sequence[int]) -> list[int]:
    """For every node, the root of the smallest subgame containing it."""
    is_root = set(roots)
    nodes = skeleton.nodes
    m = [0] * len(nodes)
    for i, node in enumerate(nodes):
        m[i] = i if i in is_root else m[node.parent]
    return m


@dataclass(frozen=True, eq=False)
class Truncation:
    """The part of subgame ``root`` outside its nested subgames, as a tree of its own.

    ``tree`` has the nodes of that part; each nested subgame's root became a terminal
    paying the value given for it. ``nodes[j]`` is the original node of the new node
    ``j``; ``infosets[k]`` the original infoset of new infoset ``k``; ``leaves`` the new
    nodes of the nested roots, aligned with ``nested``.
    """

    root: int
    nested: tuple[int, ...]
    tree: Tree
    nodes: tuple[int, ...]
    infosets: tuple[int, ...]
    leaves: tuple[int, ...]


def truncate(tree: Tree, root: int, nested: Sequence[int], values: Mapping[int, tuple]) -> Truncation:
    """Subgame ``root`` with each nested subgame replaced by a terminal paying ``values[s]``.

    ``values[s]`` is the payoff vector of subgame ``s`` (its root's outcome included),
    Fractions or floats; the truncated tree is exact when the tree is and every value
    is a Fraction (or int).
    """
    nodes = tree.nodes
    cut = set(nested)
    keep: list[int] = []
    stack = [root]
    while stack:
        i = stack.pop()
        keep.append(i)
        if i not in cut:
            stack.extend(reversed(nodes[i].children))
    new = {old: j for j, old in enumerate(keep)}
    infoset_ids: dict[int, int] = {}
    for old in keep:
        if old not in cut and nodes[old].children:
            infoset_ids.setdefault(nodes[old].infoset, len(infoset_ids))
    outcome_rows: list[tuple] = []
    built: list[Node] = []
    for old in keep:
        node = nodes[old]
        parent = new[node.parent] if old != root else None
        if old in cut:
            built.append(Node(TERMINAL, parent, outcome=len(outcome_rows), name=node.name))
            outcome_rows.append(tuple(values[old]))
            continue
        outcome = None
        if node.outcome is not None:
            outcome = len(outcome_rows)
            row = tree.exact[node.outcome] if tree.exact is not None else tree.payoffs[node.outcome]
            outcome_rows.append(tuple(row))
        if not node.children:
            built.append(Node(TERMINAL, parent, outcome=outcome, name=node.name))
            continue
        built.append(Node(node.kind, parent, tuple(new[c] for c in node.children), node.actions,
                          infoset_ids[node.infoset], outcome, node.name))
    originals = sorted(infoset_ids, key=infoset_ids.get)
    infosets = []
    for k in originals:
        info = tree.infosets[k]
        infosets.append(InfoSet(info.player, info.actions, tuple(new[i] for i in info.nodes), info.label, info.number))
    skeleton = Skeleton(tree.players, tuple(built), tuple(infosets), len(outcome_rows))
    exact = tree.exact is not None and all(isinstance(x, (int, Fraction)) for row in outcome_rows for x in row)
    floats = np.array([[float(x) for x in row] for row in outcome_rows], dtype=float).reshape(-1, tree.n_players)
    exacts = None
    if exact:
        exacts = np.empty((len(outcome_rows), tree.n_players), dtype=object)
        for j, row in enumerate(outcome_rows):
            for p, x in enumerate(row):
                exacts[j, p] = Fraction(x)
    small = Tree(skeleton, floats, exacts, tuple(tree.probabilities[k] for k in originals),
                 tuple(tree.exact_probabilities[k] for k in originals), title=tree.title)
    return Truncation(root, tuple(nested), small, tuple(keep), tuple(originals), tuple(new[s] for s in nested))
