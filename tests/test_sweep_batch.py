"""wedge_cli.solve.batch: batched equilibria agree with the exact solver, degenerate games are flagged."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wedge_cli.model import Game
from wedge_cli.solve import solve
from wedge_cli.solve.batch import bimatrix_batch, pure_batch, support_keys


def _games(shape):
    return arrays(np.int64, (6, *shape), elements=st.integers(-4, 4))


def _as_game(payoffs: np.ndarray) -> Game:
    return Game.from_arrays(*[payoffs[p].tolist() for p in range(payoffs.shape[0])])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 3, 3), (2, 3, 2), (2, 4, 3)]).flatmap(_games))
def test_bimatrix_batch_matches_solve(batch):
    """Every game the batch does not flag has exactly solve's equilibria, in solve's order; every game
    solve calls degenerate is flagged."""
    result = bimatrix_batch(batch.astype(float))
    offsets = result.offsets()
    for g in range(len(batch)):
        sol = solve(_as_game(batch[g]))
        if sol.degenerate:
            assert result.suspect[g], g
        if result.suspect[g]:
            assert offsets[g] == offsets[g + 1]
            continue
        rows = range(offsets[g], offsets[g + 1])
        assert len(rows) == len(sol.equilibria)
        for r, eq in zip(rows, sol.equilibria):
            assert np.allclose(result.strategies[0][r], eq.strategies[0], atol=1e-12)
            assert np.allclose(result.strategies[1][r], eq.strategies[1], atol=1e-12)
            assert np.allclose(result.payoffs[r], eq.payoffs)
            assert result.regret[r] <= result.tol[g]
            assert bool(result.strict[r]) == eq.strict


def test_bimatrix_batch_random_floats_verified():
    rng = np.random.default_rng(7)
    payoffs = rng.normal(size=(500, 2, 3, 3))
    result = bimatrix_batch(payoffs)
    assert not result.suspect.any()  # generic games are nondegenerate
    counts = np.diff(result.offsets())
    assert (counts % 2 == 1).all()  # nondegenerate games have an odd number of equilibria
    for s in result.strategies:
        assert (s >= 0).all() and np.allclose(s.sum(axis=1), 1)
    game = result.game
    a, b = payoffs[game, 0], payoffs[game, 1]
    x, y = result.strategies
    assert (np.einsum("eij,ej->ei", a, y).max(1) - np.einsum("ei,eij,ej->e", x, a, y) <= 1e-9).all()
    assert (np.einsum("ei,eij->ej", x, b).max(1) - np.einsum("ei,eij,ej->e", x, b, y) <= 1e-9).all()


def test_degenerate_and_near_tie_games_are_flagged():
    tie = np.array([[[1, 0], [1, 0]], [[1, 0], [0, 1]]], dtype=float)  # Row indifferent whatever Col does
    near = np.array([[[1, 0], [1 + 1e-12, 0]], [[1, 0], [0, 1]]], dtype=float)  # almost the same tie
    constant = np.zeros((2, 2, 2))
    clean = np.array([[[3, 0], [0, 2]], [[2, 0], [0, 3]]], dtype=float)
    result = bimatrix_batch(np.stack([tie, near, constant, clean]))
    assert result.suspect.tolist() == [True, True, True, False]
    assert np.diff(result.offsets()).tolist() == [0, 0, 0, 3]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from([(3, 2, 2, 2), (3, 2, 3, 2), (2, 3, 3), (4, 2, 2, 2, 2)]).flatmap(_games))
def test_pure_batch_matches_solve(batch):
    result = pure_batch(batch.astype(float))
    offsets = result.offsets()
    for g in range(len(batch)):
        sol = solve(_as_game(batch[g]), method="pure")
        if result.suspect[g]:
            continue
        got = [tuple(tuple(np.flatnonzero(s[r]).tolist()) for s in result.strategies)
               for r in range(offsets[g], offsets[g + 1])]
        assert got == [eq.support for eq in sol.equilibria]
        assert [bool(result.strict[r]) for r in range(offsets[g], offsets[g + 1])] == [
            eq.strict for eq in sol.equilibria]


def test_support_keys():
    x = np.array([[1.0, 0.0], [0.5, 0.5]])
    y = np.array([[0.0, 0.0, 1.0], [0.2, 0.8, 0.0]])
    assert support_keys((x, y)).tolist() == [0b10001, 0b01111]
