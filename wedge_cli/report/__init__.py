"""Results as plain dicts: the JSON contract of every command (docs/json.md).

One module per document (``solve``, ``show``, ``sweep``, ``robust``, ``bargain``,
``explain``; ``game_files`` for check, list and export), and ``common`` for what they
share (schema versions, finite numbers, headers, equilibria). Each ``*_report``
function turns results that were computed elsewhere into one JSON-ready dict; the
render layer and ``--json`` both start from it, so what people read and what
programs parse never differ. This file imports nothing, so ``wedge list`` loads no numpy.
"""
