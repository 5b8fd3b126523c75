"""Lint a parametric game: things that are legal but probably mistakes.

Pure functions over :class:`~wedge_cli.model.GameSpec`; used by ``wedge check``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.budget import COSTS, Budget
from wedge_cli.model import GameSpec

#: Cells between two budget ticks.
_TICK = 4096


@dataclass(frozen=True)
class Lint:
    code: str
    message: str
    line: int | None = None


def _profile_name(spec: GameSpec, index: tuple[int, ...]) -> str:
    return "(" + ", ".join(spec.players[i].strategies[s] for i, s in enumerate(index)) + ")"


def _expressions(spec: GameSpec, budget: Budget) -> list[tuple[int, object]]:
    """``(flat index, cell)`` of every payoff that is an expression (names parameters)."""
    found = []
    what = f"linting the {spec.cells.size:,} payoffs"
    for i, cell in enumerate(spec.cells.flat):
        if not i % _TICK:
            budget.tick(what, i, spec.cells.size)
        if getattr(cell, "names", None):
            found.append((i, cell))
    return found


def lint(spec: GameSpec, budget: Budget | None = None) -> list[Lint]:
    """Return lint findings in a stable order (by code, then file line).

    ``budget`` (a :class:`wedge_cli.budget.Budget`, None for none) refuses a file whose
    payoffs would take longer to lint than it allows, and stops a lint that runs past it.
    """
    budget = budget if budget is not None else Budget(None)
    budget.require(COSTS["lint_cell"] * spec.cells.size, f"linting the {spec.cells.size:,} payoffs")
    found: list[Lint] = []
    used: set[str] = set()
    expressions = _expressions(spec, budget)
    for _, cell in expressions:
        used |= set(cell.names)
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
    found.extend(_constant_dependencies(spec, expressions, budget))
    found.extend(_missing_notes(spec, budget))
    if not spec.title:
        found.append(Lint("no_title", "the file has no title"))
    return found


def _missing_notes(spec: GameSpec, budget: Budget) -> list[Lint]:
    """One lint per ``[[outcomes]]`` entry without a note; one for the whole file for
    the profiles given only in array form, which has no place for notes (issue 11)."""
    found = []
    bare = []
    total = int(np.prod(spec.shape))
    if not spec.notes and not spec.outcome_profiles:
        # no outcome entries (an .nfg file, or payoffs in array form only): every profile is bare
        profiles = iter([(0,) * len(spec.shape)])
        bare_count = total
    else:
        profiles = np.ndindex(*spec.shape)
        bare_count = None
    for i, index in enumerate(profiles):
        if not i % _TICK:
            budget.tick("looking for outcomes without notes", i, total)
        if index in spec.notes:
            continue
        if index in spec.outcome_profiles:
            found.append(Lint("outcome_without_note",
                              f"outcome {_profile_name(spec, index)} has no note saying why",
                              spec.where.get((0, *index))))
        else:
            bare.append(index)
    if bare:
        count = len(bare) if bare_count is None else bare_count
        example = ", ".join(json.dumps(spec.players[i].strategies[s]) for i, s in enumerate(bare[0]))
        found.append(Lint(
            "payoffs_without_note",
            f"{count} of {total} profiles have payoffs in array form, which carries no notes; "
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


def _constant_dependencies(spec: GameSpec, expressions: list[tuple[int, object]], budget: Budget) -> list[Lint]:
    """Payoffs that name a parameter yet never change with it (e.g. ``0*relief``)."""
    found = []
    base = {n: Fraction(repr(float(p.value))) for n, p in spec.parameters.items()}
    for done, (flat, cell) in enumerate(expressions):
        budget.tick("probing the payoff expressions", done, len(expressions))
        index = tuple(int(i) for i in np.unravel_index(flat, spec.cells.shape))
        for name in sorted(cell.names):
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
