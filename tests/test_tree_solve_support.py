"""Trees for the tree-solver tests: random ones (hypothesis), textbook ones, and a Gambit .efg writer for pygambit.

The tests here check the helpers themselves (the .efg text reads back in pygambit with
the same shape); the solver tests import them.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Skeleton, Tree, recall_problem, tree_from_numbers

PROBABILITIES = [("1/2", "1/2"), ("1/3", "2/3"), ("1/4", "3/4"), ("1", "0")]


def build(players, shape, merge=()):
    """A tree from nested tuples in preorder.

    ``shape`` is ``("d", player, [children], outcome)``, ``("c", (p, ..), [children], outcome)``
    or ``("t", payoffs)``; ``outcome`` is None or a payoff list on that inner node. A
    decision node may carry a fifth item, a tag: nodes with one tag share an infoset.
    ``merge`` lists groups of decision-node indices (preorder) that share one infoset.
    """
    flat: list[tuple] = []
    stack = [(shape, None)]
    while stack:
        item, parent = stack.pop()
        index = len(flat)
        flat.append((item, parent))
        if item[0] != "t":
            for child in reversed(item[2]):
                stack.append((child, index))
    children: dict[int, list[int]] = {i: [] for i in range(len(flat))}
    for i, (_, parent) in enumerate(flat):
        if parent is not None:
            children[parent].append(i)
    group = {}
    for g, members in enumerate(merge):
        for i in members:
            group[i] = g
    infoset_of: dict = {}
    infosets: list[list] = []
    payoffs: list = []
    probabilities: list = []
    nodes = []
    for i, (item, parent) in enumerate(flat):
        if item[0] == "t":
            nodes.append(Node(TERMINAL, parent, outcome=len(payoffs), name=f"n{i}"))
            payoffs.append(list(item[1]))
            continue
        outcome = None
        if item[3] is not None:
            outcome = len(payoffs)
            payoffs.append(list(item[3]))
        key = ("g", group[i]) if i in group else ("t", item[4]) if len(item) > 4 and item[4] else ("n", i)
        if key not in infoset_of:
            infoset_of[key] = len(infosets)
            k = len(infosets)
            actions = tuple(f"{'abcdefghijklmnopqrstuvwxyz'[k % 26]}{j}" for j in range(len(item[2])))
            player = item[1] if item[0] == "d" else None
            infosets.append([player, actions, []])
            probabilities.append(tuple(item[1]) if item[0] == "c" else ())
        k = infoset_of[key]
        infosets[k][2].append(i)
        nodes.append(Node(DECISION if item[0] == "d" else CHANCE, parent, tuple(children[i]), infosets[k][1], k,
                          outcome, f"n{i}"))
    skeleton = Skeleton(tuple(players), tuple(nodes),
                        tuple(InfoSet(p, a, tuple(ns), f"h{k}", 0) for k, (p, a, ns) in enumerate(infosets)),
                        len(payoffs))
    return tree_from_numbers(skeleton, payoffs, probabilities)


@st.composite
def shapes(draw, n_players: int, max_nodes: int = 12, chance: bool = True, inner_outcomes: bool = True,
           values=(0, 1, 2), widths=(2, 3), min_nodes: int = 3, hidden: bool = False):
    """A random tree shape for :func:`build`: decision and chance nodes, small integer payoffs (ties likely).

    ``hidden``: some moves are not seen by the next mover (its two nodes share an infoset).
    """
    budget = [draw(st.integers(min_nodes, max_nodes))]
    tags = [0]
    payoff = st.lists(st.sampled_from(values), min_size=n_players, max_size=n_players)

    def grow(depth: int):
        if budget[0] <= 1 or depth >= 4 or (depth > 0 and draw(st.integers(0, 2)) == 0):
            return ("t", draw(payoff))
        width = min(draw(st.sampled_from(widths)), budget[0])
        if width < 2:
            return ("t", draw(payoff))
        budget[0] -= width
        outcome = draw(payoff) if inner_outcomes and draw(st.integers(0, 5)) == 0 else None
        if chance and draw(st.integers(0, 4)) == 0:
            probs = draw(st.sampled_from(PROBABILITIES)) if width == 2 else ("1/3", "1/3", "1/3")
            return ("c", probs, [grow(depth + 1) for _ in range(width)], outcome)
        player = draw(st.integers(0, n_players - 1))
        if hidden and width == 2 and budget[0] >= 4 and n_players > 1 and draw(st.booleans()):
            other = draw(st.sampled_from([q for q in range(n_players) if q != player]))
            budget[0] -= 4
            tags[0] += 1
            tag = f"x{tags[0]}"
            return ("d", player, [("d", other, [grow(depth + 2), grow(depth + 2)], None, tag) for _ in range(2)],
                    outcome)
        return ("d", player, [grow(depth + 1) for _ in range(width)], outcome)

    return grow(0)


@st.composite
def perfect_trees(draw, players=(2, 3), **kwargs) -> Tree:
    n = draw(st.sampled_from(players))
    return build([f"P{p + 1}" for p in range(n)], draw(shapes(n, **kwargs)))


@st.composite
def imperfect_trees(draw, players=(2,), **kwargs) -> Tree:
    """A random tree with some decision nodes merged into information sets, keeping perfect recall."""
    n = draw(st.sampled_from(players))
    kwargs.setdefault("widths", (2,))
    kwargs.setdefault("hidden", True)
    kwargs.setdefault("min_nodes", 7)
    shape = draw(shapes(n, **kwargs))
    names = [f"P{p + 1}" for p in range(n)]
    tree = build(names, shape)
    nodes, infosets = tree.nodes, tree.infosets
    decision = [i for i, node in enumerate(nodes) if node.kind == DECISION]
    merged: list[list[int]] = []
    used: set[int] = set()
    for _ in range(draw(st.integers(1, 3))):
        pairs = [(i, j) for i in decision for j in decision if i < j and i not in used and j not in used
                 and infosets[nodes[i].infoset].player == infosets[nodes[j].infoset].player
                 and len(nodes[i].children) == len(nodes[j].children) and not _below(tree, j, i)
                 and recall_problem(build(names, shape, merged + [[i, j]]).skeleton) is None]
        if not pairs:
            break
        i, j = draw(st.sampled_from(pairs))
        merged.append([i, j])
        used.update((i, j))
    return build(names, shape, merged)


def _below(tree: Tree, j: int, i: int) -> bool:
    while tree.nodes[j].parent is not None:
        j = tree.nodes[j].parent
        if j == i:
            return True
    return False


def _number(x) -> str:
    q = Fraction(x)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def to_efg(tree: Tree) -> str:
    """The tree as Gambit .efg text: nodes labelled ``n<i>``, infosets ``h<k>``, numbered per player in index order."""
    number: dict[int, int] = {}
    per_player: dict = {}
    for k, info in enumerate(tree.infosets):
        per_player[info.player] = per_player.get(info.player, 0) + 1
        number[k] = per_player[info.player]
    rows = tree.exact if tree.exact is not None else tree.payoffs
    lines = ["EFG 2 R \"test\" { " + " ".join(f'"{p}"' for p in tree.players) + " }", '""', ""]
    outcome_number = 0
    for i, node in enumerate(tree.nodes):
        def outcome_text(j):
            nonlocal outcome_number
            outcome_number += 1
            values = rows[j] if j is not None else [0] * tree.n_players
            return f'{outcome_number} "o{outcome_number}" {{ ' + ", ".join(_number(v) for v in values) + " }"
        if node.kind == TERMINAL:
            lines.append(f't "n{i}" ' + outcome_text(node.outcome))
            continue
        k = node.infoset
        info = tree.infosets[k]
        tail = outcome_text(node.outcome) if node.outcome is not None else "0"
        if info.player is None:
            acts = " ".join(f'"{a}" {_number(p)}' for a, p in zip(info.actions, tree.exact_probabilities[k]))
            lines.append(f'c "n{i}" {number[k]} "h{k}" {{ {acts} }} {tail}')
        else:
            acts = " ".join(f'"{a}"' for a in info.actions)
            lines.append(f'p "n{i}" {info.player + 1} {number[k]} "h{k}" {{ {acts} }} {tail}')
    return "\n".join(lines) + "\n"


def gambit(tree: Tree):
    """The tree read by pygambit (a test-only dependency)."""
    import io

    pygambit = pytest.importorskip("pygambit")
    return pygambit.read_efg(io.StringIO(to_efg(tree)))


# -- textbook trees -----------------------------------------------------------------------------------------------

def entry_deterrence(out=(0, 2), fight=(-1, -1), accommodate=(1, 1)) -> Tree:
    """The entrant stays Out or comes In; then the incumbent Fights or Accommodates."""
    return build(["Entrant", "Incumbent"], ("d", 0, [("t", out), ("d", 1, [("t", fight), ("t", accommodate)], None)],
                                            None))


def centipede() -> Tree:
    """Three steps: Take ends the game, Pass grows the pot; backward induction takes at once."""
    return build(["A", "B"], ("d", 0, [("t", (1, 0)), ("d", 1, [("t", (0, 2)), ("d", 0, [("t", (3, 1)),
                                                                                      ("t", (2, 4))], None)],
                                                          None)], None))


def selten_horse() -> Tree:
    """Selten's horse: 1 plays D or A; after A, 2 plays D or A; 3 moves after either D without knowing which."""
    return build(["1", "2", "3"], ("d", 0, [
        ("d", 2, [("t", (3, 3, 2)), ("t", (0, 0, 0))], None),
        ("d", 1, [("d", 2, [("t", (4, 4, 0)), ("t", (1, 1, 1))], None), ("t", (1, 1, 1))], None)], None),
        merge=[[1, 5]])


# -- the helpers' own tests ---------------------------------------------------------------------------------------

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(imperfect_trees(players=(2, 3)))
def test_pygambit_reads_the_efg_with_the_same_shape(tree):
    game = gambit(tree)
    assert len(list(game.nodes)) == len(tree.nodes)
    assert [n.label for n in game.nodes] == [f"n{i}" for i in range(len(tree.nodes))]
    assert game.is_perfect_recall
    assert sum(len(p.infosets) for p in game.players) == sum(1 for i in tree.infosets if i.player is not None)


def test_the_textbook_trees_are_well_formed():
    horse = selten_horse()
    assert len(horse.infosets[1].nodes) == 2 and recall_problem(horse.skeleton) is None
    assert len(centipede().nodes) == 7 and len(entry_deterrence().nodes) == 5
