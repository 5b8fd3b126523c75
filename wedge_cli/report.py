"""Results as plain dicts: the JSON contract of every command.

Each top-level object carries ``"schema": "wedge.<command>/<version>"``. Later
versions only add keys; they never rename or remove one. Every key is always
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

    from .model import Game, GameSpec

SCHEMA_VERSION = 1


def schema(command: str) -> str:
    return f"wedge.{command}/{SCHEMA_VERSION}"


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
        "pure": bool(eq.pure),
        "strict": bool(eq.strict),
        "regret": number(eq.regret),
    }


def solve_report(spec: GameSpec, values: Mapping[str, float], solution) -> dict:
    """``wedge.solve/1``: all equilibria of one game."""
    game = solution.game
    return {
        "schema": schema("solve"),
        "game": game_header(spec),
        "parameters": parameters_used(spec, values),
        "method": solution.method,
        "complete": bool(solution.complete),
        "pure_only": bool(solution.pure_only),
        "degenerate": bool(solution.degenerate),
        "tolerance": number(solution.tol),
        "equilibria": [equilibrium_dict(game, eq) for eq in solution.equilibria],
        "components": [list(c) for c in solution.components],
        "warnings": [{"code": w.code, "message": w.message} for w in solution.warnings],
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


def show_report(spec: GameSpec, values: Mapping[str, float], game: Game, dominated, tol: float) -> dict:
    """``wedge.show/1``: the payoff table with best replies and dominated strategies marked."""
    import numpy as np

    marks = best_responses(game, tol)
    cells = []
    for index in np.ndindex(*game.shape):
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
        "dominated": [{"player": game.players[p].name, "strategy": game.players[p].strategies[s],
                       "by": game.players[p].strategies[b], "round": r} for p, s, b, r in dominated],
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
    """``wedge.list/1``: the bundled scenarios (summaries from :mod:`wedge_cli.catalog`)."""
    keys = ("name", "title", "players", "shape", "parameters")
    return {"schema": schema("list"), "scenarios": [{k: s[k] for k in keys} for s in summaries]}


def export_report(fmt: str, text: str, spec: GameSpec) -> dict:
    """``wedge.export/1``: the written file as a string."""
    return {"schema": schema("export"), "format": fmt, "game": game_header(spec), "text": text}


def support_dict(players, support) -> dict[str, list[str]]:
    return {p.name: [p.strategies[j] for j in support[i]] for i, p in enumerate(players)}


def robust_report(result) -> dict:
    """``wedge.robust/1``: outcome shares under parameter uncertainty (see docs/robust.md)."""
    spec = result.spec
    players = spec.players

    def outcome(support) -> dict:
        pure = all(len(s) == 1 for s in support)
        return {
            "profile": {p.name: p.strategies[support[i][0]] for i, p in enumerate(players)} if pure else None,
            "support": support_dict(players, support),
        }

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
        "warnings": [],
    }
