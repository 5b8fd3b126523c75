"""The face of the render layer for ``wedge bargain`` and ``wedge explain``: their views by name.

``wedge_cli.cli.analyses`` looks views up here by name; they live in
:mod:`~wedge_cli.render.bargain` and :mod:`~wedge_cli.render.explain` (docs/cli.md).
Re-exports only.
"""

from __future__ import annotations

from wedge_cli.render.bargain import bargain_markdown, bargain_view
from wedge_cli.render.explain import explain_markdown, explain_view

__all__ = ["bargain_markdown", "bargain_view", "explain_markdown", "explain_view"]
