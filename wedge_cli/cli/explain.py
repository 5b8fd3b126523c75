"""``wedge explain``: the results in plain language (docs/concepts.md, Plain-language accounts)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wedge_cli.budget import Budget
from wedge_cli.cli.args import fixed_values, load_game
from wedge_cli.cli.common import BudgetOpt, Format, FormatOpt, GameArg, IndentOpt, JsonOpt, SetOpt, emit, pick_format
from wedge_cli.cli.completion import complete_axis


def explain_command(
    game: GameArg,
    sweep: Annotated[Optional[str], typer.Option(
        "--sweep", metavar="NAME[=START:STOP[:STEPS]]", autocompletion=complete_axis,
        help="Also sweep one parameter (its declared range by default) and describe the thresholds in words.")] = None,
    set_: SetOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
    indent: IndentOpt = None,
    budget: BudgetOpt = None,
) -> None:
    """Explain the results in plain language: stable outcomes and why, dominated choices, efficiency, deals.

    Built from the computed results and the file's strategy names and outcome notes;
    --format markdown gives text ready for a report.

    Examples:

      wedge explain us-europe

      wedge explain us-europe --sweep cut --format markdown > us_europe.md

      wedge explain us-russia-china --set distrust=0.2 --json

    On a game tree: backward induction, last mover first:

      wedge explain two-level-ratification-sequential --set scope=0.6

    Where a player moves without seeing a chance move (a sender's type): who knows what,
    what each type does, what the others believe after each move and why, and the
    off-path beliefs each perfect Bayesian equilibrium needs (--sweep: which equilibria appear and disappear):

      wedge explain signalling.toml --set prior=0.4
    """
    from wedge_cli.report.explain import explain_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve import solve  # lazy: keeps numpy off the start-up path
    from wedge_cli.text.explain import explain  # lazy: keeps numpy off the start-up path

    work = Budget.of(budget)
    spec, overrides, values = load_game(game, set_, trees=True)
    if hasattr(spec, "skeleton"):  # a game tree (TreeSpec): backward induction or beliefs in words
        from wedge_cli.text.explanation.tree import explain_tree  # lazy: keeps numpy off the start-up path

        explanation = explain_tree(spec, values, overrides, sweep=sweep, fixed=fixed_values(overrides), budget=work)
        emit(explain_report(spec, values, explanation), pick_format(fmt, as_json),
             "analyses.explain_view", "analyses.explain_markdown", indent)
        return
    concrete = spec.game(overrides)
    solution = solve(concrete, budget=work)
    explanation = explain(spec, values, solution, sweep=sweep, fixed=fixed_values(overrides),
                          budget=work)  # solver warnings: "notes"
    emit(explain_report(spec, values, explanation), pick_format(fmt, as_json),
         "analyses.explain_view", "analyses.explain_markdown", indent)
