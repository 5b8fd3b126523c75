"""What tree sweeps return: thresholds, regimes, 1-D sweeps and 2-D maps (:mod:`wedge_cli.sweep.tree`,
:mod:`wedge_cli.sweep.pbe`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wedge_cli.sweep.axis import Axis
from wedge_cli.tree import TreeSpec

__all__ = ["Flip", "TreeCrossing", "TreeMap", "TreeRegime", "TreeSweep", "TreeThreshold"]


@dataclass(frozen=True)
class Flip:
    """At decision node ``node``, the choice changes from action ``before`` to ``after`` as the parameter rises."""

    node: int
    before: int
    after: int


@dataclass(frozen=True)
class TreeThreshold:
    """A parameter value where the plan changes. ``exact`` when rational; ``poly`` for an irrational root."""

    value: float
    exact: Fraction | None
    flips: tuple[Flip, ...]
    certified: bool = True
    poly: tuple[int, ...] | None = None


@dataclass(frozen=True)
class TreeRegime:
    """A stretch ``[start, stop]`` of the parameter with one plan: ``choices[j]`` at decision node ``nodes[j]``."""

    start: float
    stop: float
    choices: tuple[int, ...]
    exact_start: Fraction | None = None
    exact_stop: Fraction | None = None
    paths: tuple[tuple[tuple[str, ...], ...], ...] | None = None
    """For a tree with information sets of several nodes (``choices`` empty): the paths of play
    of its subgame-perfect equilibria, one entry per equilibrium path (each a tuple of the
    action sequences it reaches); for perfect Bayesian equilibria one entry per equilibrium."""
    kinds: tuple[tuple[str | None, bool | None, tuple[tuple[int, int], ...]], ...] | None = None
    """Perfect Bayesian equilibria: ``(kind, intuitive, off_path)`` of each equilibrium, aligned with
    ``paths``; ``off_path`` the ``(infoset, action)`` choices at decision infosets its path never reaches."""


@dataclass(frozen=True, eq=False)
class TreeSweep:
    spec: TreeSpec
    axis: Axis
    fixed: Mapping[str, Fraction | float]
    nodes: tuple[int, ...]
    regimes: tuple[TreeRegime, ...]
    thresholds: tuple[TreeThreshold, ...]
    exact: bool
    warnings: tuple[dict, ...] = field(default_factory=tuple)
    grid: np.ndarray | None = None
    grid_choices: np.ndarray | None = None
    grid_payoffs: np.ndarray | None = None
    """``grid_payoffs[i, p]``: player p's expected payoff at grid point i under the plan solved there (the
    first best action where a mover is indifferent; for information sets of several nodes, the first
    subgame-perfect equilibrium found); NaN where none was found."""
    grid_several: np.ndarray | None = None
    """``grid_several[i]``: grid point i has more than one subgame-perfect equilibrium (a mover is indifferent
    somewhere, on or off the path), so ``grid_payoffs[i]`` is one of several."""
    concept: str = "spe"
    """The equilibria swept: ``"spe"`` (subgame perfect) or ``"pbe"`` (perfect Bayesian, :mod:`wedge_cli.sweep.pbe`)."""


@dataclass(frozen=True)
class TreeCrossing:
    """A threshold of ``parameter`` found along the grid line where the other swept parameter is ``where``."""

    parameter: str
    where: Mapping[str, Fraction]
    threshold: TreeThreshold


@dataclass(frozen=True, eq=False)
class TreeMap:
    """A 2-D sweep of a tree: the plan at every grid point and the exact crossings along grid lines.

    ``regime_of[i, j]`` is the index in ``plans`` of the plan at ``(axes[0] value i,
    axes[1] value j)``; ``crossings`` are the thresholds of ``axes[0]`` along each line of
    fixed ``axes[1]`` and of ``axes[1]`` along each line of fixed ``axes[0]``, exact as in
    :func:`sweep_tree`.
    """

    spec: TreeSpec
    axes: tuple[Axis, Axis]
    fixed: Mapping[str, Fraction | float]
    nodes: tuple[int, ...]
    plans: tuple[tuple[int, ...], ...]
    regime_of: np.ndarray
    crossings: tuple[TreeCrossing, ...]
    warnings: tuple[dict, ...] = ()
    concept: str = "spe"
    sets: tuple[TreeRegime, ...] | None = None
    """A map swept line by line (perfect Bayesian equilibria, or the subgame-perfect ones of a tree with
    information sets of several nodes): for each regime, a :class:`TreeRegime` holding its equilibria
    (``paths``, and ``kinds`` for PBE; its range is that of one line, not meaningful); ``plans`` is then
    empty."""
