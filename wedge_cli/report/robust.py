"""``wedge.robust/1`` and its samples: outcome shares under parameter uncertainty (docs/robust.md, docs/json.md)."""

from __future__ import annotations

from collections.abc import Mapping

from wedge_cli.report.common import game_header, json_number, schema


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
        "values": {name: json_number(values[name]) for name in spec.parameters},
        "outcomes": [_outcome_dict(spec.players, support) for support in sorted(structure)],
    }


def uncertain_dicts(spec, names) -> list[dict]:
    """The ``uncertain`` list of a robustness report: each drawn parameter's distribution and range."""
    return [{"name": n, "distribution": spec.parameters[n].distribution,
             "value": json_number(spec.parameters[n].value), "min": json_number(spec.parameters[n].min),
             "max": json_number(spec.parameters[n].max),
             "sd": None if spec.parameters[n].sd is None else json_number(spec.parameters[n].sd)}
            for n in names]


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
        "payoff_noise": json_number(result.payoff_noise),
        "fixed": {k: json_number(v) for k, v in result.fixed.items()},
        "uncertain": uncertain_dicts(spec, result.uncertain),
        "complete": bool(result.complete),
        "pure_only": bool(result.pure_only),
        "unique_share": json_number(result.unique_share),
        "unique_ci": [json_number(x) for x in result.unique_ci],
        "no_equilibrium_share": json_number(result.no_equilibrium_share),
        "outcomes": [
            {**outcome(o["support"]), "count": o["count"], "share": json_number(o["share"]),
             "ci": [json_number(x) for x in o["ci"]]}
            for o in result.outcomes
        ],
        "structures": [
            {"outcomes": [outcome(s) for s in d["supports"]], "count": d["count"], "share": json_number(d["share"])}
            for d in result.structures
        ],
        "sensitivity": [{"parameter": d["parameter"], "index": json_number(d["index"])} for d in result.sensitivity],
        "classification": [
            {"family": t["family"], "count": t["count"], "share": json_number(t["share"]),
             "ci": [json_number(x) for x in t["ci"]]}
            for t in result.types
        ],
        "warnings": [],
    }
