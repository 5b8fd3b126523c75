"""Benchmark: wedge's default 2-player solver against pygambit and nashpy.

Run on demand (not a test)::

    PYTHONPATH=. python benchmarks/bench_solve.py            # 20 games per size
    PYTHONPATH=. python benchmarks/bench_solve.py --games 5 --sizes 3 6

For each size, random games with integer payoffs in [0, 99] (fixed seed) are
solved by

* wedge ``solve(game)`` (method ``enumerate``: all extreme equilibria, exact),
* pygambit ``enummixed_solve(game, rational=False)`` (all extreme equilibria, floats),
* nashpy ``list(Game(A, B).support_enumeration())`` (not complete on degenerate games).

Each solver's time per game is the best of ``--repeats`` runs (nashpy: one run,
it takes seconds on 8x8), measured in the same process, interleaved game by
game. The table reports the median over games and the ratio of medians
wedge / pygambit. It also checks that wedge and pygambit find the same number
of equilibria on every game.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as np


def _best_of(repeats: int, func) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3, 6, 8])
    parser.add_argument("--games", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-nashpy", action="store_true", help="skip nashpy (slow on 8x8)")
    args = parser.parse_args()

    import nashpy
    import pygambit as gbt

    from wedge_cli.model import Game
    from wedge_cli.solve import solve

    rng = np.random.default_rng(args.seed)
    header = (
        f"{'size':>5} {'games':>5} {'eq(med)':>7} {'wedge ms':>9} {'gambit ms':>9} {'nashpy ms':>10} {'wedge/gambit':>12}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        t_wedge, t_gambit, t_nashpy, counts = [], [], [], []
        for _ in range(args.games):
            a = rng.integers(0, 100, (size, size))
            b = rng.integers(0, 100, (size, size))
            game = Game.from_arrays(a, b)
            g_game = gbt.Game.from_arrays(a, b)
            solution = solve(game)
            reference = gbt.nash.enummixed_solve(g_game, rational=False)
            if len(solution.equilibria) != len(reference.equilibria):
                raise SystemExit(f"equilibrium count differs on a {size}x{size} game: {a.tolist()} {b.tolist()}")
            counts.append(len(solution.equilibria))
            t_wedge.append(_best_of(args.repeats, lambda: solve(game)))
            t_gambit.append(_best_of(args.repeats, lambda: gbt.nash.enummixed_solve(g_game, rational=False)))
            if not args.no_nashpy:
                n_game = nashpy.Game(a, b)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    t_nashpy.append(_best_of(1, lambda: list(n_game.support_enumeration())))
        med_w = statistics.median(t_wedge) * 1e3
        med_g = statistics.median(t_gambit) * 1e3
        med_n = f"{statistics.median(t_nashpy) * 1e3:10.2f}" if t_nashpy else f"{'-':>10}"
        print(
            f"{size}x{size:<3} {args.games:5d} {statistics.median(counts):7.1f} {med_w:9.3f} {med_g:9.3f} "
            f"{med_n} {med_w / med_g:12.2f}"
        )


if __name__ == "__main__":
    main()
