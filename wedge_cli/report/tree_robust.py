"""``wedge.tree_robust/1`` and its samples: how often each path of play is the subgame-perfect one
when parameters are uncertain (docs/robust.md, docs/json.md)."""

from __future__ import annotations

from collections.abc import Mapping

from wedge_cli.report.common import json_number, schema
from wedge_cli.report.robust import uncertain_dicts
from wedge_cli.robust.tree import TreeRobustResult
from wedge_cli.text.trees import path_text

__all__ = ["path_label", "tree_robust_report", "tree_sample_dict"]


def path_label(path) -> str:
    """``Sign → Deliver → Acquiesce``; with chance, the branches joined by `` or ``."""
    return " or ".join(path_text(p) for p in path)


def tree_sample_dict(spec, sample: int, values: Mapping[str, float], path) -> dict:
    """One draw (a line of ``--format jsonl`` and of ``--samples-out FILE.jsonl``): its values and its path."""
    return {
        "sample": sample,
        "values": {name: json_number(values[name]) for name in spec.parameters},
        "path": [list(p) for p in path],
        "label": path_label(path),
    }


def tree_robust_report(result: TreeRobustResult) -> dict:
    """``wedge.tree_robust/1``: the share of draws in which each path is the subgame-perfect path."""
    spec = result.spec
    return {
        "schema": schema("tree_robust"),
        "game": {"title": spec.title, "form": "tree", "players": list(spec.players),
                 "nodes": len(spec.skeleton.nodes)},
        "samples": result.samples,
        "seed": result.seed,
        "payoff_noise": json_number(result.payoff_noise),
        "fixed": {k: json_number(v) for k, v in result.fixed.items()},
        "uncertain": uncertain_dicts(spec, result.uncertain),
        "paths": [{"path": [list(p) for p in d["path"]], "label": path_label(d["path"]), "count": d["count"],
                   "share": json_number(d["share"]), "ci": [json_number(x) for x in d["ci"]]}
                  for d in result.paths],
        "tie_share": json_number(result.tie_share),
        "sensitivity": [{"parameter": d["parameter"], "index": json_number(d["index"])} for d in result.sensitivity],
        "warnings": [] if result.tie_share == 0 else [{
            "code": "ties",
            "message": f"in {result.tie_share:.1%} of the draws some mover is indifferent between actions, so "
                       "several plans are subgame perfect; those draws count for the first action in the file"}],
    }
