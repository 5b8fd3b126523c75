"""``wedge.solve/1``: the equilibria of one game and what the analysis summary says about them (docs/json.md).

The summary (dominance, 2x2 type, security levels, selection properties) comes from
:func:`wedge_cli.analysis.summary.analyse`; this module only writes it down.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from wedge_cli.analysis.summary import Summary
from wedge_cli.report.common import equilibrium_dict, game_header, json_number, parameters_used, schema

if TYPE_CHECKING:
    from wedge_cli.model import GameSpec


def _exact(x, exact: bool) -> str | None:
    return str(Fraction(x)) if exact else None


def domination_dict(game, d, exact: bool) -> dict:
    names = game.players[d.player].strategies
    return {
        "player": game.players[d.player].name,
        "strategy": names[d.strategy],
        "by": {names[s]: json_number(w) for s, w in d.by},
        "by_exact": {names[s]: str(Fraction(w)) for s, w in d.by} if exact else None,
        "pure": d.pure,
        "round": d.round,
        "margin": json_number(d.margin),
        "exact_margin": _exact(d.margin, exact),
    }


def dominance_dict(game, analysis) -> dict:
    """``dominance`` of ``wedge.solve/1``."""
    exact = game.exact is not None
    return {
        "eliminated": [domination_dict(game, d, exact) for d in analysis.eliminated],
        "weakly_dominated": [domination_dict(game, d, exact) for d in analysis.weakly_dominated],
        "surviving": {p.name: [p.strategies[s] for s in analysis.surviving[i]] for i, p in enumerate(game.players)},
        "exact": bool(analysis.exact),
    }


def classification_dict(game, c) -> dict | None:
    """``classification`` of ``wedge.solve/1``: null unless the game is 2x2."""
    if c is None:
        return None
    patterns = c.patterns
    return {
        "family": c.family,
        "name": c.name,
        "ordinal": [[list(cell) for cell in row] for row in c.ordinal],
        "strict": bool(c.strict),
        "patterns": {p.name: patterns[i] for i, p in enumerate(game.players)},
        "candidates": list(c.candidates),
        "types": [{"family": t.family, "name": t.name,
                   "patterns": {game.players[0].name: t.row_pattern, game.players[1].name: t.column_pattern}}
                  for t in c.types],
    }


def security_dict(game, levels) -> dict:
    """``security`` of ``wedge.solve/1``: each player's maxmin value and a strategy guaranteeing it."""
    exact = game.exact is not None
    out = {}
    for s in levels:
        p = game.players[s.player]
        out[p.name] = {
            "value": json_number(s.value),
            "exact": None if s.exact is None else str(s.exact),
            "strategy": {p.strategies[i]: json_number(w) for i, w in s.strategy},
            "exact_strategy": {p.strategies[i]: str(Fraction(w)) for i, w in s.strategy} if exact else None,
        }
    return out


def properties_dict(game, props) -> dict:
    """The per-equilibrium keys added to ``wedge.solve/1``."""
    return {
        "pareto_efficient": {"among_outcomes": bool(props.pareto_efficient),
                             "among_equilibria": bool(props.pareto_among_equilibria)},
        "payoff_dominant": bool(props.payoff_dominant),
        "risk_dominant": props.risk_dominant,
        "welfare": {
            "total": json_number(props.welfare),
            "exact_total": None if props.exact_welfare is None else str(props.exact_welfare),
            "gain_over_security": {p.name: json_number(g) for p, g in zip(game.players, props.gain_over_security)},
            "at_least_security": {p.name: bool(ok) for p, ok in zip(game.players, props.at_least_security)},
        },
    }


def solve_report(spec: GameSpec, values: Mapping[str, float], solution, summary: Summary) -> dict:
    """``wedge.solve/1``: all equilibria of one game, with dominance, 2x2 type and selection properties.

    ``summary`` is :func:`wedge_cli.analysis.summary.analyse` of ``solution``."""
    game = solution.game
    per_equilibrium = [properties_dict(game, p) for p in summary.properties]
    return {
        "schema": schema("solve"),
        "game": game_header(spec),
        "parameters": parameters_used(spec, values),
        "method": solution.method,
        "complete": bool(solution.complete),
        "pure_only": bool(solution.pure_only),
        "degenerate": bool(solution.degenerate),
        "tolerance": json_number(solution.tol),
        "equilibria": [equilibrium_dict(game, eq) | more for eq, more in zip(solution.equilibria, per_equilibrium)],
        "components": [list(c) for c in solution.components],
        "warnings": [{"code": w.code, "message": w.message} for w in solution.warnings],
        "dominance": dominance_dict(game, summary.dominance),
        "classification": classification_dict(game, summary.classification),
        "security": security_dict(game, summary.security),
    }
