"""The views of ``wedge solve`` (docs/cli.md): the equilibria table with its flags and the
one-line summaries of dominance, security levels and the 2x2 type, as rich and Markdown.

Takes the ``wedge.solve/1`` dict of :mod:`wedge_cli.report.solve`, so a person sees what
``--json`` gives a machine (docs/json.md).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.budget import MAX_TABLE_ROWS
from wedge_cli.text.labels import equilibria_caption, mix_text, more_rows_line, parameters_line
from wedge_cli.text.numbers import exact_or_rounded, rounded_text


def solve_view(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> RenderableType:
    players = [p["name"] for p in report["game"]["players"]]
    title = report["game"]["title"] or "game"
    n = len(report["equilibria"])
    table = Table(title=f"{title}: {equilibria_caption(report)}", caption=f"method {report['method']}", title_justify="left")
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
    shown = report["equilibria"] if max_rows is None else report["equilibria"][:max_rows]
    for i, eq in enumerate(shown):
        exact = eq["exact"]
        row = [str(i + 1)]
        row += [mix_text(eq["strategies"][p], exact[p] if exact else None) for p in players]
        row += [(eq["exact_payoffs"][p] if eq["exact_payoffs"] else rounded_text(eq["payoffs"][p])) for p in players]
        flags = ["pure" if eq["pure"] else "mixed"]
        if eq["strict"]:
            flags.append("strict")
        comp, size = component_of.get(i, (None, 1))
        if size > 1:
            flags.append(f"component {comp + 1}")
        row.append(", ".join(flags + _selection_flags(eq, n)))
        table.add_row(*row)
    if n == 0:
        table.add_row("-", *["no equilibrium found" if j == 0 else "" for j in range(2 * len(players) + 1)])
    parts: list[RenderableType] = [table]
    if len(shown) < n:
        parts.append(Text(more_rows_line(len(shown), n, "equilibria"), style="dim"))
    if report["parameters"]:
        parts.append(Text(parameters_line(report["parameters"]), style="dim"))
    parts.extend(Text(line, style="dim") for line in _analysis_lines(report))
    return Group(*parts)


def _selection_flags(eq: dict, count: int) -> list[str]:
    """``efficient``, ``payoff-dominant``, ``risk-dominant`` (the new keys of wedge.solve/1)."""
    flags = []
    if eq.get("pareto_efficient", {}).get("among_outcomes"):
        flags.append("efficient")
    if count > 1 and eq.get("payoff_dominant"):
        flags.append("payoff-dominant")
    if eq.get("risk_dominant"):
        flags.append("risk-dominant")
    return flags


def _by_text(d: dict) -> str:
    exact = d.get("by_exact")
    if d["pure"]:
        return next(iter(d["by"]))
    return "the mix " + ", ".join(f"{s} {exact[s] if exact else rounded_text(w)}" for s, w in d["by"].items())


def _analysis_lines(report: dict) -> list[str]:
    """One-line summaries of the 2x2 type, dominance and security levels in a solve report."""
    lines = []
    c = report.get("classification")
    if c is not None:
        lines.append(f"2x2 ordinal type: {c['name']}")
    dominance = report.get("dominance")
    if dominance is not None:
        gone = [f"{d['player']}'s {d['strategy']} (by {_by_text(d)}, round {d['round']})"
                for d in dominance["eliminated"]]
        lines.append("strictly dominated: " + ("; ".join(gone) if gone else "none"))
        weak = [f"{d['player']}'s {d['strategy']} (by {_by_text(d)})" for d in dominance["weakly_dominated"]]
        if weak:
            lines.append("weakly dominated: " + "; ".join(weak))
    security = report.get("security")
    if security:
        parts = []
        for name, s in security.items():
            value = exact_or_rounded(s["value"], s["exact"])
            strategy = s["exact_strategy"] or {k: rounded_text(v) for k, v in s["strategy"].items()}
            how = next(iter(strategy)) if len(strategy) == 1 else ", ".join(f"{k} {v}" for k, v in strategy.items())
            parts.append(f"{name} {value} ({how})")
        lines.append("security levels (maxmin): " + "; ".join(parts))
    return lines


def solve_markdown(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> str:
    players = [p["name"] for p in report["game"]["players"]]
    lines = ["| # | " + " | ".join(players) + " | " + " | ".join(f"{p} payoff" for p in players) + " | type |",
             "|---|" + "---|" * (2 * len(players) + 1)]
    shown = report["equilibria"] if max_rows is None else report["equilibria"][:max_rows]
    for i, eq in enumerate(shown):
        exact = eq["exact"]
        cells = [mix_text(eq["strategies"][p], exact[p] if exact else None) for p in players]
        pays = [(eq["exact_payoffs"][p] if eq["exact_payoffs"] else rounded_text(eq["payoffs"][p])) for p in players]
        kind = ("pure" if eq["pure"] else "mixed") + (", strict" if eq["strict"] else "")
        kind += "".join(", " + f for f in _selection_flags(eq, len(report["equilibria"])))
        lines.append(f"| {i + 1} | " + " | ".join(cells + pays) + f" | {kind} |")
    if len(shown) < len(report["equilibria"]):
        lines.extend(["", more_rows_line(len(shown), len(report["equilibria"]), "equilibria")])
    extra = _analysis_lines(report)
    if extra:
        lines.append("")
        lines.extend(f"- {line}" for line in extra)
    return "\n".join(lines) + "\n"
