"""The support enumeration: every support profile in order, the boundary search of continua,
the cost estimate, and the assembly of the result (``docs/nplayer.md``, steps 1 and 4).
"""

from __future__ import annotations

import itertools
import math
import time
from collections import deque
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from wedge_cli.budget import Budget
from wedge_cli.model import GameTooLargeError
from wedge_cli.algebra.quadratic import closed_form
from wedge_cli.solve.dominance import reduce_strict_given
from wedge_cli.solve.nplayer.collector import Collector, Found
from wedge_cli.solve.nplayer.continuum import CurveTracer
from wedge_cli.solve.nplayer.data import GameData
from wedge_cli.solve.nplayer.result import NPlayerResult
from wedge_cli.solve.nplayer.system import Outcome, TypeSolver

#: Most support profiles visited before refusing the game.
MAX_SUPPORT_PROFILES = 250_000
#: Most constraint sets tried on the boundary of one non-finite support profile.
MAX_BOUNDARY_NODES = 400


def _support_label(S) -> str:
    return "(" + ", ".join("{" + ",".join(str(s + 1) for s in sup) + "}" for sup in S) + ")"


def _order_key(eq: Found) -> tuple:
    pure = all(int(np.count_nonzero(v)) == 1 for v in eq.floats)
    return (not pure, tuple(-float(v) for vec in eq.floats for v in vec))


def _nonempty_subsets(items: Sequence[int]) -> list[tuple[int, ...]]:
    out = []
    for k in range(1, len(items) + 1):
        out.extend(itertools.combinations(items, k))
    return out


_SMALLER_HINT = "remove dominated or irrelevant strategies, or use '--method pure' for pure equilibria only"

#: Seconds per support profile with ``f = sum(|S_i|) - n`` free probabilities: about
#: ``1 ms * 2^(f - 3)`` (measured on random 4x4x4 and 5x5x5 games with integer payoffs, one
#: BLAS thread, on a 2-core x86-64 VM: 0.2-3 ms for f <= 5, 4 ms at 7, 19-37 ms at 8, 0.6 s at 9). Summed over every support profile the model predicts 9 s for
#: 4x4x4 (measured 3-5 s: conditional dominance skips many profiles) and 220 s for 5x5x5
#: (measured 271 s).
PROFILE_SECONDS = 1e-3


def estimate_seconds(keep: Sequence[Sequence[int]]) -> float:
    """Estimated seconds to solve every support profile of a game with these strategies left.

    Counts the profiles by their number of free probabilities (the size of their
    indifference systems) and weights each by :data:`PROFILE_SECONDS` times ``2^(f - 3)``.
    """
    # by_free[f] = number of support profiles with f free probabilities (a convolution)
    by_free = [1]
    for k in keep:
        sizes = [math.comb(len(k), s) for s in range(1, len(k) + 1)]  # supports of size s, f = s - 1
        out = [0] * (len(by_free) + len(sizes) - 1)
        for i, a in enumerate(by_free):
            for j, b in enumerate(sizes):
                out[i + j] += a * b
        by_free = out
    return sum(count * PROFILE_SECONDS * 2.0 ** max(0, f - 3) for f, count in enumerate(by_free))


def _readonly(v: np.ndarray) -> np.ndarray:
    out = np.array(v, dtype=float)
    out[out == 0] = 0.0
    out.setflags(write=False)
    return out

class Search:
    """The support enumeration: Phase A over all support profiles, the boundary search of
    continua that are not polytopes, and the assembly of the result."""

    def __init__(self, data: GameData, deadline: float | None, budget: Budget | None = None) -> None:
        self.data = data
        self.deadline = deadline
        self.budget = budget if budget is not None else Budget(None)
        self.collector = Collector(data)
        self.notes: list[str] = []
        self.continua: list[str] = []
        self.last_continuum = False
        self.complete = True
        self.degenerate = False
        self.timed_out = False
        self.rng = np.random.default_rng(12345)
        self.keep: list[list[int]] = []

    def over_time(self) -> bool:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            self.timed_out = True
            return True
        return False

    def dominated(self, S, T) -> bool:
        data = self.data
        for i in range(data.n):
            others = [S[j] for j in range(data.n) if j != i]
            bad = data.dominated_given(i, self.keep[i], others)
            if any(t in bad for t in T[i]):
                return True
        return False

    def record(self, outcome: Outcome) -> list[int]:
        ids = []
        index_of = {}
        for k, cand in enumerate(outcome.candidates):
            i = self.collector.add(cand)
            index_of[k] = i
            if i is not None:
                ids.append(i)
        self.last_continuum = False
        for piece in outcome.polytopes:
            members = [index_of[k] for k in piece if index_of.get(k) is not None]
            if len(set(members)) > 1:
                # a continuum of equilibria with this support: the union of its vertices' supports
                # (the support of an interior point) is the whole support profile
                cand = outcome.candidates[piece[0]]
                union = [
                    {int(i) for m in members for i in np.flatnonzero(self.collector.eqs[m].floats[p])}
                    for p in range(self.data.n)
                ]
                if all(union[p] == set(cand.S[p]) for p in range(self.data.n)):
                    self.last_continuum = True
            for a, b in zip(members, members[1:]):
                self.collector.union(a, b)
        if outcome.singular:
            self.degenerate = True
        return ids

    def run(self) -> None:
        data = self.data
        self.keep = reduce_strict_given(data.shape, data.dominated_given)
        per_player = [_nonempty_subsets(k) for k in self.keep]
        total = math.prod(len(s) for s in per_player)
        what = f"finding all equilibria of this game: {total:,} support profiles"
        self.budget.require(estimate_seconds(self.keep), f"{what} to solve", hint=_SMALLER_HINT)
        if total > MAX_SUPPORT_PROFILES:
            raise GameTooLargeError(
                f"finding all equilibria of this game means solving up to {total:,} support profiles, more than "
                f"the limit of {MAX_SUPPORT_PROFILES:,}",
                hint="remove dominated or irrelevant strategies, or use '--method pure' for pure equilibria only",
            )
        profiles = list(itertools.product(*per_player))
        profiles.sort(key=lambda S: (sum(len(s) for s in S), max(len(s) for s in S), S))
        done = 0
        for S in profiles:
            if self.over_time():
                break
            self.budget.tick(what, done, total, hint=_SMALLER_HINT)
            done += 1
            if self.dominated(S, S):
                continue
            outcome = TypeSolver(data, S, S, self.rng).solve()
            self.record(outcome)
            if outcome.status == "resolved" and self.last_continuum:
                self.degenerate = True
                self.continua.append(_support_label(S))
            if outcome.status == "unresolved":
                self.degenerate = True
                self.boundary(S, outcome.notes)
            if outcome.status == "too_large":
                self.complete = False
                self.notes.extend(outcome.notes)
        if self.timed_out:
            self.complete = False
            self.notes.append(
                f"stopped at the time limit after {done - 1} of {len(profiles)} support profiles; the list may be "
                "incomplete"
            )
        if self.collector.failed:
            self.complete = False
            many = self.collector.failed != 1
            self.notes.append(
                f"{self.collector.failed} real root{'s' if many else ''} of indifference systems could not be "
                f"refined to the tolerance (multiple roots?) and {'were' if many else 'was'} left out"
            )

    def boundary(self, S, reasons: list[str]) -> None:
        """End points of a continuum that is not a polytope: add tight constraints one by one.

        A constraint sets a support strategy's probability to 0 or makes an unused strategy a
        best reply (one that is not conditionally dominated). Constraint sets are explored
        breadth first; a set is extended only while its system still has a continuum, and at
        most :data:`MAX_BOUNDARY_NODES` sets are tried. The equilibria found are the
        continuum's end points; :class:`CurveTracer` then joins those on one curve.
        """
        data = self.data
        self.complete = False
        cons = []
        for i in range(data.n):
            if len(S[i]) >= 2:
                cons.extend(("zero", i, s) for s in S[i])
            others = [S[j] for j in range(data.n) if j != i]
            bad = data.dominated_given(i, self.keep[i], others)
            cons.extend(("reply", i, t) for t in self.keep[i] if t not in S[i] and t not in bad)
        budget = MAX_BOUNDARY_NODES
        # breadth first: single constraints (the end points of curves) before combinations
        queue: deque[tuple[int, ...]] = deque((c,) for c in range(len(cons)))
        ends: set[int] = set()
        open_nodes = 0
        exhausted = False
        while queue:
            if self.over_time():
                return
            self.budget.tick("searching the boundary of a continuum of equilibria", hint=_SMALLER_HINT)
            if budget <= 0:
                exhausted = True
                break
            budget -= 1
            chosen = queue.popleft()
            s_new = [list(x) for x in S]
            t_new = [list(x) for x in S]
            for c in chosen:
                kind, i, s = cons[c]
                if kind == "zero":
                    s_new[i].remove(s)
                else:
                    t_new[i].append(s)
            if any(not x for x in s_new):
                continue
            s_t = tuple(tuple(x) for x in s_new)
            t_t = tuple(tuple(sorted(x)) for x in t_new)
            if self.dominated(s_t, t_t):
                continue
            outcome = TypeSolver(data, s_t, t_t, self.rng).solve()
            ids = self.record(outcome)
            ends.update(ids)
            if outcome.status != "finite":
                open_nodes += 1
            if outcome.status == "unresolved":
                for c in range(chosen[-1] + 1, len(cons)):
                    queue.append(chosen + (c,))
        why = reasons[0] if reasons else f"support profile {_support_label(S)} has a continuum of solutions"
        if not ends and not open_nodes and not exhausted:
            self.notes.append(
                f"{why}; no equilibrium lies on its boundary, so it holds none unless it contains a closed loop of "
                "equilibria, which this method cannot rule out (completeness cannot be certified)"
            )
            return
        linked = CurveTracer(self, S).link(sorted(ends))
        found = len(ends)
        self.notes.append(
            f"{why}; it is not a polytope, so only its end points are searched: {found} found on its boundary"
            + (f", {linked} joined by tracing the curve between them" if linked else "")
            + " (completeness cannot be certified" + (", search budget exhausted)" if exhausted else ")")
        )

    def result(self) -> NPlayerResult:
        col = self.collector
        n_eq = len(col.eqs)
        order = sorted(range(n_eq), key=lambda i: _order_key(col.eqs[i]))
        rank = {old: new for new, old in enumerate(order)}
        # one-player-differs rule: the segment between two equilibria that differ in one player's
        # strategy only consists of equilibria.
        n = self.data.n
        for p in range(n):
            groups: dict[tuple, int] = {}
            for i, e in enumerate(col.eqs):
                key = tuple(tuple(np.round(e.floats[q], 9)) for q in range(n) if q != p)
                if key in groups:
                    col.union(groups[key], i)
                else:
                    groups[key] = i
        comps: dict[int, list[int]] = {}
        for i in range(n_eq):
            comps.setdefault(col.find(i), []).append(rank[i])
        components = sorted((tuple(sorted(c)) for c in comps.values()), key=lambda c: c[0])
        profiles, exact, forms = [], [], []
        tied = False
        for i in order:
            e = col.eqs[i]
            tied = tied or e.tied
            profiles.append(tuple(_readonly(v) for v in e.floats))
            if e.exact is not None and all(isinstance(v, Fraction) for vec in e.exact for v in vec):
                exact.append(tuple(tuple(vec) for vec in e.exact))
            else:
                exact.append(None)
            forms.append(None if e.exact is None else tuple(tuple(closed_form(v) for v in vec) for vec in e.exact))
        notes = list(dict.fromkeys(self.notes))
        if self.continua:
            more = len(self.continua) - 4
            shown = ", ".join(self.continua[:4]) + (f" and {more} more" if more > 0 else "")
            one = len(self.continua) == 1
            notes.insert(
                0,
                f"support profile{'' if one else 's'} {shown} ha{'s a continuum' if one else 've continua'} of "
                "equilibria; the extreme points are reported, grouped into components",
            )
        if tied and not self.degenerate:
            notes.append("degenerate game: some equilibrium has a best reply outside its support (tied payoffs)")
        return NPlayerResult(
            profiles=profiles,
            exact=exact,
            closed_forms=forms,
            components=components,
            complete=self.complete,
            degenerate=self.degenerate or tied,
            notes=notes,
            kept=tuple(tuple(k) for k in self.keep),
        )

