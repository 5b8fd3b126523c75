"""Results as plain dicts: the JSON contract of every command (docs/json.md).

Each ``*_report`` function turns a result into one JSON-ready dict with its
schema version (``results.SCHEMA_VERSIONS``); the render layer and ``--json``
both start from it, so what people read and what programs parse never differ.
"""
