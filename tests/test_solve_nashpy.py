"""nashpy-backed methods: every result verified, failures reported, never complete."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest

from wedge_cli.solve import external
from wedge_cli.model import Game
from wedge_cli.solve import solve
from wedge_cli.solve.verify import Candidate

F = Fraction
NASHPY = ("support-enumeration", "vertex-enumeration", "lemke-howson")

GAMES = {
    "battle_of_sexes": ([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    "matching_pennies": ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
    "issue_222": ([[-3, 3], [-3, 5]], [[2, 7], [4, 2]]),
    "issue_82": (
        (-np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])).tolist(),
        (-np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])).tolist(),
    ),
    "random_3x3": (
        np.random.default_rng(0).integers(0, 9, (3, 3)).tolist(),
        np.random.default_rng(1).integers(0, 9, (3, 3)).tolist(),
    ),
}


def exact_regret(a, b, x, y) -> Fraction:
    rows = [sum(F(a[i][j]) * y[j] for j in range(len(y))) for i in range(len(x))]
    cols = [sum(F(b[i][j]) * x[i] for i in range(len(x))) for j in range(len(y))]
    return max(max(rows) - sum(p * r for p, r in zip(x, rows)), max(cols) - sum(q * c for q, c in zip(y, cols)))


@pytest.mark.parametrize("method", NASHPY)
@pytest.mark.parametrize("name", sorted(GAMES))
def test_results_are_verified_equilibria(method, name):
    a, b = GAMES[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        solution = solve(Game.from_arrays(a, b), method=method)
    assert not [w for w in caught if "nashpy" in str(w.filename)], "nashpy warnings must not leak"
    assert solution.method == method and not solution.complete and not solution.pure_only
    assert "incomplete_method" in [w.code for w in solution.warnings]
    complete = {eq.exact for eq in solve(Game.from_arrays(a, b)).equilibria}
    for eq in solution.equilibria:
        assert exact_regret(a, b, *eq.exact) == 0
        assert eq.exact in complete  # nashpy's results are extreme equilibria here
    assert sorted(i for c in solution.components for i in c) == list(range(len(solution.equilibria)))


def test_nondegenerate_game_support_enumeration_finds_everything():
    a, b = GAMES["battle_of_sexes"]
    solution = solve(Game.from_arrays(a, b), method="support-enumeration")
    assert len(solution.equilibria) == 3 and not solution.degenerate


def test_known_misses_are_reported_as_incomplete():
    a, b = GAMES["issue_222"]
    solution = solve(Game.from_arrays(a, b), method="support-enumeration")
    assert len(solution.equilibria) < len(solve(Game.from_arrays(a, b)).equilibria)
    (warning,) = [w for w in solution.warnings if w.code == "incomplete_method"]
    assert "#222" in warning.message


def test_non_equilibria_are_dropped_with_a_warning(monkeypatch):
    a, b = GAMES["battle_of_sexes"]
    real = external.nashpy_candidates

    def with_junk(game, method):
        run = real(game, method)
        junk = (
            Candidate(strategies=(np.array([0.5, 0.5]), np.array([0.5, 0.5]))),  # not an equilibrium
            Candidate(strategies=(np.array([np.nan, 1.0]), np.array([1.0, 0.0]))),  # not a probability vector
            Candidate(strategies=(np.array([1.0]), np.array([1.0, 0.0]))),  # wrong shape
        )
        return external.ExternalRun(run.candidates + junk, run.messages, run.errors)

    monkeypatch.setattr(external, "nashpy_candidates", with_junk)
    solution = solve(Game.from_arrays(a, b), method="support-enumeration")
    assert len(solution.equilibria) == 3
    (warning,) = [w for w in solution.warnings if w.code == "not_verified"]
    assert warning.message.startswith("3 candidates")


def test_float_game_results_verified_with_tolerance():
    a, b = GAMES["random_3x3"]
    base = Game.from_arrays(a, b)
    game = Game(base.players, base.payoffs.copy(), None)
    solution = solve(game, method="lemke-howson")
    assert solution.equilibria
    for eq in solution.equilibria:
        assert eq.exact is None and 0.0 <= eq.regret <= solution.tol


def test_lemke_howson_never_hangs(monkeypatch):
    # nashpy's own driver loops forever on a 1x1 game; the bounded one reports it.
    monkeypatch.setattr(external, "MAX_PIVOTS", 50)
    solution = solve(Game.from_arrays([[1]], [[1]]), method="lemke-howson")
    codes = [w.code for w in solution.warnings]
    assert "method_failed" in codes
    assert any("pivots" in w.message for w in solution.warnings if w.code == "method_failed")


def test_nashpy_warnings_become_solver_warnings():
    # An even number of equilibria makes nashpy's support enumeration warn about degeneracy.
    zero = [[0, 0], [0, 0]]
    solution = solve(Game.from_arrays(zero, zero), method="support-enumeration")
    messages = [w.message for w in solution.warnings if w.code == "nashpy_warning"]
    assert messages and "degenerate" in messages[0]
