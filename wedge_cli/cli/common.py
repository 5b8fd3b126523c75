"""What every ``wedge`` command shares: exit codes, options, consoles, error mapping, output.

Data goes to stdout (tables, JSON, Markdown, exported files); warnings, progress and
errors go to stderr. On failure stdout stays empty and the exit code says why
(:class:`ExitCode`, documented in docs/cli.md). rich is imported only when output is
meant for people, so ``--json`` and ``wedge list`` start fast.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import sys
import time
import warnings
from enum import Enum, IntEnum
from typing import Annotated, Optional

import typer

from wedge_cli.cli.completion import complete_assignment, complete_game
from wedge_cli.errors import GameTooLargeError, WedgeError
from wedge_cli.text import display


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


GameArg = Annotated[str, typer.Argument(
    metavar="FILE|NAME|-", autocompletion=complete_game,
    help="A payoff file or game tree (.toml, Gambit .nfg or .efg), a bundled scenario name (see 'wedge list'), or - for stdin.",
)]
SetOpt = Annotated[Optional[list[str]], typer.Option(
    "--set", metavar="NAME=VALUE", autocompletion=complete_assignment,
    help="Override a parameter (repeatable). Fractions like 5/2 stay exact.",
)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
#: --json on a command that has no --format option.
JsonOnlyOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


class Concept(str, Enum):
    spe = "spe"
    nash = "nash"
    pbe = "pbe"


ConceptOpt = Annotated[Optional[Concept], typer.Option(
    "--concept", help=(
        "Game trees: spe lists the subgame-perfect equilibria (the default); pbe the perfect Bayesian equilibria "
        "in pure strategies, with the beliefs that support them off the path (the default when a player moves "
        "without seeing a chance move, e.g. the other side's type); nash every Nash equilibrium, marking those "
        "that are not subgame perfect and the threat that is not credible. Normal-form games: nash only."))]
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


# ------------------------------------------------------------------ consoles and messages


def consoles():
    """stdout and stderr consoles; off a terminal, wide enough that tables do not wrap names.

    Markup and emoji are off: names, titles and messages come from users' files, and
    ``[bold]`` or ``:100:`` in them must print as written. Styles come from ``Text``.
    """
    from rich.console import Console  # lazy: rich only for output meant for people, not --json

    plain = {"markup": False, "emoji": False}
    out = Console(**plain)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=160, **plain)
    # soft_wrap: a message is one line however wide; the terminal, not rich, wraps it
    return out, Console(stderr=True, highlight=False, soft_wrap=True, **plain)


def _labelled(label: str, style: str, message: str):
    """``label message`` for stderr: the label styled, the message verbatim with controls visible."""
    from rich.text import Text  # lazy: rich only for output meant for people, not --json

    return Text.assemble((label, style), " ", display.visible(message))


def warn(message: str) -> None:
    consoles()[1].print(_labelled("warning:", "yellow", message))


def note(message: str) -> None:
    """Information on stderr that needs no action (e.g. dominated strategies removed)."""
    consoles()[1].print(_labelled("note:", "cyan", message))


def report_warnings(report: dict) -> None:
    """A report's warnings on stderr: information (:data:`NOTE_CODES`) as ``note:``, the rest as ``warning:``."""
    for w in report["warnings"]:
        (note if w["code"] in NOTE_CODES else warn)(w["message"])


def error(message: str, hint: str | None = None) -> None:
    """``error: message`` and its ``  hint:`` line on stderr."""
    err = consoles()[1]
    err.print(_labelled("error:", "red", message))
    if hint:
        err.print(_labelled("  hint:", "", hint))


#: Solver warning codes that are information, printed as ``note:`` rather than ``warning:``.
NOTE_CODES = frozenset({"dominated_removed", "mixed_searched", "pure_only"})


# ------------------------------------------------------------------ error mapping


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
            warn(text)


def handles_errors(command):
    """Turn a user's mistake into a message on stderr and an exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
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
            error((f"{where}: " if where else "") + exc.message, exc.hint)
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
            error(f"cannot write the output: {exc.strerror}",
                  "free some disk space (or raise the file-size limit) and run again")
            raise typer.Exit(ExitCode.INVALID_INPUT) from None
        except Exception as exc:  # noqa: BLE001 - last resort: no traceback for users
            _internal_error(exc)

    return wrapper


# ------------------------------------------------------------------ output


def json_line(obj) -> str:
    """One JSON object as one compact line: what pipes get from ``--json`` and every ``jsonl`` line."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def emit_json(report: dict, indent: bool | None = None) -> None:
    """Print one JSON object: indented when ``indent`` (default: stdout is a terminal), else compact."""
    if indent is None:
        indent = sys.stdout.isatty()
    if indent:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, allow_nan=False, indent=2) + "\n")
    else:
        sys.stdout.write(json_line(report))


def emit_jsonl(objects) -> None:
    """One compact JSON object per line, written as each is made (memory stays flat; ``head`` stops it)."""
    write = sys.stdout.write
    for obj in objects:
        write(json_line(obj))


def pick_format(fmt: Format, as_json: bool) -> Format:
    return Format.json if as_json else fmt


def emit(report: dict, fmt: Format, view: str, markdown: str | None = None, indent: bool | None = None,
         every_row: bool = False) -> None:
    """Print a report: JSON, Markdown text, or the rich renderable of ``view``.

    ``view`` and ``markdown`` name functions of :mod:`wedge_cli.render` as ``"module.function"``
    (``"tables.solve_view"``), imported only when used so that JSON output never imports rich.
    Tables are cut at :data:`wedge_cli.budget.MAX_TABLE_ROWS` rows unless ``every_row`` (``--all``).
    """
    if fmt is Format.json:
        emit_json(report, indent)
        return
    from wedge_cli.render import analyses, tables  # lazy: rich only for output meant for people, not --json

    modules = {"tables": tables, "analyses": analyses}

    def resolve(name: str):
        module, function = name.split(".")
        return getattr(modules[module], function)

    view_fn = resolve(view)
    markdown_fn = resolve(markdown) if fmt is Format.markdown and markdown is not None else None
    if every_row:
        view_fn = functools.partial(view_fn, max_rows=None)
        markdown_fn = markdown_fn and functools.partial(markdown_fn, max_rows=None)
    print_view(report, view_fn, markdown_fn)


def print_view(report: dict, view, markdown_view=None) -> None:
    """Print a report for people: ``markdown_view(report)`` as text when given, else the rich
    ``view(report)``; user text in the report is made safe for that output first."""
    if markdown_view is not None:
        sys.stdout.write(markdown_view(display.for_markdown(report)))
        return
    out = consoles()[0]
    renderable = view(display.for_terminal(report))
    if out.is_terminal:
        out.print(renderable)
        return
    # off a terminal rich pads centred titles and captions to the full width: drop the padding
    with out.capture() as captured:
        out.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


class Progress:
    """The progress bar of long commands: on stderr, only on a terminal, after about a second.

    Call it with ``(stage, done, total)``; each stage gets its own line. :meth:`close`
    removes it (it is transient).
    """

    DELAY = 1.0

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.monotonic()
        self.bar = None
        self.tasks: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < self.DELAY:
                return
            from rich import progress  # lazy: rich only on a terminal, after a second of work

            self.bar = progress.Progress(
                progress.TextColumn("{task.description}"), progress.BarColumn(),
                progress.TextColumn("{task.completed}/{task.total}"), progress.TimeElapsedColumn(),
                progress.TextColumn("eta"), progress.TimeRemainingColumn(),
                console=consoles()[1], transient=True)
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=max(total, 1))
        self.bar.update(self.tasks[stage], completed=done, total=max(total, 1))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
