"""Process wall time of wedge commands against the bare cost of importing nashpy.

Run on demand (not a test):  python benchmarks/bench_cli.py [--repeat 15]

Prints the median wall time of each command, measured in the same run as the
baselines `python -c pass` and `python -c "import nashpy"`, and the ratios the
targets are stated in (docs/performance.md).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from wedge_cli.formats.catalog import bundled_names

WEDGE = [sys.executable, "-m", "wedge_cli"]


def median_seconds(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    python = median_seconds([sys.executable, "-c", "pass"], args.repeat)
    nashpy = median_seconds([sys.executable, "-c", "import nashpy"], args.repeat)
    rows = [("python -c pass (baseline)", python), ('python -c "import nashpy" (baseline)', nashpy)]
    commands = [["--help"], ["list"]]
    for name in bundled_names():
        commands += [["check", name], ["show", name], ["solve", name]]
    for command in commands:
        rows.append(("wedge " + " ".join(command), median_seconds(WEDGE + command, args.repeat)))
    print(f"{'command':48} {'median s':>9} {'/ import nashpy':>16}")
    for label, seconds in rows:
        print(f"{label:48} {seconds:9.3f} {seconds / nashpy:16.2f}")


if __name__ == "__main__":
    main()
