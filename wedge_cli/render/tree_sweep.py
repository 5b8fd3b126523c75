"""The views of ``wedge sweep`` on a game tree: regimes of one subgame-perfect plan, and the
thresholds in words, naming the node whose choice flips (docs/trees.md, docs/cli.md).

Takes the ``wedge.tree_sweep/1`` dict of :mod:`wedge_cli.report.tree_sweep`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.render.sweep import MAP_COLOURS, regime_letter, sample_indices
from wedge_cli.text.labels import threshold_text
from wedge_cli.text.numbers import exact_or_rounded, rounded_text, share_text

__all__ = ["tree_map_view", "tree_sweep_markdown", "tree_sweep_view"]


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
    head = ("pure perfect Bayesian equilibria in each range" if report.get("concept") == "pbe" else
            "subgame-perfect plan in each range; at a threshold both neighbouring plans are subgame perfect")
    return head + (f"; other parameters: {fixed}" if fixed else "")


def _what(report: dict) -> str:
    return "perfect Bayesian equilibria" if report.get("concept") == "pbe" else "subgame-perfect paths"


def _threshold_lines(report: dict) -> list[str]:
    lines = []
    for t in report["thresholds"]:
        lines.append(f"at {threshold_text(t)}:")
        lines.extend(f"    {f['player']} switches from {f['before']} to {f['after']} at {f['node']}" if f["node"] is not None
                     else f"    {'appears' if f['before'] is None else 'disappears'}: {f['after'] or f['before']}"
                     if f["before"] is None or f["after"] is None
                     else f"    the {_what(report)} change from {f['before']} to {f['after']}" for f in t["flips"])
    return lines


def tree_map_view(report: dict, max_cols: int = 64, max_rows: int = 32) -> RenderableType:
    """A 2-D tree sweep: one letter per grid point for its plan's regime (downsampled to fit), and a legend."""
    ax0, ax1 = report["swept"]
    rows = sample_indices(len(ax1["values"]), max_rows)[::-1]  # second parameter upwards
    cols = sample_indices(len(ax0["values"]), max_cols)
    width = max(len(rounded_text(v)) for v in ax1["values"])
    parts: list[RenderableType] = [
        Text(f"{report['game']['title'] or 'tree'}: "
             f"{'perfect Bayesian equilibria' if report.get('concept') == 'pbe' else 'subgame-perfect plans'} over "
             f"{ax0['name']} x {ax1['name']}",
             style="bold"), Text(f"{ax1['name']} ↑", style="dim")]
    for j in rows:
        line = Text(rounded_text(ax1["values"][j]).rjust(width) + " ")
        for i in cols:
            k = report["map"][i][j]
            line.append(regime_letter(k), style=f"bold black on {MAP_COLOURS[k % len(MAP_COLOURS)]}")
        parts.append(line)
    left, right = rounded_text(ax0["values"][0]), rounded_text(ax0["values"][-1])
    parts.append(Text(" " * (width + 1) + left + " " * max(1, len(cols) - len(left) - len(right)) + right))
    parts.append(Text(" " * (width + 1) + f"{ax0['name']} →", style="dim"))
    legend = Table(title="regimes", title_justify="left", caption=_caption(report))
    for column, justify in (("", "left"), ("share of grid", "right"), ("path of play", "left"),
                            ("off the path (what the plan rests on)", "left")):
        legend.add_column(column, justify=justify)
    total = sum(r["points"] for r in report["regimes"]) or 1
    for k, r in enumerate(report["regimes"]):
        legend.add_row(Text(regime_letter(k), style=f"bold black on {MAP_COLOURS[k % len(MAP_COLOURS)]}"),
                       share_text(r["points"] / total), r["label"], _off_path(r))
    parts.append(legend)
    n = len(report["thresholds"])
    if n:
        exact = sum(1 for t in report["thresholds"] if t["exact"] is not None)
        bisected = sum(1 for t in report["thresholds"] if t["method"] == "bisection")
        how = (f"{n - bisected} located exactly, {bisected} by bisection (approximate)" if bisected
               else f"located exactly ({exact} rational)")
        parts.append(Text(f"{n} thresholds along grid lines, {how}; see --json 'thresholds' for each", style="dim"))
    return Group(*parts)


def tree_sweep_view(report: dict) -> RenderableType:
    """The regimes table (range, path of play) and the thresholds in words; a 2-D sweep's map."""
    if report["dimensions"] == 2:
        return tree_map_view(report)
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
        parts.append(Text(f"no threshold: the {_what(report)} are the same over the whole range"))
    return Group(*parts)


def tree_sweep_markdown(report: dict) -> str:
    """The regimes and thresholds as Markdown (user text already escaped by the caller); 2-D: the legend."""
    if report["dimensions"] == 2:
        out = [f"**{report['game']['title'] or 'tree'}**: {_caption(report)}.", "",
               "| regime | share of grid | path of play | off the path |", "|---|---|---|---|"]
        total = sum(r["points"] for r in report["regimes"]) or 1
        out += [f"| {regime_letter(k)} | {share_text(r['points'] / total)} | {r['label']} | {_off_path(r)} |"
                for k, r in enumerate(report["regimes"])]
        return "\n".join(out) + "\n"
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
        out.append(f"No threshold: the {_what(report)} are the same over the whole range.")
    return "\n".join(out) + "\n"
