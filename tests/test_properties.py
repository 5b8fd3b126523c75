"""Equilibrium properties: efficiency, payoff and risk dominance, welfare, security levels."""

import json
from fractions import Fraction

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import load
from wedge_cli.model import Game
from wedge_cli.analysis.properties import (
    equilibrium_properties,
    pareto_efficient_outcomes,
    risk_comparison,
    security_levels,
)
from wedge_cli.solve import solve

F = Fraction


def solved(a, b, *more):
    return solve(Game.from_arrays(a, b, *more))


def by_profile(solution):
    props = equilibrium_properties(solution)
    return {tuple(s[0] for s in eq.support) if eq.pure else "mixed": p for eq, p in zip(solution.equilibria, props)}


def test_stag_hunt_payoff_versus_risk_dominance():
    # Stag Hunt: (Stag, Stag) = (4, 4) is payoff-dominant; deviation losses are 4 - 3 = 1 for each player
    # there, 3 - 0 = 3 at (Hare, Hare), so (Hare, Hare) risk-dominates (product 9 > 1).
    sol = solved([[4, 0], [3, 3]], [[4, 3], [0, 3]])
    props = by_profile(sol)
    assert props[(0, 0)].payoff_dominant and not props[(1, 1)].payoff_dominant
    assert props[(1, 1)].risk_dominant is True and props[(0, 0)].risk_dominant is False
    assert props["mixed"].risk_dominant is None and not props["mixed"].payoff_dominant
    risk = risk_comparison(sol)
    assert risk.products == (1, 9) and risk.losses == ((1, 1), (3, 3))


def test_risk_dominance_tie_on_us_europe():
    # 2.4 * 5 = 12 at (Maintain, FreeRide) and 4 * 3 = 12 at (Retrench, Rearm): neither risk-dominates
    sol = solve(load("us-europe").game())
    risk = risk_comparison(sol)
    assert risk.products == (12, 12) and risk.dominant is None
    props = equilibrium_properties(sol)
    assert [p.risk_dominant for p in props] == [False, False, None]
    assert [p.payoff_dominant for p in props] == [False, False, False]


def test_risk_dominance_needs_two_strict_equilibria():
    assert risk_comparison(solved([[3, 0], [5, 1]], [[3, 5], [0, 1]])) is None      # PD: one equilibrium
    assert risk_comparison(solve(load("us-russia-china").game())) is None           # not 2x2


def test_prisoners_dilemma_is_inefficient():
    sol = solved([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    (p,) = equilibrium_properties(sol)
    assert not p.pareto_efficient and p.dominated_by == ((0, 0),)
    assert p.pareto_among_equilibria and p.payoff_dominant  # the only equilibrium
    assert pareto_efficient_outcomes(sol.game) == [(0, 0), (0, 1), (1, 0)]
    assert p.welfare == 2 and p.exact_welfare == 2


def test_security_levels():
    # matching pennies: value 0 with an even mix; the other player likewise
    levels = security_levels(Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    assert [(s.exact, s.strategy) for s in levels] == [(0, ((0, F(1, 2)), (1, F(1, 2)))),
                                                      (0, ((0, F(1, 2)), (1, F(1, 2))))]
    # a mixed maxmin: rows (2, -1) and (-1, 1): 2p - (1-p) = -p + (1-p) -> p = 2/5, value 1/5
    (row, _) = security_levels(Game.from_arrays([[2, -1], [-1, 1]], [[0, 0], [0, 0]]))
    assert row.exact == F(1, 5) and row.strategy == ((0, F(2, 5)), (1, F(3, 5)))
    # three players: the worst case is over the others' joint profiles
    u = np.array([[[2, 0], [1, 3]], [[1, 1], [1, 1]]])
    levels = security_levels(Game.from_arrays(u, np.zeros((2, 2, 2)), np.zeros((2, 2, 2))))
    assert levels[0].exact == 1 and levels[0].strategy == ((1, 1),)


def test_welfare_and_security_gain_on_us_europe():
    sol = solve(load("us-europe").game())
    props = equilibrium_properties(sol)
    assert [p.exact_welfare for p in props] == [0, -1, -5]
    assert [p.gain_over_security for p in props] == [(0, 5), (4, 0), (0, 0)]
    assert all(all(p.at_least_security) for p in props)
    assert [p.pareto_efficient for p in props] == [True, True, False]
    assert props[2].dominated_by == ((0, 1), (1, 0))


@st.composite
def bimatrix(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(2, 3))
    cells = st.lists(st.lists(st.integers(-3, 3), min_size=n, max_size=n), min_size=m, max_size=m)
    return Game.from_arrays(draw(cells), draw(cells))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix())
def test_property_invariants(g):
    sol = solve(g)
    props = equilibrium_properties(sol)
    levels = security_levels(g)
    for eq, p in zip(sol.equilibria, props):
        # every Nash equilibrium pays each player at least its maxmin value
        assert all(p.at_least_security)
        assert p.exact_welfare == sum(eq.exact_payoffs)
        # dominated_by lists exactly the outcomes that Pareto-dominate it
        for idx in np.ndindex(*g.shape):
            y = [g.exact[(q, *idx)] for q in range(2)]
            dominates = all(a >= b for a, b in zip(y, eq.exact_payoffs)) and y != list(eq.exact_payoffs)
            assert (idx in p.dominated_by) == dominates
    # payoff dominance: at most one distinct payoff vector, and it beats every other strictly
    winners = {tuple(eq.exact_payoffs) for eq, p in zip(sol.equilibria, props) if p.payoff_dominant}
    assert len(winners) <= 1
    for level in levels:
        # the maxmin strategy guarantees the value against every pure profile of the other
        u = np.moveaxis(g.exact[level.player], level.player, 0)
        worst = min(sum(w * u[s][c] for s, w in level.strategy) for c in range(u.shape[1]))
        assert worst == level.exact


def test_solve_json_has_new_keys():
    result = CliRunner().invoke(app, ["solve", "us-europe", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["security"]["Europe"] == {"value": -5.0, "exact": "-5", "strategy": {"Rearm": 1.0},
                                            "exact_strategy": {"Rearm": "1"}}
    eq = report["equilibria"][1]
    assert eq["pareto_efficient"] == {"among_outcomes": True, "among_equilibria": True}
    assert eq["payoff_dominant"] is False and eq["risk_dominant"] is False
    assert eq["welfare"] == {"total": -1.0, "exact_total": "-1", "gain_over_security": {"US": 4.0, "Europe": 0.0},
                             "at_least_security": {"US": True, "Europe": True}}
    assert report["equilibria"][2]["risk_dominant"] is None
    assert report["classification"]["family"] is None
    assert report["classification"]["candidates"] == ["chicken", "leader", "hybrid"]
    three = json.loads(CliRunner().invoke(app, ["solve", "us-russia-china", "--json"]).stdout)
    assert three["classification"] is None and three["equilibria"][0]["risk_dominant"] is None
    assert [d["strategy"] for d in three["dominance"]["eliminated"]] == ["Realign", "Hedge", "Engage", "Hold"]


def test_solve_table_flags(write):
    stag = """
title = "stag hunt"
description = "t"
source = "t"
[[players]]
name = "A"
strategies = ["Stag", "Hare"]
[[players]]
name = "B"
strategies = ["Stag", "Hare"]
[payoffs]
A = [[4, 0], [3, 2]]
B = [[4, 3], [0, 2]]
"""
    out = CliRunner().invoke(app, ["solve", write(stag)]).stdout
    assert "pure, strict, efficient, payoff-dominant" in out
    assert "pure, strict, risk-dominant" in out
    assert "2x2 ordinal type: Stag Hunt" in out
    assert "security levels (maxmin): A 2 (Hare); B 2 (Hare)" in out
    md = CliRunner().invoke(app, ["solve", write(stag), "--format", "markdown"]).stdout
    assert "| pure, strict, efficient, payoff-dominant |" in md and "- 2x2 ordinal type: Stag Hunt" in md
