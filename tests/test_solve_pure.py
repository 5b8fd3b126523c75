"""Pure-strategy equilibria of n-player games against brute force over all profiles."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wedge_cli.solve import pure
from wedge_cli.model import Game, SolveError
from wedge_cli.solve import solve


def brute_force(arrays) -> tuple[list[tuple[int, ...]], bool]:
    """Pure equilibria (lexicographic order) and whether some player has tied best replies."""
    arrays = [np.asarray(a, dtype=object) for a in arrays]
    shape = arrays[0].shape
    n = len(shape)
    equilibria = []
    for profile in itertools.product(*(range(k) for k in shape)):
        if all(
            arrays[p][profile] >= max(arrays[p][profile[:p] + (t,) + profile[p + 1 :]] for t in range(shape[p]))
            for p in range(n)
        ):
            equilibria.append(profile)
    tied = False
    for p in range(n):
        for others in itertools.product(*(range(k) for q, k in enumerate(shape) if q != p)):
            values = [arrays[p][others[:p] + (t,) + others[p:]] for t in range(shape[p])]
            tied = tied or values.count(max(values)) > 1
    return equilibria, tied


def profiles(solution) -> list[tuple[int, ...]]:
    return [tuple(s[0] for s in eq.support) for eq in solution.equilibria]


def random_game(rng, shape, values):
    return [rng.integers(0, values, shape).tolist() for _ in shape]


@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (2, 2, 2), (3, 2, 3), (2, 3, 2, 2)])
def test_pure_matches_brute_force(shape):
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    for trial in range(40):
        arrays = random_game(rng, shape, 2 if trial % 2 else 4)
        expected, tied = brute_force(arrays)
        game = Game.from_arrays(*arrays)
        solution = solve(game, method="pure")
        assert sorted(profiles(solution)) == expected
        assert all(eq.pure and eq.regret == 0.0 for eq in solution.equilibria)
        assert solution.degenerate == tied
        assert solution.pure_only and not solution.complete and solution.method == "pure"
        # Same answer on the float path (no exact payoffs).
        floating = solve(Game(game.players, game.payoffs.copy(), None), method="pure")
        assert profiles(floating) == profiles(solution)
        assert floating.degenerate == tied


@st.composite
def n_player_game(draw):
    n = draw(st.integers(1, 4))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    size = int(np.prod(shape))
    values = draw(st.sampled_from([st.integers(0, 1), st.integers(-3, 3)]))
    return [np.array(draw(st.lists(values, min_size=size, max_size=size))).reshape(shape).tolist() for _ in range(n)]


@settings(max_examples=150, deadline=None)
@given(n_player_game())
def test_property_pure_matches_brute_force(arrays):
    expected, tied = brute_force(arrays)
    solution = solve(Game.from_arrays(*arrays), method="pure")
    assert sorted(profiles(solution)) == expected
    assert solution.degenerate == tied
    for eq in solution.equilibria:
        profile = tuple(s[0] for s in eq.support)
        assert eq.exact_payoffs == tuple(Fraction(np.asarray(a)[profile].item()) for a in arrays)


def test_exact_ties_are_ties_and_near_ties_are_not():
    # Player 1 compares 1/3 with 2/6: an exact tie, two equilibria.
    tie = Game.from_arrays([[Fraction(1, 3)], [Fraction(2, 6)]], [[0], [0]])
    solution = solve(tie, method="pure")
    assert solution.degenerate and profiles(solution) == [(0, 0), (1, 0)]
    # 0.30000000000000004 and 0.3 are different rationals that floats cannot tell apart.
    near = Game.from_arrays([["0.30000000000000004"], ["0.3"]], [[0], [0]])
    solution = solve(near, method="pure")
    assert profiles(solution) == [(0, 0)]
    assert not solution.degenerate
    floating = solve(Game(near.players, near.payoffs.copy(), None), method="pure")
    assert profiles(floating) == [(0, 0), (1, 0)] and floating.degenerate


def test_pure_method_on_three_players_says_so():
    rng = np.random.default_rng(2)
    arrays = random_game(rng, (2, 2, 2), 3)
    solution = solve(Game.from_arrays(*arrays), method="pure")
    assert solution.method == "pure" and solution.pure_only and not solution.complete
    (warning,) = [w for w in solution.warnings if w.code == "pure_only"]
    assert "method 'pure'" in warning.message and "mixed" in warning.message
    full = solve(Game.from_arrays(*arrays))  # auto: every equilibrium of a 3-player game
    assert full.method == "enumerate" and not full.pure_only and full.complete
    assert {eq.support for eq in solution.equilibria} <= {eq.support for eq in full.equilibria}


def test_four_players_default_to_pure_and_say_why():
    rng = np.random.default_rng(5)
    solution = solve(Game.from_arrays(*random_game(rng, (2, 2, 2, 2), 4)))
    assert solution.method == "pure" and solution.pure_only
    (warning,) = [w for w in solution.warnings if w.code == "pure_only"]
    assert "4-player" in warning.message and "up to 3 players" in warning.message


def test_three_player_game_without_pure_equilibrium():
    shape = (2, 2, 2)
    arrays = [np.zeros(shape, dtype=int) for _ in range(3)]
    for s in np.ndindex(*shape):
        arrays[0][s] = int(s[0] == s[1])  # wants to match player 2
        arrays[1][s] = int(s[1] == s[2])  # wants to match player 3
        arrays[2][s] = int(s[2] != s[0])  # wants to differ from player 1
    game = Game.from_arrays(*[a.tolist() for a in arrays])
    solution = solve(game, method="pure")
    assert solution.equilibria == ()
    (warning,) = [w for w in solution.warnings if w.code == "pure_only"]
    assert "no pure equilibrium" in warning.message
    # the default method finds the unique, fully mixed equilibrium (1/2, 1/2, 1/2)
    (eq,) = solve(game, method="enumerate").equilibria
    assert eq.exact == ((Fraction(1, 2),) * 2,) * 3


def test_one_player_game_is_complete():
    solution = solve(Game.from_arrays([3, 5, 5, 1]))
    assert profiles(solution) == [(1,), (2,)]
    assert solution.complete and not solution.pure_only and solution.degenerate
    assert solution.components == ((0, 1),)


def test_components_of_pure_equilibria_differing_in_one_player():
    # All profiles are equilibria of a constant game: one component.
    zero = np.zeros((2, 2, 2), dtype=int).tolist()
    solution = solve(Game.from_arrays(zero, zero, zero))
    assert len(solution.equilibria) == 8 and solution.components == (tuple(range(8)),)


def test_huge_number_of_pure_equilibria_is_truncated(monkeypatch):
    monkeypatch.setattr(pure, "MAX_PURE_EQUILIBRIA", 5)
    zero = np.zeros((3, 3, 3), dtype=int).tolist()
    solution = solve(Game.from_arrays(zero, zero, zero), method="pure")
    assert len(solution.equilibria) == 5
    (warning,) = [w for w in solution.warnings if w.code == "truncated"]
    assert "27" in warning.message


def test_nashpy_methods_refuse_three_players():
    zero = np.zeros((2, 2, 2), dtype=int).tolist()
    game = Game.from_arrays(zero, zero, zero)
    for method in ("support-enumeration", "vertex-enumeration", "lemke-howson"):
        with pytest.raises(SolveError) as err:
            solve(game, method=method)
        assert "2-player" in err.value.message and "auto" in err.value.hint
