"""Verified equilibria, deduplicated, and which of them lie on one component.

Every candidate passes through :meth:`Collector.add` (``docs/nplayer.md``, step 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.solve.nplayer.certify import clean_profile, decisive, exact_is_root, polish, refine_rational, snap
from wedge_cli.solve.nplayer.data import GameData
from wedge_cli.solve.nplayer.system import SupportCandidate
from wedge_cli.solve.verify import exact_is_equilibrium, exact_payoff_vectors, payoff_vectors, regret


@dataclass
class Found:
    floats: tuple[np.ndarray, ...]
    exact: tuple | None
    tied: bool
    sharp: bool = False  # exact, or refined in rational arithmetic: its support is certain


class Collector:
    """Verified, deduplicated equilibria and the union-find structure for components."""

    def __init__(self, data: GameData) -> None:
        self.data = data
        self.eqs: list[Found] = []
        self.parent: list[int] = []
        self.failed = 0

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def add(self, cand: SupportCandidate) -> int | None:
        """Verify a candidate; return its equilibrium index (new or a duplicate's) or None if rejected.

        Exact candidates of rational games are accepted only when they pass the exact check
        (an exactly computed point that fails it is not an equilibrium); a quadratic
        candidate that fails falls back to the float test, like every float candidate:
        Newton refinement on its indifference system, probabilities within ``ptol``, the
        indifference conditions within ``tol`` (else the refinement failed) and regret at
        most ``tol`` (else an unused strategy pays more: not an equilibrium).
        """
        data = self.data
        floats = cand.floats
        exact = cand.exact if data.rational else None
        refined = False
        if exact is not None:
            if exact_is_equilibrium(data.q, exact):
                floats = tuple(np.array([float(v) for v in vec]) for vec in exact)
            elif cand.polished or exact_is_root(data, exact, cand.S):
                # exactly a root of its support's system, and exactly not an equilibrium (a probability
                # below 0, or an unused strategy paying more): near a degenerate game the float test
                # would accept it within the tolerance
                return None
            else:
                exact = None
        if exact is None:
            if not cand.polished:
                floats = polish(data, cand)
            clean = clean_profile(data, floats)
            if clean is None:
                return None
            floats = clean
            devs = payoff_vectors(data.u, floats)
            spread = max((float(np.ptp(dev[list(cand.T[p])])) for p, dev in enumerate(devs) if cand.T), default=0.0)
            if spread > data.tol:
                # not a root to within the tolerance: refinement failed (a multiple root?)
                self.failed += 1
                return None
            if regret(data.u, floats) > data.tol:
                return None  # an unused strategy pays more: not an equilibrium
            if data.rational and not decisive(data, floats, cand.S, devs):
                verdict = self._near_root(floats, cand.S)
                if verdict is False:
                    return None
                if verdict is not None:
                    floats, refined = verdict, True
            if data.rational:
                snapped = snap(data, floats)
                if snapped is not None and refined and any(
                    (x != 0) != (y != 0) for vec, svec in zip(floats, snapped) for x, y in zip(vec, svec)
                ):
                    snapped = None  # the refined root has probabilities too small to snap: it is not rational
                if snapped is not None and exact_is_equilibrium(data.q, snapped):
                    exact = snapped
                    floats = tuple(np.array([float(v) for v in vec]) for vec in exact)
        tied = self._tied(floats, exact)
        sharp = refined or exact is not None
        for i, e in enumerate(self.eqs):
            if self._same(e, floats, exact, sharp):
                if e.exact is None and exact is not None:
                    self.eqs[i] = Found(floats, exact, e.tied or tied, True)
                return i
        self.eqs.append(Found(tuple(np.where(f == 0, 0.0, f) for f in floats), exact, tied, sharp))
        self.parent.append(len(self.parent))
        return len(self.eqs) - 1

    def _near_root(self, floats, S):
        """The root of ``S``'s system near ``floats`` refined in rational arithmetic (rational games).

        The float test accepts probabilities down to ``-ptol`` and regret up to ``tol``, so
        within about ``tol`` of a degenerate game it takes near-equilibria (a root just
        outside the simplex, an unused strategy paying 1e-12 more) for equilibria, and it
        rounds a probability of 1e-12 to 0, merging two equilibria. The root refined to
        some 57 digits settles both. Returns False when that root is not an equilibrium,
        its float profile (tiny probabilities kept) when it is, and None when it cannot be
        refined (a singular system: the float test stands).
        """
        data = self.data
        root = refine_rational(data, floats, S)
        if root is None:
            return None
        margin = Fraction(1, 1 << 120)
        if any(v < -margin for vec in root for v in vec):
            return False
        for p, vals in enumerate(exact_payoff_vectors(data.q, root)):
            best = max(vals)
            if any(vals[b] < best - margin * Fraction(data.scale) for b in S[p]):
                return False
        out = []
        for vec in root:
            v = np.array([max(float(x), 0.0) for x in vec])
            out.append(v / v.sum())
        return tuple(out)

    def _same(self, e: Found, floats, exact, sharp: bool = False) -> bool:
        if e.exact is not None and exact is not None:
            return all(all(a == b for a, b in zip(x, y)) for x, y in zip(e.exact, exact))
        if sharp and e.sharp and any(
            not np.array_equal(np.flatnonzero(a), np.flatnonzero(b)) for a, b in zip(e.floats, floats)
        ):
            return False  # both known to ~1e-50: different supports are different equilibria
        return all(np.max(np.abs(a - b)) <= max(self.data.ptol, 1e-9) for a, b in zip(e.floats, floats))

    def _tied(self, floats, exact) -> bool:
        data = self.data
        if exact is not None:
            for p, vals in enumerate(exact_payoff_vectors(data.q, exact)):
                best = vals[0]
                for v in vals[1:]:
                    if v > best:
                        best = v
                n_best = sum(1 for v in vals if v == best)
                if n_best > sum(1 for v in exact[p] if v != 0):
                    return True
            return False
        for p, dev in enumerate(payoff_vectors(data.u, floats)):
            n_best = int(np.count_nonzero(dev >= dev.max() - data.tol))
            if n_best > int(np.count_nonzero(floats[p])):
                return True
        return False

