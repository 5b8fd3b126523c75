"""Equilibria of game trees: subgame-perfect (default) or Nash, in behaviour strategies.

>>> from wedge_cli.solve.tree import solve_tree, reduced_form

* :func:`solve_tree` -- every pure subgame-perfect equilibrium of a perfect-information
  tree, exactly, ties included (:mod:`~wedge_cli.solve.tree.perfect`); for imperfect
  information, subgames solved bottom-up through their reduced strategic forms and the
  normal-form solvers (:mod:`~wedge_cli.solve.tree.subgames`); ``concept="nash"`` all
  Nash equilibria through the tree's reduced strategic form, each marked subgame
  perfect or not, with the threats that are not credible
  (:mod:`~wedge_cli.solve.tree.nash`).
* :func:`reduced_form` -- the reduced strategic form as a :class:`~wedge_cli.model.Game`
  (:mod:`~wedge_cli.solve.tree.strategic`).
* :mod:`~wedge_cli.solve.tree.batch` -- backward induction at many parameter points.

The concepts and methods: docs/trees.md.
"""

from __future__ import annotations

import math

from wedge_cli.errors import SolveError
from wedge_cli.solve.tree.batch import perfect_information
from wedge_cli.solve.tree.perfect import solve_perfect
from wedge_cli.solve.tree.nash import solve_nash
from wedge_cli.solve.tree.pbe import hides_chance, solve_pbe
from wedge_cli.solve.tree.spe import solve_by_subgames
from wedge_cli.solve.tree.result import BeliefSet, PathStep, Threat, Tie, TreeEquilibrium, TreeSolution
from wedge_cli.solve.tree.strategic import ReducedForm, reduced_form
from wedge_cli.tree import Tree, TreeSpec

__all__ = ["CONCEPTS", "BeliefSet", "PathStep", "ReducedForm", "Threat", "Tie", "TreeEquilibrium", "TreeSolution",
           "default_concept", "hides_chance", "reduced_form", "solve_tree"]

CONCEPTS = ("spe", "nash", "pbe")


def default_concept(tree: Tree | TreeSpec) -> str:
    """``"pbe"`` for a tree (or a tree file) where some player moves without seeing a chance move
    (types, hidden draws: :func:`~wedge_cli.solve.tree.pbe.hides_chance`), ``"spe"`` otherwise: the
    concept every tree command uses when none is given."""
    return "pbe" if hides_chance(tree.skeleton) else "spe"


def solve_tree(tree: Tree, *, concept: str | None = None, tol: float = 1e-9, max_equilibria: int = 1000,
               method: str = "auto", budget=None, mixed: bool = True) -> TreeSolution:
    """The equilibria of a tree under a solution concept.

    Parameters
    ----------
    tree
        A concrete tree (:meth:`wedge_cli.tree.TreeSpec.tree`).
    concept
        ``"spe"`` (subgame-perfect equilibria), ``"nash"``, ``"pbe"`` (perfect
        Bayesian equilibria in pure behaviour strategies, with the beliefs that
        support them: :mod:`~wedge_cli.solve.tree.pbe`; in signalling games with two
        types and rational numbers the mixed ones too:
        :mod:`~wedge_cli.solve.tree.hybrid`), or None (the default):
        :func:`default_concept`, ``"pbe"`` where a player moves without seeing a
        chance move and ``"spe"`` elsewhere, as ``wedge solve`` chooses.
    tol
        Payoff tolerance for float trees: actions within ``tol`` tie. Exact trees
        (rational payoffs and probabilities) are compared exactly.
    max_equilibria
        Most equilibria listed; beyond, ``complete`` is False and a warning says how
        many there are.
    method, budget
        For ``"nash"``: the normal-form method that solves the reduced strategic form
        (:func:`wedge_cli.solve.solve`'s; ``"pure"`` keeps a large 3-player form
        within reach) and its work budget (a :class:`~wedge_cli.budget.Budget` or seconds).
    mixed
        For ``"pbe"``: False lists the pure perfect Bayesian equilibria only, even where
        mixed ones are searched (the sweeps follow the pure ones).

    Raises
    ------
    SolveError
        Unknown concept, bad ``tol`` or ``max_equilibria``.
    WedgeError
        Imperfect recall, where the method needs perfect recall.
    GameTooLargeError
        A strategic form that would be too large (the message gives size and limit).
    """
    if concept is None:
        concept = default_concept(tree)
    if concept not in CONCEPTS:
        raise SolveError(f"unknown solution concept {concept!r}", hint="choose one of: " + ", ".join(CONCEPTS))
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise SolveError(f"tolerance must be a finite number >= 0, got {tol!r}", hint="e.g. --tol 1e-9")
    if not (isinstance(max_equilibria, int) and max_equilibria >= 1):
        raise SolveError(f"max_equilibria must be a whole number >= 1, got {max_equilibria!r}")
    tol = float(tol)
    if concept == "spe" and perfect_information(tree.skeleton):
        found = solve_perfect(tree, tol, max_equilibria)
        return TreeSolution(tree=tree, concept=concept, method="backward-induction", equilibria=found["equilibria"],
                            complete=found["complete"], degenerate=found["degenerate"], tol=tol, ties=found["ties"],
                            subgames=tuple(i for i, node in enumerate(tree.nodes) if node.children),
                            warnings=found["warnings"], count=found["count"])
    if concept == "spe":
        found = solve_by_subgames(tree, tol, max_equilibria)
        return TreeSolution(tree=tree, concept=concept, method="subgames", equilibria=found["equilibria"],
                            complete=found["complete"], degenerate=found["degenerate"], tol=tol, ties=found["ties"],
                            subgames=found["subgames"], warnings=found["warnings"], count=found["count"])
    if concept == "pbe":
        found = solve_pbe(tree, tol, max_equilibria, mixed=mixed)
        return TreeSolution(tree=tree, concept=concept, method="assessments", equilibria=found["equilibria"],
                            complete=found["complete"], degenerate=found["degenerate"], tol=tol,
                            subgames=found["subgames"], warnings=found["warnings"], count=found["count"])
    found = solve_nash(tree, tol, max_equilibria, method=method, budget=budget)
    return TreeSolution(tree=tree, concept=concept,
                        method="reduced-strategic-form" + ("" if method == "auto" else f"/{method}"),
                        equilibria=found["equilibria"],
                        complete=found["complete"], degenerate=found["degenerate"], tol=tol,
                        subgames=found["subgames"], warnings=found["warnings"], count=found["count"])
