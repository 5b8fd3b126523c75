"""The views of ``wedge show`` (docs/cli.md): the payoff tables (one per third-player
strategy, a list beyond three players) with best replies marked ``*`` (bold on a colour
terminal, so the marks survive ``NO_COLOR`` and pipes), the parameters and dominance notes.

Takes the ``wedge.show/1`` dict of :mod:`wedge_cli.report.show` (docs/json.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.budget import MAX_TABLE_ROWS
from wedge_cli.text.labels import more_rows_line
from wedge_cli.text.numbers import parameter_text, rounded_text


def _cell_text(cell: dict, players: list[str], exact: bool) -> Text:
    text = Text()
    for i, p in enumerate(players):
        if i:
            text.append(", ")
        value = cell["exact"][p] if exact and cell["exact"] else rounded_text(cell["payoffs"][p])
        if p in cell["best_response"]:
            text.append(value + "*", style="bold")
        else:
            text.append(value)
    return text


def _strategy_label(player: str, strategy: str, dominated: dict[tuple[str, str], str]) -> str:
    mark = dominated.get((player, strategy))
    return f"{strategy} ({mark})" if mark else strategy


def _total_profiles(report: dict) -> int:
    total = 1
    for p in report["game"]["players"]:
        total *= len(p["strategies"])
    return total


def show_view(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> RenderableType:
    """The payoff tables, parameters and dominance notes of ``wedge.show/1``.

    Tables of more than ``max_rows`` rows (None: no limit) are cut there with a line
    saying how many are left out; a report with fewer cells than profiles says so too.
    """
    return Group(*_show_parts(report, max_rows))


def _show_parts(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> Iterator[RenderableType]:
    players = [p["name"] for p in report["game"]["players"]]
    strategies = {p["name"]: p["strategies"] for p in report["game"]["players"]}
    total = _total_profiles(report)
    dominated = {(d["player"], d["strategy"]): "weakly dominated" for d in report.get("weakly_dominated", [])}
    dominated |= {(d["player"], d["strategy"]): "dominated" for d in report["dominated"]}
    cells = {tuple(c["profile"][p] for p in players): c for c in report["cells"]}
    title = report["game"]["title"] or "game"
    rows, cols = players[0], players[1]
    layers = strategies[players[2]] if len(players) == 3 else [None]
    if len(players) == 3:
        present = {key[2] for key in cells}
        layers = [layer for layer in layers if layer in present]
    if len(players) > 3:
        yield Text("(games with more than 3 players are listed profile by profile)")
        table = Table(title=title, title_justify="left")
        for p in players:
            table.add_column(p)
        table.add_column("payoffs (" + ", ".join(players) + ")")
        for row, (key, cell) in enumerate(cells.items()):
            if max_rows is not None and row == max_rows:
                break
            table.add_row(*key, _cell_text(cell, players, True))
        yield table
        shown = len(cells) if max_rows is None else min(max_rows, len(cells))
        if shown < total:
            yield Text(more_rows_line(shown, total, "profiles"), style="dim")
    else:
        if len(cells) < total:
            yield Text(more_rows_line(len(cells), total, "profiles"), style="dim")
        for layer in layers:
            heading = title if layer is None else f"{title}: {players[2]} plays {_strategy_label(players[2], layer, dominated)}"
            table = Table(title=heading, title_justify="left",
                          caption=f"payoffs ({', '.join(players)}); * = best reply")
            table.add_column(f"{rows} \\ {cols}")
            for c in strategies[cols]:
                table.add_column(_strategy_label(cols, c, dominated), justify="center")
            for r in strategies[rows]:
                row = [_strategy_label(rows, r, dominated)]
                for c in strategies[cols]:
                    key = (r, c) if layer is None else (r, c, layer)
                    row.append(_cell_text(cells[key], players, True))
                table.add_row(*row)
            yield table
    if report["parameters"]:
        table = Table(title="parameters", title_justify="left")
        for column in ("name", "value", "range", "description"):
            table.add_column(column)
        parameters = report["parameters"]
        for p in parameters if max_rows is None else parameters[:max_rows]:
            span = "" if p["min"] is None and p["max"] is None else f"[{_opt(p['min'])}, {_opt(p['max'])}]"
            value = parameter_text(p["value"]) + ("" if p["value"] == p["default"]
                                              else f" (default {parameter_text(p['default'])})")
            table.add_row(p["name"], value, span, p["description"])
        yield table
        if max_rows is not None and len(parameters) > max_rows:
            yield Text(more_rows_line(max_rows, len(parameters), "parameters"), style="dim")
    for d in report["dominated"]:
        by = d["by"] if d["by"] in strategies[d["player"]] else f"the mix {d['by']}"
        yield Text(f"{d['player']}'s {d['strategy']} is strictly dominated by {by} "
                   f"(round {d['round']} of iterated elimination)", style="dim")
    for d in report.get("weakly_dominated", []):
        by = d["by"] if d["by"] in strategies[d["player"]] else f"the mix {d['by']}"
        yield Text(f"{d['player']}'s {d['strategy']} is weakly dominated by {by} "
                   "(never better, sometimes worse)", style="dim")


def _opt(x: float | None) -> str:
    return "" if x is None else parameter_text(x)


def show_markdown(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> str:
    """The payoff matrix as Markdown tables (one per third-player strategy), cut like :func:`show_view`."""
    players = [p["name"] for p in report["game"]["players"]]
    strategies = {p["name"]: p["strategies"] for p in report["game"]["players"]}
    cells = {tuple(c["profile"][p] for p in players): c for c in report["cells"]}
    total = _total_profiles(report)
    out: list[str] = []
    if len(players) > 3:
        out.append("| " + " | ".join(players) + " | payoffs |")
        out.append("|" + "---|" * (len(players) + 1))
        for row, (key, cell) in enumerate(cells.items()):
            if max_rows is not None and row == max_rows:
                break
            out.append("| " + " | ".join(key) + " | " + _md_cell(cell, players) + " |")
        shown = len(cells) if max_rows is None else min(max_rows, len(cells))
        if shown < total:
            out.append("\n" + more_rows_line(shown, total, "profiles"))
        return "\n".join(out) + "\n"
    layers = strategies[players[2]] if len(players) == 3 else [None]
    if len(players) == 3:
        present = {key[2] for key in cells}
        layers = [layer for layer in layers if layer in present]
        if len(cells) < total:
            out.append(more_rows_line(len(cells), total, "profiles") + "\n")
    for layer in layers:
        if layer is not None:
            out.append(f"**{players[2]} plays {layer}**\n")
        out.append(f"| {players[0]} \\ {players[1]} | " + " | ".join(strategies[players[1]]) + " |")
        out.append("|---|" + "---|" * len(strategies[players[1]]))
        for r in strategies[players[0]]:
            row = []
            for c in strategies[players[1]]:
                key = (r, c) if layer is None else (r, c, layer)
                row.append(_md_cell(cells[key], players))
            out.append(f"| {r} | " + " | ".join(row) + " |")
        out.append("")
    out.append(f"Payoffs ({', '.join(players)}); * marks a best reply.")
    return "\n".join(out) + "\n"


def _md_cell(cell: dict, players: list[str]) -> str:
    parts = []
    for p in players:
        value = cell["exact"][p] if cell["exact"] else rounded_text(cell["payoffs"][p])
        parts.append(value + ("\\*" if p in cell["best_response"] else ""))
    return ", ".join(parts)
