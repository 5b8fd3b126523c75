"""The views of ``wedge robust`` (docs/cli.md, docs/robust.md): outcome shares with their
95% intervals, the sensitivity indices and the 2x2 types by frequency, as rich and Markdown.

Takes the ``wedge.robust/1`` dict of :mod:`wedge_cli.report.robust` (docs/json.md).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wedge_cli.text.labels import outcome_label
from wedge_cli.text.numbers import index_text, parameter_text, share_interval_text, share_text


def _sensitivity_table(report: dict) -> Table:
    sens = Table(title="sensitivity: first-order index (0 = no effect, 1 = decides alone)", title_justify="left")
    sens.add_column("parameter")
    sens.add_column("index", justify="right")
    for s in report["sensitivity"]:
        sens.add_row(s["parameter"], index_text(s["index"]))
    return sens


def _sensitivity_markdown(report: dict) -> list[str]:
    if not report["sensitivity"]:
        return []
    return ["", "| parameter | first-order index |", "|---|---:|",
            *(f"| {s['parameter']} | {index_text(s['index'])} |" for s in report["sensitivity"])]


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
        table.add_row(outcome_label(o), share_text(o["share"]), share_interval_text(o["ci"]))
    parts: list[RenderableType] = [table]
    parts.append(Text(f"unique equilibrium in {share_text(report['unique_share'])} of samples "
                      f"({share_interval_text(report['unique_ci'])}); no {kind} in {share_text(report['no_equilibrium_share'])}"))
    if report["sensitivity"]:
        parts.append(_sensitivity_table(report))
    if report["classification"]:
        types = Table(title="2x2 game type (Robinson-Goforth family), by frequency", title_justify="left")
        types.add_column("family")
        types.add_column("share", justify="right")
        types.add_column("95% interval", justify="right")
        for t in report["classification"]:
            types.add_row(t["family"], share_text(t["share"]), share_interval_text(t["ci"]))
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
        lines.append(f"| {outcome_label(o)} | {share_text(o['share'])} | {share_interval_text(o['ci'])} |")
    lines.append("")
    lines.append(f"Unique equilibrium in {share_text(report['unique_share'])} of {report['samples']:,} samples "
                 f"(seed {report['seed']}).")
    lines += _sensitivity_markdown(report)
    return "\n".join(lines) + "\n"


def _existence_table(report: dict) -> Table:
    """Perfect Bayesian equilibria: how often each one is among a draw's equilibria."""
    table = Table(title="how often each equilibrium exists", title_justify="left",
                  caption="share of samples in which it is a perfect Bayesian equilibrium (others may be too)")
    for column, justify in (("equilibrium", "left"), ("share", "right"), ("95% interval", "right")):
        table.add_column(column, justify=justify)
    for e in report["existence"]:
        table.add_row(e["label"], share_text(e["share"]), share_interval_text(e["ci"]))
    return table


def tree_robust_view(report: dict) -> RenderableType:
    """``wedge robust TREE``: the share of draws for each subgame-perfect path (or set of perfect Bayesian
    equilibria, and how often each exists), and the sensitivity indices."""
    title = report["game"]["title"] or "tree"
    uncertain = ", ".join(u["name"] for u in report["uncertain"]) or "none"
    noise = f"; payoff noise {parameter_text(report['payoff_noise'])}" if report["payoff_noise"] else ""
    pbe = report.get("concept") == "pbe"
    caption = ("share of samples with exactly this set of pure perfect Bayesian equilibria, with 95% Wilson interval"
               if pbe else "share of samples in which the path is the subgame-perfect path, with 95% Wilson interval")
    table = Table(title=f"{title}: {report['samples']:,} samples (seed {report['seed']}); uncertain: "
                        f"{uncertain}{noise}", title_justify="left", caption=caption)
    for column, justify in (("equilibria" if pbe else "path of play", "left"), ("share", "right"),
                            ("95% interval", "right")):
        table.add_column(column, justify=justify)
    for p in report["paths"]:
        table.add_row(p["label"], share_text(p["share"]), share_interval_text(p["ci"]))
    parts: list[RenderableType] = [table]
    if pbe:
        parts.append(_existence_table(report))
    elif report["tie_share"]:
        parts.append(Text(f"some mover is indifferent in {share_text(report['tie_share'])} of samples "
                          "(several subgame-perfect plans there)"))
    if report["sensitivity"]:
        parts.append(_sensitivity_table(report))
    return Group(*parts)


def tree_robust_markdown(report: dict) -> str:
    pbe = report.get("concept") == "pbe"
    lines = [f"| {'equilibria' if pbe else 'path of play'} | share | 95% interval |", "|---|---:|---:|"]
    lines += [f"| {p['label']} | {share_text(p['share'])} | {share_interval_text(p['ci'])} |" for p in report["paths"]]
    if pbe:
        lines += ["", "| equilibrium | exists in | 95% interval |", "|---|---:|---:|"]
        lines += [f"| {e['label']} | {share_text(e['share'])} | {share_interval_text(e['ci'])} |"
                  for e in report["existence"]]
    lines += ["", f"{report['samples']:,} samples (seed {report['seed']})."]
    lines += _sensitivity_markdown(report)
    return "\n".join(lines) + "\n"
