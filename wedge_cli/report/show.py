"""``wedge.show/1``: the payoff table with best replies and dominated strategies marked (docs/json.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.budget import COSTS, Budget
from wedge_cli.model import Game, GameSpec
from wedge_cli.report.common import game_header, json_number, schema


def mix_text(game, player: int, by: Sequence[tuple[int, object]], exact: bool) -> str:
    """A mixed strategy for people: ``"Hedge"`` or ``"Hedge 1/2, StayWithChina 1/2"``."""
    names = game.players[player].strategies
    if len(by) == 1:
        return names[by[0][0]]
    return ", ".join(f"{names[s]} {Fraction(w) if exact else _short(w)}" for s, w in by)


def _short(x) -> str:
    return f"{float(x):.4g}"


def show_dominated(game, analysis) -> tuple[list[dict], list[dict]]:
    """``dominated`` and ``weakly_dominated`` of ``wedge.show/1`` (``by`` as text)."""
    exact = game.exact is not None

    def entry(d):
        out = {"player": game.players[d.player].name, "strategy": game.players[d.player].strategies[d.strategy],
               "by": mix_text(game, d.player, d.by, exact)}
        if d.round is not None:
            out["round"] = d.round
        return out

    return [entry(d) for d in analysis.eliminated], [entry(d) for d in analysis.weakly_dominated]


def best_responses(game: Game, tol: float) -> np.ndarray:
    """Boolean array shaped like ``game.payoffs``: True where player p's strategy is a best reply."""
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
            "payoffs": {p.name: json_number(game.payoffs[(i, *index)]) for i, p in enumerate(game.players)},
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
        "value": json_number(value),
        "default": json_number(p.value),
        "min": None if p.min is None else json_number(p.min),
        "max": None if p.max is None else json_number(p.max),
        "description": p.description,
        "basis": p.scale,
    }
