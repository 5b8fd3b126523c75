"""``wedge.sweep/2``: equilibria over a 1-D or 2-D grid, regimes and thresholds (docs/sweep.md, docs/json.md)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from wedge_cli.report.common import equilibrium_dict, fraction, game_header, json_number, schema
from wedge_cli.sweep.bisection import BISECT_TOL
from wedge_cli.text.structures import describe_change, describe_structure


def _maybe_fraction(q) -> str | None:
    """Exact text of a Fraction value, None for a float (numeric) one."""
    return str(q) if isinstance(q, Fraction) else None


def _structure_dict(structure, players) -> list[dict]:
    return [{p.name: [p.strategies[i] for i in s] for p, s in zip(players, support)}
            for support in structure.supports]


def _regime_of_points(result) -> list[int | None]:
    """Index of the regime each grid point belongs to (None at a threshold or isolated value)."""
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
    labels = [describe_structure(s, spec.players) for s in result.structures]
    for i in range(table.n_points):
        values = result.point_values(i)
        yield {
            "values": {name: json_number(v) for name, v in values.items()},
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
            "start": json_number(axis.start),
            "stop": json_number(axis.stop),
            "steps": axis.steps,
            "exact": {"start": str(axis.start), "stop": str(axis.stop)},
            # the grid itself: listed for the 2-D map's indices and with the points (a
            # million-point 1-D sweep's grid is megabytes that start, stop and steps describe)
            "values": [json_number(v) for v in axis.values()] if include_points or len(result.axes) == 2 else [],
        })
    fixed_names = [n for n in spec.parameters if all(a.name != n for a in result.axes)]
    fixed = {}
    for name in fixed_names:
        fixed[name] = json_number(result.fixed[name]) if name in result.fixed else json_number(spec.parameters[name].value)
    regimes = []
    for r in result.regimes:
        entry = {
            "from": None if r.start is None else json_number(r.start),
            "to": None if r.stop is None else json_number(r.stop),
            "from_exact": _maybe_fraction(r.start),
            "to_exact": _maybe_fraction(r.stop),
            "closed": list(r.closed),
            "label": labels[r.structure],
            "structure": _structure_dict(structures[r.structure], players),
            "points": r.points,
            "bounds": {k: [json_number(lo), json_number(hi)] for k, (lo, hi) in r.bounds.items()},
            "sample": {k: json_number(v) for k, v in r.sample.items()},
            "equilibria": [equilibrium_dict(spec, eq) for eq in r.equilibria],
            "ends": [] if r.ends is None else [
                {"value": json_number(e.value), "exact": _maybe_fraction(e.value), "limit": bool(e.limit),
                 "equilibria": [equilibrium_dict(spec, eq) for eq in e.equilibria]}
                for e in r.ends],
        }
        if len(result.axes) == 1 and r.start is not None:
            entry["bounds"] = {result.axes[0].name: [json_number(r.start), json_number(r.stop)]}
        regimes.append(entry)
    thresholds = []
    for t in result.thresholds:
        before, after = structures[t.before], structures[t.after]
        at = None if t.at is None else structures[t.at]
        thresholds.append({
            "parameter": t.parameter,
            "value": json_number(t.value),
            "exact": fraction(t.exact),
            "algebraic": t.algebraic,
            "method": t.method,
            "bracket": [json_number(t.bracket[0]), json_number(t.bracket[1])],
            "where": {k: json_number(v) for k, v in t.where.items()},
            "before": labels[t.before],
            "after": labels[t.after],
            "at": None if at is None or t.at in (t.before, t.after) else labels[t.at],
            "change": describe_change(before, after, players),
        })
    isolated = [{
        "parameter": x.parameter,
        "value": json_number(x.value),
        "exact": fraction(x.exact),
        "where": {k: json_number(v) for k, v in x.where.items()},
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
        "bisection_tolerance": json_number(BISECT_TOL),
        "points_listed": bool(include_points),
        "points": list(sweep_point_dicts(result)) if include_points else [],
        "regimes": regimes,
        "thresholds": thresholds,
        "isolated": isolated,
        "map": grid_map,
        "warnings": [{"code": code, "message": message} for code, message in result.warnings],
    }
