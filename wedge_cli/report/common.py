"""The JSON contract's shared parts (docs/json.md): schema versions, numbers, headers, equilibria.

Every report of :mod:`wedge_cli.report` is one top-level object with
``"schema": "wedge.<command>/<version>"``. Within a version keys are only added, never
renamed or removed; a key whose meaning changes bumps that command's version
(``wedge.sweep/2``: ``points`` is empty unless asked for). Every key is always present
(empty list or null, never missing). Floats are finite; ``-0.0`` is written as ``0.0``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy stays unimported for 'wedge list'
    from wedge_cli.model import Game, GameSpec
    from wedge_cli.tree import Skeleton, Tree, TreeSpec

SCHEMA_VERSION = 1
#: Commands whose JSON has moved past version 1 (see docs/json.md for what changed).
SCHEMA_VERSIONS = {"sweep": 2}


def schema(command: str) -> str:
    return f"wedge.{command}/{SCHEMA_VERSIONS.get(command, SCHEMA_VERSION)}"


def json_number(x: float) -> float:
    """A JSON-safe float: finite, ``-0.0`` written as ``0.0``."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite number {x} in a report")
    return 0.0 if x == 0 else x


def fraction(q: Fraction | None) -> str | None:
    return None if q is None else str(q)


def game_header(spec: GameSpec | Game | TreeSpec | Tree) -> dict:
    """The ``game`` object of every report: ``form`` says ``"normal"`` or ``"tree"`` (:func:`tree_header`)."""
    if getattr(spec, "skeleton", None) is not None:
        return tree_header(spec)
    return {
        "title": spec.title,
        "players": [{"name": p.name, "strategies": list(p.strategies)} for p in spec.players],
        "form": "normal",
    }


def node_keys(skeleton: Skeleton) -> list[str]:
    """How JSON names each node: its name when non-empty and unique in the tree, else ``#i``.

    ``i`` counts the nodes in preorder from the root, 0 (the order of ``wedge show
    --json``'s ``nodes``). Terminals of a TOML file are named by their outcome's id, so a
    terminal whose outcome ends several paths is ``#i``.
    """
    counts: dict[str, int] = {}
    for node in skeleton.nodes:
        counts[node.name] = counts.get(node.name, 0) + 1
    return [node.name if node.name and counts[node.name] == 1 else f"#{i}" for i, node in enumerate(skeleton.nodes)]


def infoset_dict(skeleton: Skeleton, k: int, keys: list[str]) -> dict:
    """One information set: its JSON key, actions and nodes (``keys`` from :func:`node_keys`)."""
    info = skeleton.infosets[k]
    return {"key": skeleton.infoset_key(k), "actions": list(info.actions), "nodes": [keys[i] for i in info.nodes]}


def tree_header(spec: TreeSpec | Tree) -> dict:
    """The ``game`` object of a tree: players by name, the node count, and each player's
    information sets (the keys of ``behavior``) and chance's, with their nodes."""
    skeleton = spec.skeleton
    keys = node_keys(skeleton)
    mine: dict[str, list[dict]] = {name: [] for name in skeleton.players}
    chance = []
    for k, info in enumerate(skeleton.infosets):
        entry = infoset_dict(skeleton, k, keys)
        (chance if info.player is None else mine[skeleton.players[info.player]]).append(entry)
    return {
        "title": spec.title,
        "form": "tree",
        "players": list(skeleton.players),
        "nodes": len(skeleton.nodes),
        "infosets": mine,
        "chance": chance,
    }


def parameters_used(spec: GameSpec, values: Mapping[str, float]) -> dict[str, float]:
    return {name: json_number(values[name]) for name in spec.parameters}


def equilibrium_dict(game: Game, eq) -> dict:
    players = game.players
    return {
        "strategies": {
            p.name: {s: json_number(eq.strategies[i][j]) for j, s in enumerate(p.strategies)}
            for i, p in enumerate(players)
        },
        "exact": None if eq.exact is None else {
            p.name: {s: str(eq.exact[i][j]) for j, s in enumerate(p.strategies)}
            for i, p in enumerate(players)
        },
        "payoffs": {p.name: json_number(eq.payoffs[i]) for i, p in enumerate(players)},
        "exact_payoffs": None if eq.exact_payoffs is None else {
            p.name: str(eq.exact_payoffs[i]) for i, p in enumerate(players)
        },
        "support": {p.name: [p.strategies[j] for j in eq.support[i]] for i, p in enumerate(players)},
        "closed_form": None if eq.closed_form is None else {
            p.name: {s: eq.closed_form[i][j] for j, s in enumerate(p.strategies)}
            for i, p in enumerate(players)
        },
        "pure": bool(eq.pure),
        "strict": bool(eq.strict),
        "regret": json_number(eq.regret),
    }
