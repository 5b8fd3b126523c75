"""Plots of sweeps of game trees with matplotlib (``wedge sweep TREE --plot``; an optional extra).

Takes the ``wedge.tree_sweep/1`` report dict of :mod:`wedge_cli.report.tree_sweep`, as the
tables of :mod:`wedge_cli.render.tree_sweep` do, so the picture shows what ``--json``
reports. matplotlib is imported only when a plot is drawn, through the helpers of
:mod:`wedge_cli.render.plot` (Figure API, no pyplot, the same file checks and the same
reproducible bytes).

1-D: each player's expected payoff under the subgame-perfect plan at every grid point
(the report's ``points``), against the swept parameter; the stretches of one path of play
shaded, one colour per path, each numbered as in the regimes table; the thresholds as
dashed vertical lines labelled with their exact value and the nodes whose choice flips.
2-D: the grid coloured by path of play, the regime letters of the terminal map in the
legend, and the thresholds located along the grid lines as dots.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

from wedge_cli.render.plot import (BAND_COLOURS, VERBATIM, axis_label, check_suffix, draw_boundary, draw_map,
                                   figure_class, map_letter, save_figure, verbatim_legend)
from wedge_cli.text.labels import threshold_text

__all__ = ["plot_tree_sweep"]

#: Line colours of the players' payoffs (the band colours are the paths').
_PLAYER_COLOURS = ("#1f1f1f", "#d62728", "#1f77b4", "#9467bd", "#8c564b", "#17becf", "#7f7f7f", "#bcbd22")
_PLAYER_STYLES = ("-", "--", "-.", ":")


def plot_tree_sweep(report: dict, path: str | Path) -> Path:
    """Write the plot of a tree sweep to ``path`` (``.png`` or ``.svg``, chosen by the suffix).

    A 1-D report must list its points (``tree_sweep_report(..., include_points=True)``):
    they hold the payoffs drawn.

    Raises
    ------
    WedgeError
        Unsupported suffix, matplotlib missing, or the file cannot be written.
    ValueError
        A 1-D report without its points.
    """
    path = check_suffix(path, "sweep")
    figure = figure_class()
    if report["dimensions"] == 1:
        if not report["points_listed"]:
            raise ValueError("a 1-D tree sweep plot needs the report's points: make it with include_points=True")
        fig = _plot_line(figure, report)
    else:
        fig = _plot_map(figure, report)
    return save_figure(fig, path)


def _paths(report: dict) -> list[str]:
    """The distinct paths of play of the regimes, in order of first appearance: one colour each."""
    return list(dict.fromkeys(r["label"] for r in report["regimes"]))


def _colour(k: int) -> str:
    return BAND_COLOURS[k % len(BAND_COLOURS)]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def _flip_text(t: dict, pbe: bool = False) -> str:
    """``scope = 1/2 ≈ 0.5: signing, russia_after_signing``: where, and the nodes whose choice flips."""
    nodes = [f["node"] for f in t["flips"] if f["node"] is not None]
    if pbe:
        changes = sum(1 for f in t["flips"] if f["node"] is None)
        return f"{threshold_text(t)}: the equilibria change ({changes} appear or disappear)"
    return f"{threshold_text(t)}: " + (", ".join(nodes) if nodes else "the paths of play change")


def _words(report: dict) -> dict[str, str]:
    """The plot's wording for the concept swept: subgame-perfect plans or perfect Bayesian equilibria."""
    if report.get("concept") == "pbe":
        return {"title": "perfect Bayesian equilibria: payoffs of the first and the sets", "payoff": "the first "
                "perfect Bayesian equilibrium listed", "several": "several perfect Bayesian equilibria",
                "shaded": "the set of pure perfect Bayesian equilibria", "map": "sets of perfect Bayesian equilibria",
                "legend": "shaded: set of equilibria"}
    return {"title": "subgame-perfect payoffs and paths of play", "payoff": "the subgame-perfect plan",
            "several": "several subgame-perfect equilibria", "shaded": "the path of play",
            "map": "paths of play of the subgame-perfect plan", "legend": "shaded: path of play"}


def _broken(a: dict, b: dict, name: str, cuts: list[float]) -> bool:
    """Whether the payoff lines break between neighbouring grid points ``a`` and ``b``: their plans differ
    or, for points without a plan (information sets of several nodes: each point's first equilibrium,
    labelled with its regime), a threshold lies between them or on one of them."""
    if a["plan"] or b["plan"]:
        return a["plan"] != b["plan"]
    return a["label"] != b["label"] or any(a["values"][name] <= t <= b["values"][name] for t in cuts)


def _fixed_text(report: dict) -> str:
    fixed = ", ".join(f"{k} = {v}" for k, v in report["fixed_text"].items())
    return f"other parameters: {fixed}" if fixed else ""


def _plot_line(figure_class, report: dict):
    players = list(report["game"]["players"])
    axis = report["swept"]
    name = axis["name"]
    points = report["points"]
    paths = _paths(report)
    fig = figure_class(figsize=(11, 5.5), layout="constrained")
    ax = fig.subplots()
    title = report["game"]["title"] or "game tree"
    words = _words(report)
    ax.set_title(f"{_wrap(title, 110)}\n{words['title']} against {name}", fontsize=10, **VERBATIM)
    for k, r in enumerate(report["regimes"]):
        ax.axvspan(r["from"], r["to"], color=_colour(paths.index(r["label"])), alpha=0.16, linewidth=0)
        ax.annotate(str(k + 1), xy=((r["from"] + r["to"]) / 2, 0.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom", fontsize=7, color="#444444")
    for t in report["thresholds"]:
        ax.axvline(t["value"], color="black", linestyle="--", linewidth=0.8)
        ax.annotate(_flip_text(t, report.get("concept") == "pbe"), xy=(t["value"], 1.0), xycoords=("data", "axes fraction"), xytext=(2, -4),
                    textcoords="offset points", fontsize=7, rotation=90, va="top", ha="left",
                    bbox={"facecolor": "white", "alpha": 0.75, "edgecolor": "none", "pad": 1}, **VERBATIM)
    # one line per player, broken between grid points where the plan changes: a jump is not a slope
    xs: list[float] = []
    ys: dict[str, list[float]] = {p: [] for p in players}
    cuts = [t["value"] for t in report["thresholds"]]
    previous = None
    for point in points:
        if previous is not None and _broken(previous, point, name, cuts):
            xs.append(math.nan)
            for p in players:
                ys[p].append(math.nan)
        previous = point
        xs.append(point["values"][name])
        for p in players:
            ys[p].append(math.nan if point["payoffs"] is None else point["payoffs"][p])
    several = [pt for pt in points if pt["several_equilibria"] and pt["payoffs"] is not None]
    for i, p in enumerate(players):
        colour = _PLAYER_COLOURS[i % len(_PLAYER_COLOURS)]
        ax.plot(xs, ys[p], _PLAYER_STYLES[i % len(_PLAYER_STYLES)], color=colour, linewidth=1.5, marker=".",
                markersize=3, label=p)
        if several:
            ax.plot([pt["values"][name] for pt in several], [pt["payoffs"][p] for pt in several], "o",
                    markerfacecolor="none", markeredgecolor=colour, markersize=6, linewidth=0)
    from matplotlib.lines import Line2D  # lazy: matplotlib is an optional extra
    from matplotlib.patches import Patch  # lazy: matplotlib is an optional extra

    handles, _ = ax.get_legend_handles_labels()
    numbers = {label: [str(k + 1) for k, r in enumerate(report["regimes"]) if r["label"] == label] for label in paths}
    handles += [Patch(color=_colour(k), alpha=0.35,
                      label=_wrap(f"{label} ({'regime' if len(numbers[label]) == 1 else 'regimes'} "
                                  f"{', '.join(numbers[label])})", 60))
                for k, label in enumerate(paths)]
    if several:
        handles.append(Line2D([], [], marker="o", markerfacecolor="none", markeredgecolor="black", linewidth=0,
                              label=words["several"]))
    verbatim_legend(ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                              title=f"payoffs; {words['legend']}", title_fontsize=7))
    ax.set_ylabel(f"expected payoff ({words['payoff']})")
    ax.set_xlabel(axis_label(axis), **VERBATIM)
    ax.set_xlim(axis["start"], axis["stop"])
    caption = (f"lines: each player's expected payoff under {words['payoff']} at each grid point; "
               f"shaded: {words['shaded']}, numbered as the regimes of the table; dashed: thresholds"
               + ("" if report.get("concept") == "pbe" else ", with the nodes whose choice flips"))
    if several:
        caption += f"; ringed: grid points with {words['several']}, drawn with {_drawn(report)}"
    caption += f"; {_fixed_text(report)}" if report["fixed_text"] else ""
    fig.text(0.0, -0.01, _wrap(caption, 160), ha="left", va="top", fontsize=7, **VERBATIM)
    return fig


def _drawn(report: dict) -> str:
    """Which equilibrium's payoffs a point with several is drawn with, as the report's points give them."""
    if any(r["equilibrium_paths"] is not None or r.get("equilibria") is not None for r in report["regimes"]):
        return "the first one found"
    return "the plan that takes the first best action (in the file's order) where a mover is indifferent"


def _plot_map(figure_class, report: dict):
    from matplotlib.patches import Patch  # lazy: matplotlib is an optional extra

    ax0, ax1 = report["swept"]
    paths = _paths(report)
    kind = [paths.index(r["label"]) for r in report["regimes"]]
    colours = [_colour(k) for k in range(max(1, len(paths)))]
    fig = figure_class(figsize=(13, 7), layout="constrained")
    ax = fig.subplots()
    draw_map(ax, report["swept"], [[kind[k] for k in row] for row in report["map"]], colours)
    draw_boundary(ax, report, "threshold")
    handles = []
    for k, label in enumerate(paths):
        letters = ", ".join(map_letter(j) for j, r in enumerate(report["regimes"]) if r["label"] == label)
        handles.append(Patch(color=colours[k], label=f"{letters}: {_wrap(label, 70)}"))
    if report["thresholds"]:
        handles += ax.get_legend_handles_labels()[0]
    verbatim_legend(ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                              title=("set of equilibria" if report.get("concept") == "pbe" else "path of play")
                              + " (regimes, as in the terminal map)", title_fontsize=7))
    ax.set_xlabel(axis_label(ax0, 80), **VERBATIM)
    ax.set_ylabel(axis_label(ax1, 60), **VERBATIM)
    title = report["game"]["title"] or "game tree"
    ax.set_title(f"{_wrap(title, 110)}\n{_words(report)['map']}", fontsize=10, **VERBATIM)
    if report.get("concept") == "pbe":
        caption = ("each grid point coloured by its set of pure perfect Bayesian equilibria (the set strictly "
                   "inside its regime along the grid line); dots: thresholds located exactly along the grid lines")
    else:
        caption = ("each grid point coloured by the path of play of its subgame-perfect plan (the first best action "
                   "where a mover is indifferent); dots: thresholds located exactly along the grid lines, where the "
                   "plan changes, on the path or off it")
    caption += f"; {_fixed_text(report)}" if report["fixed_text"] else ""
    fig.text(0.0, -0.01, _wrap(caption, 160), ha="left", va="top", fontsize=7, **VERBATIM)
    return fig
