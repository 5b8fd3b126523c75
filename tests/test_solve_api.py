"""Public API of wedge_cli.solve: names, errors, immutability, import hygiene, exact helpers."""

from __future__ import annotations

import dataclasses
import importlib
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from wedge_cli.model import Game, SolveError
from wedge_cli.solve import METHODS, Equilibrium, Solution, SolverWarning, default_tol, solve
from wedge_cli.algebra.exact import bareiss_solve, integer_array, solve_unique

# by full name: wedge_cli.solve is the API function (wedge_cli/__init__.py)
solve_pkg = importlib.import_module("wedge_cli.solve")
ROOT = Path(__file__).resolve().parents[1]
BOS = Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])


def test_public_names():
    assert METHODS == ("auto", "enumerate", "pure", "support-enumeration", "vertex-enumeration", "lemke-howson")
    assert {"solve", "default_tol", "Equilibrium", "Solution", "SolverWarning", "METHODS"} <= set(solve_pkg.__all__)
    fields = [f.name for f in dataclasses.fields(Solution)]
    assert fields == [
        "game", "method", "complete", "degenerate", "equilibria", "components", "warnings", "tol", "pure_only"
    ]
    fields = [f.name for f in dataclasses.fields(Equilibrium)]
    assert fields == ["strategies", "exact", "payoffs", "exact_payoffs", "regret", "strict", "closed_form"]
    assert [f.name for f in dataclasses.fields(SolverWarning)] == ["code", "message"]


def test_results_are_immutable():
    solution = solve(BOS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        solution.method = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        solution.equilibria[0].regret = 1.0
    with pytest.raises(ValueError):
        solution.equilibria[0].strategies[0][0] = 0.5


def test_every_method_runs_on_a_two_player_game():
    for method in METHODS:
        solution = solve(BOS, method=method)
        assert solution.method == ("enumerate" if method == "auto" else method)
        assert solution.equilibria
        assert solution.tol == default_tol(BOS)


def test_unknown_method_and_bad_tolerance():
    with pytest.raises(SolveError) as err:
        solve(BOS, method="simplex")
    assert "simplex" in err.value.message and "enumerate" in err.value.hint
    for bad in (-1.0, float("nan"), float("inf"), "1e-9"):
        with pytest.raises(SolveError) as err:
            solve(BOS, tol=bad)
        assert err.value.hint


def test_enumerate_refuses_one_player_games():
    with pytest.raises(SolveError):
        solve(Game.from_arrays([1, 2]), method="enumerate")


def test_explicit_tolerance_is_used_for_float_games():
    game = Game(BOS.players, BOS.payoffs.copy(), None)
    assert solve(game, tol=1e-6).tol == 1e-6
    assert solve(game).tol == default_tol(game)


def test_core_modules_do_not_import_cli_libraries_or_nashpy():
    # The default 2-player path needs numpy only; no method path needs typer or rich.
    code = (
        "import sys\n"
        "from wedge_cli.model import Game\n"
        "from wedge_cli.solve import solve\n"
        "solve(Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]))\n"
        "bad = [m for m in ('typer', 'rich', 'nashpy', 'scipy') if m in sys.modules]\n"
        "assert not bad, bad\n"
        "solve(Game.from_arrays([[[1, 0], [0, 1]]], [[[1, 0], [0, 1]]], [[[0, 1], [1, 0]]]))\n"
        "bad = [m for m in ('typer', 'rich', 'nashpy') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env={"PYTHONPATH": str(ROOT)})
    for path in (ROOT / "wedge_cli" / "solve").glob("*.py"):
        text = path.read_text()
        assert "import typer" not in text and "import rich" not in text and "from rich" not in text


def test_bareiss_matches_fraction_elimination():
    rng = random.Random(3)
    singular = 0
    for _ in range(500):
        k = rng.randint(1, 6)
        matrix = [[rng.randint(-3, 3) for _ in range(k)] for _ in range(k)]
        rhs = [rng.randint(-3, 3) for _ in range(k)]
        expected = solve_unique([[Fraction(v) for v in row] for row in matrix], [Fraction(v) for v in rhs])
        got = bareiss_solve(matrix, rhs)
        if got is None:
            singular += 1
            assert expected is None
        else:
            num, den = got
            assert den > 0 and [Fraction(v, den) for v in num] == expected
    assert singular > 10


def test_solve_unique_detects_inconsistent_and_underdetermined_systems():
    one = Fraction(1)
    assert solve_unique([[one, one], [one, -one], [2 * one, 0 * one]], [one, one, 2 * one]) == [1, 0]
    assert solve_unique([[one, one], [one, one]], [one, 2 * one]) is None
    assert solve_unique([[one, one]], [one]) is None


def test_integer_array():
    exact = np.array([[Fraction(1, 2), Fraction(-2, 3)], [Fraction(5), Fraction(0)]], dtype=object)
    ints, scale = integer_array(exact)
    assert scale == 6
    assert ints.tolist() == [[3, -4], [30, 0]]
