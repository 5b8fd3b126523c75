"""Sweeps of perfect-information trees: vectorised backward induction and exact thresholds.

Oracle: a recursive backward induction in exact Fractions written here, run at many rational
points; every threshold must separate two different plans, and between thresholds the plan
must not change.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wedge_cli.expr import compile_expression
from wedge_cli.formats.toml_read import loads
from wedge_cli.model import Parameter
from wedge_cli.solve.tree.batch import backward_induction, decision_nodes
from wedge_cli.sweep.axis import Axis, parse_axis
from wedge_cli.sweep.tree import sweep_tree
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Outcome, Skeleton, TreeSpec

RATIFY = """
[parameters.scope]
value = 0.75
min = 0.1
max = 1
[[players]]
name = "Administration"
[[players]]
name = "Congress"
[[players]]
name = "Russia"
[[nodes]]
id = "signing"
player = "Administration"
actions = { Sign = "russia", Shelve = "status_quo" }
[[nodes]]
id = "russia"
player = "Russia"
actions = { Deliver = "after_delivery", Stall = "after_stall" }
[[nodes]]
id = "after_delivery"
player = "Congress"
actions = { Acquiesce = "holds", Block = "delivered_blocked" }
[[nodes]]
id = "after_stall"
player = "Congress"
actions = { Acquiesce = "stalled", Block = "stalled_blocked" }
[[outcomes]]
id = "holds"
payoffs = ["10 * scope", "3 - 8 * scope", "6 * scope - 3"]
[[outcomes]]
id = "delivered_blocked"
payoffs = ["-4 * scope", -2, -3]
[[outcomes]]
id = "stalled"
payoffs = ["-4 * scope", "-8 * scope", 0]
[[outcomes]]
id = "stalled_blocked"
payoffs = ["-4 * scope", -2, 0]
[[outcomes]]
id = "status_quo"
payoffs = [0, 0, 0]
"""


def test_ratification_thresholds_are_the_hand_derived_ones():
    spec = loads(RATIFY, "r.toml")
    result = sweep_tree(spec, parse_axis("scope", spec))
    assert [t.exact for t in result.thresholds] == [Fraction(1, 4), Fraction(1, 2), Fraction(5, 8)]
    assert all(t.certified for t in result.thresholds)
    names = {t.exact: {spec.skeleton.nodes[f.node].name for f in t.flips} for t in result.thresholds}
    assert names[Fraction(1, 4)] == {"after_stall"}            # Congress starts blocking a stalled deal
    assert names[Fraction(5, 8)] == {"signing", "russia", "after_delivery"}
    sign = [r for r in result.regimes if r.choices[0] == 0]
    assert len(sign) == 1 and (sign[0].exact_start, sign[0].exact_stop) == (Fraction(1, 2), Fraction(5, 8))


CLOSE = """
[parameters.x]
value = 0
min = -5
max = 5
[[players]]
name = "Mover"
[[nodes]]
id = "root"
player = "Mover"
actions = { Safe = "safe", Bet = "bet" }
[[outcomes]]
id = "safe"
payoffs = [0]
[[outcomes]]
id = "bet"
payoffs = ["(x - 1/10) * (x - 1/5)"]
"""


def test_two_thresholds_inside_one_grid_step_are_both_found_exactly():
    spec = loads(CLOSE, "c.toml")
    result = sweep_tree(spec, Axis("x", Fraction(-5), Fraction(5), 10))  # grid step 1: both sides pick Bet
    assert [t.exact for t in result.thresholds] == [Fraction(1, 10), Fraction(1, 5)]
    assert [r.choices for r in result.regimes] == [(1,), (0,), (1,)]


def test_a_root_where_the_mover_only_touches_indifference_is_no_threshold_and_no_regime_of_its_own():
    spec = loads(CLOSE.replace('"(x - 1/10) * (x - 1/5)"', '"x * x"'), "c.toml")  # Bet ties Safe at x = 0 only
    result = sweep_tree(spec, Axis("x", Fraction(-5), Fraction(5), 10))
    assert result.thresholds == () and [r.choices for r in result.regimes] == [(1,)]


def test_an_irrational_threshold_is_reported_with_its_polynomial():
    spec = loads(CLOSE.replace('"(x - 1/10) * (x - 1/5)"', '"x * x - 2"'), "c.toml")
    result = sweep_tree(spec, Axis("x", Fraction(0), Fraction(5), 10))
    (t,) = result.thresholds
    assert t.exact is None and abs(t.value - 2 ** 0.5) < 1e-12 and t.certified and t.poly is not None


def _brute(spec: TreeSpec, values: dict, root_value: bool = False):
    """The first-best plan at exact ``values`` by plain recursion, whether any mover ties (and the root's value)."""
    tree = spec.tree(values)
    nodes, infosets = tree.nodes, tree.infosets
    plan: dict[int, int] = {}
    tied = False

    def value(i: int) -> tuple:
        nonlocal tied
        node = nodes[i]
        own = tuple(tree.exact[node.outcome]) if node.outcome is not None else (Fraction(0),) * tree.n_players
        if node.kind == TERMINAL:
            return own
        below = [value(c) for c in node.children]
        if node.kind == CHANCE:
            probs = tree.exact_probabilities[node.infoset]
            total = tuple(sum(p * v[k] for p, v in zip(probs, below)) for k in range(tree.n_players))
        else:
            mover = infosets[node.infoset].player
            best = max(range(len(below)), key=lambda a: (below[a][mover], -a))
            tied = tied or sum(1 for v in below if v[mover] == below[best][mover]) > 1
            plan[i] = best
            total = below[best]
        return tuple(a + b for a, b in zip(total, own))

    root = value(0)
    found = tuple(plan[i] for i in decision_nodes(tree.skeleton))
    return (found, tied, root) if root_value else (found, tied)


@st.composite
def linear_trees(draw):
    """Random perfect-information trees, payoffs ``a + b * x`` with small integers, chance nodes with fixed odds."""
    n_players = draw(st.integers(1, 3))
    nodes: list[dict] = []
    outcomes: list[tuple] = []

    def grow(parent, depth):
        index = len(nodes)
        kind = TERMINAL if depth == 0 or (index and draw(st.booleans()) and depth < 3) else \
            draw(st.sampled_from([DECISION, DECISION, CHANCE]))
        nodes.append({"kind": kind, "parent": parent, "children": []})
        if kind == TERMINAL:
            row = tuple(compile_expression(f"{draw(st.integers(-4, 4))} + {draw(st.integers(-3, 3))} * x",
                                           {"x": Parameter("x", 0)}) for _ in range(n_players))
            nodes[index]["outcome"] = len(outcomes)
            outcomes.append(row)
            return index
        for _ in range(draw(st.integers(2, 3))):
            child = grow(index, depth - 1)
            nodes[index]["children"].append(child)
        if kind == DECISION:
            nodes[index]["player"] = draw(st.integers(0, n_players - 1))
        return index

    grow(None, draw(st.integers(1, 4)))
    infosets, probabilities, built = [], [], []
    for i, d in enumerate(nodes):
        infoset = None
        actions = tuple(f"a{k}" for k in range(len(d["children"])))
        if d["kind"] != TERMINAL:
            infoset = len(infosets)
            player = d.get("player")
            infosets.append(InfoSet(player, actions, (i,), "", infoset + 1))
            k = len(actions)
            probabilities.append(tuple(Fraction(1, k) for _ in actions) if player is None else ())
        built.append(Node(d["kind"], d["parent"], tuple(d["children"]), actions, infoset, d.get("outcome"), f"n{i}"))
    skeleton = Skeleton(tuple(f"P{p}" for p in range(n_players)), tuple(built), tuple(infosets), len(outcomes))
    return TreeSpec(skeleton, tuple(Outcome(row, f"o{j}") for j, row in enumerate(outcomes)), tuple(probabilities),
                    {"x": Parameter("x", 0, -5, 5)})


@settings(max_examples=20, deadline=None)
@given(linear_trees())
def test_thresholds_separate_plans_and_nothing_changes_between_them(spec):
    axis = Axis("x", Fraction(-5), Fraction(5), 20)
    result = sweep_tree(spec, axis)
    cuts = [t.exact if t.exact is not None else Fraction(t.value) for t in result.thresholds]
    assert cuts == sorted(cuts) and len(set(cuts)) == len(cuts)
    for t, cut in zip(result.thresholds, cuts):
        assert t.certified and t.exact is not None  # linear payoffs: every threshold is rational
        left, _ = _brute(spec, {"x": cut - Fraction(1, 10**6)})
        right, _ = _brute(spec, {"x": cut + Fraction(1, 10**6)})
        assert left != right, f"no change at {cut}"
        assert {(f.node, f.before, f.after) for f in t.flips} == {
            (n, left[j], right[j]) for j, n in enumerate(result.nodes) if left[j] != right[j]}
    # between thresholds (and on a fine grid) the regime's plan is the plan
    for k in range(-50, 50):
        x = Fraction(k, 10) + Fraction(1, 997)  # off the sweep's own grid
        if x in cuts:
            continue
        plan, tied = _brute(spec, {"x": x})
        if tied:
            continue
        regime = next(r for r in result.regimes if r.exact_start <= x <= r.exact_stop)
        assert regime.choices == plan, x


@settings(max_examples=25, deadline=None)
@given(linear_trees(), st.lists(st.integers(-50, 50), min_size=1, max_size=8))
def test_batch_backward_induction_is_the_recursion_at_each_point(spec, points):
    xs = [Fraction(p, 10) for p in points]
    payoffs, probabilities = spec.batch({"x": np.array([float(x) for x in xs])})
    plan = backward_induction(spec.skeleton, payoffs, probabilities, tol=1e-12)
    exact = np.array([[[spec.tree({"x": x}).exact[j, p] for p in range(spec.n_players)]
                       for j in range(len(spec.outcomes))] for x in xs], dtype=object)
    exact_probabilities = [None if spec.skeleton.infosets[k].player is not None else
                           np.array([spec.tree({"x": x}).exact_probabilities[k] for x in xs], dtype=object)
                           for k in range(len(spec.skeleton.infosets))]
    exact_plan = backward_induction(spec.skeleton, exact, exact_probabilities, tol=0)
    for row, x in enumerate(xs):
        brute, tied, root = _brute(spec, {"x": x}, root_value=True)
        assert bool(exact_plan.ties[row].any()) == tied
        assert tuple(exact_plan.values[row]) == root
        assert np.allclose(plan.values[row], [float(v) for v in root])
        if not tied:
            assert tuple(exact_plan.choices[row]) == brute
            assert tuple(plan.choices[row]) == brute


def test_information_sets_of_several_nodes_are_swept_point_by_point_with_bisected_thresholds():
    from wedge_cli.solve.tree import solve_tree

    text = RATIFY.replace('id = "after_delivery"\nplayer = "Congress"', 'id = "after_delivery"\nplayer = "Congress"\ninfoset = "c"')
    text = text.replace('id = "after_stall"\nplayer = "Congress"', 'id = "after_stall"\nplayer = "Congress"\ninfoset = "c"')
    spec = loads(text, "r.toml")  # Congress votes without seeing whether Russia delivered
    result = sweep_tree(spec, parse_axis("scope=0.1:1:18", spec))
    assert [round(t.value, 9) for t in result.thresholds] == [0.5, 0.625]
    assert all(not t.certified and t.exact is None for t in result.thresholds)
    assert result.warnings[0]["code"] == "approximate_threshold"
    for r in result.regimes:  # each regime's equilibria are those solve_tree finds inside it
        inside = Fraction(r.start + r.stop) / 2
        found = solve_tree(spec.tree({"scope": inside})).equilibria
        assert r.paths == tuple(sorted({tuple(step.actions for step in eq.path) for eq in found}))
    window = [r for r in result.regimes if abs(r.start - 0.5) < 1e-12]
    assert len(window) == 1 and len(window[0].paths) == 3  # the deal, the status quo and a mixed one


@st.composite
def quadratic_trees(draw):
    """The trees of :func:`linear_trees` with payoffs ``a + b * x + c * x**2``: touching and irrational roots."""
    spec = draw(linear_trees())
    parameters = {"x": Parameter("x", 0, -5, 5)}
    outcomes = tuple(Outcome(tuple(compile_expression(
        f"{draw(st.integers(-4, 4))} + {draw(st.integers(-3, 3))} * x + {draw(st.integers(-1, 1))} * x * x",
        parameters) for _ in o.payoffs), o.name) for o in spec.outcomes)
    return TreeSpec(spec.skeleton, outcomes, spec.probabilities, parameters)


@settings(max_examples=15, deadline=None)
@given(quadratic_trees())
def test_quadratic_payoffs_thresholds_separate_plans_and_regimes_hold_between(spec):
    result = sweep_tree(spec, Axis("x", Fraction(-5), Fraction(5), 20))
    cuts = [t.value for t in result.thresholds]
    assert cuts == sorted(cuts)
    for t in result.thresholds:
        assert t.certified
        at = t.exact if t.exact is not None else Fraction(t.value)
        assert _brute(spec, {"x": at - Fraction(1, 10**7)})[0] != _brute(spec, {"x": at + Fraction(1, 10**7)})[0]
    for k in range(-100, 100):
        x = Fraction(k, 20) + Fraction(1, 9973)
        if any(abs(float(x) - v) < 1e-6 for v in cuts):
            continue
        plan, tied = _brute(spec, {"x": x})
        if not tied:
            assert next(r for r in result.regimes if r.start <= float(x) <= r.stop).choices == plan, x


def test_a_map_of_a_tree_with_information_sets_is_swept_line_by_line_and_agrees_with_each_point():
    from pathlib import Path

    from wedge_cli.solve.tree import solve_tree
    from wedge_cli.sweep.tree import sweep_tree_map

    text = (Path(__file__).parent / "data" / "ratification_tree.toml").read_text()
    for node in ("congress_after_delivery", "congress_after_stalling"):  # Congress does not see Russia's move
        text = text.replace(f'id = "{node}"\nplayer = "Congress"', f'id = "{node}"\nplayer = "Congress"\ninfoset = "vote"')
    spec = loads(text, "vote.toml")
    first, second = parse_axis("scope=0.1:1:4", spec), parse_axis("block_value=-3:5:4", spec)
    result = sweep_tree_map(spec, (first, second))
    assert result.concept == "spe" and result.plans == () and result.sets
    assert any(w["code"] == "approximate_threshold" for w in result.warnings)
    cuts = [float(c.threshold.value) for c in result.crossings]
    for i in range(first.size):
        for j in range(second.size):
            x, y = first.exact_value(i), second.exact_value(j)
            if any(abs(float(v) - c) < 1e-9 for v in (x, y) for c in cuts):
                continue  # on a boundary
            found = solve_tree(spec.tree({"scope": x, "block_value": y}), concept="spe").equilibria
            paths = tuple(sorted({tuple(step.actions for step in eq.path) for eq in found}))
            assert result.sets[result.regime_of[i, j]].paths == paths, (x, y)
