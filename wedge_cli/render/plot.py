"""Sweep plots with matplotlib (an optional extra: ``pip install '.[plot]'``).

Takes the ``wedge.sweep/1`` report dict, like :mod:`wedge_cli.render.sweep`, so the
picture shows exactly what ``--json`` reports. matplotlib is imported only
when a plot is asked for; the Figure API is used without pyplot, so no GUI
backend is ever touched.

1-D: one panel with each player's equilibrium payoff and one panel per player
with its strategy probabilities, against the swept parameter; one line per
equilibrium branch (equilibria with the same supports), regimes as shaded
bands, thresholds as dashed vertical lines. 2-D: the region map with a legend
and the located boundary crossings.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import numpy as np

from wedge_cli.files import AtomicFile
from wedge_cli.model import WedgeError

FORMATS = (".png", ".svg")

#: Colours of regimes (bands, map regions) and lines, in order; shared with :mod:`wedge_cli.render.tree_plot`.
BAND_COLOURS = ("#4e79a7", "#59a14f", "#e15759", "#edc948", "#b07aa1", "#76b7b2", "#f28e2b", "#ff9da7",
                 "#9c755f", "#bab0ac")
_LINE_STYLES = ("-", "--", ":", "-.")

#: Text properties that make matplotlib draw a string as written: names and titles come from
#: users' files, and matplotlib would otherwise read ``$...$`` as mathtext ("Pay $5bn or $6bn"
#: loses its dollars; "$^" fails to parse and aborts the plot) or hand it to LaTeX when
#: ``text.usetex`` is set in the user's matplotlibrc.
VERBATIM = {"parse_math": False, "usetex": False}


def figure_class():
    """matplotlib's ``Figure`` class (used without pyplot: no GUI backend), or a WedgeError with the install command."""
    try:
        import matplotlib  # noqa: F401  # lazy: matplotlib is an optional extra, imported only for --plot
        from matplotlib.figure import Figure  # lazy: matplotlib is an optional extra
    except ImportError:
        raise WedgeError(
            "--plot needs matplotlib, which is not installed",
            hint="install the plot extra: pip install 'wedge-cli[plot]' (in a checkout: pip install '.[plot]')",
        ) from None
    return Figure


def require_matplotlib() -> None:
    """Fail now, with the install command, when matplotlib is missing (before a long sweep starts)."""
    figure_class()


def check_suffix(path: str | Path, example: str) -> Path:
    """``path`` as a Path when it ends in ``.png`` or ``.svg``; else a WedgeError (``--plot EXAMPLE.png``)."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise WedgeError(
            f"cannot plot to {str(path)!r}: the file name must end in .png or .svg",
            hint=f"for example --plot {example}.png or --plot {example}.svg",
        )
    return path


def save_figure(fig, path: Path) -> Path:
    """Write ``fig`` in the format of ``path``'s suffix, in one step (no half-written file on failure)."""
    kind = path.suffix.lower()[1:]
    # the same sweep gives the same bytes: no creation date, fixed SVG element ids
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    import matplotlib  # lazy: matplotlib is an optional extra

    with AtomicFile(path, binary=True) as handle, matplotlib.rc_context({"svg.hashsalt": "wedge"}):
        fig.savefig(handle, format=kind, dpi=120, bbox_inches="tight", metadata=metadata)
    return path


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def map_letter(k: int) -> str:
    """The letter of regime ``k`` in a map's legend: the terminal map's letter (``+`` past the 62nd)."""
    return _LETTERS[k] if k < len(_LETTERS) else "+"


def axis_label(axis: dict, width: int = 100) -> str:
    """A swept parameter's axis label: its name and description, wrapped to ``width`` characters."""
    text = axis["name"] if not axis["description"] else f"{axis['name']}: {axis['description']}"
    return "\n".join(textwrap.wrap(text, width)) or axis["name"]


def verbatim_legend(legend) -> None:
    """Legend entries (player, strategy and regime names) drawn as written, like every other text."""
    for text in legend.get_texts():
        text.update(VERBATIM)


def _branch(eq: dict, players: list[str]) -> tuple:
    return tuple(tuple(eq["support"][p]) for p in players)


def _branch_label(branch: tuple, players: list[str]) -> str:
    if all(len(s) == 1 for s in branch):
        return "(" + ", ".join(s[0] for s in branch) + ")"
    return "mixed (" + "; ".join(f"{p}: {'+'.join(s)}" for p, s in zip(players, branch)) + ")"


def plot_sweep(report: dict, path: str | Path) -> Path:
    """Write the sweep plot to ``path`` (``.png`` or ``.svg``, chosen by the suffix).

    Raises
    ------
    WedgeError
        Unsupported suffix, matplotlib missing, or the file cannot be written.
    """
    path = check_suffix(path, "sweep")
    figure = figure_class()
    fig = _plot_1d(figure, report) if report["dimensions"] == 1 else _plot_2d(figure, report)
    return save_figure(fig, path)


def _bands(ax, report: dict) -> None:
    for k, r in enumerate(report["regimes"]):
        ax.axvspan(r["from"], r["to"], color=BAND_COLOURS[k % len(BAND_COLOURS)], alpha=0.12, linewidth=0)
    for t in report["thresholds"]:
        ax.axvline(t["value"], color="black", linestyle="--", linewidth=0.8)


def _plot_1d(figure_class, report: dict):
    players = [p["name"] for p in report["game"]["players"]]
    strategies = {p["name"]: p["strategies"] for p in report["game"]["players"]}
    axis = report["swept"][0]
    name = axis["name"]
    xs = [pt["values"][name] for pt in report["points"]]
    branches: list[tuple] = []
    for pt in report["points"]:
        if pt["regime"] is None:  # a threshold or isolated value: not part of a branch
            continue
        for eq in pt["equilibria"]:
            b = _branch(eq, players)
            if b not in branches:
                branches.append(b)
    fig = figure_class(figsize=(11, 2.6 * (len(players) + 1)), layout="constrained")
    axes = fig.subplots(len(players) + 1, 1, sharex=True)
    title = report["game"]["title"] or "game"
    axes[0].set_title(f"{title}\nequilibrium payoffs and strategies against {name}", fontsize=10, **VERBATIM)
    colours = [BAND_COLOURS[i % len(BAND_COLOURS)] for i in range(max(len(players), 1))]
    for ax in axes:
        _bands(ax, report)
    for bi, branch in enumerate(branches):
        style = _LINE_STYLES[bi % len(_LINE_STYLES)]
        series = {p: [] for p in players}
        probs = {(p, s): [] for p in players for s in strategies[p]}
        for pt in report["points"]:
            eq = None if pt["regime"] is None else next(
                (e for e in pt["equilibria"] if _branch(e, players) == branch), None)
            for p in players:
                series[p].append(math.nan if eq is None else eq["payoffs"][p])
                for s in strategies[p]:
                    probs[(p, s)].append(math.nan if eq is None else eq["strategies"][p][s])
        for pi, p in enumerate(players):
            axes[0].plot(xs, series[p], style, color=colours[pi], linewidth=1.4,
                         label=f"{p}, {_branch_label(branch, players)}" if len(branches) > 1 else p)
            for si, s in enumerate(strategies[p]):
                axes[pi + 1].plot(xs, probs[(p, s)], style, color=BAND_COLOURS[si % len(BAND_COLOURS)],
                                  linewidth=1.4, label=s if bi == 0 else None)
    axes[0].set_ylabel("equilibrium payoff")
    verbatim_legend(axes[0].legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0)))
    for pi, p in enumerate(players):
        ax = axes[pi + 1]
        ax.set_ylabel(f"{p}: probability", **VERBATIM)
        ax.set_ylim(-0.05, 1.05)
        verbatim_legend(ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0)))
    for t in report["thresholds"]:
        label = f"{name} = {t['exact']}" if t["exact"] is not None else f"{name} ≈ {t['value']:.4g}"
        axes[0].annotate(label, xy=(t["value"], 1.0), xycoords=("data", "axes fraction"),
                         xytext=(2, -10), textcoords="offset points", fontsize=7, rotation=90, va="top",
                         **VERBATIM)
    axes[-1].set_xlabel(axis_label(axis), **VERBATIM)
    return fig


def draw_map(ax, swept: list[dict], cells: list[list[int | None]], colours: list[str]) -> None:
    """Colour each grid cell of a 2-D sweep: ``cells[i][j]`` (first parameter's value i, second's j) indexes
    ``colours``; None leaves the cell blank. The cells are centred on the grid values."""
    from matplotlib.colors import ListedColormap  # lazy: matplotlib is an optional extra

    ax0, ax1 = swept
    grid = np.array([[np.nan if k is None else k for k in row] for row in cells], dtype=float)
    dx = (ax0["values"][-1] - ax0["values"][0]) / max(1, len(ax0["values"]) - 1) / 2
    dy = (ax1["values"][-1] - ax1["values"][0]) / max(1, len(ax1["values"]) - 1) / 2
    extent = (ax0["values"][0] - dx, ax0["values"][-1] + dx, ax1["values"][0] - dy, ax1["values"][-1] + dy)
    ax.imshow(np.ma.masked_invalid(grid.T), origin="lower", extent=extent, aspect="auto", interpolation="nearest",
              cmap=ListedColormap(colours), vmin=-0.5, vmax=len(colours) - 0.5)


def draw_boundary(ax, report: dict, label: str) -> None:
    """The 2-D report's thresholds (located along grid lines, each with its ``where``) as black dots."""
    ax0, ax1 = report["swept"]
    xs, ys = [], []
    for t in report["thresholds"]:
        if t["parameter"] == ax0["name"]:
            xs.append(t["value"])
            ys.append(t["where"][ax1["name"]])
        else:
            xs.append(t["where"][ax0["name"]])
            ys.append(t["value"])
    if xs:
        ax.scatter(xs, ys, s=2, color="black", label=label)


def _plot_2d(figure_class, report: dict):
    from matplotlib.patches import Patch  # lazy: matplotlib is an optional extra

    ax0, ax1 = report["swept"]
    n = max(1, len(report["regimes"]))
    colours = [BAND_COLOURS[k % len(BAND_COLOURS)] for k in range(n)]
    fig = figure_class(figsize=(13, 7), layout="constrained")
    ax = fig.subplots()
    draw_map(ax, report["swept"], report["map"], colours)
    draw_boundary(ax, report, "boundary")
    handles = [Patch(color=colours[k], label=f"{map_letter(k)}: " + "\n".join(textwrap.wrap(r["label"], 70)))
               for k, r in enumerate(report["regimes"])]
    verbatim_legend(ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0)))
    ax.set_xlabel(axis_label(ax0, 80), **VERBATIM)
    ax.set_ylabel(axis_label(ax1, 60), **VERBATIM)
    ax.set_title(f"{report['game']['title'] or 'game'}: equilibrium regimes", fontsize=10, **VERBATIM)
    return fig
