"""Numerical continuation along a curve of equilibria, to join its end points into one component.

``docs/nplayer.md``, step 4.
"""

from __future__ import annotations

import numpy as np

from wedge_cli.algebra.polysys import MultilinearSystem
from wedge_cli.solve.nplayer.system import equation_tensors
from wedge_cli.solve.verify import payoff_vectors


class CurveTracer:
    """Follow the curve of solutions of a support profile's indifference system between end points.

    Pseudo-arclength continuation (predictor along the Jacobian's null vector, Gauss-Newton
    corrector; Allgower & Georg, *Introduction to Numerical Continuation Methods*, 2003, Ch. 2)
    from each end point into the support's equilibrium region, until the curve leaves it
    (a probability reaches 0 or an unused strategy becomes a best reply); the exit point is
    matched to the equilibria already found, and the two are joined into one component.
    Only curves are traced: where the solution set is a surface (null space of dimension 2
    or more) nothing is joined.
    """

    MAX_STEPS = 4000
    FIRST_STEP = 1e-3
    MAX_STEP = 0.05

    def __init__(self, search, S) -> None:
        # search: the running :class:`~wedge_cli.solve.nplayer.search.Search` (its data, collector, clock)
        self.search = search
        self.data = search.data
        self.S = S
        mixed, raw = equation_tensors(self.data, S, S, exact=False)
        self.mixed = mixed
        self.sizes = tuple(len(S[p]) for p in mixed)
        groups, coeffs = [], []
        for _, gs, t in raw:
            if gs and not np.all(np.abs(t) <= self.data.tol):
                groups.append(gs)
                coeffs.append(np.asarray(t, dtype=float))
        self.system = MultilinearSystem(self.sizes, tuple(groups), tuple(coeffs))
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)])

    def _split(self, x):
        return [x[self.offsets[g] : self.offsets[g + 1]][None, :] for g in range(len(self.sizes))]

    def _residual_jacobian(self, x):
        pts = self._split(x)
        f = self.system.evaluate(pts)[0] if self.system.n_equations else np.zeros(0)
        jac = self.system.jacobian(pts)[0] if self.system.n_equations else np.zeros((0, len(x)))
        norm_rows = np.zeros((len(self.sizes), len(x)))
        norm_res = np.zeros(len(self.sizes))
        for g in range(len(self.sizes)):
            norm_rows[g, self.offsets[g] : self.offsets[g + 1]] = 1.0
            norm_res[g] = x[self.offsets[g] : self.offsets[g + 1]].sum() - 1.0
        return np.concatenate([f, norm_res]), np.vstack([jac, norm_rows])

    def _tangent(self, x):
        _, jac = self._residual_jacobian(x)
        _, s, vt = np.linalg.svd(jac, full_matrices=True)
        rank = int(np.count_nonzero(s > 1e-8 * max(1.0, s[0] if s.size else 0.0)))
        if vt.shape[0] - rank != 1:
            return None
        return vt[-1]

    def _correct(self, x):
        for _ in range(8):
            f, jac = self._residual_jacobian(x)
            step = np.linalg.pinv(jac) @ f
            x = x - step
            if np.max(np.abs(step)) <= 1e-14:
                break
        f, _ = self._residual_jacobian(x)
        return x, float(np.max(np.abs(f))) if f.size else 0.0

    def _profile(self, x):
        out = []
        k = 0
        for p in range(self.data.n):
            vec = np.zeros(self.data.shape[p])
            if len(self.S[p]) == 1:
                vec[self.S[p][0]] = 1.0
            else:
                vec[list(self.S[p])] = x[self.offsets[k] : self.offsets[k + 1]]
                k += 1
            out.append(vec)
        return out

    def _slack(self, x) -> float:
        """Smallest probability on the support and smallest best-reply margin (negative: outside)."""
        prof = self._profile(x)
        worst = float(np.min(x)) if x.size else 0.0
        for p, dev in enumerate(payoff_vectors(self.data.u, prof)):
            inside = dev[list(self.S[p])].min()
            outside = [dev[t] for t in range(self.data.shape[p]) if t not in self.S[p]]
            if outside:
                worst = min(worst, (inside - max(outside)) / self.data.scale)
        return worst

    def _march(self, x, t):
        """Follow the curve from x in direction t; return the exit point or None."""
        h = self.FIRST_STEP
        for _ in range(self.MAX_STEPS):
            if self.search.over_time():
                return None
            y, res = self._correct(x + h * t)
            if res > 1e-10 or np.linalg.norm(y - x) > 2 * h:
                h /= 2
                if h < 1e-12:
                    return None
                continue
            if self._slack(y) < -1e-13:
                lo, hi = x, y
                for _ in range(60):
                    mid, _ = self._correct((lo + hi) / 2)
                    if self._slack(mid) < -1e-13:
                        hi = mid
                    else:
                        lo = mid
                    if np.linalg.norm(hi - lo) < 1e-13:
                        break
                return lo
            t_new = self._tangent(y)
            if t_new is None:
                return None
            t = t_new if t_new @ t > 0 else -t_new
            x = y
            h = min(2 * h, self.MAX_STEP)
        return None

    def link(self, ends: list[int]) -> int:
        """Join end points lying on one traced curve; return how many joins were made."""
        col = self.search.collector
        if not self.system.n_equations or len(self.mixed) == 0:
            return 0
        joins = 0
        for e in ends:
            start = np.concatenate([col.eqs[e].floats[p][list(self.S[p])] for p in self.mixed])
            t = self._tangent(start)
            if t is None:
                continue
            for direction in (t, -t):
                y, res = self._correct(start + self.FIRST_STEP * direction)
                if res > 1e-10 or self._slack(y) < -1e-13:
                    continue
                exit_point = self._march(start, direction)
                if exit_point is None:
                    continue
                prof = self._profile(exit_point)
                match = next(
                    (
                        i
                        for i, eq in enumerate(col.eqs)
                        if i != e and all(np.max(np.abs(a - b)) <= 1e-6 for a, b in zip(eq.floats, prof))
                    ),
                    None,
                )
                if match is not None and col.find(match) != col.find(e):
                    col.union(match, e)
                    joins += 1
        return joins


