"""The game tree of a Bayesian game: chance draws the types, then the players choose, each knowing only its type.

:func:`expand` builds the :class:`~wedge_cli.tree.TreeSpec` of a Bayesian game read by
:mod:`wedge_cli.formats.bayesian_read`, in preorder: one chance node per player with
types, in player order (or one joint chance node for a ``[prior]`` table), then each
player's decision nodes, in player order, then one outcome per type profile and
strategy profile. Each player has one information set per own type (one in all for a
player without types). Ids, labels and notes are made from the names in the file. Why
this shape: docs/format.md ("Bayesian games").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wedge_cli.model import Player
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Outcome, Skeleton, TreeSpec

__all__ = ["Prior", "expand"]

_NOT_ID = re.compile(r"[^A-Za-z0-9_\-]+")


@dataclass(frozen=True)
class Prior:
    """The prior of a Bayesian game as written: probability cells per player with types (independent types,
    with the line of each player's ``prior``) or per type profile (a joint ``[prior]`` table, and its line)."""

    independent: tuple[tuple, ...] | None  # per typed player, one cell per type
    independent_lines: tuple[int | None, ...]
    joint: tuple | None  # one cell per type profile, in profile order
    joint_line: int | None


def _id_part(text: str) -> str:
    """``text`` as a piece of a node id (letters, digits, ``_`` and ``-``)."""
    return _NOT_ID.sub("_", text).strip("_-") or "x"


def expand(players: Sequence[Player], types: Sequence[tuple[str, ...]], prior: Prior, cells: Mapping,
           where: Mapping, notes: Mapping, note_lines: Mapping, player_lines: Sequence[int | None],
           **fields) -> TreeSpec:
    """The tree of a Bayesian game.

    Parameters
    ----------
    players, types
        The players with their strategies, and each one's types (``()`` for none).
    prior
        The probabilities of the types, as cells.
    cells, where
        Per type profile (a tuple of type indices, one per player with types): the payoff
        cells ``cells[profile][(p, *strategies)]`` and the line of each.
    notes, note_lines
        Per ``(type profile, strategy profile)`` given in ``[[outcomes]]``: its note and line.
    player_lines
        The line of each ``[[players]]`` table (the line of that player's nodes).
    **fields
        The rest of the :class:`~wedge_cli.tree.TreeSpec`: parameters, title, path, ...
    """
    return _Expansion(players, types, prior, cells, where, notes, note_lines, player_lines).spec(**fields)


class _Expansion:
    """The tree of a Bayesian game: chance draws the types, then the players choose in order.

    Each player's decision nodes form one information set per own type (one in all for a
    player without types): it knows its type, not the others' types or earlier choices.
    """

    def __init__(self, players, types, prior: Prior, cells, where, notes, note_lines, player_lines) -> None:
        self.players, self.types = players, types
        self.typed = tuple(i for i, t in enumerate(types) if t)
        self.profiles = tuple(itertools.product(*(range(len(types[i])) for i in self.typed)))
        self.prior, self.cells, self.where = prior, cells, where
        self.notes, self.note_lines, self.player_lines = notes, note_lines, player_lines
        self.nodes: list[dict] = []
        self.outcomes: list[Outcome] = []
        self.infosets: list[list] = []  # [player, actions, members, label, number]
        self.probabilities: list[tuple] = []
        self.probability_lines: list[int | None] = []
        self.decision_infoset: dict[tuple[int, int | None], int] = {}
        self.counts: dict[int | None, int] = {}
        self.used: set[str] = set()
        self.labels = self.infoset_labels()

    def infoset_labels(self) -> dict[tuple[int, int | None], str]:
        """The label of each (player, own type) information set: the type's name, or the player's for one without
        types; ``Player type`` where two players share a type name, so labels stay unique across players."""
        wanted = {}
        for i, player in enumerate(self.players):
            if self.types[i]:
                wanted.update({(i, t): name for t, name in enumerate(self.types[i])})
            else:
                wanted[(i, None)] = player.name
        counts: dict[str, int] = {}
        for label in wanted.values():
            counts[label] = counts.get(label, 0) + 1
        labels, used = {}, set()
        for (i, t), label in wanted.items():
            if counts[label] > 1 and t is not None:
                label = f"{self.players[i].name} {label}"
            candidate, n = label, 1
            while candidate in used:
                n += 1
                candidate = f"{label} ({n})"
            used.add(candidate)
            labels[(i, t)] = candidate
        return labels

    def unique(self, parts: Sequence[str]) -> str:
        base = "_".join(_id_part(p) for p in parts)
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}_{n}"
        self.used.add(candidate)
        return candidate

    def new_infoset(self, player: int | None, actions: tuple[str, ...], label: str = "", probabilities: tuple = (),
                    line: int | None = None) -> int:
        """A new information set; a chance one (``player`` None) with its probability cells and their line."""
        self.counts[player] = self.counts.get(player, 0) + 1
        self.infosets.append([player, actions, [], label, self.counts[player]])
        self.probabilities.append(probabilities)
        self.probability_lines.append(line)
        return len(self.infosets) - 1

    def add(self, kind: str, parent: int | None, actions: tuple[str, ...], infoset: int | None, name: str,
            note: str, line: int | None, outcome: int | None = None) -> int:
        index = len(self.nodes)
        self.nodes.append(dict(kind=kind, parent=parent, children=[], actions=actions, infoset=infoset,
                               outcome=outcome, name=name, note=note, line=line))
        if parent is not None:
            self.nodes[parent]["children"].append(index)
        if infoset is not None:
            self.infosets[infoset][2].append(index)
        return index

    def grow(self, parent: int | None, drawn: tuple[int, ...], chosen: tuple[int, ...], history: tuple[str, ...]
             ) -> None:
        """Add the subtree after the types ``drawn`` so far (per typed player) and the strategies ``chosen``."""
        players, types, typed = self.players, self.types, self.typed
        if len(drawn) < len(typed) and self.prior.joint is not None:
            actions = tuple("/".join(types[i][t] for i, t in zip(typed, tau)) for tau in self.profiles)
            k = self.new_infoset(None, actions, probabilities=self.prior.joint, line=self.prior.joint_line)
            owners = [players[i].name for i in typed]
            who = owners[0] if len(owners) == 1 else ", ".join(owners[:-1]) + " and " + owners[-1]
            node = self.add(CHANCE, parent, actions, k, self.unique(["types"]),
                            f"Chance draws the types of {who} together, with the [prior] table.",
                            self.prior.joint_line)
            for tau in self.profiles:
                self.grow(node, tau, chosen, (*history, *(types[i][t] for i, t in zip(typed, tau))))
            return
        if len(drawn) < len(typed):
            d = len(drawn)
            owner = typed[d]
            actions = types[owner]
            k = self.new_infoset(None, actions, probabilities=self.prior.independent[d],
                                 line=self.prior.independent_lines[d])
            node = self.add(CHANCE, parent, actions, k, self.unique(["type_of", players[owner].name, *history]),
                            f"Chance draws {players[owner].name}'s type: {', '.join(actions)}.",
                            self.prior.independent_lines[d])
            for t, name in enumerate(actions):
                self.grow(node, (*drawn, t), chosen, (*history, name))
            return
        if len(chosen) < len(players):
            i = len(chosen)
            own = drawn[typed.index(i)] if types[i] else None
            key = (i, own)
            actions = players[i].strategies
            if key not in self.decision_infoset:
                self.decision_infoset[key] = self.new_infoset(i, actions, self.labels[key])
            node = self.add(DECISION, parent, actions, self.decision_infoset[key],
                            self.unique([players[i].name, *history]), self.decision_note(i, own),
                            self.player_lines[i])
            for s, name in enumerate(actions):
                self.grow(node, drawn, (*chosen, s), (*history, name))
            return
        key = (drawn, chosen)
        payoffs = tuple(self.cells[drawn][(p, *chosen)] for p in range(len(players)))
        line = self.note_lines.get(key, self.where[drawn].get((0, *chosen)))
        name = self.unique(list(history))
        self.outcomes.append(Outcome(payoffs, name, self.notes.get(key, ""), line))
        self.add(TERMINAL, parent, (), None, name, self.notes.get(key, ""), line, outcome=len(self.outcomes) - 1)

    def decision_note(self, i: int, own: int | None) -> str:
        """What player ``i`` knows when it chooses, in words."""
        hidden = [f"{self.players[j].name}'s type" for j in self.typed if j != i]
        earlier = [self.players[j].name for j in range(i)]
        if earlier:
            hidden.append("what " + (earlier[0] if len(earlier) == 1 else ", ".join(earlier[:-1]) + " and "
                                     + earlier[-1]) + " chose")
        knows = f", knowing its type is {self.types[i][own]}" if own is not None else ""
        if not hidden:
            return f"{self.players[i].name} chooses{knows}."
        unknown = hidden[0] if len(hidden) == 1 else ", ".join(hidden[:-1]) + " or " + hidden[-1]
        return f"{self.players[i].name} chooses{knows}{',' if knows else ''} without knowing {unknown}."

    def spec(self, **fields) -> TreeSpec:
        self.grow(None, (), (), ())
        frozen = tuple(Node(kind=d["kind"], parent=d["parent"], children=tuple(d["children"]), actions=d["actions"],
                            infoset=d["infoset"], outcome=d["outcome"], name=d["name"], note=d["note"],
                            line=d["line"]) for d in self.nodes)
        infosets = tuple(InfoSet(player, actions, tuple(members), label, number)
                         for player, actions, members, label, number in self.infosets)
        skeleton = Skeleton(tuple(p.name for p in self.players), frozen, infosets, len(self.outcomes))
        return TreeSpec(skeleton=skeleton, outcomes=tuple(self.outcomes), probabilities=tuple(self.probabilities),
                        probability_lines=tuple(self.probability_lines), **fields)


def _id_part(text: str) -> str:
    """``text`` as a piece of a node id (letters, digits, ``_`` and ``-``)."""
    return _NOT_ID.sub("_", text).strip("_-") or "x"
