"""Speed and memory of `wedge robust` (run on demand, not a test).

    python benchmarks/bench_robust.py [--quick]

Measures, in one run:
- 100,000 samples of a 3x3 two-player game (benchmarks/games/robust_3x3.toml),
  beside the reference path that calls the exact solver once per sample (on a
  subset, scaled), so the ratio says what batching buys;
- 100,000 samples of the 3-player flagship scenario us-russia-china, with all
  equilibria (the default) and with pure ones only (--method pure);
- peak memory (max RSS of a child process) of 10,000,000 samples of a 2x2 game
  (us-europe with --payoff-noise), which must stay under 2 GB.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from wedge_cli.formats.toml_read import load
from wedge_cli.robust.run import run as run_robust
from wedge_cli.robust.run import solve_each

HERE = Path(__file__).resolve().parent


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def child_peak_rss(code: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of running ``code`` in a fresh interpreter."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    seconds = time.perf_counter() - start
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args()
    n = 10_000 if args.quick else 100_000
    big = 1_000_000 if args.quick else 10_000_000
    repeat = 1 if args.quick else 3

    game3 = load(str(HERE / "games" / "robust_3x3.toml"))
    flagship = load("us-russia-china")
    rows = []
    t3 = timed(lambda: run_robust(game3, n, seed=1), repeat)
    rows.append((f"3x3 bimatrix, {n:,} samples (batched)", t3, "target < 10 s"))
    subset = 2_000
    ref = timed(lambda: run_robust(game3, subset, seed=1, structures=solve_each), 1) * n / subset
    rows.append((f"3x3 bimatrix, {n:,} samples (one exact solve per sample, from {subset:,})", ref,
                 f"batched is {ref / t3:.0f}x faster"))
    tf = timed(lambda: run_robust(flagship, n, seed=1), repeat)
    rows.append((f"us-russia-china (2x3x2), {n:,} samples, all equilibria (default)", tf, "target < 60 s"))
    tp = timed(lambda: run_robust(flagship, n, seed=1, method="pure"), repeat)
    rows.append((f"us-russia-china (2x3x2), {n:,} samples, --method pure", tp,
                 f"mixed equilibria cost {tf / tp:.1f}x"))
    code = (f"from wedge_cli.robust.run import run; from wedge_cli.formats.toml_read import load; "
            f"run(load('us-europe'), {big}, seed=1, payoff_noise=0.1)")
    seconds, peak = child_peak_rss(code)
    rows.append((f"us-europe (2x2), {big:,} samples with payoff noise", seconds,
                 f"peak RSS {peak:,.0f} MB (target < 2,048 MB)"))
    print(f"{'run':72} {'median s':>9}  note")
    for label, secs, note in rows:
        print(f"{label:72} {secs:9.2f}  {note}")


if __name__ == "__main__":
    main()
