"""wedge_cli.algebra.polynomials, each function against an independent oracle.

The oracles: Leibniz's permutation sum for determinants, the coefficients a
polynomial was built from for interpolation, ``sum(c * x**i)`` for evaluation,
multiplying back for division, ``numpy.roots`` and the roots a polynomial was
built from for root finding.
"""

import itertools
import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wedge_cli.algebra.polynomials import (
    clear_denominators,
    divide_linear,
    evaluate,
    find_roots,
    format_polynomial,
    fraction_det,
    integer_det,
    interpolate,
    make_primitive,
    polynomial_det,
    solve_cramer,
)

small = st.integers(-20, 20)
fractions = st.builds(Fraction, st.integers(-20, 20), st.integers(1, 9))


def leibniz(m):
    """Determinant as the sum over permutations (exact in the entries' own arithmetic)."""
    k = len(m)
    total = 0
    for perm in itertools.permutations(range(k)):
        inversions = sum(1 for i in range(k) for j in range(i + 1, k) if perm[i] > perm[j])
        total += (-1) ** inversions * math.prod(m[i][perm[i]] for i in range(k))
    return total


def power_sum(p, x):
    return sum(c * x**i for i, c in enumerate(p))


def multiply(p, q):
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


def trimmed(p):
    p = list(p)
    while p and p[-1] == 0:
        p.pop()
    return p


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda k: st.lists(st.lists(small, min_size=k, max_size=k), min_size=k, max_size=k)))
def test_integer_det_is_the_permutation_sum(m):
    assert integer_det(m) == leibniz(m)


def test_integer_det_of_the_empty_matrix_is_one():
    assert integer_det([]) == 1


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 4).flatmap(lambda k: st.lists(st.lists(fractions, min_size=k, max_size=k), min_size=k, max_size=k)))
def test_fraction_det_is_the_permutation_sum(m):
    assert fraction_det(m) == leibniz(m)


@settings(max_examples=200, deadline=None)
@given(st.lists(small, max_size=7))
def test_interpolate_recovers_an_integer_polynomial_in_integers(p):
    got = interpolate([power_sum(p, t) for t in range(len(p) + 2)])
    assert got == trimmed(p)
    assert all(type(c) is int for c in got)


@settings(max_examples=100, deadline=None)
@given(st.lists(fractions, max_size=6))
def test_interpolate_recovers_a_rational_polynomial(p):
    got = interpolate([power_sum(p, Fraction(t)) for t in range(len(p) + 1)])
    assert got == trimmed(p)
    assert all(isinstance(c, Fraction) for c in got)


def test_interpolate_from_integers_with_rational_coefficients():
    """t (t - 1) / 2 takes integer values at every integer but has coefficients -1/2, 1/2."""
    assert interpolate([0, 0, 1, 3, 6]) == [0, Fraction(-1, 2), Fraction(1, 2)]


@given(st.lists(fractions, max_size=6), fractions)
def test_evaluate_is_the_power_sum(p, x):
    assert evaluate(p, x) == power_sum(p, x)
    assert evaluate([int(c * 9) for c in p], 3) == power_sum([int(c * 9) for c in p], 3)


@given(st.lists(fractions, min_size=1, max_size=5), fractions)
def test_divide_linear_undoes_multiplying_by_the_factor(q, root):
    p = multiply(q, [-root, Fraction(1)])
    assert divide_linear(p, root) == q


@given(st.lists(fractions, max_size=6))
def test_clear_denominators_is_primitive_and_proportional(p):
    out = clear_denominators(p)
    if not trimmed(p):
        assert out == ()
        return
    assert math.gcd(*out) == 1 and out[-1] > 0
    ratio = Fraction(out[-1]) / trimmed(p)[-1]
    assert list(out) == [c * ratio for c in trimmed(p)]


def test_make_primitive():
    assert make_primitive([4, -6, 0]) == (-2, 3)
    assert make_primitive([3, -6]) == (-1, 2)
    assert make_primitive([0, 0]) == ()


def test_format_polynomial():
    assert format_polynomial((-2, 0, 1), "t") == "t**2 - 2"
    assert format_polynomial((1, -3), "x") == "-3*x + 1"
    assert format_polynomial((), "t") == "0"


def polynomial_matrices(k):
    entry = st.lists(fractions, max_size=3).map(tuple)
    return st.lists(st.lists(entry, min_size=k, max_size=k), min_size=k, max_size=k)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 3).flatmap(polynomial_matrices), st.integers(-5, 5))
def test_polynomial_det_agrees_with_the_determinant_at_each_point(rows, t):
    degree = len(rows) * 2
    det = polynomial_det(rows, degree)
    x = Fraction(t, 3)
    assert evaluate(det, x) == leibniz([[power_sum(p, x) for p in row] for row in rows])


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 3).flatmap(lambda k: polynomial_matrices(k + 1)), st.integers(-5, 5))
def test_solve_cramer_solves_the_system_at_each_point(rows, t):
    rows = tuple(tuple(row) for row in rows)
    den, nums = solve_cramer(rows, 2 * len(rows))
    x = Fraction(t, 7)
    d = evaluate(den, x)
    m = [[power_sum(p, x) for p in row] for row in rows]
    assert d == leibniz(m)
    e_last = [0] * (len(m) - 1) + [1]
    for col, n in enumerate(nums):  # each numerator is the determinant with column col replaced by e_last
        assert evaluate(n, x) == leibniz([row[:col] + [b] + row[col + 1:] for row, b in zip(m, e_last)])
    assert len(nums) == len(rows) - 1  # the last unknown (the value) is not returned


@settings(max_examples=100, deadline=None)
@given(st.lists(fractions, min_size=1, max_size=4, unique=True), st.integers(1, 5))
def test_find_roots_returns_the_rational_roots_it_was_built_from(roots, scale):
    p = [Fraction(scale)]
    for r in roots:
        p = multiply(p, [-r, Fraction(1)])
    lo, hi = Fraction(-3), Fraction(3)
    found = find_roots(clear_denominators(p), lo, hi)
    assert sorted(r.exact for r in found) == sorted(r for r in roots if lo < r < hi)
    assert all(r.poly is None and r.value == float(r.exact) for r in found)


def test_find_roots_refines_irrational_roots_with_exact_signs():
    """(t**2 - 2)(t - 1/2): 1/2 exactly, +-sqrt(2) as floats next to numpy's roots."""
    p = clear_denominators(multiply([-2, 0, 1], [Fraction(-1, 2), 1]))
    found = find_roots(p, Fraction(-2), Fraction(2))
    exact = [r.exact for r in found if r.exact is not None]
    irrational = sorted(r.value for r in found if r.exact is None)
    assert exact == [Fraction(1, 2)]
    assert np.allclose(irrational, sorted(np.roots([1, 0, -2]).real), rtol=0, atol=1e-14)
    assert all(r.poly == (-2, 0, 1) for r in found if r.exact is None)


def test_find_roots_skips_roots_outside_the_open_range():
    p = clear_denominators(multiply([0, 1], [-1, 1]))  # roots 0 and 1
    assert find_roots(p, Fraction(0), Fraction(1)) == []
    assert [r.exact for r in find_roots(p, Fraction(-1), Fraction(2))] == [0, 1]
