"""The pieces every section of ``wedge explain`` is built of: the Section and Explanation
types and the sentence helpers (lists in words, plurals, sentence case that keeps a user's names).

The sections are described in docs/cli.md (``wedge explain``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One part of an explanation: an id (stable, snake_case), a title and paragraphs."""

    id: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """The whole account: a title and its sections, in reading order."""

    title: str
    sections: tuple[Section, ...]


def join(items: Sequence[str], word: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c`` (or ``or`` for ``word``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def plural(n: int, one: str, many: str) -> str:
    """``one`` when ``n`` is 1, else ``many``."""
    return one if n == 1 else many


def article(word: str) -> str:
    """The indefinite article for ``word``: ``an`` before a vowel, else ``a``."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def sentence(text: str, names=()) -> str:
    """``text`` as a sentence: a capital first letter, unless it starts with one of the user's
    ``names`` (a player, strategy or parameter), which keeps the case it was written in."""
    if not text or any(text.startswith(n) and not text[len(n):len(n) + 1].isalnum() for n in names if n):
        return text
    return text[0].upper() + text[1:]


def user_names(players, parameters=()) -> list[str]:
    """The names a user wrote (parameters, players, strategies), whose case :func:`sentence` keeps."""
    return [*parameters, *(p.name for p in players), *(s for p in players for s in p.strategies)]
