"""The Python API (wedge_cli/__init__.py, wedge_cli/api/): the CLI's objects and reports, from a notebook."""

from __future__ import annotations

import doctest
import importlib
import itertools
import json
import pkgutil
import random
import re
import subprocess
import sys
import tomllib
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import wedge_cli
from wedge_cli import Game, GameSpec, InvalidGameError, LoadError, WedgeError
from wedge_cli.analysis.summary import analyse
from wedge_cli.cli.main import app
from wedge_cli.report.solve import solve_report
from wedge_cli.formats.toml_write import write_toml

from conftest import US_EUROPE

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "python.md"


def cli_json(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def same_game(a: GameSpec, b: GameSpec) -> bool:
    def params(spec):
        return {n: (p.value, p.min, p.max, p.distribution, p.sd, p.description) for n, p in spec.parameters.items()}

    ga, gb = a.game(), b.game()
    return (a.players == b.players and a.title == b.title and params(a) == params(b)
            and dict(a.notes) == dict(b.notes) and (ga.exact == gb.exact).all()
            and np.array_equal(ga.payoffs, gb.payoffs))


# ----------------------------------------------------------------------------- the package's face


def test_import_is_cheap_and_every_public_name_resolves():
    code = (
        "import sys, wedge_cli\n"
        "assert 'numpy' not in sys.modules, 'import wedge_cli loaded numpy'\n"
        "names = dir(wedge_cli)\n"
        "missing = [n for n in wedge_cli.__all__ if n not in names]\n"
        "assert not missing, missing\n"
        "assert 'numpy' not in sys.modules, 'dir(wedge_cli) loaded numpy'\n"
        "for name in wedge_cli.__all__:\n"
        "    getattr(wedge_cli, name)\n"
        "wedge_cli.solve('us-europe')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click', 'pandas')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr


def test_public_names_are_the_api_objects():
    assert set(wedge_cli.__all__) == {
        "Game", "GameSpec", "InvalidGameError", "LoadError", "RobustResult", "SolveResult", "SweepResult",
        "Tree", "TreeRobustResult", "TreeSolveResult", "TreeSpec", "TreeSweepResult", "WedgeError", "load", "robust",
        "solve", "sweep"}
    from wedge_cli import api, errors, model, tree

    expected = {name: getattr(api, name) for name in api.__all__} | {
        "Game": model.Game, "GameSpec": model.GameSpec, "InvalidGameError": errors.InvalidGameError,
        "LoadError": errors.LoadError, "WedgeError": errors.WedgeError, "Tree": tree.Tree, "TreeSpec": tree.TreeSpec}
    assert {name: getattr(wedge_cli, name) for name in wedge_cli.__all__} == expected
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        wedge_cli.nope  # noqa: B018


def test_solve_sweep_robust_stay_functions_whatever_was_imported_first():
    # wedge_cli.solve is also a subpackage, sweep and robust modules: importing those first must not
    # replace the functions on the package
    code = (
        "from wedge_cli.solve import solve as by_module\n"
        "import wedge_cli.sweep.core, wedge_cli.robust.run\n"
        "import wedge_cli\n"
        "for name in ('solve', 'sweep', 'robust'):\n"
        "    f = getattr(wedge_cli, name)\n"
        "    assert callable(f) and f.__module__.startswith('wedge_cli.api.'), (name, f)\n"
        "import sys\n"
        "assert sys.modules['wedge_cli.solve'].solve is by_module\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr


def test_docstring_examples_run():
    from wedge_cli import api, model

    # every module of the API package, found rather than listed; each but the shared base has examples
    modules = [importlib.import_module(m.name) for m in pkgutil.iter_modules(api.__path__, "wedge_cli.api.")]
    assert {m.__name__ for m in modules} >= {f"wedge_cli.api.{n}" for n in ("loading", "solving", "sweeping",
                                                                         "robustness", "results")}
    for module in (*modules, wedge_cli):
        failed, attempted = doctest.testmod(module)
        assert failed == 0 and (attempted > 0 or module is api.results), module.__name__
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner()
    for test in finder.find(model.Game.from_arrays, "from_arrays", globs={"Game": Game}):
        runner.run(test)
    assert runner.failures == 0 and runner.tries > 0
    for name in wedge_cli.__all__:
        doc = getattr(wedge_cli, name).__doc__ or ""
        assert doc.strip(), f"{name} has no docstring"
        if name in ("load", "solve", "sweep", "robust", "SolveResult", "SweepResult", "RobustResult"):
            assert "Examples" in doc and ">>>" in doc, f"{name} has no example"


# ----------------------------------------------------------------------------- load


def test_load_from_every_kind_of_source_gives_the_same_game(write):
    bundled = ROOT / "payoffs" / "us_europe.toml"
    text = bundled.read_text(encoding="utf-8")
    specs = [wedge_cli.load("us-europe"), wedge_cli.load(bundled), wedge_cli.load(str(bundled)),
             wedge_cli.load(text), wedge_cli.load(tomllib.loads(text))]
    assert all(same_game(specs[0], s) for s in specs[1:])
    assert wedge_cli.load(specs[0]) is specs[0]
    reports = [wedge_cli.solve(s).to_dict() for s in specs]
    assert all(r == reports[0] for r in reports)
    # a test file of its own, as path and as text
    path = write(US_EUROPE)
    assert same_game(wedge_cli.load(path), wedge_cli.load(US_EUROPE))


def test_load_reads_nfg_files_and_text():
    path = ROOT / "tests" / "data" / "nfg" / "e02.nfg"
    from_path, from_text = wedge_cli.load(path), wedge_cli.load(path.read_text(encoding="utf-8"))
    assert same_game(from_path, from_text)
    assert from_path.shape == (3, 2) and not from_path.parameters


def test_load_of_a_game_is_its_spec_without_parameters():
    game = wedge_cli.load("us-europe").game({"cut": 15})
    spec = wedge_cli.load(game)
    assert not spec.parameters and spec.players == game.players and spec.title == game.title
    assert (spec.game().exact == game.exact).all()


def test_bad_sources_raise_clear_errors(write):
    with pytest.raises(LoadError) as err:
        wedge_cli.load("us-eruope")
    assert "no such file or bundled scenario: 'us-eruope'" in err.value.message
    assert err.value.hint == "did you mean 'us-europe'?"
    with pytest.raises(WedgeError) as err:
        wedge_cli.load(US_EUROPE.replace('"4 + cut/10"', '"4 + cutt/10"'))
    assert err.value.where() == "<string>:20:25" and err.value.message == "unknown parameter 'cutt'"
    assert "did you mean 'cut'?" in str(err.value)
    with pytest.raises(LoadError, match="a game needs at least 2 players") as err:
        wedge_cli.load({"players": [{"name": "A", "strategies": ["a"]}], "payoffs": {"A": [1]}})
    assert err.value.path == "<dict>"
    with pytest.raises(LoadError, match="unknown key 'player'") as err:
        wedge_cli.load({"player": []})
    assert err.value.hint == "did you mean 'players'?"
    with pytest.raises(TypeError, match="cannot load a game from int"):
        wedge_cli.load(42)


# ----------------------------------------------------------------------------- games from arrays


def test_from_arrays_names_players_and_strategies_and_solves_matching_pennies():
    pennies = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=["Even", "Odd"],
                               strategies=[["Heads", "Tails"], ["Heads", "Tails"]], title="Matching pennies")
    result = wedge_cli.solve(pennies)
    (eq,) = result.equilibria
    assert eq["exact"] == {"Even": {"Heads": "1/2", "Tails": "1/2"}, "Odd": {"Heads": "1/2", "Tails": "1/2"}}
    assert eq["exact_payoffs"] == {"Even": "0", "Odd": "0"}
    assert result.to_dict()["game"] == {"title": "Matching pennies", "players": [
        {"name": "Even", "strategies": ["Heads", "Tails"]}, {"name": "Odd", "strategies": ["Heads", "Tails"]}],
        "form": "normal"}
    assert result.parameters == {} and result.complete


def test_from_arrays_battle_of_the_sexes_by_hand():
    # Row mixes p on Opera so Col is indifferent: 2p = 3(1 - p), p = 3/5; Col's q: 3q = 2(1 - q), q = 2/5
    bos = Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]], players=["Ann", "Bob"],
                           strategies=[["Opera", "Match"], ["Opera", "Match"]])
    found = {json.dumps(eq["exact"], sort_keys=True) for eq in wedge_cli.solve(bos).equilibria}
    expected = [({"Opera": "1", "Match": "0"}, {"Opera": "1", "Match": "0"}),
                ({"Opera": "0", "Match": "1"}, {"Opera": "0", "Match": "1"}),
                ({"Opera": "3/5", "Match": "2/5"}, {"Opera": "2/5", "Match": "3/5"})]
    assert found == {json.dumps({"Ann": a, "Bob": b}, sort_keys=True) for a, b in expected}


def test_from_arrays_pure_equilibria_match_brute_force():
    rng = random.Random(11)
    for _ in range(30):
        shape = (rng.randint(1, 4), rng.randint(1, 4))
        a = [[rng.randint(-3, 3) for _ in range(shape[1])] for _ in range(shape[0])]
        b = [[rng.randint(-3, 3) for _ in range(shape[1])] for _ in range(shape[0])]
        rows, cols = [f"r{i}" for i in range(shape[0])], [f"c{j}" for j in range(shape[1])]
        game = Game.from_arrays(a, b, players=["Row", "Col"], strategies=[rows, cols])
        oracle = {(rows[i], cols[j]) for i, j in itertools.product(range(shape[0]), range(shape[1]))
                  if a[i][j] == max(a[k][j] for k in range(shape[0])) and b[i][j] == max(b[i])}
        found = {(eq["support"]["Row"][0], eq["support"]["Col"][0])
                 for eq in wedge_cli.solve(game).equilibria if eq["pure"]}
        assert found == oracle, (a, b)


def test_from_arrays_keeps_names_for_existing_callers_and_exact_text():
    game = Game.from_arrays([["5/2", 0], [0.1, 1]], [[3, 5], [0, 1]], names=["Row", "Col"])
    assert [p.name for p in game.players] == ["Row", "Col"]
    assert game.players[0].strategies == ("r1", "r2") and game.players[1].strategies == ("c1", "c2")
    assert game.exact[0, 0, 0] == Fraction(5, 2) and game.exact[0, 1, 0] == Fraction(1, 10)


@pytest.mark.parametrize("arrays, kwargs, message", [
    ((), {}, "no payoff arrays"),
    (([[1, 2], [3, 4]], [[1, 2, 3], [4, 5, 6]]), {}, r"shapes \(2, 2\), \(2, 3\)"),
    (([[1, 2], [3, 4]],), {}, "a 1-player game needs 1 arrays of one shape with 1 axes"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"players": ["A"]}, "1 player name"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"players": ["A", "A"]}, "repeat 'A'"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"players": ["A", " "]}, "empty name"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"strategies": [["a", "b"]]}, "1 strategy list"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"strategies": [["a", "b"], ["x"]]},
     "player 'P2' has 1 strategy name.* 2 entries"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"strategies": [["a", "a"], ["x", "y"]]}, "repeat 'a'"),
    (([[1, 2], [3, 4]], [[1, 2], [3, 4]]), {"names": ["A", "B"], "players": ["A", "B"]}, "give player names once"),
    (([[1, float("nan")], [3, 4]], [[1, 2], [3, 4]]), {}, r"payoff of 'P1' at \(p1, p2\) is nan"),
    (([[1, "x"], [3, 4]], [[1, 2], [3, 4]]), {}, "'x'; payoffs must be finite numbers"),
])
def test_from_arrays_says_what_does_not_fit(arrays, kwargs, message):
    with pytest.raises(InvalidGameError, match=message) as err:
        Game.from_arrays(*arrays, **kwargs)
    assert isinstance(err.value, ValueError) and isinstance(err.value, WedgeError)


# ----------------------------------------------------------------------------- set= and errors


def test_set_takes_numbers_text_fractions_and_assignments():
    spec = wedge_cli.load("us-europe")
    reports = [wedge_cli.solve(spec, set=s).to_dict() for s in
               ({"cut": "5/2"}, {"cut": Fraction(5, 2)}, {"cut": 2.5}, ["cut=5/2"], "cut=5/2")]
    assert all(r == reports[0] for r in reports)
    assert reports[0] == cli_json("solve", "us-europe", "--set", "cut=5/2")
    assert reports[0]["parameters"]["cut"] == 2.5


def test_set_outside_the_declared_range_warns_as_the_cli_does():
    with pytest.warns(UserWarning, match=r"cut = 25 is outside its declared range \[0, 20\]"):
        result = wedge_cli.solve("us-europe", set={"cut": 25})
    assert result.parameters["cut"] == 25.0


@pytest.mark.parametrize("call, error, message", [
    (lambda: wedge_cli.solve("us-europe", set={"cutt": 1}), WedgeError, "unknown parameter 'cutt'"),
    (lambda: wedge_cli.solve("us-europe", set={"cut": "abc"}), WedgeError, "'(abc|True)' is not a number"),
    (lambda: wedge_cli.solve("us-europe", set={"cut": True}), WedgeError, "'(abc|True)' is not a number"),
    (lambda: wedge_cli.solve("us-europe", method="simplex"), WedgeError, "unknown solver method 'simplex'"),
    (lambda: wedge_cli.solve("us-europe", tol=-1), WedgeError, "tolerance must be a finite number"),
    (lambda: wedge_cli.solve(Game.from_arrays([[1]], [[1]]), set={"x": 1}), WedgeError,
     "unknown parameter 'x'"),
    (lambda: wedge_cli.sweep("us-europe", "cutt=0:5"), WedgeError, "unknown parameter 'cutt' in --param"),
    (lambda: wedge_cli.sweep("us-europe", []), WedgeError, "give a parameter to sweep"),
    (lambda: wedge_cli.sweep("us-europe", ["cut", "rearm_cost", "us_stake"]), WedgeError, "at most 2"),
    (lambda: wedge_cli.sweep("us-europe", "cut=5:1"), WedgeError, "START must be less than STOP"),
    (lambda: wedge_cli.sweep("us-europe", "cut", set={"cut": 3}), WedgeError, "both swept"),
    (lambda: wedge_cli.sweep("us-europe", "cut", method="lemke-howson"), WedgeError, "unknown solver method"),
    (lambda: wedge_cli.sweep(Game.from_arrays([[1]], [[1]]), "x"), WedgeError, "unknown parameter 'x'"),
    (lambda: wedge_cli.robust(Game.from_arrays([[1]], [[1]])), WedgeError, "nothing is uncertain"),
    (lambda: wedge_cli.robust("us-europe", samples=0), WedgeError, "--samples must be between 1"),
    (lambda: wedge_cli.robust("us-europe", method="enumerate"), WedgeError, "unknown method 'enumerate'"),
    (lambda: wedge_cli.robust("us-europe", samples=2.5), TypeError, "samples must be a whole number"),
])
def test_bad_arguments_raise_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_errors_carry_hints():
    with pytest.raises(WedgeError) as err:
        wedge_cli.solve("us-europe", set={"cutt": 1})
    assert err.value.hint == "did you mean 'cut'?"
    with pytest.raises(WedgeError) as err:
        wedge_cli.sweep(Game.from_arrays([[1]], [[1]]), "x")
    assert err.value.hint == "this game has no parameters to sweep"


# ----------------------------------------------------------------------------- to_dict is the CLI's --json


@pytest.mark.parametrize("args, kwargs", [
    (["us-europe"], {}),
    (["us-europe", "--set", "cut=15", "--set", "rearm_cost=9/2"], {"set": {"cut": 15, "rearm_cost": "9/2"}}),
    (["us-europe", "--method", "pure"], {"method": "pure"}),
    (["us-europe", "--method", "lemke-howson", "--tol", "1e-6"], {"method": "lemke-howson", "tol": 1e-6}),
    (["us-russia-china", "--set", "relief=20"], {"set": {"relief": 20}}),
    (["energy-triangle"], {}),
])
def test_solve_to_dict_is_the_cli_json(args, kwargs):
    assert wedge_cli.solve(args[0], **kwargs).to_dict() == cli_json("solve", *args)


def test_solve_of_a_game_is_the_cli_json_of_its_file(tmp_path):
    game = Game.from_arrays([[3, 0, "1/2"], [5, 1, 0]], [[3, 5, 0], [0, 1, 2]], players=["Row", "Col"],
                            strategies=[["Up", "Down"], ["Left", "Mid", "Right"]], title="A 2x3 game")
    path = tmp_path / "game.toml"
    path.write_text(write_toml(GameSpec.from_game(game)), encoding="utf-8")
    assert wedge_cli.solve(game).to_dict() == cli_json("solve", str(path))


def test_sweep_to_dict_is_the_cli_json():
    args = ["us-russia-china", "--param", "relief=0:30:60"]
    # with the points, both ways
    assert wedge_cli.sweep("us-russia-china", "relief=0:30:60", points=True).to_dict() == \
        cli_json("sweep", *args, "--points")
    # without: wedge.sweep/2 leaves the points (and the 1-D grid) out, in both
    without = wedge_cli.sweep("us-russia-china", "relief=0:30:60").to_dict()
    assert without["points"] == [] and without["points_listed"] is False
    assert without == cli_json("sweep", *args)


def test_sweep_2d_and_set_to_dict_is_the_cli_json():
    args = ["us-europe", "--param", "cut=0:20:4", "--param", "rearm_cost=1:11:5", "--set", "us_stake=1/2"]
    result = wedge_cli.sweep("us-europe", ["cut=0:20:4", "rearm_cost=1:11:5"], set={"us_stake": "1/2"},
                             points=True)
    assert result.to_dict() == cli_json("sweep", *args, "--points")
    assert result.to_dict()["dimensions"] == 2 and result.to_dict()["map"]


@pytest.mark.parametrize("args, kwargs", [
    (["us-europe", "--samples", "2000", "--seed", "1"], {"samples": 2000, "seed": 1}),
    (["us-europe", "--samples", "300", "--set", "cut=8"], {"samples": 300, "set": {"cut": 8}}),
    (["us-russia-china", "--samples", "200", "--seed", "3", "--payoff-noise", "0.1", "--method", "pure"],
     {"samples": 200, "seed": 3, "payoff_noise": 0.1, "method": "pure"}),
])
def test_robust_to_dict_is_the_cli_json(args, kwargs):
    assert wedge_cli.robust(args[0], **kwargs).to_dict() == cli_json("robust", *args)


def test_to_dict_is_a_fresh_copy():
    result = wedge_cli.solve("us-europe")
    result.to_dict()["equilibria"].clear()
    result.equilibria[0]["pure"] = None
    assert len(result.to_dict()["equilibria"]) == 3 and result.to_dict()["equilibria"][0]["pure"] is True


# ----------------------------------------------------------------------------- attributes, repr, to_frame


def test_solve_result_attributes_and_repr():
    result = wedge_cli.solve("us-europe", set={"cut": 15, "rearm_cost": "9/2"})
    assert result.complete is True and result.method == "enumerate" and result.warnings == []
    assert result.parameters["rearm_cost"] == 4.5 and result.spec.title.startswith("US–Europe")
    assert result.solution.equilibria[1].exact_payoffs == (Fraction(15, 2), Fraction(-9, 2))
    assert repr(result).splitlines() == [
        "SolveResult: US–Europe burden sharing under the proposed Pentagon cut: all 3 Nash equilibria "
        "(method enumerate)",
        "  at cut = 15, rearm_cost = 4.5, deterrence_value = 1, pivot_value = 0.5, us_stake = 0.8",
        "  1. US Maintain; Europe FreeRide (payoffs 0, 0)",
        "  2. US Retrench; Europe Rearm (payoffs 15/2, -9/2)",
        "  3. US Maintain 7/10, Retrench 3/10; Europe Rearm 3/8, FreeRide 5/8 (payoffs 0, -9/2)",
    ]


def test_solve_to_frame_has_one_row_per_equilibrium():
    result = wedge_cli.solve("us-europe")
    frame = result.to_frame()
    assert list(frame.columns) == [
        "US", "Europe", "US payoff", "Europe payoff", "pure", "strict", "regret",
        "US: Maintain", "US: Retrench", "Europe: Rearm", "Europe: FreeRide"]
    assert len(frame) == 3
    for (_, row), eq in zip(frame.iterrows(), result.equilibria):
        assert row["US payoff"] == eq["payoffs"]["US"] and row["pure"] == eq["pure"]
        assert row["Europe: Rearm"] == eq["strategies"]["Europe"]["Rearm"]
    assert frame["US"].tolist() == ["Maintain", "Retrench", "Maintain 3/8, Retrench 5/8"]


def test_sweep_result_attributes_repr_and_frames():
    result = wedge_cli.sweep("us-russia-china", "relief=0:30:60", points=True)
    report = result.to_dict()
    assert result.regimes == report["regimes"] and result.thresholds == report["thresholds"]
    assert [t["exact"] for t in result.thresholds] == ["35/2"]
    assert result.result.thresholds[0].exact == Fraction(35, 2)
    lines = repr(result).splitlines()
    assert lines[0].endswith(": 2 regimes of relief")
    assert lines[1] == "  1. [0, 35/2): (Pressure, StayWithChina, Deepen)"
    assert lines[3].startswith("  relief = 35/2 ≈ 17.5: a pure equilibrium (Engage, Hedge, Deepen) appears")

    regimes = result.to_frame()
    assert list(regimes.columns) == ["range", "label", "relief from", "relief to", "points", "equilibria"]
    assert regimes["range"].tolist() == ["[0, 35/2)", "(35/2, 30]"]
    assert regimes["relief to"].tolist() == [17.5, 30.0] and regimes["equilibria"].tolist() == [1, 3]
    thresholds = result.to_frame("thresholds")
    assert list(thresholds.columns) == ["parameter", "value", "exact", "method", "before", "after", "change"]
    assert thresholds.iloc[0]["exact"] == "35/2"
    points = result.to_frame("points")
    assert list(points.columns) == ["relief", "regime", "label", "equilibria", "solved_exactly", "degenerate"]
    assert len(points) == 61 == len(report["points"])
    assert str(points["regime"].dtype) == "Int64"
    at_threshold = points[points.relief == 17.5]
    assert at_threshold["regime"].isna().all() and points["regime"].dropna().tolist() == [0] * 35 + [1] * 25

    with pytest.raises(ValueError, match="points=True"):
        wedge_cli.sweep("us-russia-china", "relief=0:30:10").to_frame("points")
    with pytest.raises(ValueError, match="rows must be"):
        result.to_frame("regime")


def test_sweep_2d_frames_give_both_coordinates():
    result = wedge_cli.sweep("us-europe", ["cut=0:20:4", "rearm_cost=1:11:5"])
    regimes = result.to_frame()
    assert list(regimes.columns) == ["label", "cut from", "cut to", "rearm_cost from", "rearm_cost to",
                                     "points", "equilibria"]
    assert len(regimes) == len(result.regimes) and regimes["points"].sum() == 5 * 6
    thresholds = result.to_frame("thresholds")
    assert list(thresholds.columns)[-2:] == ["cut", "rearm_cost"] and len(thresholds) == len(result.thresholds)
    for (_, row), t in zip(thresholds.iterrows(), result.thresholds):
        assert row[t["parameter"]] == t["value"]
    assert "thresholds on grid lines" in repr(result)


def test_robust_result_attributes_repr_and_frame():
    result = wedge_cli.robust("us-europe", samples=2000, seed=1)
    report = result.to_dict()
    assert result.outcomes == report["outcomes"] and result.unique_share == report["unique_share"]
    assert result.sensitivity == report["sensitivity"] and result.result.samples == 2000
    lines = repr(result).splitlines()
    assert lines[0] == "RobustResult: US–Europe burden sharing under the proposed Pentagon cut: 2000 samples (seed 1)"
    assert lines[2] == "   61.6%  Retrench, Rearm (59.4% – 63.7%)"
    frame = result.to_frame()
    assert list(frame.columns) == ["outcome", "US", "Europe", "pure", "count", "share", "ci_low", "ci_high"]
    assert len(frame) == len(report["outcomes"])
    assert frame["share"].tolist() == [o["share"] for o in report["outcomes"]]
    assert frame["count"].tolist() == [o["count"] for o in report["outcomes"]]
    mixed = frame[~frame["pure"]]
    assert mixed["US"].tolist() == ["{Maintain, Retrench}"]


def test_to_frame_without_pandas_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=re.escape("pip install 'wedge-cli[pandas]'")):
        wedge_cli.solve("us-europe").to_frame()


# ----------------------------------------------------------------------------- the docs page runs


def _cells(page: str) -> list[tuple[str, str]]:
    """(code, output) for each ```python block of the page; output is the ```text block after it, if any."""
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", page, re.M | re.S)
    cells = []
    for k, (lang, body) in enumerate(blocks):
        if lang == "python":
            after = blocks[k + 1] if k + 1 < len(blocks) else ("", "")
            cells.append((body, after[1].rstrip("\n") if after[0] == "text" else ""))
    return cells


def test_docs_python_page_prints_what_it_shows(monkeypatch, capsys):
    page = PAGE.read_text(encoding="utf-8")
    cells = _cells(page)
    assert len(cells) >= 10
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for code, shown in cells:
        exec(compile(code, str(PAGE), "exec"), namespace)
        printed = "\n".join(line.rstrip() for line in capsys.readouterr().out.rstrip("\n").splitlines())
        assert printed == shown, code


def test_docs_python_page_covers_the_api_and_is_linked():
    page = PAGE.read_text(encoding="utf-8")
    for name in wedge_cli.__all__:
        assert f"{name}" in page, f"docs/python.md does not mention {name}"
    for method in (".to_dict()", ".to_frame()", "set=", "from_arrays", "points=True"):
        assert method in page
    readme = (ROOT / "docs" / "templates" / "readme" / "README.md").read_text(encoding="utf-8")
    assert "(docs/python.md)" in readme


@pytest.mark.parametrize("name", ["us-europe", "us-russia-china"])
def test_the_solve_report_writes_down_the_summary_it_is_given(name):
    """analyse() computes once; the report only receives: the same summary gives the API's and the CLI's JSON."""
    spec = wedge_cli.load(name)
    solution = wedge_cli.solve(spec).solution
    summary = analyse(solution)
    report = solve_report(spec, spec.parameter_values(), solution, summary)
    assert report == wedge_cli.solve(spec).to_dict() == cli_json("solve", name)
    assert len(summary.properties) == len(solution.equilibria) == len(report["equilibria"])
    assert [s.player for s in summary.security] == list(range(spec.n_players))


def test_sweep_and_robust_take_game_trees():
    result = wedge_cli.sweep("two-level-ratification-sequential", "scope", set={"block_cost": "2"})
    assert isinstance(result, wedge_cli.TreeSweepResult)
    assert [t["exact"] for t in result.thresholds] == ["1/4", "1/2", "5/8"]
    assert result.to_dict()["schema"] == "wedge.tree_sweep/1"
    assert "Congress switches from Acquiesce to Block at congress_after_delivery when scope = 5/8" in repr(result)
    draws = wedge_cli.robust("two-level-ratification-sequential", samples=300, seed=2)
    assert isinstance(draws, wedge_cli.TreeRobustResult) and sum(p["count"] for p in draws.paths) == 300
    with pytest.raises(wedge_cli.WedgeError, match="one parameter at a time"):
        wedge_cli.sweep("two-level-ratification-sequential", ["scope", "skepticism"])
