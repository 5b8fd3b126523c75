"""`wedge sweep` on the command line: every format, plots, errors, exit codes."""

import csv
import importlib
import io
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sweep_games import MIXED_INTERVAL, NARROW, NO_RANGE, RELIEF_30_7
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, list(args))


def test_table_regimes_and_thresholds_in_words(runner, write):
    result = run(runner, "sweep", write(RELIEF_30_7), "--param", "relief=0:10:10")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "2 regimes of relief" in out
    assert "[0, 30/7)" in out and "(30/7, 10]" in out
    assert "relief = 30/7 ≈ 4.2857: Russia's equilibrium strategy changes StayWithChina -> Hedge" in out
    assert "\x1b[" not in out
    assert result.stderr == ""  # no warnings, no progress bar off a terminal


def test_table_mixed_probabilities_at_the_ends(runner, write):
    result = run(runner, "sweep", write(MIXED_INTERVAL), "--param", "t=0:3:4")
    assert result.exit_code == 0, result.stderr
    assert "mixed: Row r1 1/2, r2 1/2; Col c1 1→0, c2 0→1" in result.stdout
    assert "the equilibrium becomes mixed" in result.stdout


def test_json_schema_and_exact_thresholds(runner, write):
    result = run(runner, "sweep", write(NARROW), "--param", "t=0:1:10", "--json", "--points")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report)[0] == "schema" and report["schema"] == "wedge.sweep/2"
    for key in ("game", "dimensions", "swept", "fixed", "method", "pure_only", "analysis", "points", "regimes",
                "thresholds", "isolated", "map", "warnings"):
        assert key in report
    assert report["swept"][0]["name"] == "t" and len(report["swept"][0]["values"]) == 11
    assert [t["exact"] for t in report["thresholds"]] == ["1/3", "7/20"]
    assert [t["value"] for t in report["thresholds"]] == [1 / 3, 0.35]
    assert [r["label"] for r in report["regimes"]] == ["(r2, c2)", "(r1, c2)", "(r1, c1)"]
    assert report["regimes"][1]["points"] == 0 and report["regimes"][1]["from_exact"] == "1/3"
    first = report["thresholds"][0]
    assert first["change"] == "Row's equilibrium strategy changes r2 -> r1"
    assert first["before"] == "(r2, c2)" and first["after"] == "(r1, c2)"
    assert len(report["points"]) == 11
    point = report["points"][4]  # t = 0.4
    assert point["values"] == {"t": 0.4} and point["regime"] == 2 and point["solved_exactly"]
    assert point["equilibria"][0]["support"] == {"Row": ["r1"], "Col": ["c1"]}
    assert report["map"] == []


def test_json_point_equals_solve_json(runner, write):
    path = write(MIXED_INTERVAL)
    sweep = json.loads(run(runner, "sweep", path, "--param", "t=0:3:4", "--json").stdout)
    for point in sweep["points"]:
        value = Fraction(point["values"]["t"]).limit_denominator(100)
        solved = json.loads(run(runner, "solve", path, "--set", f"t={value}", "--json").stdout)
        keys = ("strategies", "exact", "payoffs", "exact_payoffs", "support", "pure", "strict", "regret")
        assert [{k: e[k] for k in keys} for e in point["equilibria"]] == [
            {k: e[k] for k in keys} for e in solved["equilibria"]]


def test_bundled_scenario_json(runner):
    result = run(runner, "sweep", "us-russia-china", "--param", "relief", "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    [t] = report["thresholds"]
    assert t["exact"] == "35/2" and t["value"] == 17.5
    assert t["change"].startswith("a pure equilibrium (Engage, Hedge, Deepen) appears")
    solved = json.loads(run(runner, "solve", "us-russia-china", "--json").stdout)
    assert report["pure_only"] is solved["pure_only"]
    assert ("only pure-strategy equilibria" in result.stderr) is solved["pure_only"]


def test_csv_one_row_per_point_per_equilibrium(runner):
    result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:4", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["cut", "regime"] and "US:Maintain" in header and "Europe payoff" in header
    report = json.loads(run(runner, "sweep", "us-europe", "--param", "cut=0:20:4", "--json", "--points").stdout)
    assert len(body) == sum(len(p["equilibria"]) for p in report["points"])
    mixed = [r for r in body if r[header.index("pure")] == "false"]
    assert mixed and all(float(r[header.index("US:Maintain")]) < 1 for r in mixed)
    assert body[0][0] == "0.0" and body[0][1] == ""  # cut = 0 is a degenerate single value


def test_markdown(runner, write):
    result = run(runner, "sweep", write(RELIEF_30_7), "--param", "relief=0:10:10", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("**test game**")
    assert "| # | relief | equilibria | grid points |" in lines
    assert "- relief = 30/7 ≈ 4.2857: Russia's equilibrium strategy changes StayWithChina -> Hedge" in lines


def test_approximate_thresholds_read_name_approx_value_not_equals_approx(runner):
    # ukraine-settlement's guarantee thresholds at 5/8 and 2/3 are found by bisection
    result = run(runner, "sweep", "ukraine-settlement", "--param", "guarantee", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "= ≈" not in result.stdout
    assert any(line.startswith("- guarantee ≈ 0.625 (bisection): ") for line in lines)
    assert any(line.startswith("  - at the threshold itself (guarantee ≈ 0.625): ") for line in lines)
    assert any(line.startswith("- guarantee = 3/4 ≈ 0.75: ") for line in lines)  # exact ones keep '='
    assert any(line.startswith("  - exactly at guarantee = 3/4: ") for line in lines)


def test_threshold_lines_say_approx_for_every_approximate_value():
    from wedge_cli.text.labels import threshold_lines

    def threshold(exact, algebraic, at):
        return {"parameter": "burden", "value": 2.5000000001, "exact": exact, "algebraic": algebraic,
                "where": {}, "change": "X appears", "at": at}

    report = {
        "thresholds": [threshold(None, "root of 4*burden**2 - 25 near 2.5", "X only"), threshold(None, None, None),
                       threshold("5/2", None, None)],
        "isolated": [{"parameter": "burden", "value": 0.1, "exact": None, "label": "Y"},
                     {"parameter": "burden", "value": 0.0, "exact": "0", "label": "Z"}],
    }
    assert threshold_lines(report) == [
        "burden ≈ 2.5 (root of 4*burden**2 - 25): X appears",
        "    at the threshold itself (burden ≈ 2.5): X only",
        "burden ≈ 2.5 (bisection): X appears",
        "burden = 5/2 ≈ 2.5: X appears",
        "burden ≈ 0.1 only: Y (a degenerate single value)",
        "burden = 0 only: Z (a degenerate single value)",
    ]


def test_points_table(runner, write):
    result = run(runner, "sweep", write(RELIEF_30_7), "--param", "relief=0:10:2", "--points")
    assert result.exit_code == 0
    assert "equilibria at 3 grid points" in result.stdout
    assert "(Engage, StayWithChina)" in result.stdout and "(Engage, Hedge)" in result.stdout


def test_two_dimensional_map_table_markdown_json(runner):
    args = ["sweep", "us-europe", "--param", "cut=0:20:10", "--param", "rearm_cost=1:15:7"]
    table = run(runner, *args)
    assert table.exit_code == 0, table.stderr
    assert "regimes over cut x rearm_cost" in table.stdout and "share of grid" in table.stdout
    md = run(runner, *args, "--format", "markdown")
    assert "```" in md.stdout and "| regime | share of grid | equilibria |" in md.stdout
    report = json.loads(run(runner, *args, "--json").stdout)
    assert report["dimensions"] == 2 and len(report["map"]) == 11 and len(report["map"][0]) == 8
    assert all(r["from"] is None and set(r["bounds"]) == {"cut", "rearm_cost"} for r in report["regimes"])
    crossing = next(t for t in report["thresholds"] if t["parameter"] == "cut" and t["exact"] not in ("0",))
    assert Fraction(crossing["exact"]) == Fraction(crossing["where"]["rearm_cost"]).limit_denominator(100)


def test_plot_png_and_svg(runner, tmp_path, write):
    png = tmp_path / "sweep.png"
    result = run(runner, "sweep", write(MIXED_INTERVAL), "--param", "t=0:3:30", "--plot", str(png))
    assert result.exit_code == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "map.svg"
    result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:10", "--param", "rearm_cost=1:15:7",
                 "--plot", str(svg), "--json")
    assert result.exit_code == 0, result.stderr
    import xml.etree.ElementTree as ET

    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    json.loads(result.stdout)


def svg_texts(path) -> list[str]:
    """Every text of an SVG written with svg.fonttype 'none' (text kept as text, not glyph paths)."""
    import xml.etree.ElementTree as ET

    return ["".join(e.itertext()) for e in ET.parse(path).iter("{http://www.w3.org/2000/svg}text")]


def test_plot_marks_approximate_thresholds_with_approx(runner, tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    svg = tmp_path / "guarantee.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        result = run(runner, "sweep", "ukraine-settlement", "--param", "guarantee", "--plot", str(svg))
    assert result.exit_code == 0, result.stderr
    texts = svg_texts(svg)
    assert "guarantee ≈ 0.625" in texts and "guarantee = 3/4" in texts  # bisection vs exact
    assert "guarantee = 0.625" not in texts


#: MIXED_INTERVAL with dollars in every user string that reaches the plot: the title (one '$'),
#: the strategies ('$5bn' ... '$6bn': a pair mathtext would typeset in italics, dropping both
#: '$') and the parameter's description ('$x^$', which mathtext cannot parse: the plot failed);
#: 'u' makes a 2-D map.
DOLLARS = (MIXED_INTERVAL.replace('title = "test game"', 'title = "$ and €"')
           .replace('"r1", "r2"', '"Pay $5bn", "Pay $6bn"').replace("the swept quantity", "cost $x^$")
           + '\n[parameters.u]\nvalue = 0\nmin = 0\nmax = 1\ndescription = "one $"\n')


@pytest.mark.parametrize("params", [["t=0:3:30"], ["t=0:3:6", "u=0:1:2"]], ids=["1-D", "2-D"])
def test_plot_shows_dollars_as_written(runner, tmp_path, write, params):
    matplotlib = pytest.importorskip("matplotlib")
    svg = tmp_path / "dollars.svg"
    args = [arg for p in params for arg in ("--param", p)]
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        result = run(runner, "sweep", write(DOLLARS), *args, "--plot", str(svg))
    assert result.exit_code == 0, result.stderr
    texts = "\n".join(svg_texts(svg))
    assert "$ and €" in texts  # the title
    assert "Pay $5bn" in texts and "Pay $6bn" in texts
    assert "t: cost $x^$" in texts
    if len(params) == 2:
        assert "u: one $" in texts


def test_plot_without_matplotlib(runner, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:4", "--plot", str(tmp_path / "x.png"))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert "needs matplotlib" in result.stderr and "pip install '.[plot]'" in result.stderr


@pytest.mark.parametrize("args, code, message", [
    (["--param", "cutt"], ExitCode.INVALID_INPUT, "did you mean 'cut'?"),
    (["--param", "cut=0:x"], ExitCode.INVALID_INPUT, "STOP 'x' is not a number"),
    (["--param", "cut=0:5:1:1"], ExitCode.INVALID_INPUT, "expected NAME=START:STOP"),
    (["--param", "cut=0:1:1000000"], ExitCode.TOO_LARGE, "more than the limit of 1,000,000"),
    (["--param", "cut", "--set", "cut=2"], ExitCode.INVALID_INPUT, "both swept"),
    (["--param", "cut", "--param", "rearm_cost", "--param", "us_stake"], ExitCode.INVALID_INPUT, "at most 2"),
    (["--param", "cut", "--plot", "out.gif"], ExitCode.INVALID_INPUT, "must end in .png or .svg"),
])
def test_errors(runner, args, code, message):
    result = run(runner, "sweep", "us-europe", *args)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    assert message in " ".join(result.stderr.split()) and "hint:" in result.stderr and "Traceback" not in result.stderr


def test_no_declared_range_error(runner, write):
    result = run(runner, "sweep", write(NO_RANGE), "--param", "t")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "no declared range" in result.stderr and "--param t=0:10:100" in result.stderr


def test_missing_param_is_usage_error(runner):
    assert run(runner, "sweep", "us-europe").exit_code == ExitCode.USAGE


def test_help_has_examples(runner):
    result = run(runner, "sweep", "-h")
    assert result.exit_code == 0 and "Examples" in result.stdout and "--param" in result.stdout


def test_sweep_and_plot_modules_load_matplotlib_only_to_plot():
    """matplotlib is an optional extra (typer and rich: tests/test_layers.py and test_cli.py walk every module)."""
    code = ("import sys\nimport wedge_cli.sweep.core, wedge_cli.sweep.forecast, wedge_cli.render.plot, wedge_cli.solve.batch\n"
            "bad = [m for m in sys.modules if m.split('.')[0] == 'matplotlib']\n"
            "assert not bad, bad\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_stdin(runner):
    result = runner.invoke(app, ["sweep", "-", "--param", "t=0:1:10", "--json"], input=NARROW)
    assert result.exit_code == 0, result.stderr
    assert [t["exact"] for t in json.loads(result.stdout)["thresholds"]] == ["1/3", "7/20"]


def test_progress_bar_only_on_a_terminal_and_after_a_delay():
    from wedge_cli.cli.common import Progress as _LazyProgress

    off = _LazyProgress(False)
    off("solving", 1, 2)
    assert off.bar is None
    on = _LazyProgress(True)
    on("solving", 1, 2)
    assert on.bar is None  # the first second stays quiet
    on.start -= 5
    on("solving", 2, 2)
    assert on.bar is not None
    on.close()


# ------------------------------------------------------------ JSON for pipes (issue 11)


def test_json_leaves_points_out_unless_asked(runner):
    """wedge.sweep/2: the per-point list is what makes a sweep's JSON large; it comes with --points only."""
    plain = json.loads(run(runner, "sweep", "us-europe", "--param", "cut=0:20:40", "--json").stdout)
    listed = json.loads(run(runner, "sweep", "us-europe", "--param", "cut=0:20:40", "--json", "--points").stdout)
    assert plain["schema"] == listed["schema"] == "wedge.sweep/2"
    assert plain["points"] == [] and plain["points_listed"] is False
    assert len(listed["points"]) == 41 and listed["points_listed"] is True
    # in 1-D the grid values come with the points; everything else is the same document
    assert plain["swept"][0]["values"] == [] and len(listed["swept"][0]["values"]) == 41
    for key in set(plain) - {"points", "points_listed", "swept"}:
        assert plain[key] == listed[key], key
    assert [dict(a, values=[]) for a in listed["swept"]] == plain["swept"]
    two_d = json.loads(run(runner, "sweep", "us-europe", "--param", "cut=0:20:4", "--param", "rearm_cost=1:9:2",
                           "--json").stdout)
    assert [len(a["values"]) for a in two_d["swept"]] == [5, 3] and two_d["points"] == []  # the map's axes


def test_json_is_compact_off_a_terminal_and_indented_on_request(runner):
    args = ["sweep", "us-europe", "--param", "cut=0:20:20", "--json"]
    compact = run(runner, *args).stdout
    indented = run(runner, *args, "--indent").stdout
    assert compact.count("\n") == 1 and ": " not in compact.split('"title"')[0]
    assert indented.startswith('{\n  "schema": "wedge.sweep/2",\n')
    assert json.loads(compact) == json.loads(indented)
    assert run(runner, *args, "--compact").stdout == compact


def test_jsonl_one_point_per_line_same_objects_as_points(runner):
    args = ["sweep", "us-europe", "--param", "cut=0:20:40"]
    lines = run(runner, *args, "--format", "jsonl").stdout.splitlines()
    listed = json.loads(run(runner, *args, "--json", "--points").stdout)
    assert [json.loads(line) for line in lines] == listed["points"]
    assert all(": " not in line.split('"label"')[0] for line in lines)  # compact lines


def test_jsonl_stops_quietly_when_the_reader_goes_away():
    """`| head -2` closes the pipe: the sweep stops with exit 0 and no traceback."""
    command = (f"{sys.executable} -m wedge_cli sweep us-europe --param cut=0:20:200000 --format jsonl | head -2")
    done = subprocess.run(["bash", "-c", "set -o pipefail; " + command], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2 and json.loads(done.stdout.splitlines()[1])["values"]
    assert "Traceback" not in done.stderr and done.stderr == ""


def test_plot_without_matplotlib_fails_before_sweeping(runner, monkeypatch, tmp_path):
    sweep_module = importlib.import_module("wedge_cli.sweep.core")  # wedge_cli.sweep is the API function
    def never(*args, **kwargs):
        raise AssertionError("the sweep ran although the plot could not be drawn")

    monkeypatch.setattr(sweep_module, "sweep", never)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    result = run(runner, "sweep", "us-europe", "--param", "cut", "--plot", str(tmp_path / "p.png"))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "--plot needs matplotlib" in result.stderr and "pip install 'wedge-cli[plot]'" in result.stderr
    assert result.stdout == "" and not (tmp_path / "p.png").exists()


def test_slow_sweep_is_announced_before_it_starts(runner, monkeypatch):
    forecast = importlib.import_module("wedge_cli.sweep.forecast")
    sweep_module = importlib.import_module("wedge_cli.sweep.core")  # by full name: wedge_cli.sweep is the API function
    seen = []
    real = sweep_module.sweep

    def recording(*args, **kwargs):
        seen.append("sweep")
        return real(*args, **kwargs)

    monkeypatch.setattr(forecast, "sweep_seconds", lambda *a, **k: seen.append("forecast") or 600.0)
    monkeypatch.setattr(sweep_module, "sweep", recording)
    # a forecast of 10 minutes fits a budget of an hour: announced, then run (over the budget: tests/test_budget.py)
    result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:4", "--budget", "3600")
    assert result.exit_code == 0, result.stderr
    assert seen == ["forecast", "sweep"]
    assert "note: this sweep (5 grid points of a 2-player game) will take about 10 minutes" in result.stderr


def test_fast_sweep_is_not_announced(runner, monkeypatch):

    monkeypatch.setattr(importlib.import_module("wedge_cli.sweep.forecast"), "sweep_seconds", lambda *a, **k: 29.0)
    result = run(runner, "sweep", "us-europe", "--param", "cut=0:20:4")
    assert result.exit_code == 0 and result.stderr == ""
