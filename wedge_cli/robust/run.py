"""``wedge robust``: how often each equilibrium outcome holds when parameters are uncertain.

Draws parameter vectors from the distributions declared in the payoff file
(:mod:`wedge_cli.robust.sampling`), evaluates the game for a whole chunk of draws at
once (:meth:`GameSpec.batch`), finds each draw's equilibria, and accumulates
counts chunk by chunk, so memory stays bounded whatever the number of samples.

An *outcome* is an equilibrium's support profile (a pure profile when every
player uses one strategy). For each outcome: the share of samples in which it
is an equilibrium, with a Wilson 95% interval. Also the share of samples with a
unique equilibrium, and for each uncertain parameter the first-order index of
:func:`~wedge_cli.robust.sampling.first_order_index` computed on the *structure*
(the set of outcomes) of each sample, from streaming counts over equal-width bins
of the parameter's range.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from wedge_cli.analysis.classify import classify
from wedge_cli.budget import Budget
from wedge_cli.errors import WedgeError
from wedge_cli.model import Game, GameSpec
from wedge_cli.robust.sampling import MAX_SAMPLES, check_run  # noqa: F401 (MAX_SAMPLES re-exported)
from wedge_cli.robust.sampling import add_payoff_noise, check_distribution, sample_parameters, wilson_interval  # noqa: F401 (re-exported for tests)
from wedge_cli.solve import solve
from wedge_cli.solve.many import Structure, Support, solve_many, structure_of

CHUNK = 4096
SENSITIVITY_BINS = 20
#: Floor of the cost of one sample per payoff, in seconds: the batched 2-player path does a
#: 3x3 game in about 1.5 us per payoff-sample (benchmarks/games/robust_3x3.toml, 10,000 samples
#: in 0.3 s); games the batch cannot certify are solved one by one, up to 100 times slower
#: (the same game with one payoff of 1e12: 15 s), which the projection after the first chunk
#: and the ticks catch.
SAMPLE_SECONDS = 1e-6
_WHAT = "solving the sampled games"
_FEWER = "use fewer --samples"

StructureFn = Callable[[np.ndarray, GameSpec], tuple[list[Structure], bool, bool]]


def solve_each(payoffs: np.ndarray, spec: GameSpec, players=None, method: str = "auto",
               budget: Budget | None = None) -> tuple[list[Structure], bool, bool]:
    """Equilibrium structures of a batch, one exact solver call per game (the reference path).

    Returns the structures, whether every solve was complete and whether any was
    pure-only. ``players`` (default ``spec.players``) names the strategies of
    ``payoffs`` when it is a reduced game. ``budget`` is ticked once per game.
    """
    structures = []
    for sample in payoffs:
        if budget is not None:
            budget.tick(_WHAT)
        solution = solve(Game(players or spec.players, np.array(sample)), method,
                         budget=budget if budget is not None else Budget(None))
        structures.append(structure_of(solution))
    return structures, all(s.complete for s in structures), any(s.pure_only for s in structures)


def batch_structures(payoffs: np.ndarray, spec: GameSpec, players=None,
                     budget: Budget | None = None) -> tuple[list[Structure], bool, bool]:
    """Equilibrium structures of a batch: vectorised where it is certified, exact elsewhere
    (:func:`wedge_cli.solve.many.solve_many`), equal to :func:`solve_each`."""
    found = solve_many(payoffs, players or spec.players, budget=budget, what=_WHAT).structures
    return found, all(s.complete for s in found), any(s.pure_only for s in found)


def pure_structures(payoffs: np.ndarray, spec: GameSpec, budget: Budget | None = None) -> tuple[list[Structure], bool, bool]:
    """Pure equilibria only (``--method pure``), batched; games too close to a tie are solved one by one."""
    found = solve_many(payoffs, spec.players, method="pure", budget=budget, what=_WHAT).structures
    single = payoffs.shape[1] == 1
    return found, single, not single


#: ``--method`` values of ``wedge robust``.
ROBUST_METHODS = ("auto", "pure")


def default_structures(method: str = "auto", budget: Budget | None = None) -> StructureFn:
    """The fastest correct structure function for ``method`` (batched wherever it is certified).

    ``auto``: all equilibria, as ``wedge solve`` finds them (mixed included for 2
    and 3 players). ``pure``: pure equilibria only, faster for 3-player games.
    ``budget`` is ticked for every game solved one by one.
    """
    if method not in ROBUST_METHODS:
        raise WedgeError(f"unknown method {method!r} for robust", hint=f"choose one of: {', '.join(ROBUST_METHODS)}")
    chosen = pure_structures if method == "pure" else batch_structures
    return chosen if budget is None else functools.partial(chosen, budget=budget)


@dataclass
class Tally:
    """Streaming counts over all chunks."""

    samples: int = 0
    unique: int = 0
    none: int = 0
    outcome_counts: dict[Support, int] = field(default_factory=dict)
    structure_ids: dict[tuple[Support, ...], int] = field(default_factory=dict)  # by supports
    structure_counts: list[int] = field(default_factory=list)
    bins: dict[str, np.ndarray] = field(default_factory=dict)  # parameter -> (bins, structures) counts
    complete: bool = True
    pure_only: bool = False
    types: dict[str, int] = field(default_factory=dict)  # 2x2 games: ordinal family -> samples

    def structure_id(self, structure: tuple[Support, ...]) -> int:
        if structure not in self.structure_ids:
            self.structure_ids[structure] = len(self.structure_ids)
            self.structure_counts.append(0)
        sid = self.structure_ids[structure]
        self.structure_counts[sid] += 1
        return sid


@dataclass(frozen=True)
class RobustResult:
    spec: GameSpec
    samples: int
    seed: int
    payoff_noise: float
    fixed: Mapping[str, float]
    uncertain: tuple[str, ...]
    unique_share: float
    unique_ci: tuple[float, float]
    no_equilibrium_share: float
    outcomes: tuple[dict, ...]
    sensitivity: tuple[dict, ...]
    structures: tuple[dict, ...]
    complete: bool
    pure_only: bool
    types: tuple[dict, ...] = ()


def _bin_index(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    if hi <= lo:
        return np.zeros(len(x), dtype=np.int64)
    idx = ((x - lo) / (hi - lo) * SENSITIVITY_BINS).astype(np.int64)
    return np.clip(idx, 0, SENSITIVITY_BINS - 1)


def _index_from_counts(counts: np.ndarray) -> float:
    """First-order index from a (bins x structures) table of counts."""
    n = counts.sum()
    if n == 0 or counts.shape[1] < 2:
        return 0.0
    p = counts.sum(axis=0) / n
    total = float(np.sum(p * (1 - p)))
    if total <= 0:
        return 0.0
    sizes = counts.sum(axis=1)
    used = sizes > 0
    conditional = counts[used] / sizes[used, None]
    between = float(np.sum(sizes[used, None] / n * (conditional - p) ** 2))
    return min(1.0, between / total)


def count_types(payoffs: np.ndarray, spec: GameSpec, types: dict[str, int]) -> None:
    """Add the Robinson-Goforth family of each 2x2 game in the batch to ``types``.

    The type depends only on each player's weak order of its four payoffs, so
    one representative per distinct order pattern is classified.
    """
    flat = payoffs.reshape(len(payoffs), 2, 4)
    ranks = (flat[..., :, None] > flat[..., None, :]).sum(axis=-1)  # payoffs below each cell
    keys, first, inverse = np.unique(ranks.reshape(len(payoffs), 8), axis=0, return_index=True,
                                     return_inverse=True)
    counts = np.bincount(inverse.reshape(-1), minlength=len(keys))
    for k, i in enumerate(first):
        c = classify(Game(spec.players, np.array(payoffs[i])))
        label = c.family if c.family is not None else "ambiguous_ties"
        types[label] = types.get(label, 0) + int(counts[k])


def chunks(total: int, size: int = CHUNK) -> Iterator[int]:
    done = 0
    while done < total:
        step = min(size, total - done)
        yield step
        done += step


def run(
    spec: GameSpec,
    samples: int,
    seed: int,
    *,
    fixed: Mapping[str, float] | None = None,
    payoff_noise: float = 0.0,
    structures: StructureFn | None = None,
    method: str = "auto",
    on_chunk: Callable[[int, dict[str, np.ndarray], list[tuple[Support, ...]]], None] | None = None,
    budget: Budget | float | None = None,
) -> RobustResult:
    """Monte Carlo over the file's parameter distributions (and optional payoff noise).

    ``on_chunk(done, values, supports)`` is called after each chunk with the
    samples drawn in it and each one's support profiles (for progress bars and the samples CSV). ``method``
    picks the equilibria counted (:data:`ROBUST_METHODS`); ``structures``
    overrides it (tests pass :func:`solve_each`, the reference path).

    ``budget`` (a :class:`~wedge_cli.budget.Budget` or seconds; None: the default) is
    checked before the first draw against a floor estimate (:data:`SAMPLE_SECONDS` per
    sample and payoff), after the first chunk against the time it took times the number
    of chunks, and while solving; each refuses with
    :class:`~wedge_cli.errors.GameTooLargeError` and the estimate.
    """
    fixed = dict(fixed or {})
    uncertain = check_run(spec, samples, payoff_noise, fixed)
    budget = Budget.of(budget)
    cells = math.prod(spec.shape) * len(spec.shape)
    budget.require(SAMPLE_SECONDS * samples * cells, f"{samples:,} samples of this game", hint=_FEWER)
    structure_fn = structures or default_structures(method, budget)
    rng = np.random.default_rng(seed)
    tally = Tally()
    for name in uncertain:
        tally.bins[name] = np.zeros((SENSITIVITY_BINS, 0), dtype=np.int64)
    for n in chunks(samples):
        budget.progress = (tally.samples, samples)
        values = sample_parameters(spec, n, rng, fixed)
        payoffs = spec.batch(values, size=n)
        payoffs = add_payoff_noise(payoffs, payoff_noise, rng)
        found, complete, pure_only = structure_fn(payoffs, spec)
        if spec.shape == (2, 2):
            count_types(payoffs, spec, tally.types)
        tally.complete &= complete
        tally.pure_only |= pure_only
        ids = []
        supports = [structure.supports for structure in found]
        for structure in supports:
            ids.append(tally.structure_id(structure))
            tally.unique += len(structure) == 1
            tally.none += len(structure) == 0
            for support in structure:
                tally.outcome_counts[support] = tally.outcome_counts.get(support, 0) + 1
        tally.samples += n
        id_array = np.asarray(ids, dtype=np.int64)
        for name in uncertain:
            p = spec.parameters[name]
            table = tally.bins[name]
            if table.shape[1] < len(tally.structure_ids):
                table = np.pad(table, ((0, 0), (0, len(tally.structure_ids) - table.shape[1])))
            np.add.at(table, (_bin_index(values[name], float(p.min), float(p.max)), id_array), 1)
            tally.bins[name] = table
        if on_chunk is not None:
            on_chunk(tally.samples, values, supports)
        if tally.samples < samples:
            budget.project(tally.samples, samples, f"{samples:,} samples of this game", hint=_FEWER)
    budget.progress = None
    return _result(spec, samples, seed, payoff_noise, fixed, uncertain, tally)


def _result(spec, samples, seed, payoff_noise, fixed, uncertain, tally: Tally) -> RobustResult:
    outcomes = []
    for support, count in sorted(tally.outcome_counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lo, hi = wilson_interval(count, tally.samples)
        outcomes.append({"support": support, "count": count, "share": count / tally.samples, "ci": (lo, hi)})
    structures = sorted(
        ({"supports": sorted(structure), "count": tally.structure_counts[sid],
          "share": tally.structure_counts[sid] / tally.samples}
         for structure, sid in tally.structure_ids.items()),
        key=lambda d: (-d["count"], d["supports"]),
    )
    sensitivity = sorted(
        ({"parameter": name, "index": _index_from_counts(tally.bins[name])} for name in uncertain),
        key=lambda d: (-d["index"], d["parameter"]),
    )
    return RobustResult(
        spec=spec, samples=tally.samples, seed=seed, payoff_noise=payoff_noise, fixed=fixed,
        uncertain=uncertain,
        unique_share=tally.unique / tally.samples,
        unique_ci=wilson_interval(tally.unique, tally.samples),
        no_equilibrium_share=tally.none / tally.samples,
        outcomes=tuple(outcomes), sensitivity=tuple(sensitivity), structures=tuple(structures),
        complete=tally.complete, pure_only=tally.pure_only,
        types=tuple(
            {"family": family, "count": count, "share": count / tally.samples,
             "ci": wilson_interval(count, tally.samples)}
            for family, count in sorted(tally.types.items(), key=lambda kv: (-kv[1], kv[0]))
        ),
    )
