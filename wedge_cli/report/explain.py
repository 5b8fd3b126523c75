"""``wedge.explain/1``: the plain-language account, section by section (docs/concepts.md, Plain-language accounts)."""

from __future__ import annotations

from collections.abc import Mapping

from wedge_cli.report.common import game_header, parameters_used, schema


def explain_report(spec, values: Mapping[str, float], explanation) -> dict:
    """``wedge.explain/1``: the plain-language account, section by section."""
    return {
        "schema": schema("explain"),
        "game": game_header(spec) if not hasattr(spec, "skeleton") else {
            "title": spec.title, "form": "tree", "players": list(spec.players), "nodes": len(spec.skeleton.nodes)},
        "parameters": parameters_used(spec, values),
        "title": explanation.title,
        "sections": [{"id": s.id, "title": s.title, "paragraphs": list(s.paragraphs)}
                     for s in explanation.sections],
    }
