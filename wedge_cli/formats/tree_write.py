"""Write a game tree as a wedge TOML tree file (``[[nodes]]``; docs/format.md, "Game trees").

:func:`write_tree_toml` turns a :class:`~wedge_cli.tree.TreeSpec` (from a TOML file or a
Gambit ``.efg`` file) or a :class:`~wedge_cli.tree.Tree` into text that
:func:`wedge_cli.formats.toml_read.loads` reads back to the same tree: players, nodes in
preorder, decision information sets, action names, chance probabilities and payoffs,
exactly. Parameters and expressions are kept.

What the TOML format cannot say the same way, and what is done instead (docs/efg.md):

* Ids: a node's or outcome's label becomes its id when it is a valid id, unique among
  nodes and outcomes; otherwise it is made into one (``Outcome 1`` -> ``Outcome_1``) or,
  for an empty label, generated (``root``, ``n5``, ``o3``); a label not kept verbatim is
  written in the note.
* Outcomes on nodes that are not terminal (Gambit's incremental payoffs) are pushed down:
  each terminal gets the outcome that pays the sum of the outcomes on its path, said in
  its note and in a comment at the top; a terminal without any outcome gets a shared
  ``no_outcome`` paying 0.
* Information sets: a decision node gets ``infoset = "..."`` when its information set
  has several nodes or a label; labels are made unique across players (TOML labels name
  one information set of one player). A chance move with several nodes becomes one
  chance node per node, each with the same probabilities.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from fractions import Fraction

from wedge_cli.errors import WedgeError
from wedge_cli.formats.toml_write import parameter_table, payoff_text, toml_key, toml_string  # shared with write_toml
from wedge_cli.formats.tree_read import NODE_ID
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, Skeleton, Tree, TreeSpec

__all__ = ["write_tree_toml"]

_NOT_ID = re.compile(r"[^A-Za-z0-9_\-]+")
NO_OUTCOME = "no_outcome"


class _Ids:
    """Unique ids for nodes and outcomes, from their labels where possible."""

    def __init__(self, reserved: Sequence[str]) -> None:
        self.used: set[str] = set()
        self.reserved = set(reserved)  # labels that are valid ids, kept by their owners

    def take(self, label: str, fallback: str) -> tuple[str, bool]:
        """An unused id for ``label`` (``fallback`` when it has none); True when it is ``label`` itself."""
        if label and NODE_ID.match(label) and label not in self.used:
            self.used.add(label)
            return label, True
        base = _NOT_ID.sub("_", label).strip("_-") if label else ""
        if not base or not NODE_ID.match(base):
            base = fallback
        candidate, n = base, 1
        while candidate in self.used or (candidate != label and candidate in self.reserved):
            n += 1
            candidate = f"{base}_{n}"
        self.used.add(candidate)
        return candidate, False


def _sum(cells: Sequence) -> object:
    """The sum of payoff cells: exact when all are rational, a float with floats, else an expression."""
    if len(cells) == 1:
        return cells[0]
    if all(isinstance(c, numbers.Rational) for c in cells):
        return sum((Fraction(c) for c in cells), Fraction(0))
    if all(isinstance(c, numbers.Real) for c in cells):
        return math.fsum(float(c) for c in cells)
    return " + ".join(f"({_source(c)})" for c in cells)


def _source(cell: object) -> str:
    text = payoff_text(cell)
    return text[1:-1] if text.startswith('"') else text  # a quoted "p/q" or expression, unquoted


def _probability_cells(cells: Sequence) -> list[str]:
    """A chance node's probabilities as TOML; floats end with the exact complement so they sum to 1."""
    if cells and all(isinstance(c, float) for c in cells):
        texts = [repr(c) for c in cells[:-1]]
        rest = 1 - sum((Fraction(t) for t in texts), Fraction(0))
        return [*texts, payoff_text(max(rest, Fraction(0)))]
    return [payoff_text(c) for c in cells]


def _cells(tree: TreeSpec | Tree) -> tuple[list[tuple], list[tuple]]:
    """Outcome payoff cells and chance probability cells of a spec, or the numbers of a tree."""
    if isinstance(tree, TreeSpec):
        return [o.payoffs for o in tree.outcomes], list(tree.probabilities)
    payoffs = tree.exact if tree.exact is not None else tree.payoffs
    rows = [tuple(payoffs[j]) for j in range(payoffs.shape[0])]
    probabilities = [tuple(q) if q is not None and tree.infosets[k].player is None else tuple(p)
                     for k, (p, q) in enumerate(zip(tree.probabilities, tree.exact_probabilities))]
    return rows, probabilities


def _infoset_labels(skeleton: Skeleton) -> dict[int, str]:
    """TOML infoset labels for decision infosets that need one, unique across players."""
    infosets = skeleton.infosets
    wanted = [k for k, info in enumerate(infosets) if info.player is not None and (len(info.nodes) > 1 or info.label)]
    counts: dict[str, int] = {}
    for k in wanted:
        counts[infosets[k].label] = counts.get(infosets[k].label, 0) + 1
    used = {infosets[k].label for k in wanted if infosets[k].label and counts[infosets[k].label] == 1}
    labels = {}
    for k in wanted:
        info = infosets[k]
        if info.label and counts[info.label] == 1:
            labels[k] = info.label
            continue
        base = f"{info.label} #{info.number}" if info.label else f"{skeleton.players[info.player]} #{info.number}"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base} ({n})"
        used.add(candidate)
        labels[k] = candidate
    return labels


def write_tree_toml(tree: TreeSpec | Tree, values: Mapping[str, float | str | Fraction] | None = None) -> str:
    """The wedge TOML tree file of ``tree``.

    Parameters
    ----------
    tree : TreeSpec or Tree
        A spec keeps its parameters and expressions; a Tree is written with its numbers
        (exact where known).
    values : mapping, optional
        New parameter values replacing the defaults (numbers, Fractions or exact text
        such as ``"5/2"``); only with a TreeSpec.

    Returns
    -------
    str
        TOML text ending with a newline; the first node is the root.

    Raises
    ------
    WedgeError
        ``values`` names an unknown parameter, or the tree is not valid at those values
        (from :meth:`TreeSpec.tree`), so that what is written reads back.
    """
    values = dict(values or {})
    if isinstance(tree, TreeSpec):
        for name in values:
            if name not in tree.parameters:
                known = ", ".join(tree.parameters) or "none"
                raise WedgeError(f"unknown parameter {name!r}", path=tree.path,
                                 hint=f"parameters of this tree: {known}")
        tree.tree(values)
        parameters, descriptions = tree.parameters, tree.player_descriptions
        meta = (("description", tree.description), ("source", tree.source), ("scale", tree.unit))
    else:
        if values:
            raise ValueError("values apply to a TreeSpec; a Tree holds numbers already")
        parameters, descriptions, meta = {}, (), ()
    skeleton = tree.skeleton
    nodes = skeleton.nodes
    if nodes[0].kind == TERMINAL:
        raise WedgeError("this tree is a single terminal node: nobody moves, and a TOML tree needs at least one "
                         "[[nodes]] entry", path=getattr(tree, "path", None),
                         hint="add a move, or write the game as a normal-form file")
    outcomes = tree.outcomes
    payoff_cells, probability_cells = _cells(tree)

    # Terminal payoffs: the outcomes on each terminal's path, shared by terminals with the same path outcomes.
    on_path: list[tuple[int, ...]] = []
    for node in nodes:
        above = on_path[node.parent] if node.parent is not None else ()
        on_path.append(above + ((node.outcome,) if node.outcome is not None else ()))
    pushed = any(node.outcome is not None and node.kind != TERMINAL for node in nodes)
    groups: dict[tuple[int, ...], int] = {}
    for i in skeleton.terminals:
        groups.setdefault(on_path[i], len(groups))

    reserved = [n.name for n in nodes if n.kind != TERMINAL and n.name and NODE_ID.match(n.name)]
    reserved += [o.name for o in outcomes if o.name and NODE_ID.match(o.name)]
    ids = _Ids(reserved)
    node_ids: dict[int, str] = {}
    node_notes: dict[int, str] = {}
    for i, node in enumerate(nodes):
        if node.kind == TERMINAL:
            continue
        node_ids[i], kept = ids.take(node.name, "root" if i == 0 else f"n{i}")
        notes = [node.note] if node.note else []
        if node.name and not kept:
            notes.append(f"Gambit node label: {node.name}")
        info = skeleton.infosets[node.infoset]
        if node.kind == CHANCE and info.label:
            notes.append(f"Gambit chance information set: {info.label}")
        node_notes[i] = "\n".join(notes)
    outcome_ids: list[str] = []
    outcome_rows: list[tuple] = []
    outcome_notes: list[str] = []
    for path in groups:
        if not path:
            name, _ = ids.take(NO_OUTCOME, NO_OUTCOME)
            outcome_ids.append(name)
            outcome_rows.append(tuple(0 for _ in skeleton.players))
            outcome_notes.append("No outcome on the path (Gambit's null outcome): every payoff is 0.")
            continue
        if len(path) == 1:
            j = path[0]
            name, kept = ids.take(outcomes[j].name if j < len(outcomes) else "", f"o{j + 1}")
            notes = [outcomes[j].note] if j < len(outcomes) and outcomes[j].note else []
            if j < len(outcomes) and outcomes[j].name and not kept:
                notes.append(f"Gambit outcome label: {outcomes[j].name}")
        else:
            labels = [outcomes[j].name if j < len(outcomes) and outcomes[j].name else f"#{j + 1}" for j in path]
            joined = "_".join(_NOT_ID.sub("_", label).strip("_") for label in labels)
            name, _ = ids.take(joined if len(joined) <= 60 else "", f"o{len(outcome_ids) + 1}")
            notes = ["The sum of the outcomes on the path: " + " + ".join(labels) + "."]
        outcome_ids.append(name)
        outcome_rows.append(tuple(_sum([payoff_cells[j][p] for j in path]) for p in range(len(skeleton.players))))
        outcome_notes.append("\n".join(notes))
    target = {i: (outcome_ids[groups[on_path[i]]] if nodes[i].kind == TERMINAL else node_ids[i])
              for i in range(len(nodes))}
    infoset_labels = _infoset_labels(skeleton)

    out = []
    if pushed:
        out += ["# Outcomes on nodes that are not terminal (Gambit's incremental payoffs) are pushed down:",
                "# each [[outcomes]] entry pays the sum of the outcomes on its path, as its note says.", ""]
    out.append(f"title = {toml_string(tree.title)}")
    for key, text in meta:
        if text:
            out.append(f"{key} = {toml_string(text, multiline=True)}")
    for name, parameter in parameters.items():
        out.append("")
        out.extend(parameter_table(name, parameter, values.get(name, parameter.value)))
    for p, player in enumerate(skeleton.players):
        out += ["", "[[players]]", f"name = {toml_string(player)}"]
        if p < len(descriptions) and descriptions[p]:
            out.append(f"description = {toml_string(descriptions[p], multiline=True)}")
    for i, node in enumerate(nodes):
        if node.kind == TERMINAL:
            continue
        info = skeleton.infosets[node.infoset]
        out += ["", "[[nodes]]", f"id = {toml_string(node_ids[i])}"]
        if node.kind == DECISION:
            out.append(f"player = {toml_string(skeleton.players[info.player])}")
            if node.infoset in infoset_labels:
                out.append(f"infoset = {toml_string(infoset_labels[node.infoset])}")
        else:
            out.append("probabilities = [" + ", ".join(_probability_cells(probability_cells[node.infoset])) + "]")
        actions = ", ".join(f"{toml_key(a)} = {toml_string(target[c])}" for a, c in zip(node.actions, node.children))
        out.append(f"actions = {{ {actions} }}")
        if node_notes[i]:
            out.append(f"note = {toml_string(node_notes[i], multiline=True)}")
    for name, row, note in zip(outcome_ids, outcome_rows, outcome_notes):
        out += ["", "[[outcomes]]", f"id = {toml_string(name)}",
                "payoffs = [" + ", ".join(payoff_text(c) for c in row) + "]"]
        if note:
            out.append(f"note = {toml_string(note, multiline=True)}")
    return "\n".join(out) + "\n"
