"""The ``wedge`` application: the Typer app and the registration of every command.

Each command is a plain function in its own module (``cli/solve.py``, ...); this
module gives it its name, wraps it in the shared error handling
(:func:`wedge_cli.cli.common.handles_errors`) and adds it to :data:`app`, in the
order ``wedge --help`` lists them. The command modules import the numerical core
inside their functions, so that ``wedge --help`` and ``wedge list`` start fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from wedge_cli import __version__
from wedge_cli.cli.bargain import bargain_command
from wedge_cli.cli.check import check_command
from wedge_cli.cli.common import handles_errors
from wedge_cli.cli.explain import explain_command
from wedge_cli.cli.export import export_command
from wedge_cli.cli.list import list_command
from wedge_cli.cli.robust import robust_command
from wedge_cli.cli.schema import schema_command
from wedge_cli.cli.show import show_command
from wedge_cli.cli.solve import solve_command
from wedge_cli.cli.sweep import sweep_command

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


#: Every command, in the order of ``wedge --help``.
COMMANDS = {
    "solve": solve_command,
    "show": show_command,
    "check": check_command,
    "list": list_command,
    "export": export_command,
    "robust": robust_command,
    "sweep": sweep_command,
    "bargain": bargain_command,
    "explain": explain_command,
    "schema": schema_command,
}

for name, command in COMMANDS.items():
    app.command(name)(handles_errors(command))
