"""``wedge solve``: every Nash equilibrium of a game, verified (docs/solver.md)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from wedge_cli.budget import Budget
from wedge_cli.cli.args import load_game
from wedge_cli.cli.common import (NOTE_CODES, AllOpt, BudgetOpt, Format, FormatOpt, GameArg, IndentOpt, JsonOpt,
                                  SetOpt, emit, note, pick_format, warn)


class Method(str, Enum):
    auto = "auto"
    enumerate = "enumerate"
    pure = "pure"
    support_enumeration = "support-enumeration"
    vertex_enumeration = "vertex-enumeration"
    lemke_howson = "lemke-howson"


def solve_command(
    game: GameArg,
    set_: SetOpt = None,
    method: Annotated[Method, typer.Option("--method", "-m", help=(
        "auto: enumerate for 2 and 3 players, pure for 4+. "
        "enumerate: all equilibria, mixed included (2 players: every extreme one, exact; 3 players: "
        "every isolated one and the extreme points of continua), verified. pure: pure profiles only. "
        "support-enumeration, vertex-enumeration, lemke-howson: nashpy's algorithms (verified, "
        "not guaranteed complete)."))] = Method.auto,
    tol: Annotated[Optional[float], typer.Option(
        "--tol", help="Regret tolerance for verification (default 1e-9 x largest |payoff|).")] = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
    indent: IndentOpt = None,
    every_row: AllOpt = False,
    budget: BudgetOpt = None,
) -> None:
    """Find the Nash equilibria of a game: all of them, verified.

    Examples:

      wedge solve us-europe

      wedge solve us-europe --set cut=15 --json

      wedge solve game.nfg --method lemke-howson

      cat game.toml | wedge solve -
    """
    from wedge_cli.analysis.summary import analyse  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.solve import solve_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve import solve  # lazy: keeps numpy off the start-up path

    work = Budget.of(budget)
    spec, overrides, values = load_game(game, set_)
    concrete = spec.game(overrides)
    solution = solve(concrete, method=method.value, tol=tol, budget=work)
    report = solve_report(spec, values, solution, analyse(solution, work))
    for w in report["warnings"]:
        (note if w["code"] in NOTE_CODES else warn)(w["message"])
    emit(report, pick_format(fmt, as_json), "tables.solve_view", "tables.solve_markdown", indent, every_row=every_row)
