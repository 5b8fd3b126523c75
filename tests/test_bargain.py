"""Bargaining solutions: known cases, a brute-force check over the feasible set, CLI and JSON."""

import json
from fractions import Fraction
from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wedge_cli.analysis.bargain import bargain, convex_hull, pareto_chain
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.errors import WedgeError
from wedge_cli.formats.toml_read import load
from wedge_cli.model import Game

F = Fraction


def outcomes_game(points):
    """A 2x2 game whose four outcomes have the given payoff pairs (row-major)."""
    a = [[points[0][0], points[1][0]], [points[2][0], points[3][0]]]
    b = [[points[0][1], points[1][1]], [points[2][1], points[3][1]]]
    return Game.from_arrays(a, b)


def test_divide_the_dollar():
    r = bargain(outcomes_game([(0, 0), (1, 0), (0, 1), (0, 0)]))
    assert r.disagreement == (0, 0)
    for point in (r.nash, r.kalai_smorodinsky, r.egalitarian):
        assert point.payoffs == (F(1, 2), F(1, 2))
        assert sorted(point.mix) == [((0, 1), F(1, 2)), ((1, 0), F(1, 2))]
    assert r.nash_product == F(1, 4) and r.equal_gains


def test_triangle_where_the_three_solutions_differ_from_equal_split():
    # frontier x1/2 + x2 = 1 from (2, 0) to (0, 1), d = (0, 0):
    # Nash maximises x1 (1 - x1/2) at x1 = 1; KS meets the line to the ideal point (2, 1) at (1, 1/2);
    # the egalitarian point has x1 = x2: x + x/2... -> x = 2/3
    r = bargain(outcomes_game([(0, 0), (2, 0), (0, 1), (0, 0)]), (0, 0))
    assert r.nash.payoffs == (1, F(1, 2)) and r.nash_product == F(1, 2)
    assert r.ideal == (2, 1) and r.kalai_smorodinsky.payoffs == (1, F(1, 2))
    assert r.egalitarian.payoffs == (F(2, 3), F(2, 3))


def test_kalai_smorodinsky_counterexample():
    # Kalai & Smorodinsky (1975): adding (1, 0.7) moves the Nash solution to that corner, while the
    # solution proportional to the ideal point (1, 1) is (10/13, 10/13)
    r = bargain(outcomes_game([(0, 0), (0, 1), (1, F(7, 10)), (1, 0)]), (0, 0))
    assert r.nash.payoffs == (1, F(7, 10)) and r.nash.mix == (((1, 0), 1),)
    assert r.kalai_smorodinsky.payoffs == (F(10, 13), F(10, 13))
    assert r.kalai_smorodinsky.mix == (((1, 0), F(10, 13)), ((0, 1), F(3, 13)))
    assert r.egalitarian.payoffs == (F(10, 13), F(10, 13)) and r.equal_gains


def test_us_europe_default_disagreement():
    r = bargain(load("us-europe").game())
    assert r.disagreement == (0, -5)  # each side's maxmin level
    assert r.nash.payoffs == (2, F(-5, 2)) and r.nash_product == 5
    assert r.nash.mix == (((1, 0), F(1, 2)), ((0, 1), F(1, 2)))   # (Retrench, Rearm) half, (Maintain, FreeRide) half
    assert r.kalai_smorodinsky.payoffs == (2, F(-5, 2))
    assert r.egalitarian.payoffs == (F(20, 9), F(-25, 9))
    assert [v for _, v in r.frontier] == [(4, -5), (0, 0)]


def test_leximin_when_no_equal_gains():
    # the only efficient deals give player 2 at least 2 more than player 1 gains
    r = bargain(outcomes_game([(0, 0), (1, 3), (0, 4), (0, 0)]), (0, 0))
    assert not r.equal_gains
    assert r.egalitarian.payoffs == (1, 3)  # the smaller gain (player 1's) is largest here


def test_degenerate_feasible_sets():
    one = bargain(outcomes_game([(1, 1)] * 4), (0, 0))
    assert one.nash.payoffs == one.kalai_smorodinsky.payoffs == one.egalitarian.payoffs == (1, 1)
    assert convex_hull([(F(0), F(0)), (F(1), F(1)), (F(2), F(2))]) == [(0, 0), (2, 2)]
    assert pareto_chain([(F(0), F(0)), (F(2), F(2))]) == [(2, 2)]


def test_errors():
    with pytest.raises(WedgeError, match="disagreement point"):
        bargain(outcomes_game([(0, 0), (1, 0), (0, 1), (0, 0)]), (1, 1))
    with pytest.raises(WedgeError, match="2-player"):
        bargain(load("us-russia-china").game())


# ------------------------------------------------------------ brute-force property tests


@st.composite
def bimatrix(draw):
    m, n = draw(st.integers(1, 3)), draw(st.integers(2, 3))
    cells = st.lists(st.lists(st.integers(-4, 4), min_size=n, max_size=n), min_size=m, max_size=m)
    return Game.from_arrays(draw(cells), draw(cells))


def _grid(points, steps=6):
    """Convex combinations of every pair and triple of outcome points on a grid of weights."""
    pts = sorted(set(points))
    out = set(pts)
    for a, b, c in combinations(pts + [pts[0]] if len(pts) < 3 else pts, 3):
        for i in range(steps + 1):
            for j in range(steps + 1 - i):
                k = steps - i - j
                w = (F(i, steps), F(j, steps), F(k, steps))
                out.add((w[0] * a[0] + w[1] * b[0] + w[2] * c[0], w[0] * a[1] + w[1] * b[1] + w[2] * c[1]))
    return out


def _reaches(game, point):
    total = sum(w for _, w in point.mix)
    pay = [sum(w * game.exact[(p, *prof)] for prof, w in point.mix) for p in (0, 1)]
    return total == 1 and all(w > 0 for _, w in point.mix) and tuple(pay) == point.payoffs


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix())
def test_nash_point_is_efficient_and_maximises_the_product(g):
    r = bargain(g)
    d = r.disagreement
    points = [(g.exact[(0, *i)], g.exact[(1, *i)]) for i in np.ndindex(*g.shape)]
    grid = _grid(points)
    for point in (r.nash, r.kalai_smorodinsky, r.egalitarian):
        assert _reaches(g, point)
        assert point.payoffs[0] >= d[0] and point.payoffs[1] >= d[1]
        # no feasible point on the grid Pareto-dominates a solution
        assert not any(x[0] >= point.payoffs[0] and x[1] >= point.payoffs[1] and x != point.payoffs for x in grid)
    # the grid may miss every point at or above d: in a zero-sum game d is one point of the
    # frontier (4/5, -4/5) that six steps do not reach; the product is then 0 at best
    best = max(((x[0] - d[0]) * (x[1] - d[1]) for x in grid if x[0] >= d[0] and x[1] >= d[1]), default=0)
    assert r.nash_product >= best
    assert r.nash_product == (r.nash.payoffs[0] - d[0]) * (r.nash.payoffs[1] - d[1])
    # KS: gains proportional to the ideal gains
    ks = r.kalai_smorodinsky.payoffs
    assert (ks[0] - d[0]) * (r.ideal[1] - d[1]) == (ks[1] - d[1]) * (r.ideal[0] - d[0])
    if r.equal_gains:
        eg = r.egalitarian.payoffs
        assert eg[0] - d[0] == eg[1] - d[1]


# ----------------------------------------------------------------------------- CLI


def test_bargain_json():
    result = CliRunner().invoke(app, ["bargain", "us-europe", "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.bargain/1"
    assert report["disagreement"] == {"source": "maxmin", "payoffs": {"US": 0.0, "Europe": -5.0},
                                      "exact": {"US": "0", "Europe": "-5"}}
    nash = report["nash"]
    assert nash["payoffs"] == {"US": 2.0, "Europe": -2.5} and nash["exact_nash_product"] == "5"
    assert nash["mix"] == [{"profile": ["Retrench", "Rearm"], "weight": 0.5, "exact_weight": "1/2"},
                           {"profile": ["Maintain", "FreeRide"], "weight": 0.5, "exact_weight": "1/2"}]
    assert set(report) >= {"feasible", "ideal", "kalai_smorodinsky", "egalitarian", "parameters", "game"}
    assert report["egalitarian"]["equal_gains"] is True


def test_bargain_disagreement_options():
    run = CliRunner().invoke
    eq = json.loads(run(app, ["bargain", "us-europe", "--disagreement", "equilibrium:2", "--json"]).stdout)
    assert eq["disagreement"]["source"] == "equilibrium 2" and eq["nash"]["payoffs"] == {"US": 4.0, "Europe": -5.0}
    given_ = json.loads(run(app, ["bargain", "us-europe", "--disagreement=-1,-6", "--json"]).stdout)
    assert given_["disagreement"]["exact"] == {"US": "-1", "Europe": "-6"}
    bad = run(app, ["bargain", "us-europe", "--disagreement", "equilibrium:9"])
    assert bad.exit_code == ExitCode.INVALID_INPUT and bad.stdout == "" and "from 1 to 3" in bad.stderr
    bad = run(app, ["bargain", "us-europe", "--disagreement", "1,2,3"])
    assert bad.exit_code == ExitCode.INVALID_INPUT and "one number per player" in bad.stderr
    far = run(app, ["bargain", "us-europe", "--disagreement", "5,5"])
    assert far.exit_code == ExitCode.INVALID_INPUT and "hint:" in far.stderr
    three = run(app, ["bargain", "us-russia-china"])
    assert three.exit_code == ExitCode.INVALID_INPUT and "2-player" in three.stderr


def test_bargain_table_and_markdown():
    out = CliRunner().invoke(app, ["bargain", "us-europe"]).stdout
    assert "Kalai-Smorodinsky" in out and "(Retrench, Rearm) 1/2 + (Maintain, FreeRide) 1/2" in out
    assert "disagreement point (maxmin): US 0, Europe -5" in out
    md = CliRunner().invoke(app, ["bargain", "us-europe", "--format", "markdown"]).stdout
    assert md.startswith("| solution | US | Europe |") and "| egalitarian | 20/9 | -25/9 |" in md
