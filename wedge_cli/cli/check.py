"""``wedge check``: validate a payoff file and lint its modelling."""

from __future__ import annotations

from typing import Annotated

import typer

from wedge_cli.budget import Budget
from wedge_cli.cli.common import AllOpt, BudgetOpt, ExitCode, Format, GameArg, IndentOpt, JsonOnlyOpt, emit, pick_format


def check_command(
    game: GameArg,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 5 when there are lint warnings.")] = False,
    as_json: JsonOnlyOpt = False,
    indent: IndentOpt = None,
    every_row: AllOpt = False,
    budget: BudgetOpt = None,
) -> None:
    """Validate a payoff file or game tree and lint it (unused parameters, outcomes without notes, ...).

    Exits 0 when the file is valid (3 when it is not; 5 with --strict and lint warnings).

    Examples:

      wedge check my_game.toml

      wedge check my_game.toml --strict --json
    """
    from wedge_cli.analysis.lint import lint  # lazy: keeps numpy off the start-up path
    from wedge_cli.formats.toml_read import load  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.game_files import check_report  # lazy: keeps numpy off the start-up path

    work = Budget.of(budget)
    spec = load(game)  # a tree too: its lints are lint_tree's
    report = check_report(spec, lint(spec, budget=work))
    emit(report, pick_format(Format.table, as_json), "tables.check_view", indent=indent, every_row=every_row)
    if strict and report["lints"]:
        raise typer.Exit(ExitCode.LINT)
