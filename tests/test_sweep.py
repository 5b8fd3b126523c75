"""wedge_cli.sweep: grids, regimes, exact thresholds, bisection, 2-D maps."""

import importlib
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sweep_games import KINK, MIXED_INTERVAL, NARROW, NO_RANGE, RELIEF_30_7, SQRT2
from wedge_cli.expr import affine_coefficients, compile_expression, polynomial_coefficients
from wedge_cli.formats.toml_read import load, loads
from wedge_cli.model import GameTooLargeError, WedgeError
from wedge_cli.report.common import equilibrium_dict
from wedge_cli.report.sweep import sweep_report
from wedge_cli.solve import solve
from wedge_cli.sweep.axis import MAX_POINTS, parse_axis
from wedge_cli.sweep.bisection import BISECT_TOL
from wedge_cli.sweep.core import sweep
from wedge_cli.sweep.limits import mix_limit
from wedge_cli.sweep.lines import inside
from wedge_cli.solve.many import structure_of
from wedge_cli.text.structures import describe_change, describe_structure

# by full name: wedge_cli.sweep is the API function (wedge_cli/__init__.py)
lines_module = importlib.import_module("wedge_cli.sweep.lines")


def run(text_or_name: str, *params: str, fixed=None, **kw):
    spec = load(text_or_name) if "\n" not in text_or_name else loads(text_or_name)
    return spec, sweep(spec, [parse_axis(p, spec) for p in params], fixed, **kw)


def words(result, sid):
    return describe_structure(result.structures[sid], result.spec.players)


# ------------------------------------------------------------------ expressions


@pytest.mark.parametrize("text, expected", [
    ("4 + cut/10", (Fraction(4), Fraction(1, 10))),
    ("relief * (1 - distrust) / 2", (Fraction(0), Fraction(1, 5))),
    ("(cut - 1) * (cut + 1)", (Fraction(-1), Fraction(0), Fraction(1))),
    ("max(distrust, 0.5) * cut", (Fraction(0), Fraction(3, 5))),
    ("4**0.5 * cut - cut", (Fraction(0), Fraction(1))),
    ("cut - cut", ()),
    ("7", (Fraction(7),)),
])
def test_polynomial_coefficients(text, expected):
    expr = compile_expression(text, ["cut", "relief", "distrust"])
    env = {"relief": Fraction(1), "distrust": Fraction(3, 5)}
    name = "relief" if "relief" in text else "cut"
    env = {k: v for k, v in {**env, "cut": Fraction(2)}.items() if k != name}
    assert polynomial_coefficients(expr, name, env) == expected


@pytest.mark.parametrize("text", ["max(cut, 1)", "abs(cut - 2)", "1 / cut", "cut**0.5", "2 / (cut + 1)",
                                  "min(cut, relief)", "cut**-1"])
def test_not_polynomial(text):
    expr = compile_expression(text, ["cut", "relief"])
    assert polynomial_coefficients(expr, "cut", {"relief": Fraction(1)}) is None


def test_affine_coefficients():
    expr = compile_expression("3 - 2*t/5", ["t"])
    assert affine_coefficients(expr, "t", {}) == (Fraction(3), Fraction(-2, 5))
    assert affine_coefficients(compile_expression("t**2", ["t"]), "t", {}) is None
    assert affine_coefficients(Fraction(5, 2), "t", {}) == (Fraction(5, 2), Fraction(0))


# ---------------------------------------------------------------------- axes


def test_parse_axis_forms():
    spec = load("us-russia-china")
    a = parse_axis("relief", spec)
    assert (a.start, a.stop, a.steps, a.size) == (0, 30, 100, 101)
    b = parse_axis("relief = 5/2 : 10 : 3", spec)
    assert (b.start, b.stop, b.steps) == (Fraction(5, 2), 10, 3)
    assert [b.exact_value(i) for i in range(4)] == [Fraction(5, 2), 5, Fraction(15, 2), 10]
    assert b.values().tolist() == [2.5, 5.0, 7.5, 10.0]
    c = parse_axis("distrust=0:1:10", spec)
    assert c.values()[3] == 0.3  # nearest float to 3/10, not 0.30000000000000004


@pytest.mark.parametrize("text, message", [
    ("releif", "did you mean 'relief'?"),
    ("relief=0:x:10", "STOP 'x' is not a number"),
    ("relief=0:10:ten", "STEPS 'ten' is not a positive whole number"),
    ("relief=0:10:0", "STEPS must be at least 1"),
    ("relief=10:0", "START must be less than STOP"),
    ("relief=0:10:5:1", "expected NAME=START:STOP"),
    ("=0:1", "no parameter name"),
])
def test_parse_axis_errors(text, message):
    spec = load("us-russia-china")
    with pytest.raises(WedgeError) as err:
        parse_axis(text, spec)
    assert message in str(err.value)


def test_parse_axis_needs_a_range_or_declared_one():
    spec = loads(NO_RANGE)
    with pytest.raises(WedgeError) as err:
        parse_axis("t", spec)
    assert "no declared range" in err.value.message and "--param t=" in err.value.hint
    assert parse_axis("t=0:2:4", spec).size == 5


def test_step_limit_is_too_large():
    spec = load("us-europe")
    with pytest.raises(GameTooLargeError) as err:
        parse_axis(f"cut=0:1:{MAX_POINTS}", spec)
    assert f"{MAX_POINTS:,}" in str(err.value)
    with pytest.raises(GameTooLargeError):
        sweep(spec, [parse_axis("cut=0:1:1000", spec), parse_axis("rearm_cost=1:2:1000", spec)])


def test_swept_and_fixed_conflict():
    spec = load("us-europe")
    with pytest.raises(WedgeError, match="both swept"):
        sweep(spec, [parse_axis("cut", spec)], {"cut": "3"})
    with pytest.raises(WedgeError, match="swept twice"):
        sweep(spec, [parse_axis("cut", spec), parse_axis("cut", spec)])


def test_inside_is_strictly_inside_and_simple():
    assert inside(Fraction(0), Fraction(1)) == Fraction(1, 2)
    assert inside(Fraction(4), Fraction(5)) == Fraction(9, 2)
    lo, hi = Fraction(1, 3), Fraction(1, 3) + Fraction(1, 10**12)
    q = inside(lo, hi)
    assert lo < q < hi
    with pytest.raises(ValueError):
        inside(Fraction(1), Fraction(1))


# ------------------------------------------------------------ sweep == solve


def test_every_point_equals_solve():
    spec, result = run("us-europe", "cut=0:20:8")
    assert result.exact_points
    for i in range(result.points.n_points):
        value = result.point_values(i)["cut"]
        sol = solve(spec.game({"cut": value}))
        got = [equilibrium_dict(spec, eq) for eq in result.points.equilibria(i)]
        assert got == [equilibrium_dict(spec, eq) for eq in sol.equilibria]
        assert result.structures[int(result.points.structure[i])] == structure_of(sol)


def test_batched_points_agree_with_exact_points():
    spec = load("us-europe")
    axes = [parse_axis("cut=0:20:1999", spec)]
    exact = sweep(spec, axes, exact_points=True)
    batch = sweep(spec, axes, exact_points=False)
    assert batch.points.batch is not None and not exact.points.batch
    same = [exact.structures[a] == batch.structures[b]
            for a, b in zip(exact.points.structure.tolist(), batch.points.structure.tolist())]
    assert all(same)
    for i in range(0, 2000, 97):
        for x, y in zip(exact.points.equilibria(i), batch.points.equilibria(i)):
            for u, v in zip(x.strategies, y.strategies):
                assert np.allclose(u, v, atol=1e-12)
            assert np.allclose(x.payoffs, y.payoffs)
    def described(r):
        return [(t.exact, r.structures[t.before], r.structures[t.after]) for t in r.thresholds]

    assert described(exact) == described(batch)
    assert batch.points.solutions  # the degenerate point cut = 0 went to the exact solver
    assert 0 in batch.points.solutions and batch.points.solved_exactly(0)


# ---------------------------------------------------------- known thresholds


def test_threshold_30_over_7_in_words():
    spec, r = run(RELIEF_30_7, "relief=0:10:10")
    assert r.analysis == "exact"
    [t] = r.thresholds
    assert t.exact == Fraction(30, 7) and t.method == "exact"
    assert describe_change(r.structures[t.before], r.structures[t.after], spec.players) == (
        "Russia's equilibrium strategy changes StayWithChina -> Hedge")
    assert words(r, t.at) == "(Engage, StayWithChina); (Engage, Hedge)"  # the tie at 30/7
    assert [words(r, g.structure) for g in r.regimes] == ["(Engage, StayWithChina)", "(Engage, Hedge)"]
    assert r.regimes[0].stop == Fraction(30, 7) and r.regimes[1].start == Fraction(30, 7)
    assert r.regimes[0].closed == (True, False) and r.regimes[1].closed == (False, True)


def test_two_thresholds_closer_than_the_grid_spacing():
    spec, r = run(NARROW, "t=0:1:10")  # grid step 1/10; thresholds 1/3 and 7/20
    assert [t.exact for t in r.thresholds] == [Fraction(1, 3), Fraction(7, 20)]
    assert [words(r, g.structure) for g in r.regimes] == ["(r2, c2)", "(r1, c2)", "(r1, c1)"]
    middle = r.regimes[1]
    assert middle.points == 0  # no grid point lands in it
    assert (middle.start, middle.stop) == (Fraction(1, 3), Fraction(7, 20))
    assert Fraction(1, 3) < middle.sample["t"] < Fraction(7, 20)
    grid = {words(r, int(s)) for s in r.points.structure}
    assert "(r1, c2)" not in grid  # the grid alone would have missed it


def test_mixed_equilibrium_only_on_an_interval():
    spec, r = run(MIXED_INTERVAL, "t=0:3:4")  # grid 0, 0.75, 1.5, 2.25, 3
    assert [t.exact for t in r.thresholds] == [1, 2]
    assert [words(r, g.structure) for g in r.regimes] == ["(r2, c1)", "mixed (Row: r1+r2; Col: c1+c2)", "(r1, c2)"]
    mixed = r.regimes[1]
    assert (mixed.start, mixed.stop) == (1, 2)
    [eq] = mixed.equilibria
    t = mixed.sample["t"]
    assert eq.exact == ((Fraction(1, 2), Fraction(1, 2)), (2 - t, t - 1))
    lo, hi = mixed.ends
    assert lo.limit and hi.limit and (lo.value, hi.value) == (1, 2)
    assert lo.equilibria[0].exact == ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1), Fraction(0)))
    assert hi.equilibria[0].exact == ((Fraction(1, 2), Fraction(1, 2)), (Fraction(0), Fraction(1)))
    change = describe_change(r.structures[r.thresholds[0].before], r.structures[r.thresholds[0].after], spec.players)
    assert change.startswith("the equilibrium becomes mixed")


def test_irrational_threshold_is_refined():
    spec, r = run(SQRT2, "t=0:3:6")
    [t] = r.thresholds
    assert t.exact is None and abs(t.value - math.sqrt(2)) < 1e-12
    assert t.algebraic.startswith("root of t**2 - 2")
    assert t.at is None  # an irrational point cannot be solved exactly


def test_kink_is_bisected_to_tolerance():
    spec, r = run(KINK, "t=0:5:7")
    assert r.analysis == "bisection"
    [t] = r.thresholds
    assert t.method == "bisection" and t.exact is None
    assert abs(t.value - 2.5) <= BISECT_TOL * 2.5
    # the tie at 5/2 itself is a third structure: two bisections meet there, one from each side
    assert t.bracket[0] <= 2.5 <= t.bracket[1] and t.bracket[1] - t.bracket[0] <= 2 * BISECT_TOL * 2.5
    assert t.value == 2.5 and words(r, t.at).startswith("(r1, c1); (r2, c2); mixed (Row: r1+r2")


def test_bundled_three_player_thresholds():
    """3-player games: whatever solve reports (mixed equilibria included); changes of the pure equilibria are
    located exactly at the roots of payoff differences, the rest by bisection."""
    spec, r = run("us-russia-china", "relief")
    solved = solve(spec.game())
    assert r.method == solved.method and r.pure_only == solved.pure_only
    assert [t.exact for t in r.thresholds] == [Fraction(35, 2)]
    if not r.pure_only:
        assert r.analysis == "bisection"
        assert "mixed" in describe_change(r.structures[r.thresholds[0].before], r.structures[r.thresholds[0].after],
                                          spec.players)
    # the file's own formula: Russia hedges iff relief * (1 - distrust) > 12 - 2 * 2.5
    spec, r = run("us-russia-china", "distrust=0:1:1", fixed={"relief": "20"})  # two grid points only
    assert [t.exact for t in r.thresholds] == [Fraction(3, 20), Fraction(1, 4), Fraction(13, 20)]
    assert all(t.at is not None for t in r.thresholds)


def test_three_player_mixed_equilibria_with_method_enumerate():
    """All equilibria of a 3-player game (mixed included) are solved point by point; the thresholds where the
    pure equilibria change are still exact, even on a grid of two points."""
    spec, r = run("us-russia-china", "distrust=0:1:1", fixed={"relief": "20"}, method="enumerate")
    assert r.method == "enumerate" and not r.pure_only and r.analysis == "bisection"
    assert [t.exact for t in r.thresholds] == [Fraction(3, 20), Fraction(1, 4), Fraction(13, 20)]
    assert any("mixed" in words(r, g.structure) for g in r.regimes)
    assert not any(code == "pure_only" for code, _ in r.warnings)


def test_method_choice():
    spec, r = run("us-europe", "cut", method="pure")
    assert r.pure_only and [t.exact for t in r.thresholds] == [5]
    assert [w for code, w in r.warnings if code == "pure_only"][0].startswith("only pure-strategy equilibria were")
    with pytest.raises(WedgeError, match="unknown solver method"):
        run("us-europe", "cut", method="lemke-howson")


def test_us_europe_threshold_at_rearm_cost_and_degenerate_ends():
    spec, r = run("us-europe", "cut")
    [t] = r.thresholds
    assert t.exact == 5
    assert words(r, t.at) == "(Maintain, FreeRide); (Retrench, Rearm); mixed (US: Retrench; Europe: Rearm+FreeRide)"
    [iso] = r.isolated  # cut = 0: Retrench and Maintain coincide
    assert iso.exact == 0 and words(r, iso.structure) == "(Maintain, FreeRide); (Retrench, FreeRide)"
    assert r.regimes[0].closed == (False, False)
    mixed_regime = r.regimes[1]
    ends = [e.equilibria[2].exact[0] for e in mixed_regime.ends]  # US's mix in the mixed equilibrium
    assert ends == [(Fraction(0), Fraction(1)), (Fraction(3, 4), Fraction(1, 4))]  # Maintain = 1 - 5/cut


def test_out_of_range_warning():
    spec, r = run("us-europe", "cut=0:30:3")
    assert any(code == "out_of_range" for code, _ in r.warnings)


def test_cross_check_fallback(monkeypatch):
    """A wrong set of critical points is caught by the grid cross-check and bisection takes over."""
    monkeypatch.setattr(lines_module, "critical_roots", lambda *a, **k: [])
    spec, r = run(RELIEF_30_7, "relief=0:10:10")
    assert r.analysis == "bisection"
    assert any(code == "cross_check_failed" for code, _ in r.warnings)
    [t] = r.thresholds
    assert abs(t.value - 30 / 7) < 1e-9


# ---------------------------------------------------------------------- 2-D


def test_two_dimensional_map_boundaries_follow_cut_equals_rearm_cost():
    spec, r = run("us-europe", "cut=0:20:20", "rearm_cost=1:15:14")
    assert r.analysis == "grid" and len(r.axes) == 2
    labels = {words(r, g.structure) for g in r.regimes}
    assert "(Maintain, FreeRide)" in labels
    assert sum(g.points for g in r.regimes) == 21 * 15
    # Europe rearms against a cut iff cut > rearm_cost: every boundary crossing lies on that line
    crossings = [t for t in r.thresholds if t.parameter == "cut"]
    assert crossings
    for t in crossings:
        assert t.exact is not None
        assert t.exact in (0, t.where["rearm_cost"])
    other = [t for t in r.thresholds if t.parameter == "rearm_cost"]
    assert all(t.exact == t.where["cut"] for t in other)
    report = sweep_report(r)
    assert len(report["map"]) == 21 and len(report["map"][0]) == 15


# ------------------------------------------------------------ property test

_SHAPES = [((2, 2), 2), ((2, 3), 2), ((3, 3), 2), ((3, 2), 2)]


def _affine_game(shape, n, data) -> str:
    import itertools

    lines = ["[parameters.t]", "value = 0", "min = -2", "max = 2", ""]
    for p in range(n):
        names = ", ".join(f'"s{p}{i}"' for i in range(shape[p]))
        lines += ["[[players]]", f'name = "P{p}"', f"strategies = [{names}]", ""]
    for profile in itertools.product(*[range(k) for k in shape]):
        pays = []
        for _ in range(n):
            a, b = data[len(pays) % len(data)]
            data.append(data.pop(0))
            pays.append(f'"{a} + {b}*t"' if b else str(a))
        lines += ["[[outcomes]]", "profile = [" + ", ".join(f'"s{p}{i}"' for p, i in enumerate(profile)) + "]",
                  "payoffs = [" + ", ".join(pays) + "]", ""]
    return "\n".join(lines)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_SHAPES),
    st.lists(st.tuples(st.integers(-3, 3), st.sampled_from([0, 0, 1, -1, 2, Fraction(1, 2)])),
             min_size=8, max_size=24),
)
def test_thresholds_are_real_and_nothing_is_missed(shape_n, coeffs):
    """On each side of every threshold the structure really differs, and a fine exact grid finds no
    change that the sweep did not report (affine payoffs, exact analysis)."""
    shape, n = shape_n
    spec = loads(_affine_game(shape, n, list(coeffs)))
    r = sweep(spec, [parse_axis("t=-2:2:5", spec)])
    assert r.analysis == "exact"

    def at(v):
        return structure_of(solve(spec.game({"t": v})))

    eps = Fraction(1, 10**9)
    for t in r.thresholds:
        v = t.exact if t.exact is not None else Fraction(t.value)
        left, right = at(v - eps), at(v + eps)
        assert left != right
        assert left == r.structures[t.before] and right == r.structures[t.after]
    for g in r.regimes:
        lo, hi = Fraction(g.start), Fraction(g.stop)
        for k in (1, 2, 3):
            v = lo + (hi - lo) * k / 4
            if any(x.exact == v for x in r.isolated):
                continue
            assert at(v) == r.structures[g.structure]
    marks = [Fraction(t.value) if t.exact is None else t.exact for t in r.thresholds]
    marks += [x.exact for x in r.isolated]
    grid = [Fraction(-2) + Fraction(k, 40) for k in range(161)]
    structures = [at(v) for v in grid]
    for a, b, sa, sb in zip(grid, grid[1:], structures, structures[1:]):
        if sa != sb:
            assert any(a - eps <= m <= b + eps for m in marks), (float(a), float(b))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(-3, 3), st.sampled_from([0, 0, 1, -1, 2])), min_size=8, max_size=24))
def test_three_player_thresholds_are_real_and_pure_changes_are_found(coeffs):
    """3 players: each reported threshold separates two different structures, and every change of the set of
    pure equilibria on a fine exact grid is reported, even with a grid of two points."""
    spec = loads(_affine_game((2, 2, 2), 3, list(coeffs)))
    r = sweep(spec, [parse_axis("t=-2:2:1", spec)])

    def at(v):
        return structure_of(solve(spec.game({"t": v})))

    # beyond sweep.RESOLUTION: closer to a threshold, near-equilibria within the solver's tolerance show up
    eps = Fraction(2, 10**6)
    for t in r.thresholds:
        lo, hi = Fraction(t.bracket[0]), Fraction(t.bracket[1])
        if t.exact is not None:
            lo, hi = min(lo, t.exact), max(hi, t.exact)
        # the sweep knows nothing outside [-2, 2]: a change at an end is checked at the end itself
        left, right = max(lo - eps, Fraction(-2)), min(hi + eps, Fraction(2))
        assert at(left) == r.structures[t.before] and at(right) == r.structures[t.after]
    marks = [t.exact if t.exact is not None else Fraction(t.value) for t in r.thresholds]
    marks += [x.exact if x.exact is not None else Fraction(x.value) for x in r.isolated]
    grid = [Fraction(-2) + Fraction(k, 20) for k in range(81)]
    pure = [at(v).pure for v in grid]
    for a, b, pa, pb in zip(grid, grid[1:], pure, pure[1:]):
        if pa != pb:
            assert any(a - eps <= m <= b + eps for m in marks), (float(a), float(b))


def test_mix_limit_of_an_always_singular_system_at_an_irrational_end_is_none():
    """Found by the property test above: the determinant is identically zero and the end is a float
    (an irrational threshold), which crashed with max() of an empty sequence."""
    one, minus = (Fraction(1),), (Fraction(-1),)
    polys = np.array([[(), one, (Fraction(-1), Fraction(1))],
                      [(), minus, ()],
                      [(Fraction(0), Fraction(1)), minus, ()]], dtype=object)
    assert mix_limit(polys, (1, 2), (1, 2), 0.3819660112501051, 1) is None
