"""Parameter assignments ``NAME=VALUE`` (``--set``, and ``set=`` in the Python API) on a game.

:func:`apply_assignments` is the one step from those strings to the values a report
prints, shared by the commands and :mod:`wedge_cli.api`, so it lives below both. Which
numbers are accepted: docs/format.md ("Numbers wedge accepts").
"""

from __future__ import annotations

from collections.abc import Sequence

from wedge_cli.errors import NumberError, WedgeError, suggest
from wedge_cli.model import GameSpec, exact_number, read_value


def parse_assignments(assignments: Sequence[str], spec: GameSpec) -> tuple[dict[str, str], list[str]]:
    """Parse ``NAME=VALUE`` overrides; return them (values as exact text) and range warnings."""
    values: dict[str, str] = {}
    warnings: list[str] = []
    for item in assignments:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name or not raw:
            raise WedgeError(f"--set {item!r} is not NAME=VALUE", hint="for example --set relief=5")
        if name not in spec.parameters:
            known = list(spec.parameters)
            hint = suggest(name, known) if known else "this game has no parameters"
            raise WedgeError(f"unknown parameter {name!r} in --set", path=spec.path, hint=hint)
        try:
            q = read_value(raw, f"--set {name}={raw}:")
        except NumberError as exc:
            raise WedgeError(exc.message, hint=f"{exc.hint}; for example --set {name}=2.5 or --set {name}=5/2"
                             ) from None
        p = spec.parameters[name]
        if (p.min is not None and q < exact_number(p.min)) or (p.max is not None and q > exact_number(p.max)):
            warnings.append(f"{name} = {raw} is outside its declared range [{p.min}, {p.max}]")
        values[name] = raw
    return values, warnings


def apply_assignments(spec: GameSpec, assignments: Sequence[str]
                      ) -> tuple[dict[str, str], dict[str, float], list[str]]:
    """``--set`` on a spec: (overrides as exact text, every parameter's value, range warnings).

    The one step from ``NAME=VALUE`` strings to the values a report prints,
    shared by the commands and :mod:`wedge_cli.api`.
    """
    overrides, warnings = parse_assignments(assignments, spec)
    values = spec.parameter_values({k: float(exact_number(v)) for k, v in overrides.items()})
    return overrides, values, warnings
