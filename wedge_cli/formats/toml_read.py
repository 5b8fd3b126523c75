"""Read payoff files (TOML, Gambit .nfg and .efg, stdin) into :class:`~wedge_cli.model.GameSpec` or a tree.

:func:`load` finds the file (a path, a bundled scenario or ``-``) and hands ``.nfg`` text to
:mod:`wedge_cli.formats.nfg_read` and ``.efg`` text to :mod:`wedge_cli.formats.efg_read`;
:func:`loads` and :func:`from_dict` validate a TOML payoff file: a normal-form game here, a tree
(``[[nodes]]``) in :mod:`wedge_cli.formats.tree_read`, a Bayesian game (players with ``types``) in
:mod:`wedge_cli.formats.bayesian_read`. Every error names the file, the line (and column where known, found by
:mod:`wedge_cli.formats.toml_lines`), what was expected and how to fix it. Every key:
docs/format.md.
"""

from __future__ import annotations

import difflib
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wedge_cli.errors import LoadError
from wedge_cli.formats.bayesian_read import is_bayesian, mixed_forms_error, read_bayesian
from wedge_cli.formats.catalog import bundled_names, bundled_path
from wedge_cli.formats.efg_read import EFG_MAX_BYTES, is_efg_text, read_efg
from wedge_cli.formats.nfg_read import read_nfg
from wedge_cli.formats.toml_fields import FieldReader, kind_of
from wedge_cli.formats.toml_lines import TomlLines
from wedge_cli.formats.tree_read import is_tree, read_tree
from wedge_cli.model import (
    RANGE_HINT,
    SUPPORTED_RANGE,
    GameSpec,
)
from wedge_cli.tree import TreeSpec

MAX_FILE_BYTES = 5_000_000
TOP_KEYS = ("title", "description", "source", "scale", "parameters", "players", "payoffs", "outcomes")
PLAYER_KEYS = ("name", "strategies", "description")
OUTCOME_KEYS = ("profile", "payoffs", "note")


# ---------------------------------------------------------------- finding files

def resolve(source: str) -> Path | None:
    """The path a command-line argument names: a file, or a bundled scenario name.

    Returns None for ``-`` (stdin). Raises LoadError when nothing matches.
    """
    if source == "-":
        return None
    path = Path(source)
    if path.is_file():
        return path
    if path.is_dir():
        raise LoadError(f"{source} is a folder, not a payoff file", hint="name a .toml or .nfg file")
    candidate = bundled_path(source)
    if "/" not in source and candidate.is_file():
        return candidate
    names = bundled_names()
    close = difflib.get_close_matches(source.replace("_", "-"), names, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else "run 'wedge list' for the bundled scenarios"
    raise LoadError(f"no such file or bundled scenario: {source!r}", hint=hint)


def load(source: str, stdin_text: str | None = None) -> GameSpec | TreeSpec:
    """Load a game from a path, a bundled scenario name, or ``-`` (stdin)."""
    path = resolve(source)
    if path is None:
        text = _without_bom(stdin_text if stdin_text is not None else sys.stdin.read(EFG_MAX_BYTES + 1))
        name = "<stdin>"
        limit = EFG_MAX_BYTES if is_efg_text(text) else MAX_FILE_BYTES  # game trees in .efg files can be long
        if len(text) > limit:
            raise LoadError(f"input is larger than {limit // 1_000_000} MB", path=name,
                            hint="payoff files are small; check that the right file is piped in")
        return load_text(text, name)
    name = str(path)
    size = path.stat().st_size
    limit = EFG_MAX_BYTES if path.suffix.lower() == ".efg" else MAX_FILE_BYTES
    if size > limit:
        kind = ".efg" if limit == EFG_MAX_BYTES else "payoff"
        raise LoadError(f"file is {size / 1e6:.1f} MB; {kind} files are limited to {limit // 1_000_000} MB", path=name,
                        hint="check that this is a payoff file")
    try:
        text = _without_bom(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise LoadError(f"file is not UTF-8 text (byte {exc.start})", path=name,
                        hint="save the file as UTF-8") from None
    except OSError as exc:
        raise LoadError(f"cannot read file: {exc.strerror}", path=name) from None
    if path.suffix.lower() == ".nfg":
        return read_nfg(text, name)
    if path.suffix.lower() == ".efg":
        return read_efg(text, name)
    if path.suffix.lower() not in (".toml", ""):
        if text.lstrip().startswith("NFG"):
            return read_nfg(text, name)
        if is_efg_text(text):
            return read_efg(text, name)
    return loads(text, name)


def _without_bom(text: str) -> str:
    """``text`` without a leading UTF-8 byte-order mark (editors on Windows write one)."""
    return text[1:] if text.startswith("\ufeff") else text


def load_text(text: str, name: str = "<string>") -> GameSpec | TreeSpec:
    """Parse a payoff file's text: Gambit .nfg when it starts with ``NFG``, .efg with ``EFG``, else TOML.

    A leading byte-order mark is ignored, as everywhere a payoff file is read.
    """
    text = _without_bom(text)
    if text.lstrip().startswith("NFG"):
        return read_nfg(text, name)
    if is_efg_text(text):
        return read_efg(text, name)
    return loads(text, name)


# ---------------------------------------------------------------- TOML

def loads(text: str, path: str = "<string>") -> GameSpec | TreeSpec:
    """Parse and validate a TOML payoff file's text: a game, a tree when it has ``[[nodes]]``, or a Bayesian game
    (players with ``types``) expanded into a tree.

    A leading byte-order mark is ignored.
    """
    text = _without_bom(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, text, path) from None
    except ValueError:  # tomllib's int() of an integer past Python's 4300-digit limit
        raise _long_integer(text, path) from None
    return _read(data, TomlLines(text), path)


def _toml_error(exc: tomllib.TOMLDecodeError, text: str, path: str) -> LoadError:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    line = col = None
    if found:
        line, col = int(found.group(1)), int(found.group(2))
        message = message[: found.start()].strip()
    elif "(at end of document)" in message:
        message = message.replace("(at end of document)", "").strip()
        line = text.count("\n") + 1
    return LoadError(f"invalid TOML: {message}", path=path, line=line, col=col,
                     hint="check quotes, brackets and '=' on that line (https://toml.io)")


def _long_integer(text: str, path: str) -> LoadError:
    found = re.search(r"[0-9][0-9_]{4300,}", text)
    line = col = None
    if found:
        line = text.count("\n", 0, found.start()) + 1
        col = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return LoadError("a number with more than 4300 digits", path=path, line=line, col=col,
                     hint=f"wedge accepts {SUPPORTED_RANGE}; {RANGE_HINT}")


def from_dict(data: Mapping, path: str = "<dict>") -> GameSpec | TreeSpec:
    """Validate a payoff file already parsed into a dict (as :func:`tomllib.loads` returns it).

    The same checks and messages as :func:`loads`, without line numbers.
    """
    if not isinstance(data, Mapping):
        raise LoadError(f"a game must be a table (dict), not {kind_of(data)}", path=path)
    return _read(dict(data), TomlLines(""), path)


def _read(data: dict, lines: TomlLines, path: str) -> GameSpec | TreeSpec:
    """The spec of a parsed TOML file, by its form: a Bayesian game (a player has ``types`` or ``prior``, or
    there is a ``[prior]`` table), a game tree (``[[nodes]]``), else a normal-form game. A file with both types
    and nodes is refused: the two say the same thing in different ways."""
    if is_bayesian(data):
        if is_tree(data):
            raise mixed_forms_error(data, lines, path)
        return read_bayesian(data, lines, path)
    if is_tree(data):
        return read_tree(data, lines, path)
    return _Builder(data, lines, path).build()


@dataclass
class _Builder(FieldReader):
    def build(self) -> GameSpec:
        data = self.data
        self.unknown_keys(data, TOP_KEYS, what="the top level")
        title = self.text(data, "title")
        description = self.text(data, "description")
        source = self.text(data, "source")
        scale = self.text(data, "scale")
        players = self.strategy_players(PLAYER_KEYS)
        parameters = self.parameters()
        shape = tuple(len(p.strategies) for p in players)
        cells = np.full((len(players), *shape), None, dtype=object)
        where: dict[tuple[int, ...], int] = {}
        origin: dict[tuple[int, ...], str] = {}
        self.payoff_arrays(players, parameters, cells, where, origin)
        notes, outcome_profiles = self.outcomes(players, parameters, cells, where, origin)
        missing = [idx for idx, cell in np.ndenumerate(cells) if cell is None]
        if missing:
            p, *profile = missing[0]
            names = ", ".join(players[i].strategies[s] for i, s in enumerate(profile))
            raise self.error(
                f"no payoff for {players[p].name} at ({names}); {len(missing)} payoff(s) missing in all",
                "payoffs",
                hint=f"give {players[p].name} = [...] under [payoffs] with the full shape "
                     f"{' x '.join(map(str, shape))}, or an [[outcomes]] entry with "
                     f"profile = [{', '.join(repr(n) for n in names.split(', '))}] and payoffs = [...]",
            )
        spec = GameSpec(
            players=tuple(players), cells=cells, parameters=parameters, title=title,
            description=description, source=source, notes=notes, path=self.path, where=where,
            unit=scale, outcome_profiles=outcome_profiles,
        )
        spec.game()  # every payoff must be finite at the default values
        return spec

    def payoff_arrays(self, players, parameters, cells, where, origin) -> None:
        raw = self.data.get("payoffs")
        if raw is None:
            return
        if not isinstance(raw, dict):
            raise self.error("'payoffs' must be a table of one array per player", "payoffs",
                             hint="write [payoffs] then PlayerName = [[...], [...]]")
        self.array_payoffs(raw, ("payoffs",), players, parameters, cells, where, origin)

    def outcomes(self, players, parameters, cells, where, origin
                 ) -> tuple[dict[tuple[int, ...], str], frozenset[tuple[int, ...]]]:
        raw = self.data.get("outcomes", [])
        if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
            raise self.error("'outcomes' must be an array of tables", "outcomes",
                             hint="write each outcome as [[outcomes]] with profile = [...]")
        notes: dict[tuple[int, ...], str] = {}
        seen: dict[tuple[int, ...], int] = {}
        for k, table in enumerate(raw):
            at = ("outcomes", k)
            self.unknown_keys(table, OUTCOME_KEYS, *at, what=f"outcome {k + 1}")
            index = self.outcome_profile(table, players, k, at)
            profile = table["profile"]
            if index in seen:
                raise self.error(f"outcome {k + 1} repeats the profile of outcome {seen[index] + 1}",
                                 *at, "profile", hint="merge the two [[outcomes]] entries")
            seen[index] = k
            note = self.text(table, "note", *at)
            if note:
                notes[index] = note
            payoffs = self.outcome_payoffs(table, players, k, at)
            if payoffs is None:
                continue
            pline = self.lines.of(*at, "payoffs")
            for p, value in enumerate(payoffs):
                if cells[(p, *index)] is not None:
                    raise self.error(
                        f"payoff of {players[p].name} at ({', '.join(profile)}) is given twice: "
                        f"in {origin[(p, *index)]} (line {where[(p, *index)]}) and in outcome {k + 1}",
                        *at, "payoffs", hint="keep only one of the two")
                cells[(p, *index)] = self.cell(value, parameters, pline,
                                               f"outcome {k + 1} payoff of {players[p].name}")
                where[(p, *index)] = pline
                origin[(p, *index)] = f"outcome {k + 1}"
        return notes, frozenset(seen)


__all__ = ["load", "loads", "load_text", "from_dict", "resolve"]
