"""``wedge sweep``: equilibria over a range of parameter values, regimes and thresholds (docs/sweep.md)."""

from __future__ import annotations

import csv
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.budget import Budget, duration
from wedge_cli.cli.args import fixed_values, load_game, sweep_axes, usage_error
from wedge_cli.cli.common import (BudgetOpt, Concept, GameArg, IndentOpt, JsonOpt, Progress, SetOpt, emit_json,
                                  emit_jsonl, note, print_view, report_warnings)
from wedge_cli.cli.completion import complete_axis
from wedge_cli.errors import WedgeError
from wedge_cli.files import check_folder
from wedge_cli.text.display import visible

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


def sweep_command(
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
        help="Also draw the sweep (payoffs and probabilities, or the 2-D map; of a game tree, payoffs and "
             "paths of play). Needs matplotlib: "
             "pip install 'wedge-cli\\[plot]' (or pip install '.\\[plot]' in a checkout).")] = None,
    as_json: JsonOpt = False,
    fmt: Annotated[SweepFormat, typer.Option("--format", "-f", help=(
        "table: regimes and thresholds (2-D: a region map). json: wedge.sweep/2 (regimes and thresholds; "
        "the grid points too with --points). jsonl: one JSON object per grid point per line, for jq and head. "
        "csv: one row per grid point per equilibrium. markdown: for reports."))] = SweepFormat.table,
    indent: IndentOpt = None,
    budget: BudgetOpt = None,
    concept: Annotated[Optional[Concept], typer.Option(
        "--concept", help=(
            "Game trees: spe sweeps the subgame-perfect equilibria; pbe the pure perfect Bayesian equilibria, "
            "with exact thresholds (the default when a player moves without seeing a chance move, as in "
            "'wedge solve'). Normal-form games: leave it out."))] = None,
) -> None:
    """Sweep parameters: regimes of equilibria and the exact thresholds between them.

    Examples:

      wedge sweep us-russia-china --param relief

      wedge sweep us-russia-china --param relief=0:30:300 --set distrust=0.4

      wedge sweep us-europe --param cut --param rearm_cost --plot map.png

      wedge sweep us-europe --param cut=0:20:40 --format csv > cut.csv

      wedge sweep us-europe --param cut=0:20:10000 --format jsonl | head -3

    On a game tree: regimes of one subgame-perfect plan; each threshold names the node that flips:

      wedge sweep two-level-ratification-sequential --param scope

      wedge sweep two-level-ratification-sequential --param scope --plot scope.svg

    On a signalling game (types drawn by chance): where the set of perfect Bayesian equilibria changes:

      wedge sweep signalling.toml --param prior --concept pbe
    """
    from wedge_cli.render.plot import FORMATS, plot_sweep, require_matplotlib  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.sweep import sweep_point_dicts, sweep_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.sweep.core import sweep  # lazy: keeps numpy off the start-up path

    spec, overrides, _ = load_game(game, set_, trees=True)
    axes = sweep_axes(param, spec)
    if hasattr(spec, "skeleton"):  # a game tree (TreeSpec): its own sweep
        fmt = SweepFormat.json if as_json else fmt
        if concept is Concept.nash:
            usage_error("--concept nash is not swept: a tree's sweep follows its subgame-perfect (spe) or perfect "
                        "Bayesian (pbe) equilibria", hint="use --concept spe or --concept pbe, or leave it out")
        _sweep_tree(spec, axes, fixed_values(overrides), method, plot, points, fmt, indent, Budget.of(budget),
                    None if concept is None else concept.value)
        return
    if concept is not None:
        usage_error(f"--concept {concept.value} is for game trees; a normal-form game's sweep follows its Nash "
                    "equilibria", hint="leave out --concept")
    if plot is not None:
        if plot.suffix.lower() not in FORMATS:
            raise WedgeError(f"cannot plot to {str(plot)!r}: the file name must end in .png or .svg",
                             hint="for example --plot sweep.png or --plot sweep.svg")
        require_matplotlib()  # before the sweep, not after minutes of work
        check_folder(plot)
    work = Budget.of(budget)
    _announce_if_slow(spec, axes, overrides, method.value, work)
    progress = Progress(sys.stderr.isatty())
    try:
        result = sweep(spec, axes, overrides, progress=progress, method=method.value, budget=work)
    finally:
        progress.close()
    fmt = SweepFormat.json if as_json else fmt
    report = sweep_report(result, include_points=points and fmt in (SweepFormat.json, SweepFormat.table,
                                                                    SweepFormat.markdown))
    report_warnings(report)
    if plot is not None:
        plot_sweep(report if report["points_listed"] else sweep_report(result, include_points=True), plot)
    if fmt is SweepFormat.json:
        emit_json(report, indent)
    elif fmt is SweepFormat.jsonl:
        emit_jsonl(sweep_point_dicts(result))
    elif fmt is SweepFormat.csv:
        from wedge_cli.render.tables import sweep_csv_header, sweep_csv_rows  # lazy: rich only for people's output

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(map(visible, sweep_csv_header(report)))
        writer.writerows([visible(str(c)) for c in row] for row in sweep_csv_rows(report, sweep_point_dicts(result)))
    else:
        from wedge_cli.render.tables import sweep_markdown, sweep_points_view, sweep_view  # lazy: rich only for people's output

        markdown = (lambda shown: sweep_markdown(shown, points=points)) if fmt is SweepFormat.markdown else None
        print_view(report, sweep_points_view if points else sweep_view, markdown)


def _announce_if_slow(spec, axes, overrides, method: str, budget) -> None:
    """Say before starting when a sweep is forecast to take more than :data:`SLOW_SECONDS`;
    refuse (exit 4) when the forecast is over the work budget."""
    from wedge_cli.sweep.forecast import sweep_seconds  # lazy: keeps numpy off the start-up path

    seconds = sweep_seconds(spec, axes, overrides, method)
    if seconds is None:
        return
    size = " x ".join(str(a.size) for a in axes)
    budget.require(seconds, f"this sweep ({size} grid points of a {spec.n_players}-player game)",
                   hint="use fewer steps (NAME=START:STOP:STEPS)")
    if seconds <= SLOW_SECONDS:
        return
    note(f"this sweep ({size} grid points of a {spec.n_players}-player game) will take about "
          f"{duration(seconds)}; Ctrl-C stops it. Fewer steps (NAME=START:STOP:STEPS) make it faster.")


def _sweep_tree(spec, axes, fixed, method: SweepMethod, plot, points: bool, fmt: SweepFormat, indent, work,
                concept: str | None = None) -> None:
    """``wedge sweep TREE``: regimes of one subgame-perfect plan and the nodes whose choice flips; of the
    set of perfect Bayesian equilibria with ``concept`` "pbe" (the default where chance is hidden)."""
    from wedge_cli.report.tree_sweep import tree_point_dicts, tree_sweep_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.sweep.tree import sweep_tree  # lazy: keeps numpy off the start-up path

    if method is not SweepMethod.auto:
        usage_error(f"--method {method.value} is for normal-form games; a tree is solved by backward induction",
                    hint="leave --method out")
    if plot is not None:
        from wedge_cli.render.plot import check_suffix, require_matplotlib  # lazy: keeps numpy off the start-up path

        check_suffix(plot, "sweep")
        require_matplotlib()  # before the sweep, not after minutes of work
        check_folder(plot)
    if len(axes) == 2:
        _map_tree(spec, axes, fixed, fmt, indent, work, plot, concept)
        return
    result = sweep_tree(spec, axes[0], fixed, budget=work, concept=concept)
    report = tree_sweep_report(result, include_points=points and fmt is SweepFormat.json)
    report_warnings(report)
    if plot is not None:
        from wedge_cli.render.tree_plot import plot_tree_sweep  # lazy: matplotlib only for --plot

        plot_tree_sweep(report if report["points_listed"] else tree_sweep_report(result, include_points=True), plot)
    if fmt is SweepFormat.json:
        emit_json(report, indent)
    elif fmt is SweepFormat.jsonl:
        emit_jsonl(tree_point_dicts(result))
    elif fmt is SweepFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([visible(axes[0].name), "path of play"])
        writer.writerows([visible(str(p["values"][axes[0].name])), visible(p["label"])] for p in tree_point_dicts(result))
    else:
        from wedge_cli.render.tree_sweep import tree_sweep_markdown, tree_sweep_view  # lazy: rich only for people's output

        print_view(report, tree_sweep_view, tree_sweep_markdown if fmt is SweepFormat.markdown else None)


def _map_tree(spec, axes, fixed, fmt: SweepFormat, indent, work, plot, concept: str | None = None) -> None:
    """``wedge sweep TREE --param A --param B``: the plan's regime at every grid point, exact thresholds on grid lines."""
    from wedge_cli.report.tree_sweep import tree_map_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.sweep.tree import sweep_tree_map  # lazy: keeps numpy off the start-up path

    report = tree_map_report(sweep_tree_map(spec, tuple(axes), fixed, budget=work, concept=concept))
    report_warnings(report)
    if plot is not None:
        from wedge_cli.render.tree_plot import plot_tree_sweep  # lazy: matplotlib only for --plot

        plot_tree_sweep(report, plot)
    if fmt is SweepFormat.json:
        emit_json(report, indent)
        return
    (a, xs), (b, ys) = ((ax["name"], ax["values"]) for ax in report["swept"])
    rows = ({a: x, b: y, "regime": report["map"][i][j], "label": report["regimes"][report["map"][i][j]]["label"]}
            for i, x in enumerate(xs) for j, y in enumerate(ys))
    if fmt is SweepFormat.jsonl:
        emit_jsonl(rows)
    elif fmt is SweepFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([visible(a), visible(b), "regime", "path of play"])
        writer.writerows([r[a], r[b], r["regime"], visible(r["label"])] for r in rows)
    else:
        from wedge_cli.render.tree_sweep import tree_sweep_markdown, tree_sweep_view  # lazy: rich only for people's output

        print_view(report, tree_sweep_view, tree_sweep_markdown if fmt is SweepFormat.markdown else None)
