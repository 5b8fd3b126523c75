"""`wedge sweep` on a game tree: regimes of one subgame-perfect plan, the nodes that flip, formats, errors."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from test_tree_sweep import RATIFY
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app

MARKED = 'title = "Ratification [bold]deal[/bold]"\n' + RATIFY.replace('"Congress"', '"Con[red]gress[/red]"')


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(app, list(args))


def test_table_names_each_flipped_node_and_the_off_path_plan(runner, write):
    result = run(runner, "sweep", write(RATIFY), "--param", "scope")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "4 regimes of scope" in out
    assert "Sign → Deliver → Acquiesce" in out
    assert "at scope = 1/4 ≈ 0.25:" in out
    assert "Congress switches from Acquiesce to Block at after_stall" in out
    assert "Congress switches from Acquiesce to Block at after_delivery" in out
    assert result.stderr == ""


def test_json_regimes_plans_and_exact_thresholds(runner, write):
    result = run(runner, "sweep", write(RATIFY), "--param", "scope", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.tree_sweep/1" and report["game"]["form"] == "tree"
    assert [t["exact"] for t in report["thresholds"]] == ["1/4", "1/2", "5/8"]
    assert all(t["method"] == "exact" for t in report["thresholds"])
    deal = [r for r in report["regimes"] if r["paths"] == [["Sign", "Deliver", "Acquiesce"]]]
    assert [(r["from_exact"], r["to_exact"]) for r in deal] == [("1/2", "5/8")]
    assert deal[0]["off_path"] == [{"node": "after_stall", "player": "Congress", "action": "Block"}]
    assert deal[0]["plan"]["russia"] == {"player": "Russia", "action": "Deliver"}
    assert report["points"] == [] and report["points_listed"] is False


def test_set_moves_the_thresholds_of_another_parameter(runner, write):
    text = RATIFY.replace('payoffs = ["-4 * scope", -2, -3]', 'payoffs = ["-4 * scope", "-cost", -3]') + \
        "[parameters.cost]\nvalue = 2\nmin = 0\nmax = 4\n"
    first = json.loads(run(runner, "sweep", write(text), "--param", "scope", "--json").stdout)
    second = json.loads(run(runner, "sweep", write(text), "--param", "scope", "--set", "cost=1", "--json").stdout)
    assert "5/8" in [t["exact"] for t in first["thresholds"]]
    # Congress blocks a delivered deal once 3 - 8 scope < -1: at scope = 1/2, where the deal would start
    assert "5/8" not in [t["exact"] for t in second["thresholds"]] and second["fixed"] == {"cost": 1.0}


def test_csv_and_jsonl_give_one_row_per_grid_point(runner, write):
    path = write(RATIFY)
    rows = list(csv.reader(io.StringIO(run(runner, "sweep", path, "--param", "scope=0.5:1:4", "--format", "csv").stdout)))
    assert rows[0] == ["scope", "path of play"]
    assert [r[0] for r in rows[1:]] == ["0.5", "0.625", "0.75", "0.875", "1.0"]
    assert rows[1][1] == "Sign → Deliver → Acquiesce" and rows[3][1] == "Shelve"
    lines = run(runner, "sweep", path, "--param", "scope=0.5:1:4", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 5 and json.loads(lines[0])["plan"]["after_delivery"]["action"] == "Acquiesce"


def test_user_text_is_printed_verbatim_not_as_markup(runner, write):
    result = run(runner, "sweep", write(MARKED), "--param", "scope")
    assert result.exit_code == 0, result.stderr
    assert "Ratification [bold]deal[/bold]" in result.stdout
    assert "Con[red]gress[/red] switches from Acquiesce to Block" in result.stdout


@pytest.mark.parametrize("extra, message", [
    (["--param", "scope", "--param", "scope=0:1"], "both 'scope'"),
    (["--param", "scop"], "scop"),
])
def test_what_tree_sweeps_do_not_do_is_refused_clearly(runner, write, extra, message):
    result = run(runner, "sweep", write(RATIFY), *extra)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


def test_normal_form_methods_are_a_usage_error_on_trees(runner, write):
    result = run(runner, "sweep", write(RATIFY), "--param", "scope", "--method", "pure")
    assert result.exit_code == ExitCode.USAGE and "--method pure is for normal-form games" in result.stderr


TWO = RATIFY.replace('payoffs = ["-4 * scope", -2, -3]', 'payoffs = ["-4 * scope", "-cost", -3]') + \
    "[parameters.cost]\nvalue = 2\nmin = 0\nmax = 4\n"


def test_a_2d_map_gives_each_grid_point_its_exact_plan_and_exact_thresholds_on_grid_lines(runner, write):
    from fractions import Fraction

    from test_tree_sweep import _brute
    from wedge_cli.formats.toml_read import loads
    from wedge_cli.sweep.axis import Axis
    from wedge_cli.sweep.tree import sweep_tree, sweep_tree_map

    spec = loads(TWO, "two.toml")
    axes = (Axis("scope", Fraction(1, 10), Fraction(1), 18), Axis("cost", Fraction(0), Fraction(4), 8))
    result = sweep_tree_map(spec, axes)
    for i in range(axes[0].size):
        for j in range(axes[1].size):
            values = {"scope": axes[0].exact_value(i), "cost": axes[1].exact_value(j)}
            plan, tied = _brute(spec, values)
            if not tied:
                assert result.plans[result.regime_of[i, j]] == plan, values
    along = [c for c in result.crossings if c.parameter == "scope" and c.where == {"cost": Fraction(1)}]
    line = sweep_tree(spec, axes[0], {"cost": Fraction(1)})
    assert [c.threshold.exact for c in along] == [t.exact for t in line.thresholds]
    report = json.loads(run(runner, "sweep", write(TWO), "--param", "scope=0.1:1:18", "--param", "cost=0:4:8",
                            "--json").stdout)
    assert report["dimensions"] == 2 and len(report["map"]) == 19 and len(report["map"][0]) == 9
    assert sum(r["points"] for r in report["regimes"]) == 19 * 9
    assert {"parameter", "exact", "where", "flips"} <= set(report["thresholds"][0])
    table = run(runner, "sweep", write(TWO), "--param", "scope=0.1:1:18", "--param", "cost=0:4:8")
    assert table.exit_code == 0 and "subgame-perfect plans over scope x cost" in table.stdout
    rows = list(csv.reader(io.StringIO(run(runner, "sweep", write(TWO), "--param", "scope=0.1:1:18", "--param",
                                           "cost=0:4:8", "--format", "csv").stdout)))
    assert rows[0] == ["scope", "cost", "regime", "path of play"] and len(rows) == 1 + 19 * 9
