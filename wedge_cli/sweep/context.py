"""The state one sweep shares between its stages: exact solves (cached), structures, budget, progress.

Every exact solve of the sweep goes through :meth:`SweepContext.solve_at`, so
each point is solved once and counted against the work budget. See docs/sweep.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.model import GameSpec, exact_number
from wedge_cli.solve import Solution, solve
from wedge_cli.solve.many import Structure, solve_many, structure_of
from wedge_cli.sweep.axis import Axis


Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` now and then."""


@dataclass
class SweepContext:
    """One sweep's game, axes and fixed values, with what its stages share.

    ``structures`` interns every structure seen (their index is the id used
    everywhere); ``cache`` holds the exact solves; ``kind`` is set by
    :func:`wedge_cli.sweep.core.sweep` from the first point's solve
    (:func:`wedge_cli.sweep.grid.solver_kind`) before any stage reads it.
    """

    spec: GameSpec
    axes: tuple[Axis, ...]
    fixed: dict[str, Fraction]
    progress: Progress | None
    requested: str = "auto"  # the solver method asked for (see SWEEP_METHODS)
    structures: list[Structure] = field(default_factory=list)
    index: dict[Structure, int] = field(default_factory=dict)
    cache: dict[tuple, Solution] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "unknown"  # sweep.grid.solver_kind of the first point, set by sweep() before any analysis
    polys: dict[tuple, np.ndarray | None] = field(default_factory=dict)
    work: int = 0  # rough cost of minors and exact solves so far (budget of 2-D refinement)
    budget: Budget = field(default_factory=lambda: Budget(None))  # the command's work budget (seconds)
    certify: bool = False  # try the batch driver on a point before solving it exactly (see structure_at)
    certified: dict[tuple, int | None] = field(default_factory=dict)  # point -> structure a batch certified
    counted: set[tuple] = field(default_factory=set)  # points whose cost is in ``work`` (solved or certified)

    def intern(self, s: Structure) -> int:
        if s not in self.index:
            self.index[s] = len(self.structures)
            self.structures.append(s)
        return self.index[s]

    def env(self, values: Mapping[str, Fraction]) -> dict[str, Fraction]:
        """Exact values of every parameter: defaults, fixed, then ``values``."""
        out = {}
        for name, p in self.spec.parameters.items():
            q = exact_number(p.value)
            out[name] = q if q is not None else Fraction(p.value)
        out.update(self.fixed)
        out.update(values)
        return out

    def solve_at(self, values: Mapping[str, Fraction]) -> Solution:
        key = tuple(sorted(values.items()))
        if key not in self.cache:
            self.count(key)
            self.cache[key] = solve(self.spec.game({**self.fixed, **values}), method=self.requested,
                                    budget=self.budget)
        return self.cache[key]

    def count(self, key: tuple) -> None:
        """Charge one point to the budget and, once per point, to ``work``."""
        self.budget.tick("the sweep")
        if key in self.counted:
            return
        self.counted.add(key)
        shape = self.spec.shape
        self.work += 10 + (math.comb(sum(shape), shape[0]) if len(shape) == 2 else math.prod(shape))

    def structure_at(self, values: Mapping[str, Fraction]) -> int:
        """The structure at ``values``: certified by :func:`wedge_cli.solve.many.solve_many` on the point's
        float payoffs when ``certify`` is set and it can, else solved exactly (:meth:`solve_at`)."""
        key = tuple(sorted(values.items()))
        if self.certify and key not in self.cache:
            if key not in self.certified:
                floats = {name: np.array([float(q)]) for name, q in {**self.fixed, **values}.items()}
                found = solve_many(self.spec.batch(floats), self.spec.players, method=self.requested,
                                   solve_one=lambda g: None).structures[0]
                self.certified[key] = None if found is None else self.intern(found)
                if found is not None:
                    self.count(key)
            sid = self.certified[key]
            if sid is not None:
                return sid
        return self.intern(structure_of(self.solve_at(values)))

    def tick(self, stage: str, done: int, total: int) -> None:
        self.budget.progress = (done, total)
        self.budget.tick(f"the sweep, {stage}", done, total)
        if self.progress is not None:
            self.progress(stage, done, total)
