"""All equilibria of random 3-player games: wedge beside pygambit's enumpoly and gnm, same run.

Run on demand (not a test):

    PYTHONPATH=. python benchmarks/bench_nplayer.py [--seed 2024] [--sizes 2 3 4] [--games 40 10 5]

For each size k it draws games with k strategies per player and integer payoffs in
[-100, 100] (fixed seed), and times

* wedge's :func:`wedge_cli.solve.nplayer.enumerate_equilibria` (in this process, with the
  time limit as its deadline; exact payoffs, so results are certified exactly where possible),
* pygambit's ``enumpoly_solve`` and ``gnm_solve`` (each call in a worker process that is
  killed at the time limit, so a call that hangs cannot stall the benchmark).

It prints, per size and tool: the median wall time over all games (a call cut off at the
limit counts as the limit, shown with ">"), the fraction of games the tool finished within
the limit, the fraction where it finished *and* reports completeness (wedge: ``complete``;
pygambit's methods make no such claim, so this column is the fraction where they found every
equilibrium wedge found), and the mean number of equilibria found. Figures are recorded in
docs/nplayer.md.
"""

from __future__ import annotations

import os

# One BLAS thread: the solver does thousands of small dense decompositions, and OpenBLAS's
# threads make those up to 100 times slower on a loaded 2-core machine (a 48x54 SVD: 0.9 ms
# single-threaded, 87 ms with two threads under load). Set before numpy is imported;
# override with e.g. OPENBLAS_NUM_THREADS=2.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import multiprocessing as mp  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from wedge_cli.model import Game  # noqa: E402
from wedge_cli.solve.nplayer import enumerate_equilibria  # noqa: E402

DEFAULT_LIMIT = {2: 10.0, 3: 60.0, 4: 120.0}


def _serve(conn) -> None:
    import pygambit as gbt

    while True:
        msg = conn.recv()
        if msg is None:
            return
        arrays, method = msg
        game = gbt.Game.from_arrays(*[np.asarray(a, dtype=int) for a in arrays])
        start = time.perf_counter()
        result = getattr(gbt.nash, f"{method}_solve")(game)
        elapsed = time.perf_counter() - start
        eqs = [[[float(eq[s]) for s in p.strategies] for p in game.players] for eq in result.equilibria]
        conn.send((elapsed, eqs))


class Worker:
    def __init__(self) -> None:
        self.ctx = mp.get_context("fork")
        self.proc = None

    def run(self, arrays, method: str, limit: float):
        """(seconds, equilibria) or None when the call did not finish within ``limit``."""
        if self.proc is None or not self.proc.is_alive():
            self.conn, child = self.ctx.Pipe()
            self.proc = self.ctx.Process(target=_serve, args=(child,), daemon=True)
            self.proc.start()
        self.conn.send(([np.asarray(a).tolist() for a in arrays], method))
        if self.conn.poll(limit):
            return self.conn.recv()
        self.proc.kill()
        self.proc.join()
        self.proc = None
        return None


def _found_all(theirs: list, ours: list[tuple[np.ndarray, ...]]) -> bool:
    def close(eq, prof) -> bool:
        return all(np.max(np.abs(np.asarray(a) - b)) <= 1e-6 for a, b in zip(eq, prof))

    return all(any(close(eq, prof) for eq in theirs) for prof in ours)


def bench_size(k: int, games: int, limit: float, rng: np.random.Generator, worker: Worker) -> list[tuple]:
    rows = {name: {"time": [], "finished": 0, "complete": 0, "count": []} for name in ("wedge", "enumpoly", "gnm")}
    for _ in range(games):
        arrays = [rng.integers(-100, 101, size=(k, k, k)) for _ in range(3)]
        game = Game.from_arrays(*arrays)
        start = time.perf_counter()
        result = enumerate_equilibria(game.payoffs, game.exact, 1e-9, deadline=start + limit)
        elapsed = time.perf_counter() - start
        row = rows["wedge"]
        finished = elapsed <= limit and not any("time limit" in n for n in result.notes)
        row["time"].append(min(elapsed, limit))
        row["finished"] += finished
        row["complete"] += finished and result.complete
        row["count"].append(len(result.profiles))
        for method in ("enumpoly", "gnm"):
            row = rows[method]
            out = worker.run(arrays, method, limit)
            if out is None:
                row["time"].append(limit)
                continue
            seconds, eqs = out
            row["time"].append(seconds)
            row["finished"] += 1
            row["complete"] += _found_all(eqs, result.profiles) if result.complete else 0
            row["count"].append(len(eqs))
    table = []
    for name, row in rows.items():
        med = statistics.median(row["time"])
        capped = med >= limit
        table.append(
            (
                f"{k}x{k}x{k}",
                name,
                (">" if capped else "") + f"{med:.4f}",
                f"{row['finished']}/{games}",
                f"{row['complete']}/{games}",
                f"{statistics.mean(row['count']):.1f}" if row["count"] else "-",
            )
        )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--games", type=int, nargs="+", default=[40, 10, 5], help="games per size, in --sizes order")
    parser.add_argument("--limit", type=float, nargs="+", default=None, help="seconds per call, in --sizes order")
    args = parser.parse_args()
    limits = args.limit or [DEFAULT_LIMIT.get(k, 120.0) for k in args.sizes]
    worker = Worker()
    warm = Game.from_arrays(*np.ones((3, 2, 2, 2), dtype=int))
    enumerate_equilibria(warm.payoffs, warm.exact, 1e-9)  # first-call overheads out of the timings
    header = ("game", "tool", "median s", "finished", "complete*", "mean #eq")
    print(f"BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}; seed {args.seed}")
    print(f"{header[0]:8} {header[1]:9} {header[2]:>10} {header[3]:>9} {header[4]:>10} {header[5]:>9}")
    for k, games, limit in zip(args.sizes, args.games, limits):
        rng = np.random.default_rng([args.seed, k])
        for row in bench_size(k, games, limit, rng, worker):
            print(f"{row[0]:8} {row[1]:9} {row[2]:>10} {row[3]:>9} {row[4]:>10} {row[5]:>9}", flush=True)
        print(f"  (time limit {limit:g} s per call)")
    print("* wedge: finished and complete=True; pygambit: finished and found every equilibrium wedge found")


if __name__ == "__main__":
    main()
