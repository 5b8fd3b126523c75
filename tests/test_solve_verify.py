"""The single verification step: what passes, what is rejected, dedupe, order, components."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from wedge_cli.model import Game
from wedge_cli.solve.verify import (
    Candidate,
    connected_components,
    default_tol,
    order_key,
    prob_tol,
    snap,
    verify_candidates,
)

F = Fraction
BOS = Game.from_arrays([[3, 0], [0, 2]], [[2, 0], [0, 3]])


def float_game(game: Game) -> Game:
    return Game(game.players, game.payoffs.copy(), None)


def test_default_tolerance_scales_with_payoffs():
    assert default_tol(BOS) == pytest.approx(3e-9)
    small = Game.from_arrays([[0.5, 0], [0, 0.25]], [[0, 0], [0, 0]])
    assert default_tol(small) == pytest.approx(1e-9)
    big = Game.from_arrays([[-2000, 0], [0, 1]], [[0, 0], [0, 0]])
    assert default_tol(big) == pytest.approx(2e-6)
    assert prob_tol(big, default_tol(big)) == pytest.approx(1e-9)


def test_exact_candidate_passes_and_non_equilibrium_is_rejected():
    good = Candidate(exact=((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))))
    off = Candidate(exact=((F(3, 5), F(2, 5)), (F(1, 2), F(1, 2))))
    result = verify_candidates(BOS, [good, off], default_tol(BOS))
    (eq,) = result.equilibria
    assert eq.exact == good.exact and eq.regret == 0.0
    assert eq.exact_payoffs == (F(6, 5), F(6, 5))
    assert result.rejected == 1
    # Player 1's regret against (1/2, 1/2): best reply 3/2, expected 3/5*3/2 + 2/5*1 = 13/10.
    assert result.max_rejected_regret == pytest.approx(0.2)


def test_exact_check_has_no_tolerance():
    # Within any float tolerance of the mixed equilibrium, but not equal to it.
    near = Candidate(exact=((F(3, 5) + F(1, 10**15), F(2, 5) - F(1, 10**15)), (F(2, 5), F(3, 5))))
    result = verify_candidates(BOS, [near], 1.0)
    assert result.equilibria == () and result.rejected == 1


def test_invalid_probability_vectors_are_rejected():
    tol = default_tol(BOS)
    bad = [
        Candidate(exact=((F(1), F(0)),)),  # one player missing
        Candidate(exact=((F(3, 2), F(-1, 2)), (F(1), F(0)))),  # negative probability
        Candidate(exact=((F(1, 2), F(1, 4)), (F(1), F(0)))),  # does not sum to 1
        Candidate(exact=((F(1), F(0), F(0)), (F(1), F(0)))),  # wrong length
        Candidate(rational=(((1, 0), 1), ((1, 1), 1))),  # numerators do not sum to the denominator
        Candidate(),
    ]
    result = verify_candidates(BOS, bad, tol)
    assert result.equilibria == ()
    assert result.rejected == len(bad)
    assert math.isinf(result.max_rejected_regret)


def test_float_candidates_tolerance_clipping_and_renormalising():
    game = float_game(BOS)
    tol = default_tol(game)
    ptol = prob_tol(game, tol)
    x = np.array([1.0 + ptol / 2, -ptol / 2])  # tiny negative: clipped to exactly 0
    y = np.array([1.0, 0.0])
    result = verify_candidates(game, [Candidate(strategies=(x, y))], tol)
    (eq,) = result.equilibria
    assert eq.strategies[0].tolist() == [1.0, 0.0]
    assert not np.signbit(eq.strategies[0][1])
    assert eq.exact is None and eq.strict
    too_negative = np.array([1.0 + 10 * ptol, -10 * ptol])
    off_sum = np.array([0.9, 0.0])
    result = verify_candidates(game, [Candidate(strategies=(too_negative, y)), Candidate(strategies=(off_sum, y))], tol)
    assert result.equilibria == () and result.rejected == 2


def test_float_regret_tolerance():
    game = float_game(BOS)
    eps = 1e-12
    # Player 2 loses 3 * eps against its best reply: accepted within tol, rejected beyond.
    x = np.array([3 / 5 + eps, 2 / 5 - eps])
    y = np.array([2 / 5, 3 / 5])
    assert len(verify_candidates(game, [Candidate(strategies=(x, y))], 1e-9).equilibria) == 1
    assert verify_candidates(game, [Candidate(strategies=(x, y))], 1e-14).rejected == 1


def test_snap_recovers_exact_mixed_strategy_from_floats():
    profile = [np.array([0.6 + 1e-13, 0.4 - 1e-13]), np.array([0.4, 0.6])]
    assert snap(BOS, profile, default_tol(BOS)) == ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5)))
    result = verify_candidates(BOS, [Candidate(strategies=tuple(profile))], default_tol(BOS))
    (eq,) = result.equilibria
    assert eq.exact == ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5)))


def test_float_candidate_of_rational_game_that_is_not_exact_is_rejected():
    # Within float tolerance of an equilibrium of a game whose exact one has irrational-looking numbers.
    game = Game.from_arrays([[1, 0], [0, 1]], [[0, 1], [1, 0]])
    x = np.array([0.5 + 2e-10, 0.5 - 2e-10])
    result = verify_candidates(game, [Candidate(strategies=(x, np.array([0.5, 0.5])))], 1e-9)
    # Snapping by the best-reply system recovers (1/2, 1/2) exactly, so it passes...
    assert len(result.equilibria) == 1
    # ...while a profile that is not near any equilibrium fails, with its float regret reported.
    result = verify_candidates(game, [Candidate(strategies=(np.array([0.9, 0.1]), np.array([0.5, 0.5])))], 1e-9)
    assert result.rejected == 1 and result.max_rejected_regret == pytest.approx(0.4)


def test_dedupe_and_order():
    tol = default_tol(BOS)
    mixed = Candidate(exact=((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))))
    pure_b = Candidate(rational=(((0, 2), 2), ((0, 1), 1)))  # unreduced form of (0, 1)
    pure_a = Candidate(exact=((F(1), F(0)), (F(1), F(0))))
    result = verify_candidates(BOS, [mixed, pure_b, pure_a, mixed, pure_b], tol)
    assert [eq.exact for eq in result.equilibria] == [
        ((F(1), F(0)), (F(1), F(0))),
        ((F(0), F(1)), (F(0), F(1))),
        ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))),
    ]
    assert result.rejected == 0
    game = float_game(BOS)
    close = [
        Candidate(strategies=(np.array([0.6, 0.4]), np.array([0.4, 0.6]))),
        Candidate(strategies=(np.array([0.6 + 1e-12, 0.4 - 1e-12]), np.array([0.4, 0.6]))),
    ]
    assert len(verify_candidates(game, close, default_tol(game)).equilibria) == 1


def test_order_key_descending_lexicographic():
    tol = default_tol(BOS)
    second = Candidate(exact=((F(0), F(1)), (F(0), F(1))))
    first = Candidate(exact=((F(1), F(0)), (F(1), F(0))))
    eqs = verify_candidates(BOS, [second, first], tol).equilibria
    assert order_key(eqs[0]) < order_key(eqs[1])
    assert eqs[0].strategies[0][0] == 1.0


def test_strict_and_tied_flags():
    # Player 2 is indifferent between its columns against row 1.
    game = Game.from_arrays([[1, 1], [0, 0]], [[2, 2], [0, 1]])
    result = verify_candidates(game, [Candidate(exact=((F(1), F(0)), (F(1), F(0))))], default_tol(game))
    (eq,) = result.equilibria
    assert not eq.strict and result.tied


def test_n_player_exact_and_float_checks_agree():
    rng = np.random.default_rng(4)
    for _ in range(20):
        arrays = [rng.integers(0, 3, (2, 3, 2)) for _ in range(3)]
        game = Game.from_arrays(*arrays)
        fgame = float_game(game)
        for profile in np.ndindex(2, 3, 2):
            exact = tuple(tuple(F(int(i == s)) for i in range(k)) for s, k in zip(profile, (2, 3, 2)))
            floats = tuple(np.array([float(v) for v in e]) for e in exact)
            deviations = [arrays[p][tuple(slice(None) if q == p else profile[q] for q in range(3))] for p in range(3)]
            is_eq = all(arrays[p][profile] == deviations[p].max() for p in range(3))
            r_exact = verify_candidates(game, [Candidate(exact=exact)], default_tol(game))
            r_float = verify_candidates(fgame, [Candidate(strategies=floats)], default_tol(fgame))
            assert len(r_exact.equilibria) == len(r_float.equilibria) == int(is_eq)


def test_mixed_three_player_profile_is_checked_exactly():
    # Three-player matching: each player gets 1 when matching the next one; uniform mixing is an equilibrium.
    shape = (2, 2, 2)
    arrays = [np.zeros(shape, dtype=int) for _ in range(3)]
    for s in np.ndindex(*shape):
        for p in range(3):
            arrays[p][s] = int(s[p] == s[(p + 1) % 3])
    game = Game.from_arrays(*arrays)
    half = (F(1, 2), F(1, 2))
    result = verify_candidates(game, [Candidate(exact=(half, half, half))], default_tol(game))
    (eq,) = result.equilibria
    assert eq.exact_payoffs == (F(1, 2), F(1, 2), F(1, 2))
    off = (F(2, 3), F(1, 3))
    assert verify_candidates(game, [Candidate(exact=(off, half, half))], default_tol(game)).rejected == 1


def test_components_join_equilibria_sharing_a_strategy():
    game = Game.from_arrays([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    cands = [Candidate(exact=((F(1), F(0)), (F(1), F(0)))), Candidate(exact=((F(1), F(0)), (F(0), F(1))))]
    eqs = verify_candidates(game, cands, default_tol(game)).equilibria
    assert connected_components(eqs, 1e-9) == ((0, 1),)
    pures = [Candidate(exact=((F(1), F(0)), (F(1), F(0)))), Candidate(exact=((F(0), F(1)), (F(0), F(1))))]
    bos = verify_candidates(BOS, pures, 1e-9)
    assert connected_components(bos.equilibria, 1e-9) == ((0,), (1,))
    assert connected_components((), 1e-9) == ()
