"""The face of the render layer for the command layer: every table, Markdown and CSV view by name.

``wedge_cli.cli`` looks views up here by name (``getattr(tables, "solve_view")``, see
``cli.common.emit``); each lives in the module of its command: :mod:`~wedge_cli.render.solve`,
:mod:`~wedge_cli.render.show`, :mod:`~wedge_cli.render.lists` (check, list),
:mod:`~wedge_cli.render.robust`, :mod:`~wedge_cli.render.sweep`. Re-exports only. The views
are described in docs/cli.md.
"""

from __future__ import annotations

from wedge_cli.render.lists import check_view, list_view
from wedge_cli.render.robust import robust_markdown, robust_view, tree_robust_markdown, tree_robust_view
from wedge_cli.render.show import show_markdown, show_view
from wedge_cli.render.solve import solve_markdown, solve_view
from wedge_cli.render.sweep import (
    regime_letter,
    sweep_csv_header,
    sweep_csv_rows,
    sweep_map_view,
    sweep_markdown,
    sweep_points_view,
    sweep_view,
)

__all__ = ["check_view", "list_view", "regime_letter", "robust_markdown", "robust_view", "show_markdown",
           "show_view", "solve_markdown", "solve_view", "sweep_csv_header", "sweep_csv_rows", "sweep_map_view",
           "sweep_markdown", "sweep_points_view", "sweep_view", "tree_robust_markdown", "tree_robust_view"]
