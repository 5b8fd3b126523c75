import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wedge_cli import __version__
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app

from conftest import US_EUROPE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_version(runner):
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"wedge {__version__}"


def test_help_lists_commands_with_examples(runner):
    result = run(runner, "--help")
    assert result.exit_code == 0
    for command in ("solve", "show", "check", "list", "export"):
        assert command in result.stdout
        sub = run(runner, command, "-h")
        assert sub.exit_code == 0, sub.stdout
        assert "Examples" in sub.stdout


def test_solve_json_finds_all_three_equilibria(runner, write):
    result = run(runner, "solve", write(US_EUROPE), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.solve/1"
    assert report["complete"] is True and report["degenerate"] is False
    assert report["parameters"] == {"cut": 8.0}
    profiles = [{p: [s for s, x in probs.items() if x > 0] for p, probs in eq["strategies"].items()}
                for eq in report["equilibria"]]
    assert {"US": ["Maintain"], "Europe": ["FreeRide"]} in profiles
    assert {"US": ["Retrench"], "Europe": ["Rearm"]} in profiles
    mixed = [eq for eq in report["equilibria"] if not eq["pure"]]
    assert len(report["equilibria"]) == 3 and len(mixed) == 1
    assert mixed[0]["exact"] == {"US": {"Maintain": "1/2", "Retrench": "1/2"},
                                 "Europe": {"Rearm": "5/14", "FreeRide": "9/14"}}
    assert Fraction(mixed[0]["exact_payoffs"]["Europe"]) == Fraction(5, 2)
    for eq in report["equilibria"]:
        assert set(eq) >= {"strategies", "exact", "payoffs", "support", "pure", "strict", "regret"}
        assert eq["regret"] <= report["tolerance"]


def test_solve_set_changes_result(runner, write):
    # with cut = -15 Retrench pays 2.5 < 3: the US maintains against Rearm
    path = write(US_EUROPE.replace("min = 0", "min = -20"))
    result = run(runner, "solve", path, "--set", "cut=-15", "--json")
    report = json.loads(result.stdout)
    assert report["parameters"]["cut"] == -15.0
    pure = [eq for eq in report["equilibria"] if eq["pure"]]
    assert [eq["support"] for eq in pure] == [{"US": ["Maintain"], "Europe": ["FreeRide"]}]


def test_solve_table_and_markdown(runner, write):
    path = write(US_EUROPE)
    table = run(runner, "solve", path)
    assert table.exit_code == 0
    assert "Maintain" in table.stdout and "5/14" in table.stdout
    assert "\x1b[" not in table.stdout
    md = run(runner, "solve", path, "--format", "markdown")
    assert md.stdout.startswith("| # | US | Europe |")


def test_solve_stdin(runner):
    result = run(runner, "solve", "-", "--json", input=US_EUROPE)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["equilibria"]) == 3


def test_bad_file_error_on_stderr_only(runner, write):
    path = write(US_EUROPE.replace("Europe = [[2, 4], [3, 1]]", "Europe = [[2, 4], [3]]"), "bad.toml")
    result = run(runner, "solve", path, "--json")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert f"{path}:21" in result.stderr and "expected 2" in result.stderr
    assert "Traceback" not in result.stderr and "hint:" in result.stderr


def test_unknown_set_name(runner, write):
    result = run(runner, "solve", write(US_EUROPE), "--set", "cutt=3")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert "did you mean 'cut'?" in result.stderr


def test_set_out_of_range_warns(runner, write):
    result = run(runner, "solve", write(US_EUROPE), "--set", "cut=30", "--json")
    assert result.exit_code == 0
    assert "outside its declared range" in result.stderr
    json.loads(result.stdout)


def test_missing_file(runner):
    result = run(runner, "solve", "does/not/exist.toml")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "no such file" in result.stderr and result.stdout == ""


def test_bad_method_is_usage_error(runner, write):
    result = run(runner, "solve", write(US_EUROPE), "--method", "magic")
    assert result.exit_code == ExitCode.USAGE


def test_show_marks_best_replies(runner, write):
    path = write(US_EUROPE)
    result = run(runner, "show", path)
    assert result.exit_code == 0
    assert "24/5*" in result.stdout  # US's best reply to Rearm is Retrench (4 + 8/10)
    report = json.loads(run(runner, "show", path, "--json").stdout)
    assert report["schema"] == "wedge.show/1"
    cell = next(c for c in report["cells"] if c["profile"] == {"US": "Retrench", "Europe": "Rearm"})
    assert cell["best_response"] == ["US", "Europe"]
    assert cell["expressions"]["US"] == "4 + cut/10"
    assert report["dominated"] == []
    md = run(runner, "show", path, "--format", "markdown").stdout
    assert "| US \\ Europe | Rearm | FreeRide |" in md


def test_show_marks_dominated(runner, write):
    text = US_EUROPE.replace('Europe = [[2, 4], [3, 1]]', 'Europe = [[2, 4], [3, 5]]')
    report = json.loads(run(runner, "show", write(text), "--json").stdout)
    assert report["dominated"] == [
        {"player": "Europe", "strategy": "Rearm", "by": "FreeRide", "round": 1},
        {"player": "US", "strategy": "Retrench", "by": "Maintain", "round": 2},
    ]
    assert "(dominated)" in run(runner, "show", write(text)).stdout


def test_check_lints_and_strict(runner, write):
    text = US_EUROPE.replace("[parameters.cut]", "[parameters.unused]\nvalue = 1\n\n[parameters.cut]")
    path = write(text)
    result = run(runner, "check", path, "--json")
    assert result.exit_code == 0
    codes = [x["code"] for x in json.loads(result.stdout)["lints"]]
    assert "unused_parameter" in codes and "payoffs_without_note" in codes
    strict = run(runner, "check", path, "--strict")
    assert strict.exit_code == ExitCode.LINT
    assert "unused" in strict.stdout


THREE_BY_THREE = """\
title = "3 x 3"

[[players]]
name = "Row"
strategies = ["A", "B", "C"]

[[players]]
name = "Col"
strategies = ["X", "Y", "Z"]
"""


def _note_lints(runner, path):
    result = run(runner, "check", path, "--json")
    assert result.exit_code == 0
    return [x for x in json.loads(result.stdout)["lints"] if x["code"].endswith("_without_note")]


def test_check_array_form_lints_missing_notes_once(runner, write):
    path = write(THREE_BY_THREE + "\n[payoffs]\nRow = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\n"
                                  "Col = [[9, 8, 7], [6, 5, 4], [3, 2, 1]]\n")
    lints = _note_lints(runner, path)
    assert [x["code"] for x in lints] == ["payoffs_without_note"]
    assert "9 of 9 profiles" in lints[0]["message"] and "[[outcomes]]" in lints[0]["message"]
    strict = run(runner, "check", path, "--strict")
    assert strict.exit_code == ExitCode.LINT
    assert strict.stdout.count("without_note") == 1


def test_check_outcome_form_lints_each_missing_note(runner, write):
    entries = "".join(
        f'\n[[outcomes]]\nprofile = ["{r}", "{c}"]\npayoffs = [1, 2]\n'
        + ("" if (r, c) in {("A", "X"), ("C", "Z")} else 'note = "why"\n')
        for r in "ABC" for c in "XYZ")
    lints = _note_lints(runner, write(THREE_BY_THREE + entries))
    assert [x["code"] for x in lints] == ["outcome_without_note"] * 2
    assert "(A, X)" in lints[0]["message"] and "(C, Z)" in lints[1]["message"]


def test_check_invalid_exit_code(runner, write):
    result = run(runner, "check", write("title = \n"))
    assert result.exit_code == ExitCode.INVALID_INPUT and result.stdout == ""


def test_list_bundled(runner):
    result = run(runner, "list", "--json")
    assert result.exit_code == 0
    names = [s["name"] for s in json.loads(result.stdout)["scenarios"]]
    assert "us-russia-china" in names and "us-europe" in names
    assert "us-russia-china" in run(runner, "list").stdout


def test_export_round_trip_nfg_and_toml(runner, write, tmp_path):
    path = write(US_EUROPE)
    nfg = run(runner, "export", path, "--to", "nfg")
    assert nfg.exit_code == 0 and nfg.stdout.startswith("NFG 1 R")
    nfg_path = write(nfg.stdout, "g.nfg")
    a = json.loads(run(runner, "solve", path, "--json").stdout)
    b = json.loads(run(runner, "solve", nfg_path, "--json").stdout)
    assert a["equilibria"] == b["equilibria"]
    out = tmp_path / "back.toml"
    result = run(runner, "export", path, "--to", "toml", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    c = json.loads(run(runner, "solve", str(out), "--json").stdout)
    assert c["equilibria"] == a["equilibria"] and c["parameters"] == a["parameters"]


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


#: The command layer: the only modules that may import typer or rich (STYLE.md, layout).
UI_MODULES = ("wedge_cli.cli.", "wedge_cli.render.", "wedge_cli.__main__")


def test_core_modules_do_not_import_typer_or_rich():
    """Every module of the package except the command layer, found by walking the package
    (a new module is checked without anyone listing it), imported one after another."""
    code = ("import importlib, pkgutil, sys\n"
            "import wedge_cli\n"
            f"ui = {UI_MODULES!r}\n"
            "names = sorted(m.name for m in pkgutil.walk_packages(wedge_cli.__path__, 'wedge_cli.'))\n"
            "core = [n for n in names if not n.startswith(ui)]\n"
            "assert len(core) > 30, core\n"
            "for name in core:\n"
            "    importlib.import_module(name)\n"
            "    bad = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]\n"
            "    assert not bad, f'{name} imports {bad[:3]}'\n"
            "print(len(core))\n")
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 30


@pytest.mark.parametrize("args", [["--help"], ["list"], ["check", "us-europe"], ["show", "us-europe"]])
def test_fast_commands_do_not_import_nashpy_or_scipy(args):
    code = ("import sys\nfrom wedge_cli.cli.main import app\n"
            f"try:\n    app({args!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('nashpy', 'scipy')]\n"
            "assert not bad, bad[:5]\n")
    result = _python(code)
    assert result.returncode == 0, result.stderr


def test_list_does_not_import_numpy():
    code = ("import sys\nfrom wedge_cli.cli.main import app\n"
            "try:\n    app(['list'])\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "assert 'numpy' not in sys.modules\n")
    result = _python(code)
    assert result.returncode == 0, result.stderr


def test_every_command_is_documented():
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"^## `wedge {name}`", docs, re.M), f"wedge {name} missing from docs/cli.md"


def test_solve_nfg_payoff_version_75_equilibria(runner, write):
    from test_solve_enumerate import VON_STENGEL_75

    text = 'NFG 1 R "von Stengel 6x6" { "1" "2" } { 6 6 }\n' + VON_STENGEL_75
    result = run(runner, "solve", write(text, "vs75.nfg"), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert len(report["equilibria"]) == 75 and report["complete"]
    supports = {json.dumps(eq["support"], sort_keys=True) for eq in report["equilibria"]}
    assert len(supports) == 75


def test_closed_pipe_is_not_an_internal_error():
    proc = subprocess.Popen([sys.executable, "-m", "wedge_cli", "sweep", "us-europe", "--param", "cut=0:20:20000",
                             "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert proc.returncode == 0


def test_every_exit_code_is_documented():
    text = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} | `{code.name}` |" in text, f"exit code {code.name} missing from docs/cli.md"


def test_interrupt_exits_130_quietly(monkeypatch):
    import wedge_cli.cli.solve

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(wedge_cli.cli.solve, "load_game", interrupted)
    result = CliRunner().invoke(app, ["solve", "us-europe"])
    assert result.exit_code == ExitCode.INTERRUPTED == 130
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_dominated_removal_is_a_note_naming_the_strategies_in_three_player_games():
    result = CliRunner().invoke(app, ["solve", "us-russia-china", "--json"])
    assert result.exit_code == 0
    (removed,) = [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "dominated_removed"]
    assert "Russia: Realign, Hedge" in removed["message"] and "China: Hold" in removed["message"]
    table = CliRunner().invoke(app, ["solve", "us-russia-china"])
    assert table.stderr.startswith("note: removed strictly dominated strategies")
    assert "warning:" not in table.stderr


def test_stderr_messages_are_not_hard_wrapped_off_a_terminal():
    result = CliRunner().invoke(app, ["solve", "us-russia-china"])
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert line.endswith("China: Hold")
