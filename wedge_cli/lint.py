"""Lint a parametric game: things that are legal but probably mistakes.

Pure functions over :class:`~wedge_cli.model.GameSpec`; used by ``wedge check``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .model import GameSpec


@dataclass(frozen=True)
class Lint:
    code: str
    message: str
    line: int | None = None


def _profile_name(spec: GameSpec, index: tuple[int, ...]) -> str:
    return "(" + ", ".join(spec.players[i].strategies[s] for i, s in enumerate(index)) + ")"


def lint(spec: GameSpec) -> list[Lint]:
    """Return lint findings in a stable order (by code, then file line)."""
    found: list[Lint] = []
    used: set[str] = set()
    for index, cell in np.ndenumerate(spec.cells):
        used |= set(getattr(cell, "names", ()))
    for name, p in spec.parameters.items():
        if name not in used:
            found.append(Lint("unused_parameter", f"parameter {name!r} is not used by any payoff", p.line))
        if not p.description:
            found.append(Lint("parameter_without_description",
                              f"parameter {name!r} has no description", p.line))
        if p.min is None or p.max is None:
            found.append(Lint("parameter_without_range",
                              f"parameter {name!r} has no min/max range (sweeps need one)", p.line))
        elif not p.min <= p.value <= p.max:
            found.append(Lint("value_outside_range",
                              f"parameter {name!r} = {p.value} lies outside [{p.min}, {p.max}]", p.line))
    found.extend(_constant_dependencies(spec))
    found.extend(_missing_notes(spec))
    if not spec.title:
        found.append(Lint("no_title", "the file has no title"))
    return found


def _missing_notes(spec: GameSpec) -> list[Lint]:
    """One lint per ``[[outcomes]]`` entry without a note; one for the whole file for
    the profiles given only in array form, which has no place for notes (issue 11)."""
    found = []
    bare = []
    for index in np.ndindex(*spec.shape):
        if index in spec.notes:
            continue
        if index in spec.outcome_profiles:
            found.append(Lint("outcome_without_note",
                              f"outcome {_profile_name(spec, index)} has no note saying why",
                              spec.where.get((0, *index))))
        else:
            bare.append(index)
    if bare:
        total = int(np.prod(spec.shape))
        example = ", ".join(json.dumps(spec.players[i].strategies[s]) for i, s in enumerate(bare[0]))
        found.append(Lint(
            "payoffs_without_note",
            f"{len(bare)} of {total} profiles have payoffs in array form, which carries no notes; "
            f"to say why, add an [[outcomes]] entry per profile with profile = [{example}] and "
            f'note = "..." (the payoffs can stay in [payoffs])',
            spec.where.get((0, *bare[0])),
        ))
    return found


def _probe_values(spec: GameSpec, name: str) -> list[Fraction]:
    p = spec.parameters[name]
    candidates = [p.value, p.min, p.max, p.value + 1, p.value - 1, p.value * 2 + 3]
    values: list[Fraction] = []
    for c in candidates:
        if c is None:
            continue
        q = Fraction(repr(float(c)))
        if q not in values:
            values.append(q)
    return values


def _constant_dependencies(spec: GameSpec) -> list[Lint]:
    """Payoffs that name a parameter yet never change with it (e.g. ``0*relief``)."""
    found = []
    base = {n: Fraction(repr(float(p.value))) for n, p in spec.parameters.items()}
    for index, cell in np.ndenumerate(spec.cells):
        for name in sorted(getattr(cell, "names", ())):
            outputs = set()
            for v in _probe_values(spec, name):
                env = dict(base, **{name: v})
                try:
                    outputs.add(cell.evaluate_exact(env))
                except Exception:  # noqa: BLE001 - a probe outside the domain proves nothing
                    outputs.add(None)
            outputs.discard(None)
            if len(outputs) == 1:
                player = spec.players[index[0]].name
                found.append(Lint(
                    "constant_dependency",
                    f"payoff of {player} at {_profile_name(spec, index[1:])} = {cell.source!r} "
                    f"does not change with {name!r}",
                    spec.where.get(index),
                ))
    return found
