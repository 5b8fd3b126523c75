"""Dominance: exact LPs, iterated elimination with mixed dominators, weak dominance, show/solve output."""

import json
import subprocess
import sys
from fractions import Fraction
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.model import Game, Player
from wedge_cli.algebra import lp
from wedge_cli.solve import solve
from wedge_cli.solve.dominance import dominance_analysis, iterated_strict_dominance

ROOT = Path(__file__).resolve().parent.parent
F = Fraction


def game(*arrays, names=None):
    return Game.from_arrays(*arrays, names=names)


# ----------------------------------------------------------------------- the exact LP


def test_simplex_textbook_lp():
    # max 3x + 5y s.t. x <= 4, 2y <= 12, 3x + 2y <= 18 (Hillier & Lieberman's Wyndor example): x=2, y=6, 36
    res = lp.simplex([[1, 0], [0, 2], [3, 2]], [4, 12, 18], [3, 5])
    assert res.exact and res.value == 36 and res.x == (2, 6)
    # shadow prices: 0, 3/2, 1 (and y . b == value)
    assert res.y == (0, F(3, 2), 1)
    assert sum(yi * bi for yi, bi in zip(res.y, [4, 12, 18])) == res.value


def test_simplex_unbounded_and_degenerate():
    assert not lp.simplex([[1, -1]], [1], [0, 1]).bounded
    # heavily degenerate (b = 0 rows): Bland's rule terminates
    res = lp.simplex([[1, -1], [-1, 1], [1, 1]], [0, 0, 2], [1, 1])
    assert res.value == 2 and res.x == (1, 1)


@pytest.mark.parametrize("matrix, value, row", [
    ([[1, -1], [-1, 1]], 0, (F(1, 2), F(1, 2))),                              # matching pennies
    ([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], 0, (F(1, 3),) * 3),                # rock-paper-scissors
    ([[3, 0], [0, 3], [1, 1]], F(3, 2), (F(1, 2), F(1, 2), 0)),
    ([[2, 5], [4, 1]], 3, (F(1, 2), F(1, 2))),                                 # 2p+4(1-p) = 5p+(1-p) -> p = 1/2
    ([[5, 7], [2, 9]], 5, (1, 0)),                                             # saddle point
])
def test_matrix_game_values(matrix, value, row):
    g = lp.matrix_game(matrix)
    assert g.exact and g.value == value and g.row == row


def test_matrix_game_highs_path_is_exact_too(monkeypatch):
    rng = np.random.default_rng(3)
    for _ in range(20):
        matrix = [[F(int(v), 3) for v in row] for row in rng.integers(-9, 9, size=(4, 6))]
        exact = lp.matrix_game(matrix)
        monkeypatch.setattr(lp, "EXACT_GAME_BUDGET", 0)
        via_highs = lp.matrix_game(matrix)
        monkeypatch.undo()
        assert via_highs.exact and via_highs.value == exact.value
        for c in range(6):
            assert sum(via_highs.row[s] * matrix[s][c] for s in range(4)) >= exact.value


def test_weak_improvement():
    found = lp.weak_improvement([[0, 1]])      # a row that ties once and wins once
    assert found.exact and found.total == 1 and found.mix == (1,)
    assert lp.weak_improvement([[1, -1]]).total == 0
    assert lp.weak_improvement([[0, 0]]).total == 0


# ----------------------------------------------------------------- hand-worked games


def test_gibbons_dominance_solvable():
    # Gibbons (1992), Game Theory for Applied Economists, Section 1.1.B: Right is dominated by Middle,
    # then Down by Up, then Left by Middle; (Up, Middle) remains.
    g = game([[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]])
    a = dominance_analysis(g)
    assert [(d.player, d.strategy, d.by, d.round) for d in a.eliminated] == [
        (1, 2, ((1, 1),), 1), (0, 1, ((0, 1),), 2), (1, 0, ((1, 1),), 3)]
    assert a.surviving == ((0,), (1,)) and a.exact


def test_dominance_solvable_3x3():
    # Row player (T, M, B), column player (L, C, R).
    # Round 1: B is dominated by T (4>2, 3>1, 5>0); no column is dominated (L is best against M).
    # Round 2: without B, R is dominated by C (2>1 against T, 3>0 against M).
    # Round 3: against L and C, M is dominated by T (4>3, 3>2).
    # Round 4: against T alone, C beats L (2 > 1): (T, C) is left.
    A = [[4, 3, 1], [3, 2, 6], [2, 1, 0]]
    B = [[1, 2, 1], [4, 3, 0], [5, 0, 9]]
    a = dominance_analysis(game(A, B))
    assert [(d.player, d.strategy, d.round) for d in a.eliminated] == [(0, 2, 1), (1, 2, 2), (0, 1, 3), (1, 0, 4)]
    assert a.surviving == ((0,), (1,))
    sol = solve(game(A, B))
    assert len(sol.equilibria) == 1 and sol.equilibria[0].support == ((0,), (1,))


def test_needs_mixed_dominance():
    # B (payoffs 1, 1) is not dominated by T (3, 0) nor by M (0, 3), but by T/2 + M/2 (3/2, 3/2).
    g = game([[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [2, 2]])
    assert iterated_strict_dominance(g)[0] == []
    a = dominance_analysis(g)
    (d,) = a.eliminated
    assert (d.player, d.strategy, d.round) == (0, 2, 1)
    assert d.by == ((0, F(1, 2)), (1, F(1, 2))) and d.margin == F(1, 2) and not d.pure


def test_mixed_dominance_unequal_weights():
    # max over p of min(4p - 1, 2(1 - p) - 1) is at p = 1/3 with margin 1/3
    a = dominance_analysis(game([[4, 0], [0, 2], [1, 1]], [[0, 0], [0, 0], [0, 0]]))
    (d,) = a.eliminated
    assert d.by == ((0, F(1, 3)), (1, F(2, 3))) and d.margin == F(1, 3)


def test_mixed_dominance_three_players():
    # Player 1's third strategy pays 1 everywhere; the first two pay 3 or 0 depending on the others'
    # profile, in opposite patterns, so only their even mix beats it against all four profiles.
    u1 = np.zeros((3, 2, 2), dtype=object)
    u1[0] = [[3, 0], [3, 0]]
    u1[1] = [[0, 3], [0, 3]]
    u1[2] = [[1, 1], [1, 1]]
    zeros = np.zeros((3, 2, 2), dtype=int)
    a = dominance_analysis(game(u1, zeros, zeros))
    assert [(d.player, d.strategy) for d in a.eliminated] == [(0, 2)]
    assert a.eliminated[0].by == ((0, F(1, 2)), (1, F(1, 2)))


def test_weakly_dominated_flagged_not_removed():
    g = game([[1, 1], [1, 0]], [[1, 0], [1, 1]])
    a = dominance_analysis(g)
    assert a.eliminated == ()
    assert [(d.player, d.strategy, d.by, d.round) for d in a.weakly_dominated] == [
        (0, 1, ((0, 1),), None), (1, 1, ((0, 1),), None)]


def test_weak_dominance_by_a_mix_only():
    # (1, 1, 0) vs T (2, 0, 0) and M (0, 2, 0): the even mix gives (1, 1, 0): equal, not better.
    # With (2, 0, 1) and (0, 2, 0): the mix gives (1, 1, 1/2) >= (1, 1, 0), better in the last column.
    a = dominance_analysis(game([[2, 0, 1], [0, 2, 0], [1, 1, 0]], [[0, 0, 0]] * 3))
    assert a.eliminated == ()
    (d,) = [x for x in a.weakly_dominated if x.player == 0]
    assert d.strategy == 2 and d.by == ((0, F(1, 2)), (1, F(1, 2))) and d.margin == F(1, 2)


def test_float_game_uses_tolerance():
    payoffs = np.array([[[3, 0], [0, 3], [1, 1]], [[1, 0], [0, 1], [2, 2]]], dtype=float)
    g = Game((Player("A", ("a", "b", "c")), Player("B", ("x", "y"))), payoffs, None)
    a = dominance_analysis(g, tol=1e-9)
    assert not a.exact and [(d.player, d.strategy) for d in a.eliminated] == [(0, 2)]
    assert a.eliminated[0].by == ((0, pytest.approx(0.5)), (1, pytest.approx(0.5)))
    # a dominance by less than tol does not count
    payoffs = payoffs.copy()
    payoffs[0, 2] = [1.5 - 1e-12, 1.5 - 1e-12]
    g = Game((Player("A", ("a", "b", "c")), Player("B", ("x", "y"))), payoffs, None)
    assert dominance_analysis(g, tol=1e-9).eliminated == ()


# --------------------------------------------------------------------- properties

small_int = st.integers(-4, 4)


@st.composite
def bimatrix(draw):
    m, n = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    a = draw(st.lists(st.lists(small_int, min_size=n, max_size=n), min_size=m, max_size=m))
    b = draw(st.lists(st.lists(small_int, min_size=n, max_size=n), min_size=m, max_size=m))
    return game(a, b)


def _lp_value_float(rows: np.ndarray, t: int) -> float:
    """Independent oracle: max over mixes of the other rows of the worst advantage over row t (HiGHS)."""
    others = np.delete(rows, t, axis=0)
    d = others - rows[t]
    k, c = d.shape
    res = linprog(np.r_[np.zeros(k), -1.0], A_ub=np.c_[-d.T, np.ones(c)], b_ub=np.zeros(c),
                  A_eq=np.r_[np.ones(k), 0.0][None, :], b_eq=[1.0], bounds=[(0, None)] * k + [(None, None)])
    return -res.fun


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix())
def test_eliminated_strategies_are_never_played(g):
    a = dominance_analysis(g)
    sol = solve(g)
    assert sol.complete
    for d in a.eliminated:
        for eq in sol.equilibria:
            assert eq.strategies[d.player][d.strategy] == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix())
def test_certificates_hold_and_survivors_are_undominated(g):
    a = dominance_analysis(g)
    alive = [list(range(k)) for k in g.shape]
    for r in sorted({d.round for d in a.eliminated}):
        batch = [d for d in a.eliminated if d.round == r]
        for d in batch:
            u = np.moveaxis(g.exact[d.player], d.player, 0)[:, alive[1 - d.player]]
            mixed = [sum(w * u[s][c] for s, w in d.by) for c in range(u.shape[1])]
            gaps = [m - u[d.strategy][c] for c, m in enumerate(mixed)]
            assert min(gaps) == d.margin > 0 and sum(w for _, w in d.by) == 1
        for d in batch:
            alive[d.player].remove(d.strategy)
    assert [tuple(x) for x in alive] == list(a.surviving)
    for p in (0, 1):
        u = np.moveaxis(g.payoffs[p], p, 0)[np.ix_(alive[p], alive[1 - p])]
        for t in range(len(alive[p])):
            if len(alive[p]) > 1:
                assert _lp_value_float(u, t) <= 1e-9
    pure_gone = {(p, s) for p, s, _, _ in iterated_strict_dominance(g)[0]}
    assert pure_gone <= {(d.player, d.strategy) for d in a.eliminated}


@st.composite
def with_mixed_dominated_row(draw):
    """A game plus a row that a mix of two existing rows beats by a margin of at least 1/4."""
    n = draw(st.integers(2, 4))
    rows = draw(st.lists(st.lists(small_int, min_size=n, max_size=n), min_size=2, max_size=3))
    w = draw(st.sampled_from([F(1, 2), F(1, 3), F(3, 4)]))
    cut = draw(st.sampled_from([F(1, 4), F(1), F(5, 2)]))
    extra = [w * a + (1 - w) * b - cut for a, b in zip(rows[0], rows[1])]
    cols = draw(st.lists(st.lists(small_int, min_size=n, max_size=n), min_size=len(rows) + 1,
                         max_size=len(rows) + 1))
    return game(rows + [extra], cols), cut


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_mixed_dominated_row())
def test_a_row_below_a_mix_is_always_eliminated_in_round_1(case):
    g, cut = case
    a = dominance_analysis(g)
    last = g.shape[0] - 1
    (d,) = [d for d in a.eliminated if d.player == 0 and d.strategy == last]
    # the certificate may be a pure strategy with a smaller margin; the best mix guarantees at least cut
    assert d.round == 1 and d.margin > 0
    others = lp.matrix_game([[g.exact[0][s, c] - g.exact[0][last, c] for c in range(g.shape[1])]
                             for s in range(last)])
    assert others.value >= cut
    u = g.exact[0]
    for c in range(g.shape[1]):
        assert sum(wt * u[s, c] for s, wt in d.by) - u[last, c] >= d.margin


@settings(max_examples=100, deadline=None)
@given(st.lists(small_int, min_size=24, max_size=24))
def test_three_player_certificates(values):
    arrays = np.array(values).reshape(3, 2, 2, 2)
    g = game(*arrays)
    a = dominance_analysis(g)
    sol = solve(g)  # pure equilibria only; they never use an eliminated strategy either
    for d in a.eliminated:
        for eq in sol.equilibria:
            assert eq.strategies[d.player][d.strategy] == 0
    for d in a.weakly_dominated:
        u = np.moveaxis(g.exact[d.player], d.player, 0)
        rest = [list(s) for s in a.surviving]
        cols = [c for c in product(*[rest[q] for q in range(3) if q != d.player])]
        gains = []
        for c in cols:
            idx = lambda s: (s, *c)  # noqa: E731
            gains.append(sum(w * u[idx(s)] for s, w in d.by) - u[idx(d.strategy)])
        assert min(gains) >= 0 and max(gains) == d.margin > 0


# --------------------------------------------------------------------------- CLI

MIXED_GAME = """
title = "mixed dominance"
description = "B is beaten only by an even mix of T and M"
source = "test"

[[players]]
name = "Row"
strategies = ["T", "M", "B"]

[[players]]
name = "Col"
strategies = ["L", "R"]

[payoffs]
Row = [[3, 0], [0, 3], [1, 1]]
Col = [[1, 0], [0, 1], [2, 2]]
"""


def test_show_marks_mixed_dominance_without_scipy(write):
    path = write(MIXED_GAME)
    code = ("import sys, json\nfrom typer.testing import CliRunner\nfrom wedge_cli.cli.main import app\n"
            f"r = CliRunner().invoke(app, ['show', {path!r}, '--json'])\nassert r.exit_code == 0, r.stderr\n"
            "print(r.stdout)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] == 'scipy']\nassert not bad, bad[:5]\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["dominated"] == [{"player": "Row", "strategy": "B", "by": "T 1/2, M 1/2", "round": 1}]
    assert report["weakly_dominated"] == []
    table = CliRunner().invoke(app, ["show", path]).stdout
    assert "B (dominated)" in table and "strictly dominated by the mix T 1/2, M 1/2" in table


def test_solve_json_reports_dominance(write):
    result = CliRunner().invoke(app, ["solve", write(MIXED_GAME), "--json"])
    assert result.exit_code == 0, result.stderr
    dominance = json.loads(result.stdout)["dominance"]
    assert dominance == {
        "eliminated": [{"player": "Row", "strategy": "B", "by": {"T": 0.5, "M": 0.5},
                        "by_exact": {"T": "1/2", "M": "1/2"}, "pure": False, "round": 1,
                        "margin": 0.5, "exact_margin": "1/2"}],
        "weakly_dominated": [],
        "surviving": {"Row": ["T", "M"], "Col": ["L", "R"]},
        "exact": True,
    }
    table = CliRunner().invoke(app, ["solve", write(MIXED_GAME)]).stdout
    assert "strictly dominated: Row's B (by the mix T 1/2, M 1/2, round 1)" in table
