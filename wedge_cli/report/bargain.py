"""``wedge.bargain/1``: feasible set, disagreement point and the bargaining solutions (docs/concepts.md, Bargaining)."""

from __future__ import annotations

from collections.abc import Mapping

from wedge_cli.report.common import game_header, json_number, parameters_used, schema


def _point_dict(game, point, d, exact: bool) -> dict:
    players = game.players
    return {
        "payoffs": {p.name: json_number(v) for p, v in zip(players, point.payoffs)},
        "exact": {p.name: str(v) for p, v in zip(players, point.payoffs)} if exact else None,
        "gains": {p.name: json_number(v - dv) for p, v, dv in zip(players, point.payoffs, d)},
        "mix": [{"profile": [players[i].strategies[s] for i, s in enumerate(profile)],
                 "weight": json_number(w), "exact_weight": str(w) if exact else None} for profile, w in point.mix],
    }


def _corner(game, profile, payoffs, exact: bool) -> dict:
    players = game.players
    return {"profile": [players[i].strategies[s] for i, s in enumerate(profile)],
            "payoffs": {p.name: json_number(v) for p, v in zip(players, payoffs)},
            "exact": {p.name: str(v) for p, v in zip(players, payoffs)} if exact else None}


def bargain_report(spec, values: Mapping[str, float], game, result, source: str) -> dict:
    """``wedge.bargain/1``: feasible set, disagreement point and the three bargaining solutions."""
    exact = result.exact
    d = result.disagreement
    players = game.players
    nash = _point_dict(game, result.nash, d, exact)
    nash["nash_product"] = json_number(result.nash_product)
    nash["exact_nash_product"] = str(result.nash_product) if exact else None
    egalitarian = _point_dict(game, result.egalitarian, d, exact)
    egalitarian["equal_gains"] = bool(result.equal_gains)
    return {
        "schema": schema("bargain"),
        "game": game_header(spec),
        "parameters": parameters_used(spec, values),
        "disagreement": {
            "source": source,
            "payoffs": {p.name: json_number(v) for p, v in zip(players, d)},
            "exact": {p.name: str(v) for p, v in zip(players, d)} if exact else None,
        },
        "feasible": {
            "vertices": [_corner(game, prof, v, exact) for prof, v in result.vertices],
            "pareto_frontier": [_corner(game, prof, v, exact) for prof, v in result.frontier],
        },
        "ideal": {"payoffs": {p.name: json_number(v) for p, v in zip(players, result.ideal)},
                  "exact": {p.name: str(v) for p, v in zip(players, result.ideal)} if exact else None},
        "nash": nash,
        "kalai_smorodinsky": _point_dict(game, result.kalai_smorodinsky, d, exact),
        "egalitarian": egalitarian,
    }
