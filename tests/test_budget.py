"""Work budgets (issue 12): every command estimates its work first and refuses (exit 4) or finishes.

The cases of the issue run as subprocesses, two at a time (one module fixture), each with a
generous wall-clock bound: a refusal must come quickly, with the estimate and the --budget
that would allow the work. No test times a computation; speed lives in benchmarks/.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wedge_cli.budget import Budget, duration, suggested
from wedge_cli.cli.main import app
from wedge_cli.errors import GameTooLargeError
from wedge_cli.solve import nplayer

ROOT = Path(__file__).resolve().parents[1]
#: Generous wall-clock bound for a command that must refuse or finish quickly (the cases took
#: 10 to over 600 seconds before budgets).
QUICK = 40.0


def _nfg(path: Path, shape: tuple[int, ...], payoff) -> str:
    """A Gambit .nfg file in payoff-vector form (first player fastest)."""
    n = len(shape)
    lines = ['NFG 1 R "budget test" { ' + " ".join(f'"P{i}"' for i in range(n)) + " } { "
             + " ".join(map(str, shape)) + " }", ""]
    lines += [" ".join(str(payoff()) for _ in range(n)) for _ in range(math.prod(shape))]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _nfg_outcomes(path: Path, shape: tuple[int, ...], outcomes: int, rng: random.Random) -> str:
    """A Gambit .nfg file in outcome form: few outcomes, one index per profile (10^6 profiles in 2 MB)."""
    n = len(shape)
    players = " ".join(f'"P{i}"' for i in range(n))
    strategies = " ".join("{ " + " ".join(f'"s{j}"' for j in range(k)) + " }" for k in shape)
    body = "\n".join('{ "" ' + " ".join(str(rng.randint(0, 9)) for _ in range(n)) + " }" for _ in range(outcomes))
    index = " ".join(str(rng.randint(1, outcomes)) for _ in range(math.prod(shape)))
    path.write_text(f'NFG 1 R "budget test" {{ {players} }}\n{{ {strategies} }}\n\n{{\n{body}\n}}\n{index}\n')
    return str(path)


def _many_parameters(path: Path, count: int) -> str:
    lines = ['title = "many parameters"', "[parameters]"] + [f"p{i} = {i}" for i in range(count)]
    lines += ['[[players]]', 'name = "A"', 'strategies = ["x", "y"]', '[[players]]', 'name = "B"',
              'strategies = ["x", "y"]', "[payoffs]", "A = [[1, 0], [0, 1]]", "B = [[1, 0], [0, 1]]"]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _huge_payoff(path: Path) -> str:
    text = (ROOT / "benchmarks" / "games" / "robust_3x3.toml").read_text()
    path.write_text(text.replace("Row = [[3,", "Row = [[1e12,"))
    return str(path)


def _run(args: list[str]) -> tuple[int, str, str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", OPENBLAS_NUM_THREADS="1")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "wedge_cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, tuple[int, str, str, float]]:
    """Every command-line case of the issue, run two at a time."""
    tmp = tmp_path_factory.mktemp("budget")
    rng = random.Random(1)
    zero = _nfg(tmp / "zero555.nfg", (5, 5, 5), lambda: 0)
    rand555 = _nfg(tmp / "rand555.nfg", (5, 5, 5), lambda: rng.randint(-100, 100))
    rand444 = _nfg(tmp / "rand444.nfg", (4, 4, 4), lambda: rng.randint(-100, 100))
    six = _nfg_outcomes(tmp / "six10.nfg", (10,) * 6, 9, rng)
    four = _nfg_outcomes(tmp / "four20.nfg", (20,) * 4, 9, rng)
    params = _many_parameters(tmp / "params.toml", 4000)
    huge = _huge_payoff(tmp / "huge.toml")
    commands = {
        "zero_solve": ["solve", zero, "--json"],
        "random_solve": ["solve", rand555],
        "moderate_refused": ["solve", rand444, "--budget", "2"],
        "moderate_allowed": ["solve", rand444, "--budget", "300", "--json"],
        "six_solve": ["solve", six, "--budget", "5"],
        "six_check": ["check", six],
        "four_show": ["show", four],
        "four_check": ["check", four],
        "params_check": ["check", params],
        "huge_robust": ["robust", huge, "--budget", "2"],
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(_run, args) for name, args in commands.items()}
        return {name: f.result() for name, f in futures.items()}


def _refused(result) -> str:
    code, out, err, seconds = result
    assert code == 4, err
    assert out == ""
    assert "needs about" in err and "--budget" in err, err
    assert seconds < QUICK
    return err


def test_all_zero_game_is_one_component_found_at_once(cases):
    code, out, err, seconds = cases["zero_solve"]
    assert code == 0, err
    report = json.loads(out)
    assert len(report["equilibria"]) == 125 and all(eq["pure"] for eq in report["equilibria"])
    assert report["components"] == [list(range(125))]
    assert report["complete"] and report["degenerate"]
    assert "every strategy profile, pure or mixed, is an equilibrium" in err
    assert seconds < QUICK


def test_random_5x5x5_game_is_refused_with_its_estimate(cases):
    err = _refused(cases["random_solve"])
    assert "29,791 support profiles" in err and "minutes" in err


def test_a_budget_large_enough_lets_a_moderate_game_run(cases):
    err = _refused(cases["moderate_refused"])
    assert "more than the budget of 2 seconds" in err
    code, out, err, _ = cases["moderate_allowed"]
    assert code == 0, err
    assert json.loads(out)["complete"]


def test_ten_to_the_six_profiles(cases):
    _refused(cases["six_solve"])
    code, out, err, seconds = cases["six_check"]
    assert code == 0, err
    assert "1000000 of 1000000 profiles" in out
    assert seconds < QUICK


def test_four_players_twenty_strategies_show_is_summarised(cases):
    code, out, err, seconds = cases["four_show"]
    assert code == 0, err
    assert "159,800 more profiles not shown (200 of 160,000); --all prints every one, --json lists them all" in out
    assert len(out.splitlines()) < 260
    assert seconds < QUICK
    code, out, err, seconds = cases["four_check"]
    assert code == 0, err
    assert seconds < QUICK


def test_thousands_of_lints_are_summarised(cases):
    code, out, err, seconds = cases["params_check"]
    assert code == 0, err
    assert "... 11,801 more lint warnings not shown (200 of 12,001)" in out
    assert len(out.splitlines()) < 260
    assert seconds < QUICK


def test_a_huge_payoff_cannot_make_robust_run_on(cases):
    code, out, err, seconds = cases["huge_robust"]
    assert code == 4, err
    assert out == "" and "--budget" in err and "budget of 2 seconds" in err
    assert seconds < QUICK


# -- the Budget object ------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_tick_stops_a_run_whose_estimate_was_too_low():
    clock = FakeClock()
    budget = Budget(10, clock=clock)
    budget.require(1.0, "a job the estimate says is small")
    clock.now += 9.0
    budget.tick("the job", 9, 90)  # within the budget: nothing happens
    clock.now += 2.0
    with pytest.raises(GameTooLargeError) as caught:
        budget.tick("the job", 10, 100)
    message = str(caught.value)
    assert "the job: stopped at the work budget of 10 seconds after 10 of 100" in message
    assert "the whole needs about 2 minutes" in message  # 11 s for 10 of 100
    assert "--budget 170 to allow it" in message


def test_require_refuses_before_starting_and_says_how_to_allow_it():
    budget = Budget(60, clock=FakeClock())
    with pytest.raises(GameTooLargeError) as caught:
        budget.require(2400.0, "this job", hint="do less")
    assert caught.value.message == "this job needs about 40 minutes of work, more than the budget of 60 seconds"
    assert caught.value.hint == "--budget 3600 to allow it, or do less"


def test_require_counts_the_time_already_spent():
    clock = FakeClock()
    budget = Budget(60, clock=clock)
    clock.now += 50
    budget.require(5.0, "a small step")
    with pytest.raises(GameTooLargeError, match="more than the 10 seconds left of the budget of 60 seconds"):
        budget.require(20.0, "a larger step")


def test_project_extrapolates_from_the_first_part():
    clock = FakeClock()
    budget = Budget(60, clock=clock)
    clock.now += 5
    budget.project(1000, 10_000, "sampling")  # 50 s projected: fits
    clock.now += 2
    with pytest.raises(GameTooLargeError, match="the whole needs about 70 seconds"):
        budget.project(1000, 10_000, "sampling")


def test_unlimited_and_invalid_budgets():
    clock = FakeClock()
    budget = Budget(math.inf, clock=clock)
    clock.now += 1e9
    budget.tick("anything")
    budget.require(1e12, "anything")
    for bad in (0, -1, float("nan")):
        with pytest.raises(GameTooLargeError, match="must be a number of seconds > 0"):
            Budget(bad)


def test_durations_and_suggestions():
    assert [duration(s) for s in (0.2, 1, 45, 240, 2400, 9000, 86400 * 3)] == [
        "1 second", "1 second", "45 seconds", "4 minutes", "40 minutes", "2.5 hours", "3 days"]
    assert suggested(2400) == 3600 and suggested(11) == 17 and suggested(0.1) == 1


# -- estimates ------------------------------------------------------------------------------


def test_nplayer_estimate_grows_with_the_game():
    sizes = [(2, 2, 2), (2, 2, 3), (2, 3, 3), (3, 3, 3), (3, 3, 4), (4, 4, 4), (4, 4, 5), (5, 5, 5), (6, 6, 6)]
    estimates = [nplayer.estimate_seconds([list(range(k)) for k in shape]) for shape in sizes]
    assert estimates == sorted(estimates) and len(set(estimates)) == len(estimates)
    assert estimates[-2] > 60 > estimates[3]  # 5x5x5 over the default budget, 3x3x3 well under


def test_solve_api_takes_a_budget():
    from wedge_cli.model import Game
    from wedge_cli.solve import solve

    rng = random.Random(3)
    arrays = [[[[rng.randint(-9, 9) for _ in range(5)] for _ in range(5)] for _ in range(5)] for _ in range(3)]
    game = Game.from_arrays(*arrays)
    with pytest.raises(GameTooLargeError, match="support profiles"):
        solve(game, budget=1.0)
    with pytest.raises(GameTooLargeError, match="support profiles"):
        solve(game)  # the default budget


def test_indifferent_two_player_game_is_answered_without_enumeration():
    from wedge_cli.model import Game
    from wedge_cli.solve import solve

    a = [[1] * 20 for _ in range(3)]  # player 1's payoff does not depend on its row
    b = [[j % 2 for _ in range(20)] for j in range(3)]  # nor player 2's on its column
    solution = solve(Game.from_arrays(a, b))
    assert len(solution.equilibria) == 60 and solution.components == (tuple(range(60)),)
    assert solution.complete and solution.degenerate


# -- in-process CLI cases --------------------------------------------------------------------


def _invoke(*args):
    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})


def test_show_all_prints_every_profile(tmp_path):
    rng = random.Random(5)
    path = _nfg(tmp_path / "g.nfg", (4, 4, 4, 4), lambda: rng.randint(0, 9))
    short = _invoke("show", path)
    assert short.exit_code == 0, short.output
    assert "56 more profiles not shown (200 of 256)" in short.stdout
    full = _invoke("show", path, "--all")
    assert full.exit_code == 0 and "not shown" not in full.stdout
    assert len(full.stdout.splitlines()) > len(short.stdout.splitlines()) + 50
    markdown = _invoke("show", path, "--format", "markdown")
    assert "56 more profiles not shown" in markdown.stdout
    assert len(json.loads(_invoke("show", path, "--json").stdout)["cells"]) == 256


def test_show_of_a_three_player_game_draws_whole_layers(tmp_path):
    path = _nfg(tmp_path / "g.nfg", (10, 10, 6), lambda: 1)
    result = _invoke("show", path)
    assert result.exit_code == 0
    assert "200 more profiles not shown (400 of 600)" in result.stdout
    assert "P2 plays 4" in result.stdout and "P2 plays 5" not in result.stdout


def test_sweep_forecast_over_the_budget_is_refused(monkeypatch):

    sweep_module = importlib.import_module("wedge_cli.sweep.core")
    monkeypatch.setattr(importlib.import_module("wedge_cli.sweep.forecast"), "sweep_seconds", lambda *a, **k: 600.0)
    monkeypatch.setattr(sweep_module, "sweep", lambda *a, **k: pytest.fail("the sweep started"))
    result = _invoke("sweep", "us-europe", "--param", "cut=0:20:4")
    assert result.exit_code == 4
    assert "needs about 10 minutes of work, more than the budget of 60 seconds" in result.stderr
    assert "--budget 900 to allow it" in result.stderr


@pytest.mark.parametrize("scenario", sorted(p.stem for p in (ROOT / "payoffs").glob("*.toml")))
def test_bundled_scenarios_fit_the_default_budget(scenario):
    path = str(ROOT / "payoffs" / f"{scenario}.toml")
    for args in (["solve", path], ["show", path], ["check", path], ["explain", path],
                 ["robust", path, "--samples", "500"]):
        result = _invoke(*args)
        assert result.exit_code in (0, 3), (args, result.stderr)  # robust: 3 when nothing is uncertain
        assert "budget" not in result.stderr, (args, result.stderr)


def test_solve_table_of_many_equilibria_is_summarised(tmp_path):
    path = _nfg(tmp_path / "zero.nfg", (6, 6, 6), lambda: 0)  # 216 pure equilibria, one component
    short = _invoke("solve", path)
    assert short.exit_code == 0, short.output
    assert "16 more equilibria not shown (200 of 216)" in short.stdout
    full = _invoke("solve", path, "--all")
    assert full.exit_code == 0 and "not shown" not in full.stdout
    assert len(json.loads(_invoke("solve", path, "--json").stdout)["equilibria"]) == 216
