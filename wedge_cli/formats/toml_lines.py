"""Where tables and keys sit in a TOML payoff file's text, for errors that name a line.

tomllib reports no positions for valid TOML, so :class:`TomlLines` scans the text once to
find the line of each table and key, and then the line and column of a number or string
under it. The format: docs/format.md.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_NUMBER = re.compile(r"(?<![\w.\"'])[-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9_]+)?(?![\w.])")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")


def _unquote(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


class TomlLines:
    """Where tables and keys sit in a TOML text (1-based lines)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables: dict[tuple, int] = {}
        self.keys: dict[tuple, int] = {}
        counts: dict[tuple, int] = {}
        current: tuple = ()
        in_multiline = False
        for number, line in enumerate(self.lines, start=1):
            if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
                in_multiline = not in_multiline
                if not in_multiline:
                    continue
            if in_multiline:
                continue
            header = _HEADER.match(line)
            if header:
                path = tuple(_unquote(part) for part in header.group(2).split("."))
                if header.group(1) == "[[":
                    index = counts.get(path, 0)
                    counts[path] = index + 1
                    current = (*path, index)
                else:
                    current = path
                self.tables[current] = number
                continue
            key = _KEY.match(line)
            if key:
                self.keys[(*current, _unquote(key.group(1)))] = number

    def of(self, *path) -> int | None:
        """Line of key or table ``path``; falls back to the nearest enclosing one."""
        path = tuple(path)
        while path:
            if path in self.keys:
                return self.keys[path]
            if path in self.tables:
                return self.tables[path]
            path = path[:-1]
        return None

    def find_number(self, value: int | float, start: int | None) -> tuple[int | None, int | None]:
        """Line and column of the first TOML number equal to ``value`` at or after line ``start``."""
        if start is None:
            return None, None
        for number in range(start, min(len(self.lines), start + 1000) + 1):
            for token in _TOML_NUMBER.finditer(self.lines[number - 1]):
                text = token.group().replace("_", "")
                try:
                    same = (float(text) if isinstance(value, float) else int(text)) == value
                except ValueError:
                    continue
                if same:
                    return number, token.start() + 1
        return start, None

    def find_string(self, text: str, start: int | None) -> tuple[int | None, int | None]:
        """Line and column of the quoted string ``text`` at or after line ``start``."""
        if start is None:
            return None, None
        for quoted in (f'"{text}"', f"'{text}'"):
            for number in range(start, len(self.lines) + 1):
                col = self.lines[number - 1].find(quoted)
                if col >= 0:
                    return number, col + 2
        return start, None
