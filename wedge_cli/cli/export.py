"""``wedge export``: a game as a Gambit .nfg file or a wedge TOML payoff file (docs/format.md)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.cli.args import fixed_values, is_tree, load_game
from wedge_cli.cli.common import GameArg, IndentOpt, JsonOnlyOpt, SetOpt, emit_json, warn
from wedge_cli.errors import WedgeError
from wedge_cli.files import AtomicFile


class ExportFormat(str, Enum):
    nfg = "nfg"
    toml = "toml"
    efg = "efg"


def export_command(
    game: GameArg,
    to: Annotated[ExportFormat, typer.Option("--to", help="Format to write.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    set_: SetOpt = None,
    as_json: JsonOnlyOpt = False,
    indent: IndentOpt = None,
) -> None:
    """Write a game as a Gambit .nfg file or a wedge TOML payoff file; a game tree also as Gambit .efg.

    .nfg and .efg hold numbers only: parameters are evaluated at their values (and --set).
    TOML keeps parameters and expressions. A round trip keeps the game exactly. A tree
    exported --to nfg is its reduced strategic form (one strategy per plan of a player,
    chance averaged out); any .efg file can be exported --to toml.

    Examples:

      wedge export us-europe --to nfg > us_europe.nfg

      wedge export us_europe.nfg --to toml -o us_europe.toml

      wedge export two-level-ratification-sequential --to efg > ratification.efg

      wedge export game.efg --to toml -o game.toml
    """
    from wedge_cli.formats.nfg_write import gambit_problems, write_nfg  # lazy: keeps numpy off the start-up path
    from wedge_cli.formats.toml_write import write_toml  # lazy: keeps numpy off the start-up path
    from wedge_cli.report.game_files import export_report  # lazy: keeps numpy off the start-up path

    spec, overrides, values = load_game(game, set_, trees=True)
    if is_tree(spec):
        text = _tree_text(spec, to, overrides)
    elif to is ExportFormat.efg:
        raise WedgeError("--to efg writes game trees; this is a normal-form game",
                         hint="use --to nfg for Gambit's normal-form format")
    elif to is ExportFormat.nfg:
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


def _tree_text(spec, to: ExportFormat, overrides) -> str:
    """A tree as .efg, as a wedge TOML tree, or as its reduced strategic form in .nfg."""
    if to is ExportFormat.toml:
        from wedge_cli.formats.tree_write import write_tree_toml  # lazy: keeps numpy off the start-up path

        return write_tree_toml(spec, values=fixed_values(overrides))
    if to is ExportFormat.efg:
        from wedge_cli.formats.efg_write import gambit_problems, write_efg  # lazy: keeps numpy off the start-up path

        tree = spec.tree(overrides)
        for problem in gambit_problems(tree):
            warn(f"Gambit may not read this file: {problem}")
        return write_efg(tree)
    from wedge_cli.formats.nfg_write import gambit_problems, write_nfg  # lazy: keeps numpy off the start-up path
    from wedge_cli.solve.tree.strategic import reduced_form  # lazy: keeps numpy off the start-up path

    game = reduced_form(spec.tree(overrides)).game
    comment = "the reduced strategic form of a game tree" + (f": {spec.description}" if spec.description else "")
    for problem in gambit_problems(game, comment):
        warn(f"Gambit may not read this file: {problem}")
    return write_nfg(game, comment=comment)
