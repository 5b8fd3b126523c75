"""The default 2-player solver (``enumerate``) against pygambit and hand-checked games.

pygambit's ``enummixed_solve(rational=True)`` (Avis et al. 2010, exact) is the
oracle: the sets of exact extreme equilibria must be equal, and the connected
components must match the components of the bipartite graph built from
pygambit's equilibria (two extreme equilibria are adjacent when they share one
player's strategy).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wedge_cli.solve import enumeration
from wedge_cli.model import Game, GameTooLargeError
from wedge_cli.solve import solve

gbt = pytest.importorskip("pygambit")

F = Fraction


# -- oracles ---------------------------------------------------------------------------------


def gambit_equilibria(a, b) -> set[tuple[tuple[Fraction, ...], ...]]:
    game = gbt.Game.from_arrays(np.array(a, dtype=object), np.array(b, dtype=object))
    result = gbt.nash.enummixed_solve(game, rational=True)
    return {
        tuple(tuple(Fraction(str(eq[s])) for s in player.strategies) for player in game.players)
        for eq in result.equilibria
    }


def graph_components(profiles) -> set[frozenset]:
    """Connected components of the bipartite graph x -- y with one edge per equilibrium (x, y)."""
    profiles = list(profiles)
    parent = {p: p for p in profiles}

    def find(p):
        while parent[p] != p:
            p = parent[p]
        return p

    for p, q in itertools.combinations(profiles, 2):
        if p[0] == q[0] or p[1] == q[1]:
            parent[find(p)] = find(q)
    groups: dict = {}
    for p in profiles:
        groups.setdefault(find(p), set()).add(p)
    return {frozenset(g) for g in groups.values()}


def wedge_components(solution) -> set[frozenset]:
    return {frozenset(solution.equilibria[i].exact for i in comp) for comp in solution.components}


def exact_regret(a, b, x, y) -> Fraction:
    """Independent exact regret of a bimatrix profile (Fractions only)."""
    a = [[F(v) for v in row] for row in a]
    b = [[F(v) for v in row] for row in b]
    rows = [sum(a[i][j] * y[j] for j in range(len(y))) for i in range(len(x))]
    cols = [sum(b[i][j] * x[i] for i in range(len(x))) for j in range(len(y))]
    u1 = sum(x[i] * rows[i] for i in range(len(x)))
    u2 = sum(y[j] * cols[j] for j in range(len(y)))
    return max(max(rows) - u1, max(cols) - u2)


def check_against_gambit(a, b):
    solution = solve(Game.from_arrays(a, b))
    got = [eq.exact for eq in solution.equilibria]
    assert len(got) == len(set(got)), "duplicate equilibria"
    reference = gambit_equilibria(a, b)
    assert set(got) == reference
    assert wedge_components(solution) == graph_components(reference)
    assert solution.complete and solution.method == "enumerate"
    return solution


# -- against pygambit --------------------------------------------------------------------------


def _random_games(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for t in range(count):
        m, n = (int(v) for v in rng.integers(1, 6, 2))
        kind = t % 5
        if kind in (0, 1):  # {0, 1, 2}: mostly degenerate
            yield rng.integers(0, 3, (m, n)).tolist(), rng.integers(0, 3, (m, n)).tolist()
        elif kind == 2:
            yield rng.integers(-10, 11, (m, n)).tolist(), rng.integers(-10, 11, (m, n)).tolist()
        elif kind == 3:
            yield rng.integers(0, 100, (m, n)).tolist(), rng.integers(0, 100, (m, n)).tolist()
        else:  # rationals
            yield _rationals(rng, m, n), _rationals(rng, m, n)


def _rationals(rng, m, n):
    nums, dens = rng.integers(-5, 6, (m, n)), rng.integers(1, 4, (m, n))
    return [[F(int(v), int(d)) for v, d in zip(r1, r2)] for r1, r2 in zip(nums, dens)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_games_match_pygambit(seed):
    degenerate = 0
    for a, b in _random_games(seed, 100):
        solution = check_against_gambit(a, b)
        degenerate += solution.degenerate
    assert degenerate > 20  # the sample really exercises degenerate games


payoff_values = st.one_of(st.integers(0, 2), st.integers(-4, 4))


@st.composite
def bimatrix(draw, max_size=4):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    values = draw(st.sampled_from([st.integers(0, 2), st.integers(0, 1), st.integers(-4, 4)]))
    matrix = st.lists(st.lists(values, min_size=n, max_size=n), min_size=m, max_size=m)
    return draw(matrix), draw(matrix)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix())
def test_property_matches_pygambit(game):
    check_against_gambit(*game)


def test_larger_games_match_pygambit():
    rng = np.random.default_rng(7)
    for m, n in [(6, 6), (7, 5), (6, 8)]:
        a = rng.integers(0, 3, (m, n)).tolist()
        b = rng.integers(0, 3, (m, n)).tolist()
        check_against_gambit(a, b)


# -- von Stengel's 6x6 game with 75 equilibria --------------------------------------------------

# Payoff pairs in .nfg order (player 1's strategy varies fastest), from the Gambit game catalog
# (journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg): von Stengel (1999), "New maximal numbers
# of equilibria in bimatrix games", Discrete & Computational Geometry 21:557-568.
VON_STENGEL_75 = """
9504 72336 -111771 -461736 397584 1227336 171204 -1718376 1303104 1303104 737154 -453420 -660 48081
31680 -300036 -113850 774576 -45936 -1039236 -453420 737154 -227040 -227040 19976 29216 -130944
-178761 451176 451176 208626 -586476 1227336 397584 774576 -113850 -20526 14124 168124 -84436
-586476 208626 -263076 -263076 -1718376 171204 -1039236 -45936 1776 1776 -8514 -8976 29216 19976
14124 -20526 72336 9504 48081 -660 -8976 -8514 52764 52764 -178761 -130944 -84436 168124 -461736
-111771 -300036 31680
"""


def von_stengel_75():
    values = [int(v) for v in VON_STENGEL_75.split()]
    a = [[0] * 6 for _ in range(6)]
    b = [[0] * 6 for _ in range(6)]
    pairs = iter(zip(values[0::2], values[1::2]))
    for j in range(6):
        for i in range(6):
            a[i][j], b[i][j] = next(pairs)
    return a, b


def test_von_stengel_75_equilibria():
    a, b = von_stengel_75()
    solution = check_against_gambit(a, b)
    assert len(solution.equilibria) == 75
    assert not solution.degenerate
    assert len(solution.components) == 75


# -- hand-checked games ---------------------------------------------------------------------


def exact_set(solution):
    return {eq.exact for eq in solution.equilibria}


def test_matching_pennies():
    solution = solve(Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    assert exact_set(solution) == {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))}
    assert not solution.degenerate and solution.warnings == ()
    assert solution.equilibria[0].payoffs == (0.0, 0.0)
    assert not solution.equilibria[0].strict


def test_battle_of_the_sexes_three_equilibria_in_order():
    solution = solve(Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]]))
    assert [eq.exact for eq in solution.equilibria] == [
        ((F(1), F(0)), (F(1), F(0))),
        ((F(0), F(1)), (F(0), F(1))),
        ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))),
    ]
    assert [eq.strict for eq in solution.equilibria] == [True, True, False]
    assert solution.equilibria[2].exact_payoffs == (F(6, 5), F(6, 5))
    assert solution.components == ((0,), (1,), (2,))
    assert not solution.degenerate


@pytest.mark.parametrize("size", [1, 2, 3])
def test_all_zero_game(size):
    zero = [[0] * size for _ in range(size)]
    solution = solve(Game.from_arrays(zero, zero))
    assert len(solution.equilibria) == size * size
    assert all(eq.pure for eq in solution.equilibria)
    assert solution.components == (tuple(range(size * size)),)
    assert solution.degenerate == (size > 1)
    if size > 1:
        (warning,) = [w for w in solution.warnings if w.code == "degenerate"]
        assert f"{size * size} equilibria" in warning.message and "1 connected component" in warning.message
        assert "infinitely many" in warning.message


def test_all_zero_column():
    # Column 2 pays both players nothing whatever player 1 does; it is weakly, not strictly, dominated.
    a = [[2, 0], [0, 0]]
    b = [[0, 0], [1, 0]]
    solution = check_against_gambit(a, b)
    assert solution.degenerate
    assert all(w.code != "dominated_removed" for w in solution.warnings)


def test_nashpy_issue_222_continuum_with_supports_of_different_sizes():
    # (p, 1 - p) against column 1 is an equilibrium for every p in [0, 2/7].
    solution = check_against_gambit([[-3, 3], [-3, 5]], [[2, 7], [4, 2]])
    assert exact_set(solution) == {((F(0), F(1)), (F(1), F(0))), ((F(2, 7), F(5, 7)), (F(1), F(0)))}
    assert solution.components == ((0, 1),)
    assert solution.degenerate


def test_nashpy_issue_82_eight_equilibria():
    # Cost matrices from nashpy issue #82 (players minimise), so solve (-A, -B).
    a = np.array([[0, 0, 6, 0, 0], [0, 0, 3, 2, 1], [4, 3, 0, 0, 1]])
    b = np.array([[3, 0, 2, 1, 0], [0, 2, 0, 0, 4], [4, 0, 2, 4, 4]])
    solution = check_against_gambit((-a).tolist(), (-b).tolist())
    assert len(solution.equilibria) == 8
    assert ((F(1, 3), F(1, 2), F(1, 6)), (F(0), F(4, 9), F(2, 9), F(1, 3), F(0))) in exact_set(solution)


def test_one_by_n_game():
    solution = check_against_gambit([[1, 2, 3]], [[3, 1, 3]])
    assert exact_set(solution) == {((F(1),), (F(1), F(0), F(0))), ((F(1),), (F(0), F(0), F(1)))}
    assert solution.components == ((0, 1),)
    (removed,) = [w for w in solution.warnings if w.code == "dominated_removed"]
    assert "P2: p2" in removed.message


def test_prisoners_dilemma_dominance_and_strictness():
    game = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], names=["Row", "Col"])
    solution = solve(game)
    (eq,) = solution.equilibria
    assert eq.exact == ((F(0), F(1)), (F(0), F(1)))
    assert eq.strict and eq.pure and eq.regret == 0.0
    (removed,) = solution.warnings
    assert removed.code == "dominated_removed"
    assert "Row: r1" in removed.message and "Col: c1" in removed.message


def test_midpoints_within_a_component_are_equilibria():
    # Extreme equilibria that share one player's strategy span a segment of equilibria.
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(60):
        a = rng.integers(0, 2, (3, 3)).tolist()
        b = rng.integers(0, 2, (3, 3)).tolist()
        solution = solve(Game.from_arrays(a, b))
        for comp in solution.components:
            for i, j in itertools.combinations(comp, 2):
                p, q = solution.equilibria[i].exact, solution.equilibria[j].exact
                if p[0] == q[0] or p[1] == q[1]:
                    mid = [tuple((u + v) / 2 for u, v in zip(p[k], q[k])) for k in range(2)]
                    assert exact_regret(a, b, *mid) == 0
                    checked += 1
    assert checked > 20


def test_equilibria_are_exact_and_verified_independently():
    rng = np.random.default_rng(5)
    for _ in range(40):
        a = rng.integers(-3, 4, (4, 3)).tolist()
        b = rng.integers(-3, 4, (4, 3)).tolist()
        for eq in solve(Game.from_arrays(a, b)).equilibria:
            x, y = eq.exact
            assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
            assert exact_regret(a, b, x, y) == 0


# -- output invariants -----------------------------------------------------------------------


def test_probability_vectors_ordering_and_zeros():
    rng = np.random.default_rng(3)
    for _ in range(30):
        a = rng.integers(0, 3, (4, 4)).tolist()
        b = rng.integers(0, 3, (4, 4)).tolist()
        solution = solve(Game.from_arrays(a, b))
        keys = []
        for eq in solution.equilibria:
            for s, ex in zip(eq.strategies, eq.exact):
                assert s.dtype == float and not s.flags.writeable
                assert s.tolist() == [float(v) for v in ex]
                assert not np.any(np.signbit(s)), "no -0.0"
                assert eq.support == tuple(tuple(i for i, v in enumerate(e) if v) for e in eq.exact)
            keys.append((not eq.pure, [-v for s in eq.strategies for v in s]))
        assert keys == sorted(keys)
        again = solve(Game.from_arrays(a, b))
        assert [eq.exact for eq in again.equilibria] == [eq.exact for eq in solution.equilibria]
        assert sorted(i for c in solution.components for i in c) == list(range(len(solution.equilibria)))


def test_float_games_match_the_exact_solution():
    rng = np.random.default_rng(8)
    for _ in range(40):
        m, n = (int(v) for v in rng.integers(1, 5, 2))
        a = rng.integers(0, 4, (m, n))
        b = rng.integers(0, 4, (m, n))
        exact = solve(Game.from_arrays(a.tolist(), b.tolist()))
        rational = Game.from_arrays(a.tolist(), b.tolist())
        floating = Game(rational.players, rational.payoffs.copy(), None)
        approx = solve(floating)
        assert len(approx.equilibria) == len(exact.equilibria)
        for e, f in zip(exact.equilibria, approx.equilibria):
            assert f.exact is None and f.exact_payoffs is None
            assert 0.0 <= f.regret <= approx.tol
            for s, t in zip(e.strategies, f.strategies):
                assert np.max(np.abs(s - t)) <= 1e-9
        assert approx.components == exact.components
        assert approx.degenerate == exact.degenerate


def test_float_game_with_irrational_payoffs():
    a = np.array([[np.sqrt(2), 0.0], [0.0, 1.0]])
    b = np.array([[1.0, 0.0], [0.0, np.pi]])
    base = Game.from_arrays([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    game = Game(base.players, np.stack([a, b]), None)
    solution = solve(game)
    assert len(solution.equilibria) == 3
    x, y = solution.equilibria[2].strategies
    assert x == pytest.approx([np.pi / (1 + np.pi), 1 / (1 + np.pi)])
    assert y == pytest.approx([1 / (1 + np.sqrt(2)), np.sqrt(2) / (1 + np.sqrt(2))])


# -- every code path gives the same answer ----------------------------------------------------


PATHS = {
    "exact-small": dict(_EXACT_SMALL=10**9, _ONE_BATCH=1000, _SMALL_CELLS=64),
    "float-one-batch": dict(_EXACT_SMALL=0, _ONE_BATCH=10**9, _SMALL_CELLS=0),
    "float-by-size": dict(_EXACT_SMALL=0, _ONE_BATCH=0, _SMALL_CELLS=0),
}


def _solve_with(monkeypatch, path, game):
    for name, value in PATHS[path].items():
        monkeypatch.setattr(enumeration, name, value)
    return solve(game)


@pytest.mark.parametrize("offset", [0, 10**6, 10**13, 10**17])
def test_code_paths_agree_even_with_tiny_relative_differences(monkeypatch, offset):
    # Payoffs such as 10**13 + 1 vs 10**13 + 2 defeat a float-only enumeration;
    # the exact refinement must still find every equilibrium.
    rng = np.random.default_rng(offset % 97)
    for _ in range(25):
        m, n = (int(v) for v in rng.integers(2, 5, 2))
        a = (rng.integers(0, 3, (m, n)) + offset * (rng.random((m, n)) < 0.8)).tolist()
        b = (rng.integers(0, 3, (m, n)) + offset * (rng.random((m, n)) < 0.8)).tolist()
        game = Game.from_arrays([[int(v) for v in r] for r in a], [[int(v) for v in r] for r in b])
        results = [_solve_with(monkeypatch, path, game) for path in PATHS]
        first = results[0]
        for other in results[1:]:
            assert [e.exact for e in other.equilibria] == [e.exact for e in first.equilibria]
            assert other.components == first.components
            assert other.degenerate == first.degenerate
        for eq in first.equilibria:
            assert exact_regret(a, b, *eq.exact) == 0


def test_exact_small_path_matches_pygambit_when_forced_everywhere(monkeypatch):
    monkeypatch.setattr(enumeration, "_EXACT_SMALL", 10**9)
    rng = np.random.default_rng(21)
    for _ in range(20):
        a = rng.integers(0, 3, (5, 5)).tolist()
        b = rng.integers(0, 3, (5, 5)).tolist()
        check_against_gambit(a, b)


# -- limits ------------------------------------------------------------------------------------


def test_too_large_game_is_refused_with_a_hint():
    rng = np.random.default_rng(1)
    game = Game.from_arrays(rng.integers(0, 100, (20, 20)).tolist(), rng.integers(0, 100, (20, 20)).tolist())
    with pytest.raises(GameTooLargeError) as err:
        solve(game)
    assert "lemke-howson" in err.value.hint
    assert "20x20" in err.value.message


def test_dominance_shrinks_a_large_game_below_the_limit():
    # Row 0 strictly dominates every other row; the reduced game is 1 x 20.
    a = [[10] * 20] + [[0] * 20 for _ in range(19)]
    b = [[j for j in range(20)] for _ in range(20)]
    solution = solve(Game.from_arrays(a, b))
    (eq,) = solution.equilibria
    assert eq.support == ((0,), (19,))
