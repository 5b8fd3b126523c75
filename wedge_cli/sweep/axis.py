"""The axis grammar of a sweep: ``NAME[=START:STOP[:STEPS]]`` read into an :class:`Axis`.

An axis is ``STEPS + 1`` equally spaced exact values; a grid point is one value
per axis. Error messages name the option the text came from (``--param`` for
``wedge sweep``, ``--sweep`` for ``wedge explain``). See docs/sweep.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.errors import suggest
from wedge_cli.model import GameSpec, GameTooLargeError, NumberError, WedgeError, exact_number, read_value


MAX_POINTS = 1_000_000
"""Most grid points in one sweep (1-D or 2-D)."""


MAX_PARAMS = 2
"""Most swept parameters."""


DEFAULT_STEPS = (100, 50)
"""Default STEPS for a 1-D and for a 2-D sweep (per axis)."""


@dataclass(frozen=True)
class Axis:
    """One swept parameter: ``steps + 1`` equally spaced values from ``start`` to ``stop``."""

    name: str
    start: Fraction
    stop: Fraction
    steps: int
    description: str = ""

    @property
    def size(self) -> int:
        return self.steps + 1

    def exact_value(self, i: int) -> Fraction:
        """The ``i``-th grid value, exactly."""
        return self.start + (self.stop - self.start) * i / self.steps

    def values(self) -> np.ndarray:
        """All grid values as floats, each the float nearest to the exact value."""
        a, d = self.start, self.stop - self.start
        den = a.denominator * d.denominator * self.steps
        first = a.numerator * d.denominator * self.steps
        step = d.numerator * a.denominator
        if max(abs(first), abs(first + step * self.steps), den) < 2**53:
            return (first + step * np.arange(self.size, dtype=np.int64)) / float(den)
        return np.array([float(self.exact_value(i)) for i in range(self.size)])


_INT = re.compile(r"^\s*\+?\d+\s*$", re.ASCII)  # 0-9 only: int() would also read "٣"


def _number(text: str, what: str, item: str, flag: str) -> Fraction:
    hint = f"write numbers such as 0, 2.5 or 5/2, e.g. {flag} relief=0:30:300"
    if not text.strip():
        raise WedgeError(f"{flag} {item!r}: {what} is empty", hint=hint)
    try:
        return read_value(text, f"{flag} {item!r}: {what}")
    except NumberError as exc:
        raise WedgeError(exc.message, hint=f"{exc.hint}; {hint}") from None


def parse_axis(text: str, spec: GameSpec, default_steps: int = DEFAULT_STEPS[0], flag: str = "--param") -> Axis:
    """Read ``NAME``, ``NAME=START:STOP`` or ``NAME=START:STOP:STEPS``.

    ``STEPS`` is the number of equal steps (the grid has ``STEPS + 1`` points,
    both ends included); ``NAME`` alone sweeps the declared ``[min, max]``.
    ``flag`` is the command-line option the text came from, named in every
    message (``"--sweep"`` for ``wedge explain``).

    Raises
    ------
    WedgeError
        Unknown parameter (with a did-you-mean hint), bad syntax, no declared
        range, ``START >= STOP``, ``STEPS`` not a positive integer.
    GameTooLargeError
        More than :data:`MAX_POINTS` points.
    """
    name, sep, rest = text.partition("=")
    name = name.strip()
    if not name:
        raise WedgeError(f"{flag} {text!r} has no parameter name",
                         hint=f"write {flag} NAME=START:STOP:STEPS, e.g. {flag} relief=0:30:300")
    if name not in spec.parameters:
        known = list(spec.parameters)
        hint = suggest(name, known) if known else "this game has no parameters to sweep"
        raise WedgeError(f"unknown parameter {name!r} in {flag}", path=spec.path, hint=hint)
    p = spec.parameters[name]
    if not sep:
        if p.min is None or p.max is None:
            raise WedgeError(
                f"parameter {name!r} has no declared range to sweep",
                path=spec.path, line=p.line,
                hint=f"give one on the command line, e.g. {flag} {name}=0:10:{default_steps}, "
                     f"or add min and max to [parameters.{name}] in the file",
            )
        start, stop, steps = exact_number(p.min), exact_number(p.max), default_steps
    else:
        parts = rest.split(":")
        if len(parts) not in (2, 3):
            raise WedgeError(
                f"{flag} {text!r}: expected NAME=START:STOP or NAME=START:STOP:STEPS",
                hint=f"for example {flag} {name}=0:30:300 (300 steps, 301 points)",
            )
        start = _number(parts[0], "START", text, flag)
        stop = _number(parts[1], "STOP", text, flag)
        steps = default_steps
        if len(parts) == 3:
            if not _INT.match(parts[2]):
                raise WedgeError(
                    f"{flag} {text!r}: STEPS {parts[2].strip()!r} is not a positive whole number",
                    hint=f"STEPS counts equal steps, e.g. {flag} {name}={parts[0].strip()}:{parts[1].strip()}:100",
                )
            steps = int(parts[2])
    if start is None or stop is None or start >= stop:
        raise WedgeError(
            f"{flag} {text!r}: START must be less than STOP",
            hint=f"for example {flag} {name}={min(start, stop)}:{max(start, stop)}" if start != stop
            else "give two different values",
        )
    if steps < 1:
        raise WedgeError(f"{flag} {text!r}: STEPS must be at least 1", hint="for example :100")
    if steps + 1 > MAX_POINTS:
        raise GameTooLargeError(
            f"{flag} {text!r}: {steps + 1:,} points is more than the limit of {MAX_POINTS:,}",
            hint=f"use at most {MAX_POINTS - 1:,} steps",
        )
    return Axis(name, start, stop, steps, p.description)


def parse_axes(texts: Sequence[str], spec: GameSpec, flag: str = "--param") -> list[Axis]:
    """Read the axis texts of one sweep (the ``--param`` values): one (1-D) or two (2-D map).

    The default ``STEPS`` is :data:`DEFAULT_STEPS` for that number of axes;
    each text is read by :func:`parse_axis`; ``flag`` names the option in messages.

    Raises
    ------
    WedgeError
        No parameter, more than :data:`MAX_PARAMS`, or any error of :func:`parse_axis`.
    """
    if not texts:
        raise WedgeError(f"give a parameter to sweep with {flag}", hint=f"for example {flag} relief=0:30:300")
    if len(texts) > MAX_PARAMS:
        raise WedgeError(f"at most {MAX_PARAMS} {flag} options (a 1-D sweep or a 2-D map), got {len(texts)}",
                         hint="fix the others with --set NAME=VALUE")
    steps = DEFAULT_STEPS[len(texts) - 1]
    return [parse_axis(text, spec, steps, flag) for text in texts]


def grid_point_values(axes: Sequence[Axis], i: int) -> dict[str, Fraction]:
    """The swept parameters' exact values at grid point ``i`` (first parameter outermost)."""
    out = {}
    for axis, index in zip(axes, _unravel(axes, i)):
        out[axis.name] = axis.exact_value(index)
    return out


def _unravel(axes: Sequence[Axis], i: int) -> tuple[int, ...]:
    if len(axes) == 1:
        return (i,)
    return divmod(i, axes[1].size)
