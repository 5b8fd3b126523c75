"""``wedge.tree_robust/1`` and its samples: how often each path of play is the subgame-perfect one
when parameters are uncertain (docs/robust.md, docs/json.md)."""

from __future__ import annotations

from collections.abc import Mapping

from wedge_cli.report.common import json_number, schema
from wedge_cli.report.robust import uncertain_dicts
from wedge_cli.report.tree_sweep import equilibrium_label
from wedge_cli.robust.tree import EquilibriumSet, TreeRobustResult
from wedge_cli.text.trees import path_text

__all__ = ["path_label", "tree_robust_report", "tree_sample_dict"]


def path_label(path) -> str:
    """``Sign → Deliver → Acquiesce``; with chance, the branches joined by `` or ``; a set of perfect
    Bayesian equilibria as each one's label, joined by `` | ``."""
    if isinstance(path, EquilibriumSet):
        if not path:
            return "no pure perfect Bayesian equilibrium"
        return " | ".join(equilibrium_label(paths, kind, verdict) for kind, verdict, paths in path)
    return " or ".join(path_text(p) for p in path)


def _equilibria(path) -> list[dict] | None:
    if not isinstance(path, EquilibriumSet):
        return None
    return [{"kind": kind, "intuitive": verdict, "paths": [list(p) for p in paths]} for kind, verdict, paths in path]


def _paths(path) -> list[list[str]]:
    return [list(p) for p in (path.paths if isinstance(path, EquilibriumSet) else path)]


def tree_sample_dict(spec, sample: int, values: Mapping[str, float], path) -> dict:
    """One draw (a line of ``--format jsonl`` and of ``--samples-out FILE.jsonl``): its values and its path."""
    return {
        "sample": sample,
        "values": {name: json_number(values[name]) for name in spec.parameters},
        "path": _paths(path),
        "equilibria": _equilibria(path),
        "label": path_label(path),
    }


def tree_robust_report(result: TreeRobustResult) -> dict:
    """``wedge.tree_robust/1``: the share of draws in which each path is the subgame-perfect path."""
    spec = result.spec
    return {
        "schema": schema("tree_robust"),
        "game": {"title": spec.title, "form": "tree", "players": list(spec.players),
                 "nodes": len(spec.skeleton.nodes)},
        "concept": result.concept,
        "samples": result.samples,
        "seed": result.seed,
        "payoff_noise": json_number(result.payoff_noise),
        "fixed": {k: json_number(v) for k, v in result.fixed.items()},
        "uncertain": uncertain_dicts(spec, result.uncertain),
        "paths": [{"path": _paths(d["path"]), "equilibria": _equilibria(d["path"]), "label": path_label(d["path"]),
                   "count": d["count"],
                   "share": json_number(d["share"]), "ci": [json_number(x) for x in d["ci"]]}
                  for d in result.paths],
        "tie_share": json_number(result.tie_share),
        "existence": [{"kind": d["equilibrium"][0], "intuitive": d["equilibrium"][1],
                       "paths": [list(p) for p in d["equilibrium"][2]],
                       "label": equilibrium_label(d["equilibrium"][2], d["equilibrium"][0], d["equilibrium"][1]),
                       "count": d["count"], "share": json_number(d["share"]), "ci": [json_number(x) for x in d["ci"]]}
                      for d in result.existence],
        "sensitivity": [{"parameter": d["parameter"], "index": json_number(d["index"])} for d in result.sensitivity],
        "warnings": [] if result.tie_share == 0 else [{
            "code": "ties",
            "message": f"in {result.tie_share:.1%} of the draws some mover is indifferent between actions, so "
                       "several plans are subgame perfect; those draws count for the first action in the file"}
            if result.concept == "spe" else {
            "code": "several_equilibria",
            "message": f"{result.tie_share:.1%} of the draws have several pure perfect Bayesian equilibria; each "
                       "draw is counted by its whole set"}],
    }
