"""Compiled payoff expressions: :func:`compile_expression` and :class:`Expression`.

A payoff written as a string (``"4 + cut/10"``) is checked once
(:mod:`wedge_cli.expr.syntax`, :mod:`wedge_cli.expr.compiler`) and evaluated many times,
on floats and arrays or exactly. User text is never passed to ``eval``, ``exec`` or
``compile``. The payoff file side: docs/format.md ("Payoff values and expressions").

Evaluation
----------
:meth:`Expression.evaluate` works in IEEE float64 with numpy, elementwise over
arrays of equal length (scalars broadcast). It never raises for arithmetic
reasons: division by zero gives ``inf`` or ``nan``, a negative base with a
fractional exponent gives ``nan``, overflow gives ``inf``; the caller checks
finiteness.

:meth:`Expression.evaluate_exact` works in :class:`~fractions.Fraction`. A
number literal means exactly what was typed (``0.1`` is ``1/10``). It returns
None when the value is not a rational number or cannot be computed exactly:

- division by zero anywhere, including ``0**-1``;
- a non-integer exponent ``p/q`` (in lowest terms) unless the base is >= 0 and
  its numerator and denominator are perfect ``q``-th powers. So the result is a
  Fraction whenever it is rational: ``4**0.5`` gives ``2``, ``16**0.75`` gives
  ``8``, ``2**0.5`` gives None, ``(-8)**(...)`` with a fractional exponent gives
  None (the float result is ``nan`` too);
- a numerator or denominator larger than ``MAX_EXACT_BITS`` bits at any step
  (the float result can still be used).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from wedge_cli.errors import ExpressionError
from wedge_cli.expr.compiler import Compiler, Fn
from wedge_cli.expr.exact import Inexact
from wedge_cli.expr.syntax import ALLOWED_HINT, MAX_LENGTH, WHITESPACE, check_names, check_syntax, quote, tokenize
from wedge_cli.model import exact_number

class Expression:
    """A compiled payoff expression (satisfies :class:`wedge_cli.model.Payoff`).

    Build it with :func:`compile_expression`. ``source`` is the text as
    written; ``names`` the parameters it uses.
    """

    __slots__ = ("source", "names", "_float", "_exact")

    def __init__(self, source: str, names: frozenset[str], float_fn: Fn, exact_fn: Fn) -> None:
        self.source = source
        self.names = names
        self._float = float_fn
        self._exact = exact_fn

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    def __str__(self) -> str:
        return self.source

    def _lookup(self, env: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return {name: env[name] for name in self.names}
        except KeyError as exc:
            raise ExpressionError(
                f"no value for parameter {exc.args[0]!r} in expression {quote(self.source)}",
                hint="give every parameter the expression uses a value",
            ) from None

    def evaluate(self, env: Mapping[str, float | np.ndarray]) -> float | np.ndarray:
        """Evaluate in float64, elementwise over arrays.

        ``env`` maps at least every name in :attr:`names` to a number or a
        1-D array; arrays must have equal lengths and scalars broadcast. The
        result is an ndarray when any value the expression uses is an array,
        else a float. Division by zero, overflow and fractional powers of
        negative numbers give ``inf``/``nan`` without warnings or exceptions.
        """
        values: dict[str, np.float64 | np.ndarray] = {}
        arrays = False
        for name, value in self._lookup(env).items():
            if isinstance(value, np.ndarray) or np.ndim(value) > 0:
                values[name] = np.asarray(value, dtype=np.float64)
                arrays = True
            else:
                values[name] = np.float64(value)
        with np.errstate(all="ignore"):
            result = self._float(values)
        if not arrays:
            return float(result)
        if any(result is v for v in values.values()):
            return np.array(result, dtype=np.float64)  # never hand back the caller's own array
        return np.asarray(result, dtype=np.float64)

    def evaluate_exact(self, env: Mapping[str, Fraction]) -> Fraction | None:
        """Evaluate in exact rational arithmetic; None if the value is not a (reasonably sized) rational.

        ``env`` maps every name in :attr:`names` to a Fraction (ints and
        finite floats are accepted and read as typed, ``0.1`` meaning
        ``1/10``). See the module docstring for when the result is None.
        """
        values: dict[str, Fraction] = {}
        for name, raw in self._lookup(env).items():
            value = exact_number(raw)
            if value is None:
                return None
            values[name] = value
        try:
            return Fraction(self._exact(values))
        except (Inexact, ZeroDivisionError):
            return None


def compile_expression(text: str, parameters: Collection[str]) -> Expression:
    """Check ``text`` against the grammar and compile it once.

    Parameters
    ----------
    text
        The expression as written in the payoff file.
    parameters
        The names the expression may use.

    Returns
    -------
    Expression
        Evaluates on floats/arrays (:meth:`Expression.evaluate`) and exactly
        (:meth:`Expression.evaluate_exact`).

    Raises
    ------
    ExpressionError
        With ``col`` (1-based, within ``text``) and a ``hint``, when the text is
        empty, too long, too deeply nested, outside the grammar, uses an unknown
        name or function, or has a number or exponent out of range.
    """
    if not isinstance(text, str):
        raise ExpressionError(
            f"an expression must be text, not {type(text).__name__}", hint="quote the formula, e.g. \"4 + cut/10\""
        )
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
            hint="simplify it, or move part of it into a parameter",
        )
    if not text.strip():
        raise ExpressionError("expression is empty", hint="write a number or a formula such as 4 + cut/10")
    tokens = tokenize(text)
    check_names(tokens, parameters)
    check_syntax(text, tokens)
    plain = WHITESPACE.sub(lambda m: " " * len(m.group()), text)  # one line, same character positions
    source = plain.lstrip(" ")
    lead = len(plain) - len(source)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:  # the checks above should have caught it: report Python's words
        col = lead + exc.offset if exc.offset else None
        raise ExpressionError(
            f"could not parse expression {quote(text)}: {exc.msg}", col=col, hint=ALLOWED_HINT
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(
            f"could not parse expression {quote(text)}: it is too complex",
            hint="simplify it, or move part of it into a parameter",
        ) from None
    compiler = Compiler(source, lead, frozenset(parameters))
    names = compiler.check(tree.body)
    float_fn, exact_fn = compiler.compile(tree.body)
    return Expression(text, names, float_fn, exact_fn)


