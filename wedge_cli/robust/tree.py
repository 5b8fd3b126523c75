"""``wedge robust`` on a game tree: how often each path of play is the subgame-perfect one.

Draws parameter vectors from the file's distributions exactly as for normal-form games
(:mod:`wedge_cli.robust.sampling`: same generator, same order, same chunks), evaluates the
tree for a chunk of draws at once (:meth:`wedge_cli.tree.TreeSpec.batch`) and solves every
draw in one vectorised backward induction
(:func:`wedge_cli.solve.tree.batch.backward_induction`); a tree with information sets of
several nodes is solved draw by draw, by subgames (:func:`wedge_cli.solve.tree.solve_tree`).
A draw's *path* is the sequence
of moves its subgame-perfect plan leads to from the root (one per chance branch). For
each path: the share of draws, with a Wilson 95% interval; the share of draws in which
some mover is indifferent (several subgame-perfect plans: the draw counts for the first
action in the file's order); and for each uncertain parameter the first-order index of
the path on it. The method: docs/robust.md ("Game trees").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.errors import WedgeError
from wedge_cli.robust.sampling import add_payoff_noise, check_run, first_order_index, sample_parameters, wilson_interval
from wedge_cli.solve.tree.batch import (backward_induction, check_distributions, decision_nodes, perfect_information,
                                        plan_paths)
from wedge_cli.solve.tree import default_concept, solve_tree
from wedge_cli.tree import Tree, TreeSpec

__all__ = ["TreeRobustResult", "run_tree"]

CHUNK = 4096
#: Floor of the cost of one draw per node, in seconds (a 9-node tree: 10,000 draws in about 0.05 s).
SAMPLE_SECONDS = 2e-7
TIE_TOL = 1e-12
_FEWER = "use fewer --samples"


@dataclass(frozen=True)
class TreeRobustResult:
    """Shares of draws by subgame-perfect path. ``paths[k]`` is a tuple of action tuples (one per chance branch)."""

    spec: TreeSpec
    samples: int
    seed: int
    payoff_noise: float
    fixed: Mapping[str, float]
    uncertain: tuple[str, ...]
    paths: tuple[dict, ...]
    tie_share: float
    sensitivity: tuple[dict, ...]
    concept: str = "spe"
    """``"spe"``: ``paths`` count the draws by subgame-perfect path; ``"pbe"``: by their
    :class:`EquilibriumSet` of pure perfect Bayesian equilibria (``tie_share``: draws with several)."""
    existence: tuple[dict, ...] = ()
    """``"pbe"``: for each equilibrium ``(kind, intuitive, paths)``, the draws in which it is one of the set."""


class EquilibriumSet(tuple):
    """A draw's pure perfect Bayesian equilibria: ``(kind, intuitive, paths)`` for each, sorted; what
    draws are counted by for a tree whose concept is ``"pbe"`` (in place of one path of play)."""

    @property
    def paths(self) -> tuple:
        """Every action sequence some equilibrium of the set reaches, once each, in order."""
        return tuple(dict.fromkeys(p for _, _, paths in self for p in paths))


def _float_tree(skeleton, payoffs: np.ndarray, probabilities, i: int) -> Tree:
    """Draw ``i`` as a floating-point tree (its chance probabilities were checked with the batch).

    Not through exact numbers: a sampled prior ``p`` and ``1 - p`` need not sum to exactly
    1 once each float is read as the decimal it prints as.
    """
    chance = tuple(() if p is None else tuple(p[i].tolist()) for p in probabilities)
    return Tree(skeleton, np.asarray(payoffs, dtype=float), None, chance,
                tuple(() if p is None else None for p in probabilities))


def _solve_each(spec: TreeSpec, payoffs: np.ndarray, probabilities, work: Budget, done: int, total: int,
                concept: str = "spe"):
    """Draws of a tree with information sets of several nodes, solved one by one (:func:`solve_tree`, by subgames).

    A draw's path is the set of terminals its first subgame-perfect equilibrium reaches
    (the action labels from the root to each); a draw with several equilibria counts as
    tied. Returns the distinct paths, each draw's index among them, and the tied count.
    With ``concept`` "pbe", a draw is counted by its whole set of pure perfect Bayesian
    equilibria (:class:`EquilibriumSet`), and "tied" means it has several.
    """
    skeleton = spec.skeleton
    paths: dict[tuple, int] = {}
    index, tied = [], 0
    for i in range(len(payoffs)):
        work.tick("solving the sampled trees one by one", done + i, total)
        solution = solve_tree(_float_tree(skeleton, payoffs[i], probabilities, i), concept=concept, budget=work,
                              mixed=False)
        if concept == "pbe":
            path = EquilibriumSet(sorted({(eq.kind, eq.intuitive, tuple(step.actions for step in eq.path))
                                          for eq in solution.equilibria}, key=repr))
            tied += len(solution.equilibria) > 1
            index.append(paths.setdefault(path, len(paths)))
            continue
        first = solution.equilibria[0]
        path = tuple(step.actions for step in first.path)
        tied += len(solution.equilibria) > 1 or solution.degenerate
        index.append(paths.setdefault(path, len(paths)))
    return list(paths), index, tied


def run_tree(spec: TreeSpec, samples: int, seed: int, *, fixed: Mapping[str, float] | None = None,
             payoff_noise: float = 0.0,
             on_chunk: Callable[[int, dict[str, np.ndarray], list[tuple]], None] | None = None,
             budget: Budget | float | None = None, concept: str | None = None) -> TreeRobustResult:
    """Monte Carlo over a perfect-information tree's parameter distributions (and optional payoff noise).

    Parameters
    ----------
    spec
        The tree; every decision infoset a single node.
    samples, seed
        Number of draws; the generator's seed (the same seed, the same draws).
    fixed
        Parameters held at a value (``--set``).
    payoff_noise
        Move every payoff by up to this fraction of its player's payoff range in the draw.
    on_chunk
        Called after each chunk with the number of draws so far, the chunk's values and
        each draw's path (for progress bars and ``--samples-out``).
    budget
        Seconds or a :class:`~wedge_cli.budget.Budget`.
    concept
        ``"spe"`` or ``"pbe"`` (each draw counted by its set of pure perfect Bayesian
        equilibria, those differing only off the path counted once); None: ``"pbe"``
        where a player moves without seeing a chance move, else ``"spe"``, as
        ``wedge solve`` chooses.

    Raises
    ------
    WedgeError
        Bad options, nothing uncertain, imperfect information, or chance probabilities
        that are not a distribution in some draw.
    """
    fixed = dict(fixed or {})
    uncertain = check_run(spec, samples, payoff_noise, fixed)
    work = Budget.of(budget)
    skeleton = spec.skeleton
    work.require(SAMPLE_SECONDS * samples * len(skeleton.nodes), f"{samples:,} draws of this tree", hint=_FEWER)
    columns = decision_nodes(skeleton)
    concept = concept or default_concept(spec)
    if concept not in ("spe", "pbe"):
        raise WedgeError(f"robustness of trees counts subgame-perfect (spe) or perfect Bayesian (pbe) equilibria, "
                         f"not {concept!r}", hint="use --concept spe or --concept pbe")
    perfect = perfect_information(skeleton) and concept == "spe"
    rng = np.random.default_rng(seed)
    path_ids: dict[tuple, int] = {}
    labels: list[np.ndarray] = []
    drawn: dict[str, list[np.ndarray]] = {name: [] for name in uncertain}
    ties = 0
    done = 0
    while done < samples:
        n = min(CHUNK, samples - done)
        values = sample_parameters(spec, n, rng, fixed)
        payoffs, probabilities = spec.batch(values, size=n)
        if payoff_noise > 0:  # noise works on (N, players, cells)
            payoffs = add_payoff_noise(payoffs.transpose(0, 2, 1), payoff_noise, rng).transpose(0, 2, 1)
        if not np.isfinite(payoffs).all():
            row = int(np.argwhere(~np.isfinite(payoffs))[0][0])
            raise WedgeError(f"a payoff is not finite in draw {done + row + 1}: "
                             + ", ".join(f"{k} = {v[row]:.6g}" for k, v in values.items()), path=spec.path,
                             hint="narrow the parameters' ranges to where every payoff is defined")
        check_distributions(spec, probabilities,
                            lambda row: ", ".join(f"{k} = {v[row]:.6g}" for k, v in values.items()))
        if perfect:
            scale = float(np.abs(payoffs).max(initial=0.0)) or 1.0
            plan = backward_induction(skeleton, payoffs, probabilities, tol=TIE_TOL * scale)
            ties += int(plan.ties.any(axis=1).sum())
            unique, inverse = np.unique(plan.choices, axis=0, return_inverse=True)
            chunk_paths = [tuple(plan_paths(skeleton, columns, [int(c) for c in row])) for row in unique]
        else:
            chunk_paths, inverse, tied = _solve_each(spec, payoffs, probabilities, work, done, samples, concept)
            ties += tied
        ids = np.array([path_ids.setdefault(path, len(path_ids)) for path in chunk_paths], dtype=np.int64)
        inverse = np.asarray(inverse).reshape(-1)
        labels.append(ids[inverse])
        for name in uncertain:
            drawn[name].append(values[name])
        done += n
        if on_chunk is not None:
            on_chunk(done, values, [chunk_paths[i] for i in inverse])
        work.tick("solving the sampled trees", done, samples)
        if done < samples:
            work.project(done, samples, f"{samples:,} draws of this tree", hint=_FEWER)
    label = np.concatenate(labels)
    counts = np.bincount(label, minlength=len(path_ids))
    paths = sorted(({"path": path, "count": int(counts[i]), "share": counts[i] / samples,
                     "ci": wilson_interval(int(counts[i]), samples)} for path, i in path_ids.items()),
                   key=lambda d: (-d["count"], d["path"]))
    existence: list[dict] = []
    if concept == "pbe":  # how often each equilibrium (kind, verdict, paths) is among a draw's
        totals: dict[tuple, int] = {}
        for path, i in path_ids.items():
            for member in path:
                totals[member] = totals.get(member, 0) + int(counts[i])
        existence = sorted(({"equilibrium": member, "count": c, "share": c / samples,
                             "ci": wilson_interval(c, samples)} for member, c in totals.items()),
                           key=lambda d: (-d["count"], repr(d["equilibrium"])))
    sensitivity = sorted(({"parameter": name, "index": first_order_index(np.concatenate(drawn[name]), label)}
                          for name in uncertain), key=lambda d: (-d["index"], d["parameter"]))
    return TreeRobustResult(spec, samples, seed, payoff_noise, fixed, uncertain, tuple(paths), ties / samples,
                            tuple(sensitivity), concept, tuple(existence))
