"""``wedge solve``: every Nash equilibrium of a game, verified (docs/solver.md); the
subgame-perfect (or all Nash) equilibria of a game tree (docs/trees.md)."""

from __future__ import annotations

import functools
from enum import Enum
from typing import Annotated, Optional

import typer

from wedge_cli.budget import Budget
from wedge_cli.cli.args import is_tree, load_game, usage_error
from wedge_cli.cli.common import (AllOpt, BudgetOpt, Concept, ConceptOpt, Format, FormatOpt, GameArg, IndentOpt,
                                  JsonOpt, SetOpt, emit, emit_json, pick_format, print_view, report_warnings)


class Method(str, Enum):
    auto = "auto"
    enumerate = "enumerate"
    pure = "pure"
    support_enumeration = "support-enumeration"
    vertex_enumeration = "vertex-enumeration"
    lemke_howson = "lemke-howson"


def emit_tree(report: dict, fmt: Format, view: str, indent: bool | None, every_row: bool) -> None:
    """Print a tree report: JSON, or the ``view`` of :mod:`wedge_cli.render.tree` (``tree_solve`` ->
    ``tree_solve_view`` and ``tree_solve_markdown``)."""
    if fmt is Format.json:
        emit_json(report, indent)
        return
    from wedge_cli.render import tree as views  # lazy: rich only for output meant for people, not --json

    rows = {"max_rows": None} if every_row else {}
    markdown = functools.partial(getattr(views, f"{view}_markdown"), **rows) if fmt is Format.markdown else None
    print_view(report, functools.partial(getattr(views, f"{view}_view"), **rows), markdown)


def solve_tree_command(spec, overrides: dict, values: dict, concept: Concept | None, tol: float | None,
                       fmt: Format, indent: bool | None, every_row: bool, method: str = "auto", budget=None) -> None:
    """``wedge solve TREE``: the equilibria of a game tree under ``concept`` (None: subgame perfect, or
    perfect Bayesian where a player moves without seeing chance);
    ``method`` and ``budget`` for the reduced strategic form of ``--concept nash``."""
    from wedge_cli.report.tree import tree_solve_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve.tree import solve_tree  # lazy: keeps numpy off the start-up path

    tree = spec.tree(overrides)
    options = {} if tol is None else {"tol": tol}
    solution = solve_tree(tree, concept=None if concept is None else concept.value, method=method, budget=budget,
                          **options)
    report = tree_solve_report(spec, values, solution)
    report_warnings(report)
    emit_tree(report, fmt, "tree_solve", indent, every_row)


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
    concept: ConceptOpt = None,
    as_json: JsonOpt = False,
    fmt: FormatOpt = Format.table,
    indent: IndentOpt = None,
    every_row: AllOpt = False,
    budget: BudgetOpt = None,
) -> None:
    """Find the Nash equilibria of a game: all of them, verified; of a game tree, the subgame-perfect ones.

    Examples:

      wedge solve us-europe

      wedge solve us-europe --set cut=15 --json

      wedge solve game.nfg --method lemke-howson

      wedge solve tree.toml --concept nash

      wedge solve signalling.toml --concept pbe --json

      cat game.toml | wedge solve -
    """
    from wedge_cli.analysis.summary import analyse  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.solve import solve_report  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve import solve  # lazy: keeps numpy off the start-up path

    work = Budget.of(budget)
    spec, overrides, values = load_game(game, set_, trees=True)
    if is_tree(spec):
        if method is not Method.auto and concept is not Concept.nash:
            usage_error(f"--method {method.value} solves normal-form games; a game tree's subgame-perfect equilibria "
                        "are found by backward induction over its subgames",
                        hint="leave out --method, or use it with --concept nash (the reduced strategic form)")
        solve_tree_command(spec, overrides, values, concept, tol, pick_format(fmt, as_json), indent, every_row,
                           method=method.value, budget=work)
        return
    if concept is Concept.pbe:
        usage_error("--concept pbe needs a game tree: beliefs are about nodes of an information set",
                    hint="leave out --concept (Nash equilibria), or write the game as a tree with a chance move "
                         "for the types (docs/trees.md)")
    if concept is Concept.spe:
        usage_error("--concept spe needs a game tree: a normal-form game has no subgames",
                    hint="leave out --concept (Nash equilibria), or write the game as a tree (docs/format.md)")
    concrete = spec.game(overrides)
    solution = solve(concrete, method=method.value, tol=tol, budget=work)
    report = solve_report(spec, values, solution, analyse(solution, work))
    report_warnings(report)
    emit(report, pick_format(fmt, as_json), "tables.solve_view", "tables.solve_markdown", indent, every_row=every_row)
