"""Benchmark: subgame-perfect equilibria of large perfect-information trees, and pygambit on the same trees.

Run on demand (not a test)::

    PYTHONPATH=. python benchmarks/bench_tree.py                 # everything (about a minute)
    PYTHONPATH=. python benchmarks/bench_tree.py --repeats 3 --lcp-sizes 100

Measurements, all in one run, each the median of ``--repeats`` runs:

1. **100,000 nodes, perfect information** (random shape, 2 to 3 actions per node, 10%
   chance nodes, 2 players): :func:`wedge_cli.solve.tree.solve_tree` with

   * rational payoffs (integers up to 10^6, so few ties), exact arithmetic;
   * the same payoffs as floats (no exact values: float mode, ``tol`` 1e-9);
   * payoffs 0, 1 or 2 (ties everywhere: over 10^1000 subgame-perfect equilibria,
     of which the first few are listed; the cost of keeping every tie).

   Target (issue 14): under 1 s.
2. **pygambit 16.7 on the same kind of tree**: reading the 100,000-node ``.efg`` text
   (pygambit's loading alone, against wedge's whole solve), and its solvers on smaller
   trees, since none of them reaches 100,000 nodes (its subgame-perfect solvers were
   removed in 16.5): ``lcp_solve`` on the tree (one Nash equilibrium through the
   sequence form, exact; 200 nodes already take seconds), ``enumpure_agent_solve``
   (every pure behaviour profile checked: exponential, 20-30 nodes) and
   ``logit_solve`` (one approximate equilibrium by tracing the logit path), each
   against :func:`solve_tree` (every subgame-perfect equilibrium) on the same tree.
   Ratios are pygambit's time over wedge's.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from fractions import Fraction


from wedge_cli.solve.tree import solve_tree
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Skeleton, Tree, tree_from_numbers


def random_tree(n_nodes: int, seed: int = 0, values: int = 10**6, chance: float = 0.1, players: int = 2) -> Tree:
    """A random perfect-information tree of ``n_nodes`` nodes (or one more), in preorder, integer payoffs below ``values``."""
    rng = random.Random(seed)
    children: list[list[int]] = [[]]
    frontier = [0]
    count = 1
    while frontier and count < n_nodes:
        i = frontier.pop(rng.randrange(len(frontier)))
        width = max(2, min(rng.choice((2, 2, 3)), n_nodes - count))
        for _ in range(width):
            children.append([])
            children[i].append(count)
            frontier.append(count)
            count += 1
    order, stack = [], [0]
    while stack:
        i = stack.pop()
        order.append(i)
        stack.extend(reversed(children[i]))
    new = {old: j for j, old in enumerate(order)}
    parent = {c: i for i, kids in enumerate(children) for c in kids}
    nodes, infosets, payoffs, probabilities = [], [], [], []
    for old in order:
        kids = tuple(new[c] for c in children[old])
        up = new[parent[old]] if old in parent else None
        if not kids:
            nodes.append(Node(TERMINAL, up, outcome=len(payoffs)))
            payoffs.append([rng.randrange(values) for _ in range(players)])
            continue
        actions = tuple(f"a{j}" for j in range(len(kids)))
        if rng.random() < chance:
            nodes.append(Node(CHANCE, up, kids, actions, len(infosets)))
            infosets.append(InfoSet(None, actions, (len(nodes) - 1,)))
            probabilities.append(tuple(Fraction(1, len(kids)) for _ in kids))
        else:
            nodes.append(Node(DECISION, up, kids, actions, len(infosets)))
            infosets.append(InfoSet(rng.randrange(players), actions, (len(nodes) - 1,)))
            probabilities.append(())
    skeleton = Skeleton(tuple(f"P{p + 1}" for p in range(players)), tuple(nodes), tuple(infosets), len(payoffs))
    return tree_from_numbers(skeleton, payoffs, probabilities)


def float_copy(tree: Tree) -> Tree:
    """The same tree without exact values (float mode)."""
    return Tree(tree.skeleton, tree.payoffs, None, tree.probabilities, tuple(None for _ in tree.infosets))


def to_efg(tree: Tree) -> str:
    """Gambit .efg text of a tree (integer payoffs, rational chance probabilities)."""
    number, seen = {}, {}
    for k, info in enumerate(tree.infosets):
        seen[info.player] = seen.get(info.player, 0) + 1
        number[k] = seen[info.player]
    lines = ['EFG 2 R "bench" { ' + " ".join(f'"{p}"' for p in tree.players) + " }", '""', ""]
    for i, node in enumerate(tree.nodes):
        if node.kind == TERMINAL:
            row = tree.exact[node.outcome]
            lines.append(f't "" {i + 1} "" {{ ' + ", ".join(str(x) for x in row) + " }")
            continue
        info = tree.infosets[node.infoset]
        if info.player is None:
            acts = " ".join(f'"{a}" {p}' for a, p in zip(info.actions, tree.exact_probabilities[node.infoset]))
            lines.append(f'c "" {number[node.infoset]} "" {{ {acts} }} 0')
        else:
            acts = " ".join(f'"{a}"' for a in info.actions)
            lines.append(f'p "" {info.player + 1} {number[node.infoset]} "" {{ {acts} }} 0')
    return "\n".join(lines) + "\n"


def median_seconds(run, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--lcp-sizes", default="100,200", help="tree sizes for pygambit's lcp_solve (slow beyond 200)")
    parser.add_argument("--agent-sizes", default="20,30", help="tree sizes for enumpure_agent_solve (exponential)")
    parser.add_argument("--logit-sizes", default="100", help="tree sizes for logit_solve")
    parser.add_argument("--gambit-repeats", type=int, default=1, help="runs of each pygambit solver")
    args = parser.parse_args()
    print(f"1. perfect information, {args.nodes:,} nodes (median of {args.repeats})")
    exact = random_tree(args.nodes, seed=1)
    rows = []
    for label, tree in (("rational payoffs, exact", exact), ("the same payoffs as floats", float_copy(exact)),
                        ("payoffs 0-2, ties everywhere", random_tree(args.nodes, seed=2, values=3))):
        seconds, solution = median_seconds(lambda tree=tree: solve_tree(tree), args.repeats)
        count = next((w["message"].split(" pure")[0].replace("the tree has ", "") for w in solution.warnings
                      if w["code"] == "truncated"), str(len(solution.equilibria)))
        rows.append((label, len(tree.nodes), seconds, f"{len(solution.equilibria)} listed of {count}"))
    print(f"{'tree':32} {'nodes':>8} {'median s':>9}  equilibria")
    for label, nodes, seconds, what in rows:
        print(f"{label:32} {nodes:8,} {seconds:9.3f}  {what}")
    try:
        import pygambit
    except ImportError:
        print("pygambit is not installed: part 2 skipped")
        return
    print(f"\n2. pygambit {pygambit.__version__} on the same kind of trees (median of {args.repeats})")
    text = to_efg(exact)
    seconds, _ = median_seconds(lambda: pygambit.read_efg(io.StringIO(text)), args.repeats)
    ours = rows[0][2]
    print(f"pygambit read_efg alone, {len(exact.nodes):,} nodes: {seconds:.3f} s ({seconds / ours:.1f}x wedge's "
          "whole solve)")
    print(f"{'nodes':>7} {'wedge solve_tree s':>19} {'pygambit solver':>30} {'pygambit s':>11} {'ratio':>9}")
    runs = [("lcp_solve (1 Nash eq., exact)", args.lcp_sizes, lambda g: pygambit.nash.lcp_solve(g)),
            ("enumpure_agent_solve", args.agent_sizes, lambda g: pygambit.nash.enumpure_agent_solve(g)),
            ("logit_solve (1 approx. eq.)", args.logit_sizes, lambda g: pygambit.nash.logit_solve(g))]
    for name, sizes, solver in runs:
        for size in (int(x) for x in sizes.split(",") if x):
            tree = random_tree(size, seed=3)
            game = pygambit.read_efg(io.StringIO(to_efg(tree)))
            wedge, _ = median_seconds(lambda tree=tree: solve_tree(tree), args.repeats)
            theirs, _ = median_seconds(lambda game=game: solver(game), args.gambit_repeats)
            print(f"{len(tree.nodes):7,} {wedge:19.5f} {name:>30} {theirs:11.4f} {theirs / wedge:9.0f}")

if __name__ == "__main__":
    main()
