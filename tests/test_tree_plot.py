"""`wedge sweep TREE --plot`: the picture of a tree sweep shows the JSON report's payoffs, paths and thresholds.

Oracles: the JSON report of the same sweep (what the plot must show: its regimes' paths of play,
its thresholds and the nodes that flip, its points' payoffs), and the payoffs of the outcomes
written out by hand from RATIFY (what the points must hold).
"""

from __future__ import annotations

import importlib
import json
import sys
import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from test_tree_sweep import RATIFY
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app

TREE = "two-level-ratification-sequential"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, list(args))


def svg_text(path) -> str:
    """Every text of an SVG written with svg.fonttype 'none' (text kept as text), one per line."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return "\n".join("".join(e.itertext()) for e in root.iter(f"{SVG}text"))


def plot_svg(runner, tmp_path, *args) -> tuple[str, dict]:
    """Plot ``wedge sweep ARGS`` to an SVG with its text kept as text; the SVG's texts and the same sweep's JSON."""
    matplotlib = pytest.importorskip("matplotlib")
    svg = tmp_path / "sweep.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        result = run(runner, "sweep", *args, "--plot", str(svg))
    assert result.exit_code == 0, result.stderr
    report = run(runner, "sweep", *args, "--json")
    assert report.exit_code == 0, report.stderr
    return svg_text(svg), json.loads(report.stdout)


def test_1d_plot_shows_the_reports_paths_of_play_thresholds_and_flipping_nodes(runner, tmp_path):
    texts, report = plot_svg(runner, tmp_path, TREE, "--param", "scope")
    labels = {r["label"] for r in report["regimes"]}
    assert len(labels) == 2 and len(report["thresholds"]) == 3
    for label in labels:
        numbers = ", ".join(str(k + 1) for k, r in enumerate(report["regimes"]) if r["label"] == label)
        assert f"{label} (regime{'s' if ',' in numbers else ''} {numbers})" in texts
    for t in report["thresholds"]:
        nodes = ", ".join(f["node"] for f in t["flips"])
        assert f"scope = {t['exact']} ≈ {t['value']:g}: {nodes}" in texts
    for player in report["game"]["players"]:
        assert player in texts.splitlines()
    assert "scope: Scope of the deal" in texts  # the axis: the parameter and its description


def test_1d_plot_writes_a_png(runner, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "sweep.png"
    result = run(runner, "sweep", TREE, "--param", "scope=0.1:1:18", "--plot", str(png))
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Sign → Deliver → Acquiesce" in result.stdout  # the table is printed as without --plot


def test_points_hold_the_payoffs_of_the_outcome_the_plan_reaches(runner, write):
    """RATIFY's outcomes by hand: inside (1/2, 5/8) the deal holds, (10s, 3 - 8s, 6s - 3); elsewhere the status quo."""
    result = run(runner, "sweep", write(RATIFY), "--param", "scope=0.1:1:36", "--json", "--points")
    assert result.exit_code == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert len(points) == 37
    on_threshold = 0
    for point in points:
        s = point["values"]["scope"]
        deal = {"Administration": 10 * s, "Congress": 3 - 8 * s, "Russia": 6 * s - 3}
        status_quo = {"Administration": 0, "Congress": 0, "Russia": 0}
        if any(abs(s - t) < 1e-9 for t in (0.25, 0.5, 0.625)):  # a mover ties: both neighbours' plans are SPE
            on_threshold += 1
            assert point["several_equilibria"] is True, s
            assert point["payoffs"] in (pytest.approx(deal, abs=1e-9), pytest.approx(status_quo, abs=1e-9)), s
            continue
        want = deal if 0.5 < s < 0.625 else status_quo
        assert point["payoffs"] == pytest.approx(want, abs=1e-12), s
        assert point["several_equilibria"] is False, s
    assert on_threshold == 3


def test_the_lines_drawn_are_the_points_payoffs(runner, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    import math

    plot = importlib.import_module("wedge_cli.render.tree_plot")
    drawn = []
    real = plot.save_figure
    monkeypatch.setattr(plot, "save_figure", lambda fig, path: drawn.append(fig) or real(fig, path))
    args = ("sweep", TREE, "--param", "scope=0.1:1:18")
    assert run(runner, *args, "--plot", str(tmp_path / "s.svg")).exit_code == 0
    points = json.loads(run(runner, *args, "--json", "--points").stdout)["points"]
    (ax,) = drawn[0].axes
    lines = {line.get_label(): line for line in ax.get_lines()}
    for player in ("Administration", "Congress", "Russia"):
        xs, ys = lines[player].get_xdata(), lines[player].get_ydata()
        kept = [(x, y) for x, y in zip(xs, ys) if not math.isnan(x)]
        assert kept == [(p["values"]["scope"], p["payoffs"][player]) for p in points]
        # broken (NaN) exactly where the plan changes between neighbouring grid points
        changes = sum(1 for a, b in zip(points, points[1:]) if a["plan"] != b["plan"])
        assert sum(1 for x in xs if math.isnan(x)) == changes > 0


def test_a_point_with_several_equilibria_is_ringed_and_the_legend_says_which_is_drawn(runner, tmp_path, write):
    # Congress votes without seeing whether Russia delivered: three equilibria inside (1/2, 5/8)
    text = RATIFY.replace('id = "after_delivery"\nplayer = "Congress"', 'id = "after_delivery"\nplayer = "Congress"\ninfoset = "c"')
    text = text.replace('id = "after_stall"\nplayer = "Congress"', 'id = "after_stall"\nplayer = "Congress"\ninfoset = "c"')
    texts, report = plot_svg(runner, tmp_path, write(text), "--param", "scope=0.1:1:18")
    assert "several subgame-perfect equilibria" in texts.splitlines()  # the legend
    caption = " ".join(texts.split())
    assert "ringed: grid points with several subgame-perfect equilibria, drawn with the first one found" in caption
    assert any(" | " in r["label"] for r in report["regimes"])
    assert len(report["thresholds"]) == 2
    for t in report["thresholds"]:  # located by bisection: no node, approximate
        assert t["exact"] is None and f"scope ≈ {t['value']:.10g}"[:12] in texts
    assert texts.count("the paths of play change") == 2


def test_2d_map_names_each_path_of_play_with_the_terminal_maps_letters(runner, tmp_path):
    texts, report = plot_svg(runner, tmp_path, TREE, "--param", "scope=0.1:1:9", "--param", "block_cost=-3:8:11")
    assert report["dimensions"] == 2
    labels = list(dict.fromkeys(r["label"] for r in report["regimes"]))
    assert len(labels) == 3 and len(report["regimes"]) > len(labels)  # plans that share a path share a colour
    letters = "ABCDEFG"
    for label in labels:
        mine = ", ".join(letters[k] for k, r in enumerate(report["regimes"]) if r["label"] == label)
        assert f"{mine}: {label}" in texts
    assert "scope: Scope of the deal" in texts and "block_cost: Net cost" in texts
    assert "threshold" in texts.splitlines()


DOLLARS = (('title = "$ and €"\n' + RATIFY).replace('"Congress"', '"Con$x^$"')
           .replace("Sign = ", '"Pay $5bn" = ').replace("Shelve = ", '"Pay $6bn" = '))


@pytest.mark.parametrize("params", [["scope"], ["scope=0.1:1:4", "scope2"]], ids=["1-D", "2-D"])
def test_user_text_is_drawn_as_written(runner, tmp_path, write, params):
    text = DOLLARS + "[parameters.scope2]\nvalue = 0\nmin = 0\nmax = 1\n"
    text = text.replace('"-4 * scope", -2, -3]', '"-4 * scope", "-2 - scope2", -3]')
    args = [arg for p in params for arg in ("--param", p)]
    texts, _ = plot_svg(runner, tmp_path, write(text), *args)
    assert "$ and €" in texts  # the title, without mathtext
    assert "Pay $5bn" in texts and "Pay $6bn" in texts  # the paths of play
    if len(params) == 1:
        assert "Con$x^$" in texts.splitlines()  # a player: '$x^$' does not parse as mathtext


@pytest.mark.parametrize("target, message", [
    ("sweep.gif", "must end in .png or .svg"),
    ("sweep", "must end in .png or .svg"),
    ("no/such/folder/sweep.svg", "does not exist"),
])
@pytest.mark.parametrize("params", [["scope"], ["scope", "block_cost"]], ids=["1-D", "2-D"])
def test_a_plot_that_cannot_be_written_fails_before_sweeping(runner, tmp_path, monkeypatch, target, message, params):
    tree = importlib.import_module("wedge_cli.sweep.tree")
    monkeypatch.setattr(tree, "sweep_tree", lambda *a, **k: pytest.fail("swept although the plot cannot be written"))
    monkeypatch.setattr(tree, "sweep_tree_map", lambda *a, **k: pytest.fail("swept although the plot cannot be written"))
    if message == "does not exist":
        pytest.importorskip("matplotlib")  # the folder is checked after matplotlib
    path = tmp_path / target
    result = run(runner, "sweep", TREE, *[arg for p in params for arg in ("--param", p)], "--plot", str(path))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert message in " ".join(result.stderr.split()) and "Traceback" not in result.stderr
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_without_matplotlib_it_says_how_to_install_it_before_sweeping(runner, tmp_path, monkeypatch):
    tree = importlib.import_module("wedge_cli.sweep.tree")
    monkeypatch.setattr(tree, "sweep_tree", lambda *a, **k: pytest.fail("swept although the plot cannot be drawn"))
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    result = run(runner, "sweep", TREE, "--param", "scope", "--plot", str(tmp_path / "s.png"))
    assert result.exit_code == ExitCode.INVALID_INPUT and result.stdout == ""
    assert "--plot needs matplotlib" in result.stderr and "pip install 'wedge-cli[plot]'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_plot_leaves_the_old_file(runner, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    target = tmp_path / "sweep.svg"
    target.write_bytes(b"old picture")

    def half_then_full_disk(self, handle, **kwargs):
        handle.write(b"<svg half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", half_then_full_disk)
    result = run(runner, "sweep", TREE, "--param", "scope=0.1:1:9", "--plot", str(target))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert f"cannot write {target}: No space left on device" in result.stderr
    assert target.read_bytes() == b"old picture" and [p.name for p in tmp_path.iterdir()] == ["sweep.svg"]


def test_the_same_sweep_gives_the_same_bytes(runner, tmp_path):
    pytest.importorskip("matplotlib")
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for target in (first, second):
        assert run(runner, "sweep", TREE, "--param", "scope=0.1:1:18", "--plot", str(target)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_the_tree_plot_module_loads_matplotlib_only_to_plot():
    import subprocess

    code = ("import sys\nimport wedge_cli.render.tree_plot, wedge_cli.report.tree_sweep, wedge_cli.sweep.tree\n"
            "bad = [m for m in sys.modules if m.split('.')[0] == 'matplotlib']\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_perfect_bayesian_sweep_is_drawn_with_its_own_words(runner, tmp_path):
    texts, report = plot_svg(runner, tmp_path, "reassurance", "--param", "signal_cost=0:40:40")
    assert report["concept"] == "pbe"
    assert "perfect Bayesian equilibria: payoffs of the first and the sets against signal_cost" in texts
    assert "subgame-perfect" not in texts
    for t in report["thresholds"]:
        changes = sum(1 for f in t["flips"] if f["node"] is None)
        assert f"signal_cost = {t['exact']}: the equilibria change ({changes} appear or disappear)" in texts
