"""``wedge bargain``: bargaining solutions of a 2-player game (docs/concepts.md, Bargaining)."""

from __future__ import annotations

from typing import Annotated

import typer

from wedge_cli.cli import args
from wedge_cli.cli.common import BudgetOpt, Format, FormatOpt, GameArg, IndentOpt, JsonOpt, SetOpt, emit, pick_format


def bargain_command(
    game: GameArg,
    disagreement: Annotated[str, typer.Option(
        "--disagreement", "-d", metavar="maxmin|equilibrium:N|X,Y",
        help="What each player gets without a deal: its security (maxmin) level (default), the payoffs of "
             "equilibrium N as numbered by 'wedge solve', or one number per player.")] = "maxmin",
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
    indent: IndentOpt = None,
    budget: BudgetOpt = None,
) -> None:
    """Bargaining solutions of a 2-player game: Nash, Kalai-Smorodinsky and egalitarian.

    The feasible set is every weighted mix of outcomes (a lottery or taking turns);
    each solution comes with the mix of outcomes that reaches it.

    Examples:

      wedge bargain us-europe

      wedge bargain us-europe --disagreement equilibrium:1 --json

      wedge bargain my_game.toml --disagreement=0,-5 --format markdown
    """
    from wedge_cli.analysis.bargain import bargain  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.bargain import bargain_report  # lazy: keeps numpy off the start-up path

    spec, overrides, values = args.load_game(game, set_)
    concrete = spec.game(overrides)
    point, source = args.disagreement(disagreement, concrete, budget)
    result = bargain(concrete, point)
    emit(bargain_report(spec, values, concrete, result, source), pick_format(fmt, as_json),
         "analyses.bargain_view", "analyses.bargain_markdown", indent)
