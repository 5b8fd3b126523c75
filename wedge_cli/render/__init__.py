"""Report dicts made readable: rich tables, Markdown, CSV and plots.

One module per command's views: ``solve``, ``show``, ``lists`` (check, list), ``robust``,
``sweep``, ``bargain``, ``explain``; ``plot`` (sweep plots with matplotlib, an optional
extra). The command layer looks views up by name in the faces ``tables`` and ``analyses``
(re-exports only), so this __init__ imports nothing: ``render.plot`` stays free of rich.
Only this layer and the command layer import rich. The views are those of docs/cli.md.
"""
