"""Backward induction at many parameter points at once, for perfect-information trees.

Sweeps and robustness runs evaluate one tree at thousands of points; this runs the
backward-induction recursion once over arrays with one row per point (numpy floats, or
object arrays of Fractions for exact values), instead of once per point. At each decision
node it records the mover's best action (the first one among equals) and whether another
action ties with it. Listing every subgame-perfect equilibrium at one point, ties
included, is :func:`wedge_cli.solve.tree.solve_tree`'s job; the two are checked against
each other in the tests. The method: docs/trees.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from wedge_cli.errors import WedgeError
from wedge_cli.tree import CHANCE, DECISION, PROBABILITY_TOL, Skeleton, TreeSpec

__all__ = ["BatchPlan", "backward_induction", "check_distributions", "decision_nodes", "perfect_information", "plan_paths"]


def perfect_information(skeleton: Skeleton) -> bool:
    """Every player's information set is a single node (each mover sees every earlier move)."""
    return all(len(info.nodes) == 1 for info in skeleton.infosets if info.player is not None)


def decision_nodes(skeleton: Skeleton) -> tuple[int, ...]:
    """The decision nodes in preorder: the columns of :attr:`BatchPlan.choices`."""
    return tuple(i for i, node in enumerate(skeleton.nodes) if node.kind == DECISION)


def plan_paths(skeleton: Skeleton, columns: Sequence[int], choices: Sequence[int]) -> list[tuple[str, ...]]:
    """The paths of play (action labels from the root) a pure plan leads to: one, or one per chance branch.

    ``choices[j]`` is the action index at decision node ``columns[j]``
    (:func:`decision_nodes`). Chance branches are all listed,
    in order; their probabilities are the tree's.
    """
    choice = dict(zip(columns, choices))
    out: list[tuple[str, ...]] = []
    stack: list[tuple[int, tuple[str, ...]]] = [(0, ())]
    while stack:
        node, actions = stack.pop()
        here = skeleton.nodes[node]
        if here.kind == DECISION:
            k = choice[node]
            stack.append((here.children[k], actions + (here.actions[k],)))
        elif here.kind == CHANCE:
            for k in range(len(here.children) - 1, -1, -1):
                stack.append((here.children[k], actions + (here.actions[k],)))
        else:
            out.append(actions)
    return out


@dataclass(frozen=True, eq=False)
class BatchPlan:
    """The backward-induction plan at each of N points.

    ``choices[p, j]`` is the action index chosen at decision node ``nodes[j]`` at point
    ``p``; ``ties[p, j]`` says another action is as good there (within ``tol``, or exactly
    for exact values); ``values[p]`` is the payoff vector at the root.
    """

    nodes: tuple[int, ...]
    choices: np.ndarray
    ties: np.ndarray
    values: np.ndarray
    node_values: tuple[np.ndarray, ...] | None = None

    def structure_keys(self) -> np.ndarray:
        """One int per point: points with equal keys have the same choice at every node (a dense code)."""
        _, codes = np.unique(self.choices, axis=0, return_inverse=True)
        return codes.reshape(-1)


def backward_induction(skeleton: Skeleton, payoffs: np.ndarray, probabilities: Sequence[np.ndarray | None],
                       tol: float = 0.0, keep_values: bool = False) -> BatchPlan:
    """Solve a perfect-information tree at N points by backward induction.

    Parameters
    ----------
    skeleton
        The tree; every decision infoset must be a single node.
    payoffs
        Shape ``(N, n_outcomes, n_players)``: the outcomes' payoffs at each point, float
        or object (Fractions, for exact answers).
    probabilities
        For each infoset ``k``, an array ``(N, n_actions)`` of chance probabilities, or
        None for decision infosets (as :meth:`wedge_cli.tree.TreeSpec.batch` returns).
    tol
        Two actions whose values for the mover differ by at most ``tol`` tie (use 0 for
        exact values).
    keep_values
        Keep every node's values (:attr:`BatchPlan.node_values`; memory grows with the tree).

    Raises
    ------
    WedgeError
        When the tree has an information set of more than one node.
    """
    if not perfect_information(skeleton):
        raise WedgeError("backward induction needs perfect information: this tree has an information set "
                         "of several nodes", hint="solve it with wedge solve, which decomposes it into subgames")
    nodes = skeleton.nodes
    count, _, n_players = payoffs.shape
    exact = payoffs.dtype == object
    zero = np.zeros((count, n_players), dtype=payoffs.dtype)
    value: list[np.ndarray | None] = [None] * len(nodes)
    columns = decision_nodes(skeleton)
    column = {node: j for j, node in enumerate(columns)}
    choices = np.zeros((count, len(columns)), dtype=np.int32)
    ties = np.zeros((count, len(columns)), dtype=bool)
    rows = np.arange(count)
    for i in range(len(nodes) - 1, -1, -1):
        node = nodes[i]
        if node.children:
            stacked = np.stack([value[c] for c in node.children], axis=1)  # (N, k, n_players)
            if not keep_values:
                for c in node.children:
                    value[c] = None  # children are done with: keep memory flat on deep trees
            if node.kind == CHANCE:
                p = probabilities[node.infoset]
                here = (stacked * p[:, :, None]).sum(axis=1)
            else:
                mover = skeleton.infosets[node.infoset].player
                own = stacked[:, :, mover]
                top = own[rows, np.argmax(own, axis=1)]
                # the first action within tol of the best, so that a float tie picks what an exact one would
                best = np.argmax(own == top[:, None] if exact else own >= top[:, None] - tol, axis=1)
                gap = top[:, None] - own
                gap[rows, best] = gap.dtype.type(1) if not exact else 1  # the best action does not tie itself
                close = (gap == 0) if exact else (gap <= tol)
                j = column[i]
                choices[:, j] = best
                ties[:, j] = close.any(axis=1)
                here = stacked[rows, best]
        else:
            here = zero
        if node.outcome is not None:
            here = here + payoffs[:, node.outcome, :]
        value[i] = here
    return BatchPlan(columns, choices, ties, value[0], tuple(value) if keep_values else None)


def check_distributions(spec: TreeSpec, probabilities: Sequence[np.ndarray | None], where: Callable[[int], str]) -> None:
    """Refuse a batch in which some chance node's probabilities are not a distribution.

    ``probabilities`` as :meth:`wedge_cli.tree.TreeSpec.batch` returns them; ``where(row)``
    names the parameter values of a row in the message ("scope = 0.2").

    Raises
    ------
    WedgeError
        At the first chance node and row with a negative probability, or a sum off 1 by
        more than :data:`wedge_cli.tree.PROBABILITY_TOL`, with the file's line.
    """
    for k, p in enumerate(probabilities):
        if p is None:
            continue
        bad = np.flatnonzero((p < -PROBABILITY_TOL).any(axis=1) | (np.abs(p.sum(axis=1) - 1) > PROBABILITY_TOL)
                            | ~np.isfinite(p).all(axis=1))
        if bad.size:
            info = spec.skeleton.infosets[k]
            node = spec.skeleton.nodes[info.nodes[0]].name
            line = spec.probability_lines[k] if k < len(spec.probability_lines) else None
            raise WedgeError(f"the probabilities at chance node {node!r} are not a distribution at "
                             f"{where(int(bad[0]))} (negative, or not summing to 1)", path=spec.path, line=line,
                             hint="keep the parameters where they are, or write them so that they sum to 1 "
                                  "(e.g. the last one as 1 minus the others)")
