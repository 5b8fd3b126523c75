"""Sweeps of perfect-information game trees: where the subgame-perfect plan changes, exactly.

The grid is solved in one vectorised backward induction
(:func:`wedge_cli.solve.tree.batch.backward_induction`): the plan at every grid point.
The thresholds do not depend on the grid. When every payoff and chance probability is a
polynomial in the swept parameter, a fixed plan gives each mover's value of each action
as a polynomial, and the plan stays subgame perfect while each mover's chosen action is
worth at least as much as the others. Walking up the range from the plan at its start,
the plan can only change at a root of one of those differences; each root is tried
exactly (:func:`wedge_cli.algebra.polynomials.find_roots`), and where the plan just
after it differs, it is a threshold, with the nodes whose choice flips. Otherwise the
thresholds are found by bisection on exact points between grid points whose plans
differ, and marked approximate. The method: docs/trees.md ("Sweeps").
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.algebra.polynomials import Root, add, clear_denominators, evaluate, find_roots, multiply
from wedge_cli.budget import Budget
from wedge_cli.errors import WedgeError
from wedge_cli.expr import polynomial_coefficients
from wedge_cli.model import exact_number
from wedge_cli.solve.tree import default_concept, solve_tree
from wedge_cli.solve.tree.batch import backward_induction, check_distributions, decision_nodes, perfect_information
from wedge_cli.sweep.axis import Axis
from wedge_cli.sweep.pbe import PURE_ONLY, sweep_pbe
from wedge_cli.sweep.tree_result import Flip, TreeCrossing, TreeMap, TreeRegime, TreeSweep, TreeThreshold
from wedge_cli.tree import CHANCE, TERMINAL, TreeSpec

MAX_DEPTH = 60
"""Most nested refinements of one grid interval before a threshold is reported as approximate."""

BISECTION_FLOOR = Fraction(1, 2**48)
"""Bisection stops when the bracket is narrower than this (relative to the values, at least 1)."""

TIE_TOL = 1e-12
"""Relative tolerance under which two float values tie on the grid (exact points decide)."""

__all__ = ["Flip", "TreeCrossing", "TreeMap", "TreeRegime", "TreeSweep", "TreeThreshold", "sweep_tree", "sweep_tree_map"]


def _base_values(spec: TreeSpec, fixed: Mapping[str, Fraction | float | str]) -> dict[str, Fraction | float]:
    values: dict[str, Fraction | float] = {}
    for name, p in spec.parameters.items():
        raw = fixed.get(name, p.value)
        q = exact_number(raw)
        values[name] = q if q is not None else float(raw)
    return values


class _Refiner:
    """Exact solving at single points and the polynomials of the swept tree."""

    def __init__(self, spec: TreeSpec, name: str, base: Mapping[str, Fraction | float], budget: Budget,
                 span: tuple[Fraction, Fraction]):
        self.spec, self.name, self.base, self.budget = spec, name, base, budget
        self.skeleton = spec.skeleton
        self.columns = decision_nodes(self.skeleton)
        self.column = {node: j for j, node in enumerate(self.columns)}
        self.exact = all(isinstance(v, Fraction) for k, v in base.items() if k != name)
        self.polys = self._polynomials() if self.exact else None
        self.cache: dict[Fraction, tuple[tuple[int, ...], bool]] = {}
        self.root_cache: dict[tuple[int, ...], tuple[list[tuple], list[Root]]] = {}
        self.span = span

    def _polynomials(self):
        env = {k: v for k, v in self.base.items() if k != self.name}
        payoffs = []
        for outcome in self.spec.outcomes:
            row = [polynomial_coefficients(cell, self.name, env) for cell in outcome.payoffs]
            if any(p is None for p in row):
                return None
            payoffs.append(row)
        probabilities = []
        for k, cells in enumerate(self.spec.probabilities):
            if self.skeleton.infosets[k].player is not None:
                probabilities.append(())
                continue
            row = [polynomial_coefficients(cell, self.name, env) for cell in cells]
            if any(p is None for p in row):
                return None
            probabilities.append(row)
        return payoffs, probabilities

    def plan_at(self, q: Fraction) -> tuple[tuple[int, ...], bool]:
        """The plan (first best action at each decision node) at the exact point ``q``, and whether any node ties."""
        if q not in self.cache and self.polys is not None:
            self.budget.tick("refining the thresholds of the tree sweep")
            payoffs, probabilities = self.polys
            exact = np.array([[[evaluate(p, q) for p in row] for row in payoffs]], dtype=object)
            chance = [np.array([[evaluate(p, q) for p in row]], dtype=object) if row else None
                      for row in probabilities]
            plan = backward_induction(self.skeleton, exact, chance, tol=0)
            self.cache[q] = (tuple(int(c) for c in plan.choices[0]), bool(plan.ties[0].any()))
        if q not in self.cache:
            self.budget.tick("refining the thresholds of the tree sweep")
            tree = self.spec.tree({**{k: v for k, v in self.base.items() if k != self.name}, self.name: q})
            if tree.exact is not None:
                payoffs = tree.exact.reshape(1, *tree.exact.shape)
                probabilities = [None if tree.infosets[k].player is not None else
                                 np.array([tree.exact_probabilities[k]], dtype=object)
                                 for k in range(len(tree.infosets))]
                if not any(p is None for k, p in enumerate(probabilities) if tree.infosets[k].player is None):
                    plan = backward_induction(self.skeleton, payoffs, probabilities, tol=0)
                    self.cache[q] = (tuple(int(c) for c in plan.choices[0]), bool(plan.ties[0].any()))
                    return self.cache[q]
            payoffs = tree.payoffs.reshape(1, *tree.payoffs.shape)
            probabilities = [None if tree.infosets[k].player is not None else np.array([tree.probabilities[k]])
                             for k in range(len(tree.infosets))]
            scale = float(np.abs(tree.payoffs).max(initial=0.0)) or 1.0
            plan = backward_induction(self.skeleton, payoffs, probabilities, tol=TIE_TOL * scale)
            self.cache[q] = (tuple(int(c) for c in plan.choices[0]), bool(plan.ties[0].any()))
        return self.cache[q]

    def _values(self, plan: tuple[int, ...]) -> list[list[tuple]]:
        """Each node's payoff vector under ``plan`` as polynomials in the swept parameter."""
        payoffs, probabilities = self.polys
        nodes = self.skeleton.nodes
        n = self.skeleton.n_players
        values: list = [None] * len(nodes)
        for i in range(len(nodes) - 1, -1, -1):
            node = nodes[i]
            if node.kind == TERMINAL:
                here = [()] * n
            elif node.kind == CHANCE:
                here = [()] * n
                for k, child in enumerate(node.children):
                    p = probabilities[node.infoset][k]
                    here = [add(here[player], multiply(p, values[child][player])) for player in range(n)]
            else:
                here = values[node.children[plan[self.column[i]]]]
            if node.outcome is not None:
                here = [add(here[player], payoffs[node.outcome][player]) for player in range(n)]
            values[i] = here
        return values

    def differences(self, plan: tuple[int, ...]) -> list[tuple]:
        """Under ``plan``: at each decision node, the mover's value of the chosen action minus each other
        action's, as polynomials in the swept parameter (identically zero ones left out).

        ``plan`` is subgame perfect exactly where every one of them is >= 0.
        """
        values = self._values(plan)
        out = []
        for j, node in enumerate(self.columns):
            here = self.skeleton.nodes[node]
            mover = self.skeleton.infosets[here.infoset].player
            chosen = values[here.children[plan[j]]][mover]
            for k, child in enumerate(here.children):
                if k == plan[j]:
                    continue
                difference = add(chosen, tuple(-c for c in values[child][mover]))
                while difference and difference[-1] == 0:
                    difference = difference[:-1]
                if difference:
                    out.append(difference)
        return out

    def _plan_roots(self, plan: tuple[int, ...]) -> tuple[list[tuple], list[Root]]:
        """``plan``'s indifferences and all their roots over the swept range, sorted, once each (cached)."""
        if plan not in self.root_cache:
            differences = self.differences(plan)
            lo, hi = self.span
            found = {}
            for d in differences:
                if len(d) >= 2:
                    for r in find_roots(clear_denominators(d), lo - 1, hi + 1):
                        found.setdefault(r.exact if r.exact is not None else round(r.value, 12), r)
            self.root_cache[plan] = (differences, sorted(found.values(), key=lambda r: r.value))
        return self.root_cache[plan]

    def roots(self, plan: tuple[int, ...], lo: Fraction, hi: Fraction) -> list[Root]:
        """Where some indifference of ``plan`` vanishes strictly inside ``(lo, hi)``: sorted, once each."""
        return [r for r in self._plan_roots(plan)[1] if _inside(r, lo, hi)]

    def tied_at(self, plan: tuple[int, ...], x: Fraction) -> bool:
        """Whether some (not identically zero) indifference of ``plan`` vanishes at ``x``."""
        return any(evaluate(d, x) == 0 for d in self._plan_roots(plan)[0])

    def plan_after(self, lo: Root | Fraction, hi: Fraction) -> tuple[tuple[int, ...], Fraction] | None:
        """The plan just right of ``lo``: ``(plan, c)`` with ``plan`` subgame perfect on all of ``(lo, c]``.

        ``c`` starts between ``lo`` and ``hi`` and moves left past every indifference of the
        plan found at ``c`` until none is left between ``lo`` and ``c``.
        """
        left = lo if isinstance(lo, Fraction) else _at(lo)
        c = _between(left, hi)
        for _ in range(MAX_DEPTH):  # c is never a point where the plan ties: a tie may be a threshold
            plan = self.plan_at(c)[0]
            inside = [r for r in self.roots(plan, left, c) if _after(r, lo)]
            if not inside and not self.tied_at(plan, c):
                return plan, c
            c = _between(left, _at(inside[0]) if inside else c)
            if not left < c:
                return None
        return None


def _inside(r: Root, lo: Fraction, hi: Fraction) -> bool:
    """Whether root ``r`` lies strictly inside ``(lo, hi)`` (an irrational one: judged by its float, to 1e-12)."""
    if r.exact is not None:
        return lo < r.exact < hi
    return float(lo) + 1e-12 * (1 + abs(r.value)) < r.value < float(hi) - 1e-12 * (1 + abs(r.value))


def _after(r: Root, lo: Root | Fraction) -> bool:
    """Whether root ``r`` lies strictly right of ``lo`` (a root or an exact number)."""
    if isinstance(lo, Fraction):
        return r.value > lo if r.exact is None else r.exact > lo
    return not _same(r, lo) and r.value > lo.value


def _same(x: Root, y: Root) -> bool:
    if x.exact is not None and y.exact is not None:
        return x.exact == y.exact
    return abs(x.value - y.value) <= 1e-12 * (1 + abs(x.value))


def _between(lo: Fraction, hi: Fraction) -> Fraction:
    """A short rational strictly between ``lo`` and ``hi``."""
    mid = (lo + hi) / 2
    for den in (1, 2, 4, 5, 8, 10, 16, 20, 32, 64, 100, 1000):
        q = Fraction(round(mid * den), den)
        if lo < q < hi:
            return q
    return mid


def _at(root: Root) -> Fraction:
    """The root as an exact number: itself when rational, else the float nearest to it."""
    if root.exact is not None:
        return root.exact
    return Fraction(root.value)


def _flips(refiner: _Refiner, before, after) -> tuple[Flip, ...]:
    return tuple(Flip(node, before[j], after[j]) for j, node in enumerate(refiner.columns) if before[j] != after[j])


def _walk(refiner: _Refiner, start: Fraction, stop: Fraction, work: Budget
          ) -> tuple[list[TreeThreshold], list[tuple[int, ...]]] | None:
    """Every threshold in ``(start, stop)``, exactly, for polynomial trees (None if the walk loses its way).

    A plan stays subgame perfect while every indifference of it (:meth:`_Refiner.differences`)
    stays >= 0, so, from the plan just right of ``start``, the next change can only be at a
    root of one of them. Each root is tried in turn: if the plan just right of it differs,
    it is a threshold, and the walk goes on from there with the new plan. Nothing between
    grid points is missed, however close two thresholds are.
    """
    found = refiner.plan_after(start, stop)
    if found is None:
        return None
    plan, x = found
    out: list[TreeThreshold] = []
    plans = [plan]  # the plan between thresholds: one more than the thresholds
    while True:
        work.tick("locating the thresholds of the tree sweep")
        candidates: list[Root | Fraction] = [x] if refiner.tied_at(plan, x) else []
        candidates += refiner.roots(plan, x, stop)
        for k, r in enumerate(candidates):
            hi = _at(candidates[k + 1]) if k + 1 < len(candidates) else stop
            after = refiner.plan_after(r, hi)
            if after is None:
                return None
            if after[0] != plan:
                root = r if isinstance(r, Root) else Root(float(r), r, None)
                out.append(TreeThreshold(root.value, root.exact, _flips(refiner, plan, after[0]), True, root.poly))
                plan, x = after
                plans.append(plan)
                break
        else:
            return out, plans


def _bisect(refiner: _Refiner, a: Fraction, plan_a, b: Fraction, plan_b, depth: int = 0) -> list[TreeThreshold]:
    """Thresholds between two points whose plans differ, by bisection on exact points (not certified)."""
    if depth >= MAX_DEPTH:
        mid = (a + b) / 2
        return [TreeThreshold(float(mid), None, _flips(refiner, plan_a, plan_b), certified=False)]
    c = _between(a, b) if depth < 8 else (a + b) / 2
    plan_c = refiner.plan_at(c)[0]
    out: list[TreeThreshold] = []
    if plan_c != plan_a:
        out += _bisect(refiner, a, plan_a, c, plan_c, depth + 1)
    if plan_c != plan_b:
        out += _bisect(refiner, c, plan_c, b, plan_b, depth + 1)
    return out


def _grid_thresholds(refiner: _Refiner, axis: Axis, plan, work: Budget) -> list[TreeThreshold]:
    """Thresholds by bisection between grid points whose plans differ (trees that are not polynomial).

    A grid point where some mover is indifferent sits on a threshold, so it is replaced by
    two exact points just beside it (at an end of the range, the one inside).
    """
    nudge = (axis.stop - axis.start) / axis.steps / 64
    samples: list[tuple[Fraction, tuple[int, ...]]] = []
    for i in range(axis.size):
        q = axis.exact_value(i)
        if not plan.ties[i].any() or not refiner.plan_at(q)[1]:
            samples.append((q, refiner.plan_at(q)[0] if plan.ties[i].any() else tuple(int(c) for c in plan.choices[i])))
            continue
        for point in (q - nudge, q + nudge):
            if axis.start <= point <= axis.stop:
                samples.append((point, refiner.plan_at(point)[0]))
    out: list[TreeThreshold] = []
    for i in range(1, len(samples)):
        (a, plan_a), (b, plan_b) = samples[i - 1], samples[i]
        if plan_a != plan_b:
            work.tick("locating thresholds", i, len(samples))
            out += _bisect(refiner, a, plan_a, b, plan_b)
    return out


def sweep_tree(spec: TreeSpec, axis: Axis, fixed: Mapping[str, Fraction | str | float] | None = None,
               budget: Budget | float | None = None, concept: str | None = None) -> TreeSweep:
    """Sweep one parameter of a perfect-information tree: regimes of one plan, and exact thresholds.

    Parameters
    ----------
    spec
        The tree (every decision infoset a single node).
    axis
        The swept parameter and its grid (:func:`wedge_cli.sweep.axis.parse_axis`).
    fixed
        Values of other parameters (``--set``); exact when given as text or Fractions.
    budget
        Seconds or a :class:`~wedge_cli.budget.Budget`.
    concept
        ``"spe"`` or ``"pbe"`` (perfect Bayesian equilibria, exact thresholds by
        :mod:`wedge_cli.sweep.pbe`); None: ``"pbe"`` where a player moves without seeing
        a chance move, else ``"spe"``, as ``wedge solve`` chooses.

    Raises
    ------
    WedgeError
        A tree with imperfect information (not built yet for sweeps); chance
        probabilities that are not a distribution somewhere on the grid.
    """
    work = Budget.of(budget)
    fixed = dict(fixed or {})
    base = _base_values(spec, fixed)
    concept = concept or default_concept(spec)
    if concept not in ("spe", "pbe"):
        raise WedgeError(f"sweeps of trees find subgame-perfect (spe) or perfect Bayesian (pbe) equilibria, "
                         f"not {concept!r}", hint="use --concept spe or --concept pbe")
    if concept == "pbe":
        exact = sweep_pbe(spec, axis, base, work)
        return exact if exact is not None else _sweep_by_points(spec, axis, base, work, "pbe")
    if not perfect_information(spec.skeleton):
        return _sweep_by_points(spec, axis, base, work)
    grid = axis.values()
    values = {k: np.full(grid.shape, float(v)) for k, v in base.items() if k != axis.name}
    values[axis.name] = grid
    payoffs, probabilities = spec.batch(values, size=grid.size)
    if not np.isfinite(payoffs).all():
        bad = np.argwhere(~np.isfinite(payoffs))[0]
        raise WedgeError(f"a payoff of outcome {spec.outcomes[bad[1]].name!r} is not finite at "
                         f"{axis.name} = {grid[bad[0]]:.6g}", path=spec.path, line=spec.outcomes[bad[1]].line,
                         hint="sweep a range where every payoff is defined")
    check_distributions(spec, probabilities, lambda row: f"{axis.name} = {grid[row]:.6g}")
    scale = float(np.abs(payoffs).max(initial=0.0)) or 1.0
    plan = backward_induction(spec.skeleton, payoffs, probabilities, tol=TIE_TOL * scale)
    refiner = _Refiner(spec, axis.name, base, work, (axis.start, axis.stop))
    thresholds: list[TreeThreshold] = []
    regimes: list[TreeRegime] = []
    warnings: list[dict] = []
    walked = _walk(refiner, axis.start, axis.stop, work) if refiner.polys is not None else None
    if walked is not None:
        thresholds, between = walked
    else:
        thresholds, between = _grid_thresholds(refiner, axis, plan, work), None
    # regimes: between consecutive thresholds, the walk's plan (or, after bisection, the plan at a point inside)
    cuts = [(float(axis.start), axis.start)] + [(t.value, t.exact) for t in thresholds] + [(float(axis.stop), axis.stop)]
    for k, ((lo, lo_q), (hi, hi_q)) in enumerate(zip(cuts, cuts[1:])):
        if between is not None:
            chosen = between[k]
        else:
            inside = _between(lo_q if lo_q is not None else Fraction(lo), hi_q if hi_q is not None else Fraction(hi)) \
                if lo < hi else (lo_q if lo_q is not None else Fraction(lo))
            chosen = refiner.plan_at(inside)[0]
        if regimes and regimes[-1].choices == chosen:
            last = regimes[-1]
            regimes[-1] = TreeRegime(last.start, hi, chosen, last.exact_start, hi_q)
        else:
            regimes.append(TreeRegime(lo, hi, chosen, lo_q, hi_q))
    if any(not t.certified for t in thresholds):
        warnings.append({"code": "approximate_threshold",
                         "message": "some thresholds were located by bisection, not solved exactly (payoffs or "
                                    "probabilities that are not polynomial in the swept parameter, or values that "
                                    "do not change smoothly); they are accurate to about 1e-12"})
    if refiner.polys is None and thresholds:
        warnings.append({"code": "not_polynomial",
                         "message": f"payoffs or probabilities are not polynomial in {axis.name}, so thresholds are "
                                    "found by bisection"})
    return TreeSweep(spec, axis, base, refiner.columns, tuple(regimes), tuple(thresholds),
                     refiner.polys is not None, tuple(warnings), grid, plan.choices,
                     np.asarray(plan.values, dtype=float), plan.ties.any(axis=1))



def _solve_point(spec: TreeSpec, values: Mapping[str, Fraction | float], concept: str = "spe"
                 ) -> tuple[tuple, tuple[float, ...], bool]:
    """At one point: the equilibria's paths of play (sorted, once each: a tree's "structure"),
    the first equilibrium's payoffs (NaN when none was found), and whether there are several."""
    solution = solve_tree(spec.tree(dict(values)), concept=concept, mixed=False)
    paths = tuple(sorted({tuple(step.actions for step in eq.path) for eq in solution.equilibria}))
    first = solution.equilibria[0].payoffs if solution.equilibria else (float("nan"),) * len(spec.players)
    return paths, tuple(first), (solution.count or len(solution.equilibria)) > 1


def _sweep_by_points(spec: TreeSpec, axis: Axis, base: Mapping[str, Fraction | float], work: Budget,
                     concept: str = "spe") -> TreeSweep:
    """A 1-D sweep of a tree with information sets of several nodes: each grid point solved by subgames
    (:func:`solve_tree`); where two neighbours' sets of equilibrium paths differ, the change is located by
    bisection on exact points (to :data:`MAX_DEPTH` halvings) and reported as approximate."""
    name = axis.name

    def solved(q: Fraction) -> tuple[tuple, tuple[float, ...], bool]:
        work.tick("solving the tree at each grid point", None, None)
        return _solve_point(spec, {**base, name: q}, concept)

    def at(q: Fraction) -> tuple:
        return solved(q)[0]

    grid = [solved(axis.exact_value(i)) for i in range(axis.size)]
    points = [(axis.exact_value(i), grid[i][0]) for i in range(axis.size)]
    thresholds: list[TreeThreshold] = []
    brackets: list[tuple[Fraction, Fraction]] = []  # around each threshold: its left set at lo, its right at hi
    regimes: list[TreeRegime] = []
    for (a, pa), (b, pb) in zip(points, points[1:]):
        if pa == pb:
            continue
        lo, hi = a, b
        for _ in range(MAX_DEPTH):
            if hi - lo <= BISECTION_FLOOR * max(1, abs(lo), abs(hi)):
                break  # finer would gain nothing, and near 0 would ask for values wedge refuses (< 1e-15)
            mid = (lo + hi) / 2
            if at(mid) == pa:
                lo = mid
            else:
                hi = mid
        cut = (lo + hi) / 2
        if thresholds and abs(thresholds[-1].value - float(cut)) <= 1e-9 * (1 + abs(float(cut))):
            brackets[-1] = (brackets[-1][0], hi)
            continue  # a grid point on the threshold itself (its own set, a tie): one threshold, not two
        thresholds.append(TreeThreshold(float(cut), None, (), certified=False))
        brackets.append((lo, hi))
    # each regime is solved strictly inside the brackets around it, never at a threshold itself
    inner = [axis.start] + [x for pair in brackets for x in pair] + [axis.stop]
    for k, (lo, hi) in enumerate(zip(inner[::2], inner[1::2])):
        paths = at(_between(lo, hi)) if lo < hi else at(lo)
        start = axis.start if k == 0 else Fraction(thresholds[k - 1].value)
        stop = axis.stop if k == len(thresholds) else Fraction(thresholds[k].value)
        start_q = axis.start if k == 0 else None
        stop_q = axis.stop if k == len(thresholds) else None
        if regimes and regimes[-1].paths == paths:
            last = regimes[-1]
            regimes[-1] = TreeRegime(last.start, float(stop), (), last.exact_start, stop_q, paths)
        else:
            regimes.append(TreeRegime(float(start), float(stop), (), start_q, stop_q, paths))
    warnings = ({"code": "approximate_threshold",
                 "message": "this tree has information sets of several nodes, so its thresholds were located by "
                            "bisection between grid points, not solved exactly; they are accurate to about 1e-12 of "
                            "the grid step, and a change between two grid points that changes back is not seen"},
                ) if thresholds else ()
    if concept == "pbe":
        warnings += (PURE_ONLY,)
    return TreeSweep(spec, axis, base, (), tuple(regimes), tuple(thresholds), False, warnings, axis.values(), None,
                     np.array([g[1] for g in grid], dtype=float).reshape(axis.size, len(spec.players)),
                     np.array([g[2] for g in grid], dtype=bool), concept=concept)


def sweep_tree_map(spec: TreeSpec, axes: tuple[Axis, Axis], fixed: Mapping[str, Fraction | str | float] | None = None,
                   budget: Budget | float | None = None, concept: str | None = None) -> TreeMap:
    """A 2-D map of a perfect-information tree: the subgame-perfect plan at every grid point, and the
    thresholds along every grid line, each found exactly by :func:`sweep_tree`'s walk.

    The plan at a grid point is its first-best backward-induction plan (one vectorised
    solve of the whole grid); at a point on a boundary, where a mover is indifferent, it
    is the first action in the file's order.
    """
    work = Budget.of(budget)
    fixed = dict(fixed or {})
    first, second = axes
    if first.name == second.name:
        raise WedgeError(f"the two swept parameters are both {first.name!r}", hint="sweep two different parameters")
    concept = concept or default_concept(spec)
    if concept == "pbe" or not perfect_information(spec.skeleton):
        return _map_by_lines(spec, (first, second), fixed, work, concept)
    base = _base_values(spec, fixed)
    x, y = first.values(), second.values()
    size = x.size * y.size
    values = {k: np.full(size, float(v)) for k, v in base.items() if k not in (first.name, second.name)}
    values[first.name] = np.repeat(x, y.size)
    values[second.name] = np.tile(y, x.size)
    payoffs, probabilities = spec.batch(values, size=size)
    if not np.isfinite(payoffs).all():
        raise WedgeError("a payoff is not finite somewhere on the grid", path=spec.path,
                         hint="sweep ranges where every payoff is defined")
    check_distributions(spec, probabilities, lambda row: f"{first.name} = {values[first.name][row]:.6g}, "
                                                         f"{second.name} = {values[second.name][row]:.6g}")
    scale = float(np.abs(payoffs).max(initial=0.0)) or 1.0
    plan = backward_induction(spec.skeleton, payoffs, probabilities, tol=TIE_TOL * scale)
    unique, inverse = np.unique(plan.choices, axis=0, return_inverse=True)
    order = sorted(range(len(unique)), key=lambda k: int(np.flatnonzero(inverse.reshape(-1) == k)[0]))
    rank = {k: r for r, k in enumerate(order)}
    regime_of = np.array([rank[int(k)] for k in inverse.reshape(-1)]).reshape(x.size, y.size)
    plans = tuple(tuple(int(c) for c in unique[k]) for k in order)
    crossings: list[TreeCrossing] = []
    warnings: list[dict] = []
    for along, other in ((first, second), (second, first)):
        for i in range(other.size):
            at = other.exact_value(i)
            work.tick("locating the boundaries of the tree map", len(crossings), None)
            line = sweep_tree(spec, along, {**fixed, other.name: at}, budget=work)
            crossings += [TreeCrossing(along.name, {other.name: at}, t) for t in line.thresholds]
            warnings += [w for w in line.warnings if w not in warnings]
    return TreeMap(spec, (first, second), base, decision_nodes(spec.skeleton), plans, regime_of, tuple(crossings),
                   tuple(warnings))


def _map_by_lines(spec: TreeSpec, axes: tuple[Axis, Axis], fixed: Mapping, work: Budget, concept: str) -> TreeMap:
    """A 2-D map swept line by line: each grid line of the second parameter swept along the first
    (:func:`sweep_tree`: exactly for the pure perfect Bayesian equilibria; for the subgame-perfect ones of
    a tree with information sets of several nodes, point by point with bisection, approximate), and each of
    the first along the second for the crossings. A grid point gets the regime its line puts it in."""
    first, second = axes
    base = _base_values(spec, fixed)
    x = first.values()
    keys: dict[tuple, int] = {}
    sets: list[TreeRegime] = []
    regime_of = np.zeros((x.size, second.size), dtype=int)
    crossings: list[TreeCrossing] = []
    warnings: list[dict] = []
    for j in range(second.size):
        at = second.exact_value(j)
        work.tick("mapping the tree's equilibria line by line", j, second.size)
        line = sweep_tree(spec, first, {**fixed, second.name: at}, budget=work, concept=concept)
        crossings += [TreeCrossing(first.name, {second.name: at}, t) for t in line.thresholds]
        warnings += [w for w in line.warnings if w not in warnings]
        for i in range(x.size):
            q = first.exact_value(i)
            regime = next((r for r in line.regimes if _contains(r, q)), line.regimes[-1])
            key = (regime.paths, regime.kinds)
            if key not in keys:
                keys[key] = len(sets)
                sets.append(regime)
            regime_of[i, j] = keys[key]
    for i in range(first.size):
        at = first.exact_value(i)
        work.tick("locating the boundaries of the map", i, first.size)
        line = sweep_tree(spec, second, {**fixed, first.name: at}, budget=work, concept=concept)
        crossings += [TreeCrossing(second.name, {first.name: at}, t) for t in line.thresholds]
        warnings += [w for w in line.warnings if w not in warnings]
    return TreeMap(spec, (first, second), base, (), (), regime_of, tuple(crossings), tuple(warnings), concept,
                   tuple(sets))


def _contains(regime: TreeRegime, q: Fraction) -> bool:
    """Whether the exact point ``q`` lies in ``regime`` (its start inclusive; floats where the ends are irrational)."""
    start = regime.exact_start if regime.exact_start is not None else Fraction(regime.start)
    stop = regime.exact_stop if regime.exact_stop is not None else Fraction(regime.stop)
    return start <= q <= stop
