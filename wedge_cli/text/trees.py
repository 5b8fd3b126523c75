"""Words for game trees: names of nodes and movers, paths of play, a choice that flips.

Plain functions over :class:`wedge_cli.tree.Skeleton`; the reports and views of tree
commands (solve, show, sweep) name nodes and moves through them, so that one node is
called the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from wedge_cli.tree import CHANCE, DECISION, Skeleton

__all__ = ["mover_name", "node_label", "path_text", "plan_paths"]

CHANCE_NAME = "Chance"


def node_label(skeleton: Skeleton, node: int) -> str:
    """A node's id in its file (a TOML id, an ``.efg`` label), or ``#N`` (its preorder number) when it has none."""
    name = skeleton.nodes[node].name
    return name if name else f"#{node}"


def mover_name(skeleton: Skeleton, node: int) -> str:
    """Who moves at ``node``: a player's name, or ``Chance``."""
    infoset = skeleton.nodes[node].infoset
    player = None if infoset is None else skeleton.infosets[infoset].player
    return CHANCE_NAME if player is None else skeleton.players[player]


def plan_paths(skeleton: Skeleton, columns: Sequence[int], choices: Sequence[int]) -> list[tuple[str, ...]]:
    """The paths of play (action labels from the root) a pure plan leads to: one, or one per chance branch.

    ``choices[j]`` is the action index at decision node ``columns[j]``
    (:func:`wedge_cli.solve.tree.batch.decision_nodes`). Chance branches are all listed,
    in order; their probabilities are the tree's.
    """
    choice = dict(zip(columns, choices))
    out: list[tuple[str, ...]] = []
    stack: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    while stack:
        node, actions = stack.pop()
        here = skeleton.nodes[node]
        if here.kind == DECISION:
            k = choice[node]
            stack.append((here.children[k], actions + (here.actions[k],)))
        elif here.kind == CHANCE:
            for k in range(len(here.children) - 1, -1, -1):
                stack.append((here.children[k], actions + (here.actions[k],)))
        else:
            out.append(actions)
    return out


def path_text(actions: Sequence[str]) -> str:
    """``Sign → Deliver → Acquiesce``; the empty path (a tree that is one terminal) is ``(no move)``."""
    return " → ".join(actions) if actions else "(no move)"
