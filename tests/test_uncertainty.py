import numpy as np
import pytest

from wedge_cli.formats.toml_read import loads
from wedge_cli.model import Parameter, WedgeError
from wedge_cli.robust.sampling import (
    add_payoff_noise,
    draw,
    first_order_index,
    sample_parameters,
    wilson_interval,
)

from conftest import US_EUROPE


def param(distribution, value=4.0, lo=0.0, hi=10.0, sd=None):
    return Parameter("p", value, lo, hi, distribution=distribution, sd=sd)


def test_same_seed_same_draws():
    spec = loads(US_EUROPE.replace("max = 20\n", 'max = 20\ndistribution = "uniform"\n'), "u.toml")
    a = sample_parameters(spec, 1000, np.random.default_rng(7))
    b = sample_parameters(spec, 1000, np.random.default_rng(7))
    c = sample_parameters(spec, 1000, np.random.default_rng(8))
    assert np.array_equal(a["cut"], b["cut"]) and not np.array_equal(a["cut"], c["cut"])
    assert sample_parameters(spec, 5, np.random.default_rng(7), fixed={"cut": 3})["cut"].tolist() == [3.0] * 5


def test_uniform_threshold_share_within_wilson_interval():
    # P(p < 4) = 0.4 for p uniform on [0, 10]
    x = draw(param("uniform"), 20_000, np.random.default_rng(1))
    hits = int(np.sum(x < 4))
    lo, hi = wilson_interval(hits, len(x))
    assert lo <= 0.4 <= hi and hi - lo < 0.02


def test_triangular_and_normal_moments_and_support():
    rng = np.random.default_rng(2)
    t = draw(param("triangular", value=2.0), 50_000, rng)
    assert t.min() >= 0 and t.max() <= 10
    assert abs(t.mean() - 4.0) < 0.05  # (0 + 2 + 10) / 3
    z = draw(param("normal", value=5.0, sd=1.0), 50_000, rng)
    assert z.min() >= 0 and z.max() <= 10 and abs(z.mean() - 5.0) < 0.02 and abs(z.std() - 1.0) < 0.02
    edge = draw(param("normal", value=0.0, sd=1.0), 20_000, rng)
    assert edge.min() >= 0 and abs(edge.mean() - 0.7979) < 0.03  # half-normal mean sqrt(2/pi)


def test_normal_with_no_mass_in_range_is_an_error():
    with pytest.raises(WedgeError, match="mass"):
        draw(param("normal", value=100.0, sd=1.0), 10, np.random.default_rng(0))


def test_fixed_is_constant():
    assert draw(param("fixed"), 3, np.random.default_rng(0)).tolist() == [4.0, 4.0, 4.0]


def test_wilson_interval_known_values():
    lo, hi = wilson_interval(0, 10)
    assert lo == 0.0 and hi == pytest.approx(0.2775, abs=1e-4)
    lo, hi = wilson_interval(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4) and hi == pytest.approx(0.5962, abs=1e-4)


def test_payoff_noise_bounded_by_range():
    payoffs = np.array([[[[0.0, 4.0], [2.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]]])
    noisy = add_payoff_noise(np.repeat(payoffs, 500, axis=0), 0.1, np.random.default_rng(3))
    moved = np.abs(noisy - payoffs)
    assert moved[:, 0].max() <= 0.4 + 1e-12 and moved[:, 0].max() > 0.3
    assert moved[:, 1].max() <= 0.1 + 1e-12  # constant payoffs: range taken as 1
    assert add_payoff_noise(payoffs, 0.0, np.random.default_rng(3)) is payoffs


def test_first_order_index_extremes():
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 10, 20_000)
    determined = (x > 4).astype(int)
    assert first_order_index(x, determined) > 0.95
    assert first_order_index(x, rng.integers(0, 2, 20_000)) < 0.01
    noisy = np.where(rng.uniform(size=20_000) < 0.5, determined, rng.integers(0, 2, 20_000))
    assert 0.1 < first_order_index(x, noisy) < 0.5
    assert first_order_index(np.ones(100), determined[:100]) == 0.0
