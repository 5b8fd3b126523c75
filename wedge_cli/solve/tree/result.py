"""What the tree solvers return: equilibria in behaviour strategies, their paths, beliefs and threats.

Every :class:`TreeEquilibrium` that leaves :func:`wedge_cli.solve.tree.solve_tree` is a
verified Nash equilibrium of the tree; ``subgame_perfect`` says whether it is one in every
subgame too. The concepts: docs/trees.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from wedge_cli.tree import Tree


@dataclass(frozen=True)
class PathStep:
    """A terminal reached with positive probability: the actions from the root and the probability."""

    terminal: int
    actions: tuple[str, ...]
    probability: float
    exact: Fraction | None = None


@dataclass(frozen=True)
class Threat:
    """Why a Nash equilibrium is not subgame perfect.

    In the subgame rooted at ``node``, the player of ``infoset`` is planned to play
    ``planned`` but would gain ``gain`` by playing ``better`` there instead (``exact_gain``
    when the tree is rational).
    """

    infoset: int
    node: int
    planned: str
    better: str
    gain: float
    exact_gain: Fraction | None = None


@dataclass(frozen=True)
class Tie:
    """A player indifferent between ``actions`` at ``node`` (on or off the path): several SPE, and mixing, follow."""

    node: int
    actions: tuple[str, ...]


@dataclass(frozen=True)
class BeliefSet:
    """The beliefs at an information set off the path that support an equilibrium's choice there.

    A belief gives each of ``nodes`` (the infoset's nodes, in order) a probability; it
    supports the choice when ``sum(c[j] * belief[j]) >= bound`` for every
    ``(c, bound)`` in ``inequalities`` (the constraints implied by another one or by the
    simplex are left out: none means every belief supports it). ``interval``: for an
    infoset of two nodes, the supporting probabilities of the first node, ``(low, high)``.
    Numbers are Fractions for rational trees, else floats. ``witness`` is one
    supporting belief.
    """

    infoset: int
    nodes: tuple[int, ...]
    inequalities: tuple[tuple[tuple, object], ...]
    interval: tuple | None
    witness: tuple

    def contains(self, belief, tol: float = 0.0) -> bool:
        """Whether ``belief`` (one probability per node) supports the choice (within ``tol`` for floats)."""
        slack = tol if tol else 0  # 0 as an int keeps Fraction comparisons exact (a float 0.0 would round them)
        return all(sum(c * b for c, b in zip(coefficients, belief)) >= bound - slack
                   for coefficients, bound in self.inequalities)


@dataclass(frozen=True, eq=False)
class TreeEquilibrium:
    """One equilibrium in behaviour strategies.

    ``behavior[k]`` holds the probability of each action at infoset ``k`` (for chance
    infosets, the chance probabilities); ``exact`` the same as Fractions when the tree
    is rational. ``beliefs[k]`` gives, for an infoset of several nodes reached with
    positive probability, the probability of each of its nodes (Bayes' rule); for a
    perfect Bayesian equilibrium also those reached with positive probability from the
    root of the smallest subgame around them.

    Perfect Bayesian equilibria (``concept="pbe"``) also carry ``off_path``: the
    supporting beliefs at the other infosets of several nodes; ``kind`` ("separating",
    "pooling", "partially pooling" by the types' pure messages, "hybrid" when a type
    mixes: :mod:`~wedge_cli.solve.tree.hybrid`) and ``intuitive`` (Cho-Kreps) for signalling games;
    ``sequential``, whether the assessment is a sequential equilibrium (None: not
    decided). Other concepts leave them empty or None.
    """

    behavior: tuple[tuple[float, ...], ...]
    exact: tuple[tuple[Fraction, ...], ...] | None
    payoffs: tuple[float, ...]
    exact_payoffs: tuple[Fraction, ...] | None
    path: tuple[PathStep, ...]
    beliefs: Mapping[int, tuple[float, ...]] = field(default_factory=dict)
    exact_beliefs: Mapping[int, tuple[Fraction, ...]] | None = None
    subgame_perfect: bool = True
    not_credible: tuple[Threat, ...] = ()
    off_path: tuple[BeliefSet, ...] = ()
    kind: str | None = None
    intuitive: bool | None = None
    sequential: bool | None = None


@dataclass(frozen=True, eq=False)
class TreeSolution:
    """The equilibria of a tree under one solution concept (``"spe"``, ``"nash"`` or ``"pbe"``).

    ``subgames`` holds the nodes that start a subgame (preorder, the root first).
    ``count`` is how many equilibria of the kind listed there are (pure ones, for
    perfect information; combinations of the subgames' equilibria otherwise), which
    can exceed ``len(equilibria)`` when ``complete`` is False; None when not known.
    """

    tree: Tree
    concept: str
    method: str
    equilibria: tuple[TreeEquilibrium, ...]
    complete: bool
    degenerate: bool
    tol: float
    ties: tuple[Tie, ...] = ()
    subgames: tuple[int, ...] = ()
    warnings: tuple[dict, ...] = ()
    count: int | None = None
