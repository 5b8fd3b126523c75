"""Immutable game types: players, parameters, parametric games and concrete games.

No I/O here. Axis order everywhere: a payoff array has shape
``(n_players, k_1, ..., k_n)`` where ``k_i`` is the number of strategies of
player ``i`` (in file order); ``payoffs[p][s_1, ..., s_n]`` is player ``p``'s
payoff when each player ``i`` plays strategy ``s_i``. The numbers wedge accepts, and
why: docs/format.md ("Numbers wedge accepts").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Protocol

import numpy as np

from wedge_cli.errors import ExpressionError, GameTooLargeError, InvalidGameError, LoadError, NumberError, SolveError, WedgeError

MAX_PLAYERS = 6
MAX_STRATEGIES = 20
MAX_PROFILES = 1_000_000
DISTRIBUTIONS = ("fixed", "uniform", "triangular", "normal")

__all__ = [
    "ExpressionError", "Game", "GameSpec", "GameTooLargeError", "InvalidGameError", "LoadError", "NumberError",
    "Parameter", "Payoff", "Player", "SolveError", "WedgeError", "approximate", "check_range", "exact_number", "range_problem",
    "read_number", "read_value",
]


class Payoff(Protocol):
    """A compiled payoff expression (see :mod:`wedge_cli.expr`)."""

    source: str
    names: frozenset[str]

    def evaluate(self, env: Mapping[str, float | np.ndarray]) -> float | np.ndarray: ...

    def evaluate_exact(self, env: Mapping[str, Fraction]) -> Fraction | None: ...


MAX_MAGNITUDE = Fraction(10**15)
"""Largest size of any number wedge reads: payoffs, parameter values, bounds, sd (docs/format.md)."""

MIN_MAGNITUDE = Fraction(1, 10**15)
"""Smallest size of a nonzero number wedge reads (0 itself is fine)."""

SUPPORTED_RANGE = "0 and numbers of size 1e-15 to 1e15"
RANGE_HINT = ("rescale, e.g. payoffs in millions instead of units, or write 0 for an amount too small to "
              "matter (docs/format.md, 'Numbers wedge accepts')")

MAX_WRITTEN_EXPONENT = 1000
"""Largest ``|e|`` of a decimal exponent (``1e-1000``) wedge converts to an exact number."""

MAX_DIGITS = 4300
"""Most digits in one run of a written number (Python's own limit for reading an int)."""

# Python's Fraction syntax, digits 0-9 only ("\d" alone would also take Arabic-Indic digits).
_DECIMAL = re.compile(
    r"""\s*(?P<sign>[-+]?)(?=[0-9]|\.[0-9])
    (?P<num>[0-9]*|[0-9]+(?:_[0-9]+)*)
    (?:/(?P<den>[0-9]+(?:_[0-9]+)*)
     |(?:\.(?P<decimal>[0-9]*|[0-9]+(?:_[0-9]+)*))?(?:[eE](?P<exp>[-+]?[0-9]+(?:_[0-9]+)*))?
    )\s*\Z""",
    re.VERBOSE,
)


def _shown_number(text: str) -> str:
    return repr(text if len(text) <= 40 else f"{text[:20]}...{text[-10:]}")


def read_number(text: str) -> Fraction:
    """The exact rational written as ``text``: ``3``, ``-2.5``, ``1e-3``, ``5/2``, ``1_000``.

    Only the ASCII digits 0-9 count as digits. The decimal exponent and the
    length of each run of digits are bounded (:data:`MAX_WRITTEN_EXPONENT`,
    :data:`MAX_DIGITS`) before anything is converted, so no text can make the
    conversion slow. The size of the result is not checked here; see
    :func:`check_range`.

    Raises
    ------
    NumberError
        With a message naming ``text`` and a hint, when ``text`` is not such a number.
    """
    match = _DECIMAL.match(text)
    if match is None:
        odd = next((c for c in text if c.isdigit() and not c.isascii()), None)
        if odd is not None:
            raise NumberError(f"{_shown_number(text)} has the non-ASCII digit {odd!r}",
                              hint="write numbers with the digits 0-9")
        raise NumberError(f"{_shown_number(text)} is not a number",
                          hint="write a number such as 3, -1.5, 1e-3 or 5/2")
    if any(len(run) > MAX_DIGITS for run in re.findall(r"[0-9_]+", text)):
        raise NumberError(f"{_shown_number(text)} has more than {MAX_DIGITS} digits in a row",
                          hint=f"wedge accepts {SUPPORTED_RANGE}; {RANGE_HINT}")
    exp = match.group("exp")
    if exp is not None:
        exp_digits = exp.lstrip("+-").replace("_", "").lstrip("0")
        if len(exp_digits) > len(str(MAX_WRITTEN_EXPONENT)) or int(exp_digits or "0") > MAX_WRITTEN_EXPONENT:
            raise NumberError(
                f"{_shown_number(text)} has an exponent outside -{MAX_WRITTEN_EXPONENT}..{MAX_WRITTEN_EXPONENT}",
                hint=f"wedge accepts {SUPPORTED_RANGE}; {RANGE_HINT}")
    if match.group("den") is not None and not match.group("den").strip("0_"):
        raise NumberError(f"{_shown_number(text)} divides by zero",
                          hint="a fraction p/q needs a nonzero denominator q")
    return Fraction(text.strip())


def approximate(q: Fraction) -> str:
    """``q`` shown briefly (6 significant digits), even far outside float range: ``1e-400``."""
    try:
        shown = float(q)
    except OverflowError:
        shown = math.inf
    if math.isfinite(shown) and (shown != 0 or q == 0):
        return f"{shown:.6g}"
    exponent = len(str(abs(q.numerator))) - len(str(q.denominator))  # within 1 of log10 |q|
    return f"{'-' if q < 0 else ''}1e{exponent}"


def range_problem(value: Fraction | float | int) -> str | None:
    """Why ``value`` is outside the range wedge accepts ("too large", "too small"), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return "not finite"
    size = abs(Fraction(value))
    if size > MAX_MAGNITUDE:
        return "too large"
    if 0 < size < MIN_MAGNITUDE:
        return "too small"
    return None


def check_range(value: Fraction, what: str, shown: str | None = None) -> Fraction:
    """``value`` itself when it lies in the supported range; else raise :class:`NumberError`.

    ``what`` names the number for the message ("payoff of A at (x, l)");
    ``shown`` is how it was written, default a short rendering of ``value``.
    """
    problem = range_problem(value)
    if problem is not None:
        shown = _shown_number(shown) if shown is not None else approximate(value)
        raise NumberError(f"{what} {shown} is {problem}: wedge accepts {SUPPORTED_RANGE}", hint=RANGE_HINT)
    return value


def read_value(text: str, what: str) -> Fraction:
    """:func:`read_number` then :func:`check_range`: a number typed on the command line.

    Raises :class:`NumberError` whose message starts with ``what`` (e.g. ``--set cut=abc:``),
    then the number as typed and what is wrong with it.
    """
    try:
        value = read_number(text)
    except NumberError as exc:
        exc.message = f"{what} {exc.message}"
        raise
    return check_range(value, what, text.strip())


def exact_number(value: float | int | str | Fraction) -> Fraction | None:
    """The rational a user meant by ``value``, or None if it is not a finite number.

    Floats go through their shortest repr, so ``0.1`` means ``1/10``. Text is
    read by :func:`read_number` (None where that raises), so it is bounded
    and takes ASCII digits only.
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Fraction(repr(value))
    try:
        return read_number(str(value))
    except NumberError:
        return None


@dataclass(frozen=True)
class Parameter:
    """A named quantity payoffs may depend on."""

    name: str
    value: float
    min: float | None = None
    max: float | None = None
    description: str = ""
    scale: str = ""
    line: int | None = None
    distribution: str = "fixed"
    sd: float | None = None

    @property
    def exact(self) -> Fraction | None:
        return exact_number(self.value)


@dataclass(frozen=True)
class Player:
    name: str
    strategies: tuple[str, ...]


def _freeze(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Game:
    """A concrete game: numbers only.

    ``payoffs`` is float64 with shape ``(n_players, *shape)``. ``exact`` is an
    object array of :class:`~fractions.Fraction` with the same shape when every
    payoff is rational, else None.
    """

    players: tuple[Player, ...]
    payoffs: np.ndarray
    exact: np.ndarray | None = None
    title: str = ""

    def __post_init__(self) -> None:
        shape = tuple(len(p.strategies) for p in self.players)
        if self.payoffs.shape != (len(self.players), *shape):
            raise ValueError(f"payoff array shape {self.payoffs.shape} does not match players {shape}")
        if self.exact is not None and self.exact.shape != self.payoffs.shape:
            raise ValueError("exact array shape does not match payoffs")
        _freeze(self.payoffs)
        if self.exact is not None:
            _freeze(self.exact)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.strategies) for p in self.players)

    @classmethod
    def from_arrays(
        cls,
        *arrays,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        names: Sequence[str] | None = None,
    ) -> Game:
        """Build a game from one payoff array per player.

        Parameters
        ----------
        *arrays
            One array per player, each with one axis per player (axis ``i`` runs
            over player ``i``'s strategies): ``A[r][c]`` is the row player's
            payoff, ``B[r][c]`` the column player's. Entries are numbers,
            Fractions or strings such as ``"5/2"``; the game is exact when every
            entry is rational (floats are read through their repr, so 0.1 is 1/10).
        players
            One name per player; default ``P1``, ``P2``, ...
        strategies
            One list of strategy names per player, as long as that player's
            axis; default ``p1``, ``p2``, ... (the player's initial and a number).
        title
            Shown in reports.
        names
            Older spelling of ``players`` (kept for existing callers).

        Raises
        ------
        InvalidGameError
            (a :class:`ValueError`) when the arrays' shapes, the names or the
            payoffs do not fit together; the message says which.

        Examples
        --------
        >>> pennies = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]],
        ...                            players=["Even", "Odd"],
        ...                            strategies=[["Heads", "Tails"], ["Heads", "Tails"]])
        >>> pennies.shape, pennies.players[1].strategies
        ((2, 2), ('Heads', 'Tails'))
        """
        if names is not None:
            if players is not None:
                raise InvalidGameError("give player names once: players=[...] (names= is its older spelling)")
            players = names
        if not arrays:
            raise InvalidGameError("no payoff arrays: give one array per player, e.g. "
                                   "Game.from_arrays(A, B) for a 2-player game")
        try:
            arrays = [np.asarray(a, dtype=object) for a in arrays]
        except ValueError as exc:  # ragged nested lists
            raise InvalidGameError(f"payoff arrays must be rectangular: {exc}") from None
        n = len(arrays)
        shape = arrays[0].shape
        if len(shape) != n or any(a.shape != shape for a in arrays):
            shapes = ", ".join(str(a.shape) for a in arrays)
            raise InvalidGameError(
                f"{n} payoff array(s) of shapes {shapes}: a {n}-player game needs {n} arrays of one "
                f"shape with {n} axes (axis i runs over player i's strategies)")
        if 0 in shape:
            raise InvalidGameError(f"payoff arrays of shape {shape}: every player needs at least one strategy")
        players = [f"P{i + 1}" for i in range(n)] if players is None else [str(p) for p in players]
        if len(players) != n:
            raise InvalidGameError(f"{len(players)} player name(s) for {n} payoff arrays: give one name per array")
        _check_names(players, "player names")
        if strategies is None:
            strategies = [[f"{name[0].lower()}{j + 1}" for j in range(k)] for name, k in zip(players, shape)]
        strategies = [[str(s) for s in names_] for names_ in strategies]
        if len(strategies) != n:
            raise InvalidGameError(f"{len(strategies)} strategy list(s) for {n} players: give one list per player")
        for name, k, names_ in zip(players, shape, strategies):
            if len(names_) != k:
                raise InvalidGameError(
                    f"player {name!r} has {len(names_)} strategy name(s) but its axis of the payoff arrays "
                    f"has {k} entries: give one name per row (player 1), column (player 2), ...")
            _check_names(names_, f"strategy names of {name!r}")
        exact_cells = np.empty((n, *shape), dtype=object)
        floats = np.empty((n, *shape), dtype=float)
        rational = True
        for p, a in enumerate(arrays):
            for idx, v in np.ndenumerate(a):
                f = exact_number(v)
                try:
                    x = float(v) if f is None else float(f)
                except (TypeError, ValueError, OverflowError):
                    x = math.nan
                if not math.isfinite(x):
                    where = ", ".join(strategies[i][j] for i, j in enumerate(idx))
                    raise InvalidGameError(f"payoff of {players[p]!r} at ({where}) is {v!r}; "
                                           "payoffs must be finite numbers")
                rational = rational and f is not None
                exact_cells[(p, *idx)] = f
                floats[(p, *idx)] = x
        players_t = tuple(Player(name, tuple(s)) for name, s in zip(players, strategies))
        return cls(players_t, floats, exact_cells if rational else None, title)


def _check_names(names: Sequence[str], what: str) -> None:
    if any(not name.strip() for name in names):
        raise InvalidGameError(f"{what} include an empty name: give every one a name")
    dupes = sorted({name for name in names if names.count(name) > 1})
    if dupes:
        raise InvalidGameError(f"{what} repeat {dupes[0]!r}: names must differ")


@dataclass(frozen=True, eq=False)
class GameSpec:
    """A parametric game as written in a payoff file.

    ``cells`` is an object array with shape ``(n_players, *shape)``; each cell is
    a :class:`~fractions.Fraction`, a float, or a compiled :class:`Payoff`
    expression. ``notes`` maps a profile (tuple of strategy indices) to its note.
    ``where`` maps ``(player, *profile)`` to the file line the cell came from.
    ``outcome_profiles`` holds the profiles that have an ``[[outcomes]]`` entry
    (with or without a note); the rest came from array form.
    """

    players: tuple[Player, ...]
    cells: np.ndarray
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    title: str = ""
    description: str = ""
    source: str = ""
    notes: Mapping[tuple[int, ...], str] = field(default_factory=dict)
    path: str | None = None
    where: Mapping[tuple[int, ...], int] = field(default_factory=dict)
    unit: str = ""
    outcome_profiles: frozenset[tuple[int, ...]] = frozenset()

    @classmethod
    def from_game(cls, game: Game) -> GameSpec:
        """The spec of a concrete game: the same players, title and payoffs, no parameters.

        Lets every step that takes a spec (reports, ``robust`` with payoff noise)
        take a :class:`Game`; ``GameSpec.from_game(g).game()`` has ``g``'s
        payoffs, exact ones included.
        """
        cells = game.exact.copy() if game.exact is not None else game.payoffs.astype(object)
        return cls(players=game.players, cells=cells, title=game.title)

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(p.strategies) for p in self.players)

    def parameter_values(self, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
        """Default values with ``overrides`` applied (names must already be checked)."""
        values = {name: float(p.value) for name, p in self.parameters.items()}
        for name, v in (overrides or {}).items():
            if name not in values:
                raise WedgeError(f"unknown parameter {name!r}", path=self.path)
            values[name] = float(v)
        return values

    def _cell_error(self, index: tuple[int, ...], what: str, hint: str | None = None) -> WedgeError:
        player = self.players[index[0]].name
        profile = ", ".join(self.players[i].strategies[s] for i, s in enumerate(index[1:]))
        cell = self.cells[index]
        src = getattr(cell, "source", cell)
        return WedgeError(
            f"payoff of {player} at ({profile}) = {src!s} {what}",
            path=self.path,
            line=self.where.get(index),
            hint=hint or "change the parameter value (--set) or the expression so that it stays finite",
        )

    def _too_large(self, index: tuple[int, ...], value: float) -> WedgeError:
        return self._cell_error(
            index, f"is {value:.6g}, larger than wedge accepts (at most 1e15 in size)",
            hint="change the parameter values (--set), or rescale the payoffs (e.g. in millions instead of units)")

    def game(self, overrides: Mapping[str, float | str | Fraction] | None = None) -> Game:
        """Evaluate every payoff at the default parameter values plus ``overrides``.

        Overrides given as strings or Fractions keep exact arithmetic possible.
        """
        overrides = dict(overrides or {})
        for name, raw in overrides.items():
            if name not in self.parameters:
                raise WedgeError(f"unknown parameter {name!r}", path=self.path)
            q = exact_number(raw)
            if q is not None:
                check_range(q, f"value of {name!r} =")  # what --set checks, for callers in Python
        env_f: dict[str, float] = {}
        env_q: dict[str, Fraction] = {}
        rational = True
        for name, p in self.parameters.items():
            raw = overrides.get(name, p.value)
            q = exact_number(raw)
            env_f[name] = float(q) if q is not None else float(raw)
            if q is None:
                rational = False
            else:
                env_q[name] = q
        floats = np.empty(self.cells.shape, dtype=float)
        exact = np.empty(self.cells.shape, dtype=object)
        with np.errstate(all="ignore"):
            for index, cell in np.ndenumerate(self.cells):
                if isinstance(cell, Fraction):
                    floats[index] = float(cell)
                    exact[index] = cell
                    continue
                if isinstance(cell, (int, float)):
                    floats[index] = float(cell)
                    q = exact_number(cell)
                    exact[index] = q
                    rational = rational and q is not None
                    continue
                value = float(cell.evaluate(env_f))
                if not math.isfinite(value):
                    raise self._cell_error(index, "is not finite at these parameter values")
                if abs(value) > MAX_MAGNITUDE:
                    raise self._too_large(index, value)
                floats[index] = value
                if rational:
                    q = cell.evaluate_exact(env_q) if all(n in env_q for n in cell.names) else None
                    if q is None:
                        rational = False
                    else:
                        exact[index] = q
        return Game(self.players, floats, exact if rational else None, self.title)

    def batch(self, values: Mapping[str, np.ndarray], size: int | None = None) -> np.ndarray:
        """Evaluate the game at many parameter vectors at once.

        ``values`` maps each parameter to a 1-D array of length N (parameters not
        given keep their default); ``size`` gives N when ``values`` is empty.
        Returns float64 of shape ``(N, n_players, *shape)``.
        """
        lengths = {len(np.atleast_1d(v)) for v in values.values()}
        if size is not None:
            lengths.add(size)
        if len(lengths) > 1:
            raise ValueError("all swept parameter arrays must have the same length")
        n = lengths.pop() if lengths else 1
        env: dict[str, float | np.ndarray] = {name: float(p.value) for name, p in self.parameters.items()}
        for name, v in values.items():
            env[name] = np.asarray(v, dtype=float)
        out = np.empty((n, *self.cells.shape), dtype=float)
        with np.errstate(all="ignore"):
            for index, cell in np.ndenumerate(self.cells):
                if isinstance(cell, (Fraction, int, float)):
                    out[(slice(None), *index)] = float(cell)
                else:
                    out[(slice(None), *index)] = cell.evaluate(env)
        if not np.all(np.isfinite(out)):
            bad = np.argwhere(~np.isfinite(out))[0]
            raise self._cell_error(tuple(int(i) for i in bad[1:]), "is not finite somewhere in the sweep")
        large = np.abs(out) > float(MAX_MAGNITUDE)
        if large.any():
            bad = np.argwhere(large)[0]
            raise self._too_large(tuple(int(i) for i in bad[1:]), float(out[tuple(bad)]))
        return out
