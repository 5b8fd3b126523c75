"""The views of ``wedge sweep`` (docs/cli.md, docs/sweep.md): 1-D regimes and thresholds in
words, the 2-D region map with its legend, every grid point (``--points``), Markdown and CSV.

Takes the ``wedge.sweep/1`` dict of :mod:`wedge_cli.report.sweep` (docs/json.md); the plots
are :mod:`wedge_cli.render.plot`.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.text.labels import mix_text, range_text, threshold_lines
from wedge_cli.text.numbers import parameter_text, rounded_text, share_text

MAP_COLOURS = _REGIME_COLOURS = ("blue", "green", "red", "yellow", "magenta", "cyan", "bright_blue", "bright_green",
                   "bright_red", "bright_yellow", "bright_magenta", "bright_cyan", "white", "grey50")
_REGIME_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def regime_letter(k: int | None) -> str:
    """The letter that stands for regime ``k`` in maps (``·`` for none)."""
    if k is None:
        return "·"
    return _REGIME_LETTERS[k] if k < len(_REGIME_LETTERS) else "+"


def _prob_text(eq: dict, player: str, strategy: str) -> str:
    if eq["exact"] is not None:
        return eq["exact"][player][strategy]
    return rounded_text(eq["strategies"][player][strategy])


def _same_support(a: dict, b: dict) -> bool:
    return a["support"] == b["support"]


def _end_match(end: dict, index: int, regime: list[dict]) -> dict | None:
    """The equilibrium at a regime end that continues ``regime[index]``.

    Limits are listed in the regime's order, so the same position. Other ends list the
    equilibria found at a point inside the regime: the k-th of a support there
    continues the k-th of that support in the regime (two may share a support).
    """
    if end["limit"]:
        return end["equilibria"][index] if index < len(end["equilibria"]) else None
    eq = regime[index]
    rank = sum(_same_support(e, eq) for e in regime[:index])
    same = [e for e in end["equilibria"] if _same_support(e, eq)]
    return same[rank] if rank < len(same) else None


def _equilibrium_words(players: list[str], ends: list[dict], index: int, regime: list[dict]) -> str:
    """Equilibrium ``regime[index]`` in words, with its probabilities at the regime's ends."""
    eq = regime[index]
    if eq["pure"]:
        return "(" + ", ".join(eq["support"][p][0] for p in players) + ")"
    matches = [_end_match(end, index, regime) for end in ends] if ends else []
    parts = []
    for p in players:
        support = eq["support"][p]
        if len(support) == 1:
            parts.append(f"{p} {support[0]}")
            continue
        probs = []
        for s in support:
            if len(matches) == 2 and all(m is not None for m in matches):
                a, b = (_prob_text(m, p, s) for m in matches)
                probs.append(f"{s} {a}" if a == b else f"{s} {a}→{b}")
            else:
                probs.append(f"{s} {_prob_text(eq, p, s)}")
        parts.append(f"{p} " + ", ".join(probs))
    text = "mixed: " + "; ".join(parts)
    if len(matches) == 2 and all(m is not None for m in matches) and not all(end["limit"] for end in ends):
        # not limits at the range's ends: say where the probabilities were taken
        text += " (at " + " and ".join(parameter_text(end["value"]) for end in ends) + ")"
    return text


def _regime_equilibria(r: dict, players: list[str]) -> str:
    if not r["equilibria"]:
        return r["label"]
    return "\n".join(_equilibrium_words(players, r["ends"], k, r["equilibria"]) for k in range(len(r["equilibria"])))


def _sweep_caption(report: dict) -> str:
    swept = report["swept"]
    ranges = ", ".join(f"{a['name']} from {a['exact']['start']} to {a['exact']['stop']} in {a['steps']} steps"
                       for a in swept)
    kind = "pure equilibria only" if report["pure_only"] else "all extreme equilibria"
    how = {"exact": "thresholds exact (critical polynomials)", "bisection": "thresholds by bisection",
           "grid": "map at grid resolution, boundaries refined along grid lines"}[report["analysis"]]
    return f"{ranges}; {kind}; {how}"


def sweep_view(report: dict) -> RenderableType:
    """1-D: the regimes table and the thresholds in words; 2-D: the region map and legend."""
    if report["dimensions"] == 2:
        return sweep_map_view(report)
    players = [p["name"] for p in report["game"]["players"]]
    name = report["swept"][0]["name"]
    title = report["game"]["title"] or "game"
    n = len(report["regimes"])
    table = Table(title=f"{title}: {n} regime{'s' if n != 1 else ''} of {name}", caption=_sweep_caption(report),
                  title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(name)
    table.add_column("equilibria (mixed: probabilities at the range's ends)")
    table.add_column("grid points", justify="right")
    for k, r in enumerate(report["regimes"]):
        table.add_row(str(k + 1), range_text(r), _regime_equilibria(r, players), str(r["points"]))
    parts: list[RenderableType] = [table]
    lines = threshold_lines(report)
    if lines:
        parts.append(Text("thresholds:", style="bold"))
        parts.extend(Text("  " + line) for line in lines)
    else:
        parts.append(Text("no threshold: the equilibrium structure is the same over the whole range"))
    return Group(*parts)


def sample_indices(size: int, limit: int):
    """At most ``limit`` evenly spread indices of ``range(size)``, ends included (a map that fits the screen)."""
    import numpy as np  # lazy: wedge list loads the render face (tables) and must not load numpy

    if size <= limit:
        return list(range(size))
    return sorted({int(round(v)) for v in np.linspace(0, size - 1, limit)})


def sweep_map_view(report: dict, max_cols: int = 64, max_rows: int = 32) -> RenderableType:
    """2-D region map: one coloured letter per grid point (downsampled to fit), with a legend."""
    ax0, ax1 = report["swept"]
    grid = report["map"]
    rows = sample_indices(len(ax1["values"]), max_rows)[::-1]  # second parameter upwards
    cols = sample_indices(len(ax0["values"]), max_cols)
    label_width = max(len(rounded_text(v)) for v in ax1["values"])
    lines = [Text(f"{report['game']['title'] or 'game'}: regimes over {ax0['name']} x {ax1['name']}", style="bold")]
    lines.append(Text(f"{ax1['name']} ↑", style="dim"))
    for j in rows:
        line = Text(rounded_text(ax1["values"][j]).rjust(label_width) + " ")
        for i in cols:
            k = grid[i][j]
            colour = _REGIME_COLOURS[k % len(_REGIME_COLOURS)] if k is not None else "default"
            line.append(regime_letter(k), style=f"bold black on {colour}" if k is not None else "")
        lines.append(line)
    left = rounded_text(ax0["values"][0])
    right = rounded_text(ax0["values"][-1])
    axis = " " * (label_width + 1) + left + " " * max(1, len(cols) - len(left) - len(right)) + right
    lines.append(Text(axis))
    lines.append(Text(" " * (label_width + 1) + f"{ax0['name']} →", style="dim"))
    if len(rows) < len(ax1["values"]) or len(cols) < len(ax0["values"]):
        lines.append(Text(f"(showing {len(cols)} x {len(rows)} of {len(ax0['values'])} x {len(ax1['values'])} "
                          "grid points; --json has them all)", style="dim"))
    legend = Table(title="regimes", title_justify="left", caption=_sweep_caption(report))
    legend.add_column("")
    legend.add_column("share of grid", justify="right")
    legend.add_column("equilibria")
    total = sum(r["points"] for r in report["regimes"]) or 1
    for k, r in enumerate(report["regimes"]):
        colour = _REGIME_COLOURS[k % len(_REGIME_COLOURS)]
        legend.add_row(Text(regime_letter(k), style=f"bold black on {colour}"),
                       share_text(r["points"] / total), r["label"])
    parts: list[RenderableType] = [*lines, legend]
    n = len(report["thresholds"])
    if n:
        exact = sum(1 for t in report["thresholds"] if t["exact"] is not None)
        parts.append(Text(f"{n} boundary crossings located along grid lines ({exact} exact); see --json "
                          "'thresholds' for each", style="dim"))
    return Group(*parts)


def _point_equilibria(point: dict, players: list[str]) -> str:
    out = []
    for eq in point["equilibria"]:
        if eq["pure"]:
            out.append("(" + ", ".join(eq["support"][p][0] for p in players) + ")")
        else:
            exact = eq["exact"]
            out.append("mixed: " + "; ".join(f"{p} " + mix_text(eq["strategies"][p], exact[p] if exact else None)
                                              for p in players))
    return "\n".join(out) if out else point["label"]


def _point_payoffs(point: dict, players: list[str]) -> str:
    out = []
    for eq in point["equilibria"]:
        pays = eq["exact_payoffs"] if eq["exact_payoffs"] else {p: rounded_text(eq["payoffs"][p]) for p in players}
        out.append(", ".join(str(pays[p]) for p in players))
    return "\n".join(out)


def sweep_points_view(report: dict) -> RenderableType:
    """Every grid point with its equilibria (``--points``)."""
    players = [p["name"] for p in report["game"]["players"]]
    names = [a["name"] for a in report["swept"]]
    table = Table(title=f"{report['game']['title'] or 'game'}: equilibria at {len(report['points'])} grid points",
                  caption=_sweep_caption(report), title_justify="left")
    for name in names:
        table.add_column(name, justify="right")
    table.add_column("regime", justify="right")
    table.add_column("equilibria")
    table.add_column("payoffs (" + ", ".join(players) + ")", justify="right")
    for point in report["points"]:
        regime = point["regime"]
        if regime is None:
            shown = "-"
        else:
            shown = regime_letter(regime) if report["dimensions"] == 2 else str(regime + 1)
        table.add_row(*[rounded_text(point["values"][n]) for n in names], shown,
                      _point_equilibria(point, players), _point_payoffs(point, players))
    return table


def sweep_markdown(report: dict, points: bool = False) -> str:
    """Regimes and thresholds (1-D) or legend and map (2-D) as Markdown."""
    players = [p["name"] for p in report["game"]["players"]]
    out = [f"**{report['game']['title'] or 'game'}**: {_sweep_caption(report)}.", ""]
    if points:
        names = [a["name"] for a in report["swept"]]
        out.append("| " + " | ".join(names) + " | regime | equilibria |")
        out.append("|" + "---|" * (len(names) + 2))
        for point in report["points"]:
            regime = point["regime"]
            eqs = _point_equilibria(point, players).replace("\n", "<br>")
            out.append("| " + " | ".join(rounded_text(point["values"][n]) for n in names)
                       + f" | {'-' if regime is None else regime + 1} | {eqs} |")
        return "\n".join(out) + "\n"
    if report["dimensions"] == 1:
        name = report["swept"][0]["name"]
        out.append(f"| # | {name} | equilibria | grid points |")
        out.append("|---|---|---|---|")
        for k, r in enumerate(report["regimes"]):
            eqs = _regime_equilibria(r, players).replace("\n", "<br>")
            out.append(f"| {k + 1} | {range_text(r)} | {eqs} | {r['points']} |")
        out.append("")
        lines = threshold_lines(report)
        if lines:
            out.append("Thresholds:")
            out.append("")
            out.extend(f"- {line.strip()}" if not line.startswith("    ") else f"  - {line.strip()}" for line in lines)
        else:
            out.append("No threshold: the equilibrium structure is the same over the whole range.")
    else:
        out.append("| regime | share of grid | equilibria |")
        out.append("|---|---|---|")
        total = sum(r["points"] for r in report["regimes"]) or 1
        for k, r in enumerate(report["regimes"]):
            out.append(f"| {regime_letter(k)} | {share_text(r['points'] / total)} | {r['label']} |")
        ax0, ax1 = report["swept"]
        rows = sample_indices(len(ax1["values"]), 32)[::-1]
        cols = sample_indices(len(ax0["values"]), 64)
        out.append("")
        out.append(f"Map: {ax0['name']} from {parameter_text(ax0['values'][0])} (left) to "
                   f"{parameter_text(ax0['values'][-1])} (right), {ax1['name']} from {parameter_text(ax1['values'][-1])} "
                   f"(top) to {parameter_text(ax1['values'][0])} (bottom).")
        out.append("")
        out.append("```")
        for j in rows:
            out.append("".join(regime_letter(report["map"][i][j]) for i in cols))
        out.append("```")
    for w in report["warnings"]:
        out.append("")
        out.append(f"> warning: {w['message']}")
    return "\n".join(out) + "\n"


def sweep_csv_header(report: dict) -> list[str]:
    players = report["game"]["players"]
    head = [a["name"] for a in report["swept"]] + ["regime", "equilibrium"]
    head += [f"{p['name']}:{s}" for p in players for s in p["strategies"]]
    head += [f"{p['name']} payoff" for p in players]
    return head + ["pure", "exact", "label"]


def sweep_csv_rows(report: dict, points) -> Iterator[list[str]]:
    """CSV rows (after the header): one per grid point per equilibrium; a point without equilibria gets one row."""
    players = report["game"]["players"]
    names = [a["name"] for a in report["swept"]]
    two_d = report["dimensions"] == 2
    for point in points:
        regime = point["regime"]
        head = [repr(point["values"][n]) for n in names]
        head.append("" if regime is None else (regime_letter(regime) if two_d else str(regime + 1)))
        if not point["equilibria"]:
            yield head + [""] * (1 + sum(len(p["strategies"]) for p in players) + len(players) + 2) + [point["label"]]
            continue
        for k, eq in enumerate(point["equilibria"]):
            row = head + [str(k + 1)]
            row += [repr(eq["strategies"][p["name"]][s]) for p in players for s in p["strategies"]]
            row += [repr(eq["payoffs"][p["name"]]) for p in players]
            row += ["true" if eq["pure"] else "false", "true" if eq["exact"] is not None else "false", point["label"]]
            yield row
