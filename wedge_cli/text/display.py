"""User text made safe to show: control characters made visible, Markdown syntax escaped.

Names, titles, notes and descriptions come from a user's file or command line and must
reach the terminal verbatim. The consoles print with markup off (see ``cli``), so
``[bold]`` stays text; this module handles what markup-off does not: escape sequences
(``\\x1b[2J`` would clear the screen) and, in Markdown output, table syntax (``|``).
JSON output never passes through here: it keeps the exact strings.
"""

from __future__ import annotations

import re
from typing import Any

#: C0 controls except newline and tab, DEL, and the C1 controls (``\x9b`` is a CSI on
#: some terminals).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Characters that would change a Markdown page's structure: a table cell's end, an
#: escape, an HTML tag. Emphasis and brackets are left alone: wedge's own prose uses
#: intervals like [0, 4] and they render as written.
_MARKDOWN = re.compile(r"([\\|<])")


def visible(text: str) -> str:
    r"""``text`` with every control character written out as ``\xNN`` (newline and tab kept)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def markdown_text(text: str) -> str:
    """``visible(text)`` with Markdown syntax backslash-escaped, so it shows as written."""
    return _MARKDOWN.sub(r"\\\1", visible(text)).replace("\n", " ")


def for_terminal(report: Any) -> Any:
    """A copy of a report dict with every string, keys included, passed through :func:`visible`."""
    return _walk(report, visible)


def for_markdown(report: Any) -> Any:
    """A copy of a report dict with every string, keys included, passed through :func:`markdown_text`."""
    return _walk(report, markdown_text)


def _walk(value: Any, fix) -> Any:
    if isinstance(value, str):
        return fix(value)
    if isinstance(value, dict):
        return {fix(k) if isinstance(k, str) else k: _walk(v, fix) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_walk(v, fix) for v in value)
    return value
