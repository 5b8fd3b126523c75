"""Benchmark: ``wedge sweep`` against per-point nashpy and a plain numpy support enumeration.

Run on demand (not a test)::

    PYTHONPATH=. python benchmarks/bench_sweep.py              # everything (about a minute)
    PYTHONPATH=. python benchmarks/bench_sweep.py --quick      # nashpy on 1,000 points, scaled

Three measurements, all in one run:

1. **1-D, 10,000 points, 3x3 bimatrix game with one parameterised cell**
   (``A[0][0] = t``, ``t`` from -10 to 10). Timed, each the median of
   ``--repeats`` runs:

   * ``wedge sweep``: the library call :func:`wedge_cli.sweep.core.sweep` (payoffs
     for all points at once, batched support enumeration with verification
     and exact fallback for degenerate points, exact thresholds, regimes);
   * ``wedge batch``: the solving step alone on the same payoff array
     (:func:`wedge_cli.solve.batch.bimatrix_batch`);
   * ``numpy``: a plain vectorised support enumeration over the same array
     (below: equal-size supports, batched ``numpy.linalg.solve``, feasibility
     and best-reply tests with a 1e-9 tolerance; no degeneracy check, no
     verification, no structures);
   * ``nashpy``: a Python loop calling ``nashpy.Game(A, B).support_enumeration()``
     per point (one run; with ``--quick`` on 1,000 points, scaled by 10).

   The issue asks for wedge at least 100x faster than nashpy and within 5x
   of the plain numpy enumeration.
2. **2-D, 200 x 200 points, 3x3 game** with two parameterised cells: the
   whole :func:`sweep` (map, regimes, boundaries refined along grid lines).
   Target: under 5 s.
3. **Memory: 1,000,000 points of a 2x2 game** (1-D), in a child process:
   peak resident set size (``resource.getrusage``) and time. Target: under 2 GB.
4. **The whole process** (issue 11): ``wedge sweep FILE --param t=-10:10:9999``
   on the game of (1), run as a command with stdout to a pipe, start-up and
   serialisation included: with ``--json`` (compact, no points: ``wedge.sweep/2``),
   with ``--format jsonl`` (every point, one per line) and, for comparison, with
   ``--json --points --indent`` (what ``--json`` printed before). Median of
   ``--repeats`` runs each, bytes written and the child's peak RSS (``os.wait4``).
   Target: ``--json`` at least 100x faster than the nashpy loop of (1), measured
   in the same run.
5. **2-D map of the bundled 3-player scenario us-russia-china** (issue 13):
   ``relief`` x ``distrust`` on an ``N x N`` grid (``--urc-steps N``, default 60; the
   issue's figure is 200), the whole :func:`sweep`, each run in a child process, this
   tree against the code before the batch driver (``--before DIR``, a checkout of it,
   e.g. ``git -C . archive c3e6839 | tar -x -C /tmp/before``), alternating, median of
   ``--urc-repeats``. The two JSON reports (``sweep_report``) must be equal: same
   regimes and boundaries. Target at 200 x 200: at least 3x faster.

   Measured 2026-12-03 on a quiet machine (load average 1.0, 2 cores; one run
   per side, back to back, ``--urc-steps 200 --before`` a checkout of 15d2080):
   200 x 200: 132.7 s before, 81.8 s after, **1.62x**, not the 3x the issue asks;
   the full reports are equal (4 regimes, 680 boundary points). An earlier pair of
   runs under load (load average 4-5) gave 464.8 s and 183.4 s, a ratio the load,
   not the code, inflated. Where the time goes after (cProfile, 60 x 60, 50 s): 87%
   in boundary bisection, 3,862 exact 3-player solves of points the batches cannot
   certify (dominance leaves most of them a 2x3x2 game with nothing removed, which
   no batch covers); the grid itself is 14%. The next step is a 2x3x2 batch or a
   cheaper exact check of a point whose candidate structures are known.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

GAME_1D = """
title = "bench 3x3, one parameterised cell"
[parameters.t]
value = 0
min = -10
max = 10
[[players]]
name = "Row"
strategies = ["r1", "r2", "r3"]
[[players]]
name = "Col"
strategies = ["c1", "c2", "c3"]
[payoffs]
Row = [["t", 1, 4], [2, 3, 0], [1, 4, 2]]
Col = [[2, 4, 1], [3, 1, 2], [0, 2, 5]]
"""

GAME_2D = """
title = "bench 3x3, two parameterised cells"
[parameters.x]
value = 0
min = -10
max = 10
[parameters.y]
value = 0
min = -10
max = 10
[[players]]
name = "Row"
strategies = ["r1", "r2", "r3"]
[[players]]
name = "Col"
strategies = ["c1", "c2", "c3"]
[payoffs]
Row = [["x", 1, 4], [2, 3, 0], [1, 4, 2]]
Col = [[2, 4, 1], [3, "y", 2], [0, 2, 5]]
"""

GAME_2X2 = """
title = "bench 2x2"
[parameters.t]
value = 0
min = -10
max = 10
[[players]]
name = "Row"
strategies = ["r1", "r2"]
[[players]]
name = "Col"
strategies = ["c1", "c2"]
[payoffs]
Row = [["t", 0], [1, 2]]
Col = [[2, 0], ["1 - t/4", 3]]
"""


def numpy_support_enumeration(payoffs: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Plain vectorised support enumeration: number of equilibria per game (nondegenerate games).

    For each support size k and pair (I, J), solve both indifference systems
    for all games with one batched ``numpy.linalg.solve`` (singular systems
    skipped), keep strictly positive solutions whose supports are best replies.
    """
    n_games, _, m, n = payoffs.shape
    a, b = payoffs[:, 0], payoffs[:, 1]
    count = np.zeros(n_games, dtype=np.int64)
    for k in range(1, min(m, n) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                r, c = list(rows), list(cols)
                mx = np.zeros((n_games, k + 1, k + 1))
                mx[:, :k, :k] = np.swapaxes(b[:, r][:, :, c], 1, 2)
                mx[:, :k, k] = -1
                mx[:, k, :k] = 1
                my = np.zeros((n_games, k + 1, k + 1))
                my[:, :k, :k] = a[:, r][:, :, c]
                my[:, :k, k] = -1
                my[:, k, :k] = 1
                ok = (np.abs(np.linalg.det(mx)) > 1e-12) & (np.abs(np.linalg.det(my)) > 1e-12)
                mx[~ok] = np.eye(k + 1)
                my[~ok] = np.eye(k + 1)
                rhs = np.zeros((n_games, k + 1, 1))
                rhs[:, k] = 1
                sx = np.linalg.solve(mx, rhs)[:, :, 0]
                sy = np.linalg.solve(my, rhs)[:, :, 0]
                x = np.zeros((n_games, m))
                x[:, r] = sx[:, :k]
                y = np.zeros((n_games, n))
                y[:, c] = sy[:, :k]
                ay = np.einsum("gij,gj->gi", a, y)
                xb = np.einsum("gi,gij->gj", x, b)
                good = ok & (sx[:, :k] > tol).all(1) & (sy[:, :k] > tol).all(1)
                good &= (ay <= sy[:, k:] + tol).all(1) & (xb <= sx[:, k:] + tol).all(1)
                count += good
    return count


def nashpy_loop(payoffs: np.ndarray) -> list[int]:
    import nashpy

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in range(len(payoffs)):
            out.append(len(list(nashpy.Game(payoffs[g, 0], payoffs[g, 1]).support_enumeration())))
    return out


def _median_time(repeats: int, func):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_1d(repeats: int, quick: bool) -> dict:
    from wedge_cli.formats.toml_read import loads
    from wedge_cli.solve.batch import bimatrix_batch
    from wedge_cli.sweep.axis import parse_axis
    from wedge_cli.sweep.core import sweep

    spec = loads(GAME_1D)
    axis = parse_axis("t=-10:10:9999", spec)
    payoffs = spec.batch({"t": axis.values()})
    t_sweep, result = _median_time(repeats, lambda: sweep(spec, [axis], exact_points=False))
    t_batch, batch = _median_time(repeats, lambda: bimatrix_batch(payoffs))
    t_numpy, counts = _median_time(repeats, lambda: numpy_support_enumeration(payoffs))
    subset = payoffs[:: 10] if quick else payoffs
    start = time.perf_counter()
    nashpy_loop(subset)
    t_nashpy = (time.perf_counter() - start) * (len(payoffs) / len(subset))
    ok = ~batch.suspect
    wedge_counts = np.diff(batch.offsets())
    agree = bool(np.all(wedge_counts[ok] == counts[ok]))
    return {
        "points": len(payoffs),
        "wedge_sweep_s": t_sweep,
        "wedge_batch_s": t_batch,
        "numpy_s": t_numpy,
        "nashpy_s": t_nashpy,
        "nashpy_points_run": len(subset),
        "sweep_vs_nashpy": t_nashpy / t_sweep,
        "sweep_vs_numpy": t_sweep / t_numpy,
        "batch_vs_numpy": t_batch / t_numpy,
        "degenerate_points": int(batch.suspect.sum()),
        "thresholds": [str(t.exact) if t.exact is not None else f"{t.value:.10g}" for t in result.thresholds],
        "equilibrium_counts_agree_with_numpy": agree,
    }


def bench_2d(repeats: int) -> dict:
    from wedge_cli.formats.toml_read import loads
    from wedge_cli.sweep.axis import parse_axis
    from wedge_cli.sweep.core import sweep

    spec = loads(GAME_2D)
    axes = [parse_axis("x=-10:10:199", spec), parse_axis("y=-10:10:199", spec)]
    t, result = _median_time(repeats, lambda: sweep(spec, axes))
    return {"points": 200 * 200, "seconds": t, "regimes": len(result.regimes),
            "boundary_points": len(result.thresholds),
            "exact_boundary_points": sum(1 for b in result.thresholds if b.exact is not None)}


_CHILD = """
import json, resource, sys, time
from wedge_cli.formats.toml_read import loads
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.core import sweep
spec = loads(sys.stdin.read())
start = time.perf_counter()
result = sweep(spec, [parse_axis("t=-10:10:999999", spec)])
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"points": result.points.n_points, "seconds": seconds, "peak_rss_bytes": rss,
                  "regimes": len(result.regimes),
                  "thresholds": [str(t.exact) for t in result.thresholds]}))
"""


def bench_memory() -> dict:
    done = subprocess.run([sys.executable, "-c", _CHILD], input=GAME_2X2, capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True)
    return json.loads(done.stdout)


def _run_command(args: list[str]) -> tuple[float, int, int]:
    """Seconds, bytes written to stdout and peak RSS of one ``wedge`` process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "wedge_cli", *args], stdout=subprocess.PIPE, cwd=ROOT,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    size = 0
    while chunk := child.stdout.read(1 << 16):
        size += len(chunk)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"wedge {' '.join(args)} exited {child.returncode}")
    return seconds, size, usage.ru_maxrss * 1024


def bench_process(repeats: int, nashpy_seconds: float) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench_1d.toml"
        path.write_text(GAME_1D, encoding="utf-8")
        base = ["sweep", str(path), "--param", "t=-10:10:9999"]
        out = {}
        for key, extra in (("json", ["--json"]), ("jsonl", ["--format", "jsonl"]),
                           ("json_points_indented", ["--json", "--points", "--indent"])):
            runs = [_run_command(base + extra) for _ in range(repeats)]
            out[key] = {"seconds": statistics.median(r[0] for r in runs), "bytes": runs[0][1],
                        "peak_rss_bytes": max(r[2] for r in runs)}
    out["nashpy_s"] = nashpy_seconds
    out["json_vs_nashpy"] = nashpy_seconds / out["json"]["seconds"]
    return out


_URC_CHILD = """
import json, sys, time
from wedge_cli.formats.toml_read import load
try:
    from wedge_cli.report.sweep import sweep_report
except ImportError:  # the code before the report split
    from wedge_cli.report.results import sweep_report
try:
    from wedge_cli.sweep.axis import parse_axis
except ImportError:  # the code before the sweep split
    from wedge_cli.sweep.core import parse_axis
from wedge_cli.sweep.core import sweep
n = int(sys.argv[1])
spec = load("us-russia-china")
axes = [parse_axis(f"relief=0:30:{n - 1}", spec), parse_axis(f"distrust=0:1:{n - 1}", spec)]
start = time.perf_counter()
result = sweep(spec, axes, budget=float("inf"))
seconds = time.perf_counter() - start
report = sweep_report(result)
report.pop("elapsed", None)
print(json.dumps({"seconds": seconds, "regimes": len(result.regimes), "thresholds": len(result.thresholds),
                  "report": json.dumps(report, sort_keys=True, default=str)}))
"""


def _urc_run(tree: Path, steps: int) -> dict:
    done = subprocess.run([sys.executable, "-c", _URC_CHILD, str(steps)], capture_output=True, text=True, cwd=tree,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, check=True)
    return json.loads(done.stdout)


def bench_three_players(steps: int, repeats: int, before: Path | None) -> dict:
    """Section 5: the us-russia-china map, this tree and (with ``before``) the old code, alternating."""
    sides = {"after": ROOT} if before is None else {"before": before, "after": ROOT}
    runs: dict[str, list[dict]] = {k: [] for k in sides}
    for _ in range(repeats):
        for key, tree in sides.items():
            runs[key].append(_urc_run(tree, steps))
    out: dict = {"points": steps * steps, "load_average": os.getloadavg()}
    for key, got in runs.items():
        out[key] = {"seconds": statistics.median(r["seconds"] for r in got), "regimes": got[0]["regimes"],
                    "thresholds": got[0]["thresholds"]}
    if before is not None:
        out["speedup"] = out["before"]["seconds"] / out["after"]["seconds"]
        out["same_report"] = runs["before"][0]["report"] == runs["after"][0]["report"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="run nashpy on 1,000 of the 10,000 points and scale")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--urc-steps", type=int, default=60, help="grid steps per axis of section 5")
    parser.add_argument("--urc-repeats", type=int, default=1, help="runs per side of section 5")
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with in section 5")
    parser.add_argument("--only-urc", action="store_true", help="run section 5 only")
    args = parser.parse_args()
    if args.only_urc:
        three = bench_three_players(args.urc_steps, args.urc_repeats, args.before)
        print(json.dumps(three, indent=2) if args.json else _urc_text(three))
        return
    figures = {
        "one_d": bench_1d(args.repeats, args.quick),
        "two_d": bench_2d(max(1, args.repeats // 2)),
        "memory": bench_memory(),
    }
    figures["process"] = bench_process(args.repeats, figures["one_d"]["nashpy_s"])
    figures["three_players"] = bench_three_players(args.urc_steps, args.urc_repeats, args.before)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    d1, d2, mem = figures["one_d"], figures["two_d"], figures["memory"]
    print(f"1-D sweep, {d1['points']:,} points, 3x3 with one parameterised cell (median of {args.repeats}):")
    print(f"  wedge sweep (everything)        {d1['wedge_sweep_s'] * 1e3:9.1f} ms")
    print(f"  wedge batch solve only          {d1['wedge_batch_s'] * 1e3:9.1f} ms")
    print(f"  plain numpy support enumeration {d1['numpy_s'] * 1e3:9.1f} ms")
    scaled = " (scaled from %d points)" % d1["nashpy_points_run"] if d1["nashpy_points_run"] != d1["points"] else ""
    print(f"  nashpy loop                     {d1['nashpy_s'] * 1e3:9.1f} ms{scaled}")
    print(f"  nashpy / wedge sweep            {d1['sweep_vs_nashpy']:9.1f} x   (target >= 100)")
    print(f"  wedge sweep / numpy             {d1['sweep_vs_numpy']:9.2f} x   (target <= 5)")
    print(f"  wedge batch / numpy             {d1['batch_vs_numpy']:9.2f} x")
    print(f"  degenerate points solved exactly: {d1['degenerate_points']}; thresholds: {', '.join(d1['thresholds'])}")
    print(f"  equilibrium counts agree with numpy on nondegenerate points: {d1['equilibrium_counts_agree_with_numpy']}")
    print(f"2-D sweep, 200 x 200 points, 3x3: {d2['seconds']:.2f} s (target < 5 s); {d2['regimes']} regimes, "
          f"{d2['boundary_points']} boundary points ({d2['exact_boundary_points']} exact)")
    print(f"1,000,000-point 2x2 sweep: {mem['seconds']:.2f} s, peak RSS {mem['peak_rss_bytes'] / 2**20:.0f} MiB "
          f"(target < 2048 MiB); thresholds {', '.join(mem['thresholds'])}")
    proc = figures["process"]
    print(f"whole process, wedge sweep of the 1-D game, stdout to a pipe (median of {args.repeats}):")
    for key, label in (("json", "--json"), ("jsonl", "--format jsonl"),
                       ("json_points_indented", "--json --points --indent")):
        f = proc[key]
        print(f"  {label:28} {f['seconds'] * 1e3:9.1f} ms  {f['bytes'] / 1e6:8.2f} MB  "
              f"peak RSS {f['peak_rss_bytes'] / 2**20:5.0f} MiB")
    print(f"  nashpy loop / wedge --json process {proc['json_vs_nashpy']:9.1f} x   (target >= 100)")
    print(_urc_text(figures["three_players"]))


def _urc_text(f: dict) -> str:
    lines = [f"2-D sweep of us-russia-china (3 players), {f['points']:,} points, load average "
             f"{', '.join(f'{x:.1f}' for x in f['load_average'])}:"]
    for key in ("before", "after"):
        if key in f:
            lines.append(f"  {key:6} {f[key]['seconds']:9.1f} s  {f[key]['regimes']} regimes, "
                         f"{f[key]['thresholds']} boundary points")
    if "speedup" in f:
        lines.append(f"  before / after {f['speedup']:6.2f} x (target >= 3 at 200 x 200); "
                     f"same regimes and boundaries: {f['same_report']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
