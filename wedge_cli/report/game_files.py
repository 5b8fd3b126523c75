"""``wedge.check/1``, ``wedge.list/1`` and ``wedge.export/1``: reports about payoff files, no solving (docs/json.md).

Loads no numpy: ``wedge list`` must answer at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from wedge_cli.report.common import game_header, schema

if TYPE_CHECKING:  # numpy stays unimported for 'wedge list'
    from wedge_cli.model import GameSpec


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
    """``wedge.list/1``: the bundled scenarios (summaries from :mod:`wedge_cli.formats.catalog`)."""
    keys = ("name", "title", "form", "players", "shape", "nodes", "parameters")
    return {"schema": schema("list"), "scenarios": [{k: s[k] for k in keys} for s in summaries]}


def export_report(fmt: str, text: str, spec: GameSpec) -> dict:
    """``wedge.export/1``: the written file as a string."""
    return {"schema": schema("export"), "format": fmt, "game": game_header(spec), "text": text}
