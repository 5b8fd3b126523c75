"""A payoff as an exact polynomial in one parameter, proved from its expression tree.

:func:`polynomial_coefficients` (and :func:`affine_coefficients`) let a sweep find its
thresholds as exact roots instead of by bisection: docs/sweep.md.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from fractions import Fraction

from wedge_cli.errors import ExpressionError
from wedge_cli.expr.compiler import Compiler
from wedge_cli.expr.exact import Inexact, bounded, exact_power
from wedge_cli.expr.expression import Expression
from wedge_cli.expr.syntax import WHITESPACE
from wedge_cli.model import exact_number

MAX_POLY_DEGREE = 16
"""Highest degree :func:`polynomial_coefficients` reports (higher gives None)."""

Poly = tuple[Fraction, ...]
"""Polynomial coefficients, constant term first; ``()`` is the zero polynomial."""


def _trim(p: list[Fraction]) -> Poly:
    while p and p[-1] == 0:
        p.pop()
    return tuple(p)


def _poly_add(a: Poly, b: Poly, sign: int = 1) -> Poly:
    out = [Fraction(0)] * max(len(a), len(b))
    for i, v in enumerate(a):
        out[i] += v
    for i, v in enumerate(b):
        out[i] += sign * v
    return _trim(out)


def _poly_mul(a: Poly, b: Poly) -> Poly:
    if not a or not b:
        return ()
    if len(a) + len(b) - 2 > MAX_POLY_DEGREE:
        raise Inexact
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return _trim([bounded(v) for v in out])


def _poly_value(p: Poly, x: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


class _PolyWalker:
    """Rewrites a checked expression tree as a polynomial in one parameter.

    Every node becomes a :data:`Poly` with exact coefficients, or raises
    :class:`Inexact` when the node is not a polynomial in ``var`` (the
    parameter under a ``min``/``max``/``abs``, in a divisor, or under a
    non-integer or negative power). Other parameters take their exact values
    from ``env``.
    """

    def __init__(self, compiler: Compiler, var: str, env: Mapping[str, Fraction]) -> None:
        self.compiler = compiler
        self.var = var
        self.env = env

    def constant(self, p: Poly) -> Fraction:
        if len(p) > 1:
            raise Inexact
        return p[0] if p else Fraction(0)

    def walk(self, node: ast.expr) -> Poly:
        if isinstance(node, ast.Constant):
            return _trim([self.compiler.literal(node)[1]])
        if isinstance(node, ast.Name):
            if node.id == self.var:
                return (Fraction(0), Fraction(1))
            value = exact_number(self.env[node.id])
            if value is None:
                raise Inexact
            return _trim([value])
        if isinstance(node, ast.UnaryOp):
            inner = self.walk(node.operand)
            return inner if isinstance(node.op, ast.UAdd) else tuple(-v for v in inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base = self.walk(node.left)
            _, exponent = self.compiler.exponent(node.right)
            if len(base) <= 1:
                return _trim([exact_power(self.constant(base), exponent)])
            if exponent.denominator != 1 or exponent < 0:
                raise Inexact
            out: Poly = (Fraction(1),)
            for _ in range(int(exponent)):
                out = _poly_mul(out, base)
            return out
        if isinstance(node, ast.BinOp):
            left, right = self.walk(node.left), self.walk(node.right)
            if isinstance(node.op, ast.Add):
                return _poly_add(left, right)
            if isinstance(node.op, ast.Sub):
                return _poly_add(left, right, -1)
            if isinstance(node.op, ast.Mult):
                return _poly_mul(left, right)
            divisor = self.constant(right)  # a divisor that depends on var is not polynomial
            if divisor == 0:
                raise Inexact
            return tuple(bounded(v / divisor) for v in left)
        if isinstance(node, ast.Call):
            args = [self.constant(self.walk(arg)) for arg in node.args]  # var inside: piecewise, not polynomial
            name = node.func.id  # type: ignore[attr-defined]
            value = abs(args[0]) if name == "abs" else (min(args) if name == "min" else max(args))
            return _trim([value])
        raise Inexact


def polynomial_coefficients(
    expr: Expression | Fraction | int | float, name: str, env: Mapping[str, Fraction | float | int]
) -> Poly | None:
    """The payoff as an exact polynomial in parameter ``name``, or None.

    The proof is structural: the expression tree is rewritten bottom-up
    (sums and products of polynomials are polynomials; a division only by a
    term that does not involve ``name``; a power of a term in ``name`` only
    with a non-negative integer exponent; ``min``, ``max`` and ``abs`` only of
    terms that do not involve ``name``). As a guard against a mismatch with
    :meth:`Expression.evaluate_exact`, the polynomial is also compared with
    the expression at up to three points; any disagreement gives None.

    Parameters
    ----------
    expr
        A compiled :class:`Expression` or a number (a constant polynomial).
    name
        The parameter treated as the variable.
    env
        Exact values of the other parameters the expression uses (floats are
        read as typed, ``0.1`` meaning ``1/10``).

    Returns
    -------
    tuple of Fraction or None
        Coefficients, constant term first, without trailing zeros (``()`` is
        the zero polynomial); None when the payoff is not a polynomial of
        degree at most :data:`MAX_POLY_DEGREE` in ``name`` with rational
        coefficients (then thresholds are found by bisection instead).
    """
    if not isinstance(expr, Expression):
        value = exact_number(expr)
        return None if value is None else _trim([value])
    plain = WHITESPACE.sub(lambda m: " " * len(m.group()), expr.source)
    source = plain.lstrip(" ")
    compiler = Compiler(source, len(plain) - len(source), frozenset(expr.names) | {name})
    try:
        tree = ast.parse(source, mode="eval")  # the same text compile_expression already checked
        poly = _PolyWalker(compiler, name, env).walk(tree.body)
    except (Inexact, ZeroDivisionError, KeyError, ExpressionError, RecursionError):
        return None
    exact_env = {k: exact_number(v) for k, v in env.items() if k in expr.names}
    if any(v is None for v in exact_env.values()):
        return None
    for point in (Fraction(0), Fraction(1), Fraction(-7, 3)):
        if name in expr.names:
            exact_env[name] = point
        value = expr.evaluate_exact(exact_env)
        if value is not None and value != _poly_value(poly, point):
            return None
    return poly


def affine_coefficients(
    expr: Expression | Fraction | int | float, name: str, env: Mapping[str, Fraction | float | int]
) -> tuple[Fraction, Fraction] | None:
    """``(intercept, slope)`` with ``payoff = intercept + slope * name`` exactly, or None.

    A special case of :func:`polynomial_coefficients` (degree at most 1).
    """
    poly = polynomial_coefficients(expr, name, env)
    if poly is None or len(poly) > 2:
        return None
    padded = list(poly) + [Fraction(0)] * (2 - len(poly))
    return padded[0], padded[1]
