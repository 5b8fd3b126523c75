"""A game's payoffs in the forms the n-player solver needs, and its dominance tests.

Float payoffs, exact ones (Fractions, and integers for fast exact comparisons), the
payoff scale and tolerances (``docs/nplayer.md``, step 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.solve.dominance import dominated_rows


class GameData:
    """Payoffs in the forms the solver needs."""

    def __init__(self, payoffs: np.ndarray, exact: np.ndarray | None, tol: float) -> None:
        self.u = np.asarray(payoffs, dtype=float)
        self.n = self.u.shape[0]
        self.shape = tuple(self.u.shape[1:])
        self.scale = max(1.0, float(np.max(np.abs(self.u)))) if self.u.size else 1.0
        self.tol = float(tol)
        self.ptol = self.tol / self.scale
        self.rational = exact is not None
        self.q: list[np.ndarray] | None = None  # per player: object array of Fractions
        self.cmp: list[np.ndarray] = []  # per player: arrays for exact comparisons (int64 or object)
        if exact is not None:
            self.q = [np.asarray(exact[p], dtype=object) for p in range(self.n)]
            for p in range(self.n):
                flat = self.q[p].ravel()
                den = math.lcm(*(Fraction(v).denominator for v in flat)) if flat.size else 1
                ints = np.array([int(Fraction(v) * den) for v in flat], dtype=object).reshape(self.shape)
                if ints.size == 0 or max(abs(int(v)) for v in ints.flat) < 1 << 62:
                    self.cmp.append(ints.astype(np.int64))
                else:
                    self.cmp.append(ints)
        else:
            self.cmp = [self.u[p] for p in range(self.n)]
        self.margin = 0 if self.rational else self.tol
        self._dom_cache: dict[tuple, frozenset[int]] = {}

    def dominated_given(self, player: int, keep: Sequence[int], others: Sequence[Sequence[int]]) -> frozenset[int]:
        """Strategies of ``player`` strictly dominated by a pure strategy in ``keep``, given others' supports."""
        key = (player, tuple(keep), tuple(tuple(s) for s in others))
        hit = self._dom_cache.get(key)
        if hit is not None:
            return hit
        axes = []
        it = iter(others)
        for q in range(self.n):
            axes.append(list(keep) if q == player else list(next(it)))
        sub = np.moveaxis(self.cmp[player][np.ix_(*axes)], player, 0).reshape(len(keep), -1)
        out = frozenset(int(keep[s]) for s in np.flatnonzero(dominated_rows(sub, self.margin)))
        self._dom_cache[key] = out
        return out
