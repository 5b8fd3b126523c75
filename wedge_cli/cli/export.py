"""``wedge export``: a game as a Gambit .nfg file or a wedge TOML payoff file (docs/format.md)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.cli.args import fixed_values, load_game
from wedge_cli.cli.common import GameArg, IndentOpt, JsonOnlyOpt, SetOpt, emit_json, warn
from wedge_cli.files import AtomicFile


class ExportFormat(str, Enum):
    nfg = "nfg"
    toml = "toml"


def export_command(
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
    from wedge_cli.formats.nfg_write import gambit_problems, write_nfg  # lazy: keeps numpy off the start-up path
    from wedge_cli.formats.toml_write import write_toml  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.game_files import export_report  # lazy: keeps numpy off the start-up path

    spec, overrides, values = load_game(game, set_)
    if to is ExportFormat.nfg:
        concrete = spec.game(overrides)
        text = write_nfg(concrete, comment=spec.description, notes=spec.notes)
        for problem in gambit_problems(concrete, spec.description):
            warn(f"Gambit may not read this file: {problem}")
    else:
        text = write_toml(spec, values=fixed_values(overrides))
    if output is not None:
        with AtomicFile(output, newline=None) as handle:
            handle.write(text)
        if as_json:
            emit_json(export_report(to.value, text, spec), indent)
        return
    if as_json:
        emit_json(export_report(to.value, text, spec), indent)
    else:
        sys.stdout.write(text)
