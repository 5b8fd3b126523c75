"""``wedge show``: the payoff table with best replies and dominated strategies marked; for a game
tree, the tree drawn with the path of its first subgame-perfect equilibrium (and ``--plot``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.budget import MAX_TABLE_CELLS, MAX_TABLE_ROWS, Budget
from wedge_cli.cli.args import is_tree, load_game, usage_error
from wedge_cli.cli.common import AllOpt, BudgetOpt, Format, FormatOpt, GameArg, IndentOpt, JsonOpt, SetOpt, emit, pick_format
from wedge_cli.cli.common import report_warnings
from wedge_cli.cli.solve import emit_tree
from wedge_cli.errors import WedgeError
from wedge_cli.files import check_folder

PlotOpt = Annotated[Optional[Path], typer.Option(
    "--plot", metavar="FILE.png|FILE.svg",
    help="Game trees: also draw the tree as a picture, the path of play marked. Needs matplotlib: "
         "pip install 'wedge-cli\\[plot]' (or pip install '.\\[plot]' in a checkout).")]


def show_command(
    game: GameArg,
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
    indent: IndentOpt = None,
    every_row: AllOpt = False,
    budget: BudgetOpt = None,
    plot: PlotOpt = None,
) -> None:
    """Show the payoff matrix with best replies (*) and dominated strategies marked; draw a game tree.

    Examples:

      wedge show us-europe

      wedge show us-russia-china --set relief=6

      wedge show us-europe --format markdown

      wedge show tree.toml --plot tree.svg
    """
    from wedge_cli.report.show import show_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve import default_tol  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve.dominance import dominance_analysis  # lazy: keeps numpy off the start-up path

    work = Budget.of(budget)
    spec, overrides, values = load_game(game, set_, trees=True)
    shown = pick_format(fmt, as_json)
    if is_tree(spec):
        show_tree(spec, overrides, values, shown, indent, every_row, plot)
        return
    if plot is not None:
        usage_error("--plot draws game trees; this is a normal-form game",
                    hint="wedge sweep FILE --param NAME --plot FILE.png draws how its equilibria change")
    concrete = spec.game(overrides)
    tol = default_tol(concrete)
    limit = None if every_row or shown is Format.json else (
        MAX_TABLE_ROWS if concrete.n_players > 3 else MAX_TABLE_CELLS)
    dominated = dominance_analysis(concrete, tol, budget=work)
    report = show_report(spec, values, concrete, dominated, tol, limit=limit, budget=work)
    emit(report, shown, "tables.show_view", "tables.show_markdown", indent, every_row=every_row)


def show_tree(spec, overrides: dict, values: dict, fmt: Format, indent: bool | None, every_row: bool,
              plot: Path | None) -> None:
    """``wedge show TREE``: the tree, the path of its first subgame-perfect equilibrium marked.

    A tree that cannot be solved (imperfect recall, too many equilibria to list, ...) is
    still drawn, without a path, and the reason is a warning.
    """
    from wedge_cli.render.plot import FORMATS, require_matplotlib  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.tree import tree_show_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve.tree import solve_tree  # lazy: keeps numpy off the start-up path

    if plot is not None:
        if plot.suffix.lower() not in FORMATS:
            raise WedgeError(f"cannot plot to {str(plot)!r}: the file name must end in .png or .svg",
                             hint="for example --plot tree.png or --plot tree.svg")
        require_matplotlib()  # before the work, not after it
        check_folder(plot)
    tree = spec.tree(overrides)
    try:
        solution, warnings = solve_tree(tree, concept=None, max_equilibria=1), []
    except WedgeError as exc:  # the drawing does not need the solution: say why there is no path
        solution, warnings = None, [{"code": "not_solved", "message": f"no path marked: {exc.message}"}]
    drawn = every_row or fmt is Format.json or plot is not None  # a picture needs every node (and has few)
    report = tree_show_report(spec, values, tree, solution, warnings, limit=None if drawn else MAX_TABLE_ROWS)
    report_warnings(report)
    if plot is not None:
        from wedge_cli.render.tree import plot_tree  # lazy: rich and matplotlib only when asked for

        plot_tree(report, plot)
    emit_tree(report, fmt, "tree", indent, every_row)
