"""The list views of ``wedge check`` (its lint warnings) and ``wedge list`` (the bundled
scenarios), docs/cli.md; they take the dicts of :mod:`wedge_cli.report.game_files`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.budget import MAX_TABLE_ROWS
from wedge_cli.text.labels import more_rows_line


def check_view(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> RenderableType:
    lints = report["lints"]
    game = report["game"]
    if game.get("form") == "tree":
        size = f"a game tree of {game['nodes']} nodes"
    else:
        size = " x ".join(str(len(p["strategies"])) for p in game["players"])
    head = Text(f"{report['file']}: valid ({len(game['players'])} players, {size})")
    if not lints:
        return Group(head, Text("no lint warnings"))
    table = Table(title=f"{len(lints)} lint warning(s)", title_justify="left")
    table.add_column("line", justify="right")
    table.add_column("code")
    table.add_column("message")
    for x in lints if max_rows is None else lints[:max_rows]:
        table.add_row("" if x["line"] is None else str(x["line"]), x["code"], x["message"])
    if max_rows is not None and len(lints) > max_rows:
        return Group(head, table, Text(more_rows_line(max_rows, len(lints), "lint warnings"), style="dim"))
    return Group(head, table)


def list_view(report: dict) -> RenderableType:
    table = Table(title="bundled scenarios", title_justify="left")
    for column in ("name", "title", "players", "size", "parameters"):
        table.add_column(column)
    for s in report["scenarios"]:
        size = f"tree, {s['nodes']} nodes" if s["form"] == "tree" else " x ".join(map(str, s["shape"]))
        table.add_row(s["name"], s["title"], ", ".join(s["players"]), size, str(len(s["parameters"])))
    return table
