"""The views of ``wedge bargain`` (docs/cli.md): the Nash, Kalai-Smorodinsky and egalitarian
deals as a table, with the disagreement and ideal points and the Pareto frontier.

Takes the ``wedge.bargain/1`` dict of :mod:`wedge_cli.report.bargain` (docs/json.md), so a
person sees what ``--json`` gives a machine.
"""

from __future__ import annotations

from fractions import Fraction

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.text.labels import parameters_line
from wedge_cli.text.numbers import exact_or_rounded, rounded_text

_SOLUTIONS = (("nash", "Nash"), ("kalai_smorodinsky", "Kalai-Smorodinsky"), ("egalitarian", "egalitarian"))


def _value(point: dict, player: str) -> str:
    return point["exact"][player] if point.get("exact") else rounded_text(point["payoffs"][player])


def _gain(report: dict, point: dict, player: str) -> str:
    d = report["disagreement"]
    if point.get("exact") and d.get("exact"):
        return str(Fraction(point["exact"][player]) - Fraction(d["exact"][player]))
    return rounded_text(point["gains"][player])


def _mix(point: dict) -> str:
    parts = []
    for m in point["mix"]:
        profile = "(" + ", ".join(m["profile"]) + ")"
        weight = exact_or_rounded(m["weight"], m["exact_weight"])
        parts.append(profile if len(point["mix"]) == 1 else f"{profile} {weight}")
    return " + ".join(parts)


def _bargain_lines(report: dict) -> list[str]:
    players = [p["name"] for p in report["game"]["players"]]
    d = report["disagreement"]
    lines = [
        f"disagreement point ({d['source']}): " + ", ".join(f"{p} {_value(d, p)}" for p in players),
        "ideal point (each side's best deal): " + ", ".join(f"{p} {_value(report['ideal'], p)}" for p in players),
        "Pareto frontier: " + " -> ".join("(" + ", ".join(c["profile"]) + ") = ("
                                          + ", ".join(_value(c, p) for p in players) + ")"
                                          for c in report["feasible"]["pareto_frontier"]),
    ]
    if not report["egalitarian"]["equal_gains"]:
        lines.append("no efficient point gives equal gains: the egalitarian row is the leximin point")
    lines.append("the egalitarian solution compares the players' payoff units; Nash and Kalai-Smorodinsky do not")
    return lines


def bargain_view(report: dict) -> RenderableType:
    """The three bargaining solutions as a table, with the disagreement and ideal points."""
    players = [p["name"] for p in report["game"]["players"]]
    title = report["game"]["title"] or "game"
    table = Table(title=f"{title}: bargaining solutions", title_justify="left",
                  caption="reached by the mix of outcomes shown (a lottery, or taking turns)")
    table.add_column("solution")
    for p in players:
        table.add_column(p, justify="right")
    for p in players:
        table.add_column(f"{p} gain", justify="right")
    table.add_column("outcome mix")
    for key, label in _SOLUTIONS:
        point = report[key]
        table.add_row(label, *[_value(point, p) for p in players],
                      *[_gain(report, point, p) for p in players], _mix(point))
    parts: list[RenderableType] = [table]
    if report["parameters"]:
        parts.append(Text(parameters_line(report["parameters"]), style="dim"))
    parts.extend(Text(line, style="dim") for line in _bargain_lines(report))
    return Group(*parts)


def bargain_markdown(report: dict) -> str:
    players = [p["name"] for p in report["game"]["players"]]
    lines = ["| solution | " + " | ".join(players) + " | " + " | ".join(f"{p} gain" for p in players)
             + " | outcome mix |", "|---|" + "---|" * (2 * len(players) + 1)]
    for key, label in _SOLUTIONS:
        point = report[key]
        lines.append(f"| {label} | " + " | ".join(_value(point, p) for p in players) + " | "
                     + " | ".join(_gain(report, point, p) for p in players) + f" | {_mix(point)} |")
    lines.append("")
    lines.extend(f"- {line}" for line in _bargain_lines(report))
    return "\n".join(lines) + "\n"
