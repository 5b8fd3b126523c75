"""``wedge show``: the payoff table with best replies and dominated strategies marked."""

from __future__ import annotations

from wedge_cli.budget import MAX_TABLE_CELLS, MAX_TABLE_ROWS, Budget
from wedge_cli.cli.args import load_game
from wedge_cli.cli.common import AllOpt, BudgetOpt, Format, FormatOpt, GameArg, IndentOpt, JsonOpt, SetOpt, emit, pick_format


def show_command(
    game: GameArg,
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
    indent: IndentOpt = None,
    every_row: AllOpt = False,
    budget: BudgetOpt = None,
) -> None:
    """Show the payoff matrix with best replies (*) and dominated strategies marked.

    Examples:

      wedge show us-europe

      wedge show us-russia-china --set relief=6

      wedge show us-europe --format markdown
    """
    from wedge_cli.report.show import show_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve import default_tol  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve.dominance import dominance_analysis  # lazy: keeps numpy off the start-up path

    work = Budget.of(budget)
    spec, overrides, values = load_game(game, set_)
    concrete = spec.game(overrides)
    tol = default_tol(concrete)
    shown = pick_format(fmt, as_json)
    limit = None if every_row or shown is Format.json else (
        MAX_TABLE_ROWS if concrete.n_players > 3 else MAX_TABLE_CELLS)
    dominated = dominance_analysis(concrete, tol, budget=work)
    report = show_report(spec, values, concrete, dominated, tol, limit=limit, budget=work)
    emit(report, shown, "tables.show_view", "tables.show_markdown", indent, every_row=every_row)
