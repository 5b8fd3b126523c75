"""Report dicts -> rich renderables (tables) and Markdown text.

Takes only the plain dicts of :mod:`wedge_cli.report`, so what a person sees is
what ``--json`` gives a machine. Best replies are marked with ``*`` (and bold on
a colour terminal) so the marks survive ``NO_COLOR`` and pipes.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text


def fmt(x: float) -> str:
    """A payoff or probability for people: up to 4 decimals, no trailing zeros."""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mixed(probs: dict[str, float], exact: dict[str, str] | None) -> str:
    support = [s for s, p in probs.items() if p > 0]
    if len(support) == 1:
        return support[0]
    parts = []
    for s in support:
        value = exact[s] if exact is not None else fmt(probs[s])
        parts.append(f"{s} {value}")
    return ", ".join(parts)


def solve_view(report: dict) -> RenderableType:
    players = [p["name"] for p in report["game"]["players"]]
    title = report["game"]["title"] or "game"
    n = len(report["equilibria"])
    kind = "pure Nash equilibri" if report["pure_only"] else "Nash equilibri"
    kind += "um" if n == 1 else "a"
    if report["complete"]:
        extreme = "extreme " if report["degenerate"] else ""
        caption = f"all {n} {extreme}{kind}" if n != 1 else f"the only {extreme}{kind}"
    else:
        caption = f"{n} {kind} found (not guaranteed complete)"
    table = Table(title=f"{title}: {caption}", caption=f"method {report['method']}", title_justify="left")
    table.add_column("#", justify="right")
    for name in players:
        table.add_column(name)
    for name in players:
        table.add_column(f"{name} payoff", justify="right")
    table.add_column("type")
    component_of = {}
    for c, members in enumerate(report["components"]):
        for i in members:
            component_of[i] = (c, len(members))
    for i, eq in enumerate(report["equilibria"]):
        exact = eq["exact"]
        row = [str(i + 1)]
        row += [_mixed(eq["strategies"][p], exact[p] if exact else None) for p in players]
        row += [(eq["exact_payoffs"][p] if eq["exact_payoffs"] else fmt(eq["payoffs"][p])) for p in players]
        flags = ["pure" if eq["pure"] else "mixed"]
        if eq["strict"]:
            flags.append("strict")
        comp, size = component_of.get(i, (None, 1))
        if size > 1:
            flags.append(f"component {comp + 1}")
        row.append(", ".join(flags))
        table.add_row(*row)
    if n == 0:
        table.add_row("-", *["no equilibrium found" if j == 0 else "" for j in range(2 * len(players) + 1)])
    parts: list[RenderableType] = [table]
    if report["parameters"]:
        parts.append(Text("at " + ", ".join(f"{k} = {fmt(v)}" for k, v in report["parameters"].items()),
                          style="dim"))
    return Group(*parts)


def _cell_text(cell: dict, players: list[str], exact: bool) -> Text:
    text = Text()
    for i, p in enumerate(players):
        if i:
            text.append(", ")
        value = cell["exact"][p] if exact and cell["exact"] else fmt(cell["payoffs"][p])
        if p in cell["best_response"]:
            text.append(value + "*", style="bold")
        else:
            text.append(value)
    return text


def _strategy_label(player: str, strategy: str, dominated: set[tuple[str, str]]) -> str:
    return f"{strategy} (dominated)" if (player, strategy) in dominated else strategy


def show_view(report: dict) -> RenderableType:
    """The payoff tables, parameters and dominance notes of ``wedge.show/1``."""
    return Group(*_show_parts(report))


def _show_parts(report: dict) -> Iterator[RenderableType]:
    players = [p["name"] for p in report["game"]["players"]]
    strategies = {p["name"]: p["strategies"] for p in report["game"]["players"]}
    dominated = {(d["player"], d["strategy"]) for d in report["dominated"]}
    cells = {tuple(c["profile"][p] for p in players): c for c in report["cells"]}
    title = report["game"]["title"] or "game"
    rows, cols = players[0], players[1]
    layers = strategies[players[2]] if len(players) == 3 else [None]
    if len(players) > 3:
        yield Text("(games with more than 3 players are listed profile by profile)")
        table = Table(title=title, title_justify="left")
        for p in players:
            table.add_column(p)
        table.add_column("payoffs (" + ", ".join(players) + ")")
        for key, cell in cells.items():
            table.add_row(*key, _cell_text(cell, players, True))
        yield table
    else:
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
        for p in report["parameters"]:
            span = "" if p["min"] is None and p["max"] is None else f"[{_opt(p['min'])}, {_opt(p['max'])}]"
            value = fmt(p["value"]) + ("" if p["value"] == p["default"] else f" (default {fmt(p['default'])})")
            table.add_row(p["name"], value, span, p["description"])
        yield table
    for d in report["dominated"]:
        yield Text(f"{d['player']}'s {d['strategy']} is strictly dominated by {d['by']} "
                   f"(round {d['round']} of iterated elimination)", style="dim")


def _opt(x: float | None) -> str:
    return "" if x is None else fmt(x)


def check_view(report: dict) -> RenderableType:
    lints = report["lints"]
    head = Text(f"{report['file']}: valid ({len(report['game']['players'])} players, "
                f"{' x '.join(str(len(p['strategies'])) for p in report['game']['players'])})")
    if not lints:
        return Group(head, Text("no lint warnings"))
    table = Table(title=f"{len(lints)} lint warning(s)", title_justify="left")
    table.add_column("line", justify="right")
    table.add_column("code")
    table.add_column("message")
    for x in lints:
        table.add_row("" if x["line"] is None else str(x["line"]), x["code"], x["message"])
    return Group(head, table)


def list_view(report: dict) -> RenderableType:
    table = Table(title="bundled scenarios", title_justify="left")
    for column in ("name", "title", "players", "size", "parameters"):
        table.add_column(column)
    for s in report["scenarios"]:
        table.add_row(s["name"], s["title"], ", ".join(s["players"]),
                      " x ".join(map(str, s["shape"])), str(len(s["parameters"])))
    return table


def show_markdown(report: dict) -> str:
    """The payoff matrix as Markdown tables (one per third-player strategy)."""
    players = [p["name"] for p in report["game"]["players"]]
    strategies = {p["name"]: p["strategies"] for p in report["game"]["players"]}
    cells = {tuple(c["profile"][p] for p in players): c for c in report["cells"]}
    out: list[str] = []
    if len(players) > 3:
        out.append("| " + " | ".join(players) + " | payoffs |")
        out.append("|" + "---|" * (len(players) + 1))
        for key, cell in cells.items():
            out.append("| " + " | ".join(key) + " | " + _md_cell(cell, players) + " |")
        return "\n".join(out) + "\n"
    layers = strategies[players[2]] if len(players) == 3 else [None]
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
        value = cell["exact"][p] if cell["exact"] else fmt(cell["payoffs"][p])
        parts.append(value + ("\\*" if p in cell["best_response"] else ""))
    return ", ".join(parts)


def solve_markdown(report: dict) -> str:
    players = [p["name"] for p in report["game"]["players"]]
    lines = ["| # | " + " | ".join(players) + " | " + " | ".join(f"{p} payoff" for p in players) + " | type |",
             "|---|" + "---|" * (2 * len(players) + 1)]
    for i, eq in enumerate(report["equilibria"]):
        exact = eq["exact"]
        cells = [_mixed(eq["strategies"][p], exact[p] if exact else None) for p in players]
        pays = [(eq["exact_payoffs"][p] if eq["exact_payoffs"] else fmt(eq["payoffs"][p])) for p in players]
        kind = ("pure" if eq["pure"] else "mixed") + (", strict" if eq["strict"] else "")
        lines.append(f"| {i + 1} | " + " | ".join(cells + pays) + f" | {kind} |")
    return "\n".join(lines) + "\n"


def outcome_label(outcome: dict) -> str:
    """``Engage, Hedge, Deepen`` for a pure profile; ``US mixes {A, B}`` style for a support."""
    if outcome["profile"] is not None:
        return ", ".join(outcome["profile"].values())
    parts = []
    for player, support in outcome["support"].items():
        parts.append(support[0] if len(support) == 1 else f"{player} mixes {{{', '.join(support)}}}")
    return "; ".join(parts)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def robust_view(report: dict) -> RenderableType:
    title = report["game"]["title"] or "game"
    uncertain = ", ".join(u["name"] for u in report["uncertain"]) or "none"
    noise = f"; payoff noise {fmt(report['payoff_noise'])}" if report["payoff_noise"] else ""
    kind = "pure equilibrium" if report["pure_only"] else "equilibrium"
    article = "a" if report["pure_only"] else "an"
    table = Table(title=f"{title}: {report['samples']:,} samples (seed {report['seed']}); uncertain: "
                        f"{uncertain}{noise}", title_justify="left",
                  caption=f"share of samples in which the outcome is {article} {kind}, with 95% Wilson interval")
    for column, justify in (("outcome", "left"), ("share", "right"), ("95% interval", "right")):
        table.add_column(column, justify=justify)
    for o in report["outcomes"]:
        table.add_row(outcome_label(o), _pct(o["share"]), f"{_pct(o['ci'][0])} – {_pct(o['ci'][1])}")
    parts: list[RenderableType] = [table]
    lo, hi = report["unique_ci"]
    parts.append(Text(f"unique equilibrium in {_pct(report['unique_share'])} of samples "
                      f"({_pct(lo)} – {_pct(hi)}); no {kind} in {_pct(report['no_equilibrium_share'])}"))
    if report["sensitivity"]:
        sens = Table(title="sensitivity: first-order index (0 = no effect, 1 = decides alone)",
                     title_justify="left")
        sens.add_column("parameter")
        sens.add_column("index", justify="right")
        for s in report["sensitivity"]:
            sens.add_row(s["parameter"], f"{s['index']:.3f}")
        parts.append(sens)
    structures = Table(title="sets of equilibria, by frequency", title_justify="left")
    structures.add_column("equilibria")
    structures.add_column("share", justify="right")
    for s in report["structures"][:10]:
        structures.add_row(" | ".join(outcome_label(o) for o in s["outcomes"]) or "(none)", _pct(s["share"]))
    parts.append(structures)
    return Group(*parts)


def robust_markdown(report: dict) -> str:
    lines = ["| outcome | share | 95% interval |", "|---|---:|---:|"]
    for o in report["outcomes"]:
        lines.append(f"| {outcome_label(o)} | {_pct(o['share'])} | {_pct(o['ci'][0])} – {_pct(o['ci'][1])} |")
    lines.append("")
    lines.append(f"Unique equilibrium in {_pct(report['unique_share'])} of {report['samples']:,} samples "
                 f"(seed {report['seed']}).")
    if report["sensitivity"]:
        lines += ["", "| parameter | first-order index |", "|---|---:|"]
        lines += [f"| {s['parameter']} | {s['index']:.3f} |" for s in report["sensitivity"]]
    return "\n".join(lines) + "\n"
