"""The whitelist walk over a parsed expression, and its compilation into closures.

:class:`Compiler` checks every node of the tree ``ast.parse`` gives for a text that
passed :mod:`wedge_cli.expr.syntax`, then turns it into a pair of closures: one on
floats and numpy arrays, one on exact fractions. Nothing is passed to ``eval``. The
expressions a payoff file may write: docs/format.md ("Payoff values and expressions").
"""

from __future__ import annotations

import ast
import difflib
import math
import operator
from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import reduce
from typing import Any

import numpy as np

from wedge_cli.errors import ExpressionError, NumberError
from wedge_cli.expr.exact import bounded, exact_power
from wedge_cli.expr.syntax import ALLOWED, ALLOWED_HINT, FUNCTIONS, MAX_DEPTH, MAX_EXPONENT, MAX_NODES
from wedge_cli.model import read_number

Fn = Callable[[Mapping[str, Any]], Any]

_BINARY: dict[type, tuple[Callable[[Any, Any], Any], Callable[[Fraction, Fraction], Fraction]]] = {
    ast.Add: (operator.add, lambda a, b: bounded(a + b)),
    ast.Sub: (operator.sub, lambda a, b: bounded(a - b)),
    ast.Mult: (operator.mul, lambda a, b: bounded(a * b)),
    ast.Div: (operator.truediv, lambda a, b: bounded(a / b)),
}
_GROUP = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}
_FORBIDDEN_OPS = {
    ast.FloorDiv: "'//'",
    ast.Mod: "'%'",
    ast.MatMult: "'@'",
    ast.LShift: "'<<'",
    ast.RShift: "'>>'",
    ast.BitOr: "'|'",
    ast.BitXor: "'^'",
    ast.BitAnd: "'&'",
    ast.Invert: "'~'",
    ast.Not: "'not'",
}


def _chain(first: Fn, rest: list[tuple[Callable[[Any, Any], Any], Fn]]) -> Fn:
    def run(env: Mapping[str, Any]) -> Any:
        acc = first(env)
        for op, term in rest:
            acc = op(acc, term(env))
        return acc

    return run


class Compiler:
    """Checks a parsed expression against the whitelist and compiles it."""

    def __init__(self, source: str, lead: int, parameters: frozenset[str]) -> None:
        self.source = source  # what ast.parse saw: whitespace made plain, leading spaces removed
        self.lead = lead  # characters removed from the front
        self.parameters = parameters

    def col(self, node: ast.AST) -> int:
        offset = node.col_offset  # a UTF-8 byte offset
        if not self.source.isascii():
            offset = len(self.source.encode("utf-8")[:offset].decode("utf-8", "ignore"))
        return self.lead + offset + 1

    def error(self, message: str, node: ast.AST, hint: str | None = None) -> ExpressionError:
        return ExpressionError(message, col=self.col(node), hint=hint)

    # -- checks --------------------------------------------------------------

    def check(self, body: ast.expr) -> frozenset[str]:
        """Walk the tree without recursion; return the parameter names used.

        Counts nodes and measures depth (a left-leaning chain of ``+ -`` or of
        ``* /`` is one level) so that :meth:`compile` may recurse safely.
        """
        names: set[str] = set()
        count = 0
        stack: list[tuple[ast.AST, int]] = [(body, 1)]
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > MAX_NODES:
                raise self.error(
                    f"expression is too long (more than {MAX_NODES} numbers, names and operators)",
                    node,
                    "simplify it, or move part of it into a parameter",
                )
            if depth > MAX_DEPTH:
                raise self.error(
                    f"expression is nested too deeply (more than {MAX_DEPTH} levels)",
                    node,
                    "simplify it, or move part of it into a parameter",
                )
            children: list[tuple[ast.AST, int]] = []
            if isinstance(node, ast.Constant):
                self.literal(node)
            elif isinstance(node, ast.Name):
                names.add(self.name(node))
            elif isinstance(node, ast.BinOp):
                if isinstance(node.op, ast.Pow):
                    self.exponent(node.right)
                elif type(node.op) not in _BINARY:
                    raise self.operator_error(node.op, node)
                group = _GROUP.get(type(node.op))
                left = node.left
                same = group is not None and isinstance(left, ast.BinOp) and _GROUP.get(type(left.op)) == group
                children = [(left, depth if same else depth + 1), (node.right, depth + 1)]
            elif isinstance(node, ast.UnaryOp):
                if not isinstance(node.op, (ast.USub, ast.UAdd)):
                    raise self.operator_error(node.op, node)
                children = [(node.operand, depth + 1)]
            elif isinstance(node, ast.Call):
                self.call(node)
                children = [(arg, depth + 1) for arg in node.args]
            else:
                raise self.error(f"{type(node).__name__} is not allowed in expressions", node, ALLOWED_HINT)
            stack.extend(reversed(children))
        return frozenset(names)

    def operator_error(self, op: ast.AST, node: ast.AST) -> ExpressionError:
        shown = _FORBIDDEN_OPS.get(type(op), type(op).__name__)
        return self.error(f"{shown} is not allowed; {ALLOWED}", node, ALLOWED_HINT)

    def literal(self, node: ast.Constant) -> tuple[np.float64, Fraction]:
        """The float and exact value of a number literal, as typed."""
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"{type(value).__name__} constants are not allowed", node, ALLOWED_HINT)
        typed = ast.get_source_segment(self.source, node) or repr(value)
        try:
            as_float = float(value)
        except OverflowError:
            as_float = math.inf
        if not math.isfinite(as_float):
            shown = typed if len(typed) <= 20 else f"{typed[:10]}... ({len(typed)} characters)"
            raise self.error(
                f"number {shown} is too large",
                node,
                "numbers must be finite floats, below about 1.8e308 in size; rescale the payoffs",
            )
        try:
            exact = read_number(typed)  # bounds the exponent first: 1e-99999999 must not build 10**99999999
        except NumberError as exc:
            raise self.error(f"number {exc.message}", node, exc.hint) from None
        return np.float64(as_float), exact

    def name(self, node: ast.Name) -> str:
        if node.id in self.parameters:
            return node.id
        if node.id in FUNCTIONS:
            usage = "abs(x)" if node.id == "abs" else f"{node.id}(a, b)"
            raise self.error(f"'{node.id}' is a function; call it like {usage}", node, ALLOWED_HINT)
        known = sorted(self.parameters)
        close = difflib.get_close_matches(node.id, known, n=3)
        if close:
            hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
        elif known:
            listed = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
            hint = f"known parameters: {listed}"
        else:
            hint = "no parameters are defined; define it as a parameter or write a number"
        odd = "" if node.id.isascii() else " (it has non-ASCII letters)"
        raise self.error(f"unknown parameter {node.id!r}{odd}", node, hint)

    def call(self, node: ast.Call) -> None:
        func = node.func
        if not isinstance(func, ast.Name) or func.id not in FUNCTIONS:
            name = func.id if isinstance(func, ast.Name) else ast.get_source_segment(self.source, func)
            if name == "sqrt":
                hint = "for a square root write x**0.5"
            elif name == "pow":
                hint = "for a power write x**2"
            elif isinstance(func, ast.Name) and name in self.parameters:
                hint = f"{name!r} is a parameter; for a product write {name}*(...)"
            else:
                hint = ALLOWED_HINT
            raise self.error(f"unknown function {name!r}; allowed: min, max, abs", func, hint)
        if node.keywords:
            raise self.error(
                f"{func.id}() takes no keyword arguments", node.keywords[0], "write min(a, b), not min(a=...)"
            )
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.error(
                    f"'*' arguments are not allowed in {func.id}()", arg, f"list the arguments: {func.id}(a, b)"
                )
        low, high = FUNCTIONS[func.id]
        got = len(node.args)
        if got < low or (high is not None and got > high):
            wanted = f"exactly {low} argument" if high == low else f"at least {low} arguments"
            usage = "abs(x)" if func.id == "abs" else f"{func.id}(a, b, ...)"
            raise self.error(f"{func.id}() takes {wanted}, got {got}", node, f"write {usage}")

    def exponent(self, node: ast.expr) -> tuple[float, Fraction]:
        """The exponent of ``**``: a signed number literal with ``|value| <= MAX_EXPONENT``."""
        hint = f"write a number between -{MAX_EXPONENT:g} and {MAX_EXPONENT:g} after '**', e.g. x**2 or x**0.5"
        sign, literal = 1, node
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign = -1 if isinstance(node.op, ast.USub) else 1
            literal = node.operand
        if not isinstance(literal, ast.Constant):
            raise self.error(
                "the exponent of '**' must be a number written in the expression",
                node,
                hint + "; a parameter or a formula as exponent is not supported",
            )
        as_float, exact = self.literal(literal)
        if abs(exact) > MAX_EXPONENT:
            raise self.error(f"exponent {ast.get_source_segment(self.source, node)} is too large", node, hint)
        return sign * float(as_float), sign * exact

    # -- compilation ------------------------------------------------------------

    def compile(self, node: ast.expr) -> tuple[Fn, Fn]:
        """Closures ``(float_fn, exact_fn)`` for a node already passed by :meth:`check`."""
        if isinstance(node, ast.Constant):
            as_float, exact = self.literal(node)
            return (lambda env: as_float), (lambda env: exact)
        if isinstance(node, ast.Name):
            get = operator.itemgetter(node.id)
            return get, get
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base_f, base_q = self.compile(node.left)
            e_float, e_exact = self.exponent(node.right)
            return (lambda env: np.power(base_f(env), e_float)), (lambda env: exact_power(base_q(env), e_exact))
        if isinstance(node, ast.BinOp):
            group = _GROUP[type(node.op)]
            links: list[tuple[type, ast.expr]] = []
            while isinstance(node, ast.BinOp) and _GROUP.get(type(node.op)) == group:
                links.append((type(node.op), node.right))
                node = node.left
            first_f, first_q = self.compile(node)
            rest_f, rest_q = [], []
            for op, right in reversed(links):
                term_f, term_q = self.compile(right)
                rest_f.append((_BINARY[op][0], term_f))
                rest_q.append((_BINARY[op][1], term_q))
            return _chain(first_f, rest_f), _chain(first_q, rest_q)
        if isinstance(node, ast.UnaryOp):
            inner_f, inner_q = self.compile(node.operand)
            if isinstance(node.op, ast.UAdd):
                return inner_f, inner_q
            return (lambda env: -inner_f(env)), (lambda env: -inner_q(env))
        if isinstance(node, ast.Call):
            args = [self.compile(arg) for arg in node.args]
            fs = [f for f, _ in args]
            qs = [q for _, q in args]
            name = node.func.id  # type: ignore[attr-defined]
            if name == "abs":
                (f,) = fs
                (q,) = qs
                return (lambda env: np.abs(f(env))), (lambda env: abs(q(env)))
            pair, pick = (np.minimum, min) if name == "min" else (np.maximum, max)
            return (
                (lambda env: reduce(pair, [f(env) for f in fs])),
                (lambda env: pick([q(env) for q in qs])),
            )
        raise AssertionError(f"unchecked node {ast.dump(node)}")  # check() lets nothing else through


