"""``solve``: the equilibria of a game or a game tree, as ``wedge solve`` finds them.

:func:`solve` takes a normal-form game (:class:`SolveResult`, ``wedge.solve/1``) or a game
tree (:class:`TreeSolveResult`: its subgame-perfect equilibria, or with ``concept="nash"``
every Nash equilibrium), evaluated at ``set=`` as ``--set`` does, and builds the report
with the command's own report functions.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass

from wedge_cli.analysis.summary import analyse
from wedge_cli.api.loading import Assignments, GameLike, prepare
from wedge_cli.api.results import Result, pandas, parameters_text, payoffs_text, player_names, warning_lines
from wedge_cli.budget import Budget
from wedge_cli.errors import WedgeError
from wedge_cli.model import Game, GameSpec
from wedge_cli.report.solve import solve_report
from wedge_cli.report.tree import tree_solve_report
from wedge_cli.solve import Solution
from wedge_cli.solve import solve as solve_game
from wedge_cli.solve.tree import solve_tree
from wedge_cli.solve.tree.result import TreeSolution
from wedge_cli.text import labels as text
from wedge_cli.text.numbers import rounded_text
from wedge_cli.tree import Tree, TreeSpec


class SolvedResult(Result):
    """What the reports of a game and of a tree solved at one point share: values, method, the ``at`` line."""

    @property
    def parameters(self) -> dict[str, float]:
        """The value of every parameter it was solved at."""
        return dict(self._report["parameters"])

    @property
    def method(self) -> str:
        """The method the solver used (``auto`` resolved)."""
        return self._report["method"]

    def _summary(self) -> str:
        return f"{self._caption()} (method {self._report['method']})"

    @abstractmethod
    def _caption(self) -> str:
        """How many equilibria were found, in words."""

    def _at_lines(self) -> list[str]:
        values = self._report["parameters"]
        return [f"  at {parameters_text(values)}"] if values else []


@dataclass(frozen=True, eq=False, repr=False)
class SolveResult(SolvedResult):
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
        return self._part("equilibria")

    @property
    def complete(self) -> bool:
        """True when the method guarantees every (extreme) equilibrium was found."""
        return self._report["complete"]

    def to_frame(self):
        """One row per equilibrium, in the order of ``to_dict()["equilibria"]``.

        Columns: each player's strategy in words (``"Maintain 3/8, Retrench 5/8"``),
        each player's payoff (``"<player> payoff"``), ``pure``, ``strict``,
        ``regret``, then each probability (``"<player>: <strategy>"``).
        Needs pandas (``pip install 'wedge-cli[pandas]'``).
        """
        pd = pandas()
        players = player_names(self._report)
        rows = []
        for eq in self._report["equilibria"]:
            row = {p: text.mix_text(eq["strategies"][p], eq["exact"][p] if eq["exact"] else None) for p in players}
            row |= {f"{p} payoff": eq["payoffs"][p] for p in players}
            row |= {"pure": eq["pure"], "strict": eq["strict"], "regret": eq["regret"]}
            row |= {f"{p}: {s}": x for p in players for s, x in eq["strategies"][p].items()}
            rows.append(row)
        columns = [*players, *(f"{p} payoff" for p in players), "pure", "strict", "regret",
                   *(f"{p['name']}: {s}" for p in self._report["game"]["players"] for s in p["strategies"])]
        return pd.DataFrame(rows, columns=columns)

    def _caption(self) -> str:
        return text.equilibria_caption(self._report)

    def _lines(self) -> list[str]:
        r = self._report
        players = player_names(r)
        lines = self._at_lines()
        for i, eq in enumerate(r["equilibria"], start=1):
            exact = eq["exact"]
            parts = "; ".join(f"{p} {text.mix_text(eq['strategies'][p], exact[p] if exact else None)}" for p in players)
            lines.append(f"  {i}. {parts} (payoffs {payoffs_text(eq, players)})")
        return lines + warning_lines(r)


@dataclass(frozen=True, eq=False, repr=False)
class TreeSolveResult(SolvedResult):
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

    _untitled = "game tree"

    @property
    def equilibria(self) -> list[dict]:
        """One dict per equilibrium: ``behavior``, ``exact``, ``payoffs``, ``path``, ``subgame_perfect``, ..."""
        return self._part("equilibria")

    @property
    def concept(self) -> str:
        """``spe`` (subgame-perfect equilibria), ``pbe`` (perfect Bayesian) or ``nash`` (every Nash equilibrium)."""
        return self._report["concept"]

    @property
    def complete(self) -> bool:
        """True when every equilibrium of the concept is listed."""
        return self._report["complete"]

    def _caption(self) -> str:
        r = self._report
        n = len(r["equilibria"])
        kind = {"spe": "subgame-perfect", "pbe": "perfect Bayesian"}.get(r["concept"], "Nash") + (
            " equilibrium" if n == 1 else " equilibria")
        return f"{n} {kind}" + ("" if r["complete"] else " (not guaranteed complete)")

    def _lines(self) -> list[str]:
        r = self._report
        players = r["game"]["players"]  # a tree's players are names
        lines = self._at_lines()
        for i, eq in enumerate(r["equilibria"], start=1):
            paths = "; ".join(" → ".join(step["actions"]) + ("" if len(eq["path"]) == 1 else
                                                             f" ({step['exact'] or rounded_text(step['probability'])})")
                              for step in eq["path"])
            flag = "" if eq["subgame_perfect"] else ", not subgame perfect"
            if r["concept"] == "pbe" and any(0 < p < 1 for sets in eq["behavior"].values() for probs in sets.values()
                                             for p in probs.values()):
                flag += ", mixed"
            if eq["kind"]:
                flag += f", {eq['kind']}" + (", fails the intuitive criterion" if eq["intuitive"] is False else "")
            lines.append(f"  {i}. {paths} (payoffs {payoffs_text(eq, players)}{flag})")
        return lines + warning_lines(r)


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
        Game trees, as ``--concept``: ``"spe"`` (the subgame-perfect
        equilibria), ``"pbe"`` (the pure perfect Bayesian equilibria, with the
        beliefs that support them off the path, and in a signalling game with two
        types the mixed ones too) or ``"nash"`` (every Nash
        equilibrium, each marked subgame perfect or not); None (default): as
        ``wedge solve`` chooses, ``"pbe"`` where a player moves without seeing a
        chance move, else ``"spe"``. Normal-form games: ``None`` or ``"nash"``.

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
    if concept not in (None, "spe", "nash", "pbe"):
        raise WedgeError(f"unknown concept {concept!r}", hint="give concept='spe', 'pbe' or 'nash'")
    if isinstance(game, Tree):
        if set:
            raise WedgeError("a Tree is numbers only: set= needs the TreeSpec it came from",
                             hint="pass the TreeSpec (wedge_cli.load(path)) with set=")
        return _solve_tree(game, {}, {}, concept, method, tol, budget)
    spec, overrides, values = prepare(game, set)
    if isinstance(spec, TreeSpec):
        return _solve_tree(spec, overrides, values, concept, method, tol, budget)
    if concept in ("spe", "pbe"):
        raise WedgeError(f"concept={concept!r} needs a game tree: a normal-form game has no subgames or beliefs",
                         hint="leave out concept= (Nash equilibria), or write the game as a tree (docs/format.md)")
    concrete = game if isinstance(game, Game) else spec.game(overrides)
    work = Budget.of(budget)
    solution = solve_game(concrete, method=method, tol=tol, budget=work)
    return SolveResult(spec, solution, solve_report(spec, values, solution, analyse(solution, work)))


def _solve_tree(spec: TreeSpec | Tree, overrides: dict[str, str], values: dict[str, float], concept: str | None,
                method: str, tol: float | None, budget: float | None) -> TreeSolveResult:
    """The equilibria of ``concept`` (None: the tree's default) of a tree, or of a spec at ``overrides``.

    ``method`` picks the solver of the reduced strategic form (``concept="nash"``) only.
    """
    if method != "auto" and concept != "nash":
        raise WedgeError(f"method={method!r} is for normal-form games; a game tree's subgame-perfect equilibria are "
                         "found by backward induction over its subgames",
                         hint="leave out method=, or give it with concept='nash' (the reduced strategic form)")
    tree = spec if isinstance(spec, Tree) else spec.tree(overrides)
    options = {} if tol is None else {"tol": tol}
    solution = solve_tree(tree, concept=concept, method=method, budget=budget, **options)
    return TreeSolveResult(spec, solution, tree_solve_report(spec, values, solution))
