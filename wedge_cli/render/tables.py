"""Report dicts -> rich renderables (tables) and Markdown text.

Takes only the plain dicts of :mod:`wedge_cli.report.results`, so what a person sees is
what ``--json`` gives a machine. Best replies are marked with ``*`` (and bold on
a colour terminal) so the marks survive ``NO_COLOR`` and pipes.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.budget import MAX_TABLE_ROWS
from wedge_cli.text.labels import equilibria_caption, mix_text, more_rows_line, outcome_label, parameters_line, range_text, threshold_lines
from wedge_cli.text.numbers import exact_or_rounded, parameter_text, rounded_text, share_text


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


def check_view(report: dict, max_rows: int | None = MAX_TABLE_ROWS) -> RenderableType:
    lints = report["lints"]
    head = Text(f"{report['file']}: valid ({len(report['game']['players'])} players, "
                f"{' x '.join(str(len(p['strategies'])) for p in report['game']['players'])})")
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
        table.add_row(s["name"], s["title"], ", ".join(s["players"]),
                      " x ".join(map(str, s["shape"])), str(len(s["parameters"])))
    return table


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


def robust_view(report: dict) -> RenderableType:
    title = report["game"]["title"] or "game"
    uncertain = ", ".join(u["name"] for u in report["uncertain"]) or "none"
    noise = f"; payoff noise {parameter_text(report['payoff_noise'])}" if report["payoff_noise"] else ""
    kind = "pure equilibrium" if report["pure_only"] else "equilibrium"
    article = "a" if report["pure_only"] else "an"
    table = Table(title=f"{title}: {report['samples']:,} samples (seed {report['seed']}); uncertain: "
                        f"{uncertain}{noise}", title_justify="left",
                  caption=f"share of samples in which the outcome is {article} {kind}, with 95% Wilson interval")
    for column, justify in (("outcome", "left"), ("share", "right"), ("95% interval", "right")):
        table.add_column(column, justify=justify)
    for o in report["outcomes"]:
        table.add_row(outcome_label(o), share_text(o["share"]), f"{share_text(o['ci'][0])} – {share_text(o['ci'][1])}")
    parts: list[RenderableType] = [table]
    lo, hi = report["unique_ci"]
    parts.append(Text(f"unique equilibrium in {share_text(report['unique_share'])} of samples "
                      f"({share_text(lo)} – {share_text(hi)}); no {kind} in {share_text(report['no_equilibrium_share'])}"))
    if report["sensitivity"]:
        sens = Table(title="sensitivity: first-order index (0 = no effect, 1 = decides alone)",
                     title_justify="left")
        sens.add_column("parameter")
        sens.add_column("index", justify="right")
        for s in report["sensitivity"]:
            sens.add_row(s["parameter"], f"{s['index']:.3f}")
        parts.append(sens)
    if report["classification"]:
        types = Table(title="2x2 game type (Robinson-Goforth family), by frequency", title_justify="left")
        types.add_column("family")
        types.add_column("share", justify="right")
        types.add_column("95% interval", justify="right")
        for t in report["classification"]:
            types.add_row(t["family"], share_text(t["share"]), f"{share_text(t['ci'][0])} – {share_text(t['ci'][1])}")
        parts.append(types)
    structures = Table(title="sets of equilibria, by frequency", title_justify="left")
    structures.add_column("equilibria")
    structures.add_column("share", justify="right")
    for s in report["structures"][:10]:
        structures.add_row(" | ".join(outcome_label(o) for o in s["outcomes"]) or "(none)", share_text(s["share"]))
    parts.append(structures)
    return Group(*parts)


def robust_markdown(report: dict) -> str:
    lines = ["| outcome | share | 95% interval |", "|---|---:|---:|"]
    for o in report["outcomes"]:
        lines.append(f"| {outcome_label(o)} | {share_text(o['share'])} | {share_text(o['ci'][0])} – {share_text(o['ci'][1])} |")
    lines.append("")
    lines.append(f"Unique equilibrium in {share_text(report['unique_share'])} of {report['samples']:,} samples "
                 f"(seed {report['seed']}).")
    if report["sensitivity"]:
        lines += ["", "| parameter | first-order index |", "|---|---:|"]
        lines += [f"| {s['parameter']} | {s['index']:.3f} |" for s in report["sensitivity"]]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- sweep

_REGIME_COLOURS = ("blue", "green", "red", "yellow", "magenta", "cyan", "bright_blue", "bright_green",
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


def _sample_indices(size: int, limit: int):
    import numpy as np

    if size <= limit:
        return list(range(size))
    return sorted({int(round(v)) for v in np.linspace(0, size - 1, limit)})


def sweep_map_view(report: dict, max_cols: int = 64, max_rows: int = 32) -> RenderableType:
    """2-D region map: one coloured letter per grid point (downsampled to fit), with a legend."""
    ax0, ax1 = report["swept"]
    grid = report["map"]
    rows = _sample_indices(len(ax1["values"]), max_rows)[::-1]  # second parameter upwards
    cols = _sample_indices(len(ax0["values"]), max_cols)
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
        rows = _sample_indices(len(ax1["values"]), 32)[::-1]
        cols = _sample_indices(len(ax0["values"]), 64)
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
