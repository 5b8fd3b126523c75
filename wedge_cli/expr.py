"""Safe arithmetic on named parameters: payoffs written as strings.

A payoff in a payoff file may be a number or a string such as ``"4 + cut/10"``
or ``"relief * (1 - distrust) - max(0, china_offer)"``.
:func:`compile_expression` checks such a string once and turns it into an
:class:`Expression`, a tree of small Python closures that evaluates either on
floats and numpy arrays (:meth:`Expression.evaluate`) or exactly on fractions
(:meth:`Expression.evaluate_exact`). User text is never passed to ``eval``,
``exec`` or ``compile``: it is tokenized and checked by this module, parsed with
``ast.parse(mode="eval")``, and every node of the tree is checked against a
whitelist before anything runs.

Grammar
-------
::

    expression := term (("+" | "-") term)*
    term       := factor (("*" | "/") factor)*
    factor     := ("+" | "-") factor | power
    power      := atom ["**" exponent]
    exponent   := ["+" | "-"] NUMBER        with |exponent| <= MAX_EXPONENT
    atom       := NUMBER | NAME | "(" expression ")" | call
    call       := ("min" | "max") "(" expression ("," expression)+ ")"
                | "abs" "(" expression ")"

- ``NUMBER`` is a decimal literal: ``3``, ``0.25``, ``.5``, ``2.``, ``1e-3``,
  ``1_000``, digits 0-9 only. Its float value must be finite (``1e400`` is
  rejected) and its exponent at most 1000 in size (``1e-99999999`` is rejected
  before any exact conversion; see :func:`wedge_cli.model.read_number`). No hex,
  octal or binary literals, no leading zeros (``007``), no complex numbers. The
  size of a literal is not limited otherwise (``1e300/1e300`` is fine); the
  loader checks the payoff's value against the supported range.
- ``NAME`` is one of the parameters the payoff file defines, compared exactly:
  a name that only matches after Unicode normalisation (NFKC, as Python's own
  parser applies it), such as full-width ``ｃｕｔ`` for ``cut``, is rejected.
- Precedence and associativity are Python's (and school algebra's):
  ``a - b - c`` is ``(a - b) - c``, ``-x**2`` is ``-(x**2)``, ``/`` is true
  division.
- The exponent of ``**`` is a number written in the text, optionally signed:
  ``x**2``, ``x**-1``, ``x**0.5``. ``2**x`` and ``9**9**9`` are rejected.
- ``min`` and ``max`` take two or more arguments, ``abs`` exactly one; no
  keyword arguments. No other functions exist.
- Nothing else: no ``//``, ``%``, comparisons, ``and``/``or``/``not``,
  ``if``/``else``, attributes, indexing, strings, lambdas, comments.

Limits
------
Checked before or while parsing, each with an :class:`ExpressionError`:

- ``MAX_LENGTH`` characters of text (checked first, before anything else);
- ``MAX_DEPTH`` levels of nesting, both as written (parentheses, calls, unary
  signs, powers; scanned before ``ast.parse``) and in the parsed tree, where a
  chain such as ``a + b - c`` or ``a * b / c`` counts as one level;
- ``MAX_NODES`` numbers, names, operators and calls in all;
- ``MAX_EXPONENT``: the largest ``|exponent|`` of ``**``.

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

Errors
------
Every error is an :class:`~wedge_cli.model.ExpressionError` with a message,
a ``hint`` saying what to do and, when known, ``col``: the 1-based position of
the offending token within the expression text (each tab or newline counts as
one character). The loader adds the file, the line and the column offset.
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import reduce
from typing import Any

import numpy as np

from wedge_cli.model import ExpressionError, NumberError, exact_number, read_number

MAX_LENGTH = 1000
"""Longest accepted expression text, in characters."""

MAX_DEPTH = 50
"""Deepest accepted nesting (parentheses, calls, unary signs, powers)."""

MAX_NODES = 500
"""Most numbers, names, operators and calls in one expression."""

MAX_EXPONENT = 16.0
"""Largest accepted ``|exponent|`` of ``**``."""

MAX_EXACT_BITS = 10_000
"""Exact evaluation gives up (returns None) past this many bits in a fraction."""

_FUNCTIONS: dict[str, tuple[int, int | None]] = {"min": (2, None), "max": (2, None), "abs": (1, 1)}
_ALLOWED = "use + - * / ** min max abs"
_ALLOWED_HINT = "use numbers, parameter names, + - * / **, parentheses, min(a, b, ...), max(a, b, ...) and abs(a)"
_PIECEWISE_HINT = "payoffs are numbers; for a piecewise payoff use min(...), max(...) or abs(...)"

# ----------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    start: int  # 0-based character index in the expression text


_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_NUMBER = re.compile(r"(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?", re.ASCII)
_NUMBER_TAIL = re.compile(r"[\w.]+")
_NAME = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("**", "+", "-", "*", "/", "(", ")", ",")

_STRING = ("strings are not allowed", "payoffs are numbers; remove the quotes inside the expression")
# Characters and character pairs outside the grammar, longest first: (message, hint).
_FORBIDDEN: dict[str, tuple[str, str]] = {
    "//": (f"'//' (floor division) is not allowed; {_ALLOWED}", "for division write a / b"),
    **{c: (f"comparisons ('{c}') are not allowed", _PIECEWISE_HINT) for c in ("<=", ">=", "==", "!=", "<>")},
    ":=": ("':=' (assignment) is not allowed", _ALLOWED_HINT),
    **{c: (f"comparisons ('{c}') are not allowed", _PIECEWISE_HINT) for c in ("<", ">")},
    "=": (
        "'=' is not allowed (no assignments, comparisons or keyword arguments)",
        "write function arguments without names, e.g. min(a, b)",
    ),
    "%": (f"'%' is not allowed; {_ALLOWED}", _ALLOWED_HINT),
    "^": (f"'^' is not allowed; {_ALLOWED}", "for a power write x**2"),
    "[": ("'[' is not allowed (no lists or indexing)", _ALLOWED_HINT),
    "]": ("']' is not allowed (no lists or indexing)", _ALLOWED_HINT),
    "{": ("'{' is not allowed (no sets or dicts)", _ALLOWED_HINT),
    "}": ("'}' is not allowed (no sets or dicts)", _ALLOWED_HINT),
    ".": ("'.' is not allowed here (no attribute access)", "a decimal point needs a digit next to it, e.g. 0.5"),
    ":": ("':' is not allowed (no lambdas, slices or dicts)", _ALLOWED_HINT),
    "'": _STRING,
    '"': _STRING,
    "#": ("comments ('#') are not allowed in expressions", "put the comment in the payoff file, after the value"),
    "\\": ("'\\' is not allowed in expressions", "write the whole expression on one line, or inside parentheses"),
}

_KEYWORD_ERRORS: dict[str, tuple[str, str]] = {
    "True": ("booleans are not allowed", "write 1 or 0"),
    "False": ("booleans are not allowed", "write 1 or 0"),
    "None": ("'None' is not allowed", "payoffs are numbers"),
    "and": ("logical operators ('and') are not allowed", _PIECEWISE_HINT),
    "or": ("logical operators ('or') are not allowed", _PIECEWISE_HINT),
    "not": ("logical operators ('not') are not allowed", _PIECEWISE_HINT),
    "if": ("conditional expressions ('if ... else') are not allowed", _PIECEWISE_HINT),
    "else": ("conditional expressions ('if ... else') are not allowed", _PIECEWISE_HINT),
    "lambda": ("'lambda' is not allowed", _ALLOWED_HINT),
}


def _shown(text: str) -> str:
    """The expression quoted for a message, shortened when long."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _bad_number(start: int, run: str) -> ExpressionError:
    if run[-1] in "jJ" and _NUMBER.fullmatch(run[:-1]):
        return ExpressionError("complex numbers are not allowed", col=start + 1, hint="payoffs are real numbers")
    return ExpressionError(
        f"{run!r} is not a valid number",
        col=start + 1,
        hint="write decimal numbers such as 3, 0.25 or 1e-3; for a product write 2*x",
    )


def _tokenize(text: str) -> list[_Token]:
    """Split ``text`` into tokens of the grammar; reject anything else with its column."""
    tokens: list[_Token] = []
    pos, n = 0, len(text)
    while pos < n:
        space = _WHITESPACE.match(text, pos)
        if space:
            pos = space.end()
            continue
        number = _NUMBER.match(text, pos)
        if number:
            tail = _NUMBER_TAIL.match(text, number.end())
            if tail:
                raise _bad_number(pos, text[pos : tail.end()])
            literal = number.group()
            digits = literal.replace("_", "")
            if digits.isdigit() and len(digits) > 1 and digits[0] == "0" and digits.strip("0"):
                raise ExpressionError(
                    f"{literal!r} is not a valid number", col=pos + 1, hint="remove the leading zeros"
                )
            tokens.append(_Token("number", literal, pos))
            pos = number.end()
            continue
        name = _NAME.match(text, pos)
        if name:
            word = name.group()
            if keyword.iskeyword(word):
                message, hint = _KEYWORD_ERRORS.get(
                    word, (f"'{word}' is a Python keyword and is not allowed in expressions", _ALLOWED_HINT)
                )
                raise ExpressionError(message, col=pos + 1, hint=hint)
            if not word.isidentifier():
                raise ExpressionError(
                    f"{word!r} is not a valid name",
                    col=pos + 1,
                    hint="names are letters, digits and '_'; a power is x**2",
                )
            tokens.append(_Token("name", word, pos))
            pos = name.end()
            continue
        op = next((o for o in _OPERATORS if text.startswith(o, pos)), None)
        forbidden = next((f for f in _FORBIDDEN if text.startswith(f, pos)), None)
        if op is not None and (forbidden is None or len(op) >= len(forbidden)):
            tokens.append(_Token("op", op, pos))
            pos += len(op)
            continue
        if forbidden is not None:
            message, hint = _FORBIDDEN[forbidden]
            raise ExpressionError(message, col=pos + 1, hint=hint)
        char = text[pos]
        if char.isdigit():  # not 0-9: _NUMBER only takes ASCII digits
            raise ExpressionError(
                f"{char!r} is not one of the digits 0-9", col=pos + 1, hint="write numbers with the digits 0-9"
            )
        if char.isprintable() and not char.isspace():
            raise ExpressionError(f"{char!r} is not allowed; {_ALLOWED}", col=pos + 1, hint=_ALLOWED_HINT)
        raise ExpressionError(
            f"unexpected character U+{ord(char):04X} in expression",
            col=pos + 1,
            hint="replace it with a plain space, or delete it",
        )
    end = len(text.rstrip())
    tokens.append(_Token("end", "", end))
    return tokens


def _lookalike_kind(word: str) -> str:
    """What kind of characters make ``word`` differ from its NFKC form, in words."""
    kinds = []
    for char in word:
        if unicodedata.normalize("NFKC", char) == char:
            continue
        name = unicodedata.name(char, "")
        if name.startswith("FULLWIDTH"):
            kind = "full-width letters"
        elif name.startswith("MATHEMATICAL "):
            style = name.removeprefix("MATHEMATICAL ").split(" SMALL")[0].split(" CAPITAL")[0]
            kind = f"mathematical {style.lower()} letters"
        elif "LIGATURE" in name:
            kind = "a ligature"
        elif name.startswith(("SUPERSCRIPT", "SUBSCRIPT", "MODIFIER LETTER")):
            kind = "superscript or subscript letters"
        else:
            kind = "look-alike characters"
        if kind not in kinds:
            kinds.append(kind)
    return ", ".join(kinds)


def _check_names(tokens: list[_Token], parameters: Collection[str]) -> None:
    """Refuse names that only match after Unicode (NFKC) normalisation.

    Python's parser normalises identifiers, so ``ｃｕｔ`` (full-width) or ``𝐜𝐮𝐭``
    (bold) would silently become ``cut``. Names are compared exactly instead.
    """
    for tok in tokens:
        if tok.kind != "name" or tok.text.isascii():
            continue
        plain = unicodedata.normalize("NFKC", tok.text)
        if plain == tok.text:
            continue  # a name Python keeps as written: the usual unknown-name check follows
        kind = _lookalike_kind(tok.text)
        if plain in parameters or plain in _FUNCTIONS:
            what = "parameter" if plain in parameters else "function"
            raise ExpressionError(
                f"{tok.text!r} is not the {what} {plain!r} ({kind}); write it in ASCII",
                col=tok.start + 1,
                hint=f"type {plain} with plain letters",
            )
        raise ExpressionError(
            f"{tok.text!r} is not a valid name ({kind})",
            col=tok.start + 1,
            hint="names are plain letters, digits and '_'; write the parameter's name as the file defines it",
        )


# ----------------------------------------------------------------------------
# Syntax check before ast.parse: plain-words messages and a bound on nesting


@dataclass
class _Open:
    token: _Token  # the "(" itself
    call: bool  # opens the arguments of min/max/abs/...
    outer: int  # nesting level outside the parentheses


def _check_syntax(text: str, tokens: list[_Token]) -> None:
    """Check the token sequence against the grammar, without recursion.

    A small state machine (operand expected / operator expected) with a stack
    of open parentheses. It also measures nesting as written (parentheses,
    unary signs, ``**``) and rejects more than ``MAX_DEPTH`` levels, so that
    ``ast.parse`` only ever sees shallow input.
    """

    def fail(detail: str, col: int, hint: str) -> ExpressionError:
        return ExpressionError(f"could not parse expression {_shown(text)}: {detail}", col=col, hint=hint)

    def deeper(level: int, token: _Token) -> int:
        if level > MAX_DEPTH:
            raise ExpressionError(
                f"expression is nested too deeply (more than {MAX_DEPTH} levels of parentheses, signs or powers)",
                col=token.start + 1,
                hint="simplify it, or move part of it into a parameter",
            )
        return level

    stack: list[_Open] = []
    level = 0
    want_operand = True
    prev: _Token | None = None
    for tok in tokens:
        if want_operand:
            if tok.kind in ("number", "name"):
                want_operand = False
            elif tok.text == "(":
                stack.append(_Open(tok, False, level))
                level = deeper(level + 1, tok)
            elif tok.text in ("+", "-"):
                level = deeper(level + 1, tok)
            elif tok.text == ")" and prev is not None and prev.text == "(" and stack and stack[-1].call:
                level = stack.pop().outer  # min() with no argument: the arity check reports it
                want_operand = False
            else:
                where = f"after {prev.text!r}" if prev is not None else "at the start"
                found = "" if tok.kind == "end" else f", found {tok.text!r}"
                hint = (
                    f"write a value after {prev.text!r}, e.g. 4 + cut or min(a, b)"
                    if prev is not None
                    else "start with a number, a parameter name, '(' or a sign"
                )
                raise fail(f"expected a number, a parameter name or '(' {where}{found}", tok.start + 1, hint)
        elif tok.kind == "end":
            if stack:
                raise fail("'(' is never closed", stack[-1].token.start + 1, "add a matching ')'")
        elif tok.text in ("+", "-", "*", "/"):
            level = stack[-1].outer + 1 if stack else 0
            want_operand = True
        elif tok.text == "**":
            level = deeper(level + 1, tok)
            want_operand = True
        elif tok.text == ")":
            if not stack:
                raise fail("')' has no matching '('", tok.start + 1, "remove it or add a matching '('")
            level = stack.pop().outer
        elif tok.text == ",":
            if not (stack and stack[-1].call):
                raise fail(
                    "',' is only allowed between the arguments of min(...), max(...) or abs(...)",
                    tok.start + 1,
                    "write decimals with a point, e.g. 0.5, not 0,5",
                )
            level = stack[-1].outer + 1
            want_operand = True
        elif tok.text == "(" and prev is not None and prev.kind == "name":
            stack.append(_Open(tok, True, level))
            level = deeper(level + 1, tok)
            want_operand = True
        else:
            raise fail(
                f"missing operator between {prev.text!r} and {tok.text!r}",
                tok.start + 1,
                "for a product write '*', e.g. 2*x or 2*(a + b)",
            )
        prev = tok


# ----------------------------------------------------------------------------
# Whitelist walk over the parsed tree, then compilation into closures


class _Inexact(Exception):
    """Exact evaluation cannot give a rational result of reasonable size."""


def _bounded(x: Fraction) -> Fraction:
    if x.numerator.bit_length() + x.denominator.bit_length() > MAX_EXACT_BITS:
        raise _Inexact
    return x


def _iroot(n: int, q: int) -> int:
    """The integer ``r`` with ``r**q == n`` (``n >= 1``), else raise :class:`_Inexact`.

    Newton's method in integers, started above the root: the classic integer
    square-root iteration generalised to ``q``-th roots. It decreases
    monotonically to ``floor(n ** (1/q))``; the root is exact iff its ``q``-th
    power gives back ``n``.
    """
    if n == 1:
        return 1
    if n.bit_length() <= q:  # 1 < n < 2**q, so 1 < root < 2
        raise _Inexact
    r = 1 << -(-n.bit_length() // q)  # 2**ceil(bits/q) >= the root
    while True:
        s = ((q - 1) * r + n // r ** (q - 1)) // q
        if s >= r:
            break
        r = s
    if r**q != n:
        raise _Inexact
    return r


def _exact_power(base: Fraction, exponent: Fraction) -> Fraction:
    """``base ** exponent`` as a Fraction, or raise :class:`_Inexact`."""
    p, q = exponent.numerator, exponent.denominator
    if q != 1:
        if base < 0 or (base == 0 and p < 0):
            raise _Inexact
        if base == 0:
            return Fraction(0)
        base = Fraction(_iroot(base.numerator, q), _iroot(base.denominator, q))
    if p < 0 and base == 0:
        raise _Inexact
    if abs(p) * (base.numerator.bit_length() + base.denominator.bit_length()) > MAX_EXACT_BITS:
        raise _Inexact
    return base**p


_Fn = Callable[[Mapping[str, Any]], Any]

_BINARY: dict[type, tuple[Callable[[Any, Any], Any], Callable[[Fraction, Fraction], Fraction]]] = {
    ast.Add: (operator.add, lambda a, b: _bounded(a + b)),
    ast.Sub: (operator.sub, lambda a, b: _bounded(a - b)),
    ast.Mult: (operator.mul, lambda a, b: _bounded(a * b)),
    ast.Div: (operator.truediv, lambda a, b: _bounded(a / b)),
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


def _chain(first: _Fn, rest: list[tuple[Callable[[Any, Any], Any], _Fn]]) -> _Fn:
    def run(env: Mapping[str, Any]) -> Any:
        acc = first(env)
        for op, term in rest:
            acc = op(acc, term(env))
        return acc

    return run


class _Compiler:
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
                raise self.error(f"{type(node).__name__} is not allowed in expressions", node, _ALLOWED_HINT)
            stack.extend(reversed(children))
        return frozenset(names)

    def operator_error(self, op: ast.AST, node: ast.AST) -> ExpressionError:
        shown = _FORBIDDEN_OPS.get(type(op), type(op).__name__)
        return self.error(f"{shown} is not allowed; {_ALLOWED}", node, _ALLOWED_HINT)

    def literal(self, node: ast.Constant) -> tuple[np.float64, Fraction]:
        """The float and exact value of a number literal, as typed."""
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(f"{type(value).__name__} constants are not allowed", node, _ALLOWED_HINT)
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
        if node.id in _FUNCTIONS:
            usage = "abs(x)" if node.id == "abs" else f"{node.id}(a, b)"
            raise self.error(f"'{node.id}' is a function; call it like {usage}", node, _ALLOWED_HINT)
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
        if not isinstance(func, ast.Name) or func.id not in _FUNCTIONS:
            name = func.id if isinstance(func, ast.Name) else ast.get_source_segment(self.source, func)
            if name == "sqrt":
                hint = "for a square root write x**0.5"
            elif name == "pow":
                hint = "for a power write x**2"
            elif isinstance(func, ast.Name) and name in self.parameters:
                hint = f"{name!r} is a parameter; for a product write {name}*(...)"
            else:
                hint = _ALLOWED_HINT
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
        low, high = _FUNCTIONS[func.id]
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

    def compile(self, node: ast.expr) -> tuple[_Fn, _Fn]:
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
            return (lambda env: np.power(base_f(env), e_float)), (lambda env: _exact_power(base_q(env), e_exact))
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


# ----------------------------------------------------------------------------
# Public API


class Expression:
    """A compiled payoff expression (satisfies :class:`wedge_cli.model.Payoff`).

    Build it with :func:`compile_expression`. ``source`` is the text as
    written; ``names`` the parameters it uses.
    """

    __slots__ = ("source", "names", "_float", "_exact")

    def __init__(self, source: str, names: frozenset[str], float_fn: _Fn, exact_fn: _Fn) -> None:
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
                f"no value for parameter {exc.args[0]!r} in expression {_shown(self.source)}",
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
        except (_Inexact, ZeroDivisionError):
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
    tokens = _tokenize(text)
    _check_names(tokens, parameters)
    _check_syntax(text, tokens)
    plain = _WHITESPACE.sub(lambda m: " " * len(m.group()), text)  # one line, same character positions
    source = plain.lstrip(" ")
    lead = len(plain) - len(source)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:  # the checks above should have caught it: report Python's words
        col = lead + exc.offset if exc.offset else None
        raise ExpressionError(
            f"could not parse expression {_shown(text)}: {exc.msg}", col=col, hint=_ALLOWED_HINT
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(
            f"could not parse expression {_shown(text)}: it is too complex",
            hint="simplify it, or move part of it into a parameter",
        ) from None
    compiler = _Compiler(source, lead, frozenset(parameters))
    names = compiler.check(tree.body)
    float_fn, exact_fn = compiler.compile(tree.body)
    return Expression(text, names, float_fn, exact_fn)


# ----------------------------------------------------------------------------
# Polynomial structure in one parameter (for exact sweep thresholds)

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
        raise _Inexact
    out = [Fraction(0)] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return _trim([_bounded(v) for v in out])


def _poly_value(p: Poly, x: Fraction) -> Fraction:
    acc = Fraction(0)
    for c in reversed(p):
        acc = acc * x + c
    return acc


class _PolyWalker:
    """Rewrites a checked expression tree as a polynomial in one parameter.

    Every node becomes a :data:`Poly` with exact coefficients, or raises
    :class:`_Inexact` when the node is not a polynomial in ``var`` (the
    parameter under a ``min``/``max``/``abs``, in a divisor, or under a
    non-integer or negative power). Other parameters take their exact values
    from ``env``.
    """

    def __init__(self, compiler: _Compiler, var: str, env: Mapping[str, Fraction]) -> None:
        self.compiler = compiler
        self.var = var
        self.env = env

    def constant(self, p: Poly) -> Fraction:
        if len(p) > 1:
            raise _Inexact
        return p[0] if p else Fraction(0)

    def walk(self, node: ast.expr) -> Poly:
        if isinstance(node, ast.Constant):
            return _trim([self.compiler.literal(node)[1]])
        if isinstance(node, ast.Name):
            if node.id == self.var:
                return (Fraction(0), Fraction(1))
            value = exact_number(self.env[node.id])
            if value is None:
                raise _Inexact
            return _trim([value])
        if isinstance(node, ast.UnaryOp):
            inner = self.walk(node.operand)
            return inner if isinstance(node.op, ast.UAdd) else tuple(-v for v in inner)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            base = self.walk(node.left)
            _, exponent = self.compiler.exponent(node.right)
            if len(base) <= 1:
                return _trim([_exact_power(self.constant(base), exponent)])
            if exponent.denominator != 1 or exponent < 0:
                raise _Inexact
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
                raise _Inexact
            return tuple(_bounded(v / divisor) for v in left)
        if isinstance(node, ast.Call):
            args = [self.constant(self.walk(arg)) for arg in node.args]  # var inside: piecewise, not polynomial
            name = node.func.id  # type: ignore[attr-defined]
            value = abs(args[0]) if name == "abs" else (min(args) if name == "min" else max(args))
            return _trim([value])
        raise _Inexact


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
    plain = _WHITESPACE.sub(lambda m: " " * len(m.group()), expr.source)
    source = plain.lstrip(" ")
    compiler = _Compiler(source, len(plain) - len(source), frozenset(expr.names) | {name})
    try:
        tree = ast.parse(source, mode="eval")  # the same text compile_expression already checked
        poly = _PolyWalker(compiler, name, env).walk(tree.body)
    except (_Inexact, ZeroDivisionError, KeyError, ExpressionError, RecursionError):
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
