import csv
import importlib
import json

import pytest
from typer.testing import CliRunner

from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.errors import WedgeError
from wedge_cli.formats.toml_read import loads

# by full name: wedge_cli.robust is the API function (wedge_cli/__init__.py)
robust = importlib.import_module("wedge_cli.robust.run")

# Row's Up beats Down exactly when p > 4; Column's Left is dominant. With p uniform on
# [0, 10], (Up, Left) is the equilibrium in 60% of samples and (Down, Left) in 40%.
THRESHOLD_GAME = '''
title = "threshold at p = 4"
[parameters.p]
value = 5
min = 0
max = 10
distribution = "uniform"
description = "the swept quantity"
[parameters.q]
value = 1
min = 0
max = 2
distribution = "triangular"
description = "irrelevant to who plays what"
[[players]]
name = "Row"
strategies = ["Up", "Down"]
[[players]]
name = "Column"
strategies = ["Left", "Right"]
[payoffs]
Row = [["p", "p - 1"], [4, 3]]
Column = [["1 + q", 0], ["1 + q", 0]]
'''


def outcome_shares(result):
    return {o["support"]: o for o in result.outcomes}


def test_known_share_within_confidence_interval():
    spec = loads(THRESHOLD_GAME, "t.toml")
    result = robust.run(spec, 20_000, seed=11)
    shares = outcome_shares(result)
    up, down = shares[((0,), (0,))], shares[((1,), (0,))]
    assert up["ci"][0] <= 0.6 <= up["ci"][1]
    assert down["ci"][0] <= 0.4 <= down["ci"][1]
    assert up["ci"][1] - up["ci"][0] < 0.02
    assert result.unique_share == 1.0 and result.no_equilibrium_share == 0.0
    sensitivity = {d["parameter"]: d["index"] for d in result.sensitivity}
    assert sensitivity["p"] > 0.9 and sensitivity["q"] < 0.01


def test_batched_structures_agree_with_per_sample_solver():
    spec = loads(THRESHOLD_GAME, "t.toml")
    fast = robust.run(spec, 3000, seed=5, payoff_noise=0.2)
    slow = robust.run(spec, 3000, seed=5, payoff_noise=0.2, structures=robust.solve_each)
    assert fast.outcomes == slow.outcomes and fast.structures == slow.structures


def test_same_seed_same_output_and_fixed_parameters():
    spec = loads(THRESHOLD_GAME, "t.toml")
    a = robust.run(spec, 2000, seed=3)
    b = robust.run(spec, 2000, seed=3)
    c = robust.run(spec, 2000, seed=4)
    assert a.outcomes == b.outcomes and a.outcomes != c.outcomes
    pinned = robust.run(spec, 500, seed=3, fixed={"p": 2.0})
    assert [o["support"] for o in pinned.outcomes] == [((1,), (0,))]
    assert pinned.uncertain == ("q",)


def test_nothing_uncertain_and_bad_arguments():
    spec = loads(THRESHOLD_GAME.replace('distribution = "uniform"\n', "").replace(
        'distribution = "triangular"\n', ""), "f.toml")
    with pytest.raises(WedgeError, match="nothing is uncertain"):
        robust.run(spec, 10, seed=0)
    assert robust.run(spec, 10, seed=0, payoff_noise=0.1).samples == 10
    with pytest.raises(WedgeError, match="--samples"):
        robust.run(spec, 0, seed=0, payoff_noise=0.1)
    with pytest.raises(WedgeError, match="--payoff-noise"):
        robust.run(spec, 10, seed=0, payoff_noise=-1)


def test_cli_json_and_samples_csv(write, tmp_path):
    path = write(THRESHOLD_GAME)
    out = tmp_path / "draws.csv"
    result = CliRunner().invoke(app, ["robust", path, "--samples", "1000", "--seed", "2", "--json",
                                      "--samples-out", str(out)])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.robust/1"
    assert report["samples"] == 1000 and report["seed"] == 2
    assert {o["profile"]["Row"] for o in report["outcomes"]} == {"Up", "Down"}
    assert all(o["ci"][0] <= o["share"] <= o["ci"][1] for o in report["outcomes"])
    assert [s["parameter"] for s in report["sensitivity"]] == ["p", "q"]
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 1000 and set(rows[0]) == {"sample", "p", "q", "equilibria"}
    assert all((float(r["p"]) > 4) == (r["equilibria"] == "Up, Left") for r in rows)
    again = CliRunner().invoke(app, ["robust", path, "--samples", "1000", "--seed", "2", "--json"])
    assert json.loads(again.stdout) == report


def test_cli_errors(write):
    path = write(THRESHOLD_GAME)
    bad = CliRunner().invoke(app, ["robust", path, "--samples", "-5"])
    assert bad.exit_code == ExitCode.INVALID_INPUT and bad.stdout == ""
    table = CliRunner().invoke(app, ["robust", path, "--samples", "300"])
    assert table.exit_code == 0 and "Up, Left" in table.stdout


TIED_GAME = THRESHOLD_GAME.replace('Row = [["p", "p - 1"], [4, 3]]', 'Row = [["p", "p"], [4, 4]]')


@pytest.mark.parametrize("text, noise", [(TIED_GAME, 0.0), (THRESHOLD_GAME, 0.5)])
def test_batch_equals_exact_solver_on_degenerate_and_noisy_games(text, noise):
    spec = loads(text, "t.toml")
    payoffs = spec.batch({"p": [0.0, 2.0, 4.0, 6.0, 9.5], "q": [1.0] * 5})
    fast, complete, _ = robust.batch_structures(payoffs, spec)
    slow, _, _ = robust.solve_each(payoffs, spec)
    assert fast == slow and complete
    a = robust.run(spec, 1500, seed=9, payoff_noise=noise)
    b = robust.run(spec, 1500, seed=9, payoff_noise=noise, structures=robust.solve_each)
    assert a.outcomes == b.outcomes and a.unique_share == b.unique_share


def test_batch_equals_exact_solver_on_3x3():
    from pathlib import Path

    spec = loads((Path(__file__).parent.parent / "benchmarks" / "games" / "robust_3x3.toml").read_text(), "g.toml")
    a = robust.run(spec, 1500, seed=4, payoff_noise=0.05)
    b = robust.run(spec, 1500, seed=4, payoff_noise=0.05, structures=robust.solve_each)
    assert a.outcomes == b.outcomes and a.structures == b.structures


def test_2x2_type_shares_match_per_sample_classification():
    import numpy as np

    from wedge_cli.analysis.classify import classify
    from wedge_cli.model import Game

    spec = loads(THRESHOLD_GAME, "t.toml")
    result = robust.run(spec, 3000, seed=6, payoff_noise=0.3)
    # redraw the same samples and classify each one directly
    rng = np.random.default_rng(6)
    expected: dict[str, int] = {}
    for n in robust.chunks(3000):
        values = robust.sample_parameters(spec, n, rng)
        payoffs = robust.add_payoff_noise(spec.batch(values, size=n), 0.3, rng)
        for sample in payoffs:
            c = classify(Game(spec.players, sample))
            label = c.family or "ambiguous_ties"
            expected[label] = expected.get(label, 0) + 1
    assert {t["family"]: t["count"] for t in result.types} == expected
    assert len(expected) > 1
    assert robust.run(loads(THRESHOLD_GAME, "t.toml"), 200, seed=1).types  # without noise too


def test_three_player_dominance_batch_equals_per_sample_solver():
    # Small integer payoffs: many games are dominance solvable, many are not, and many have ties
    # (a weakly dominated strategy must survive: it may carry an equilibrium).
    import numpy as np

    from wedge_cli.model import Player

    rng = np.random.default_rng(12)
    payoffs = rng.integers(0, 3, size=(300, 3, 2, 3, 2)).astype(float)
    bonus = rng.integers(0, 3, size=(300, 3, 3)).astype(float) * 2  # a bonus for some own strategies
    payoffs[:, 0] += bonus[:, 0, :2][:, :, None, None]
    payoffs[:, 1] += bonus[:, 1, :3][:, None, :, None]
    payoffs[:, 2] += bonus[:, 2, :2][:, None, None, :]
    spec = loads(_three_player_toml(), "g.toml")
    assert tuple(p.name for p in spec.players) == ("A", "B", "C") and isinstance(spec.players[0], Player)
    fast, complete_fast, pure_fast = robust.batch_structures(payoffs, spec)
    slow, complete_slow, pure_slow = robust.solve_each(payoffs, spec)
    assert fast == slow
    assert (complete_fast, pure_fast) == (complete_slow, pure_slow) and not pure_fast
    from wedge_cli.solve.batch import dominance_batch

    alive = dominance_batch(payoffs)
    settled = np.all(np.stack([a.sum(axis=1) == 1 for a in alive]), axis=0)
    assert 30 < settled.sum() < 270  # both paths exercised


def _three_player_toml() -> str:
    lines = ['[[players]]\nname = "A"\nstrategies = ["a0", "a1"]',
             '[[players]]\nname = "B"\nstrategies = ["b0", "b1", "b2"]',
             '[[players]]\nname = "C"\nstrategies = ["c0", "c1"]']
    for a in range(2):
        for b in range(3):
            for c in range(2):
                lines.append(f'[[outcomes]]\nprofile = ["a{a}", "b{b}", "c{c}"]\npayoffs = [{a}, {b}, {c}]')
    return "\n\n".join(lines) + "\n"


def test_method_pure_counts_pure_equilibria_only_and_auto_includes_mixed():
    from wedge_cli.formats.toml_read import load

    spec = load("us-russia-china")
    pure = robust.run(spec, 800, seed=5, method="pure")
    reference = robust.run(spec, 800, seed=5, structures=lambda p, s: robust.solve_each(p, s, method="pure"))
    assert pure.outcomes == reference.outcomes and pure.pure_only
    full = robust.run(spec, 800, seed=5)
    assert not full.pure_only
    mixed = [o for o in full.outcomes if any(len(s) > 1 for s in o["support"])]
    assert mixed  # the flagship has mixed equilibria in some draws
    pure_counts = {o["support"]: o["count"] for o in pure.outcomes}
    assert {o["support"]: o["count"] for o in full.outcomes if o not in mixed} == pure_counts
    out = CliRunner().invoke(app, ["robust", "us-russia-china", "--samples", "300", "--method", "pure", "--json"])
    assert out.exit_code == 0 and json.loads(out.stdout)["pure_only"] is True
    bad = CliRunner().invoke(app, ["robust", "us-russia-china", "--method", "lemke-howson"])
    assert bad.exit_code == ExitCode.USAGE


def test_outcome_labels_name_every_player_of_a_mixed_outcome():
    from wedge_cli.text.labels import outcome_label

    mixed = {"profile": None, "support": {"US": ["Broker", "Back"], "Russia": ["Settle"], "Ukraine": ["Accept"]}}
    assert outcome_label(mixed) == "US mixes {Broker, Back}; Russia plays Settle; Ukraine plays Accept"
    pure = {"profile": {"US": "Broker", "Russia": "Settle"}, "support": {"US": ["Broker"], "Russia": ["Settle"]}}
    assert outcome_label(pure) == "Broker, Settle"  # a pure profile, in player order as solve lists it


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_robust_table_names_the_player_of_every_part_of_a_mixed_outcome(fmt):
    # ukraine-settlement has 3 players and mixed equilibria in which one of them plays a pure strategy
    result = CliRunner().invoke(app, ["robust", "ukraine-settlement", "--samples", "2000", "--format", fmt],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.stderr
    assert "US mixes {Broker, Back}; Russia plays Settle; Ukraine mixes {Accept, Reject}" in result.stdout
    labels = [line for line in result.stdout.splitlines() if "mixes {" in line]
    assert labels
    for line in labels:
        cells = line.split("|")[1:2] if fmt == "markdown" else line.split("│")[1].split(" | ")  # sets: A | B
        for outcome in (c for c in cells if "mixes {" in c):
            for part in outcome.split(";"):
                assert part.split()[0] in ("US", "Russia", "Ukraine"), line
