"""Shell completion: the words ``wedge`` offers when a user presses Tab.

Plain functions of ``(ctx, incomplete)``, the shape Typer's ``autocompletion=``
expects: ``ctx`` is the command's context during completion (``ctx.params`` holds
what is already on the command line, parsed leniently) and ``incomplete`` is the
word being typed. Each returns ``(value, help)`` pairs; Typer keeps those whose
value starts with ``incomplete`` and the shell shows the help where it can (zsh,
fish). Kept free of typer and rich, like every module below the command layer.

Completion runs on every Tab press, so a problem is never an error here: a game
file that is missing or invalid, or ``-`` (stdin, which completion must not read),
simply completes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from wedge_cli.formats.catalog import bundled_names, summary

#: File suffixes offered for a game argument (directories are offered too, to descend into).
GAME_SUFFIXES = (".toml", ".nfg")

Completion = tuple[str, str]


def complete_game(ctx, incomplete: str) -> list[Completion]:
    """Bundled scenario names, then matching ``.toml``/``.nfg`` files and folders, for FILE|NAME."""
    names = [(name, _title(name)) for name in bundled_names() if name.startswith(incomplete)]
    return names + list(_paths(incomplete))


def complete_assignment(ctx, incomplete: str) -> list[Completion]:
    """``NAME=`` for each parameter of the game on the command line not yet given with ``--set``."""
    if "=" in incomplete:
        return []  # the value is being typed: nothing sensible to offer
    given = {item.partition("=")[0].strip() for item in (getattr(ctx, "params", None) or {}).get("set_") or []}
    return [(f"{name}=", _one_line(p.description)) for name, p in _parameters(ctx).items()
            if name.startswith(incomplete) and name not in given]


def complete_axis(ctx, incomplete: str) -> list[Completion]:
    """Parameter names to sweep (``--param``, ``--sweep``).

    ``NAME`` alone sweeps the declared range, so a parameter with one is offered bare (its
    range as help); one without a range needs ``NAME=START:STOP`` and is offered as ``NAME=``.
    """
    if "=" in incomplete:
        return []
    out = []
    for name, p in _parameters(ctx).items():
        if not name.startswith(incomplete):
            continue
        if p.min is not None and p.max is not None:
            out.append((name, _one_line(f"from {p.min:g} to {p.max:g}: {p.description}")))
        else:
            out.append((f"{name}=", _one_line(f"START:STOP[:STEPS] (no declared range): {p.description}")))
    return out


#: Longest help shown beside a completion: Typer renders it at 80 columns, and a longer
#: help would wrap inside zsh's and fish's one-line menu entries.
HELP_WIDTH = 60


def _one_line(text: str) -> str:
    """Help for a shell's completion menu: one short line, shown as written.

    Typer passes completion help through rich markup (``typer/_completion_classes.py``),
    so ``[`` is escaped the way rich reads it; a description of any length is cut at a
    word, with an ellipsis.
    """
    text = " ".join(text.split()).rstrip(":")
    if len(text) > HELP_WIDTH:
        text = text[:HELP_WIDTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text.replace("[", "\\[")


def _title(name: str) -> str:
    try:
        return _one_line(summary(name)["title"])
    except Exception:  # noqa: BLE001 - a broken bundled file must not break completion
        return ""


def _paths(incomplete: str) -> Iterator[Completion]:
    """Entries of the folder ``incomplete`` points into: sub-folders (``dir/``) and game files."""
    head, tail = os.path.split(incomplete)
    folder = os.path.expanduser(head) if head else "."
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(tail) or (entry.name.startswith(".") and not tail.startswith(".")):
            continue
        value = os.path.join(head, entry.name) if head else entry.name
        try:
            if entry.is_dir():
                yield value + os.sep, "folder"
            elif entry.name.lower().endswith(GAME_SUFFIXES):
                yield value, "payoff file"  # not its title: reading every file on Tab is too slow
        except OSError:
            continue


def _parameters(ctx) -> dict:
    """The parameters of the game already on the command line; ``{}`` when there is none yet,
    it is stdin, or it cannot be loaded.

    While an option still waits for its value (``wedge solve us-europe --set <Tab>``) click
    stops parsing at that option, so the game is not in ``ctx.params`` but left over in
    ``ctx.args``: the first leftover word is the FILE|NAME argument.
    """
    source = (getattr(ctx, "params", None) or {}).get("game")
    if source is None:
        leftover = getattr(ctx, "args", None) or []
        source = leftover[0] if leftover else None
    if not source or source == "-":
        return {}
    try:
        # the loader pulls in numpy, and this module is imported on every start, including 'wedge --help'
        from wedge_cli.formats.toml_read import load  # lazy: keeps numpy off the start-up path

        return dict(load(source).parameters)
    except Exception:  # noqa: BLE001 - completion never fails: a bad file completes nothing
        return {}


__all__ = ["complete_game", "complete_assignment", "complete_axis", "GAME_SUFFIXES"]
