"""The grammar of payoff expressions, checked on the text before anything is parsed.

:func:`tokenize`, :func:`check_names` and :func:`check_syntax` refuse whatever lies outside
the grammar below, each with a column and a hint, so that ``ast.parse`` only ever sees
short, shallow, well-formed input. What a payoff file may write: docs/format.md
("Payoff values and expressions").

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
Checked before or while parsing, each with an :class:`~wedge_cli.errors.ExpressionError`:

- ``MAX_LENGTH`` characters of text (checked first, before anything else);
- ``MAX_DEPTH`` levels of nesting, both as written (parentheses, calls, unary
  signs, powers; scanned before ``ast.parse``) and in the parsed tree, where a
  chain such as ``a + b - c`` or ``a * b / c`` counts as one level;
- ``MAX_NODES`` numbers, names, operators and calls in all;
- ``MAX_EXPONENT``: the largest ``|exponent|`` of ``**``.

Errors
------
Every error is an :class:`~wedge_cli.model.ExpressionError` with a message,
a ``hint`` saying what to do and, when known, ``col``: the 1-based position of
the offending token within the expression text (each tab or newline counts as
one character). The loader adds the file, the line and the column offset.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from wedge_cli.errors import ExpressionError

MAX_LENGTH = 1000
"""Longest accepted expression text, in characters."""

MAX_DEPTH = 50
"""Deepest accepted nesting (parentheses, calls, unary signs, powers)."""

MAX_NODES = 500
"""Most numbers, names, operators and calls in one expression."""

MAX_EXPONENT = 16.0
"""Largest accepted ``|exponent|`` of ``**``."""


FUNCTIONS: dict[str, tuple[int, int | None]] = {"min": (2, None), "max": (2, None), "abs": (1, 1)}
ALLOWED = "use + - * / ** min max abs"
ALLOWED_HINT = "use numbers, parameter names, + - * / **, parentheses, min(a, b, ...), max(a, b, ...) and abs(a)"
_PIECEWISE_HINT = "payoffs are numbers; for a piecewise payoff use min(...), max(...) or abs(...)"

# ----------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    start: int  # 0-based character index in the expression text


WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
_NUMBER = re.compile(r"(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?", re.ASCII)
_NUMBER_TAIL = re.compile(r"[\w.]+")
_NAME = re.compile(r"[^\W\d]\w*")
_OPERATORS = ("**", "+", "-", "*", "/", "(", ")", ",")

_STRING = ("strings are not allowed", "payoffs are numbers; remove the quotes inside the expression")
# Characters and character pairs outside the grammar, longest first: (message, hint).
_FORBIDDEN: dict[str, tuple[str, str]] = {
    "//": (f"'//' (floor division) is not allowed; {ALLOWED}", "for division write a / b"),
    **{c: (f"comparisons ('{c}') are not allowed", _PIECEWISE_HINT) for c in ("<=", ">=", "==", "!=", "<>")},
    ":=": ("':=' (assignment) is not allowed", ALLOWED_HINT),
    **{c: (f"comparisons ('{c}') are not allowed", _PIECEWISE_HINT) for c in ("<", ">")},
    "=": (
        "'=' is not allowed (no assignments, comparisons or keyword arguments)",
        "write function arguments without names, e.g. min(a, b)",
    ),
    "%": (f"'%' is not allowed; {ALLOWED}", ALLOWED_HINT),
    "^": (f"'^' is not allowed; {ALLOWED}", "for a power write x**2"),
    "[": ("'[' is not allowed (no lists or indexing)", ALLOWED_HINT),
    "]": ("']' is not allowed (no lists or indexing)", ALLOWED_HINT),
    "{": ("'{' is not allowed (no sets or dicts)", ALLOWED_HINT),
    "}": ("'}' is not allowed (no sets or dicts)", ALLOWED_HINT),
    ".": ("'.' is not allowed here (no attribute access)", "a decimal point needs a digit next to it, e.g. 0.5"),
    ":": ("':' is not allowed (no lambdas, slices or dicts)", ALLOWED_HINT),
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
    "lambda": ("'lambda' is not allowed", ALLOWED_HINT),
}


def quote(text: str) -> str:
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


def tokenize(text: str) -> list[_Token]:
    """Split ``text`` into tokens of the grammar; reject anything else with its column."""
    tokens: list[_Token] = []
    pos, n = 0, len(text)
    while pos < n:
        space = WHITESPACE.match(text, pos)
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
                    word, (f"'{word}' is a Python keyword and is not allowed in expressions", ALLOWED_HINT)
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
            raise ExpressionError(f"{char!r} is not allowed; {ALLOWED}", col=pos + 1, hint=ALLOWED_HINT)
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


def check_names(tokens: list[_Token], parameters: Collection[str]) -> None:
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
        if plain in parameters or plain in FUNCTIONS:
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


def check_syntax(text: str, tokens: list[_Token]) -> None:
    """Check the token sequence against the grammar, without recursion.

    A small state machine (operand expected / operator expected) with a stack
    of open parentheses. It also measures nesting as written (parentheses,
    unary signs, ``**``) and rejects more than ``MAX_DEPTH`` levels, so that
    ``ast.parse`` only ever sees shallow input.
    """

    def fail(detail: str, col: int, hint: str) -> ExpressionError:
        return ExpressionError(f"could not parse expression {quote(text)}: {detail}", col=col, hint=hint)

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


