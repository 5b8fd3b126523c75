"""Vertices of small bounded polytopes (algebra/polytope.py) against brute force and hand-worked cases."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest

from wedge_cli.algebra.polytope import TooManyBasesError, polytope_vertices


def brute_force(equations, bounds, n):
    """Every choice of n rows (equations always among them) with one solution, kept when feasible."""
    found = set()
    for tight in itertools.combinations(bounds, n - len(equations)):
        rows = [list(a) + [b] for a, b in list(equations) + list(tight)]
        for c in range(n):  # Gauss-Jordan on an n x n system
            p = next((i for i in range(c, n) if rows[i][c] != 0), None)
            if p is None:
                break
            rows[c], rows[p] = rows[p], rows[c]
            rows[c] = [x / rows[c][c] for x in rows[c]]
            for i in range(n):
                if i != c and rows[i][c] != 0:
                    rows[i] = [x - rows[i][c] * y for x, y in zip(rows[i], rows[c])]
        else:
            x = tuple(row[n] for row in rows)
            if all(sum(a * v for a, v in zip(c, x)) <= d for c, d in bounds) and \
                    all(sum(a * v for a, v in zip(c, x)) == d for c, d in equations):
                found.add(x)
    return sorted(found)


def test_a_triangle_and_its_edge():
    # x, y >= 0, x + y <= 1: three corners; with x = y added, the segment from (0, 0) to (1/2, 1/2)
    box = [([F(-1), F(0)], F(0)), ([F(0), F(-1)], F(0)), ([F(1), F(1)], F(1))]
    assert polytope_vertices([], box, 2) == [(0, 0), (0, 1), (1, 0)]
    assert polytope_vertices([([F(1), F(-1)], F(0))], box, 2) == [(0, 0), (F(1, 2), F(1, 2))]
    assert polytope_vertices([([F(1), F(1)], F(2))], box, 2) == []  # the plane misses it
    assert polytope_vertices([], box + [([F(1), F(1)], F(-1))], 2) == []  # empty: an exact LP says so


def test_a_product_of_two_segments_has_four_corners():
    # x in [0, 1], y in [2, 3], no row links them: the square's four corners
    rows = [([F(-1), F(0)], F(0)), ([F(1), F(0)], F(1)), ([F(0), F(-1)], F(-2)), ([F(0), F(1)], F(3))]
    assert polytope_vertices([], rows, 2) == [(0, 2), (0, 3), (1, 2), (1, 3)]


def test_random_simplices_cut_by_random_rows_agree_with_brute_force():
    rng = random.Random(5)
    for _ in range(300):
        n = rng.randint(1, 4)
        bounds = [([-F(int(i == j)) for j in range(n)], F(0)) for i in range(n)]  # x >= 0
        bounds.append(([F(1)] * n, F(rng.randint(1, 3))))  # sum x <= s: bounded
        for _ in range(rng.randint(0, 3)):
            bounds.append(([F(rng.randint(-2, 2)) for _ in range(n)], F(rng.randint(-1, 2))))
        equations = []
        if n > 1 and rng.random() < 0.4:
            equations.append(([F(rng.randint(-2, 2)) for _ in range(n)], F(rng.randint(0, 1))))
            if all(a == 0 for a in equations[0][0]):
                equations = []
        assert polytope_vertices(equations, bounds, n) == brute_force(equations, bounds, n)


def test_too_many_bases_are_refused():
    rows = [([F(-1), F(0)], F(0)), ([F(0), F(-1)], F(0)), ([F(1), F(1)], F(1))]
    with pytest.raises(TooManyBasesError):
        polytope_vertices([], rows, 2, limit=2)
