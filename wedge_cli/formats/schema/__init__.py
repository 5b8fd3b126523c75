"""The JSON Schema of wedge payoff files (``payoffs.schema.json``, draft 2020-12).

How to wire it into an editor: docs/format.md ("Editor support").

Editors with TOML schema support (taplo, Even Better TOML) use it to validate
and complete payoff files; ``wedge schema`` prints it. The loader
(:mod:`wedge_cli.formats.toml_read`) stays the truth: every file it accepts validates, and
the schema rejects the structural mistakes it can see (unknown keys, wrong
types, missing keys, wrong lengths and nesting). What needs the whole file
(names used in profiles, complete payoffs, expression grammar) is left to
``wedge check``. ``tests/test_payoff_schema.py`` keeps the two in step.

The schema uses only keywords that mean the same in draft 7, which is what
taplo's validator falls back to: ``if``/``then`` rather than
``dependentSchemas``, and no keywords beside a ``$ref``.
"""

from __future__ import annotations

import json
from importlib.resources import files

SCHEMA_FILE = "payoffs.schema.json"

__all__ = ["SCHEMA_FILE", "schema_text", "schema"]


def schema_text() -> str:
    """The schema file's exact text (UTF-8 JSON, ending in a newline)."""
    return files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict:
    """The schema as a dict."""
    return json.loads(schema_text())
