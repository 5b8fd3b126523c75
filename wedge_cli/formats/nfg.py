"""Read and write Gambit strategic-form (``.nfg``) files.

The format is the one documented in Gambit's manual ("The strategic game
(.nfg) file format") and implemented by its parser (``src/games/file.cc``)::

    NFG 1 R "title" { "Player 1" "Player 2" }          header, player names
    { { "a" "b" } { "x" "y" "z" } }                     strategy names ...
    "optional comment"
    { { "outcome 1" 3, 2 } { "" 0, 1 } ... }            outcome version: outcomes,
    1 2 0 1 2 1                                         then one index per profile

or, in the *payoff version*, strategy counts (``{ 2 3 }``, named ``"1"``,
``"2"``, ... exactly as Gambit names them) or names, then one payoff per player
for every profile::

    NFG 1 R "title" { "P1" "P2" } { 2 3 }
    3 2  0 1  ...

Profiles are listed with the **first** player's strategy varying fastest (the
Fortran order of the payoff array). Outcome index 0 is Gambit's null outcome,
worth 0 to everybody.

Numbers are read exactly: integers, decimals (``1.5``, ``-.5``, ``1e-3``) and
rationals (``3/2``) become :class:`~fractions.Fraction` through their text, so
``0.1`` is ``1/10``. Inside quoted strings ``\\"`` is a quote and ``\\\\`` a
backslash (what Gambit's writer emits); any other backslash is kept as it is.

Reading is bounded: every token is at most :data:`MAX_TOKEN` characters, the
game size from the header is checked against :data:`wedge_cli.model.MAX_PLAYERS`,
:data:`~wedge_cli.model.MAX_STRATEGIES` and
:data:`~wedge_cli.model.MAX_PROFILES` before anything is allocated for the
payoffs, and the parser stops at the first malformed token.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from wedge_cli.model import (
    MAX_PLAYERS,
    MAX_PROFILES,
    MAX_STRATEGIES,
    RANGE_HINT,
    SUPPORTED_RANGE,
    Game,
    GameSpec,
    GameTooLargeError,
    LoadError,
    Player,
    range_problem,
)

__all__ = ["read_nfg", "write_nfg", "gambit_problems", "outcome_label", "MAX_TOKEN", "MAX_EXPONENT"]

MAX_TOKEN = 200
"""Longest unquoted token (number or keyword) accepted, in characters."""

MAX_EXPONENT = 1000
"""Largest decimal exponent magnitude accepted in a number such as ``1e-3``."""

_FORMAT_HINT = (
    'a Gambit .nfg file starts with  NFG 1 R "title" { "Player 1" "Player 2" }  '
    'followed by the strategies, e.g.  { { "a" "b" } { "x" "y" } }  or  { 2 2 }'
)
_ORDER_HINT = "profiles are listed with the first player's strategy varying fastest"
_SIZE_HINT = (
    f"wedge handles at most {MAX_PLAYERS} players, {MAX_STRATEGIES} strategies per player "
    f"and {MAX_PROFILES:,} strategy profiles; remove dominated strategies or split the game"
)

_SPACE = re.compile(r"\s*+")
_WORD = re.compile(r'[^\s{},"]{1,' + str(MAX_TOKEN) + "}+")
_STRING = re.compile(r'"((?:[^"\\]++|\\.)*+)"', re.DOTALL)
_UNESCAPE = re.compile(r'\\(["\\])')
# re.ASCII: \d is 0-9 only (Python's int() and float() would also take Arabic-Indic and other digits).
_NUMBER = re.compile(r"[+-]?(?:(?P<num>\d+)/(?P<den>\d+)|(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?)\Z", re.ASCII)
_INTEGER = re.compile(r"\+?\d+\Z", re.ASCII)
_NONFINITE = re.compile(r"[+-]?(?:inf|infinity|nan)\Z", re.IGNORECASE)
_PUNCTUATION = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)
_FAST_WORD = re.compile(r'\s*+(?:(,)|([^\s{},"]{1,' + str(MAX_TOKEN) + r'}+)(?![^\s{},"]))')
_FAST_OUTCOME = re.compile(r'\s*+(\{)[ \t]*+(?:"((?:[^"\\\n]++|\\[^\n])*+)")?([^{}"\n]*+)\}')
_WORDS = re.compile(r'[^\s{},"]+')
_WORD_CHAR = re.compile(r'[^\s{},"]')


class _Token(NamedTuple):
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


class _Lexer:
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
        self._peeked: _Token | None = None

    def _locate(self, pos: int) -> tuple[int, int]:
        newlines = self.text.count("\n", self._counted, pos)
        if newlines:
            self._line += newlines
            self._line_start = self.text.rfind("\n", self._counted, pos) + 1
        self._counted = pos
        return self._line, pos - self._line_start + 1

    def error(self, message: str, token: _Token, hint: str | None = None) -> LoadError:
        return LoadError(message, path=self.path, line=token.line, col=token.col, hint=hint)

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> _Token:
        token = self.peek()
        self._peeked = None
        return token

    def _scan(self) -> _Token:
        text = self.text
        start = _SPACE.match(text, self.pos).end()
        line, col = self._locate(start)
        if start >= len(text):
            self.pos = start
            return _Token("eof", "", line, col)
        char = text[start]
        if char in "{},":
            self.pos = start + 1
            return _Token(char, char, line, col)
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
            return _Token("string", _UNESCAPE.sub(r"\1", match.group(1)), line, col)
        match = _WORD.match(text, start)
        end = match.end()
        if _WORD_CHAR.match(text, end):
            raise LoadError(
                f"token longer than {MAX_TOKEN} characters: {text[start : start + 30]!r}...",
                path=self.path,
                line=line,
                col=col,
                hint="is this really a Gambit .nfg file? " + _FORMAT_HINT,
            )
        self.pos = end
        return _Token("word", match.group(), line, col)

    def fast_run(
        self, limit: int, cache: Mapping[str, object], convert: Callable[[_Token], object]
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
                    value = convert(_Token("word", word, line, start - line_start + 1))
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


class _Numbers:
    """Exact numbers from tokens, cached by their text (payoffs repeat a lot)."""

    def __init__(self, lexer: _Lexer) -> None:
        self.lexer = lexer
        self.cache: dict[str, Fraction] = {}

    def parse(self, token: _Token, what: str) -> Fraction:
        cached = self.cache.get(token.text)
        if cached is not None:
            return cached
        value = self._convert(token, what)
        self.cache[token.text] = value
        return value

    def _convert(self, token: _Token, what: str) -> Fraction:
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


def _digits_hint(token: _Token) -> str | None:
    odd = _non_ascii_digit(token.text) if token.kind == "word" else None
    return None if odd is None else f"{odd!r} is not one of the digits 0-9; write numbers with 0-9"


class _CellLines(Mapping):
    """Read-only ``(player, *profile) -> line`` map backed by a compact int array."""

    def __init__(self, lines: np.ndarray) -> None:
        self._lines = lines
        self._lines.setflags(write=False)

    def __getitem__(self, key: tuple[int, ...]) -> int:
        if not isinstance(key, tuple) or len(key) != self._lines.ndim:
            raise KeyError(key)
        try:
            index = tuple(int(i) for i in key)
        except (TypeError, ValueError):
            raise KeyError(key) from None
        if any(i < 0 or i >= n for i, n in zip(index, self._lines.shape)):
            raise KeyError(key)
        return int(self._lines[index])

    def __iter__(self) -> Iterator[tuple[int, ...]]:
        return iter(np.ndindex(*self._lines.shape))

    def __len__(self) -> int:
        return int(self._lines.size)

    def __repr__(self) -> str:
        return f"_CellLines(shape={self._lines.shape})"


def _expect(lx: _Lexer, kind: str, what: str, hint: str = _FORMAT_HINT) -> _Token:
    token = lx.next()
    if token.kind != kind:
        raise lx.error(f"expected {what}, found {token.describe()}", token, hint)
    return token


def _too_large(lx: _Lexer, message: str, token: _Token) -> GameTooLargeError:
    return GameTooLargeError(message, path=lx.path, line=token.line, col=token.col, hint=_SIZE_HINT)


def _fill_empty(labels: list[str]) -> list[str]:
    """Replace empty labels by ``_1``, ``_2``, ... skipping labels in use (Gambit's NormalizeLabels)."""
    used = set(labels)
    counter = 0
    out = []
    for label in labels:
        if not label:
            counter += 1
            while f"_{counter}" in used:
                counter += 1
            label = f"_{counter}"
            used.add(label)
        out.append(label)
    return out


def _read_header(lx: _Lexer) -> tuple[str, list[str], list[list[str]], str]:
    """Parse ``NFG 1 R "title" { players } { strategies } ["comment"]``."""
    first = lx.next()
    if first.kind == "eof":
        raise lx.error("empty file: no Gambit game found", first, _FORMAT_HINT)
    if first.kind != "word" or first.text != "NFG":
        raise lx.error(
            f"bad header: expected 'NFG' at the start of the file, found {first.describe()}",
            first,
            "this reader takes Gambit strategic-form files (.nfg); " + _FORMAT_HINT,
        )
    version = lx.next()
    if version.kind != "word" or version.text != "1":
        raise lx.error(
            f"bad header: expected format version 1 after 'NFG', found {version.describe()}",
            version,
            'only NFG version 1 exists; the header reads  NFG 1 R "title" { ... }',
        )
    kind = lx.next()
    if kind.kind != "word" or kind.text not in ("R", "D"):
        raise lx.error(
            f"bad header: expected the number type R or D after 'NFG 1', found {kind.describe()}",
            kind,
            'the header reads  NFG 1 R "title" { ... }',
        )
    title = _expect(lx, "string", "the game title (a quoted string)").text

    _expect(lx, "{", "'{' opening the list of player names")
    players: list[str] = []
    positions: list[_Token] = []
    while (token := lx.next()).kind == "string":
        if len(players) == MAX_PLAYERS:
            raise _too_large(lx, f"more than {MAX_PLAYERS} players", token)
        players.append(token.text)
        positions.append(token)
    if token.kind != "}":
        raise lx.error(
            f"expected a quoted player name or '}}', found {token.describe()}",
            token,
            'player names are quoted: { "Player 1" "Player 2" }',
        )
    if len(players) < 2:
        raise lx.error(
            f"a game needs at least 2 players; the file names {len(players)}",
            token,
            'list the players in the header: { "Player 1" "Player 2" }',
        )
    players = _fill_empty(players)
    seen: dict[str, int] = {}
    for i, (name, where) in enumerate(zip(players, positions)):
        if name in seen:
            raise lx.error(
                f"duplicate player name {name!r} (players {seen[name] + 1} and {i + 1})",
                where,
                "give every player a different name",
            )
        seen[name] = i

    _expect(lx, "{", "'{' opening the strategies")
    strategies: list[list[str]] = []
    token = lx.peek()
    if token.kind == "{":
        for player in players:
            _expect(
                lx,
                "{",
                f"'{{' opening the strategy names of player {player!r} ({len(players)} players)",
                'give one list of quoted names per player: { { "a" "b" } { "x" "y" } }',
            )
            names: list[str] = []
            name_tokens: list[_Token] = []
            while (token := lx.next()).kind == "string":
                if len(names) == MAX_STRATEGIES:
                    raise _too_large(lx, f"player {player!r} has more than {MAX_STRATEGIES} strategies", token)
                names.append(token.text)
                name_tokens.append(token)
            if token.kind != "}":
                raise lx.error(
                    f"expected a quoted strategy name or '}}', found {token.describe()}",
                    token,
                    'strategy names are quoted: { "Hawk" "Dove" }',
                )
            if not names:
                raise lx.error(f"player {player!r} has no strategies", token, "give every player at least one strategy")
            names = _fill_empty(names)
            first_seen: dict[str, int] = {}
            for j, (name, where) in enumerate(zip(names, name_tokens)):
                if name in first_seen:
                    raise lx.error(
                        f"duplicate strategy name {name!r} for player {player!r} "
                        f"(strategies {first_seen[name] + 1} and {j + 1})",
                        where,
                        "give each of a player's strategies a different name",
                    )
                first_seen[name] = j
            strategies.append(names)
    else:
        for player in players:
            token = lx.next()
            if token.kind != "word" or not _INTEGER.match(token.text):
                raise lx.error(
                    f"expected the number of strategies of player {player!r}, found {token.describe()}",
                    token,
                    _digits_hint(token) or f"give one strategy count per player ({len(players)} players), e.g. {{ 2 2 }}",
                )
            count = int(token.text) if len(token.text) <= 6 else MAX_STRATEGIES + 1
            if count > MAX_STRATEGIES:
                raise _too_large(lx, f"player {player!r} has {token.text} strategies (limit {MAX_STRATEGIES})", token)
            if count == 0:
                raise lx.error(f"player {player!r} has no strategies", token, "give every player at least one strategy")
            strategies.append([str(j + 1) for j in range(count)])
    token = lx.next()
    if token.kind != "}":
        raise lx.error(
            f"expected '}}' closing the strategies ({len(players)} players), found {token.describe()}",
            token,
            "the strategy block has one entry per player named in the header",
        )
    profiles = math.prod(len(s) for s in strategies)
    if profiles > MAX_PROFILES:
        raise _too_large(lx, f"the game has {profiles:,} strategy profiles (limit {MAX_PROFILES:,})", token)

    comment = ""
    if lx.peek().kind == "string":
        comment = lx.next().text
    return title, players, strategies, comment


def _too_many(lx: _Lexer, what: str, expected: int, token: _Token, detail: str) -> LoadError:
    extra = lx.count_remaining_words()
    got = f"{expected + 1 + extra}" if extra is not None else f"more than {expected}"
    return lx.error(f"expected {expected} {what}{detail}, got {got}", token, _ORDER_HINT)


def _read_payoff_body(lx: _Lexer, numbers: _Numbers, n: int, profiles: int) -> tuple[list[Fraction], list[int]]:
    """Payoff version: ``n`` payoffs for each profile; returns them and their lines."""
    expected = n * profiles
    detail = f" ({profiles} profiles x {n} players)"
    values: list[Fraction] = []
    lines: list[int] = []
    parse = numbers.parse

    def convert(token: _Token) -> Fraction:
        return parse(token, "a payoff")

    while True:
        got, got_lines = lx.fast_run(expected - len(values), numbers.cache, convert)
        values += got
        lines += got_lines
        token = lx.next()
        if token.kind == ",":
            continue
        if token.kind == "eof":
            break
        if len(values) == expected:
            if token.kind == "word":
                raise _too_many(lx, "payoffs", expected, token, detail)
            raise lx.error(f"expected end of file after the last payoff, found {token.describe()}", token, _ORDER_HINT)
        values.append(parse(token, "a payoff"))
        lines.append(token.line)
    if len(values) != expected:
        raise lx.error(f"expected {expected} payoffs{detail}, got {len(values)}", token, _ORDER_HINT)
    return values, lines


def _fast_outcome(lx: _Lexer, numbers: _Numbers, n: int, names: list, payoffs: list, lines: list, limit: int) -> bool:
    """Read one plain one-line outcome ``{ "name" 1, 2 }`` at once; False (nothing read) otherwise.

    Anything unusual (a line break inside, a wrong count, a bad number) is
    left to the token-by-token reader, which reports it precisely.
    """
    if lx._peeked is not None or len(names) >= limit:
        return False
    found = _FAST_OUTCOME.match(lx.text, lx.pos)
    if found is None:
        return False
    words = found.group(3).replace(",", " ").split()
    if len(words) != n or any(len(w) > MAX_TOKEN for w in words):
        return False
    line, col = lx._locate(found.start(1))
    try:
        values = tuple(numbers.parse(_Token("word", w, line, col), "a payoff") for w in words)
    except LoadError:
        return False
    lx.pos = found.end()
    names.append(_UNESCAPE.sub(r"\1", found.group(2) or ""))
    payoffs.append(values)
    lines.append((line,) * n)
    return True


def _read_outcomes(lx: _Lexer, numbers: _Numbers, players: list[str], profiles: int):
    """Outcome list ``{ { "name" p1, p2 } ... }`` (the opening brace already read)."""
    n = len(players)
    names: list[str] = []
    payoffs: list[tuple[Fraction, ...]] = []
    lines: list[tuple[int, ...]] = []
    limit = max(profiles, 1) * 4 + 16
    while True:
        if _fast_outcome(lx, numbers, n, names, payoffs, lines, limit):
            continue
        token = lx.next()
        if token.kind == "}":
            break
        if token.kind != "{":
            raise lx.error(
                f"expected '{{' opening an outcome or '}}' closing the outcome list, found {token.describe()}",
                token,
                'an outcome reads  { "name" 3, 2 }  with one payoff per player',
            )
        if len(names) == limit:
            raise _too_large(lx, f"more than {limit} outcomes for {profiles} profiles", token)
        number = len(names) + 1
        name = ""
        if lx.peek().kind == "string":
            name = lx.next().text
        values: list[Fraction] = []
        where: list[int] = []
        while True:
            token = lx.next()
            if token.kind == ",":
                continue
            if token.kind == "}":
                break
            if token.kind != "word":
                raise lx.error(
                    f"expected a payoff or '}}' in outcome {number}, found {token.describe()}",
                    token,
                    'an outcome reads  { "name" 3, 2 }  with one payoff per player',
                )
            if len(values) == n:
                raise lx.error(
                    f"outcome {number} has more than {n} payoffs (expected one per player: {', '.join(players)})",
                    token,
                    'an outcome reads  { "name" 3, 2 }  with one payoff per player',
                )
            values.append(numbers.parse(token, f"a payoff in outcome {number}"))
            where.append(token.line)
        if len(values) != n:
            raise lx.error(
                f"outcome {number} has {len(values)} payoffs, expected {n} (one per player: {', '.join(players)})",
                token,
                'an outcome reads  { "name" 3, 2 }  with one payoff per player',
            )
        names.append(name)
        payoffs.append(tuple(values))
        lines.append(tuple(where))
    return names, payoffs, lines


def _read_outcome_body(lx: _Lexer, numbers: _Numbers, players: list[str], profiles: int):
    names, payoffs, outcome_lines = _read_outcomes(lx, numbers, players, profiles)
    count = len(names)
    indices: list[int] = []
    index_lines: list[int] = []
    detail = " (one outcome index per profile)"

    def index_of(token: _Token) -> int:
        if token.kind != "word" or not _INTEGER.match(token.text):
            raise lx.error(
                f"expected an outcome index (a whole number), found {token.describe()}",
                token,
                _digits_hint(token)
                or f"after the outcome list come {profiles} outcome numbers, 1..{count}, or 0 for the null outcome",
            )
        index = int(token.text) if len(token.text) <= 12 else count + 1
        if index > count:
            raise lx.error(
                f"outcome index {token.text} out of range: the file defines {count} outcome(s)",
                token,
                f"use 1..{count} for the outcomes listed above, or 0 for the null outcome (all payoffs 0)",
            )
        return index

    while True:
        got, got_lines = lx.fast_run(profiles - len(indices), {}, index_of)
        indices += got
        index_lines += got_lines
        token = lx.next()
        if token.kind == ",":
            continue
        if token.kind == "eof":
            break
        if len(indices) == profiles:
            if token.kind == "word":
                raise _too_many(lx, "outcome indices", profiles, token, detail)
            raise lx.error(
                f"expected end of file after the last outcome index, found {token.describe()}", token, _ORDER_HINT
            )
        indices.append(index_of(token))
        index_lines.append(token.line)
    if len(indices) != profiles:
        raise lx.error(f"expected {profiles} outcome indices{detail}, got {len(indices)}", token, _ORDER_HINT)
    return names, payoffs, outcome_lines, indices, index_lines


def read_nfg(text: str, path: str = "<nfg>") -> GameSpec:
    """Parse a Gambit ``.nfg`` file (outcome or payoff version) into a :class:`GameSpec`.

    Parameters
    ----------
    text : str
        The file contents.
    path : str
        Name used in error messages and stored as ``GameSpec.path``.

    Returns
    -------
    GameSpec
        ``cells`` holds exact :class:`~fractions.Fraction` payoffs with shape
        ``(n_players, k_1, ..., k_n)``; ``description`` is the file's comment;
        ``notes`` maps each profile whose outcome has a non-empty name to that
        name; ``where`` maps ``(player, *profile)`` to the line of the payoff
        (for the null outcome, the line of its index ``0``).

    Raises
    ------
    LoadError
        On any syntax or consistency error, with line, column and a hint.
    GameTooLargeError
        When the header declares more than ``MAX_PLAYERS`` players,
        ``MAX_STRATEGIES`` strategies for a player or ``MAX_PROFILES`` profiles.

    Notes
    -----
    Empty player or strategy names become ``_1``, ``_2``, ... as Gambit 16
    names them; duplicate names are an error (Gambit renames them ``x_1``,
    ``x_2``) because wedge addresses players and strategies by name.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lx = _Lexer(text, path)
    title, players, strategies, comment = _read_header(lx)
    shape = tuple(len(s) for s in strategies)
    n = len(players)
    profiles = math.prod(shape)
    numbers = _Numbers(lx)

    token = lx.peek()
    notes: dict[tuple[int, ...], str] = {}
    if token.kind == "{":
        lx.next()
        names, payoffs, outcome_lines, indices, index_lines = _read_outcome_body(lx, numbers, players, profiles)
        zero = Fraction(0)
        table = np.empty((len(payoffs) + 1, n), dtype=object)
        table[0, :] = zero
        for i, row in enumerate(payoffs, start=1):
            table[i, :] = row
        idx = np.asarray(indices, dtype=np.intp)
        flat = table[idx]  # (profiles, n)
        line_table = np.zeros((len(payoffs) + 1, n), dtype=np.int64)
        if outcome_lines:
            line_table[1:] = np.asarray(outcome_lines, dtype=np.int64)
        flat_lines = np.where((idx == 0)[:, None], np.asarray(index_lines, dtype=np.int64)[:, None], line_table[idx])
        for k, outcome in enumerate(indices):
            if outcome and names[outcome - 1]:
                notes[tuple(int(i) for i in np.unravel_index(k, shape, order="F"))] = names[outcome - 1]
    elif token.kind == "word":
        values, lines = _read_payoff_body(lx, numbers, n, profiles)
        flat = np.empty(len(values), dtype=object)
        flat[:] = values
        flat = flat.reshape(profiles, n)
        flat_lines = np.asarray(lines, dtype=np.int64).reshape(profiles, n)
    elif token.kind == "eof":
        raise lx.error(
            "the file ends before the payoffs",
            token,
            "after the strategies come either an outcome list { ... } and outcome indices, "
            "or one payoff per player for every profile",
        )
    else:
        raise lx.error(
            f"expected the outcome list '{{' or the first payoff, found {token.describe()}",
            token,
            "after the strategies come either an outcome list { ... } and outcome indices, "
            "or one payoff per player for every profile",
        )

    cells = np.empty((n, *shape), dtype=object)
    where = np.empty((n, *shape), dtype=np.int64)
    for p in range(n):
        cells[p] = flat[:, p].reshape(shape, order="F")
        where[p] = flat_lines[:, p].reshape(shape, order="F")
    return GameSpec(
        players=tuple(Player(name, tuple(s)) for name, s in zip(players, strategies)),
        cells=cells,
        parameters={},
        title=title,
        description=comment,
        notes=notes,
        path=path,
        where=_CellLines(where),
    )


def _quote(text: str) -> str:
    """A Gambit string literal that :func:`read_nfg` reads back as ``text``.

    Quotes are escaped as ``\\"``; a backslash is doubled only where it stands
    before a quote, another backslash or the closing quote, so that names with
    a lone backslash also read correctly in Gambit itself.
    """
    out = []
    for i, char in enumerate(text):
        if char == '"':
            out.append('\\"')
        elif char == "\\" and (i + 1 == len(text) or text[i + 1] in '"\\'):
            out.append("\\\\")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _number(value: object) -> str:
    if isinstance(value, bool):
        raise TypeError(f"a payoff cannot be a boolean: {value!r}")
    if isinstance(value, numbers.Rational):
        return str(Fraction(value))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot write the non-finite payoff {number!r} to an .nfg file")
    if number == 0:
        return "0"  # also -0.0
    # Gambit's lexer takes no '+' in an exponent: 1e+20 -> 1e20.
    return repr(number).replace("e+", "e")


def _gambit_label_problem(label: str) -> str | None:
    """Why Gambit 16 would refuse or misread ``label`` as a player/strategy/outcome label."""
    if any(not (0x20 <= ord(c) < 0x7F) for c in label):
        return "has characters other than printable ASCII"
    if label != label.strip(" ") or "  " in label:
        return "begins or ends with a space or has two spaces in a row"
    if _quote(label).count("\\\\"):
        return "has a backslash before a quote, another backslash or the end, which Gambit misreads"
    return None


def outcome_label(note: str) -> str:
    """``note`` made into an outcome label Gambit 16 accepts.

    Letters are folded to ASCII (``é`` -> ``e``), typographic dashes and quotes
    become ``-``, ``'`` and ``"``, other non-ASCII and control
    characters dropped, runs of whitespace collapsed to one space, and
    backslashes replaced by ``/``.
    """
    folded = unicodedata.normalize("NFKD", note.translate(_PUNCTUATION)).encode("ascii", "ignore").decode("ascii")
    folded = "".join(c if 0x20 <= ord(c) < 0x7F else " " for c in folded.replace("\\", "/"))
    return " ".join(folded.split())


def gambit_problems(game: Game, comment: str = "") -> list[str]:
    """What in ``game`` Gambit 16 (pygambit) would refuse or misread in :func:`write_nfg`'s output.

    :func:`write_nfg` writes every name exactly, so wedge reads it back
    unchanged; Gambit 16.7, however, accepts only player and strategy labels of
    printable ASCII without leading, trailing or doubled spaces, refuses a
    label such as ``"2"`` on the first of two players or strategies (it
    relabels its default labels ``"1"``, ``"2"``, ... in order), and its Python
    reader fails on a non-ASCII title or comment. Use this to warn before
    exporting.
    Outcome labels are always made acceptable (:func:`outcome_label`).
    """
    problems = []
    if any(ord(c) > 0x7F for c in game.title):
        problems.append(f"the title {game.title!r} has non-ASCII characters")
    elif "\\\\" in _quote(game.title):
        problems.append(f"the title {game.title!r} has a backslash before a quote, another backslash or the end")
    if any(ord(c) > 0x7F for c in comment):
        problems.append("the comment has non-ASCII characters")
    elif "\\\\" in _quote(comment):
        problems.append("the comment has a backslash before a quote, another backslash or the end")
    # Gambit 16.7 labels a new table's players and strategies "1", "2", ... and
    # relabels them in file order, refusing a label still held by a later one.
    later = "is the number of a later {what}, which Gambit 16.7 refuses (it relabels them in order)"
    n = game.n_players
    for i, player in enumerate(game.players):
        reason = _gambit_label_problem(player.name)
        if reason is None and player.name in {str(q) for q in range(i + 2, n + 1)}:
            reason = later.format(what="player")
        if reason:
            problems.append(f"player name {player.name!r} {reason}")
        k = len(player.strategies)
        for j, strategy in enumerate(player.strategies):
            reason = _gambit_label_problem(strategy)
            if reason is None and strategy in {str(q) for q in range(j + 2, k + 1)}:
                reason = later.format(what="strategy")
            if reason:
                problems.append(f"strategy name {strategy!r} of {player.name!r} {reason}")
    return problems


def write_nfg(game: Game, comment: str = "", *, notes: Mapping[tuple[int, ...], str] | None = None) -> str:
    """The outcome version of a Gambit ``.nfg`` file for ``game``.

    Title, player and strategy names and the comment are written exactly, so
    :func:`read_nfg` reads them back unchanged (see :func:`gambit_problems` for
    names Gambit itself refuses). Every profile gets its own outcome, labelled
    with ``outcome_label(notes[profile])`` when a note is given, else unlabelled.
    Payoffs are exact (``3/2``) when ``game.exact`` is set, else the shortest
    ``repr`` of each float (``e+`` written as ``e``), which :func:`read_nfg`
    reads back to the same float.

    Parameters
    ----------
    game : Game
        The concrete game.
    comment : str
        Written as the file's comment (read back as ``GameSpec.description``).
    notes : mapping, optional
        Notes by profile (tuple of strategy indices), written as outcome labels.

    Returns
    -------
    str
        The file text, ending with a newline.
    """
    notes = notes or {}
    shape = game.shape
    source = game.exact if game.exact is not None else game.payoffs
    lines = [f"NFG 1 R {_quote(game.title)} {{ {' '.join(_quote(p.name) for p in game.players)} }}", ""]
    lines.append("{ " + "\n".join("{ " + " ".join(_quote(s) for s in p.strategies) + " }" for p in game.players))
    lines.append("}")
    lines.append(_quote(comment))
    lines.append("")
    lines.append("{")
    profiles = list(np.ndindex(*shape[::-1]))
    for reverse in profiles:
        profile = reverse[::-1]
        payoffs = ", ".join(_number(source[(p, *profile)]) for p in range(game.n_players))
        label = outcome_label(notes[profile]) if profile in notes else ""
        lines.append(f"{{ {_quote(label)} {payoffs} }}")
    lines.append("}")
    per_line = shape[0]
    for start in range(0, len(profiles), per_line):
        lines.append(" ".join(str(k + 1) for k in range(start, min(start + per_line, len(profiles)))))
    return "\n".join(lines) + "\n"
