"""``wedge bargain`` and ``wedge explain`` (registered on :data:`wedge_cli.cli.main.app`).

Registered by an import at the end of ``cli.py``. Heavy modules are imported
inside the commands so that ``wedge --help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wedge_cli.cli.main import BudgetOpt, Format, FormatOpt, GameArg, IndentOpt, JsonOpt, SetOpt, _emit_json, _exact, _handles_errors, _load, _pick_format, _print_view, app
from wedge_cli.cli.completion import complete_axis


def _emit_analysis(report: dict, fmt: Format, view: str, markdown: str, indent: bool | None = None) -> None:
    """Print a report as JSON, Markdown or a rich view from :mod:`wedge_cli.render.analyses`."""
    if fmt is Format.json:
        _emit_json(report, indent)
        return
    from wedge_cli.render import analyses as render_analysis

    as_markdown = fmt is Format.markdown
    _print_view(report, getattr(render_analysis, view), getattr(render_analysis, markdown) if as_markdown else None)


def _disagreement(text: str, game, budget=None):
    """``maxmin`` | ``equilibrium:N`` | ``X,Y`` -> (point or None, source label)."""
    from wedge_cli.errors import WedgeError
    from wedge_cli.model import read_value

    raw = text.strip()
    if raw.lower() == "maxmin":
        return None, "maxmin"
    if raw.lower().startswith("equilibrium:"):
        from wedge_cli.solve import solve

        number = raw.split(":", 1)[1].strip()
        equilibria = solve(game, budget=budget).equilibria
        if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= len(equilibria):
            raise WedgeError(
                f"--disagreement {raw!r}: there is no equilibrium {number!r}; this game has {len(equilibria)}",
                hint=f"use a number from 1 to {len(equilibria)}, as listed by 'wedge solve'")
        eq = equilibria[int(number) - 1]
        point = eq.exact_payoffs if eq.exact_payoffs is not None else eq.payoffs
        return tuple(point), f"equilibrium {int(number)}"
    parts = [p.strip() for p in raw.split(",")]
    values = [_exact(p) for p in parts]
    if len(parts) == game.n_players and all(v is not None for v in values):
        values = [read_value(p, f"--disagreement {raw!r}:") for p in parts]  # refuses 1e300: see docs/format.md
    if len(parts) != game.n_players or any(v is None for v in values):
        names = ", ".join(p.name for p in game.players)
        raise WedgeError(
            f"--disagreement {raw!r} is not 'maxmin', 'equilibrium:N' or {game.n_players} numbers",
            hint=f"give one number per player ({names}) separated by commas, e.g. --disagreement=0,-5")
    return tuple(values), "given"


@app.command()
@_handles_errors
def bargain(
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
    from wedge_cli.analysis.bargain import bargain as run_bargain
    from wedge_cli.report.analyses import bargain_report

    spec, overrides, values = _load(game, set_)
    concrete = spec.game(overrides)
    point, source = _disagreement(disagreement, concrete, budget)
    result = run_bargain(concrete, point)
    _emit_analysis(bargain_report(spec, values, concrete, result, source), _pick_format(fmt, as_json),
                   "bargain_view", "bargain_markdown", indent)


@app.command()
@_handles_errors
def explain(
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
    """
    from wedge_cli.budget import Budget
    from wedge_cli.text.explain import explain as run_explain
    from wedge_cli.report.analyses import explain_report
    from wedge_cli.solve import solve

    work = Budget.of(budget)
    spec, overrides, values = _load(game, set_)
    concrete = spec.game(overrides)
    solution = solve(concrete, budget=work)
    fixed = {k: _exact(v) for k, v in overrides.items()}
    explanation = run_explain(spec, values, solution, sweep=sweep, fixed=fixed, budget=work)  # solver warnings: "notes"
    _emit_analysis(explain_report(spec, values, explanation), _pick_format(fmt, as_json),
                   "explain_view", "explain_markdown", indent)
