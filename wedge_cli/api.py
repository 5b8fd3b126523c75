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
takes either and returns a :class:`TreeSolveResult` (``wedge solve TREE``); the other
functions take normal-form games only, for now.

Warnings that the commands print on stderr (a ``set=`` value outside its
declared range) are issued with :func:`warnings.warn`. Errors in the game or
the arguments raise :class:`~wedge_cli.errors.WedgeError` (its ``str`` names
the file and line and says how to fix it).
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from wedge_cli.analysis.summary import analyse
from wedge_cli.budget import Budget
from wedge_cli.errors import WedgeError
from wedge_cli.formats import toml_read as loader
from wedge_cli.formats.assignments import apply_assignments
from wedge_cli.text import labels as text
from wedge_cli.text.numbers import exact_or_rounded, rounded_text, share_text
from wedge_cli.model import Game, GameSpec, exact_number
from wedge_cli.report.robust import robust_report
from wedge_cli.report.solve import solve_report
from wedge_cli.report.sweep import sweep_report
from wedge_cli.robust.run import RobustResult as RobustRun
from wedge_cli.report.tree import tree_solve_report
from wedge_cli.robust.run import run as run_robust
from wedge_cli.robust.tree import TreeRobustResult as TreeRobustRun
from wedge_cli.robust.tree import run_tree
from wedge_cli.report.tree_robust import tree_robust_report
from wedge_cli.report.tree_sweep import tree_sweep_report
from wedge_cli.solve import Solution
from wedge_cli.solve import solve as solve_game
from wedge_cli.solve.tree import solve_tree
from wedge_cli.solve.tree.result import TreeSolution
from wedge_cli.sweep.axis import parse_axes
from wedge_cli.sweep.result import SweepResult as SweepRun
from wedge_cli.sweep.core import sweep as run_sweep
from wedge_cli.sweep.tree import TreeSweep, sweep_tree
from wedge_cli.tree import Tree, TreeSpec

__all__ = ["RobustResult", "SolveResult", "SweepResult", "TreeRobustResult", "TreeSolveResult", "TreeSweepResult", "load",
           "robust", "solve", "sweep"]

#: What the functions accept as a game (:func:`solve` takes trees as well).
GameLike = GameSpec | Game | TreeSpec | Tree | str | Path | Mapping

#: What ``set=`` accepts: ``{"relief": 6, "cut": "5/2"}`` or ``["relief=6", "cut=5/2"]``.
Assignments = Mapping[str, object] | Sequence[str] | None

PANDAS_HINT = "pip install 'wedge-cli[pandas]'"


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


def _assignments(values: Assignments) -> list[str]:
    """``set=`` as the ``NAME=VALUE`` strings of ``--set``."""
    if values is None:
        return []
    if isinstance(values, Mapping):
        return [f"{name}={value}" for name, value in values.items()]
    if isinstance(values, str):
        return [values]
    return [str(item) for item in values]


def _prepare(game: GameLike, values: Assignments, trees: bool = False
             ) -> tuple[GameSpec | TreeSpec, dict[str, str], dict[str, float]]:
    """The spec, its ``--set`` overrides (exact text) and every parameter's value, as ``wedge`` reads them.

    Unless ``trees``, a game tree is refused (the function does not take trees yet)."""
    spec = load(game)
    if isinstance(spec, TreeSpec) and not trees:
        raise WedgeError("this function does not take game trees yet; wedge_cli.solve does",
                         path=spec.path, hint="wedge_cli.solve(tree) finds its subgame-perfect equilibria")
    overrides, used, messages = apply_assignments(spec, _assignments(values))
    for message in messages:
        warnings.warn(message, stacklevel=3)
    return spec, overrides, used


def _pandas():
    try:
        import pandas  # lazy: pandas is an optional extra, slow to import, and only to_frame() needs it
    except ImportError:
        raise ImportError(f"to_frame() needs pandas: {PANDAS_HINT}") from None
    return pandas


def _players(report_dict: dict) -> list[str]:
    return [p["name"] for p in report_dict["game"]["players"]]


def _parameters_text(values: Mapping[str, float]) -> str:
    return ", ".join(f"{k} = {rounded_text(v)}" for k, v in values.items())


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _support_text(support: list[str]) -> str:
    return support[0] if len(support) == 1 else "{" + ", ".join(support) + "}"


# ----------------------------------------------------------------------------- solve


@dataclass(frozen=True, eq=False, repr=False)
class SolveResult:
    """What :func:`solve` found: the ``wedge solve`` report and the solver's objects.

    Attributes
    ----------
    spec
        The game as loaded (:class:`~wedge_cli.model.GameSpec`).
    solution
        The solver's :class:`~wedge_cli.solve.Solution`: the concrete game
        (``solution.game``) and each :class:`~wedge_cli.solve.Equilibrium`
        with numpy probability vectors and exact Fractions.

    The other attributes are parts of :meth:`to_dict` (keys of
    ``wedge.solve/1``, see ``docs/json.md``).

    Examples
    --------
    >>> result = solve("us-europe")
    >>> len(result.equilibria), result.complete
    (3, True)
    >>> result.equilibria[0]["support"]
    {'US': ['Maintain'], 'Europe': ['FreeRide']}
    """

    spec: GameSpec
    solution: Solution
    _report: dict

    @property
    def equilibria(self) -> list[dict]:
        """One dict per equilibrium: ``strategies``, ``exact``, ``payoffs``, ``support``, ``pure``, ..."""
        return copy.deepcopy(self._report["equilibria"])

    @property
    def parameters(self) -> dict[str, float]:
        """The value of every parameter the game was solved at."""
        return dict(self._report["parameters"])

    @property
    def complete(self) -> bool:
        """True when the method guarantees every (extreme) equilibrium was found."""
        return self._report["complete"]

    @property
    def method(self) -> str:
        """The method used (``auto`` resolved)."""
        return self._report["method"]

    @property
    def warnings(self) -> list[dict]:
        """What the solver wants you to know: ``{"code": ..., "message": ...}`` each."""
        return copy.deepcopy(self._report["warnings"])

    def to_dict(self) -> dict:
        """The ``wedge.solve/1`` report: exactly what ``wedge solve --json`` prints (a fresh copy)."""
        return copy.deepcopy(self._report)

    def to_frame(self):
        """One row per equilibrium, in the order of ``to_dict()["equilibria"]``.

        Columns: each player's strategy in words (``"Maintain 3/8, Retrench 5/8"``),
        each player's payoff (``"<player> payoff"``), ``pure``, ``strict``,
        ``regret``, then each probability (``"<player>: <strategy>"``).
        Needs pandas (``pip install 'wedge-cli[pandas]'``).
        """
        pandas = _pandas()
        players = _players(self._report)
        rows = []
        for eq in self._report["equilibria"]:
            row = {p: text.mix_text(eq["strategies"][p], eq["exact"][p] if eq["exact"] else None) for p in players}
            row |= {f"{p} payoff": eq["payoffs"][p] for p in players}
            row |= {"pure": eq["pure"], "strict": eq["strict"], "regret": eq["regret"]}
            row |= {f"{p}: {s}": x for p in players for s, x in eq["strategies"][p].items()}
            rows.append(row)
        columns = [*players, *(f"{p} payoff" for p in players), "pure", "strict", "regret",
                   *(f"{p['name']}: {s}" for p in self._report["game"]["players"] for s in p["strategies"])]
        return pandas.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        r = self._report
        lines = [f"SolveResult: {r['game']['title'] or 'game'}: {text.equilibria_caption(r)} "
                 f"(method {r['method']})"]
        if r["parameters"]:
            lines.append(f"  at {_parameters_text(r['parameters'])}")
        players = _players(r)
        for i, eq in enumerate(r["equilibria"], start=1):
            exact = eq["exact"]
            parts = "; ".join(f"{p} {text.mix_text(eq['strategies'][p], exact[p] if exact else None)}" for p in players)
            pay = eq["exact_payoffs"] or {p: rounded_text(eq["payoffs"][p]) for p in players}
            lines.append(f"  {i}. {parts} (payoffs {', '.join(pay[p] for p in players)})")
        lines.extend(f"  {w['code']}: {w['message']}" for w in r["warnings"])
        return "\n".join(lines)


@dataclass(frozen=True, eq=False, repr=False)
class TreeSolveResult:
    """What :func:`solve` found in a game tree: the ``wedge solve TREE`` report and the solver's objects.

    Attributes
    ----------
    spec
        The tree as loaded (:class:`~wedge_cli.tree.TreeSpec`), or the
        :class:`~wedge_cli.tree.Tree` given.
    solution
        The solver's :class:`~wedge_cli.solve.tree.result.TreeSolution`: the
        concrete tree (``solution.tree``) and each
        :class:`~wedge_cli.solve.tree.result.TreeEquilibrium` with behaviour
        probabilities by information set index and exact Fractions.

    The other attributes are parts of :meth:`to_dict` (keys of ``wedge.solve/1``
    for trees, see ``docs/json.md``).

    Examples
    --------
    >>> result = solve("tests/data/ratification_tree.toml")
    >>> [step["actions"] for step in result.equilibria[0]["path"]]
    [['Sign', 'Deliver', 'Acquiesce']]
    """

    spec: TreeSpec | Tree
    solution: TreeSolution
    _report: dict

    @property
    def equilibria(self) -> list[dict]:
        """One dict per equilibrium: ``behavior``, ``exact``, ``payoffs``, ``path``, ``subgame_perfect``, ..."""
        return copy.deepcopy(self._report["equilibria"])

    @property
    def parameters(self) -> dict[str, float]:
        """The value of every parameter the tree was solved at."""
        return dict(self._report["parameters"])

    @property
    def concept(self) -> str:
        """``spe`` (subgame-perfect equilibria) or ``nash`` (every Nash equilibrium)."""
        return self._report["concept"]

    @property
    def complete(self) -> bool:
        """True when every equilibrium of the concept is listed."""
        return self._report["complete"]

    @property
    def method(self) -> str:
        """The method the solver used."""
        return self._report["method"]

    @property
    def warnings(self) -> list[dict]:
        """What the solver wants you to know: ``{"code": ..., "message": ...}`` each."""
        return copy.deepcopy(self._report["warnings"])

    def to_dict(self) -> dict:
        """The ``wedge.solve/1`` report of the tree: exactly what ``wedge solve TREE --json`` prints (a fresh copy)."""
        return copy.deepcopy(self._report)

    def __repr__(self) -> str:
        r = self._report
        lines = [f"TreeSolveResult: {r['game']['title'] or 'game tree'}: {_tree_caption(r)} (method {r['method']})"]
        if r["parameters"]:
            lines.append(f"  at {_parameters_text(r['parameters'])}")
        players = r["game"]["players"]  # a tree's players are names
        for i, eq in enumerate(r["equilibria"], start=1):
            paths = "; ".join(" → ".join(step["actions"]) + ("" if len(eq["path"]) == 1 else
                                                             f" ({step['exact'] or rounded_text(step['probability'])})")
                              for step in eq["path"])
            pay = eq["exact_payoffs"] or {p: rounded_text(eq["payoffs"][p]) for p in players}
            flag = "" if eq["subgame_perfect"] else ", not subgame perfect"
            lines.append(f"  {i}. {paths} (payoffs {', '.join(pay[p] for p in players)}{flag})")
        lines.extend(f"  {w['code']}: {w['message']}" for w in r["warnings"])
        return "\n".join(lines)


def _tree_caption(report: dict) -> str:
    n = len(report["equilibria"])
    kind = ("subgame-perfect" if report["concept"] == "spe" else "Nash") + (" equilibrium" if n == 1 else " equilibria")
    return f"{n} {kind}" + ("" if report["complete"] else " (not guaranteed complete)")


def _solve_tree(game: TreeSpec | Tree, spec, overrides, values, concept: str | None, method: str,
                tol: float | None, budget: float | None = None) -> TreeSolveResult:
    if method != "auto" and concept != "nash":
        raise WedgeError(f"method={method!r} is for normal-form games; a game tree's subgame-perfect equilibria are "
                         "found by backward induction over its subgames",
                         hint="leave out method=, or give it with concept='nash' (the reduced strategic form)")
    tree = game if isinstance(game, Tree) else spec.tree(overrides)
    options = {} if tol is None else {"tol": tol}
    solution = solve_tree(tree, concept=concept or "spe", method=method, budget=budget, **options)
    return TreeSolveResult(spec, solution, tree_solve_report(spec, values, solution))


def solve(game: GameLike, *, set: Assignments = None, method: str = "auto", tol: float | None = None,
          budget: float | None = None, concept: str | None = None) -> SolveResult | TreeSolveResult:
    """All Nash equilibria of a game, verified, as ``wedge solve`` finds them; of a game tree,
    its subgame-perfect equilibria (``wedge solve TREE``).

    Parameters
    ----------
    game
        A :class:`~wedge_cli.model.GameSpec`, a :class:`~wedge_cli.model.Game`,
        a :class:`~wedge_cli.tree.TreeSpec`, a :class:`~wedge_cli.tree.Tree`,
        or anything :func:`load` reads.
    set
        Parameter values, as ``--set``: ``{"cut": 15}`` or ``{"cut": "5/2"}``
        (text and Fractions stay exact) or ``["cut=15"]``.
    method
        ``auto`` (default), ``enumerate``, ``pure``, ``support-enumeration``,
        ``vertex-enumeration`` or ``lemke-howson`` (see ``docs/solver.md``).
    tol
        Regret tolerance in payoff units (default 1e-9 x the largest
        |payoff|); rational games are verified exactly whatever it is.
    budget
        Work budget in seconds, as ``--budget`` (default 60; ``math.inf`` for
        none): the work is estimated first and refused when it would not fit,
        and stopped if it runs past the budget (``docs/cli.md``, Work budgets).
        For trees, it bounds the solving of the reduced strategic form
        (``concept="nash"``); with ``concept="nash"``, ``method`` picks its solver.
    concept
        Game trees, as ``--concept``: ``"spe"`` (default: the subgame-perfect
        equilibria) or ``"nash"`` (every Nash equilibrium, each marked
        subgame perfect or not). Normal-form games: ``None`` or ``"nash"``.

    Returns
    -------
    SolveResult or TreeSolveResult
        A :class:`TreeSolveResult` for a game tree.

    Raises
    ------
    WedgeError
        Unknown parameter or bad value in ``set``, unknown method or concept,
        a method other than ``auto`` for a tree, bad ``tol``, or a game too
        large for the method or the ``budget``
        (:class:`~wedge_cli.model.GameTooLargeError`).

    Examples
    --------
    >>> result = solve("us-europe", set={"cut": 15})
    >>> result.parameters["cut"]
    15.0
    >>> pennies = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> solve(pennies).equilibria[0]["exact"]
    {'P1': {'p1': '1/2', 'p2': '1/2'}, 'P2': {'p1': '1/2', 'p2': '1/2'}}
    """
    if concept not in (None, "spe", "nash"):
        raise WedgeError(f"unknown concept {concept!r}", hint="give concept='spe' or concept='nash'")
    if isinstance(game, Tree):
        if set:
            raise WedgeError("a Tree is numbers only: set= needs the TreeSpec it came from",
                             hint="pass the TreeSpec (wedge_cli.load(path)) with set=")
        return _solve_tree(game, game, {}, {}, concept, method, tol, budget)
    spec, overrides, values = _prepare(game, set, trees=True)
    if isinstance(spec, TreeSpec):
        return _solve_tree(spec, spec, overrides, values, concept, method, tol, budget)
    if concept == "spe":
        raise WedgeError("concept='spe' needs a game tree: a normal-form game has no subgames",
                         hint="leave out concept= (Nash equilibria), or write the game as a tree (docs/format.md)")
    concrete = game if isinstance(game, Game) else spec.game(overrides)
    work = Budget.of(budget)
    solution = solve_game(concrete, method=method, tol=tol, budget=work)
    return SolveResult(spec, solution, solve_report(spec, values, solution, analyse(solution, work)))


# ----------------------------------------------------------------------------- sweep


@dataclass(frozen=True, eq=False, repr=False)
class SweepResult:
    """What :func:`sweep` found: regimes of equilibria and the thresholds between them.

    Attributes
    ----------
    result
        The sweep's own :class:`wedge_cli.sweep.result.SweepResult` (exact
        Fractions, the point table, equilibrium objects).

    The other attributes are parts of :meth:`to_dict` (keys of
    ``wedge.sweep/1``, see ``docs/json.md``).

    Examples
    --------
    >>> result = sweep("us-russia-china", "relief=0:30:30")
    >>> [t["exact"] for t in result.thresholds]
    ['35/2']
    """

    result: SweepRun
    _report: dict

    @property
    def spec(self) -> GameSpec:
        """The game as loaded."""
        return self.result.spec

    @property
    def regimes(self) -> list[dict]:
        """One dict per regime: ``from``, ``to`` (exact text in ``from_exact``, ``to_exact``), ``label``, ..."""
        return copy.deepcopy(self._report["regimes"])

    @property
    def thresholds(self) -> list[dict]:
        """One dict per threshold: ``parameter``, ``value``, ``exact``, ``before``, ``after``, ``change``, ..."""
        return copy.deepcopy(self._report["thresholds"])

    @property
    def points(self) -> list[dict]:
        """One dict per grid point when ``points=True`` was given, else empty."""
        return copy.deepcopy(self._report["points"])

    @property
    def warnings(self) -> list[dict]:
        """``{"code": ..., "message": ...}`` each (e.g. a range beyond the declared one)."""
        return copy.deepcopy(self._report["warnings"])

    def to_dict(self) -> dict:
        """The ``wedge.sweep/1`` report: exactly what ``wedge sweep --json`` prints (a fresh copy)."""
        return copy.deepcopy(self._report)

    def to_frame(self, rows: str = "regimes"):
        """A table of the sweep, in the order of ``to_dict()[rows]``.

        Parameters
        ----------
        rows
            ``"regimes"``: ``label``, ``"<parameter> from"`` and ``"<parameter> to"``
            for each swept parameter (2-D: the region's bounding box), ``points``
            (grid points in it), ``equilibria`` (how many); 1-D adds ``range``
            (``"[0, 35/2)"``).
            ``"thresholds"``: ``parameter``, ``value``, ``exact``, ``method``,
            ``before``, ``after``, ``change``, and in 2-D both parameters' values
            (where on the map the threshold lies).
            ``"points"``: each swept parameter's value, ``regime`` (its row in
            ``"regimes"``; missing at a threshold), ``label``, ``equilibria``,
            ``solved_exactly``, ``degenerate`` (needs ``points=True``).

        Needs pandas (``pip install 'wedge-cli[pandas]'``).
        """
        if rows not in ("regimes", "thresholds", "points"):
            raise ValueError(f"rows must be 'regimes', 'thresholds' or 'points', not {rows!r}")
        pandas = _pandas()
        r = self._report
        names = [a["name"] for a in r["swept"]]
        if rows == "regimes":
            table = []
            for regime in r["regimes"]:
                row = {"range": text.range_text(regime)} if len(names) == 1 else {}
                row["label"] = regime["label"]
                for name in names:
                    lo, hi = regime["bounds"].get(name, (None, None))
                    row |= {f"{name} from": lo, f"{name} to": hi}
                row |= {"points": regime["points"], "equilibria": len(regime["equilibria"])}
                table.append(row)
            columns = (["range"] if len(names) == 1 else []) + ["label"]
            columns += [f"{name} {end}" for name in names for end in ("from", "to")] + ["points", "equilibria"]
        elif rows == "thresholds":
            keys = ["parameter", "value", "exact", "method", "before", "after", "change"]
            axes = names if len(names) == 2 else []  # 2-D: where on the map, both coordinates
            table = [{k: t[k] for k in keys}
                     | {n: t["value"] if n == t["parameter"] else t["where"].get(n) for n in axes}
                     for t in r["thresholds"]]
            columns = keys + axes
        else:
            if not r["points"]:  # a sweep has at least one point: they were left out
                raise ValueError("this sweep has no points: call sweep(..., points=True) to keep them")
            table = [{**p["values"], "regime": p["regime"], "label": p["label"],
                      "equilibria": len(p["equilibria"]), "solved_exactly": p["solved_exactly"],
                      "degenerate": p["degenerate"]} for p in r["points"]]
            columns = [*names, "regime", "label", "equilibria", "solved_exactly", "degenerate"]
            # a point exactly at a threshold is in no regime: missing, not NaN in a float column
            return pandas.DataFrame(table, columns=columns).astype({"regime": "Int64"})
        return pandas.DataFrame(table, columns=columns)

    def __repr__(self) -> str:
        r = self._report
        names = " x ".join(a["name"] for a in r["swept"])
        n = len(r["regimes"])
        lines = [f"SweepResult: {r['game']['title'] or 'game'}: {n} regime{'s' if n != 1 else ''} of {names}"]
        if self.result.fixed:  # the values given with set=; the rest are the file's
            lines.append("  with " + ", ".join(f"{k} = {v}" for k, v in self.result.fixed.items()))
        for k, regime in enumerate(r["regimes"], start=1):
            where = text.range_text(regime) if r["dimensions"] == 1 else _count(regime["points"], "grid point")
            lines.append(f"  {k}. {where}: {regime['label']}")
        if r["dimensions"] == 1:
            lines.extend(f"  {line}" for line in text.threshold_lines(r))
        else:  # one per grid line crossed: too many to read here
            lines.append(f"  {_count(len(r['thresholds']), 'threshold')} on grid lines (.thresholds, .to_frame('thresholds'))")
        lines.extend(f"  {w['code']}: {w['message']}" for w in r["warnings"])
        return "\n".join(lines)


def sweep(game: GameLike, param: str | Sequence[str], *, set: Assignments = None, method: str = "auto",
          points: bool = False) -> SweepResult | TreeSweepResult:
    """Regimes of equilibria over one parameter (or a 2-D map over two), as ``wedge sweep`` finds them;
    of a game tree, regimes of one subgame-perfect plan (:class:`TreeSweepResult`).

    Parameters
    ----------
    game
        A :class:`~wedge_cli.model.GameSpec` or anything :func:`load` reads.
    param
        As ``--param``: ``"NAME"`` (its declared range), ``"NAME=START:STOP"``
        or ``"NAME=START:STOP:STEPS"`` (``STEPS`` equal steps, default 100); a
        list of two for a 2-D map (default 50 steps per axis).
    set
        Values of the other parameters, as in :func:`solve`.
    method
        ``auto`` (default), ``enumerate`` or ``pure``.
    points
        Keep every grid point in the result (``--points``); the regimes and
        thresholds do not depend on it.

    Returns
    -------
    SweepResult

    Raises
    ------
    WedgeError
        Unknown parameter, bad range, a parameter both swept and set, too
        many points.

    Examples
    --------
    >>> result = sweep("us-russia-china", "relief=0:30:30", set={"distrust": "2/5"})
    >>> [t["exact"] for t in result.thresholds]
    ['35/3', '25', '85/3']
    """
    spec, overrides, _ = _prepare(game, set, trees=True)
    axes = parse_axes([param] if isinstance(param, str) else list(param), spec)
    if isinstance(spec, TreeSpec):
        if len(axes) != 1 or method != "auto":
            raise WedgeError("a game tree is swept one parameter at a time, by backward induction",
                             hint="give one param and leave method out")
        fixed = {k: exact_number(v) for k, v in overrides.items()}
        tree_result = sweep_tree(spec, axes[0], fixed)
        return TreeSweepResult(tree_result, tree_sweep_report(tree_result, include_points=points))
    result = run_sweep(spec, axes, overrides, method=method)
    return SweepResult(result, sweep_report(result, include_points=points))


@dataclass(frozen=True, eq=False, repr=False)
class TreeSweepResult:
    """What :func:`sweep` found in a game tree: regimes of one subgame-perfect plan and the thresholds.

    ``result`` is the sweep's own :class:`wedge_cli.sweep.tree.TreeSweep` (exact
    Fractions, the plan at every grid point); the rest are parts of :meth:`to_dict`
    (``wedge.tree_sweep/1``, docs/json.md).

    Examples
    --------
    >>> result = sweep("two-level-ratification-sequential", "scope")
    >>> [t["exact"] for t in result.thresholds]
    ['1/4', '1/2', '5/8']
    """

    result: TreeSweep
    _report: dict

    @property
    def regimes(self) -> list[dict]:
        """One dict per regime: ``from``, ``to`` (exact in ``from_exact``, ``to_exact``), ``plan``, ``paths``, ``label``."""
        return copy.deepcopy(self._report["regimes"])

    @property
    def thresholds(self) -> list[dict]:
        """One dict per threshold: ``value``, ``exact``, ``method`` and the ``flips`` (node, player, before, after)."""
        return copy.deepcopy(self._report["thresholds"])

    @property
    def warnings(self) -> list[dict]:
        return copy.deepcopy(self._report["warnings"])

    def to_dict(self) -> dict:
        """The ``wedge.tree_sweep/1`` report: exactly what ``wedge sweep TREE --json`` prints (a fresh copy)."""
        return copy.deepcopy(self._report)

    def to_frame(self, rows: str = "regimes"):
        """``"regimes"``: ``from``, ``to``, ``label`` (the path of play); ``"thresholds"``: one row per flip
        (``value``, ``exact``, ``node``, ``player``, ``before``, ``after``). Needs pandas."""
        pandas = _pandas()
        if rows == "regimes":
            return pandas.DataFrame([{"from": r["from_exact"] or r["from"], "to": r["to_exact"] or r["to"],
                                      "label": r["label"]} for r in self._report["regimes"]],
                                    columns=["from", "to", "label"])
        if rows == "thresholds":
            keys = ["node", "player", "before", "after"]
            return pandas.DataFrame([{"value": t["value"], "exact": t["exact"], **{k: f[k] for k in keys}}
                                     for t in self._report["thresholds"] for f in t["flips"]],
                                    columns=["value", "exact", *keys])
        raise ValueError(f"rows must be 'regimes' or 'thresholds', not {rows!r}")

    def __repr__(self) -> str:
        r = self._report
        lines = [f"TreeSweepResult: {r['game']['title'] or 'game tree'}: {_count(len(r['regimes']), 'regime')} of "
                 f"{r['swept']['name']}"]
        lines += [f"  {k}. {exact_or_rounded(g['from'], g['from_exact'])} to "
                  f"{exact_or_rounded(g['to'], g['to_exact'])}: {g['label']}"
                  for k, g in enumerate(r["regimes"], start=1)]
        for t in r["thresholds"]:
            lines += [f"  {f['change']}" for f in t["flips"]]
        return "\n".join(lines)


@dataclass(frozen=True, eq=False, repr=False)
class TreeRobustResult:
    """What :func:`robust` found in a game tree: how often each path of play is the subgame-perfect one.

    ``result`` is the run's own :class:`wedge_cli.robust.tree.TreeRobustResult`; :meth:`to_dict`
    is ``wedge.tree_robust/1`` (docs/json.md).

    Examples
    --------
    >>> result = robust("two-level-ratification-sequential", samples=500)
    >>> sum(p["count"] for p in result.paths)
    500
    """

    result: TreeRobustRun
    _report: dict

    @property
    def paths(self) -> list[dict]:
        """One dict per path of play: ``path``, ``label``, ``count``, ``share``, ``ci``; most frequent first."""
        return copy.deepcopy(self._report["paths"])

    def to_dict(self) -> dict:
        """The ``wedge.tree_robust/1`` report: exactly what ``wedge robust TREE --json`` prints (a fresh copy)."""
        return copy.deepcopy(self._report)

    def to_frame(self):
        """One row per path: ``label``, ``count``, ``share``, ``ci_low``, ``ci_high``. Needs pandas."""
        return _pandas().DataFrame([{"label": p["label"], "count": p["count"], "share": p["share"],
                                     "ci_low": p["ci"][0], "ci_high": p["ci"][1]} for p in self._report["paths"]],
                                   columns=["label", "count", "share", "ci_low", "ci_high"])

    def __repr__(self) -> str:
        r = self._report
        lines = [f"TreeRobustResult: {r['game']['title'] or 'game tree'}: {r['samples']:,} samples (seed {r['seed']})"]
        lines += [f"  {share_text(p['share'])}  {p['label']}" for p in r["paths"]]
        return "\n".join(lines)


# ----------------------------------------------------------------------------- robust


@dataclass(frozen=True, eq=False, repr=False)
class RobustResult:
    """What :func:`robust` found: how often each outcome is an equilibrium across random draws.

    Attributes
    ----------
    result
        The Monte Carlo's own :class:`wedge_cli.robust.run.RobustResult`.

    The other attributes are parts of :meth:`to_dict` (keys of
    ``wedge.robust/1``, see ``docs/json.md``).

    Examples
    --------
    >>> result = robust("us-europe", samples=200)
    >>> result.outcomes[0]["profile"], 0 < result.outcomes[0]["share"] <= 1
    ({'US': 'Retrench', 'Europe': 'Rearm'}, True)
    """

    result: RobustRun
    _report: dict

    @property
    def spec(self) -> GameSpec:
        """The game as loaded."""
        return self.result.spec

    @property
    def outcomes(self) -> list[dict]:
        """One dict per outcome, most frequent first: ``profile``, ``support``, ``count``, ``share``, ``ci``."""
        return copy.deepcopy(self._report["outcomes"])

    @property
    def unique_share(self) -> float:
        """Share of draws with exactly one equilibrium."""
        return self._report["unique_share"]

    @property
    def sensitivity(self) -> list[dict]:
        """First-order index of each uncertain parameter, largest first."""
        return copy.deepcopy(self._report["sensitivity"])

    def to_dict(self) -> dict:
        """The ``wedge.robust/1`` report: exactly what ``wedge robust --json`` prints (a fresh copy)."""
        return copy.deepcopy(self._report)

    def to_frame(self):
        """One row per outcome, in the order of ``to_dict()["outcomes"]``.

        Columns: ``outcome`` (in words), each player's strategy (``{A, B}`` for
        a mixed support), ``pure``, ``count``, ``share``, ``ci_low``, ``ci_high``
        (95% Wilson interval). Needs pandas (``pip install 'wedge-cli[pandas]'``).
        """
        pandas = _pandas()
        players = _players(self._report)
        rows = [{"outcome": text.outcome_label(o), **{p: _support_text(o["support"][p]) for p in players},
                 "pure": o["profile"] is not None, "count": o["count"], "share": o["share"],
                 "ci_low": o["ci"][0], "ci_high": o["ci"][1]} for o in self._report["outcomes"]]
        columns = ["outcome", *players, "pure", "count", "share", "ci_low", "ci_high"]
        return pandas.DataFrame(rows, columns=columns)

    def __repr__(self) -> str:
        r = self._report
        uncertain = ", ".join(u["name"] for u in r["uncertain"]) or "none"
        noise = f", payoff noise {rounded_text(r['payoff_noise'])}" if r["payoff_noise"] else ""
        lines = [f"RobustResult: {r['game']['title'] or 'game'}: {r['samples']} samples (seed {r['seed']}{noise})",
                 f"  uncertain: {uncertain}"]
        if r["fixed"]:
            lines.append(f"  fixed: {_parameters_text(r['fixed'])}")
        for o in r["outcomes"]:
            lo, hi = o["ci"]
            lines.append(f"  {share_text(o['share']):>6}  {text.outcome_label(o)} "
                         f"({share_text(lo)} – {share_text(hi)})")
        lines.append(f"  unique equilibrium in {share_text(r['unique_share'])} of samples")
        return "\n".join(lines)


def robust(game: GameLike, *, samples: int = 10_000, seed: int = 0, payoff_noise: float = 0.0,
           set: Assignments = None, method: str = "auto") -> RobustResult:
    """Share of random parameter draws in which each outcome is an equilibrium, as ``wedge robust`` finds it.

    Parameters with ``distribution = "uniform" | "triangular" | "normal"`` in
    the payoff file are drawn; ``set`` fixes a parameter.

    Parameters
    ----------
    game
        A :class:`~wedge_cli.model.GameSpec`, a :class:`~wedge_cli.model.Game`
        (with ``payoff_noise``), or anything :func:`load` reads.
    samples
        Number of draws.
    seed
        Random seed: the same seed gives the same numbers.
    payoff_noise
        Also move every payoff by up to this fraction of its player's payoff
        range (0.1 = 10%).
    set
        Parameters to fix, as in :func:`solve`.
    method
        ``auto`` (all equilibria, as :func:`solve`) or ``pure``.

    Returns
    -------
    RobustResult

    Raises
    ------
    WedgeError
        Nothing uncertain, a bad number of samples or noise, an unknown method.

    Examples
    --------
    >>> result = robust("us-europe", samples=200, set={"cut": 8})
    >>> result.to_dict()["fixed"]
    {'cut': 8.0}
    """
    for name, value in (("samples", samples), ("seed", seed)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} must be a whole number, not {value!r}")
    spec, overrides, _ = _prepare(game, set, trees=True)
    fixed = {k: float(exact_number(v)) for k, v in overrides.items()}
    if isinstance(spec, TreeSpec):
        if method != "auto":
            raise WedgeError(f"method={method!r} is for normal-form games; a tree is solved by backward induction",
                             hint="leave method out")
        tree_result = run_tree(spec, samples, seed, fixed=fixed, payoff_noise=float(payoff_noise))
        return TreeRobustResult(tree_result, tree_robust_report(tree_result))
    result = run_robust(spec, samples, seed, fixed=fixed, payoff_noise=float(payoff_noise), method=method)
    return RobustResult(result, robust_report(result))
