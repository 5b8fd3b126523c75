"""solve/many.py, the batch-then-exact driver, against solving each game one by one.

Oracles: :func:`wedge_cli.solve.solve` on each game alone (every equilibrium), and a
brute-force check of every pure profile (the pure equilibria, independent of wedge's
solvers). Small integer payoffs make many games degenerate (ties, weakly dominated
strategies, continua), which the batches must hand to the exact solver.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wedge_cli.budget import Budget
from wedge_cli.model import Game, Player
from wedge_cli.solve import solve
from wedge_cli.solve.many import Structure, solve_many, sort_supports, structure_of

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def players_of(shape) -> tuple[Player, ...]:
    return tuple(Player(f"P{p}", tuple(f"s{p}{i}" for i in range(k))) for p, k in enumerate(shape))


def one_by_one(payoffs: np.ndarray, method: str = "auto") -> list[Structure]:
    players = players_of(payoffs.shape[2:])
    return [structure_of(solve(Game(players, np.array(g)), method, budget=Budget(None))) for g in payoffs]


def pure_equilibria(game: np.ndarray) -> set:
    """Every pure profile no player gains by leaving, by brute force on exact integers."""
    n, shape = game.shape[0], game.shape[1:]
    out = set()
    for profile in itertools.product(*(range(k) for k in shape)):
        if all(game[(p, *profile)] >= max(game[(p, *profile[:p], t, *profile[p + 1:])] for t in range(shape[p]))
               for p in range(n)):
            out.add(tuple((i,) for i in profile))
    return out


def games(shapes, low: int = 0, high: int = 3, max_games: int = 12):
    """Batches of integer games of one shape (many degenerate), sometimes with small noise (nondegenerate)."""
    @st.composite
    def build(draw):
        shape = draw(st.sampled_from(shapes))
        n = draw(st.integers(1, max_games))
        ints = draw(arrays(np.int64, (n, len(shape), *shape), elements=st.integers(low, high)))
        payoffs = ints.astype(float)
        if draw(st.booleans()):
            seed = draw(st.integers(0, 2**16))
            payoffs += np.random.default_rng(seed).uniform(-0.3, 0.3, payoffs.shape)
        return payoffs
    return build()


def check(payoffs: np.ndarray, method: str = "auto") -> None:
    many = solve_many(payoffs, players_of(payoffs.shape[2:]), method=method)
    assert many.structures == one_by_one(payoffs, method)
    for game, structure in zip(payoffs, many.structures):
        if np.all(game == np.round(game)):  # integers: the brute force is exact
            found = set(structure.pure)
            assert found == pure_equilibria(game) if method == "pure" or structure.complete else found <= pure_equilibria(game)


@SETTINGS
@given(games([(2, 2), (2, 3), (3, 3), (3, 2)]))
def test_two_players_equal_one_by_one(payoffs):
    check(payoffs)


@SETTINGS
@given(games([(2, 2, 2), (2, 3, 2), (3, 2, 2)], max_games=8))
def test_three_players_equal_one_by_one(payoffs):
    check(payoffs)


@SETTINGS
@given(games([(2, 2), (3, 3), (2, 2, 2), (2, 3, 2)]))
def test_pure_method_equals_one_by_one(payoffs):
    check(payoffs, "pure")


def test_every_path_of_the_three_player_driver():
    # dominance-settled games, games reduced to two players, 2x2x2 games, and ties in each
    rng = np.random.default_rng(3)
    payoffs = rng.integers(0, 3, size=(120, 3, 2, 2, 2)).astype(float)
    payoffs[:40] += rng.uniform(-0.2, 0.2, size=(40, 3, 2, 2, 2))
    payoffs[40:60, 0, 0] += 5  # player 0's strategy 0 dominant: a bimatrix game is left
    check(payoffs)


def test_matching_pennies_three_ways_has_its_mixed_equilibrium():
    # a 2x2x2 game with no pure equilibrium: the trimatrix batch certifies the mixed one
    u = np.zeros((3, 2, 2, 2))
    for a, b, c in itertools.product(range(2), repeat=3):
        u[0, a, b, c] = 1.0 if a == b else -1.0
        u[1, a, b, c] = 1.0 if b == c else -1.0
        u[2, a, b, c] = 1.0 if c != a else -1.0
    payoffs = np.stack([u + 0.01 * k for k in range(3)])
    many = solve_many(payoffs, players_of((2, 2, 2)))
    assert many.structures == one_by_one(payoffs)
    assert all(s.mixed and not s.pure for s in many.structures)


def test_chunks_from_a_function_and_exact_fallback_by_callback():
    rng = np.random.default_rng(7)
    payoffs = rng.integers(0, 2, size=(50, 2, 3, 3)).astype(float)  # many ties: many exact solves
    players = players_of((3, 3))
    calls = []

    def one(g):
        calls.append(g)
        return solve(Game(players, payoffs[g]))

    ticks = []
    many = solve_many(lambda a, b: payoffs[a:b], players, n_games=50, chunk=16, solve_one=one,
                      on_chunk=lambda done, total: ticks.append((done, total)))
    assert many.structures == one_by_one(payoffs)
    assert ticks == [(16, 50), (32, 50), (48, 50), (50, 50)]
    assert calls and sorted(many.solutions) == sorted(calls)
    assert many.batch is not None and many.batch.n_games == 50
    certified = np.flatnonzero(~many.batch.suspect)
    assert set(certified.tolist()).isdisjoint(calls)
    offsets = many.batch.offsets()
    for g in certified.tolist():  # the batch rows of a game are its equilibria
        rows = range(offsets[g], offsets[g + 1])
        assert len(rows) == len(many.structures[g].supports)


def test_other_methods_solve_one_by_one():
    payoffs = np.random.default_rng(1).integers(0, 3, size=(5, 2, 2, 2)).astype(float)
    many = solve_many(payoffs, players_of((2, 2)), method="lemke-howson")
    assert many.structures == one_by_one(payoffs, "lemke-howson") and sorted(many.solutions) == list(range(5))


def test_sort_supports_puts_pure_first_without_repeats():
    mixed, pure = ((0, 1), (0, 1)), ((1,), (0,))
    assert sort_supports([mixed, pure, pure, ((0,), (1,))]) == (((0,), (1,)), pure, mixed)


@pytest.mark.parametrize("shape", [(2, 2), (2, 2, 2)])
def test_empty_batch(shape):
    assert solve_many(np.zeros((0, len(shape), *shape)), players_of(shape)).structures == []
