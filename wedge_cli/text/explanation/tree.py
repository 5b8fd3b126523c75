"""``wedge explain TREE``: backward induction told in words, last mover first (docs/trees.md).

Built from the computed plan (:func:`wedge_cli.solve.tree.batch.backward_induction`, exact
when the tree is rational) and from the file's own names and notes: players, actions,
node ids and the notes on nodes and outcomes. No sentence is written for a particular
scenario. Perfect-information trees (every mover sees the moves before it) here; trees where a
player moves without seeing a chance move are told through their perfect Bayesian equilibria by
:mod:`wedge_cli.text.explanation.beliefs`, to which :func:`explain_tree` hands them.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.solve.tree.batch import backward_induction, decision_nodes, perfect_information, plan_paths
from wedge_cli.solve.tree.pbe import hides_chance
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.tree import sweep_tree
from wedge_cli.text.explanation.beliefs import explain_beliefs
from wedge_cli.text.explanation.belief_sweep import pbe_sweep_section
from wedge_cli.text.explanation.prose import Explanation, Section, join, plural, sentence
from wedge_cli.text.numbers import prose_equation, prose_number, prose_percent
from wedge_cli.text.trees import mover_name, node_label, path_text
from wedge_cli.tree import CHANCE, DECISION, Tree, TreeSpec

__all__ = ["explain_tree"]


MAX_NARRATED = 40
"""Most decision points told one by one; in a larger tree, only those on the path of play."""


def _solve(tree: Tree):
    """The backward-induction plan at this one point, every node's values kept (exact when rational)."""
    exact = tree.is_exact
    payoffs = (tree.exact if exact else tree.payoffs)[None]
    probabilities = [None if info.player is not None else
                     np.array([tree.exact_probabilities[k] if exact else tree.probabilities[k]],
                              dtype=object if exact else float)
                     for k, info in enumerate(tree.infosets)]
    scale = 0.0 if exact else 1e-12 * (float(np.abs(tree.payoffs).max(initial=0.0)) or 1.0)
    return backward_induction(tree.skeleton, payoffs, probabilities, tol=scale, keep_values=True)


def _number(x) -> str:
    return prose_number(x if isinstance(x, Fraction) else float(x))


def _history(skeleton, node: int) -> str:
    """``If Administration plays Sign and Russia plays Deliver``; at the root, ``At the start``."""
    steps = []
    for parent, k in skeleton.path(node):
        action = skeleton.nodes[parent].actions[k]
        who = mover_name(skeleton, parent)
        steps.append(f"chance gives {action}" if skeleton.nodes[parent].kind == CHANCE else f"{who} plays {action}")
    return f"If {join(steps)}" if steps else "At the start"


def _quote(note: str) -> str:
    return f" The file's note here: “{note}”" if note else ""


def _decision(skeleton, node: int, plan, j: int, narrated: set[int]) -> str:
    here = skeleton.nodes[node]
    mover = skeleton.infosets[here.infoset].player
    who = skeleton.players[mover]
    worth = [plan.node_values[c][0][mover] for c in here.children]
    options = join([f"{a} ({_number(v)})" for a, v in zip(here.actions, worth)], "with")
    chosen = int(plan.choices[0][j])
    best = [here.actions[k] for k, v in enumerate(worth) if v == worth[chosen]]
    below = any(n in narrated for n in range(node + 1, skeleton.subtree_end(node)))
    text = f"{_history(skeleton, node)}, {who}{', knowing this,' if below else ''} compares {options}, its payoffs " \
           "at the end of each"
    if len(best) > 1:
        text += f": {join(best)} are worth the same to {who}, so each is subgame perfect; wedge follows {best[0]}" \
                " (the first in the file), and mixing between them gives further equilibria."
    else:
        text += f", and chooses {here.actions[chosen]}."
    return sentence(text) + _quote(here.note)


def _chance(skeleton, tree: Tree, node: int, plan) -> str:
    here = skeleton.nodes[node]
    probs = tree.exact_probabilities[here.infoset] if tree.is_exact else tree.probabilities[here.infoset]
    odds = join([f"{a} with probability {prose_percent(p)}" for a, p in zip(here.actions, probs)])
    value = plan.node_values[node][0]
    payoffs = join([f"{p} {_number(v)}" for p, v in zip(skeleton.players, value)])
    return f"{_history(skeleton, node)}, chance decides: {odds}; expected payoffs {payoffs}." + _quote(here.note)


def _on_path(skeleton, columns, choices) -> set[int]:
    choice = dict(zip(columns, choices))
    seen, stack = set(), [0]
    while stack:
        node = stack.pop()
        seen.add(node)
        here = skeleton.nodes[node]
        stack.extend([here.children[choice[node]]] if here.kind == DECISION else here.children)
    return seen


def _induction_section(spec: TreeSpec, tree: Tree, plan) -> Section:
    skeleton = tree.skeleton
    columns = decision_nodes(skeleton)
    column = {node: j for j, node in enumerate(columns)}
    choices = [int(c) for c in plan.choices[0]]
    path = _on_path(skeleton, columns, choices)
    movers = [i for i, n in enumerate(skeleton.nodes) if n.kind in (DECISION, CHANCE)]
    shown = movers if len(columns) <= MAX_NARRATED else [i for i in movers if i in path]
    paragraphs = ["Each mover sees every move made before it, so the game is solved from the end: at each "
                  "decision point the mover picks what is best for it, knowing what everyone after it will do "
                  "(backward induction). What is chosen where nobody goes in the end still matters: it is what "
                  "the earlier movers expect, and so what makes a threat or a promise credible or not."]
    if len(shown) < len(movers):
        paragraphs.append(f"The tree has {len(columns)} decision points; only the "
                          f"{len(shown)} on the path of play are told here (wedge solve --json lists every choice).")
    narrated: set[int] = set()
    for node in reversed(shown):
        if skeleton.nodes[node].kind == DECISION:
            paragraphs.append(_decision(skeleton, node, plan, column[node], narrated))
        else:
            paragraphs.append(_chance(skeleton, tree, node, plan))
        narrated.add(node)
    return Section("induction", "Backward induction, last mover first", tuple(paragraphs))


def _outcome_section(spec: TreeSpec, tree: Tree, plan) -> Section:
    skeleton = tree.skeleton
    columns = decision_nodes(skeleton)
    choices = [int(c) for c in plan.choices[0]]
    paths = plan_paths(skeleton, columns, choices)
    payoffs = join([f"{p} {_number(v)}" for p, v in zip(skeleton.players, plan.values[0])])
    ties = bool(plan.ties[0].any())
    first = ("The subgame-perfect path of play is " if not ties else
             "One subgame-perfect path of play (there are others: see the ties above) is ")
    paragraphs = [first + join([path_text(p) for p in paths], "or") + f", with {'expected ' if len(paths) > 1 else ''}"
                  f"payoffs {payoffs}."]
    for p in paths:
        node = 0
        for action in p:
            node = skeleton.nodes[node].children[skeleton.nodes[node].actions.index(action)]
        outcome = skeleton.nodes[node].outcome
        if outcome is not None and spec.outcomes[outcome].note:
            paragraphs.append(f"The file's note on {path_text(p)}: “{spec.outcomes[outcome].note}”")
    path = _on_path(skeleton, columns, choices)
    off = [(node, choices[j]) for j, node in enumerate(columns) if node not in path]
    if off:
        said = [f"{mover_name(skeleton, n)} would play {skeleton.nodes[n].actions[k]} at {node_label(skeleton, n)}"
                for n, k in off]
        paragraphs.append(f"The plan also says what would happen off the path of play: {join(said)}. "
                          f"{plural(len(off), 'This choice is', 'These choices are')} never seen, but the earlier "
                          f"movers count on {plural(len(off), 'it', 'them')}: a move that would not be made when the time came is not a "
                          "credible threat or promise, and subgame perfection keeps only those that would be.")
    return Section("outcome", "The subgame-perfect outcome", tuple(paragraphs))


def _game_section(spec: TreeSpec, tree: Tree, values: Mapping[str, float]) -> Section:
    skeleton = tree.skeleton
    columns = decision_nodes(skeleton)
    root = skeleton.nodes[0]
    chance = sum(1 for n in skeleton.nodes if n.kind == CHANCE)
    text = (f"{join(list(skeleton.players))} move in turn, each seeing the moves before it: a game tree with "
            f"{len(columns)} decision {plural(len(columns), 'point', 'points')}"
            + (f" and {chance} chance {plural(chance, 'move', 'moves')}" if chance else "") + ".")
    if root.kind == DECISION:
        text += f" First {mover_name(skeleton, 0)} chooses between {join(list(root.actions), 'and')}."
    paragraphs = [text]
    if values:
        paragraphs.append("Parameter values used: " + ", ".join(prose_equation(k, v) for k, v in values.items()) + ".")
    if spec.unit:
        paragraphs.append(f"About the payoffs, the file says: “{spec.unit}”")
    return Section("game", "The game", tuple(paragraphs))


def _sweep_section(spec: TreeSpec, text: str, fixed: Mapping[str, Fraction], budget) -> Section:
    axis = parse_axis(text, spec, flag="--sweep")
    result = sweep_tree(spec, axis, fixed, budget=budget)
    name = axis.name
    skeleton = spec.skeleton
    paragraphs = []
    if not result.thresholds:
        paragraphs.append(f"Between {prose_number(axis.start)} and {prose_number(axis.stop)}, {name} changes no "
                          "choice anywhere in the tree.")
    for t in result.thresholds:
        at = prose_equation(name, t.exact if t.exact is not None else t.value, t.exact is not None or t.certified)
        flips = [f"{mover_name(skeleton, f.node)} switches from {skeleton.nodes[f.node].actions[f.before]} to "
                 f"{skeleton.nodes[f.node].actions[f.after]} at {node_label(skeleton, f.node)}" for f in t.flips]
        paragraphs.append(f"At {at}: {join(flips)} (as {name} rises).")
    stretches: list[list] = []  # regimes that differ only off the path read as one stretch here
    for r in result.regimes:
        words = join([path_text(p) for p in plan_paths(skeleton, result.nodes, r.choices)], "or")
        start = r.exact_start if r.exact_start is not None else r.start
        stop = r.exact_stop if r.exact_stop is not None else r.stop
        if stretches and stretches[-1][2] == words:
            stretches[-1][1] = stop
        else:
            stretches.append([start, stop, words])
    paragraphs += [f"For {name} from {prose_number(a)} to {prose_number(b)}, the path of play is {words}."
                   for a, b, words in stretches]
    paragraphs += [w["message"] + "." for w in result.warnings]
    return Section("thresholds", f"How the answer changes with {name}", tuple(paragraphs))


def explain_tree(spec: TreeSpec, values: Mapping[str, float], overrides: Mapping[str, str] | None = None, *,
                 sweep: str | None = None, fixed: Mapping[str, Fraction] | None = None,
                 budget=None) -> Explanation:
    """A plain-language account of a tree: for perfect information, the game, backward induction and
    the outcome; with information sets of several nodes (a player moving without seeing a
    chance move, :func:`~wedge_cli.solve.tree.pbe.hides_chance`, or an earlier move), the
    perfect Bayesian equilibria (:func:`~wedge_cli.text.explanation.beliefs.explain_beliefs`).

    Parameters
    ----------
    spec
        The tree file (names and notes).
    values
        Parameter values used (for the text).
    overrides
        The ``--set`` values, as given (exact text).
    sweep, fixed, budget
        As for :func:`wedge_cli.text.explain.explain`: an optional 1-D sweep adds the
        ``thresholds`` section, naming the node whose choice flips at each threshold (for
        perfect Bayesian equilibria, the equilibria that appear and disappear:
        :mod:`~wedge_cli.text.explanation.belief_sweep`).

    Raises
    ------
    WedgeError
        Imperfect recall; :class:`~wedge_cli.errors.GameTooLargeError` past the solvers' limits.
    """
    if hides_chance(spec.skeleton) or not perfect_information(spec.skeleton):
        told = explain_beliefs(spec, values, overrides)
        sections = told.sections
        if not hides_chance(spec.skeleton):  # wedge solve's default here is subgame perfection: say how they relate
            sections = sections[:1] + (Section("concept", "Why beliefs here", (
                "Some player here moves without seeing an earlier move, so what it does depends on what it "
                "believes happened. This account follows the tree's perfect Bayesian equilibria in pure "
                "strategies: each is subgame perfect, and its beliefs are spelled out. wedge solve lists the "
                "subgame-perfect equilibria, mixed ones included (wedge solve --concept pbe, these ones).",)),) + sections[1:]
        if sweep is not None:
            sections += (pbe_sweep_section(spec, sweep, dict(fixed or {}), budget),)
        return Explanation(told.title, sections)
    tree = spec.tree(dict(overrides or {}))
    plan = _solve(tree)
    sections = [_game_section(spec, tree, values), _induction_section(spec, tree, plan),
                _outcome_section(spec, tree, plan)]
    if sweep is not None:
        sections.append(_sweep_section(spec, sweep, dict(fixed or {}), budget))
    return Explanation(spec.title or "Game tree", tuple(sections))
