"""The views of ``wedge explain`` (docs/cli.md): the explanation's sections as wrapped
paragraphs under bold headings, or as Markdown.

Takes the ``wedge.explain/1`` dict of :mod:`wedge_cli.report.explain` (docs/json.md); the
words are written by :mod:`wedge_cli.text.explain`.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text


def explain_view(report: dict) -> RenderableType:
    """The explanation as wrapped paragraphs under bold headings."""
    parts: list[RenderableType] = [Text(report["title"], style="bold underline"), Text("")]
    for section in report["sections"]:
        parts.append(Text(section["title"], style="bold"))
        for paragraph in section["paragraphs"]:
            parts.append(Text(paragraph))
            parts.append(Text(""))
    return Group(*parts[:-1])


def explain_markdown(report: dict) -> str:
    """The explanation as Markdown: a title, a heading per section, one paragraph per item."""
    out = [f"# {report['title']}", ""]
    for section in report["sections"]:
        out += [f"## {section['title']}", ""]
        for paragraph in section["paragraphs"]:
            out += [paragraph, ""]
    return "\n".join(out).rstrip("\n") + "\n"
