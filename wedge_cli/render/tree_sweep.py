"""The views of ``wedge sweep`` on a game tree: regimes of one subgame-perfect plan, and the
thresholds in words, naming the node whose choice flips (docs/trees.md, docs/cli.md).

Takes the ``wedge.tree_sweep/1`` dict of :mod:`wedge_cli.report.tree_sweep`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.text.labels import threshold_text
from wedge_cli.text.numbers import exact_or_rounded

__all__ = ["tree_sweep_markdown", "tree_sweep_view"]


def _range(r: dict) -> str:
    return f"{exact_or_rounded(r['from'], r['from_exact'])} to {exact_or_rounded(r['to'], r['to_exact'])}"


MAX_OFF_PATH = 4
"""Most off-path choices a regime's row lists (the JSON has them all)."""


def _off_path(r: dict) -> str:
    items = [f"{c['player']}: {c['action']} at {c['node']}" for c in r["off_path"]]
    if len(items) > MAX_OFF_PATH:
        items = items[:MAX_OFF_PATH] + [f"… {len(r['off_path']) - MAX_OFF_PATH} more"]
    return "; ".join(items) if items else "-"


def _caption(report: dict) -> str:
    fixed = ", ".join(f"{k} = {v}" for k, v in report["fixed_text"].items())
    return "subgame-perfect plan in each range; at a threshold both neighbouring plans are subgame perfect" + (
        f"; other parameters: {fixed}" if fixed else "")


def _threshold_lines(report: dict) -> list[str]:
    lines = []
    for t in report["thresholds"]:
        lines.append(f"at {threshold_text(t)}:")
        lines.extend(f"    {f['player']} switches from {f['before']} to {f['after']} at {f['node']}" for f in t["flips"])
    return lines


def tree_sweep_view(report: dict) -> RenderableType:
    """The regimes table (range, path of play) and the thresholds in words."""
    name = report["swept"]["name"]
    title = report["game"]["title"] or "tree"
    n = len(report["regimes"])
    table = Table(title=f"{title}: {n} regime{'s' if n != 1 else ''} of {name}", caption=_caption(report),
                  title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(name)
    table.add_column("path of play")
    table.add_column("off the path (what the plan rests on)")
    for k, r in enumerate(report["regimes"]):
        table.add_row(str(k + 1), _range(r), r["label"], _off_path(r))
    parts: list[RenderableType] = [table]
    lines = _threshold_lines(report)
    if lines:
        parts.append(Text("thresholds:", style="bold"))
        parts.extend(Text("  " + line) for line in lines)
    else:
        parts.append(Text("no threshold: the subgame-perfect plan is the same over the whole range"))
    return Group(*parts)


def tree_sweep_markdown(report: dict) -> str:
    """The regimes and thresholds as Markdown (user text already escaped by the caller)."""
    name = report["swept"]["name"]
    out = [f"**{report['game']['title'] or 'tree'}**: {_caption(report)}.", "",
           f"| # | {name} | path of play | off the path |", "|---|---|---|---|"]
    out += [f"| {k + 1} | {_range(r)} | {r['label']} | {_off_path(r)} |" for k, r in enumerate(report["regimes"])]
    out.append("")
    lines = _threshold_lines(report)
    if lines:
        out += ["Thresholds:", ""]
        out += [f"  - {line.strip()}" if line.startswith("    ") else f"- {line}" for line in lines]
    else:
        out.append("No threshold: the subgame-perfect plan is the same over the whole range.")
    return "\n".join(out) + "\n"
