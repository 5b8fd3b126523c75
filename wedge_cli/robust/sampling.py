"""Monte Carlo over parameter distributions: sampling, payoff noise and summary statistics.

Pure functions over numpy; the solving itself is done by the batched solver.
Reproducible: every draw comes from one ``numpy.random.Generator`` (PCG64)
seeded by the user, in a fixed order (parameters in file order, then payoff
noise) and in chunks of a fixed size, so the same seed gives the same numbers on
any machine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from wedge_cli.errors import WedgeError
from wedge_cli.model import MAX_MAGNITUDE, SUPPORTED_RANGE, GameSpec, Parameter

Z95 = 1.959963984540054  # two-sided 95% normal quantile
MIN_NORMAL_MASS = 1e-6
MAX_SAMPLES = 100_000_000


def _normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


def check_distribution(p: Parameter) -> None:
    """Reject a truncated normal whose range holds almost none of its mass."""
    if p.distribution != "normal":
        return
    mass = _normal_cdf((p.max - p.value) / p.sd) - _normal_cdf((p.min - p.value) / p.sd)
    if mass < MIN_NORMAL_MASS:
        raise WedgeError(
            f"parameter {p.name!r}: a normal distribution with mean {p.value} and sd {p.sd} puts "
            f"only {mass:.1e} of its mass in [{p.min}, {p.max}]",
            line=p.line, hint="widen sd or the range",
        )


def draw(p: Parameter, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one parameter from its distribution (its value when fixed)."""
    if p.distribution == "fixed":
        return np.full(n, float(p.value))
    lo, hi = float(p.min), float(p.max)
    if p.distribution == "uniform":
        return rng.uniform(lo, hi, n)
    if p.distribution == "triangular":
        mode = float(p.value)
        if lo == hi:
            return np.full(n, lo)
        return rng.triangular(lo, mode, hi, n)
    # truncated normal by rejection: exact in distribution, reproducible given the generator
    check_distribution(p)
    out = np.empty(n)
    filled = 0
    while filled < n:
        need = n - filled
        batch = rng.normal(float(p.value), float(p.sd), max(need * 2, 64))
        batch = batch[(batch >= lo) & (batch <= hi)][:need]
        out[filled:filled + len(batch)] = batch
        filled += len(batch)
    return out


def check_run(spec, samples: int, payoff_noise: float, fixed: Mapping[str, float]) -> tuple[str, ...]:
    """Refuse a robustness run that cannot start; return the names of the parameters to draw.

    Shared by games and trees: ``samples`` in range, ``payoff_noise`` a finite number
    >= 0 within wedge's range, something uncertain, and every drawn distribution sound
    (its errors located in the file).
    """
    if not 1 <= samples <= MAX_SAMPLES:
        raise WedgeError(f"--samples must be between 1 and {MAX_SAMPLES:,}; got {samples}",
                         hint="for example --samples 10000")
    if payoff_noise < 0 or not np.isfinite(payoff_noise):
        raise WedgeError(f"--payoff-noise must be a finite number >= 0; got {payoff_noise}",
                         hint="for example --payoff-noise 0.1 (10% of each player's payoff range)")
    if payoff_noise > MAX_MAGNITUDE:  # the supported range (docs/format.md); 1e308 overflowed numpy
        raise WedgeError(f"--payoff-noise {payoff_noise:g} is too large: wedge accepts {SUPPORTED_RANGE}",
                         hint="for example --payoff-noise 0.1 (10% of each player's payoff range)")
    uncertain = tuple(n for n, p in spec.parameters.items() if p.distribution != "fixed" and n not in fixed)
    if not uncertain and payoff_noise == 0:
        raise WedgeError(
            "nothing is uncertain: no parameter has a distribution and --payoff-noise is 0",
            path=spec.path,
            hint='add distribution = "uniform" (or triangular/normal) to a [parameters.NAME] table, '
                 "or pass --payoff-noise 0.1",
        )
    for name in uncertain:  # before any draw, and located in the file: "FILE:LINE: ..."
        try:
            check_distribution(spec.parameters[name])
        except WedgeError as exc:
            raise exc.located(path=spec.path) from None
    return uncertain


def sample_parameters(spec: GameSpec, n: int, rng: np.random.Generator,
                      fixed: Mapping[str, float] | None = None) -> dict[str, np.ndarray]:
    """Draw ``n`` values of every parameter; names in ``fixed`` (from --set) keep that value."""
    fixed = fixed or {}
    values = {}
    for name, p in spec.parameters.items():
        values[name] = np.full(n, float(fixed[name])) if name in fixed else draw(p, n, rng)
    return values


def add_payoff_noise(payoffs: np.ndarray, noise: float, rng: np.random.Generator) -> np.ndarray:
    """Move every payoff by up to ``noise`` times its player's payoff range (uniformly).

    ``payoffs`` has shape ``(N, n_players, *shape)``. A player whose payoffs are
    all equal in a sample has range 0 there; 1 is used instead so that noise
    still applies (documented in docs/robust.md).
    """
    if noise <= 0:
        return payoffs
    axes = tuple(range(2, payoffs.ndim))
    spread = payoffs.max(axis=axes, keepdims=True) - payoffs.min(axis=axes, keepdims=True)
    spread = np.where(spread > 0, spread, 1.0)
    return payoffs + rng.uniform(-noise, noise, payoffs.shape) * spread


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial share (Wilson 1927); exact at the ends."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == n else min(1.0, centre + half)
    return lo, hi


def first_order_index(x: np.ndarray, labels: Sequence[int] | np.ndarray, bins: int = 20) -> float:
    """Share of the variation in which outcome holds that one parameter explains alone.

    The correlation ratio (first-order sensitivity index) of a categorical
    outcome ``Y`` on a parameter ``X``: ``sum_k Var(E[1{Y=k} | X]) / sum_k Var(1{Y=k})``,
    with ``E[. | X]`` estimated on ``bins`` equal-count bins of ``X`` (Pearson's
    eta squared; Saltelli et al. 2008, *Global Sensitivity Analysis*, ch. 1).
    0 when the parameter's value tells nothing about the outcome, 1 when it
    determines it (up to the bin that holds a threshold). Rank-based, so
    independent of the parameter's scale. Small-sample bias is about
    ``(bins - 1) / n``.
    """
    x = np.asarray(x, dtype=float)
    _, y = np.unique(np.asarray(labels), return_inverse=True)
    n = len(x)
    k = int(y.max()) + 1 if n else 0
    if n < 2 or k < 2 or np.ptp(x) == 0:
        return 0.0
    order = np.argsort(x, kind="stable")
    bin_of = np.empty(n, dtype=np.int64)
    bin_of[order] = (np.arange(n) * bins) // n
    # equal values of x must share a bin, or the index would read structure into ties
    _, first = np.unique(x[order], return_index=True)
    starts = np.zeros(n, dtype=bool)
    starts[first] = True
    bin_sorted = bin_of[order]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    bin_of[order] = bin_sorted[run_start]
    counts = np.zeros((bins, k))
    np.add.at(counts, (bin_of, y), 1.0)
    sizes = counts.sum(axis=1)
    used = sizes > 0
    p = counts.sum(axis=0) / n
    total = float(np.sum(p * (1 - p)))
    if total == 0:
        return 0.0
    conditional = counts[used] / sizes[used, None]
    between = float(np.sum(sizes[used, None] / n * (conditional - p) ** 2))
    return min(1.0, between / total)
