"""2x2 ordinal types (Robinson-Goforth topology) with honest handling of ties."""

from itertools import permutations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wedge_cli.analysis.classify import FAMILIES, PATTERNS, classify, strict_type
from wedge_cli.formats.toml_read import load
from wedge_cli.model import Game


def family(a, b):
    return classify(Game.from_arrays(a, b)).family


@pytest.mark.parametrize("a, b, expected", [
    # textbook matrices (row player's payoffs a, column player's b)
    ([[3, 0], [5, 1]], [[3, 5], [0, 1]], "prisoners_dilemma"),          # Axelrod's T=5, R=3, P=1, S=0
    ([[0, -1], [1, -10]], [[0, 1], [-1, -10]], "chicken"),               # swerve / straight
    ([[4, 1], [3, 2]], [[4, 3], [1, 2]], "stag_hunt"),                   # stag / hare
    ([[2, 0], [3, 1]], [[2, 3], [0, 1]], "prisoners_dilemma"),
    ([[1, 0], [3, 2]], [[1, 3], [0, 2]], "deadlock"),                    # T > P > R > S
    ([[4, 2], [3, 1]], [[4, 3], [2, 1]], "harmony"),                     # R > T > S > P
    ([[2, 3], [4, 1]], [[2, 4], [3, 1]], "leader"),
    ([[1, 3], [4, 2]], [[1, 4], [3, 2]], "battle_of_the_sexes"),         # Rapoport's Hero
    ([[3, 1], [2, 4]], [[3, 2], [1, 4]], "assurance"),
    ([[3, 0], [0, 2]], [[3, 0], [0, 2]], None),                          # coordination with ties: see below
])
def test_textbook_games(a, b, expected):
    assert family(a, b) == expected


def _symmetric(pattern):
    a, b, c, d = pattern
    row = [[a, b], [c, d]]
    return row, [list(r) for r in zip(*row)]


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_each_named_type_under_relabelling_and_rescaling(pattern):
    row, col = _symmetric(pattern)
    rng = np.random.default_rng(sum(pattern))
    name = PATTERNS[pattern][0]
    for flip_r in (False, True):
        for flip_c in (False, True):
            a, b = np.array(row, dtype=float), np.array(col, dtype=float)
            if flip_r:
                a, b = a[::-1], b[::-1]
            if flip_c:
                a, b = a[:, ::-1], b[:, ::-1]
            # any increasing transformation of each player's payoffs keeps the type
            a = np.exp(a) * rng.uniform(0.5, 2) - rng.uniform(-5, 5)
            b = 3 * b ** 3 + rng.uniform(-5, 5)
            c = classify(Game.from_arrays(a.tolist(), b.tolist()))
            assert c.strict and c.family == name and c.patterns == (name, name)
            # swapping the players keeps a symmetric game's type
            assert family(b.T.tolist(), a.T.tolist()) == name


def _pure_equilibrium(r, c):
    return any(r[2 * i + j] > r[2 * (1 - i) + j] and c[2 * i + j] > c[2 * i + 1 - j] for i in (0, 1) for j in (0, 1))


def test_the_144_games():
    ranks = list(permutations((1, 2, 3, 4)))
    types = {}
    for r in ranks:
        for c in ranks:
            t = strict_type(r, c)
            types.setdefault((t.row_pattern, t.column_pattern), set()).add(t.family)
            assert (t.family == "matching_pennies") == (not _pure_equilibrium(r, c))
            if t.row_pattern == t.column_pattern:
                assert t.family == t.row_pattern
            else:
                assert t.family in ("hybrid", "matching_pennies")
    # 24 x 24 labelled games fall into 12 x 12 = 144 types, one family each
    assert len(types) == 144 and all(len(f) == 1 for f in types.values())
    symmetric = [k for k in types if k[0] == k[1]]
    assert len(symmetric) == 12
    # Rapoport & Guyer's count: identifying a game with its transpose leaves 78 strategically distinct games
    assert len({frozenset(k) for k in types}) == 78


@settings(max_examples=200, deadline=None)
@given(st.permutations([1, 2, 3, 4]), st.permutations([1, 2, 3, 4]), st.booleans(), st.booleans())
def test_type_is_invariant_under_relabelling(r, c, flip_rows, flip_cols):
    a = np.array(r).reshape(2, 2)
    b = np.array(c).reshape(2, 2)
    base = classify(Game.from_arrays(a.tolist(), b.tolist()))
    if flip_rows:
        a, b = a[::-1], b[::-1]
    if flip_cols:
        a, b = a[:, ::-1], b[:, ::-1]
    moved = classify(Game.from_arrays((10 * a - 7).tolist(), (b / 4).tolist()))
    assert moved.types == base.types and moved.family == base.family
    swapped = classify(Game.from_arrays(b.T.tolist(), a.T.tolist()))
    assert swapped.family == base.family
    assert swapped.patterns == base.patterns[::-1]


def test_ordinal_ranks_in_file_order():
    c = classify(Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    assert c.ordinal == (((3, 3), (1, 4)), ((4, 1), (2, 2)))
    assert c.name == "Prisoner's Dilemma"


def test_ties_are_reported_not_broken():
    # matching pennies: each player has only two payoff levels, but every way of breaking the ties
    # leaves a cycle of best replies, so the family is certain
    mp = classify(Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    assert not mp.strict and mp.family == "matching_pennies" and mp.candidates == ("matching_pennies",)
    assert mp.ordinal == (((3, 1), (1, 3)), ((1, 3), (3, 1)))
    # Luce and Raiffa's Battle of the Sexes ties the two ways of failing to meet: it lies between
    # Leader and Battle of the Sexes (Hero), the two strict games that break the tie
    bos = classify(Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    assert bos.family is None
    assert bos.candidates == ("leader", "battle_of_the_sexes", "hybrid")
    assert bos.name == "between Leader and Battle of the Sexes (ties)"
    # a pure coordination game that ties the two ways of failing to coordinate: between Assurance and
    # Coordination (not Stag Hunt, where the safe choice pays more when the other takes the risk)
    assert classify(Game.from_arrays([[3, 0], [0, 2]], [[3, 0], [0, 2]])).candidates == (
        "assurance", "coordination", "hybrid")


def test_us_europe_is_between_chicken_and_leader():
    c = classify(load("us-europe").game())
    assert c.family is None and not c.strict
    assert c.candidates == ("chicken", "leader", "hybrid")
    assert {(t.family, t.row_pattern, t.column_pattern) for t in c.types} == {
        ("chicken", "chicken", "chicken"), ("leader", "leader", "leader"),
        ("hybrid", "chicken", "leader"), ("hybrid", "leader", "chicken")}
    assert c.patterns == (None, None)


def test_hybrid_and_other_shapes():
    # row player has Prisoner's Dilemma preferences, column player Chicken preferences
    c = classify(Game.from_arrays([[3, 1], [4, 2]], [[3, 4], [2, 1]]))
    assert c.family == "hybrid" and c.patterns == ("prisoners_dilemma", "chicken")
    assert c.name == "hybrid of Prisoner's Dilemma and Chicken"
    assert classify(load("us-russia-china").game()) is None
    assert classify(Game.from_arrays([[1, 2, 3], [3, 2, 1]], [[0, 0, 0], [1, 1, 1]])) is None
    assert set(FAMILIES) == {f for f, _ in PATTERNS.values()} | {"matching_pennies", "hybrid"}
