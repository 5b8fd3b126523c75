"""User-facing errors: what happened, where, and how to fix it.

No dependencies beyond the standard library, so the CLI can catch them without
importing numpy. :func:`suggest` is the one did-you-mean hint the messages share.
How they reach the user (message, hint, exit code): docs/cli.md ("Exit codes").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class WedgeError(Exception):
    """A user-facing error: what happened, where, and how to fix it.

    ``path``, ``line`` and ``col`` locate the problem when known (1-based);
    ``hint`` says what to do next.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col
        self.hint = hint

    def located(self, path: str | None = None, line: int | None = None, col: int | None = None) -> WedgeError:
        """Fill in location fields that are still unknown; return self."""
        if self.path is None:
            self.path = path
        if self.line is None:
            self.line = line
        if self.col is None:
            self.col = col
        return self

    def where(self) -> str:
        parts = [p for p in (self.path, self.line, self.col) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ExpressionError(WedgeError):
    """A payoff expression is malformed, unsafe or cannot be evaluated."""


class NumberError(WedgeError):
    """A number is malformed, or outside the range wedge accepts (see :mod:`wedge_cli.model`)."""


class LoadError(WedgeError):
    """A payoff file is malformed or inconsistent."""


class GameTooLargeError(WedgeError):
    """A game or computation exceeds the documented limits."""


class SolveError(WedgeError):
    """A solver failed in a way the user should hear about."""


class InvalidGameError(WedgeError, ValueError):
    """Payoff arrays and player or strategy names given in Python do not fit together.

    Also a :class:`ValueError`, as Python code expects of a bad argument.
    """


def suggest(name: str, choices: Iterable[str]) -> str | None:
    """A did-you-mean hint for ``name`` among ``choices``, or None."""
    choices = list(choices)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if choices:
        return "expected one of: " + ", ".join(repr(c) for c in choices)
    return None
