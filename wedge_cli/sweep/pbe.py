"""Sweeps of perfect Bayesian equilibria: the exact parameter values where the set of pure PBE changes.

Whether a pure profile is a perfect Bayesian equilibrium, which belief supports it and
whether it passes the intuitive criterion depend on the signs of finitely many numbers
(:func:`wedge_cli.solve.tree.pbe.critical_quantities`): gains from other continuations,
Bayes weights, minors of the matrices whose polytopes hold the supporting beliefs. When
every payoff and chance probability is a polynomial in the swept parameter, each of them
is a polynomial too, of a degree bounded from the tree (:func:`_degree`). So:

1. the numbers are computed exactly at ``degree + 1`` points of the range and each is
   interpolated (Newton's differences, :func:`wedge_cli.algebra.polynomials.interpolate`);
2. the roots of those polynomials inside the range are the only places where the set of
   equilibria can change (:func:`~wedge_cli.algebra.polynomials.find_roots`: exact when
   rational, else the polynomial and a float);
3. the set is solved exactly (:func:`~wedge_cli.solve.tree.solve_tree`, ``"pbe"``) at one
   rational point strictly between consecutive roots; a root where the sets on its two
   sides differ is a threshold.

Nothing depends on the grid, which only says where ``--points`` reports. Only the pure
equilibria are swept (:data:`PURE_ONLY`): the numbers above decide them, not the mixed
ones that :mod:`~wedge_cli.solve.tree.hybrid` finds at a single point. Payoffs that
are not polynomial, or trees with too many of those numbers, fall back to solving the
grid and bisecting (``sweep_tree``), marked approximate.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.polynomials import Root, add, clear_denominators, find_roots, interpolate, multiply
from wedge_cli.budget import Budget
from wedge_cli.expr import polynomial_coefficients
from wedge_cli.solve.tree import solve_tree
from wedge_cli.solve.tree.pbe import critical_quantities
from wedge_cli.sweep.axis import Axis
from wedge_cli.sweep.tree_result import TreeRegime, TreeSweep, TreeThreshold
from wedge_cli.tree import CHANCE, TreeSpec

__all__ = ["PURE_ONLY", "equilibrium_set", "sweep_pbe"]

PURE_ONLY = {"code": "pure_only",
             "message": "the regimes and thresholds are those of the pure perfect Bayesian equilibria; mixed ones "
                        "(which wedge solve also lists in a signalling game with two types) are not swept"}
"""The note every sweep of perfect Bayesian equilibria carries."""


def _degree(spec: TreeSpec, name: str, env: Mapping[str, Fraction]) -> int | None:
    """A bound on the degree in ``name`` of every critical quantity, or None when a payoff or
    probability is not a polynomial in it."""
    def degree(cell) -> int | None:
        p = polynomial_coefficients(cell, name, env)
        return None if p is None else max(len(p) - 1, 0)

    pay = [degree(c) for o in spec.outcomes for c in o.payoffs]
    prob = [degree(c) for k, cells in enumerate(spec.probabilities) if spec.skeleton.infosets[k].player is None
            for c in cells]
    if any(d is None for d in pay + prob):
        return None
    dp, dq = max(pay, default=0), max(prob, default=0)
    nodes = spec.skeleton.nodes
    depth = [0] * len(nodes)  # chance nodes above each node
    for i, node in enumerate(nodes):
        if node.parent is not None:
            depth[i] = depth[node.parent] + (nodes[node.parent].kind == CHANCE)
    chance_depth = max(depth, default=0)
    # outcomes may sit on inner nodes: a payoff sums up to one outcome per node on the path
    node_level = chance_depth * dq + dp
    widest = max((len(info.nodes) for info in spec.skeleton.infosets if info.player is not None), default=1)
    return max(chance_depth * dq + node_level, widest * node_level, 1)


def _compose(p: list, alpha: Fraction, beta: Fraction) -> list:
    """``p(alpha * x + beta)`` as coefficients in ``x`` (Horner's rule)."""
    out: tuple = ()
    for c in reversed(p):
        out = add(multiply(out, (beta, alpha)), (c,))
    return list(out)


def _candidates(spec: TreeSpec, name: str, env: Mapping[str, Fraction], lo: Fraction, hi: Fraction,
                degree: int, work: Budget) -> list[Root] | None:
    """The roots in ``(lo, hi)`` of every critical quantity, sorted, once each; None when there are too many."""
    samples = []
    for s in range(degree + 1):
        work.tick("sampling the critical quantities of the tree", s, degree + 1)
        q = lo + (hi - lo) * s / degree
        values = critical_quantities(spec.tree({**env, name: q}))
        if values is None:
            return None
        samples.append(values)
    polys = {tuple(column) for column in zip(*samples)}
    roots: dict = {}
    alpha, beta = Fraction(degree) / (hi - lo), -lo * Fraction(degree) / (hi - lo)  # s = alpha * x + beta
    for column in polys:
        if all(v == column[0] for v in column):
            continue
        in_s = interpolate(list(column))
        in_x = clear_denominators(_compose(in_s, alpha, beta))
        if len(in_x) < 2:
            continue
        for r in find_roots(in_x, lo, hi):
            key = r.exact if r.exact is not None else (tuple(r.poly), round(r.value, 9))
            roots.setdefault(key, r)
    return sorted(roots.values(), key=lambda r: r.value)


def equilibrium_set(spec: TreeSpec, values: Mapping[str, Fraction]):
    """The pure perfect Bayesian equilibria at one point, as a comparable key and the solution (of the pure ones
    only: the mixed ones that ``wedge solve`` lists in a two-type signalling game are not swept)."""
    solution = solve_tree(spec.tree(dict(values)), concept="pbe", mixed=False)
    decisions = [k for k, info in enumerate(spec.skeleton.infosets) if info.player is not None]
    key = tuple(sorted((tuple(eq.behavior[k].index(max(eq.behavior[k])) for k in decisions), eq.kind, eq.intuitive)
                       for eq in solution.equilibria))
    return key, solution


def _point(r: Root | Fraction) -> tuple[float, Fraction | None]:
    """A range end or a root as ``(float, exact or None)``."""
    if isinstance(r, Root):
        return r.value, r.exact
    return float(r), r


def _between(a: Root | Fraction, b: Root | Fraction) -> Fraction:
    """A rational strictly between two increasing points (roots or Fractions)."""
    (fa, qa), (fb, qb) = _point(a), _point(b)
    if qa is not None and qb is not None:
        return (qa + qb) / 2
    return Fraction((fa + fb) / 2).limit_denominator(10**12)


def _unreached(tree, eq) -> tuple[tuple[int, int], ...]:
    """``(infoset, action)`` of an equilibrium's choices at decision infosets its path never reaches."""
    skeleton = tree.skeleton
    reached = {p for step in eq.path for p, _ in skeleton.path(step.terminal)}
    return tuple((k, eq.behavior[k].index(max(eq.behavior[k]))) for k, info in enumerate(tree.infosets)
                 if info.player is not None and not reached & set(info.nodes))


def _regime(lo, hi, solution) -> TreeRegime:
    (lo_f, lo_q), (hi_f, hi_q) = _point(lo), _point(hi)
    paths = tuple(tuple(step.actions for step in eq.path) for eq in solution.equilibria)
    kinds = tuple((eq.kind, eq.intuitive, _unreached(solution.tree, eq)) for eq in solution.equilibria)
    return TreeRegime(lo_f, hi_f, (), lo_q, hi_q, paths, kinds)


def sweep_pbe(spec: TreeSpec, axis: Axis, base: Mapping[str, Fraction | float], work: Budget) -> TreeSweep | None:
    """Regimes of one set of pure perfect Bayesian equilibria and the exact thresholds between them.

    None when the method does not apply (a payoff or probability not polynomial in the
    swept parameter, a fixed value given as a float, too many critical quantities).
    """
    name = axis.name
    env = {k: v for k, v in base.items() if k != name}
    if not all(isinstance(v, Fraction) for v in env.values()):
        return None
    degree = _degree(spec, name, env)
    if degree is None:
        return None
    lo, hi = axis.start, axis.stop
    roots = _candidates(spec, name, env, lo, hi, degree, work)
    if roots is None:
        return None
    edges: list = [lo, *roots, hi]
    runs: list[list] = []  # [start, stop, key, solution]: stretches with one set of equilibria
    thresholds: list[TreeThreshold] = []
    for k, (a, b) in enumerate(zip(edges, edges[1:])):
        work.tick("solving between the critical values", k, len(edges) - 1)
        key, solution = equilibrium_set(spec, {**env, name: _between(a, b)})
        if runs and runs[-1][2] == key:
            runs[-1][1] = b
            continue
        if runs:
            value, exact = _point(a)
            thresholds.append(TreeThreshold(value, exact, (), True, None if exact is not None else tuple(a.poly)))
        runs.append([a, b, key, solution])
    regimes = [_regime(a, b, solution) for a, b, _, solution in runs]
    solutions = [solution for *_, solution in runs]
    grid = axis.values()
    payoffs, several = _grid_payoffs(spec, axis, base, regimes, solutions, grid)
    return TreeSweep(spec, axis, base, (), tuple(regimes), tuple(thresholds), True, (PURE_ONLY,), grid, None, payoffs,
                     several, concept="pbe")


def _grid_payoffs(spec: TreeSpec, axis: Axis, base, regimes, solutions, grid: np.ndarray):
    """Each grid point's payoffs under its regime's first equilibrium (one vectorised evaluation), and
    whether the regime has several equilibria."""
    values = {k: np.full(grid.shape, float(v)) for k, v in base.items() if k != axis.name}
    values[axis.name] = grid
    payoffs, probabilities = spec.batch(values, size=grid.size)
    skeleton = spec.skeleton
    out = np.full((grid.size, len(spec.players)), np.nan)
    several = np.zeros(grid.size, dtype=bool)
    for regime, solution in zip(regimes, solutions):
        inside = (grid >= regime.start - 1e-12) & (grid <= regime.stop + 1e-12)
        several[inside] = len(solution.equilibria) > 1
        if not solution.equilibria:
            continue
        behaviour = solution.equilibria[0].behavior
        total = np.zeros((grid.size, len(spec.players)))
        for t in skeleton.terminals:
            weight = np.ones(grid.size)
            acc = np.zeros((grid.size, len(spec.players)))
            i = t
            while i is not None:
                node = skeleton.nodes[i]
                if node.outcome is not None:
                    acc += payoffs[:, node.outcome, :]
                parent = node.parent
                if parent is not None:
                    a = skeleton.nodes[parent].children.index(i)
                    k = skeleton.nodes[parent].infoset
                    weight = weight * (probabilities[k][:, a] if probabilities[k] is not None else behaviour[k][a])
                i = parent
            total += weight[:, None] * acc
        out[inside] = total[inside]
    return out, several
