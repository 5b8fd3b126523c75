"""``wedge.solve/1`` and ``wedge.show/1`` for game trees (``"form": "tree"``, docs/json.md).

:func:`tree_solve_report` writes down a :class:`~wedge_cli.solve.tree.result.TreeSolution`:
behaviour strategies per information set, paths of play, beliefs, and why an
equilibrium that is not subgame perfect fails (``not_credible``). :func:`tree_show_report`
writes down the tree itself, node by node, with the path of the first equilibrium
marked. Both only write: the solver computed everything.

Names: an information set is ``Skeleton.infoset_key(k)``; a node is
:func:`~wedge_cli.report.common.node_keys` (its id, or ``#i`` by preorder index).
Chance moves are part of the game, not of a strategy: they appear in the ``game``
header (``chance``), in the nodes of ``wedge show`` and in the probabilities of each
path, never in ``behavior``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from wedge_cli.report.common import fraction, json_number, node_keys, schema, tree_header
from wedge_cli.report.show import parameter_dict
from wedge_cli.text.numbers import rounded_text
from wedge_cli.text.trees import belief_set_text, node_descriptions

if TYPE_CHECKING:
    from wedge_cli.solve.tree.result import TreeEquilibrium, TreeSolution
    from wedge_cli.tree import Skeleton, Tree, TreeSpec

__all__ = ["cell_text", "tree_equilibrium_dict", "tree_show_report", "tree_solve_report"]


def _per_player(skeleton: Skeleton, rows: Sequence[Sequence], write) -> dict:
    """``{player: {infoset_key: {action: write(x)}}}`` over the decision infosets, every player present."""
    out: dict[str, dict] = {name: {} for name in skeleton.players}
    for k, info in enumerate(skeleton.infosets):
        if info.player is not None:
            out[skeleton.players[info.player]][skeleton.infoset_key(k)] = {
                a: write(x) for a, x in zip(info.actions, rows[k])}
    return out


def _beliefs(skeleton: Skeleton, beliefs: Mapping[int, Sequence] | None, keys: list[str], write) -> dict | None:
    """``{player: {infoset_key: {node_key: write(p)}}}`` for the infosets that have beliefs."""
    if beliefs is None:
        return None
    out: dict[str, dict] = {name: {} for name in skeleton.players}
    for k in sorted(beliefs):
        info = skeleton.infosets[k]
        if info.player is not None:
            out[skeleton.players[info.player]][skeleton.infoset_key(k)] = {
                keys[i]: write(p) for i, p in zip(info.nodes, beliefs[k])}
    return out


def tree_equilibrium_dict(tree: Tree, eq: TreeEquilibrium, keys: list[str] | None = None) -> dict:
    """One equilibrium of ``equilibria`` (docs/json.md, "Game trees")."""
    skeleton = tree.skeleton
    keys = node_keys(skeleton) if keys is None else keys
    players = skeleton.players
    return {
        "behavior": _per_player(skeleton, eq.behavior, json_number),
        "exact": None if eq.exact is None else _per_player(skeleton, eq.exact, str),
        "payoffs": {p: json_number(x) for p, x in zip(players, eq.payoffs)},
        "exact_payoffs": None if eq.exact_payoffs is None else {p: str(x) for p, x in zip(players, eq.exact_payoffs)},
        "path": [{"actions": list(step.actions), "terminal": keys[step.terminal],
                  "probability": json_number(step.probability), "exact": fraction(step.exact)} for step in eq.path],
        "beliefs": _beliefs(skeleton, eq.beliefs, keys, json_number),
        "exact_beliefs": _beliefs(skeleton, eq.exact_beliefs, keys, str),
        "subgame_perfect": bool(eq.subgame_perfect),
        "not_credible": [threat_dict(skeleton, t, keys) for t in eq.not_credible],
        "off_path_beliefs": [belief_set_dict(skeleton, b, keys) for b in eq.off_path],
        "kind": eq.kind,
        "intuitive": eq.intuitive,
        "sequential": eq.sequential,
    }


def _exact_text(x) -> str | None:
    return str(x) if isinstance(x, (Fraction, int)) else None


def belief_set_dict(skeleton: Skeleton, support, keys: list[str]) -> dict:
    """One entry of ``off_path_beliefs``: the beliefs off the path that support the equilibrium's choice there."""
    info = skeleton.infosets[support.infoset]
    nodes = [keys[i] for i in support.nodes]
    exact = all(_exact_text(c) is not None for coefficients, _ in support.inequalities for c in coefficients)
    interval = None
    if support.interval is not None:
        low, high = support.interval
        interval = {"node": nodes[0], "low": json_number(float(low)), "high": json_number(float(high)),
                    "exact_low": _exact_text(low), "exact_high": _exact_text(high)}
    player = skeleton.players[info.player]
    where = skeleton.infoset_key(support.infoset)
    return {
        "player": player,
        "infoset": where,
        "nodes": nodes,
        "inequalities": [{"coefficients": {n: json_number(float(c)) for n, c in zip(nodes, coefficients)},
                          "exact_coefficients": ({n: str(c) for n, c in zip(nodes, coefficients)} if exact else None),
                          "at_least": json_number(float(bound))} for coefficients, bound in support.inequalities],
        "interval": interval,
        "witness": {n: json_number(float(p)) for n, p in zip(nodes, support.witness)},
        "text": belief_set_text(player, where, node_descriptions(skeleton, support.nodes), support.interval,
                                support.inequalities, _number_word),
    }


def _number_word(x) -> str:
    return str(x) if isinstance(x, (Fraction, int)) else rounded_text(float(x))


def threat_dict(skeleton: Skeleton, threat, keys: list[str]) -> dict:
    """One entry of ``not_credible``: who would play ``planned`` where ``better`` pays ``gain`` more."""
    info = skeleton.infosets[threat.infoset]
    return {
        "player": skeleton.players[info.player],
        "infoset": skeleton.infoset_key(threat.infoset),
        "node": keys[threat.node],
        "planned": threat.planned,
        "better": threat.better,
        "gain": json_number(threat.gain),
        "exact_gain": None if threat.exact_gain is None else str(threat.exact_gain),
    }


def tree_solve_report(spec: TreeSpec | Tree, values: Mapping[str, float], solution: TreeSolution) -> dict:
    """``wedge.solve/1`` for a tree: the equilibria of ``solution`` at the parameter ``values``.

    ``spec`` gives the title and the parameters' order (a :class:`~wedge_cli.tree.Tree`
    has none: ``parameters`` is then ``values`` as given).
    """
    tree = solution.tree
    skeleton = tree.skeleton
    keys = node_keys(skeleton)
    names = list(getattr(spec, "parameters", None) or values)
    return {
        "schema": schema("solve"),
        "game": tree_header(spec),
        "parameters": {name: json_number(values[name]) for name in names},
        "concept": solution.concept,
        "method": solution.method,
        "complete": bool(solution.complete),
        "degenerate": bool(solution.degenerate),
        "tolerance": json_number(solution.tol),
        "equilibria": [tree_equilibrium_dict(tree, eq, keys) for eq in solution.equilibria],
        "ties": [tie_dict(skeleton, tie, keys) for tie in solution.ties],
        "subgames": [keys[i] for i in solution.subgames],
        "warnings": [{"code": w["code"], "message": w["message"]} for w in solution.warnings],
    }


def tie_dict(skeleton: Skeleton, tie, keys: list[str]) -> dict:
    """One entry of ``ties``: a mover indifferent between ``actions`` at ``node``."""
    info = skeleton.infosets[skeleton.nodes[tie.node].infoset]
    return {"node": keys[tie.node], "player": skeleton.players[info.player], "actions": list(tie.actions)}


def cell_text(cell) -> str:
    """A payoff or probability as the file wrote it: an expression's source, a number's exact text."""
    if isinstance(cell, Fraction):
        return str(cell)
    if isinstance(cell, (int, float)):
        return repr(cell)
    return cell.source


def _on_path(skeleton: Skeleton, eq: TreeEquilibrium | None) -> set[tuple[int, int]]:
    """The (node, action index) pairs that some path of ``eq`` with positive probability takes."""
    steps: set[tuple[int, int]] = set()
    for step in eq.path if eq is not None else ():
        if step.probability > 0 or (step.exact is not None and step.exact > 0):
            steps.update(skeleton.path(step.terminal))
    return steps


def tree_show_report(spec: TreeSpec, values: Mapping[str, float], tree: Tree,
                     solution: TreeSolution | None, warnings: Sequence[dict] = (), limit: int | None = None) -> dict:
    """``wedge.show/1`` for a tree: every node in preorder, the first equilibrium of ``solution`` marked.

    ``solution`` may be None (the tree could not be solved: ``warnings`` says why); then
    ``equilibrium`` is null and no action is ``on_path``. ``limit``: list only the first
    ``limit`` nodes in preorder, what a drawing cut at that many lines shows (None: all,
    as ``--json`` gives; ``game.nodes`` has the total).
    """
    skeleton = tree.skeleton
    keys = node_keys(skeleton)
    players = skeleton.players
    first = solution.equilibria[0] if solution is not None and solution.equilibria else None
    path = _on_path(skeleton, first)
    totals, exact_totals = tree.terminal_payoffs()
    terminal_row = {i: r for r, i in enumerate(skeleton.terminals)}
    nodes = []
    listed = skeleton.nodes if limit is None else skeleton.nodes[:max(1, limit)]
    for i, node in enumerate(listed):
        info = skeleton.infosets[node.infoset] if node.infoset is not None else None
        chance = info is not None and info.player is None
        exact_p = tree.exact_probabilities[node.infoset] if chance else None
        actions = []
        for a, (label, child) in enumerate(zip(node.actions, node.children)):
            actions.append({
                "action": label,
                "child": keys[child],
                "probability": json_number(tree.probabilities[node.infoset][a]) if chance else None,
                "exact": str(exact_p[a]) if exact_p is not None else None,
                "expression": cell_text(spec.probabilities[node.infoset][a]) if chance else None,
                "on_path": (i, a) in path,
            })
        row = terminal_row.get(i)
        outcome = spec.outcomes[node.outcome] if node.outcome is not None else None
        nodes.append({
            "key": keys[i],
            "name": node.name,
            "kind": node.kind,
            "parent": None if node.parent is None else keys[node.parent],
            "player": None if info is None or chance else players[info.player],
            "infoset": None if info is None else skeleton.infoset_key(node.infoset),
            "actions": actions,
            "payoffs": None if row is None else {p: json_number(x) for p, x in zip(players, totals[row])},
            "exact_payoffs": None if row is None or exact_totals is None else {
                p: str(x) for p, x in zip(players, exact_totals[row])},
            "outcome": None if outcome is None else outcome.name,
            "expressions": None if outcome is None else {p: cell_text(c) for p, c in zip(players, outcome.payoffs)},
            "note": node.note or None,
        })
    return {
        "schema": schema("show"),
        "game": tree_header(spec),
        "description": spec.description,
        "source": spec.source,
        "scale": spec.unit,
        "parameters": [parameter_dict(spec, name, values[name]) for name in spec.parameters],
        "nodes": nodes,
        "concept": None if solution is None else solution.concept,
        "equilibrium": None if first is None else tree_equilibrium_dict(tree, first, keys),
        "warnings": [{"code": w["code"], "message": w["message"]} for w in warnings],
    }
