"""Plain dicts for the analysis results: dominance, 2x2 type, security, selection, bargaining.

Used by :func:`wedge_cli.report.results.solve_report` (new keys of ``wedge.solve/1``),
``wedge show`` and the ``wedge.bargain/1`` and ``wedge.explain/1`` documents.
Same rules as :mod:`wedge_cli.report.results`: every key always present, finite
numbers, exact values as fraction strings next to their floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from wedge_cli.report.results import game_header, number, parameters_used, schema


def _num(x) -> float:
    return number(float(x))


def _exact(x, exact: bool) -> str | None:
    return str(Fraction(x)) if exact else None


def mix_text(game, player: int, by: Sequence[tuple[int, object]], exact: bool) -> str:
    """A mixed strategy for people: ``"Hedge"`` or ``"Hedge 1/2, StayWithChina 1/2"``."""
    names = game.players[player].strategies
    if len(by) == 1:
        return names[by[0][0]]
    return ", ".join(f"{names[s]} {Fraction(w) if exact else _short(w)}" for s, w in by)


def _short(x) -> str:
    return f"{float(x):.4g}"


def domination_dict(game, d, exact: bool) -> dict:
    names = game.players[d.player].strategies
    return {
        "player": game.players[d.player].name,
        "strategy": names[d.strategy],
        "by": {names[s]: _num(w) for s, w in d.by},
        "by_exact": {names[s]: str(Fraction(w)) for s, w in d.by} if exact else None,
        "pure": d.pure,
        "round": d.round,
        "margin": _num(d.margin),
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
            "value": _num(s.value),
            "exact": None if s.exact is None else str(s.exact),
            "strategy": {p.strategies[i]: _num(w) for i, w in s.strategy},
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
            "total": _num(props.welfare),
            "exact_total": None if props.exact_welfare is None else str(props.exact_welfare),
            "gain_over_security": {p.name: _num(g) for p, g in zip(game.players, props.gain_over_security)},
            "at_least_security": {p.name: bool(ok) for p, ok in zip(game.players, props.at_least_security)},
        },
    }


def solve_extras(solution, budget=None) -> tuple[dict, list[dict]]:
    """New top-level keys and per-equilibrium keys of ``wedge.solve/1`` for a solution.

    ``budget``: a :class:`wedge_cli.budget.Budget` for the dominance analysis and the
    security levels (None: none)."""
    from wedge_cli.analysis.classify import classify
    from wedge_cli.analysis.properties import equilibrium_properties, security_levels
    from wedge_cli.solve.dominance import dominance_analysis

    game = solution.game
    analysis = dominance_analysis(game, solution.tol, budget=budget)
    levels = security_levels(game, budget)
    props = equilibrium_properties(solution, levels)
    top = {
        "dominance": dominance_dict(game, analysis),
        "classification": classification_dict(game, classify(game)),
        "security": security_dict(game, levels),
    }
    return top, [properties_dict(game, p) for p in props]


# ------------------------------------------------------------------ bargaining


def _point_dict(game, point, d, exact: bool) -> dict:
    players = game.players
    return {
        "payoffs": {p.name: _num(v) for p, v in zip(players, point.payoffs)},
        "exact": {p.name: str(v) for p, v in zip(players, point.payoffs)} if exact else None,
        "gains": {p.name: _num(v - dv) for p, v, dv in zip(players, point.payoffs, d)},
        "mix": [{"profile": [players[i].strategies[s] for i, s in enumerate(profile)],
                 "weight": _num(w), "exact_weight": str(w) if exact else None} for profile, w in point.mix],
    }


def _corner(game, profile, payoffs, exact: bool) -> dict:
    players = game.players
    return {"profile": [players[i].strategies[s] for i, s in enumerate(profile)],
            "payoffs": {p.name: _num(v) for p, v in zip(players, payoffs)},
            "exact": {p.name: str(v) for p, v in zip(players, payoffs)} if exact else None}


def bargain_report(spec, values: Mapping[str, float], game, result, source: str) -> dict:
    """``wedge.bargain/1``: feasible set, disagreement point and the three bargaining solutions."""
    exact = result.exact
    d = result.disagreement
    players = game.players
    nash = _point_dict(game, result.nash, d, exact)
    nash["nash_product"] = _num(result.nash_product)
    nash["exact_nash_product"] = str(result.nash_product) if exact else None
    egalitarian = _point_dict(game, result.egalitarian, d, exact)
    egalitarian["equal_gains"] = bool(result.equal_gains)
    return {
        "schema": schema("bargain"),
        "game": game_header(spec),
        "parameters": parameters_used(spec, values),
        "disagreement": {
            "source": source,
            "payoffs": {p.name: _num(v) for p, v in zip(players, d)},
            "exact": {p.name: str(v) for p, v in zip(players, d)} if exact else None,
        },
        "feasible": {
            "vertices": [_corner(game, prof, v, exact) for prof, v in result.vertices],
            "pareto_frontier": [_corner(game, prof, v, exact) for prof, v in result.frontier],
        },
        "ideal": {"payoffs": {p.name: _num(v) for p, v in zip(players, result.ideal)},
                  "exact": {p.name: str(v) for p, v in zip(players, result.ideal)} if exact else None},
        "nash": nash,
        "kalai_smorodinsky": _point_dict(game, result.kalai_smorodinsky, d, exact),
        "egalitarian": egalitarian,
    }


# ------------------------------------------------------------------ explain


def explain_report(spec, values: Mapping[str, float], explanation) -> dict:
    """``wedge.explain/1``: the plain-language account, section by section."""
    return {
        "schema": schema("explain"),
        "game": game_header(spec),
        "parameters": parameters_used(spec, values),
        "title": explanation.title,
        "sections": [{"id": s.id, "title": s.title, "paragraphs": list(s.paragraphs)}
                     for s in explanation.sections],
    }
