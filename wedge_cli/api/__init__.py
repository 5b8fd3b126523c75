"""The Python API: the steps of the ``wedge`` commands, for notebooks and scripts.

Each function takes a game, runs the same steps as the command of the same
name and returns a small result object whose :meth:`to_dict` is exactly what
the command prints with ``--json`` (``docs/json.md``), built by the same
report functions.

Games and specs
---------------
A :class:`~wedge_cli.model.GameSpec` is a payoff file: players, named
parameters and payoff expressions. A :class:`~wedge_cli.model.Game` is numbers
only: a spec evaluated at parameter values (``spec.game({"cut": 15})``) or
arrays (:meth:`Game.from_arrays <wedge_cli.model.Game.from_arrays>`). Every
function here takes either, or anything :func:`load` reads (a path, a bundled
scenario name, TOML text, a dict). ``set=`` evaluates a spec at other values, as
``--set`` does. A Game is treated as a spec without parameters: it can be
solved and (with ``payoff_noise``) tested for robustness, not swept.

Game trees
----------
A file with ``[[nodes]]`` loads as a :class:`~wedge_cli.tree.TreeSpec` (a
:class:`~wedge_cli.tree.Tree` is one evaluated at parameter values). :func:`solve`
takes either and returns a :class:`TreeSolveResult` (``wedge solve TREE``);
:func:`sweep` and :func:`robust` take a ``TreeSpec`` and return a
:class:`TreeSweepResult` or a :class:`TreeRobustResult`.

Warnings that the commands print on stderr (a ``set=`` value outside its
declared range) are issued with :func:`warnings.warn`. Errors in the game or
the arguments raise :class:`~wedge_cli.errors.WedgeError` (its ``str`` names
the file and line and says how to fix it).

The modules, one job each
-------------------------
``loading`` (:func:`load`, ``set=``), ``results`` (what every result shares:
``to_dict``, copies of the report's parts, the notebook ``repr``), ``solving``,
``sweeping`` and ``robustness`` (one function and its results each). They are
not named after the functions, so that ``wedge_cli.api.solve`` is always the
function and never a submodule.
"""

from __future__ import annotations

from wedge_cli.api.loading import Assignments, GameLike, load  # noqa: F401 (the types the functions take)
from wedge_cli.api.results import PANDAS_HINT  # noqa: F401 (how to install the pandas of to_frame)
from wedge_cli.api.robustness import RobustResult, TreeRobustResult, robust
from wedge_cli.api.solving import SolveResult, TreeSolveResult, solve
from wedge_cli.api.sweeping import SweepResult, TreeSweepResult, sweep

__all__ = ["RobustResult", "SolveResult", "SweepResult", "TreeRobustResult", "TreeSolveResult", "TreeSweepResult", "load",
           "robust", "solve", "sweep"]
