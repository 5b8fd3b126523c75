"""Sweeps of perfect Bayesian equilibria (sweep/pbe.py): exact thresholds checked against solving at points.

The sweep finds where the set of pure PBE changes from the roots of interpolated
polynomials; the oracle here is the solver itself at many exact points on both sides
of each threshold and inside each regime (the solver is checked against brute force in
test_tree_pbe.py and test_pbe_oracle.py).
"""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import loads
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.pbe import equilibrium_set
from wedge_cli.sweep.tree import sweep_tree, sweep_tree_map

F = Fraction
BEER = Path(__file__).parent / "data" / "pbe_unit" / "beer_quiche_minimal.toml"
runner = CliRunner()


def signalling_text(seed: int, types: int = 2, messages: int = 2, replies: int = 2) -> str:
    """A random signalling game: prior ``p`` on the first type, payoffs linear in ``c`` here and there."""
    rng = random.Random(seed)
    t_names = [f"t{i}" for i in range(types)]
    m_names = [f"m{i}" for i in range(messages)]
    r_names = [f"r{i}" for i in range(replies)]
    rest = " - ".join(["1", "p"] if types == 2 else ["1", "p", "q"])
    probabilities = ['"p"', f'"{rest}"'] if types == 2 else ['"p"', '"q"', f'"{rest}"']
    lines = ['title = "random signalling"',
             "[parameters.p]", "value = 0.4", "min = 0", "max = 1" if types == 2 else "max = 0.5",
             "[parameters.c]", "value = 1", "min = -3", "max = 3"]
    if types == 3:
        lines += ["[parameters.q]", "value = 0.25", "min = 0", "max = 0.5"]
    lines += ["[[players]]", 'name = "S"', "[[players]]", 'name = "R"',
              "[[nodes]]", 'id = "nature"', f"probabilities = [{', '.join(probabilities)}]",
              "actions = { " + ", ".join(f'{t} = "{t}_node"' for t in t_names) + " }"]
    for t in t_names:
        lines += ["[[nodes]]", f'id = "{t}_node"', 'player = "S"',
                  "actions = { " + ", ".join(f'{m} = "{t}_{m}"' for m in m_names) + " }"]
    for t in t_names:
        for m in m_names:
            lines += ["[[nodes]]", f'id = "{t}_{m}"', 'player = "R"', f'infoset = "after_{m}"',
                      "actions = { " + ", ".join(f'{r} = "o_{t}_{m}_{r}"' for r in r_names) + " }"]

    def cell() -> str:
        base = rng.randint(-3, 3)
        return f'"{base} + {rng.choice([-1, 1])} * c"' if rng.random() < 0.3 else str(base)

    for t in t_names:
        for m in m_names:
            for r in r_names:
                lines += ["[[outcomes]]", f'id = "o_{t}_{m}_{r}"', f"payoffs = [{cell()}, {cell()}]"]
    return "\n".join(lines) + "\n"


def _check_sweep(spec, axis_text: str, fixed: dict | None = None) -> None:
    """Every threshold separates two different sets; inside each regime the set is the regime's."""
    fixed = fixed or {}
    axis = parse_axis(axis_text, spec)
    result = sweep_tree(spec, axis, fixed, concept="pbe")
    base = {name: F(str(p.value)) for name, p in spec.parameters.items()} | {k: F(v) for k, v in fixed.items()}
    assert result.exact and result.concept == "pbe" and [w["code"] for w in result.warnings] == ["pure_only"]
    for t in result.thresholds:
        assert t.certified
        cut = t.exact if t.exact is not None else F(t.value)
        step = F(1, 10**7)
        left, _ = equilibrium_set(spec, {**base, axis.name: cut - step})
        right, _ = equilibrium_set(spec, {**base, axis.name: cut + step})
        assert left != right, f"no change at {t.value}"
    keys = []
    for r in result.regimes:
        start = r.exact_start if r.exact_start is not None else F(r.start)
        stop = r.exact_stop if r.exact_stop is not None else F(r.stop)
        here = set()
        # shares with large prime denominators: a simple one (1/2 of 6, 1/7 of 3.5) can land on a point
        # inside a regime where a tie adds equilibria at that value alone, which no regime reports
        for share in (F(1013, 7919), F(4999, 10007), F(8171, 9973)):
            x = start + (stop - start) * share
            here.add(equilibrium_set(spec, {**base, axis.name: x})[0])
        assert len(here) == 1, f"the set changes inside the regime {r.start}..{r.stop}"
        keys.append(here.pop())
    assert all(a != b for a, b in zip(keys, keys[1:]))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.sampled_from([(2, 2, 2), (2, 2, 3), (2, 3, 2)]), st.sampled_from(["p", "c"]))
def test_thresholds_of_random_signalling_games_are_where_the_set_changes(seed, shape, name):
    spec = loads(signalling_text(seed, *shape), "random.toml")
    _check_sweep(spec, f"{name}=0:1:10" if name == "p" else "c=-3:3:12")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_three_types_sweep_of_a_prior_with_another_prior_fixed(seed):
    spec = loads(signalling_text(seed, 3, 2, 2), "random3.toml")
    _check_sweep(spec, "p=0:0.5:10")


def test_beer_quiche_changes_exactly_at_a_prior_of_one_half():
    spec = loads(BEER.read_text(), str(BEER))
    result = sweep_tree(spec, parse_axis("prior_strong=0:1:10", spec))
    assert result.concept == "pbe"
    (t,) = result.thresholds
    assert t.exact == F(1, 2) and t.certified
    below, above = result.regimes
    assert below.paths == () and below.exact_stop == F(1, 2)
    assert sorted(k[:2] for k in above.kinds) == [("pooling", False), ("pooling", True)]
    # the grid's payoffs are the regime's first equilibrium's: Beer pooling pays the sender 2 + prior_strong
    beer = next(i for i, k in enumerate(above.kinds) if k[1])
    assert beer == 0
    assert result.grid_payoffs[-1][0] == pytest.approx(3.0) and result.grid_payoffs[-1][1] == pytest.approx(1.0)


def test_the_json_names_each_equilibrium_that_appears():
    result = runner.invoke(app, ["sweep", str(BEER), "--param", "prior_strong=0:1:4", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["concept"] == "pbe"
    (t,) = report["thresholds"]
    assert t["exact"] == "1/2" and t["method"] == "exact"
    assert [f["change"].split(":")[0] for f in t["flips"]] == ["this equilibrium appears when prior_strong = 1/2"] * 2
    first, second = report["regimes"]
    assert first["label"] == "no pure perfect Bayesian equilibrium" and first["equilibria"] == []
    assert {(e["kind"], e["intuitive"]) for e in second["equilibria"]} == {("pooling", True), ("pooling", False)}
    assert second["equilibria"][0]["off_path"] == [{"player": "Receiver", "infoset": "after_quiche",
                                                    "action": "Duel"}]


def test_the_table_says_what_appears():
    result = runner.invoke(app, ["sweep", str(BEER), "--param", "prior_strong"])
    assert result.exit_code == 0, result.output
    assert "pure perfect Bayesian equilibria in each range" in result.stdout
    assert "appears: pooling (fails the intuitive criterion)" in result.stdout
    assert "no pure perfect Bayesian equilibrium" in result.stdout


def test_concept_spe_still_sweeps_subgame_perfect_equilibria_of_a_signalling_game():
    result = runner.invoke(app, ["sweep", str(BEER), "--param", "prior_strong=0:1:8", "--concept", "spe", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["concept"] == "spe" and all(r["equilibria"] is None for r in report["regimes"])


@pytest.mark.parametrize("args, message", [
    (["sweep", str(BEER), "--param", "prior_strong", "--concept", "nash"], "--concept nash is not swept"),
    (["sweep", "us-europe", "--param", "cut", "--concept", "pbe"], "--concept pbe is for game trees"),
])
def test_concepts_that_do_not_apply_are_refused(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_a_payoff_that_is_not_polynomial_falls_back_to_bisection():
    text = BEER.read_text().replace('payoffs = [3, 1]', 'payoffs = ["3 / (1 + prior_strong)", 1]')
    spec = loads(text, "beer.toml")
    result = sweep_tree(spec, parse_axis("prior_strong=0:1:10", spec))
    assert result.concept == "pbe" and not result.exact
    assert result.warnings and result.warnings[0]["code"] == "approximate_threshold"
    assert all(not t.certified for t in result.thresholds)


def test_a_map_agrees_with_solving_each_grid_point():
    spec = loads(signalling_text(11, 2, 2, 2), "map.toml")
    first, second = parse_axis("p=0.1:0.9:6", spec), parse_axis("c=-3:3:6", spec)
    result = sweep_tree_map(spec, (first, second), {})
    assert result.concept == "pbe" and result.plans == ()
    base = {name: F(str(p.value)) for name, p in spec.parameters.items()}
    thresholds = {(c.parameter, tuple(c.where.items()), c.threshold.exact) for c in result.crossings}
    for i in range(first.size):
        for j in range(second.size):
            x, y = first.exact_value(i), second.exact_value(j)
            if ("p", (("c", y),), x) in thresholds or ("c", (("p", x),), y) in thresholds:
                continue  # on a boundary the regime of either side is reported
            key, solution = equilibrium_set(spec, {**base, "p": x, "c": y})
            regime = result.sets[result.regime_of[i, j]]
            assert regime.paths == tuple(tuple(s.actions for s in eq.path) for eq in solution.equilibria)
            assert [k[:2] for k in regime.kinds] == [(eq.kind, eq.intuitive) for eq in solution.equilibria]


def test_the_intuitive_criterion_compares_exactly_even_when_given_a_float_tolerance_of_zero():
    # Fraction + 0.0 is a float: -2489/10000 + 0.0 rounds below -2489/10000, and a tie read as a gain once
    # flipped this pooling equilibrium's verdict between c = -1.751 and c = -1.7511 (no threshold there)
    spec = loads(signalling_text(215, 2, 2, 2), "r.toml")
    base = {name: F(str(p.value)) for name, p in spec.parameters.items()}
    sets = {equilibrium_set(spec, {**base, "c": F(x)})[0] for x in ("-1.751", "-1.7511", "-1.8", "-1.5")}
    assert len(sets) == 1
