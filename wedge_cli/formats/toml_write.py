"""Write a :class:`~wedge_cli.model.GameSpec` as a wedge TOML payoff file.

The output is what :func:`wedge_cli.formats.toml_read.loads` reads back into the same
game: top-level ``title``/``description``/``source``/``scale``, one
``[parameters.NAME]`` table per parameter, ``[[players]]``, the array form
``[payoffs]`` (one nested array per player, axis order = player order) and an
``[[outcomes]]`` entry for every profile that has a note. The format: docs/format.md.

Numbers never lose precision: a :class:`~fractions.Fraction` payoff is a TOML
integer when it is whole and fits in 64 bits, and otherwise a quoted exact
expression such as ``"3/2"``; floats are written with ``repr`` (the shortest
text that reads back to the same float); expression payoffs are written as
their quoted source. A rational whose numerator or denominator exceeds
``EXPRESSION_LIMIT`` is written as a float only when that float means the same
rational (``1e-310``), else :func:`write_toml` raises ValueError.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.model import GameSpec, Parameter, WedgeError, exact_number

__all__ = ["write_toml", "toml_string", "toml_key", "payoff_text", "parameter_table", "LINE_WIDTH", "EXPRESSION_LIMIT"]

LINE_WIDTH = 100
"""Nested payoff arrays longer than this are broken over several lines."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_INT64 = 2**63
EXPRESSION_LIMIT = 10**300
"""Exact payoffs are written as "p/q" expressions while |p| and q stay below this."""
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _escape(char: str, multiline: bool) -> str:
    if multiline and char in "\n\t":
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return f"\\u{code:04X}"
    return char


def toml_string(text: str, *, multiline: bool = False) -> str:
    """``text`` as a TOML basic string (escaping backslashes, quotes, control characters).

    With ``multiline=True`` and a newline in ``text``, a multi-line basic string
    (``\"\"\"...\"\"\"``) keeps the newlines readable; every quote inside is still
    escaped so no run of three quotes can occur, and no run of three
    apostrophes is left either.
    """
    if multiline and "\n" in text:
        body = '"""\n' + "".join(_escape(c, True) for c in text) + '"""'
    else:
        body = '"' + "".join(_escape(c, False) for c in text) + '"'
    # Three apostrophes in a row would look like a literal-string delimiter to
    # line-oriented tools (the loader's line finder among them).
    return body.replace("'''", "''\\u0027")


def toml_key(name: str) -> str:
    """``name`` as a TOML key: bare when it is ``[A-Za-z0-9_-]+``, else quoted."""
    return name if _BARE_KEY.match(name) else toml_string(name)


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"cannot write the non-finite number {value!r}")
    if value == 0:
        return "0.0"  # also turns -0.0 into 0.0
    return repr(value)


def _exact(value: Fraction) -> str:
    """An exact payoff: TOML integer, or an expression the loader evaluates exactly.

    Numerators and denominators must stay below ``EXPRESSION_LIMIT`` (an
    expression's number literals must be finite floats); past that the value
    is written as a float only if that float means exactly the same rational.
    """
    p, q = value.numerator, value.denominator
    if q == 1 and -_INT64 <= p < _INT64:
        return str(p)
    if abs(p) < EXPRESSION_LIMIT and q < EXPRESSION_LIMIT:
        return toml_string(str(p) if q == 1 else f"{p}/{q}")
    nearest = float(value)
    if math.isfinite(nearest) and exact_number(nearest) == value:
        return _float(nearest)
    raise ValueError(f"cannot write the payoff {value} exactly: its numerator or denominator exceeds 1e300")


def payoff_text(cell: object) -> str:
    """One payoff cell as TOML: integer, exact "p/q" string, float, or quoted expression."""
    if isinstance(cell, bool):
        raise TypeError(f"a payoff cannot be a boolean: {cell!r}")
    if isinstance(cell, numbers.Rational):
        return _exact(Fraction(cell))
    if isinstance(cell, numbers.Real):
        return _float(float(cell))
    source = cell if isinstance(cell, str) else getattr(cell, "source", None)
    if not isinstance(source, str):
        raise TypeError(f"cannot write payoff {cell!r}: not a number or an expression")
    return toml_string(source)


def _parameter_number(value: object) -> tuple[str, str]:
    """A parameter number as TOML, plus a comment when the TOML number is not exact.

    The loader takes parameter values as TOML integers or floats. Floats are
    written with ``repr``; whole numbers that fit in 64 bits as integers.
    Exact values given as Fractions or text (``"5/2"``, as ``--set`` passes
    them) become a float when that float means exactly the same rational
    (``1/10`` -> ``0.1``, as :func:`wedge_cli.model.exact_number` reads it),
    and otherwise the nearest float with the exact value in a comment.
    """
    if isinstance(value, bool):
        raise TypeError(f"a parameter value cannot be a boolean: {value!r}")
    if isinstance(value, float | np.floating):
        return _float(float(value)), ""
    exact = exact_number(value)  # int, Fraction, or text such as "5/2"
    if exact is None:
        raise ValueError(f"cannot write the parameter value {value!r}: not a finite number")
    if exact.denominator == 1 and -_INT64 <= exact.numerator < _INT64:
        return str(exact.numerator), ""
    nearest = float(exact)
    text = _float(nearest)
    if exact_number(nearest) == exact:
        return text, ""
    return text, f"exactly {exact}"


def _nested(array: np.ndarray, indent: int, column: int) -> str:
    """A nested TOML array: on one line if it fits in LINE_WIDTH, else one element per line.

    ``indent`` is the indentation of the closing bracket, ``column`` where the
    opening bracket starts.
    """
    if array.ndim == 1:
        parts = [payoff_text(cell) for cell in array]
    else:
        parts = [_nested(array[i], indent + 2, indent + 2) for i in range(array.shape[0])]
    if not any("\n" in p for p in parts):
        inline = "[" + ", ".join(parts) + "]"
        if column + len(inline) <= LINE_WIDTH:
            return inline
    pad = " " * (indent + 2)
    return "[\n" + "".join(f"{pad}{p},\n" for p in parts) + " " * indent + "]"


def parameter_table(name: str, parameter: Parameter, value: object) -> list[str]:
    lines = [f"[parameters.{toml_key(name)}]"]
    text, comment = _parameter_number(value)
    lines.append(f"value = {text}" + (f"  # {comment}" if comment else ""))
    for key in ("min", "max"):
        bound = getattr(parameter, key)
        if bound is not None:
            text, comment = _parameter_number(bound)
            lines.append(f"{key} = {text}" + (f"  # {comment}" if comment else ""))
    if parameter.description:
        lines.append(f"description = {toml_string(parameter.description, multiline=True)}")
    if parameter.scale:
        lines.append(f"basis = {toml_string(parameter.scale, multiline=True)}")
    if parameter.distribution != "fixed":
        lines.append(f"distribution = {toml_string(parameter.distribution)}")
    if parameter.sd is not None:
        lines.append(f"sd = {parameter.sd!r}")
    return lines


def write_toml(spec: GameSpec, *, values: Mapping[str, float | str | Fraction] | None = None) -> str:
    """The wedge TOML payoff file for ``spec``.

    Parameters
    ----------
    spec : GameSpec
        The game; cells may be Fractions, floats or expressions (anything with
        a ``source`` string).
    values : mapping, optional
        New parameter values replacing the defaults (numbers, Fractions or
        exact text such as ``"5/2"``).

    Returns
    -------
    str
        UTF-8-ready TOML text ending with a newline. Only profiles with a note
        get an ``[[outcomes]]`` entry; all payoffs are in ``[payoffs]``.

    Raises
    ------
    WedgeError
        If ``values`` names a parameter the game does not have.
    """
    values = dict(values or {})
    for name in values:
        if name not in spec.parameters:
            known = ", ".join(spec.parameters) or "none"
            raise WedgeError(f"unknown parameter {name!r}", path=spec.path, hint=f"parameters of this game: {known}")

    out = [f"title = {toml_string(spec.title)}"]
    for key, text in (("description", spec.description), ("source", spec.source), ("scale", spec.unit)):
        if text:
            out.append(f"{key} = {toml_string(text, multiline=True)}")

    for name, parameter in spec.parameters.items():
        out.append("")
        out.extend(parameter_table(name, parameter, values.get(name, parameter.value)))

    for player in spec.players:
        out.append("")
        out.append("[[players]]")
        out.append(f"name = {toml_string(player.name)}")
        out.append("strategies = [" + ", ".join(toml_string(s) for s in player.strategies) + "]")

    out.append("")
    axes = " x ".join(f"{len(p.strategies)} {p.name}" for p in spec.players)
    out.append(
        "# One nested array per player, axes in player order: " + "".join(c if c.isprintable() else " " for c in axes)
    )
    out.append("[payoffs]")
    keys = [toml_key(p.name) for p in spec.players]
    width = max(len(k) for k in keys)
    for p, key in enumerate(keys):
        prefix = f"{key.ljust(width)} = "
        out.append(prefix + _nested(np.asarray(spec.cells[p], dtype=object), 0, len(prefix)))

    for profile in sorted(spec.notes):
        out.append("")
        out.append("[[outcomes]]")
        names = [spec.players[i].strategies[s] for i, s in enumerate(profile)]
        out.append("profile = [" + ", ".join(toml_string(n) for n in names) + "]")
        out.append(f"note = {toml_string(spec.notes[profile], multiline=True)}")
    return "\n".join(out) + "\n"
