"""The parts of a TOML payoff file that normal-form, tree and Bayesian files share, and how they are read.

:class:`FieldReader` reads the top-level texts, the ``[parameters]`` table and payoff
cells (numbers or expressions), and for files whose players have strategies the
``[[players]]`` and the payoff arrays, with errors that name the file, line and column;
:mod:`wedge_cli.formats.toml_read` (normal form), :mod:`wedge_cli.formats.tree_read`
(game trees) and :mod:`wedge_cli.formats.bayesian_read` (Bayesian games) build on it.
Every key: docs/format.md.
"""

from __future__ import annotations

import keyword
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.errors import ExpressionError, GameTooLargeError, LoadError, WedgeError, suggest
from wedge_cli.expr import compile_expression
from wedge_cli.formats.toml_lines import TomlLines
from wedge_cli.formats.toml_write import EXPRESSION_LIMIT
from wedge_cli.model import (
    DISTRIBUTIONS,
    MAX_PLAYERS,
    MAX_PROFILES,
    MAX_STRATEGIES,
    RANGE_HINT,
    SUPPORTED_RANGE,
    Parameter,
    Player,
    approximate,
    exact_number,
    range_problem,
)

PARAMETER_KEYS = ("value", "min", "max", "description", "basis", "distribution", "sd")
RESERVED_NAMES = frozenset({"min", "max", "abs"})
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class FieldReader:
    """Reads one parsed TOML file (``data``), locating errors with ``lines`` in ``path``."""


    data: dict
    lines: TomlLines
    path: str

    def error(self, message: str, *at, hint: str | None = None, line: int | None = None,
              col: int | None = None, cls=LoadError) -> WedgeError:
        return cls(message, path=self.path, line=line if line is not None else self.lines.of(*at),
                   col=col, hint=hint)

    def unknown_keys(self, table: Mapping, allowed: Sequence[str], *at, what: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.error(f"unknown key {key!r} in {what}", *at, key,
                                 hint=suggest(key, allowed))

    def in_range(self, value: int | float, what: str, *at, line: int | None = None) -> None:
        """Refuse a TOML number outside the supported range (0, or size 1e-15 to 1e15)."""
        problem = range_problem(value)
        if problem is not None:
            shown = repr(value) if len(repr(value)) <= 40 else f"{str(value)[:12]}... ({len(str(value))} digits)"
            line, col = self.lines.find_number(value, line if line is not None else self.lines.of(*at))
            raise self.error(f"{what} {shown} is {problem}: wedge accepts {SUPPORTED_RANGE}", *at, line=line,
                             col=col, hint=RANGE_HINT)

    def text(self, table: Mapping, key: str, *at, required: bool = False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise self.error(f"missing {key!r}", *at, hint=f'add {key} = "..."')
            return ""
        if not isinstance(value, str):
            raise self.error(f"{key!r} must be a string, not {type(value).__name__}", *at, key,
                             hint=f'write {key} = "..."')
        return value

    # -- parameters

    def parameters(self) -> dict[str, Parameter]:
        raw = self.data.get("parameters", {})
        if not isinstance(raw, dict):
            raise self.error("'parameters' must be a table", "parameters",
                             hint="write [parameters] then name = value lines, or [parameters.name] tables")
        result: dict[str, Parameter] = {}
        for name, entry in raw.items():
            at = ("parameters", name)
            if not IDENTIFIER.match(name) or keyword.iskeyword(name):
                raise self.error(f"parameter name {name!r} is not a valid name", *at,
                                 hint="use letters, digits and _ (not starting with a digit), e.g. sanctions_relief")
            if name in RESERVED_NAMES:
                raise self.error(f"parameter name {name!r} is reserved for a function", *at,
                                 hint=f"rename it, e.g. {name}_value")
            if is_number(entry):
                entry = {"value": entry}
            elif not isinstance(entry, dict):
                raise self.error(f"parameter {name!r} must be a number or a table", *at,
                                 hint=f"write {name} = 5 under [parameters], or a [parameters.{name}] table")
            self.unknown_keys(entry, PARAMETER_KEYS, *at, what=f"parameter {name!r}")
            if "value" not in entry:
                raise self.error(f"parameter {name!r} has no value", *at, hint="add value = <number>")
            numbers = {}
            for key in ("value", "min", "max"):
                if key not in entry:
                    continue
                v = entry[key]
                if not is_number(v) or exact_number(v) is None:
                    raise self.error(f"parameter {name!r}: {key} must be a finite number, not {v!r}",
                                     *at, key, hint=f"write {key} = 3.5")
                self.in_range(v, f"parameter {name!r}: {key}", *at, key)
                numbers[key] = float(v) if isinstance(v, float) else v
            lo, hi = numbers.get("min"), numbers.get("max")
            if lo is not None and hi is not None and lo > hi:
                raise self.error(f"parameter {name!r}: min {lo} is greater than max {hi}", *at, "min",
                                 hint="swap min and max")
            distribution, sd = self.distribution(entry, name, numbers, at)
            result[name] = Parameter(
                name=name, value=numbers["value"], min=lo, max=hi,
                description=self.text(entry, "description", *at),
                scale=self.text(entry, "basis", *at),
                line=self.lines.of(*at),
                distribution=distribution, sd=sd,
            )
        return result

    def distribution(self, entry: Mapping, name: str, numbers: Mapping, at: tuple) -> tuple[str, float | None]:
        """Validate ``distribution`` and ``sd`` (used by ``wedge robust``)."""
        kind = entry.get("distribution", "fixed")
        if not isinstance(kind, str) or kind not in DISTRIBUTIONS:
            raise self.error(f"parameter {name!r}: unknown distribution {kind!r}", *at, "distribution",
                             hint=suggest(str(kind), DISTRIBUTIONS))
        sd = entry.get("sd")
        if sd is not None and (not is_number(sd) or exact_number(sd) is None or sd <= 0):
            raise self.error(f"parameter {name!r}: sd must be a positive finite number, not {sd!r}",
                             *at, "sd", hint="write sd = 1.5")
        if sd is not None:
            self.in_range(sd, f"parameter {name!r}: sd", *at, "sd")
        if kind != "fixed" and ("min" not in numbers or "max" not in numbers):
            raise self.error(f"parameter {name!r}: a {kind} distribution needs min and max", *at,
                             "distribution", hint="add min = ... and max = ... (the range samples are drawn from)")
        if kind == "normal" and sd is None:
            raise self.error(f"parameter {name!r}: a normal distribution needs sd", *at, "distribution",
                             hint="add sd = ... (standard deviation; samples are truncated to [min, max])")
        if kind != "normal" and sd is not None:
            raise self.error(f"parameter {name!r}: sd is only used by distribution = \"normal\"", *at, "sd",
                             hint='remove sd, or set distribution = "normal"')
        if kind != "fixed" and numbers["min"] == numbers["max"]:
            raise self.error(f"parameter {name!r}: a {kind} distribution needs min < max", *at, "min",
                             hint='widen the range, or use distribution = "fixed"')
        if kind != "fixed" and not numbers["min"] <= numbers["value"] <= numbers["max"]:
            raise self.error(f"parameter {name!r}: value {numbers['value']} must lie in [min, max] for a "
                             f"{kind} distribution", *at, "value", hint="move value into the range")
        return kind, (None if sd is None else float(sd))

    # -- payoff cells

    def cell(self, value: object, parameters: Mapping[str, Parameter], line: int | None,
             what: str) -> object:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.error(f"{what} must be a number or a quoted expression, not {kind_of(value)}",
                             line=line, hint='write 3, -1.5 or "relief - cost"')
        if isinstance(value, str):
            found_line, col = self.lines.find_string(value, line)
            try:
                expression = compile_expression(value, parameters)
            except ExpressionError as exc:
                # exc.col counts within the expression; make it a column of the file line
                exc.col = col + (exc.col or 1) - 1 if col is not None else None
                raise exc.located(self.path, found_line) from None
            if not expression.names:
                q = expression.evaluate_exact({})
                constant = q if q is not None else expression.evaluate({})
                problem = range_problem(constant)
                if problem is not None:
                    shown = value if len(value) <= 40 else value[:37] + "..."
                    about = "" if problem == "not finite" else f" (about {approximate(Fraction(constant))})"
                    raise self.error(f"{what} = {shown!r} is {problem}{about}: wedge accepts {SUPPORTED_RANGE}",
                                     line=found_line, col=col, hint=RANGE_HINT)
                # keep the expression when its exact value is too long to write back as "p/q"
                if q is not None and abs(q.numerator) < EXPRESSION_LIMIT and q.denominator < EXPRESSION_LIMIT:
                    return q
            return expression
        if exact_number(value) is None:
            raise self.error(f"{what} is {value}; payoffs must be finite numbers", line=line,
                             hint="use a large finite number instead")
        self.in_range(value, f"{what} =", line=line)
        return exact_number(value)


    # -- players with strategies (normal-form and Bayesian files)

    def strategy_players(self, allowed: Sequence[str]) -> list[Player]:
        """The ``[[players]]`` of a file whose players have strategies; ``allowed`` are their keys."""
        raw = self.data.get("players")
        if raw is None:
            raise self.error("no players", hint='add [[players]] tables with name = "..." and strategies = [...]')
        if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
            raise self.error("'players' must be an array of tables", "players",
                             hint='write each player as [[players]] with name = "..." and strategies = [...]')
        if len(raw) < 2:
            raise self.error(f"a game needs at least 2 players; found {len(raw)}", "players", 0,
                             hint="add another [[players]] table")
        if len(raw) > MAX_PLAYERS:
            raise self.error(f"{len(raw)} players; wedge handles at most {MAX_PLAYERS}", "players",
                             len(raw) - 1, cls=GameTooLargeError, hint="merge or drop players")
        players: list[Player] = []
        seen: dict[str, int] = {}
        for i, table in enumerate(raw):
            self.unknown_keys(table, allowed, "players", i, what=f"player {i + 1}")
            name = self.text(table, "name", "players", i, required=True).strip()
            if not name:
                raise self.error("player name is empty", "players", i, "name", hint="give the player a name")
            if name in seen:
                raise self.error(f"duplicate player name {name!r} (also player {seen[name] + 1})",
                                 "players", i, "name", hint="give every player a different name")
            seen[name] = i
            strategies = table.get("strategies")
            if (not isinstance(strategies, list) or not strategies
                    or not all(isinstance(s, str) for s in strategies)):
                raise self.error(f"player {name!r} needs strategies = [\"...\", ...], a non-empty list of names",
                                 "players", i, "strategies",
                                 hint='for example strategies = ["Engage", "Pressure"]')
            stripped = [s.strip() for s in strategies]
            if any(not s for s in stripped):
                raise self.error(f"player {name!r} has an empty strategy name", "players", i, "strategies",
                                 hint="give every strategy a name")
            dupes = sorted({s for s in stripped if stripped.count(s) > 1})
            if dupes:
                raise self.error(f"player {name!r} has duplicate strategy {dupes[0]!r}", "players", i,
                                 "strategies", hint="give every strategy of a player a different name")
            if len(stripped) > MAX_STRATEGIES:
                raise self.error(f"player {name!r} has {len(stripped)} strategies; the limit is {MAX_STRATEGIES}",
                                 "players", i, "strategies", cls=GameTooLargeError,
                                 hint="merge similar strategies")
            players.append(Player(name, tuple(stripped)))
        profiles = math.prod(len(p.strategies) for p in players)
        if profiles > MAX_PROFILES:
            raise self.error(f"{profiles} strategy profiles; the limit is {MAX_PROFILES}", "players",
                             cls=GameTooLargeError, hint="use fewer strategies")
        return players

    # -- payoffs in array form

    def outcome_profile(self, table: Mapping, players: Sequence[Player], k: int, at: tuple) -> tuple[int, ...]:
        """The strategy indices of ``[[outcomes]]`` entry ``k``'s ``profile``, one per player, or an error
        naming the entry and suggesting the strategy meant."""
        profile = table.get("profile")
        if (not isinstance(profile, list) or len(profile) != len(players)
                or not all(isinstance(s, str) for s in profile)):
            raise self.error(
                f"outcome {k + 1}: profile must list {len(players)} strategy names, one per player "
                f"({', '.join(p.name for p in players)})", *at, "profile",
                hint="profile = [" + ", ".join(repr(p.strategies[0]) for p in players) + "]")
        index = []
        for i, s in enumerate(profile):
            if s not in players[i].strategies:
                raise self.error(f"outcome {k + 1}: {s!r} is not a strategy of {players[i].name}",
                                 *at, "profile", hint=suggest(s, players[i].strategies))
            index.append(players[i].strategies.index(s))
        return tuple(index)

    def outcome_payoffs(self, table: Mapping, players: Sequence[Player], k: int, at: tuple) -> list | None:
        """``[[outcomes]]`` entry ``k``'s ``payoffs``, one per player (None when it gives none), or an error."""
        payoffs = table.get("payoffs")
        if payoffs is not None and (not isinstance(payoffs, list) or len(payoffs) != len(players)):
            raise self.error(f"outcome {k + 1}: payoffs must list {len(players)} values, one per player "
                             f"({', '.join(p.name for p in players)})", *at, "payoffs",
                             hint="payoffs = [" + ", ".join("0" for _ in players) + "]")
        return payoffs

    def array_payoffs(self, raw: Mapping, at: tuple[str, ...], players: Sequence[Player],
                      parameters: Mapping[str, Parameter], cells, where: dict, origin: dict, when: str = "") -> None:
        """Fill ``cells[(p, *profile)]`` from one table of arrays, ``PlayerName = nested array``.

        ``at`` is the table's path in the file (``("payoffs",)``, or ``("payoffs", "meet")``
        in a Bayesian file); ``when`` ends each payoff's description in messages
        (``" when P2 is meet"``). ``where`` and ``origin`` get each cell's line and table.
        """
        table = "[" + ".".join(at) + "]"
        names = [p.name for p in players]
        shape = tuple(len(p.strategies) for p in players)
        for name, array in raw.items():
            if name not in names:
                raise self.error(f"{table} names unknown player {name!r}", *at, name, hint=suggest(name, names))
            p = names.index(name)
            line = self.lines.of(*at, name)
            self.check_shape(array, shape, players, name, line)
            for index in np.ndindex(*shape):
                value = array
                for i in index:
                    value = value[i]
                profile = ", ".join(players[k].strategies[s] for k, s in enumerate(index))
                cells[(p, *index)] = self.cell(value, parameters, line, f"payoff of {name} at ({profile}){when}")
                where[(p, *index)] = line
                origin[(p, *index)] = table

    def check_shape(self, array, shape: tuple[int, ...], players: Sequence[Player], name: str,
                    line: int | None) -> None:
        """Refuse a payoff array whose nesting is not ``shape``, saying which entry is wrong."""
        def describe() -> str:
            axes = [f"{len(pl.strategies)} {pl.name} strategies" for pl in players]
            return " x ".join(map(str, shape)) + " (" + ", then ".join(axes) + ")"

        def walk(value, depth: int, trail: list[int]) -> None:
            if depth == len(shape):
                if isinstance(value, list):
                    raise self.error(f"payoffs of {name!r} nest too deeply at {trail_text(trail)}", line=line,
                                     hint=f"expected shape {describe()}")
                return
            if not isinstance(value, list):
                raise self.error(f"payoffs of {name!r}: expected a list at {trail_text(trail)}, found {kind_of(value)}",
                                 line=line, hint=f"expected shape {describe()}")
            if len(value) != shape[depth]:
                who = players[depth]
                raise self.error(
                    f"payoffs of {name!r}: {trail_text(trail)} has {len(value)} entries; expected "
                    f"{shape[depth]}, one per {who.name} strategy ({', '.join(who.strategies)})",
                    line=line, hint=f"expected shape {describe()}")
            for i, item in enumerate(value):
                walk(item, depth + 1, [*trail, i])

        walk(array, 0, [])


def kind_of(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def trail_text(trail: list[int]) -> str:
    return "the top level" if not trail else "entry " + "".join(f"[{i}]" for i in trail)
