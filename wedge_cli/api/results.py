"""What every result of the API shares: a report dict of the JSON contract and the views of it.

Each API function returns a frozen dataclass that holds the report its command prints
with ``--json`` (``docs/json.md``) next to the run's own objects. :class:`Result` gives
them :meth:`~Result.to_dict` (a fresh copy of that report), fresh copies of its parts,
``warnings``, and the notebook ``repr`` (a header naming the result and the game, then
the lines each kind adds). The helpers below are the words those reprs and the
``to_frame`` tables share; ``to_frame`` needs the optional pandas, loaded by :func:`pandas`.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import ClassVar

from wedge_cli.text.numbers import rounded_text

PANDAS_HINT = "pip install 'wedge-cli[pandas]'"


class Result(ABC):
    """The report of one run of a ``wedge`` command, and views of it.

    A subclass is a frozen dataclass with a ``_report`` field (the report dict,
    never handed out itself: every accessor returns a copy, so changing what it
    returns leaves the result as it was) and says its ``repr`` in
    :meth:`_summary` and :meth:`_lines`.
    """

    _report: dict

    #: What the ``repr`` header calls a game without a title.
    _untitled: ClassVar[str] = "game"

    @property
    def warnings(self) -> list[dict]:
        """What the run wants you to know: ``{"code": ..., "message": ...}`` each."""
        return self._part("warnings")

    def to_dict(self) -> dict:
        """The report: exactly what the command prints with ``--json`` (a fresh copy).

        Its ``schema`` key says which report it is (the class docstring names it); the keys
        of each are in ``docs/json.md``.
        """
        return copy.deepcopy(self._report)

    def _part(self, key: str):
        """A fresh copy of one key of the report."""
        return copy.deepcopy(self._report[key])

    @abstractmethod
    def _summary(self) -> str:
        """What the ``repr`` header says after the game's title."""

    @abstractmethod
    def _lines(self) -> list[str]:
        """The ``repr`` lines under its header, each indented two spaces."""

    def __repr__(self) -> str:
        header = f"{type(self).__name__}: {self._report['game']['title'] or self._untitled}: {self._summary()}"
        return "\n".join([header, *self._lines()])


def pandas():
    """The pandas module, or an :class:`ImportError` that says how to install it."""
    try:
        import pandas  # lazy: pandas is an optional extra, slow to import, and only to_frame() needs it
    except ImportError:
        raise ImportError(f"to_frame() needs pandas: {PANDAS_HINT}") from None
    return pandas


def warning_lines(report: dict) -> list[str]:
    """A report's warnings as ``repr`` lines: ``  code: message``."""
    return [f"  {w['code']}: {w['message']}" for w in report["warnings"]]


def player_names(report: dict) -> list[str]:
    """The players of a normal-form report, in order."""
    return [p["name"] for p in report["game"]["players"]]


def parameters_text(values: Mapping[str, float]) -> str:
    """``cut = 8, rearm_cost = 5``: parameter values, rounded for reading."""
    return ", ".join(f"{k} = {rounded_text(v)}" for k, v in values.items())


def payoffs_text(equilibrium: dict, players: list[str]) -> str:
    """An equilibrium's payoffs in player order, exact where the report has them: ``3/2, 0``."""
    pay = equilibrium["exact_payoffs"] or {p: rounded_text(equilibrium["payoffs"][p]) for p in players}
    return ", ".join(pay[p] for p in players)


def count_text(n: int, word: str) -> str:
    """``1 regime``, ``3 regimes``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def support_text(support: list[str]) -> str:
    """A player's support: the strategy alone, or ``{A, B}`` when it mixes."""
    return support[0] if len(support) == 1 else "{" + ", ".join(support) + "}"
