"""Read game trees written in TOML (a file with ``[[nodes]]``) into :class:`~wedge_cli.tree.TreeSpec`.

The file is a flat list of nodes with ids, each naming the node or outcome every
action leads to; the reader walks it from the first node (the root) into preorder and
checks it: every node reached exactly once, every outcome reached, one player and one
list of actions per information set, chance probabilities that are not negative and
sum to 1 at the default values. Every error names the file, the line and the fix. The
format, and why it is a flat list: docs/format.md ("Game trees").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from wedge_cli.errors import GameTooLargeError, suggest
from wedge_cli.formats.toml_fields import FieldReader, kind_of
from wedge_cli.formats.toml_lines import TomlLines
from wedge_cli.model import MAX_PLAYERS
from wedge_cli.tree import CHANCE, DECISION, MAX_NODES, TERMINAL, InfoSet, Node, Outcome, Skeleton, TreeSpec

TREE_KEYS = ("title", "description", "source", "scale", "parameters", "players", "nodes", "outcomes")
TREE_PLAYER_KEYS = ("name", "description")
NODE_KEYS = ("id", "player", "actions", "probabilities", "infoset", "note")
TREE_OUTCOME_KEYS = ("id", "payoffs", "note")
NODE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]*$")

__all__ = ["NODE_KEYS", "TREE_KEYS", "is_tree", "read_tree"]


def is_tree(data: Mapping) -> bool:
    """Whether a parsed TOML file describes a tree (it has ``nodes``)."""
    return "nodes" in data


def read_tree(data: Mapping, lines: TomlLines, path: str) -> TreeSpec:
    """Validate a parsed tree file and build its spec; raises LoadError naming the line."""
    return _TreeReader(dict(data), lines, path).build()


class _TreeReader(FieldReader):
    def build(self) -> TreeSpec:
        data = self.data
        for key in data:
            if key not in TREE_KEYS:
                hint = suggest(key, TREE_KEYS)
                if key == "payoffs":
                    hint = "a tree file gives payoffs in [[outcomes]] entries with id = ... and payoffs = [...]"
                raise self.error(f"unknown key {key!r} at the top level of a tree file", key, hint=hint)
        players, descriptions = self.tree_players()
        parameters = self.parameters()
        outcomes, outcome_index = self.tree_outcomes(players, parameters)
        raw_nodes = self.raw_nodes(players, outcome_index)
        skeleton, probability_cells, probability_lines = self.walk(players, parameters, raw_nodes, outcome_index,
                                                                   outcomes)
        spec = TreeSpec(
            skeleton=skeleton, outcomes=tuple(outcomes), probabilities=probability_cells, parameters=parameters,
            title=self.text(data, "title"), description=self.text(data, "description"),
            source=self.text(data, "source"), unit=self.text(data, "scale"), path=self.path,
            probability_lines=probability_lines, player_descriptions=tuple(descriptions),
        )
        spec.tree()  # payoffs finite and chance probabilities valid at the default values
        return spec

    # -- players

    def tree_players(self) -> tuple[list[str], list[str]]:
        raw = self.data.get("players")
        if raw is None:
            raise self.error("no players", hint='add [[players]] tables with name = "..."')
        if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw) or not raw:
            raise self.error("'players' must be a non-empty array of tables", "players",
                             hint='write each player as [[players]] with name = "..."')
        if len(raw) > MAX_PLAYERS:
            raise self.error(f"{len(raw)} players; wedge handles at most {MAX_PLAYERS}", "players", len(raw) - 1,
                             cls=GameTooLargeError, hint="merge or drop players")
        names: list[str] = []
        descriptions: list[str] = []
        for i, table in enumerate(raw):
            at = ("players", i)
            if "strategies" in table:
                raise self.error(f"player {i + 1} has strategies, but in a tree file players move at nodes",
                                 *at, "strategies",
                                 hint="remove strategies; give each [[nodes]] entry a player and its actions")
            self.unknown_keys(table, TREE_PLAYER_KEYS, *at, what=f"player {i + 1}")
            name = self.text(table, "name", *at, required=True).strip()
            if not name:
                raise self.error("player name is empty", *at, "name", hint="give the player a name")
            if name in names:
                raise self.error(f"duplicate player name {name!r} (also player {names.index(name) + 1})",
                                 *at, "name", hint="give every player a different name")
            names.append(name)
            descriptions.append(self.text(table, "description", *at))
        return names, descriptions

    # -- outcomes

    def identifier(self, table: Mapping, at: tuple, what: str) -> str:
        value = table.get("id")
        if value is None:
            raise self.error(f"{what} has no id", *at, hint='add id = "..." (letters, digits, _ and -)')
        if not isinstance(value, str) or not NODE_ID.match(value):
            raise self.error(f"{what}: id {value!r} is not a valid id", *at, "id",
                             hint="use letters, digits, _ and -, e.g. id = \"congress_after_delivery\"")
        return value

    def tree_outcomes(self, players, parameters) -> tuple[list[Outcome], dict[str, int]]:
        raw = self.data.get("outcomes", [])
        if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
            raise self.error("'outcomes' must be an array of tables", "outcomes",
                             hint="write each outcome as [[outcomes]] with id = ... and payoffs = [...]")
        outcomes: list[Outcome] = []
        index: dict[str, int] = {}
        for k, table in enumerate(raw):
            at = ("outcomes", k)
            if "profile" in table:
                raise self.error(f"outcome {k + 1} has a profile, but outcomes of a tree are named by id", *at,
                                 "profile", hint='replace profile = [...] by id = "..." and point an action at it')
            self.unknown_keys(table, TREE_OUTCOME_KEYS, *at, what=f"outcome {k + 1}")
            name = self.identifier(table, at, f"outcome {k + 1}")
            if name in index:
                raise self.error(f"outcome id {name!r} is used twice (also outcome {index[name] + 1})", *at, "id",
                                 hint="give every outcome a different id")
            payoffs = table.get("payoffs")
            expected = f"one per player ({', '.join(players)})"
            if payoffs is None:
                raise self.error(f"outcome {name!r} has no payoffs", *at,
                                 hint="add payoffs = [" + ", ".join("0" for _ in players) + f"], {expected}")
            if not isinstance(payoffs, list) or len(payoffs) != len(players):
                shown = f"{len(payoffs)}" if isinstance(payoffs, list) else kind_of(payoffs)
                raise self.error(f"outcome {name!r}: payoffs must list {len(players)} values, {expected}; "
                                 f"found {shown}", *at, "payoffs",
                                 hint="payoffs = [" + ", ".join("0" for _ in players) + "]")
            line = self.lines.of(*at, "payoffs")
            cells = tuple(self.cell(value, parameters, line, f"outcome {name!r} payoff of {players[p]}")
                          for p, value in enumerate(payoffs))
            index[name] = k
            outcomes.append(Outcome(cells, name, self.text(table, "note", *at), self.lines.of(*at)))
        return outcomes, index

    # -- nodes

    def raw_nodes(self, players: list[str], outcome_index: Mapping[str, int]) -> list[dict]:
        raw = self.data.get("nodes")
        if not isinstance(raw, list) or not all(isinstance(n, dict) for n in raw) or not raw:
            raise self.error("'nodes' must be a non-empty array of tables", "nodes",
                             hint='write each node as [[nodes]] with id, player and actions = { Action = "next_id" }')
        seen: dict[str, int] = {}
        for i, table in enumerate(raw):
            at = ("nodes", i)
            self.unknown_keys(table, NODE_KEYS, *at, what=f"node {i + 1}")
            name = self.identifier(table, at, f"node {i + 1}")
            if name in seen:
                raise self.error(f"node id {name!r} is used twice (also node {seen[name] + 1})", *at, "id",
                                 hint="give every node a different id")
            if name in outcome_index:
                raise self.error(f"node id {name!r} is also an outcome id", *at, "id",
                                 hint="ids name one node or one outcome: rename one of them")
            seen[name] = i
            has_player, has_chance = "player" in table, "probabilities" in table
            if has_player == has_chance:
                raise self.error(f"node {name!r} needs either player = \"...\" (a decision) or probabilities = "
                                 "[...] (a chance move), not " + ("both" if has_player else "neither"), *at,
                                 hint=f"for example player = {players[0]!r}")
            if has_player:
                player = table["player"]
                if isinstance(player, str):
                    player = player.strip()  # as player names are
                if not isinstance(player, str) or player not in players:
                    raise self.error(f"node {name!r}: player {player!r} is not one of the [[players]]", *at,
                                     "player", hint=suggest(str(player), players))
            elif "infoset" in table:
                raise self.error(f"chance node {name!r} has an infoset", *at, "infoset",
                                 hint="information sets group a player's decision nodes; remove it")
            label = table.get("infoset", "")
            if not isinstance(label, str):
                raise self.error(f"node {name!r}: infoset must be a string label", *at, "infoset",
                                 hint='infoset = "congress_unsure" on every node the player cannot tell apart')
            actions = table.get("actions")
            if not isinstance(actions, dict) or not actions:
                raise self.error(f"node {name!r} needs actions = {{ Action = \"next_id\", ... }}", *at, "actions",
                                 hint="each action names the node or outcome it leads to")
            stripped: dict[str, str] = {}
            for action, target in actions.items():
                if not action.strip():
                    raise self.error(f"node {name!r} has an empty action name", *at, "actions",
                                     hint="give every action a name")
                if action.strip() in stripped:
                    raise self.error(f"node {name!r} has two actions named {action.strip()!r} "
                                     f"({stripped[action.strip()]!r} and {action!r}; spaces around a name do not "
                                     "count)", *at, "actions", hint="give every action of a node a different name")
                stripped[action.strip()] = action
                if not isinstance(target, str):
                    raise self.error(f"node {name!r}: action {action!r} must name a node or outcome id, "
                                     f"not {kind_of(target)}", *at, "actions",
                                     hint=f'write {action} = "next_id"')
            if has_chance:
                probabilities = table["probabilities"]
                if not isinstance(probabilities, list) or len(probabilities) != len(actions):
                    raise self.error(f"chance node {name!r}: probabilities must list {len(actions)} values, one per "
                                     f"action ({', '.join(actions)}), in the same order", *at, "probabilities",
                                     hint="for example probabilities = [\"prior\", \"1 - prior\"]")
        for i, table in enumerate(raw):
            for action, target in table["actions"].items():
                if target not in seen and target not in outcome_index:
                    raise self.error(f"node {table['id']!r}: action {action!r} leads to {target!r}, which is no "
                                     "node or outcome id", "nodes", i, "actions",
                                     hint=suggest(target, [*seen, *outcome_index]) or "add it")
        return raw

    def walk(self, players, parameters, raw: list[dict], outcome_index: Mapping[str, int],
             outcomes: list[Outcome]):
        """The nodes in preorder from the first one, with infosets; every node reached exactly once."""
        by_id = {table["id"]: i for i, table in enumerate(raw)}
        nodes: list[dict] = []  # mutable drafts, frozen into Node at the end
        reached_from: dict[str, tuple[str, str]] = {}
        outcome_used = [False] * len(outcomes)
        stack: list[tuple[str, int | None, str]] = [(raw[0]["id"], None, "")]
        while stack:
            target, parent, via = stack.pop()
            if len(nodes) >= MAX_NODES:
                raise self.error(f"the tree has more than {MAX_NODES:,} nodes, the limit", "nodes",
                                 cls=GameTooLargeError, hint="split the game into smaller trees")
            index = len(nodes)
            if parent is not None:
                nodes[parent]["children"].append(index)
            if target in outcome_index:
                j = outcome_index[target]
                outcome_used[j] = True
                outcome = outcomes[j]
                nodes.append(dict(kind=TERMINAL, parent=parent, children=[], actions=(), outcome=j, name=target,
                                  note=outcome.note, line=outcome.line, label=""))
                continue
            i = by_id[target]
            table = raw[i]
            if target in reached_from or (parent is None and nodes):
                first = reached_from.get(target, ("", "the root"))
                raise self.error(f"node {target!r} is reached twice: from {first[0] or 'the start'!r} "
                                 f"({first[1]}) and from {nodes[parent]['name']!r} ({via})", "nodes", i,
                                 hint="a node of a tree has one parent; give the second path its own node "
                                      "(copy it under a new id)")
            reached_from[target] = (nodes[parent]["name"] if parent is not None else "", via or "the root")
            actions = tuple(a.strip() for a in table["actions"])
            nodes.append(dict(kind=CHANCE if "probabilities" in table else DECISION, parent=parent, children=[],
                              actions=actions, outcome=None, name=target, note=self.text(table, "note", "nodes", i),
                              line=self.lines.of("nodes", i), label=table.get("infoset", ""), raw=i))
            # push in reverse so the first action is visited first (preorder)
            for action, child in reversed(list(table["actions"].items())):
                if child in by_id and child in reached_from:
                    first = reached_from[child]
                    raise self.error(f"node {child!r} is reached twice: from {first[0] or 'the start'!r} ({first[1]}) "
                                     f"and from {target!r} ({action})", "nodes", i, "actions",
                                     hint="a node of a tree has one parent, so no path may loop back; give the "
                                          "second path its own node")
                stack.append((child, index, action))
        for i, table in enumerate(raw):
            if table["id"] not in reached_from:
                raise self.error(f"node {table['id']!r} is never reached from the root {raw[0]['id']!r}",
                                 "nodes", i, hint="point an action at it, or remove it (the first node is the root)")
        for j, used in enumerate(outcome_used):
            if not used:
                raise self.error(f"outcome {outcomes[j].name!r} is never reached", "outcomes", j,
                                 hint="point an action at it, or remove it")
        infosets, probability_cells, probability_lines = self.infosets(players, parameters, raw, nodes)
        frozen = tuple(Node(kind=d["kind"], parent=d["parent"], children=tuple(d["children"]), actions=d["actions"],
                            infoset=d.get("infoset"), outcome=d["outcome"], name=d["name"], note=d["note"],
                            line=d["line"]) for d in nodes)
        return (Skeleton(tuple(players), frozen, tuple(infosets), len(outcomes)), tuple(probability_cells),
                tuple(probability_lines))

    def infosets(self, players, parameters, raw, nodes):
        infosets: list[InfoSet] = []
        cells: list[tuple] = []
        lines: list[int | None] = []
        by_label: dict[str, int] = {}
        members: list[list[int]] = []
        counts: dict[int | None, int] = {}
        for index, draft in enumerate(nodes):
            if draft["kind"] == TERMINAL:
                continue
            table = raw[draft["raw"]]
            player = players.index(table["player"].strip()) if draft["kind"] == DECISION else None
            label = draft["label"]
            if label and label in by_label:
                k = by_label[label]
                first = nodes[members[k][0]]
                if infosets[k].player != player:
                    raise self.error(f"information set {label!r} has nodes of {players[infosets[k].player]} "
                                     f"({first['name']!r}) and of {players[player]} ({draft['name']!r})",
                                     "nodes", draft["raw"], "infoset",
                                     hint="the nodes of one information set belong to one player: "
                                          "change the player or the label")
                if infosets[k].actions != draft["actions"]:
                    raise self.error(f"information set {label!r}: node {draft['name']!r} has actions "
                                     f"{list(draft['actions'])} but {first['name']!r} has "
                                     f"{list(infosets[k].actions)}", "nodes", draft["raw"], "actions",
                                     hint="a player who cannot tell the nodes apart has the same actions, in the "
                                          "same order, at each of them")
                members[k].append(index)
                draft["infoset"] = k
                continue
            k = len(infosets)
            counts[player] = counts.get(player, 0) + 1
            infosets.append(InfoSet(player, draft["actions"], (), label, counts[player]))
            members.append([index])
            draft["infoset"] = k
            if label:
                by_label[label] = k
            if player is None:
                line = self.lines.of("nodes", draft["raw"], "probabilities")
                cells.append(tuple(self.cell(value, parameters, line,
                                             f"chance node {draft['name']!r} probability of {action!r}")
                                   for action, value in zip(draft["actions"], table["probabilities"])))
                lines.append(line)
            else:
                cells.append(())
                lines.append(None)
        infosets = [InfoSet(info.player, info.actions, tuple(members[k]), info.label, info.number)
                    for k, info in enumerate(infosets)]
        return infosets, cells, lines

