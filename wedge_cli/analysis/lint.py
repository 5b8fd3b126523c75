"""Lint a parametric game: things that are legal but probably mistakes.

Pure functions over :class:`~wedge_cli.model.GameSpec` and :class:`~wedge_cli.tree.TreeSpec`;
used by ``wedge check``. The codes: docs/format.md ("Lint").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.budget import COSTS, Budget
from wedge_cli.model import GameSpec
from wedge_cli.tree import TERMINAL, TreeSpec, recall_problem

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


def lint(spec: GameSpec | TreeSpec, budget: Budget | None = None) -> list[Lint]:
    """Return lint findings in a stable order (by code, then file line).

    ``budget`` (a :class:`wedge_cli.budget.Budget`, None for none) refuses a file whose
    payoffs would take longer to lint than it allows, and stops a lint that runs past it.
    """
    budget = budget if budget is not None else Budget(None)
    if isinstance(spec, TreeSpec):
        return lint_tree(spec, budget)
    budget.require(COSTS["lint_cell"] * spec.cells.size, f"linting the {spec.cells.size:,} payoffs")
    expressions = _expressions(spec, budget)
    used: set[str] = set()
    for _, cell in expressions:
        used |= set(cell.names)
    found = _parameter_lints(spec.parameters, used)
    found.extend(_constant_dependencies(spec, expressions, budget))
    found.extend(_missing_notes(spec, budget))
    if not spec.title:
        found.append(Lint("no_title", "the file has no title"))
    return found


def _parameter_lints(parameters, used: set[str]) -> list[Lint]:
    found: list[Lint] = []
    for name, p in parameters.items():
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
    return found


def lint_tree(spec: TreeSpec, budget: Budget | None = None) -> list[Lint]:
    """The lints of a game tree: those of its parameters, payoffs and probabilities, and of notes.

    ``node_without_note`` for each decision or chance node without a note,
    ``outcome_without_note`` for each outcome without one, ``constant_dependency`` for a
    payoff or probability that names a parameter but does not change with it, and
    ``imperfect_recall`` when a player forgets what it did or knew (the solvers refuse
    such a tree: subgame perfection and the reduced strategic form need perfect recall).
    """
    budget = budget if budget is not None else Budget(None)
    cells = [(f"payoff of {spec.players[p]} at {o.name}", o.line, cell)
             for o in spec.outcomes for p, cell in enumerate(o.payoffs)]
    for k, probabilities in enumerate(spec.probabilities):
        info = spec.skeleton.infosets[k]
        node = spec.skeleton.nodes[info.nodes[0]].name
        line = spec.probability_lines[k] if k < len(spec.probability_lines) else None
        cells += [(f"probability of {action} at {node}", line, cell) for action, cell in zip(info.actions, probabilities)]
    budget.require(COSTS["lint_cell"] * len(cells), f"linting the {len(cells):,} payoffs and probabilities")
    expressions = [(what, line, cell) for what, line, cell in cells if getattr(cell, "names", None)]
    used = set().union(*(cell.names for _, _, cell in expressions)) if expressions else set()
    found = _parameter_lints(spec.parameters, used)
    base = {n: Fraction(repr(float(p.value))) for n, p in spec.parameters.items()}
    for done, (what, line, cell) in enumerate(expressions):
        budget.tick("probing the payoff expressions", done, len(expressions))
        for name in sorted(cell.names):
            if _never_changes(cell, base, name, _probe_values(spec, name)):
                found.append(Lint("constant_dependency", f"{what} = {cell.source!r} does not change with {name!r}",
                                  line))
    seen = set()
    for node in spec.skeleton.nodes:
        if node.kind != TERMINAL and not node.note and node.name not in seen:
            seen.add(node.name)
            found.append(Lint("node_without_note", f"node {node.name!r} has no note saying what happens there",
                              node.line))
    unnoted: dict[int | None, list[str]] = {}
    for outcome in spec.outcomes:
        if not outcome.note:
            unnoted.setdefault(outcome.line, []).append(outcome.name)
    for line, names in unnoted.items():  # outcomes written together (a Bayesian file's array) warn once
        if len(names) == 1 or line is None:
            found.extend(Lint("outcome_without_note", f"outcome {name!r} has no note saying why", line)
                         for name in names)
        else:
            shown = ", ".join(repr(n) for n in names[:3]) + (", ..." if len(names) > 3 else "")
            found.append(Lint("outcome_without_note", f"{len(names)} outcomes written on this line have no note "
                                                      f"saying why ({shown})", line))
    problem = recall_problem(spec.skeleton)
    if problem is not None:
        found.append(Lint("imperfect_recall", problem + "; wedge solve refuses such a tree", None))
    if not spec.title:
        found.append(Lint("no_title", "the file has no title"))
    return found


def _never_changes(cell, base: dict, name: str, values: list[Fraction]) -> bool:
    outputs = set()
    for v in values:
        try:
            outputs.add(cell.evaluate_exact(dict(base, **{name: v})))
        except Exception:  # noqa: BLE001 - a probe outside the domain proves nothing
            outputs.add(None)
    outputs.discard(None)
    return len(outputs) == 1


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
            if _never_changes(cell, base, name, _probe_values(spec, name)):
                player = spec.players[index[0]].name
                found.append(Lint(
                    "constant_dependency",
                    f"payoff of {player} at {_profile_name(spec, index[1:])} = {cell.source!r} "
                    f"does not change with {name!r}",
                    spec.where.get(index),
                ))
    return found
