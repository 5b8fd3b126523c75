"""Read Gambit strategic-form (``.nfg``) files into a :class:`~wedge_cli.model.GameSpec`.

:func:`read_nfg` parses both versions Gambit writes, with file, line, column and a fix in
every error; the tokens and exact numbers come from :mod:`wedge_cli.formats.nfg_lexer`.
How wedge uses these files: docs/format.md ("Gambit .nfg files").

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

Reading is bounded: every token is at most
:data:`~wedge_cli.formats.nfg_lexer.MAX_TOKEN` characters, the game size from the header
is checked against :data:`wedge_cli.model.MAX_PLAYERS`,
:data:`~wedge_cli.model.MAX_STRATEGIES` and :data:`~wedge_cli.model.MAX_PROFILES` before
anything is allocated for the payoffs, and the parser stops at the first malformed token.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.errors import GameTooLargeError, LoadError
from wedge_cli.formats.nfg_lexer import FORMAT_HINT, INTEGER, Lexer, Numbers, Token, digits_hint
from wedge_cli.model import MAX_PLAYERS, MAX_PROFILES, MAX_STRATEGIES, GameSpec, Player

_ORDER_HINT = "profiles are listed with the first player's strategy varying fastest"
_SIZE_HINT = (
    f"wedge handles at most {MAX_PLAYERS} players, {MAX_STRATEGIES} strategies per player "
    f"and {MAX_PROFILES:,} strategy profiles; remove dominated strategies or split the game"
)


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


def _expect(lx: Lexer, kind: str, what: str, hint: str = FORMAT_HINT) -> Token:
    token = lx.next()
    if token.kind != kind:
        raise lx.error(f"expected {what}, found {token.describe()}", token, hint)
    return token


def _too_large(lx: Lexer, message: str, token: Token) -> GameTooLargeError:
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


def _read_header(lx: Lexer) -> tuple[str, list[str], list[list[str]], str]:
    """Parse ``NFG 1 R "title" { players } { strategies } ["comment"]``."""
    first = lx.next()
    if first.kind == "eof":
        raise lx.error("empty file: no Gambit game found", first, FORMAT_HINT)
    if first.kind != "word" or first.text != "NFG":
        raise lx.error(
            f"bad header: expected 'NFG' at the start of the file, found {first.describe()}",
            first,
            "this reader takes Gambit strategic-form files (.nfg); " + FORMAT_HINT,
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
    positions: list[Token] = []
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
            name_tokens: list[Token] = []
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
            if token.kind != "word" or not INTEGER.match(token.text):
                raise lx.error(
                    f"expected the number of strategies of player {player!r}, found {token.describe()}",
                    token,
                    digits_hint(token) or f"give one strategy count per player ({len(players)} players), e.g. {{ 2 2 }}",
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


def _too_many(lx: Lexer, what: str, expected: int, token: Token, detail: str) -> LoadError:
    extra = lx.count_remaining_words()
    got = f"{expected + 1 + extra}" if extra is not None else f"more than {expected}"
    return lx.error(f"expected {expected} {what}{detail}, got {got}", token, _ORDER_HINT)


def _read_payoff_body(lx: Lexer, numbers: Numbers, n: int, profiles: int) -> tuple[list[Fraction], list[int]]:
    """Payoff version: ``n`` payoffs for each profile; returns them and their lines."""
    expected = n * profiles
    detail = f" ({profiles} profiles x {n} players)"
    values: list[Fraction] = []
    lines: list[int] = []
    parse = numbers.parse

    def convert(token: Token) -> Fraction:
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


def _fast_outcome(lx: Lexer, numbers: Numbers, n: int, names: list, payoffs: list, lines: list, limit: int) -> bool:
    """Read one plain one-line outcome ``{ "name" 1, 2 }`` at once; False (nothing read) otherwise.

    Anything unusual (a line break inside, a wrong count, a bad number) is
    left to the token-by-token reader, which reports it precisely.
    """
    if len(names) >= limit:
        return False
    found = lx.fast_outcome(n, lambda token: numbers.parse(token, "a payoff"))
    if found is None:
        return False
    name, values, line = found
    names.append(name)
    payoffs.append(values)
    lines.append((line,) * n)
    return True


def _read_outcomes(lx: Lexer, numbers: Numbers, players: list[str], profiles: int):
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


def _read_outcome_body(lx: Lexer, numbers: Numbers, players: list[str], profiles: int):
    names, payoffs, outcome_lines = _read_outcomes(lx, numbers, players, profiles)
    count = len(names)
    indices: list[int] = []
    index_lines: list[int] = []
    detail = " (one outcome index per profile)"

    def index_of(token: Token) -> int:
        if token.kind != "word" or not INTEGER.match(token.text):
            raise lx.error(
                f"expected an outcome index (a whole number), found {token.describe()}",
                token,
                digits_hint(token)
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
    lx = Lexer(text, path)
    title, players, strategies, comment = _read_header(lx)
    shape = tuple(len(s) for s in strategies)
    n = len(players)
    profiles = math.prod(shape)
    numbers = Numbers(lx)

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
