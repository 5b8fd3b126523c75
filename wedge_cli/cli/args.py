"""The flag grammar of the ``wedge`` commands: ``--set``, ``--param``, ``--disagreement``; and
which commands take game trees (:func:`refuse_tree`, the one gate).

What the Python API shares with the commands lives below, where both call it
(:func:`wedge_cli.formats.toml_read.apply_assignments` for ``--set``,
:func:`wedge_cli.sweep.core.parse_axes` for ``--param``); this module puts those steps
together for a command and reports their warnings on stderr. Value syntax: docs/cli.md.
"""

from __future__ import annotations

import shlex
from typing import NoReturn

import typer

from wedge_cli.cli.common import ExitCode, error, warn
from wedge_cli.errors import WedgeError


def usage_error(message: str, hint: str | None = None) -> NoReturn:
    """Refuse the command line as it stands: the message on stderr, exit 2 (:attr:`ExitCode.USAGE`)."""
    error(message, hint)
    raise typer.Exit(ExitCode.USAGE)


def is_tree(spec) -> bool:
    """The loaded file is a game tree (a :class:`~wedge_cli.tree.TreeSpec`), not a normal-form game."""
    from wedge_cli.tree import TreeSpec  # lazy: keeps numpy off the start-up path

    return isinstance(spec, TreeSpec)


def running_command() -> str | None:
    """The name of the running ``wedge`` command (``sweep``), from click's context, or None outside one."""
    try:  # typer 0.2x ships its own copy of click; older ones use click itself
        from typer._click.globals import get_current_context  # lazy: only on the error path
    except ImportError:
        from click import get_current_context  # lazy: only on the error path
    context = get_current_context(silent=True)
    return context.info_name if context is not None else None


def refuse_tree(spec, source: str, command: str | None = None) -> None:
    """The gate between game trees and the commands that do not take them yet: exit 2 for a tree.

    A command that handles trees loads with ``load_game(..., trees=True)`` and never
    reaches here; every other command refuses a tree through this one function, with the
    command's name (from the running command line when not given) and what to run instead.
    """
    if not is_tree(spec):
        return
    command = command or running_command()
    name = f"wedge {command}" if command else "this command"
    quoted = shlex.quote(source)
    usage_error(f"{name} does not handle game trees yet; try wedge solve {quoted}",
                hint=f"wedge solve {quoted} finds its subgame-perfect equilibria, wedge show {quoted} draws it")


def load_game(source: str, assignments: list[str] | None, *, trees: bool = False):
    """Load a game and apply ``--set``; returns (spec, overrides, values).

    ``trees``: the command handles game trees too (``spec`` may be a
    :class:`~wedge_cli.tree.TreeSpec`); otherwise a tree is refused by :func:`refuse_tree`.
    """
    from wedge_cli.formats.assignments import apply_assignments  # lazy: keeps numpy off the start-up path
    from wedge_cli.formats.toml_read import load  # lazy: keeps numpy off the start-up path

    spec = load(source)
    if not trees:
        refuse_tree(spec, source)
    overrides, values, warnings = apply_assignments(spec, assignments or [])
    for w in warnings:
        warn(w)
    return spec, overrides, values


def exact(text: str):
    """The rational a ``--set`` value or a number on the command line means (None if none)."""
    from wedge_cli.model import exact_number  # lazy: keeps numpy off the start-up path

    return exact_number(text)


def fixed_values(overrides: dict[str, str]) -> dict:
    """``--set`` overrides as exact numbers, by parameter name."""
    return {k: exact(v) for k, v in overrides.items()}


def sweep_axes(params: list[str], spec):
    """``--param`` (``NAME[=START:STOP[:STEPS]]``, once or twice) as sweep axes."""
    from wedge_cli.sweep.axis import parse_axes  # lazy: keeps numpy off the start-up path

    return parse_axes(params, spec)


def disagreement(text: str, game, budget=None):
    """``--disagreement``: ``maxmin`` | ``equilibrium:N`` | ``X,Y`` -> (point or None, source label)."""
    from wedge_cli.model import read_value  # lazy: keeps numpy off the start-up path

    raw = text.strip()
    if raw.lower() == "maxmin":
        return None, "maxmin"
    if raw.lower().startswith("equilibrium:"):
        from wedge_cli.solve import solve  # lazy: keeps numpy off the start-up path

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
    values = [exact(p) for p in parts]
    if len(parts) == game.n_players and all(v is not None for v in values):
        values = [read_value(p, f"--disagreement {raw!r}:") for p in parts]  # refuses 1e300: see docs/format.md
    if len(parts) != game.n_players or any(v is None for v in values):
        names = ", ".join(p.name for p in game.players)
        raise WedgeError(
            f"--disagreement {raw!r} is not 'maxmin', 'equilibrium:N' or {game.n_players} numbers",
            hint=f"give one number per player ({names}) separated by commas, e.g. --disagreement=0,-5")
    return tuple(values), "given"
