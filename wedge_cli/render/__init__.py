"""Report dicts made readable: rich tables, Markdown, CSV and plots.

``tables`` (the terminal and Markdown views of each command), ``analyses``
(the views of ``bargain`` and ``explain``), ``plot`` (sweep plots with
matplotlib, an optional extra). Only this layer and the command layer import
rich.
"""
