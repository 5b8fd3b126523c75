"""Words for game trees: names of nodes and movers, paths of play.

Plain functions over :class:`wedge_cli.tree.Skeleton`; the reports and views of tree
commands (solve, show, sweep) name nodes and moves through them, so that one node is
called the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from wedge_cli.tree import Skeleton

__all__ = ["mover_name", "node_label", "path_text"]

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


def path_text(actions: Sequence[str]) -> str:
    """``Sign → Deliver → Acquiesce``; the empty path (a tree that is one terminal) is ``(no move)``."""
    return " → ".join(actions) if actions else "(no move)"
