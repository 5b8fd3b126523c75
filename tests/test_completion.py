"""Shell completion: the callbacks of wedge_cli.cli.completion, and Tab through click's env-var protocol."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from conftest import US_EUROPE
from wedge_cli.formats.catalog import bundled_names, summary
from wedge_cli.cli.main import app
from wedge_cli.cli.completion import complete_assignment, complete_axis, complete_game

ROOT = Path(__file__).resolve().parent.parent

NO_RANGE = US_EUROPE.replace("[parameters.cut]", '[parameters.bonus]\nvalue = 1\ndescription = "no range [at all]"\n\n'
                                                 "[parameters.cut]")


def _ctx(game=None, sets=(), leftover=()):
    """What click hands a callback: the parsed params and the words it did not assign."""
    return SimpleNamespace(params={"game": game, "set_": tuple(sets)}, args=list(leftover))


def _values(items):
    return [value for value, _help in items]


# ------------------------------------------------------------------ FILE|NAME


def test_game_offers_bundled_names_with_their_titles(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    items = complete_game(_ctx(), "us-")
    assert _values(items) == [n for n in bundled_names() if n.startswith("us-")] == ["us-europe", "us-europe-sequential",
                                                                                    "us-russia-china"]
    assert dict(items)["us-europe"] == summary("us-europe")["title"]


def test_game_offers_payoff_files_and_folders_not_other_files(tmp_path, monkeypatch):
    for name in ("game.toml", "gambit.NFG", "notes.txt", ".hidden.toml"):
        (tmp_path / name).write_text("")
    (tmp_path / "games").mkdir()
    monkeypatch.chdir(tmp_path)
    values = _values(complete_game(_ctx(), ""))
    assert [v for v in values if v not in bundled_names()] == ["gambit.NFG", "game.toml", "games" + os.sep]
    assert _values(complete_game(_ctx(), "ga")) == ["gambit.NFG", "game.toml", "games" + os.sep]
    assert _values(complete_game(_ctx(), ".")) == [".hidden.toml"]


def test_game_completes_inside_a_folder_keeping_what_was_typed(tmp_path):
    (tmp_path / "deep").mkdir()
    (tmp_path / "deep" / "x.toml").write_text("")
    assert _values(complete_game(_ctx(), str(tmp_path / "de"))) == [str(tmp_path / "deep") + os.sep]
    assert _values(complete_game(_ctx(), str(tmp_path / "deep") + os.sep)) == [str(tmp_path / "deep" / "x.toml")]
    assert complete_game(_ctx(), str(tmp_path / "missing" / "x")) == []


# ------------------------------------------------------------------ --set


def test_set_offers_the_games_parameters_as_name_equals():
    items = complete_assignment(_ctx("us-europe"), "")
    assert _values(items) == ["cut=", "rearm_cost=", "deterrence_value=", "pivot_value=", "us_stake="]
    assert _values(complete_assignment(_ctx("us-europe"), "r")) == ["rearm_cost="]
    assert dict(items)["cut="].startswith("Size of the US cut")


def test_set_leaves_out_parameters_already_set_and_values_being_typed():
    assert "cut=" not in _values(complete_assignment(_ctx("us-europe", sets=["cut=3"]), ""))
    assert complete_assignment(_ctx("us-europe"), "cut=") == []


def test_set_finds_the_game_click_left_unparsed():
    # 'wedge solve us-europe --set <Tab>': click stops at --set, so the game is a leftover word
    assert "cut=" in _values(complete_assignment(_ctx(None, leftover=["us-europe"]), ""))


@pytest.mark.parametrize("game", [None, "no-such-game", "-", "bad.toml", "folder"])
def test_set_completes_nothing_silently_without_a_loadable_game(game, tmp_path, monkeypatch, capsys):
    (tmp_path / "bad.toml").write_text("title = [unclosed")
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", None)  # '-' must not be read: reading it would fail loudly
    assert complete_assignment(_ctx(game), "") == []
    assert complete_axis(_ctx(game), "") == []
    assert capsys.readouterr() == ("", "")


def test_help_is_one_short_line_shown_as_written(write):
    path = write(NO_RANGE.replace("no range [at all]", "no range [at all] " + "long " * 30))
    help_ = dict(complete_assignment(_ctx(path), ""))["bonus="]
    assert help_.startswith("no range \\[at all]") and help_.endswith("…") and len(help_) <= 60


# ------------------------------------------------------------------ --param / --sweep


def test_axis_offers_bare_names_with_a_range_and_name_equals_without(write):
    items = dict(complete_axis(_ctx(write(NO_RANGE)), ""))
    assert list(items) == ["bonus=", "cut"]
    assert items["cut"].startswith("from 0 to 20: Cut to US military")
    assert complete_axis(_ctx(write(NO_RANGE)), "cut=0:") == []


# ------------------------------------------------------------------ through the shell protocol


def _tab(words: str, env_extra=None) -> subprocess.CompletedProcess:
    """Press Tab after ``words`` as bash does: click's _WEDGE_COMPLETE=complete_bash protocol."""
    env = dict(os.environ, _WEDGE_COMPLETE="complete_bash", COMP_WORDS=words,
               COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)), **(env_extra or {}))
    return subprocess.run([sys.executable, "-c", "from wedge_cli.cli.main import app; app(prog_name='wedge')"],
                          capture_output=True, text=True, cwd=ROOT, env=env)


@pytest.mark.parametrize(("words", "expected"), [
    ("wedge solve us-", ["us-europe", "us-europe-sequential", "us-russia-china"]),
    ("wedge solve us-europe --set ", ["cut=", "rearm_cost=", "deterrence_value=", "pivot_value=", "us_stake="]),
    ("wedge solve us-europe --set cut=2 --set r", ["rearm_cost="]),
    ("wedge sweep us-europe --param c", ["cut"]),
    ("wedge explain us-europe --sweep re", ["rearm_cost"]),
    # click completes Enum choices itself: --method needs no callback of wedge's
    ("wedge solve us-europe --method l", ["lemke-howson"]),
    ("wedge sweep us-europe --method ", ["auto", "enumerate", "pure"]),
    ("wedge solve no-such-game --set ", []),
])
def test_tab_through_the_bash_protocol(words, expected):
    result = _tab(words)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.split() == expected


def test_completion_options_are_offered_and_work():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    shown = CliRunner().invoke(app, ["--show-completion"], env={"SHELL": "/bin/bash"})
    assert shown.exit_code == 0 and "_WEDGE_COMPLETE=complete_bash" in shown.stdout


def test_completion_module_imports_no_cli_framework_and_no_numpy():
    # it is imported on every start of wedge (cli.py), 'wedge --help' included
    code = ("import sys\nimport wedge_cli.cli.completion\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click', 'numpy')]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
