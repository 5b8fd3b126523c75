"""The ``wedge`` command line: the only module that imports typer.

Data goes to stdout (tables, JSON, Markdown, exported files); warnings and
errors go to stderr. On failure stdout stays empty and the exit code says why
(:class:`ExitCode`). Heavy modules are imported inside the commands so that
``wedge --help`` stays fast.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import sys
import warnings
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli import __version__
from wedge_cli.cli.completion import complete_assignment, complete_game


class ExitCode(IntEnum):
    """Exit codes of every command (documented in docs/cli.md)."""

    OK = 0
    INTERNAL = 1        # a bug in wedge: please report it
    USAGE = 2           # bad command-line usage (unknown option, bad choice)
    INVALID_INPUT = 3   # the payoff file or an option value is invalid
    TOO_LARGE = 4       # the game or computation exceeds wedge's limits
    LINT = 5            # wedge check --strict found lint warnings
    INTERRUPTED = 130   # stopped by Ctrl-C (SIGINT), as shells report it


class Format(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ExportFormat(str, Enum):
    nfg = "nfg"
    toml = "toml"


class Method(str, Enum):
    auto = "auto"
    enumerate = "enumerate"
    pure = "pure"
    support_enumeration = "support-enumeration"
    vertex_enumeration = "vertex-enumeration"
    lemke_howson = "lemke-howson"


app = typer.Typer(
    name="wedge",
    help=(
        "Game-theory calculator for geopolitical scenarios: equilibria of payoff matrices "
        "written in TOML, with named parameters.\n\n"
        "Examples:\n\n"
        "  wedge list\n\n"
        "  wedge solve us-russia-china\n\n"
        "  wedge solve us-europe --set cut=15 --json\n\n"
        "  wedge show my_game.toml"
    ),
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)

GameArg = Annotated[str, typer.Argument(
    metavar="FILE|NAME|-", autocompletion=complete_game,
    help="A payoff file (.toml or Gambit .nfg), a bundled scenario name (see 'wedge list'), or - for stdin.",
)]
SetOpt = Annotated[Optional[list[str]], typer.Option(
    "--set", metavar="NAME=VALUE", autocompletion=complete_assignment,
    help="Override a parameter (repeatable). Fractions like 5/2 stay exact.",
)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
#: --json on a command that has no --format option.
JsonOnlyOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
BudgetOpt = Annotated[Optional[float], typer.Option(
    "--budget", metavar="SECONDS", min=0.001,
    help="Work budget: the work is estimated first and refused (exit 4, with the estimate) when it needs "
         "more than this many seconds, and stopped if it runs past it. Default 60.")]
#: --all on a command whose table is summarised beyond a number of rows.
AllOpt = Annotated[bool, typer.Option(
    "--all", help="Print every row of a large table (by default the first 200 and a summary; --json has all).")]
IndentOpt = Annotated[Optional[bool], typer.Option(
    "--indent/--compact",
    help="JSON layout: indented for reading, or compact on one line. Default: indented on a terminal, "
         "compact when piped (the content is the same).")]


def _consoles():
    """stdout and stderr consoles; off a terminal, wide enough that tables do not wrap names.

    Markup and emoji are off: names, titles and messages come from users' files, and
    ``[bold]`` or ``:100:`` in them must print as written. Styles come from ``Text``.
    """
    from rich.console import Console

    plain = {"markup": False, "emoji": False}
    out = Console(**plain)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=160, **plain)
    # soft_wrap: a message is one line however wide; the terminal, not rich, wraps it
    return out, Console(stderr=True, highlight=False, soft_wrap=True, **plain)


def _labelled(label: str, style: str, message: str):
    """``label message`` for stderr: the label styled, the message verbatim with controls visible."""
    from rich.text import Text

    from wedge_cli.text.display import visible

    return Text.assemble((label, style), " ", visible(message))


def _warn(message: str) -> None:
    _consoles()[1].print(_labelled("warning:", "yellow", message))


def _note(message: str) -> None:
    """Information on stderr that needs no action (e.g. dominated strategies removed)."""
    _consoles()[1].print(_labelled("note:", "cyan", message))


def _error(message: str, hint: str | None = None) -> None:
    """``error: message`` and its ``  hint:`` line on stderr."""
    err = _consoles()[1]
    err.print(_labelled("error:", "red", message))
    if hint:
        err.print(_labelled("  hint:", "", hint))


#: Solver warning codes that are information, printed as ``note:`` rather than ``warning:``.
NOTE_CODES = frozenset({"dominated_removed"})


#: errno values of a failed write to stdout or an output file: disk full, quota, file too large, I/O error.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _internal_error(exc: Exception):
    """A bug in wedge: one line on stderr and exit 1 (the traceback with WEDGE_DEBUG=1)."""
    if os.environ.get("WEDGE_DEBUG"):
        raise exc
    print(f"internal error: {type(exc).__name__}: {exc}\n"
          "  this is a bug in wedge; rerun with WEDGE_DEBUG=1 for a traceback and report it",
          file=sys.stderr)
    raise typer.Exit(ExitCode.INTERNAL) from None


def _report_python_warnings(caught) -> None:
    """Python warnings raised while a command ran (numpy's RuntimeWarnings, say), once each, as
    ``warning:`` lines without the internal file and line Python would print."""
    seen = set()
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in seen:
            seen.add(text)
            _warn(text)


def _handles_errors(command):
    """Turn a user's mistake into a message on stderr and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from wedge_cli.errors import GameTooLargeError, WedgeError

        try:
            with warnings.catch_warnings(record=True) as caught:  # Python's filters, recorded not printed
                try:
                    result = command(*args, **kwargs)
                finally:
                    _report_python_warnings(caught)
            sys.stdout.flush()  # a full disk shows here, inside the handlers, not at interpreter exit
            return result
        except typer.Exit:
            raise
        except WedgeError as exc:
            where = exc.where()
            _error((f"{where}: " if where else "") + exc.message, exc.hint)
            code = ExitCode.TOO_LARGE if isinstance(exc, GameTooLargeError) else ExitCode.INVALID_INPUT
            raise typer.Exit(code) from None
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            # the reader went away (e.g. '| head'): stop quietly, as other Unix tools do
            _quiet_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRNOS:
                _internal_error(exc)
            _quiet_stdout()
            _error(f"cannot write the output: {exc.strerror}",
                   "free some disk space (or raise the file-size limit) and run again")
            raise typer.Exit(ExitCode.INVALID_INPUT) from None
        except Exception as exc:  # noqa: BLE001 - last resort: no traceback for users
            _internal_error(exc)

    return wrapper


def _json_line(obj) -> str:
    """One JSON object as one compact line: what pipes get from ``--json`` and every ``jsonl`` line."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def _emit_json(report: dict, indent: bool | None = None) -> None:
    """Print one JSON object: indented when ``indent`` (default: stdout is a terminal), else compact."""
    if indent is None:
        indent = sys.stdout.isatty()
    if indent:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, allow_nan=False, indent=2) + "\n")
    else:
        sys.stdout.write(_json_line(report))


def _pick_format(fmt: Format, as_json: bool) -> Format:
    return Format.json if as_json else fmt


def _emit(report: dict, fmt: Format, view: str, markdown: str | None = None, indent: bool | None = None,
          every_row: bool = False) -> None:
    """Print a report: JSON, Markdown text, or the rich renderable ``render.<view>(report)``.

    ``view`` and ``markdown`` are names of functions in :mod:`wedge_cli.render.tables`,
    imported only when used so JSON output never imports rich. Tables are cut at
    :data:`wedge_cli.budget.MAX_TABLE_ROWS` rows unless ``every_row`` (``--all``).
    """
    if fmt is Format.json:
        _emit_json(report, indent)
        return
    from wedge_cli.render import tables as render

    as_markdown = fmt is Format.markdown and markdown is not None
    view_fn, markdown_fn = getattr(render, view), getattr(render, markdown) if as_markdown else None
    if every_row:
        view_fn = functools.partial(view_fn, max_rows=None)
        markdown_fn = markdown_fn and functools.partial(markdown_fn, max_rows=None)
    _print_view(report, view_fn, markdown_fn)


def _print_view(report: dict, view, markdown_view=None) -> None:
    """Print a report for people: ``markdown_view(report)`` as text when given, else the rich
    ``view(report)``; user text in the report is made safe for that output first."""
    from wedge_cli.text import display

    if markdown_view is not None:
        sys.stdout.write(markdown_view(display.for_markdown(report)))
        return
    out = _consoles()[0]
    renderable = view(display.for_terminal(report))
    if out.is_terminal:
        out.print(renderable)
        return
    # off a terminal rich pads centred titles and captions to the full width: drop the padding
    with out.capture() as captured:
        out.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _load(source: str, assignments: list[str] | None):
    """Load a game and apply --set; returns (spec, overrides, values)."""
    from wedge_cli.formats.assignments import apply_assignments
    from wedge_cli.formats.toml_read import load

    spec = load(source)
    overrides, values, warnings = apply_assignments(spec, assignments or [])
    for w in warnings:
        _warn(w)
    return spec, overrides, values


def _exact(text: str):
    from wedge_cli.model import exact_number

    return exact_number(text)


def _version(value: bool) -> None:
    if value:
        print(f"wedge {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Game-theory calculator for geopolitical scenarios."""


@app.command()
@_handles_errors
def solve(
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
    from wedge_cli.budget import Budget
    from wedge_cli.report.results import solve_report
    from wedge_cli.solve import solve as run_solve

    work = Budget.of(budget)
    spec, overrides, values = _load(game, set_)
    concrete = spec.game(overrides)
    solution = run_solve(concrete, method=method.value, tol=tol, budget=work)
    report = solve_report(spec, values, solution, work)
    for w in report["warnings"]:
        (_note if w["code"] in NOTE_CODES else _warn)(w["message"])
    _emit(report, _pick_format(fmt, as_json), "solve_view", "solve_markdown", indent, every_row=every_row)


@app.command()
@_handles_errors
def show(
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
    from wedge_cli.budget import MAX_TABLE_CELLS, MAX_TABLE_ROWS, Budget
    from wedge_cli.solve.dominance import dominance_analysis
    from wedge_cli.report.results import show_report
    from wedge_cli.solve import default_tol

    work = Budget.of(budget)
    spec, overrides, values = _load(game, set_)
    concrete = spec.game(overrides)
    tol = default_tol(concrete)
    shown = _pick_format(fmt, as_json)
    limit = None if every_row or shown is Format.json else (
        MAX_TABLE_ROWS if concrete.n_players > 3 else MAX_TABLE_CELLS)
    dominated = dominance_analysis(concrete, tol, budget=work)
    report = show_report(spec, values, concrete, dominated, tol, limit=limit, budget=work)
    _emit(report, shown, "show_view", "show_markdown", indent, every_row=every_row)


@app.command()
@_handles_errors
def check(
    game: GameArg,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 5 when there are lint warnings.")] = False,
    as_json: JsonOnlyOpt = False,
    indent: IndentOpt = None,
    every_row: AllOpt = False,
    budget: BudgetOpt = None,
) -> None:
    """Validate a payoff file and lint it (unused parameters, outcomes without notes, ...).

    Exits 0 when the file is valid (3 when it is not; 5 with --strict and lint warnings).

    Examples:

      wedge check my_game.toml

      wedge check my_game.toml --strict --json
    """
    from wedge_cli.budget import Budget
    from wedge_cli.analysis.lint import lint
    from wedge_cli.formats.toml_read import load
    from wedge_cli.report.results import check_report

    work = Budget.of(budget)
    spec = load(game)
    report = check_report(spec, lint(spec, budget=work))
    _emit(report, _pick_format(Format.table, as_json), "check_view", indent=indent, every_row=every_row)
    if strict and report["lints"]:
        raise typer.Exit(ExitCode.LINT)


@app.command("list")
@_handles_errors
def list_(as_json: JsonOnlyOpt = False, indent: IndentOpt = None) -> None:
    """List the bundled scenarios (use a name wherever a FILE is expected).

    Examples:

      wedge list

      wedge list --json
    """
    from wedge_cli.formats.catalog import bundled_names, summary
    from wedge_cli.report.results import list_report

    report = list_report([summary(name) for name in bundled_names()])
    _emit(report, _pick_format(Format.table, as_json), "list_view", indent=indent)


@app.command()
@_handles_errors
def export(
    game: GameArg,
    to: Annotated[ExportFormat, typer.Option("--to", help="Format to write.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    set_: SetOpt = None,
    as_json: JsonOnlyOpt = False,
    indent: IndentOpt = None,
) -> None:
    """Write a game as a Gambit .nfg file or a wedge TOML payoff file.

    .nfg holds numbers only: parameters are evaluated at their values (and --set).
    TOML keeps parameters and expressions. A round trip keeps the game exactly.

    Examples:

      wedge export us-europe --to nfg > us_europe.nfg

      wedge export us_europe.nfg --to toml -o us_europe.toml
    """
    from wedge_cli.report.results import export_report

    spec, overrides, values = _load(game, set_)
    if to is ExportFormat.nfg:
        from wedge_cli.formats.nfg_write import gambit_problems, write_nfg

        concrete = spec.game(overrides)
        text = write_nfg(concrete, comment=spec.description, notes=spec.notes)
        for problem in gambit_problems(concrete, spec.description):
            _warn(f"Gambit may not read this file: {problem}")
    else:
        from wedge_cli.formats.toml_write import write_toml

        text = write_toml(spec, values={k: _exact(v) for k, v in overrides.items()})
    if output is not None:
        from wedge_cli.files import AtomicFile

        with AtomicFile(output, newline=None) as handle:
            handle.write(text)
        if as_json:
            _emit_json(export_report(to.value, text, spec), indent)
        return
    if as_json:
        _emit_json(export_report(to.value, text, spec), indent)
    else:
        sys.stdout.write(text)


from wedge_cli.cli import robust as cli_robust  # noqa: E402,F401  (registers "wedge robust")


from wedge_cli.cli import sweep as cli_sweep  # noqa: E402,F401  (registers "wedge sweep")

from wedge_cli.cli import analyses as cli_analysis  # noqa: E402,F401  (registers "wedge bargain" and "wedge explain")

from wedge_cli.cli import schema as cli_schema  # noqa: E402,F401  (registers "wedge schema")
