"""The tokens of a Gambit ``.nfg`` file, and its numbers read exactly.

:class:`Lexer` gives tokens with 1-based lines and columns (and two fast paths for the long
runs of numbers in a file's body); :class:`Numbers` turns number tokens into bounded exact
fractions. The grammar on top is :mod:`wedge_cli.formats.nfg_read`; the format as wedge
reads it: docs/format.md ("Gambit .nfg files").

Numbers are read exactly: integers, decimals (``1.5``, ``-.5``, ``1e-3``) and
rationals (``3/2``) become :class:`~fractions.Fraction` through their text, so
``0.1`` is ``1/10``. Inside quoted strings ``\\"`` is a quote and ``\\\\`` a
backslash (what Gambit's writer emits); any other backslash is kept as it is.
Every token is at most :data:`MAX_TOKEN` characters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import NamedTuple

from wedge_cli.errors import LoadError
from wedge_cli.model import RANGE_HINT, SUPPORTED_RANGE, range_problem

MAX_TOKEN = 200
"""Longest unquoted token (number or keyword) accepted, in characters."""

MAX_EXPONENT = 1000
"""Largest decimal exponent magnitude accepted in a number such as ``1e-3``."""

FORMAT_HINT = (
    'a Gambit .nfg file starts with  NFG 1 R "title" { "Player 1" "Player 2" }  '
    'followed by the strategies, e.g.  { { "a" "b" } { "x" "y" } }  or  { 2 2 }'
)

_SPACE = re.compile(r"\s*+")
_WORD = re.compile(r'[^\s{},"]{1,' + str(MAX_TOKEN) + "}+")
_STRING = re.compile(r'"((?:[^"\\]++|\\.)*+)"', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])')
# re.ASCII: \d is 0-9 only (Python's int() and float() would also take Arabic-Indic and other digits).
_NUMBER = re.compile(r"[+-]?(?:(?P<num>\d+)/(?P<den>\d+)|(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?)\Z", re.ASCII)
INTEGER = re.compile(r"\+?\d+\Z", re.ASCII)
_NONFINITE = re.compile(r"[+-]?(?:inf|infinity|nan)\Z", re.IGNORECASE)
_FAST_WORD = re.compile(r'\s*+(?:(,)|([^\s{},"]{1,' + str(MAX_TOKEN) + r'}+)(?![^\s{},"]))')
_FAST_OUTCOME = re.compile(r'\s*+(\{)[ \t]*+(?:"((?:[^"\\\n]++|\\[^\n])*+)")?([^{}"\n]*+)\}')
_WORDS = re.compile(r'[^\s{},"]+')
_WORD_CHAR = re.compile(r'[^\s{},"]')


class Token(NamedTuple):
    kind: str  # "word", "string", "{", "}", ",", "eof"
    text: str
    line: int
    col: int

    def describe(self) -> str:
        if self.kind == "eof":
            return "end of file"
        if self.kind == "string":
            shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
            return f"string {shown!r}"
        if self.kind == "word":
            shown = self.text if len(self.text) <= 30 else self.text[:27] + "..."
            return repr(shown)
        return f"'{self.kind}'"


class Lexer:
    """Tokens of a Gambit savefile with 1-based line and column numbers.

    Line counting is incremental, so lexing stays linear in the file size.
    """

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.pos = 0
        self._counted = 0  # newlines before this offset are already in self._line
        self._line = 1
        self._line_start = 0
        self._peeked: Token | None = None

    def _locate(self, pos: int) -> tuple[int, int]:
        newlines = self.text.count("\n", self._counted, pos)
        if newlines:
            self._line += newlines
            self._line_start = self.text.rfind("\n", self._counted, pos) + 1
        self._counted = pos
        return self._line, pos - self._line_start + 1

    def error(self, message: str, token: Token, hint: str | None = None) -> LoadError:
        return LoadError(message, path=self.path, line=token.line, col=token.col, hint=hint)

    def peek(self) -> Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> Token:
        token = self.peek()
        self._peeked = None
        return token

    def _scan(self) -> Token:
        text = self.text
        start = _SPACE.match(text, self.pos).end()
        line, col = self._locate(start)
        if start >= len(text):
            self.pos = start
            return Token("eof", "", line, col)
        char = text[start]
        if char in "{},":
            self.pos = start + 1
            return Token(char, char, line, col)
        if char == '"':
            match = _STRING.match(text, start)
            if match is None:
                raise LoadError(
                    "unterminated string: no closing '\"' before the end of the file",
                    path=self.path,
                    line=line,
                    col=col,
                    hint='close the string with a double quote; write a quote inside a string as \\"',
                )
            self.pos = match.end()
            return Token("string", _UNESCAPE.sub(r"\1", match.group(1)), line, col)
        match = _WORD.match(text, start)
        end = match.end()
        if _WORD_CHAR.match(text, end):
            raise LoadError(
                f"token longer than {MAX_TOKEN} characters: {text[start : start + 30]!r}...",
                path=self.path,
                line=line,
                col=col,
                hint="is this really a Gambit .nfg file? " + FORMAT_HINT,
            )
        self.pos = end
        return Token("word", match.group(), line, col)

    def fast_run(
        self, limit: int, cache: Mapping[str, object], convert: Callable[[Token], object]
    ) -> tuple[list, list[int]]:
        """Read up to ``limit`` plain words (skipping commas) fast; return their values and lines.

        A fast path for the long runs of numbers in a file's body. Each word's
        value is ``cache[word]`` when present, else ``convert(token)`` (which
        may raise). It stops, in sync, before a brace, a string, an over-long
        word or the end; the ordinary :meth:`next` takes it from there.
        """
        values: list = []
        lines: list[int] = []
        if self._peeked is not None:
            return values, lines
        text, match, get = self.text, _FAST_WORD.match, cache.get
        pos, counted, line, line_start = self.pos, self._counted, self._line, self._line_start
        try:
            while len(values) < limit:
                found = match(text, pos)
                if found is None:
                    break
                pos = found.end()
                word = found.group(2)
                if word is None:  # a comma
                    continue
                start = found.start(2)
                newlines = text.count("\n", counted, start)
                if newlines:
                    line += newlines
                    line_start = text.rfind("\n", counted, start) + 1
                counted = start
                value = get(word)
                if value is None:
                    value = convert(Token("word", word, line, start - line_start + 1))
                values.append(value)
                lines.append(line)
        finally:
            self.pos, self._counted, self._line, self._line_start = pos, counted, line, line_start
        return values, lines

    def count_remaining_words(self, limit: int = 10_000_000) -> int | None:
        """How many unquoted tokens follow (None if more than ``limit`` characters remain)."""
        if len(self.text) - self.pos > limit:
            return None
        return len(_WORDS.findall(self.text, self.pos))

    def fast_outcome(self, n: int, parse: Callable[[Token], object]) -> tuple[str, tuple, int] | None:
        """Read one plain one-line outcome ``{ "name" 1, 2 }`` at once: its name, ``n`` payoffs and line.

        None, with nothing read, for anything unusual (a line break inside, a wrong
        count, a bad number): the token-by-token reader reports it precisely.
        """
        if self._peeked is not None:
            return None
        found = _FAST_OUTCOME.match(self.text, self.pos)
        if found is None:
            return None
        words = found.group(3).replace(",", " ").split()
        if len(words) != n or any(len(w) > MAX_TOKEN for w in words):
            return None
        line, col = self._locate(found.start(1))
        try:
            values = tuple(parse(Token("word", w, line, col)) for w in words)
        except LoadError:
            return None
        self.pos = found.end()
        return _UNESCAPE.sub(r"\1", found.group(2) or ""), values, line


class Numbers:
    """Exact numbers from tokens, cached by their text (payoffs repeat a lot)."""

    def __init__(self, lexer: Lexer) -> None:
        self.lexer = lexer
        self.cache: dict[str, Fraction] = {}

    def parse(self, token: Token, what: str) -> Fraction:
        cached = self.cache.get(token.text)
        if cached is not None:
            return cached
        value = self._convert(token, what)
        self.cache[token.text] = value
        return value

    def _convert(self, token: Token, what: str) -> Fraction:
        lx = self.lexer
        text = token.text
        if token.kind != "word":
            raise lx.error(
                f"expected {what}, found {token.describe()}",
                token,
                hint="payoffs are numbers such as 3, -1.5, 1e-3 or 3/2",
            )
        if _NONFINITE.match(text):
            raise lx.error(
                f"{what} {text!r} is not a finite number",
                token,
                hint="wedge needs finite payoffs; replace it with a (large) finite number",
            )
        match = _NUMBER.match(text)
        if match is None and _non_ascii_digit(text):
            raise lx.error(
                f"{what} {text!r} is written with the non-ASCII digit {_non_ascii_digit(text)!r}",
                token,
                hint="write numbers with the digits 0-9",
            )
        if match is None:
            raise lx.error(
                f"expected {what}, found {token.describe()} which is not a number",
                token,
                hint="payoffs are numbers such as 3, -1.5, 1e-3 or 3/2 (no spaces inside a number)",
            )
        exponent = match.group("exp")
        if exponent is not None and abs(int(exponent)) > MAX_EXPONENT:
            raise lx.error(
                f"{what} {text!r} has an exponent outside -{MAX_EXPONENT}..{MAX_EXPONENT}",
                token,
                hint="wedge needs finite payoffs of a reasonable size; rescale the payoffs",
            )
        if match.group("den") is not None and int(match.group("den")) == 0:
            raise lx.error(
                f"{what} {text!r} divides by zero",
                token,
                hint="a rational payoff p/q needs a nonzero denominator q",
            )
        value = Fraction(text)
        try:
            finite = math.isfinite(float(value))
        except OverflowError:
            finite = False
        if not finite:
            raise lx.error(
                f"{what} {text!r} is too large to be a finite number",
                token,
                hint="wedge needs finite payoffs; rescale the payoffs",
            )
        problem = range_problem(value)
        if problem is not None:
            raise lx.error(f"{what} {text!r} is {problem}: wedge accepts {SUPPORTED_RANGE}", token, hint=RANGE_HINT)
        return value


def _non_ascii_digit(text: str) -> str | None:
    """The first digit in ``text`` that is not 0-9 (such as Arabic-Indic ``٣``), or None."""
    return next((c for c in text if c.isdigit() and not c.isascii()), None)


def digits_hint(token: Token) -> str | None:
    odd = _non_ascii_digit(token.text) if token.kind == "word" else None
    return None if odd is None else f"{odd!r} is not one of the digits 0-9; write numbers with 0-9"
