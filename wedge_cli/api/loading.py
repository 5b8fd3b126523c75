"""From what a caller hands the API to what the steps take: a spec, its ``set=`` overrides and values.

:func:`load` reads a game or a game tree from a path, a bundled scenario name, TOML
text, a dict or an object; :func:`prepare` adds ``set=`` (warnings for values outside
a declared range, as the commands print them) and :func:`fixed_values` turns the
overrides into the exact numbers the sweeps and robustness runs hold fixed.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

from wedge_cli.formats import toml_read as loader
from wedge_cli.formats.assignments import apply_assignments
from wedge_cli.model import Game, GameSpec, exact_number
from wedge_cli.tree import Tree, TreeSpec

#: What the functions accept as a game (:func:`~wedge_cli.api.solve` takes trees as well).
GameLike = GameSpec | Game | TreeSpec | Tree | str | Path | Mapping

#: What ``set=`` accepts: ``{"relief": 6, "cut": "5/2"}`` or ``["relief=6", "cut=5/2"]``.
Assignments = Mapping[str, object] | Sequence[str] | None


def load(source: GameLike) -> GameSpec | TreeSpec:
    """Read a game or a game tree as the commands do.

    Parameters
    ----------
    source
        A path (``str`` or :class:`~pathlib.Path`) to a ``.toml`` or Gambit
        ``.nfg`` file; a bundled scenario name (``"us-europe"``, see
        ``wedge list``); the text of a payoff file (any string with a line
        break: TOML, or .nfg when it starts with ``NFG``); a dict as
        :func:`tomllib.loads` returns it; or a ``GameSpec`` or ``TreeSpec``
        (returned as it is) or ``Game`` (its spec without parameters).

    Returns
    -------
    GameSpec or TreeSpec
        A ``TreeSpec`` when the file is a game tree (it has ``[[nodes]]``).

    Raises
    ------
    WedgeError
        :class:`~wedge_cli.errors.LoadError` for no such file or scenario or an
        invalid payoff file, :class:`~wedge_cli.errors.ExpressionError` for a
        bad payoff expression; the message names the line and says how to fix it.
    TypeError
        ``source`` is none of the above.

    Examples
    --------
    >>> spec = load("us-europe")
    >>> [p.name for p in spec.players], list(spec.parameters)[:2]
    (['US', 'Europe'], ['cut', 'rearm_cost'])
    """
    if isinstance(source, (GameSpec, TreeSpec)):
        return source
    if isinstance(source, Tree):
        raise TypeError("a Tree is numbers only, not a file: solve() takes it as it is")
    if isinstance(source, Game):
        return GameSpec.from_game(source)
    if isinstance(source, Mapping):
        return loader.from_dict(source)
    if isinstance(source, Path):
        return loader.load(str(source))
    if isinstance(source, str):
        return loader.load_text(source) if "\n" in source else loader.load(source)
    raise TypeError(f"cannot load a game from {type(source).__name__}: give a path, a bundled scenario name, "
                    "TOML text, a dict, a GameSpec, a TreeSpec or a Game")


def assignment_strings(values: Assignments) -> list[str]:
    """``set=`` as the ``NAME=VALUE`` strings of ``--set``."""
    if values is None:
        return []
    if isinstance(values, Mapping):
        return [f"{name}={value}" for name, value in values.items()]
    if isinstance(values, str):
        return [values]
    return [str(item) for item in values]


def prepare(game: GameLike, values: Assignments
            ) -> tuple[GameSpec | TreeSpec, dict[str, str], dict[str, float]]:
    """The spec, its ``--set`` overrides (exact text) and every parameter's value, as ``wedge`` reads them.

    A value outside its declared range is a :func:`warnings.warn`, attributed to
    the caller of the API function (two frames up).
    """
    spec = load(game)
    overrides, used, messages = apply_assignments(spec, assignment_strings(values))
    for message in messages:
        warnings.warn(message, stacklevel=3)
    return spec, overrides, used


def fixed_values(overrides: Mapping[str, str]) -> dict[str, Fraction]:
    """The ``set=`` overrides as exact numbers: what a sweep or a robustness run holds fixed."""
    return {name: exact_number(value) for name, value in overrides.items()}
