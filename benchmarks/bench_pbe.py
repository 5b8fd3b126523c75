"""Benchmark: perfect Bayesian equilibria of a 2 x 3 x 3 signalling game, and a 1,000-point sweep of its prior.

Run on demand (not a test)::

    PYTHONPATH=. python benchmarks/bench_pbe.py              # about a minute
    PYTHONPATH=. python benchmarks/bench_pbe.py --quick      # fewer repeats

The game: chance draws one of 2 sender types (prior ``p`` and ``1 - p``), the sender
sends one of 3 messages, the receiver, seeing the message only, answers with one of 3
responses; payoffs random integers in [-3, 3] (seeded). 243 pure behaviour profiles.
All measured in one run, each the median of ``--repeats``:

* ``wedge solve --concept pbe``: :func:`wedge_cli.solve.tree.solve_tree`, every pure
  PBE with its off-path belief sets, kind and intuitive criterion (the issue asks for
  under 0.5 s), then the mixed ones too (a two-type game: solve/tree/hybrid.py), as the
  command does;
* ``pygambit lcp_solve`` on the same tree read from wedge's ``.efg`` (Nash equilibria
  of the sequence form, no beliefs off the path), and ``enumpure_agent_solve`` (every
  pure agent equilibrium): reference points, not the same question;
* ``wedge sweep --concept pbe`` of ``p`` over ``[0, 1]`` in 1,000 steps (1,001 points),
  exact thresholds (the issue asks for under 5 s);
* ``Python loop`` (the baseline): ``solve_tree(concept="pbe")`` at each of the 1,001
  points, timed on ``--loop-points`` of them and scaled; its sets of equilibria are
  checked against the sweep's regimes at those points.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from fractions import Fraction

from wedge_cli.formats.efg_write import write_efg
from wedge_cli.formats.toml_read import loads
from wedge_cli.solve.tree import solve_tree
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.pbe import equilibrium_set
from wedge_cli.sweep.tree import sweep_tree


def signalling_game(seed: int = 3, types: int = 2, messages: int = 3, replies: int = 3) -> str:
    """The benchmark's game as wedge TOML."""
    rng = random.Random(seed)
    t_names = [f"t{i}" for i in range(types)]
    m_names = [f"m{i}" for i in range(messages)]
    r_names = [f"r{i}" for i in range(replies)]
    lines = ['title = "benchmark signalling game"', "[parameters.p]", "value = 0.4", "min = 0", "max = 1",
             "[[players]]", 'name = "Sender"', "[[players]]", 'name = "Receiver"',
             "[[nodes]]", 'id = "nature"', 'probabilities = ["p", "1 - p"]',
             "actions = { " + ", ".join(f'{t} = "{t}_node"' for t in t_names) + " }"]
    for t in t_names:
        lines += ["[[nodes]]", f'id = "{t}_node"', 'player = "Sender"',
                  "actions = { " + ", ".join(f'{m} = "{t}_{m}"' for m in m_names) + " }"]
    for t in t_names:
        for m in m_names:
            lines += ["[[nodes]]", f'id = "{t}_{m}"', 'player = "Receiver"', f'infoset = "after_{m}"',
                      "actions = { " + ", ".join(f'{r} = "o_{t}_{m}_{r}"' for r in r_names) + " }"]
    for t in t_names:
        for m in m_names:
            for r in r_names:
                lines += ["[[outcomes]]", f'id = "o_{t}_{m}_{r}"',
                          f"payoffs = [{rng.randint(-3, 3)}, {rng.randint(-3, 3)}]"]
    return "\n".join(lines) + "\n"


def median_time(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats instead of 7")
    parser.add_argument("--loop-points", type=int, default=101, help="points of the Python loop actually timed")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    spec = loads(signalling_game(), "bench.toml")
    tree = spec.tree()
    solution = solve_tree(tree, concept="pbe", mixed=False)
    both = solve_tree(tree, concept="pbe")
    t_solve = median_time(lambda: solve_tree(tree, concept="pbe", mixed=False), repeats)
    t_both = median_time(lambda: solve_tree(tree, concept="pbe"), repeats)
    print(f"2 types x 3 messages x 3 responses, {solution.count} pure PBE and {both.count - solution.count} mixed "
          "at p = 2/5:")
    print(f"  pure PBE                         {t_solve * 1e3:9.1f} ms   (target < 500 ms)")
    print(f"  wedge solve --concept pbe        {t_both * 1e3:9.1f} ms   (pure and mixed)")
    try:
        import pygambit as gbt
    except ImportError:
        print("  pygambit: not installed (pip install pygambit)")
        gbt = None
    if gbt is not None:
        game = gbt.read_efg(io.StringIO(write_efg(tree)))
        t_lcp = median_time(lambda: gbt.nash.lcp_solve(game, rational=True), repeats)
        t_agent = median_time(lambda: gbt.nash.enumpure_agent_solve(game), repeats)
        print(f"  pygambit lcp_solve (rational)    {t_lcp * 1e3:9.1f} ms   ratio wedge / lcp {t_solve / t_lcp:6.2f}")
        print(f"  pygambit enumpure_agent_solve    {t_agent * 1e3:9.1f} ms   ratio wedge / agent "
              f"{t_solve / t_agent:6.2f}")
    axis = parse_axis("p=0:1:1000", spec)
    result = sweep_tree(spec, axis, concept="pbe")
    t_sweep = median_time(lambda: sweep_tree(spec, axis, concept="pbe"), repeats)
    step = max(1, (axis.size - 1) // max(1, args.loop_points - 1))
    sample = list(range(0, axis.size, step))
    base = {name: Fraction(str(p.value)) for name, p in spec.parameters.items()}

    def loop() -> list:
        return [equilibrium_set(spec, {**base, "p": axis.exact_value(i)})[0] for i in sample]

    start = time.perf_counter()
    keys = loop()
    t_loop = (time.perf_counter() - start) * axis.size / len(sample)
    thresholds = {t.exact for t in result.thresholds}
    for i, key in zip(sample, keys):
        x = axis.exact_value(i)
        if x in thresholds or x in (axis.start, axis.stop):
            continue  # at a threshold, or at a prior of 0 or 1, the set is not that of the regime's inside
        regime = next(r for r in result.regimes if r.exact_start <= x <= r.exact_stop)
        assert sorted(map(repr, (k[:2] for k in regime.kinds))) == sorted(map(repr, (k[1:] for k in key))), x
    print(f"sweep of p over [0, 1], 1,001 points: {len(result.thresholds)} thresholds "
          f"({', '.join(str(t.exact) for t in result.thresholds)}), {len(result.regimes)} regimes")
    print(f"  wedge sweep --concept pbe        {t_sweep * 1e3:9.1f} ms   (target < 5,000 ms)")
    print(f"  Python loop, solve per point     {t_loop * 1e3:9.1f} ms   (timed on {len(sample)} points, scaled); "
          f"ratio loop / sweep {t_loop / t_sweep:6.1f}")


if __name__ == "__main__":
    main()
