"""Results as plain dicts: the JSON contract of every command.

Each top-level object carries ``"schema": "wedge.<command>/<version>"``. Within a
version keys are only added, never renamed or removed; a key whose meaning changes
bumps that command's version (``wedge.sweep/2``: ``points`` is empty unless asked for). Every key is always
present (empty list or null, never missing). Floats are finite; ``-0.0`` is
written as ``0.0``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy stays unimported for 'wedge list'
    import numpy as np

    from wedge_cli.model import Game, GameSpec

SCHEMA_VERSION = 1
#: Commands whose JSON has moved past version 1 (see docs/json.md for what changed).
SCHEMA_VERSIONS = {"sweep": 2}


def schema(command: str) -> str:
    return f"wedge.{command}/{SCHEMA_VERSIONS.get(command, SCHEMA_VERSION)}"


def number(x: float) -> float:
    """A JSON-safe float: finite, ``-0.0`` written as ``0.0``."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite number {x} in a report")
    return 0.0 if x == 0 else x


def fraction(q: Fraction | None) -> str | None:
    return None if q is None else str(q)


def game_header(spec: GameSpec | Game) -> dict:
    return {
        "title": spec.title,
        "players": [{"name": p.name, "strategies": list(p.strategies)} for p in spec.players],
    }


def parameters_used(spec: GameSpec, values: Mapping[str, float]) -> dict[str, float]:
    return {name: number(values[name]) for name in spec.parameters}


def equilibrium_dict(game: Game, eq) -> dict:
    players = game.players
    return {
        "strategies": {
            p.name: {s: number(eq.strategies[i][j]) for j, s in enumerate(p.strategies)}
            for i, p in enumerate(players)
        },
        "exact": None if eq.exact is None else {
            p.name: {s: str(eq.exact[i][j]) for j, s in enumerate(p.strategies)}
            for i, p in enumerate(players)
        },
        "payoffs": {p.name: number(eq.payoffs[i]) for i, p in enumerate(players)},
        "exact_payoffs": None if eq.exact_payoffs is None else {
            p.name: str(eq.exact_payoffs[i]) for i, p in enumerate(players)
        },
        "support": {p.name: [p.strategies[j] for j in eq.support[i]] for i, p in enumerate(players)},
        "closed_form": None if eq.closed_form is None else {
            p.name: {s: eq.closed_form[i][j] for j, s in enumerate(p.strategies)}
            for i, p in enumerate(players)
        },
        "pure": bool(eq.pure),
        "strict": bool(eq.strict),
        "regret": number(eq.regret),
    }


def solve_report(spec: GameSpec, values: Mapping[str, float], solution, budget=None) -> dict:
    """``wedge.solve/1``: all equilibria of one game, with dominance, 2x2 type and selection properties.

    ``budget``: a :class:`wedge_cli.budget.Budget` for the analyses (None: none)."""
    from wedge_cli.report.analyses import solve_extras

    game = solution.game
    extras, per_equilibrium = solve_extras(solution, budget)
    return {
        "schema": schema("solve"),
        "game": game_header(spec),
        "parameters": parameters_used(spec, values),
        "method": solution.method,
        "complete": bool(solution.complete),
        "pure_only": bool(solution.pure_only),
        "degenerate": bool(solution.degenerate),
        "tolerance": number(solution.tol),
        "equilibria": [equilibrium_dict(game, eq) | more for eq, more in zip(solution.equilibria, per_equilibrium)],
        "components": [list(c) for c in solution.components],
        "warnings": [{"code": w.code, "message": w.message} for w in solution.warnings],
        **extras,
    }


def best_responses(game: Game, tol: float) -> np.ndarray:
    """Boolean array shaped like ``game.payoffs``: True where player p's strategy is a best reply."""
    import numpy as np

    marks = np.empty(game.payoffs.shape, dtype=bool)
    for p in range(game.n_players):
        if game.exact is not None:
            u = game.exact[p]
            best = np.max(u, axis=p, keepdims=True)
            marks[p] = u == best
        else:
            u = game.payoffs[p]
            marks[p] = u >= np.max(u, axis=p, keepdims=True) - tol
    return marks


def shown_profiles(shape: Sequence[int], limit: int | None) -> list[tuple[int, ...]] | None:
    """The profiles a table of at most ``limit`` cells shows, or None for all of them.

    Three players: whole layers (the third player's strategies), at least one; otherwise the
    first ``limit`` profiles in strategy order.
    """
    import numpy as np

    total = math.prod(shape)
    if limit is None or total <= limit:
        return None
    if len(shape) == 3:
        layers = max(1, limit // (shape[0] * shape[1]))
        return [index for index in np.ndindex(*shape) if index[2] < layers]
    profiles = []
    for index in np.ndindex(*shape):
        if len(profiles) == limit:
            break
        profiles.append(index)
    return profiles


def show_report(spec: GameSpec, values: Mapping[str, float], game: Game, dominated, tol: float,
                limit: int | None = None, budget=None) -> dict:
    """``wedge.show/1``: the payoff table with best replies and dominated strategies marked.

    ``dominated`` is a :class:`wedge_cli.solve.dominance.DominanceAnalysis`. ``limit``: at
    most about this many cells (:func:`shown_profiles`; None: every profile, as ``--json``
    gives). ``budget`` (a :class:`wedge_cli.budget.Budget`) refuses before building cells
    that would not fit and stops a build that runs past it.
    """
    import numpy as np

    from wedge_cli.budget import COSTS, Budget
    from wedge_cli.report.analyses import show_dominated

    budget = budget if budget is not None else Budget(None)
    strictly, weakly = show_dominated(game, dominated)
    marks = best_responses(game, tol)
    profiles = shown_profiles(game.shape, limit)
    count = math.prod(game.shape) if profiles is None else len(profiles)
    what = f"building the {count:,} cells of this payoff table"
    budget.require(COSTS["show_cell"] * count * game.n_players, what,
                   hint="leave out --json and --all for a summary")
    cells = []
    for done, index in enumerate(np.ndindex(*game.shape) if profiles is None else profiles):
        if not done % 1024:
            budget.tick(what, done, count, hint="leave out --json and --all for a summary")
        cells.append({
            "profile": {p.name: p.strategies[s] for p, s in zip(game.players, index)},
            "payoffs": {p.name: number(game.payoffs[(i, *index)]) for i, p in enumerate(game.players)},
            "exact": None if game.exact is None else {
                p.name: str(game.exact[(i, *index)]) for i, p in enumerate(game.players)},
            "expressions": {
                p.name: _cell_source(spec.cells[(i, *index)]) for i, p in enumerate(game.players)},
            "best_response": [p.name for i, p in enumerate(game.players) if marks[(i, *index)]],
            "note": spec.notes.get(index),
        })
    return {
        "schema": schema("show"),
        "game": game_header(spec),
        "description": spec.description,
        "source": spec.source,
        "scale": spec.unit,
        "parameters": [parameter_dict(spec, name, values[name]) for name in spec.parameters],
        "cells": cells,
        "dominated": strictly,
        "weakly_dominated": weakly,
    }


def _cell_source(cell) -> str:
    if isinstance(cell, Fraction):
        return str(cell)
    if isinstance(cell, (int, float)):
        return repr(cell)
    return cell.source


def parameter_dict(spec: GameSpec, name: str, value: float) -> dict:
    p = spec.parameters[name]
    return {
        "name": name,
        "value": number(value),
        "default": number(p.value),
        "min": None if p.min is None else number(p.min),
        "max": None if p.max is None else number(p.max),
        "description": p.description,
        "basis": p.scale,
    }


def check_report(spec: GameSpec, lints: Sequence) -> dict:
    """``wedge.check/1``: validity and lint findings."""
    return {
        "schema": schema("check"),
        "file": spec.path,
        "valid": True,
        "game": game_header(spec),
        "lints": [{"code": x.code, "message": x.message, "line": x.line} for x in lints],
    }


def list_report(summaries: Sequence[dict]) -> dict:
    """``wedge.list/1``: the bundled scenarios (summaries from :mod:`wedge_cli.formats.catalog`)."""
    keys = ("name", "title", "players", "shape", "parameters")
    return {"schema": schema("list"), "scenarios": [{k: s[k] for k in keys} for s in summaries]}


def export_report(fmt: str, text: str, spec: GameSpec) -> dict:
    """``wedge.export/1``: the written file as a string."""
    return {"schema": schema("export"), "format": fmt, "game": game_header(spec), "text": text}


def support_dict(players, support) -> dict[str, list[str]]:
    return {p.name: [p.strategies[j] for j in support[i]] for i, p in enumerate(players)}


def _outcome_dict(players, support) -> dict:
    """An outcome of ``wedge.robust/1``: the pure profile (null when mixed) and the supports."""
    pure = all(len(s) == 1 for s in support)
    return {
        "profile": {p.name: p.strategies[support[i][0]] for i, p in enumerate(players)} if pure else None,
        "support": support_dict(players, support),
    }


def robust_sample_dict(spec, sample: int, values: Mapping[str, float], structure) -> dict:
    """One draw of ``wedge robust`` (a line of ``--format jsonl`` and of ``--samples-out FILE.jsonl``).

    ``sample`` counts from 1; ``values`` holds every parameter's value in the draw;
    ``outcomes`` are its equilibria's supports, as in ``wedge.robust/1``'s outcomes.
    """
    return {
        "sample": sample,
        "values": {name: number(values[name]) for name in spec.parameters},
        "outcomes": [_outcome_dict(spec.players, support) for support in sorted(structure)],
    }


def robust_report(result) -> dict:
    """``wedge.robust/1``: outcome shares under parameter uncertainty (see docs/robust.md)."""
    spec = result.spec
    players = spec.players

    def outcome(support) -> dict:
        return _outcome_dict(players, support)

    return {
        "schema": schema("robust"),
        "game": game_header(spec),
        "samples": result.samples,
        "seed": result.seed,
        "payoff_noise": number(result.payoff_noise),
        "fixed": {k: number(v) for k, v in result.fixed.items()},
        "uncertain": [
            {"name": n, "distribution": spec.parameters[n].distribution,
             "value": number(spec.parameters[n].value), "min": number(spec.parameters[n].min),
             "max": number(spec.parameters[n].max),
             "sd": None if spec.parameters[n].sd is None else number(spec.parameters[n].sd)}
            for n in result.uncertain
        ],
        "complete": bool(result.complete),
        "pure_only": bool(result.pure_only),
        "unique_share": number(result.unique_share),
        "unique_ci": [number(x) for x in result.unique_ci],
        "no_equilibrium_share": number(result.no_equilibrium_share),
        "outcomes": [
            {**outcome(o["support"]), "count": o["count"], "share": number(o["share"]),
             "ci": [number(x) for x in o["ci"]]}
            for o in result.outcomes
        ],
        "structures": [
            {"outcomes": [outcome(s) for s in d["supports"]], "count": d["count"], "share": number(d["share"])}
            for d in result.structures
        ],
        "sensitivity": [{"parameter": d["parameter"], "index": number(d["index"])} for d in result.sensitivity],
        "classification": [
            {"family": t["family"], "count": t["count"], "share": number(t["share"]),
             "ci": [number(x) for x in t["ci"]]}
            for t in result.types
        ],
        "warnings": [],
    }


# ----------------------------------------------------------------------------- sweep


def _maybe_fraction(q) -> str | None:
    """Exact text of a Fraction value, None for a float (numeric) one."""
    return str(q) if isinstance(q, Fraction) else None


def _structure_dict(structure, players) -> list[dict]:
    return [{p.name: [p.strategies[i] for i in s] for p, s in zip(players, support)}
            for support in structure.supports]


def _regime_of_points(result) -> list[int | None]:
    """Index of the regime each grid point belongs to (None at a threshold or isolated value)."""
    import numpy as np

    table = result.points
    if len(result.axes) == 2:
        by_structure = {r.structure: k for k, r in enumerate(result.regimes)}
        return [by_structure.get(int(s)) for s in table.structure]
    x = result.axes[0].values()
    s = np.asarray(table.structure)
    out = np.full(len(x), -1, dtype=np.int64)
    for k, r in enumerate(result.regimes):
        lo, hi = float(r.start), float(r.stop)
        mask = (x > lo) & (x < hi)
        if r.closed[0]:
            mask |= x == lo
        if r.closed[1]:
            mask |= x == hi
        out[mask & (s == r.structure) & (out < 0)] = k
    return [None if k < 0 else int(k) for k in out.tolist()]


def sweep_point_dicts(result):
    """One ``wedge.sweep/2`` point object per grid point, lazily (large sweeps, ``--format jsonl``)."""
    spec = result.spec
    table = result.points
    regime_of = _regime_of_points(result)
    from wedge_cli.text.structures import describe_structure

    labels = [describe_structure(s, spec.players) for s in result.structures]
    for i in range(table.n_points):
        values = result.point_values(i)
        yield {
            "values": {name: number(v) for name, v in values.items()},
            "regime": regime_of[i],
            "label": labels[int(table.structure[i])],
            "solved_exactly": bool(table.solved_exactly(i)),
            "degenerate": bool(table.degenerate(i)),
            "equilibria": [equilibrium_dict(spec, eq) for eq in table.equilibria(i)],
        }


def sweep_report(result, include_points: bool = False) -> dict:
    """``wedge.sweep/2``: equilibria over a 1-D or 2-D grid, regimes and thresholds.

    ``points`` lists every grid point only with ``include_points`` (``--points``);
    ``points_listed`` says which. Callers that stream the points themselves use
    :func:`sweep_point_dicts`.
    """
    from wedge_cli.sweep.bisection import BISECT_TOL
    from wedge_cli.text.structures import describe_change, describe_structure

    spec = result.spec
    players = spec.players
    structures = result.structures
    labels = [describe_structure(s, players) for s in structures]

    def label(sid):
        return None if sid is None else labels[sid]

    swept = []
    for axis in result.axes:
        swept.append({
            "name": axis.name,
            "description": axis.description,
            "start": number(axis.start),
            "stop": number(axis.stop),
            "steps": axis.steps,
            "exact": {"start": str(axis.start), "stop": str(axis.stop)},
            # the grid itself: listed for the 2-D map's indices and with the points (a
            # million-point 1-D sweep's grid is megabytes that start, stop and steps describe)
            "values": [number(v) for v in axis.values()] if include_points or len(result.axes) == 2 else [],
        })
    fixed_names = [n for n in spec.parameters if all(a.name != n for a in result.axes)]
    fixed = {}
    for name in fixed_names:
        fixed[name] = number(result.fixed[name]) if name in result.fixed else number(spec.parameters[name].value)
    regimes = []
    for r in result.regimes:
        entry = {
            "from": None if r.start is None else number(r.start),
            "to": None if r.stop is None else number(r.stop),
            "from_exact": _maybe_fraction(r.start),
            "to_exact": _maybe_fraction(r.stop),
            "closed": list(r.closed),
            "label": labels[r.structure],
            "structure": _structure_dict(structures[r.structure], players),
            "points": r.points,
            "bounds": {k: [number(lo), number(hi)] for k, (lo, hi) in r.bounds.items()},
            "sample": {k: number(v) for k, v in r.sample.items()},
            "equilibria": [equilibrium_dict(spec, eq) for eq in r.equilibria],
            "ends": [] if r.ends is None else [
                {"value": number(e.value), "exact": _maybe_fraction(e.value), "limit": bool(e.limit),
                 "equilibria": [equilibrium_dict(spec, eq) for eq in e.equilibria]}
                for e in r.ends],
        }
        if len(result.axes) == 1 and r.start is not None:
            entry["bounds"] = {result.axes[0].name: [number(r.start), number(r.stop)]}
        regimes.append(entry)
    thresholds = []
    for t in result.thresholds:
        before, after = structures[t.before], structures[t.after]
        at = None if t.at is None else structures[t.at]
        thresholds.append({
            "parameter": t.parameter,
            "value": number(t.value),
            "exact": fraction(t.exact),
            "algebraic": t.algebraic,
            "method": t.method,
            "bracket": [number(t.bracket[0]), number(t.bracket[1])],
            "where": {k: number(v) for k, v in t.where.items()},
            "before": labels[t.before],
            "after": labels[t.after],
            "at": None if at is None or t.at in (t.before, t.after) else labels[t.at],
            "change": describe_change(before, after, players),
        })
    isolated = [{
        "parameter": x.parameter,
        "value": number(x.value),
        "exact": fraction(x.exact),
        "where": {k: number(v) for k, v in x.where.items()},
        "label": labels[x.structure],
        "structure": _structure_dict(structures[x.structure], players),
        "equilibria": [equilibrium_dict(spec, eq) for eq in x.equilibria],
    } for x in result.isolated]
    grid_map: list[list[int | None]] = []
    if len(result.axes) == 2:
        regime_of = _regime_of_points(result)
        width = result.axes[1].size
        grid_map = [regime_of[i:i + width] for i in range(0, len(regime_of), width)]
    return {
        "schema": schema("sweep"),
        "game": game_header(spec),
        "dimensions": len(result.axes),
        "swept": swept,
        "fixed": fixed,
        "method": result.method,
        "pure_only": bool(result.pure_only),
        "analysis": result.analysis,
        "exact_points": bool(result.exact_points),
        "bisection_tolerance": number(BISECT_TOL),
        "points_listed": bool(include_points),
        "points": list(sweep_point_dicts(result)) if include_points else [],
        "regimes": regimes,
        "thresholds": thresholds,
        "isolated": isolated,
        "map": grid_map,
        "warnings": [{"code": code, "message": message} for code, message in result.warnings],
    }
