"""Benchmark: ``wedge sweep`` of a parameterised game tree against a Python loop over backward induction.

Run on demand (not a test)::

    PYTHONPATH=. python benchmarks/bench_tree_sweep.py              # about half a minute
    PYTHONPATH=. python benchmarks/bench_tree_sweep.py --quick      # fewer repeats

The tree: random, perfect information, 51 nodes (25 decision or chance nodes, 26
terminals), 3 players, every payoff ``a + b * x`` with small random integers, chance
nodes with fixed odds; ``x`` swept over ``[-5, 5]`` in 10,000 steps (10,001 points).
All measured in one run, each the median of ``--repeats``:

* ``wedge sweep``: :func:`wedge_cli.sweep.tree.sweep_tree` (payoffs at every point at
  once, one vectorised backward induction, then the exact walk over the range that
  finds every threshold as an exact root);
* ``wedge batch``: the solving step alone,
  :func:`wedge_cli.solve.tree.batch.backward_induction` over the 10,001 points;
* ``Python loop`` (the baseline the issue names): for each point, the tree at that
  value (:meth:`TreeSpec.tree`) and a plain recursive backward induction in Python;
* ``pygambit`` (no backward induction since its subgame-perfect solvers were removed
  in 16.5): on the 2-player version of the tree, for each point the outcomes' payoffs
  set on a game read from wedge's ``.efg`` and ``pygambit.nash.lcp_solve`` (one Nash
  equilibrium, sequence form), on ``--gambit-points`` points scaled to 10,001, against
  wedge's sweep of that tree; with ``--agent``, ``enumpure_agent_solve`` at a single
  point of the 3-player tree (it lists every pure agent equilibrium: minutes).

The issue asks for the sweep at least 100x faster than the Python loop.
The loop's plans are checked against the batch's at every point.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from fractions import Fraction

import numpy as np

from wedge_cli.expr import compile_expression
from wedge_cli.model import Parameter
from wedge_cli.solve.tree.batch import backward_induction, decision_nodes
from wedge_cli.sweep.axis import Axis
from wedge_cli.sweep.tree import sweep_tree
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Outcome, Skeleton, TreeSpec


def random_tree(inner: int = 25, players: int = 3, seed: int = 5) -> TreeSpec:
    """A random binary tree with ``inner`` decision/chance nodes (1 in 6 chance), payoffs ``a + b * x``."""
    rng = np.random.default_rng(seed)
    parameters = {"x": Parameter("x", 0, -5, 5)}
    # grow: a random binary shape, then number it in preorder
    children: list[list[int]] = [[]]
    leaves = [0]
    while len(children) - len(leaves) < inner:
        leaf = leaves.pop(int(rng.integers(len(leaves))))
        for _ in range(2):
            children[leaf].append(len(children))
            leaves.append(len(children))
            children.append([])
    order: list[int] = []
    stack = [0]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children[node]))
    index = {old: new for new, old in enumerate(order)}
    parent = {c: p for p in range(len(children)) for c in children[p]}
    nodes, infosets, probabilities, outcomes = [], [], [], []
    for old in order:
        kids = tuple(index[c] for c in children[old])
        up = index[parent[old]] if old in parent else None
        if not kids:
            row = tuple(compile_expression(f"{int(rng.integers(-9, 10))} + {int(rng.integers(-3, 4))} * x", parameters)
                        for _ in range(players))
            nodes.append(Node(TERMINAL, up, (), (), None, len(outcomes), f"t{len(outcomes)}"))
            outcomes.append(Outcome(row, f"o{len(outcomes)}"))
            continue
        chance = rng.random() < 1 / 6
        player = None if chance else int(rng.integers(players))
        actions = ("a", "b")
        infosets.append(InfoSet(player, actions, (len(nodes),), "", len(infosets) + 1))
        probabilities.append((Fraction(1, 3), Fraction(2, 3)) if chance else ())
        nodes.append(Node(CHANCE if chance else DECISION, up, kids, actions, len(infosets) - 1, None, f"n{len(nodes)}"))
    skeleton = Skeleton(tuple(f"P{p}" for p in range(players)), tuple(nodes), tuple(infosets), len(outcomes))
    return TreeSpec(skeleton, tuple(outcomes), tuple(probabilities), parameters, title="random tree")


def loop_backward_induction(spec: TreeSpec, xs) -> list[tuple[int, ...]]:
    """The baseline: per point, the tree at that value and a recursive backward induction in Python."""
    plans = []
    for x in xs:
        tree = spec.tree({"x": float(x)})
        nodes, infosets = tree.nodes, tree.infosets
        payoffs = tree.payoffs.tolist()
        plan: dict[int, int] = {}

        def value(i: int) -> list[float]:
            node = nodes[i]
            if node.kind == TERMINAL:
                return payoffs[node.outcome]
            below = [value(c) for c in node.children]
            if node.kind == CHANCE:
                probs = tree.probabilities[node.infoset]
                return [sum(p * v[k] for p, v in zip(probs, below)) for k in range(tree.n_players)]
            mover = infosets[node.infoset].player
            best = max(range(len(below)), key=lambda a: (below[a][mover], -a))
            plan[i] = best
            return below[best]

        value(0)
        plans.append(tuple(plan[i] for i in decision_nodes(tree.skeleton)))
    return plans


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--gambit-points", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--agent", action="store_true",
                        help="also time pygambit's enumpure_agent_solve at one point (minutes: it lists every "
                             "pure agent equilibrium)")
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats
    spec = random_tree()
    axis = Axis("x", Fraction(-5), Fraction(5), 10_000)
    xs = axis.values()
    print(f"tree: {len(spec.skeleton.nodes)} nodes, {len(decision_nodes(spec.skeleton))} decision nodes, "
          f"{spec.n_players} players; {len(xs):,} points")

    result = sweep_tree(spec, axis)
    t_sweep = median_time(lambda: sweep_tree(spec, axis), repeats)

    def batch():
        payoffs, probabilities = spec.batch({"x": xs}, size=len(xs))
        return backward_induction(spec.skeleton, payoffs, probabilities, tol=1e-12 * 10)

    plan = batch()
    t_batch = median_time(batch, repeats)
    t_loop = median_time(lambda: loop_backward_induction(spec, xs), max(1, repeats // 2))
    loop_plans = loop_backward_induction(spec, xs)
    ties = plan.ties.any(axis=1)
    agree = all(tuple(int(c) for c in plan.choices[i]) == loop_plans[i] for i in range(len(xs)) if not ties[i])
    print(f"  thresholds found: {len(result.thresholds)} (all exact: {all(t.exact is not None for t in result.thresholds)})"
          f"; batch and loop agree at every untied point: {agree}")
    print(f"  wedge sweep (whole):    {t_sweep * 1e3:9.1f} ms")
    print(f"  wedge batch (BI only):  {t_batch * 1e3:9.1f} ms")
    print(f"  Python loop:            {t_loop * 1e3:9.1f} ms   -> sweep {t_loop / t_sweep:6.1f}x faster, "
          f"batch {t_loop / t_batch:6.1f}x faster")
    try:
        import pygambit as gbt
    except ImportError:
        print("  pygambit: not installed (pip install pygambit)")
        return
    from wedge_cli.formats.efg_write import write_efg

    # pygambit has no backward induction (its subgame-perfect solvers were removed in 16.5);
    # on the 2-player version of the tree: lcp_solve (one equilibrium, sequence form) per point
    two = random_tree(players=2)
    t_two = median_time(lambda: sweep_tree(two, axis), repeats)
    game = gbt.read_efg(io.StringIO(write_efg(two)))
    players, outcomes = list(game.players), list(game.outcomes)
    n = min(args.gambit_points, len(xs))
    picks = xs[np.linspace(0, len(xs) - 1, n).astype(int)]
    rows = [two.tree({"x": float(x)}).payoffs for x in picks]

    def gambit():
        for payoffs in rows:
            for outcome, row in zip(outcomes, payoffs):
                for player, v in zip(players, row):
                    outcome[player] = float(v)
            gbt.nash.lcp_solve(game, rational=False)

    t_gambit = median_time(gambit, 1) * len(xs) / n
    print(f"  2-player version: wedge sweep {t_two * 1e3:9.1f} ms; pygambit lcp_solve per point, scaled from "
          f"{n} points: {t_gambit * 1e3:9.1f} ms -> wedge {t_gambit / t_two:6.1f}x faster")
    if args.agent:
        game = gbt.read_efg(io.StringIO(write_efg(spec)))
        start = time.perf_counter()
        found = gbt.nash.enumpure_agent_solve(game)
        print(f"  pygambit enumpure_agent_solve on the 3-player tree, ONE point: {time.perf_counter() - start:.1f} s "
              f"({len(found.equilibria):,} pure agent equilibria)")

if __name__ == "__main__":
    main()
