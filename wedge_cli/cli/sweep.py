"""``wedge sweep``: equilibria over a range of parameter values, regimes and thresholds.

Registered on :data:`wedge_cli.cli.main.app` by an import at the end of
``cli.py``. Heavy modules (numpy, the solver, matplotlib) are imported inside
the command so that ``wedge --help`` stays fast.
"""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.cli.main import BudgetOpt, GameArg, IndentOpt, JsonOpt, SetOpt, _consoles, _emit_json, _handles_errors, _json_line, _load, _note, _print_view, _warn, app
from wedge_cli.cli.completion import complete_axis

#: Sweeps forecast to take longer than this many seconds are announced before they start.
SLOW_SECONDS = 30.0


class SweepMethod(str, Enum):
    auto = "auto"
    enumerate = "enumerate"
    pure = "pure"


class SweepFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class _LazyProgress:
    """A rich progress bar on stderr that appears only after about a second, and only on a terminal."""

    DELAY = 1.0

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.monotonic()
        self.bar = None
        self.tasks: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < self.DELAY:
                return
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                                TextColumn("eta"), TimeRemainingColumn(),
                                console=_consoles()[1], transient=True)
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=max(total, 1))
        self.bar.update(self.tasks[stage], completed=done, total=max(total, 1))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command()
@_handles_errors
def sweep(
    game: GameArg,
    param: Annotated[list[str], typer.Option(
        "--param", "-p", metavar="NAME[=START:STOP[:STEPS]]", autocompletion=complete_axis,
        help="Parameter to sweep: STEPS equal steps from START to STOP (STEPS+1 points; default 100, "
             "50 per axis in 2-D). NAME alone sweeps its declared \\[min, max]. Give it twice for a 2-D map.")],
    set_: SetOpt = None,
    points: Annotated[bool, typer.Option("--points", help=(
        "List every grid point: in the table instead of the regimes; in --json as the 'points' list "
        "(left out otherwise: it is large)."))] = False,
    method: Annotated[SweepMethod, typer.Option("--method", "-m", help=(
        "Solver at every point, as in 'wedge solve': auto (enumerate for 2 and 3 players, pure for 4+), "
        "enumerate (all equilibria, mixed included), pure (pure equilibria only: exact thresholds, faster)."))] = SweepMethod.auto,
    plot: Annotated[Optional[Path], typer.Option(
        "--plot", metavar="FILE.png|FILE.svg",
        help="Also draw the sweep (payoffs and probabilities, or the 2-D map). Needs matplotlib: "
             "pip install 'wedge-cli\\[plot]' (or pip install '.\\[plot]' in a checkout).")] = None,
    as_json: JsonOpt = False,
    fmt: Annotated[SweepFormat, typer.Option("--format", "-f", help=(
        "table: regimes and thresholds (2-D: a region map). json: wedge.sweep/2 (regimes and thresholds; "
        "the grid points too with --points). jsonl: one JSON object per grid point per line, for jq and head. "
        "csv: one row per grid point per equilibrium. markdown: for reports."))] = SweepFormat.table,
    indent: IndentOpt = None,
    budget: BudgetOpt = None,
) -> None:
    """Sweep parameters: regimes of equilibria and the exact thresholds between them.

    Examples:

      wedge sweep us-russia-china --param relief

      wedge sweep us-russia-china --param relief=0:30:300 --set distrust=0.4

      wedge sweep us-europe --param cut --param rearm_cost --plot map.png

      wedge sweep us-europe --param cut=0:20:40 --format csv > cut.csv

      wedge sweep us-europe --param cut=0:20:10000 --format jsonl | head -3
    """
    from wedge_cli.model import WedgeError
    from wedge_cli.report.results import sweep_point_dicts, sweep_report
    from wedge_cli.sweep.axis import parse_axes
    from wedge_cli.sweep.core import sweep as run_sweep

    spec, overrides, _ = _load(game, set_)
    axes = parse_axes(param, spec)
    if plot is not None:
        from wedge_cli.files import check_folder
        from wedge_cli.render.plot import FORMATS, require_matplotlib

        if plot.suffix.lower() not in FORMATS:
            raise WedgeError(f"cannot plot to {str(plot)!r}: the file name must end in .png or .svg",
                             hint="for example --plot sweep.png or --plot sweep.svg")
        require_matplotlib()  # before the sweep, not after minutes of work
        check_folder(plot)
    from wedge_cli.budget import Budget

    work = Budget.of(budget)
    _announce_if_slow(spec, axes, overrides, method.value, work)
    progress = _LazyProgress(sys.stderr.isatty())
    try:
        result = run_sweep(spec, axes, overrides, progress=progress, method=method.value, budget=work)
    finally:
        progress.close()
    fmt = SweepFormat.json if as_json else fmt
    report = sweep_report(result, include_points=points and fmt in (SweepFormat.json, SweepFormat.table,
                                                                    SweepFormat.markdown))
    for w in report["warnings"]:
        _warn(w["message"])
    if plot is not None:
        from wedge_cli.render.plot import plot_sweep

        plot_sweep(report if report["points_listed"] else sweep_report(result, include_points=True), plot)
    if fmt is SweepFormat.json:
        _emit_json(report, indent)
    elif fmt is SweepFormat.jsonl:
        _emit_jsonl(sweep_point_dicts(result))
    elif fmt is SweepFormat.csv:
        import csv

        from wedge_cli.text.display import visible
        from wedge_cli.render.tables import sweep_csv_header, sweep_csv_rows

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(map(visible, sweep_csv_header(report)))
        writer.writerows([visible(str(c)) for c in row] for row in sweep_csv_rows(report, sweep_point_dicts(result)))
    else:
        from wedge_cli.render.tables import sweep_markdown, sweep_points_view, sweep_view

        markdown = (lambda shown: sweep_markdown(shown, points=points)) if fmt is SweepFormat.markdown else None
        _print_view(report, sweep_points_view if points else sweep_view, markdown)


def _emit_jsonl(objects) -> None:
    """One compact JSON object per line, written as each is made (memory stays flat; ``head`` stops it)."""
    write = sys.stdout.write
    for obj in objects:
        write(_json_line(obj))


def _announce_if_slow(spec, axes, overrides, method: str, budget) -> None:
    """Say before starting when a sweep is forecast to take more than :data:`SLOW_SECONDS`;
    refuse (exit 4) when the forecast is over the work budget."""
    from wedge_cli.budget import duration
    from wedge_cli.sweep.forecast import sweep_seconds

    seconds = sweep_seconds(spec, axes, overrides, method)
    if seconds is None:
        return
    size = " x ".join(str(a.size) for a in axes)
    budget.require(seconds, f"this sweep ({size} grid points of a {spec.n_players}-player game)",
                   hint="use fewer steps (NAME=START:STOP:STEPS)")
    if seconds <= SLOW_SECONDS:
        return
    _note(f"this sweep ({size} grid points of a {spec.n_players}-player game) will take about "
          f"{duration(seconds)}; Ctrl-C stops it. Fewer steps (NAME=START:STOP:STEPS) make it faster.")
