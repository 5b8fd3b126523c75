"""Words for game trees: names of nodes and movers, paths of play.

Plain functions over :class:`wedge_cli.tree.Skeleton`; the reports and views of tree
commands (solve, show, sweep) name nodes and moves through them, so that one node is
called the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from wedge_cli.tree import Skeleton

__all__ = ["belief_set_text", "mover_name", "node_descriptions", "node_label", "path_text"]

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


def node_descriptions(skeleton: Skeleton, nodes: Sequence[int]) -> list[str]:
    """How to tell the nodes of one information set apart: the moves on their paths that differ.

    In a signalling game these are the types chance drew (``weak``, ``strong``). When
    the paths differ nowhere that can be named (or the moves repeat), the node labels.
    """
    paths = [dict(skeleton.path(i)) for i in nodes]
    steps = sorted({p for path in paths for p in path})
    differing = [p for p in steps if len({path.get(p) for path in paths}) > 1 and all(p in path for path in paths)]
    words = [", ".join(skeleton.nodes[p].actions[path[p]] for p in differing) for path in paths]
    if not differing or len(set(words)) < len(words):
        return [node_label(skeleton, i) for i in nodes]
    return words


def belief_set_text(who: str, where: str, names: Sequence[str], interval: tuple | None,
                    inequalities: Sequence[tuple[Sequence, object]], number=str) -> str:
    """The off-path beliefs that support a choice, in words.

    ``holds for any belief of Receiver at after_quiche that puts at least 1/2 on weak``;
    for more than two nodes, the inequalities in ``P(name)``. ``number`` writes a number.
    """
    head = f"holds for any belief of {who} at {where}"
    if not inequalities:
        return f"{head}: every belief supports it"
    if interval is not None:
        low, high = interval
        if low == high:
            share = f"exactly {number(low)}"
        elif low == 0:
            share = f"at most {number(high)}"
        elif high == 1:
            share = f"at least {number(low)}"
        else:
            share = f"between {number(low)} and {number(high)}"
        return f"{head} that puts {share} on {names[0]} (and the rest on {names[1]})"
    conditions = []
    for coefficients, bound in inequalities:
        text = ""
        for c, name in zip(coefficients, names):
            if c == 0:
                continue
            size = "" if abs(c) == 1 else f"{number(abs(c))} "
            sign = ("-" if c < 0 else "") if not text else (" - " if c < 0 else " + ")
            text += f"{sign}{size}P({name})"
        conditions.append(f"{text} ≥ {number(bound)}")
    return f"{head} with " + " and ".join(conditions)
