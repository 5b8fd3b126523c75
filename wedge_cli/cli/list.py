"""``wedge list``: the bundled scenarios. Loads no numpy: it must answer at once."""

from __future__ import annotations

from wedge_cli.cli.common import Format, IndentOpt, JsonOnlyOpt, emit, pick_format
from wedge_cli.formats import catalog
from wedge_cli.report.game_files import list_report


def list_command(as_json: JsonOnlyOpt = False, indent: IndentOpt = None) -> None:
    """List the bundled scenarios (use a name wherever a FILE is expected).

    Examples:

      wedge list

      wedge list --json
    """
    report = list_report([catalog.summary(name) for name in catalog.bundled_names()])
    emit(report, pick_format(Format.table, as_json), "tables.list_view", indent=indent)
