"""`wedge robust` on a game tree: shares of subgame-perfect paths, checked draw by draw against a recursion."""

import csv
import json
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from test_tree_sweep import RATIFY, _brute
from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.errors import WedgeError
from wedge_cli.formats.toml_read import loads
from wedge_cli.robust.tree import run_tree
from wedge_cli.solve.tree.batch import decision_nodes, plan_paths

UNCERTAIN = RATIFY.replace("value = 0.75\n", 'value = 0.75\ndistribution = "uniform"\n', 1)

LOTTERY = """
[parameters.p]
value = 0.5
min = 0
max = 1
distribution = "uniform"
[[players]]
name = "Investor"
[[nodes]]
id = "choice"
player = "Investor"
actions = { Safe = "safe", Risk = "draw" }
[[nodes]]
id = "draw"
actions = { Boom = "boom", Bust = "bust" }
probabilities = ["p", "1 - p"]
[[outcomes]]
id = "safe"
payoffs = [1]
[[outcomes]]
id = "boom"
payoffs = [3]
[[outcomes]]
id = "bust"
payoffs = [0]
"""


def test_every_draw_gets_the_path_of_an_exact_recursion_at_its_values():
    spec = loads(UNCERTAIN, "r.toml")
    seen = []
    result = run_tree(spec, 3000, 7, on_chunk=lambda done, values, paths: seen.extend(zip(values["scope"], paths)))
    assert len(seen) == 3000
    columns = decision_nodes(spec.skeleton)
    for scope, path in seen[:400]:
        plan, tied = _brute(spec, {"scope": Fraction(scope)})
        assert not tied
        assert tuple(plan_paths(spec.skeleton, columns, plan)) == path
    counts = {d["path"]: d["count"] for d in result.paths}
    deal = (("Sign", "Deliver", "Acquiesce"),)
    assert counts[deal] == sum(1 for _, p in seen if p == deal)
    assert sum(counts.values()) == 3000
    # scope uniform on [1/10, 1]: the deal holds on (1/2, 5/8), a share of 5/36
    share = next(d for d in result.paths if d["path"] == deal)
    assert share["ci"][0] < 5 / 36 < share["ci"][1]
    assert result.sensitivity[0]["parameter"] == "scope" and result.sensitivity[0]["index"] > 0.5


def test_chance_probabilities_from_parameters_weigh_the_branches():
    spec = loads(LOTTERY, "l.toml")
    result = run_tree(spec, 4000, 1)
    # Risk is worth 3p against 1 for Safe: Risk iff p > 1/3
    risk = next(d for d in result.paths if d["path"] == (("Risk", "Boom"), ("Risk", "Bust")))
    assert risk["ci"][0] < 2 / 3 < risk["ci"][1]


def test_the_same_seed_gives_the_same_shares_and_noise_moves_them():
    spec = loads(UNCERTAIN, "r.toml")
    a, b = run_tree(spec, 2000, 3), run_tree(spec, 2000, 3)
    assert a.paths == b.paths
    noisy = run_tree(spec, 2000, 3, payoff_noise=0.5)
    assert noisy.paths != a.paths and sum(d["count"] for d in noisy.paths) == 2000


def test_ties_are_counted_and_warned_about(tmp_path):
    text = LOTTERY.replace('distribution = "uniform"\n', "") + "[parameters.q]\nvalue = 1\nmin = 0\nmax = 2\n" \
        'distribution = "uniform"\n'
    text = text.replace('payoffs = [1]', 'payoffs = ["q - q + 1.5"]')  # Risk is worth 3/2 at p = 1/2: a tie
    result = run_tree(loads(text, "t.toml"), 50, 0)
    assert result.tie_share == 1.0


@pytest.mark.parametrize("text, kwargs, message", [
    (RATIFY, {}, "nothing is uncertain"),
    (UNCERTAIN, {"payoff_noise": -1.0}, "--payoff-noise"),
    (UNCERTAIN, {"samples": 0}, "--samples"),
    (LOTTERY.replace('"1 - p"]', '"1.5 - 2 * p"]'), {}, "not a distribution"),
])
def test_bad_runs_are_refused_with_a_reason(text, kwargs, message):
    with pytest.raises(WedgeError, match=message):
        run_tree(loads(text, "r.toml"), kwargs.pop("samples", 100), 0, **kwargs)


def test_the_command_prints_shares_json_and_samples(tmp_path, write):
    runner = CliRunner()
    path = write(UNCERTAIN)
    table = runner.invoke(app, ["robust", path, "--samples", "500"])
    assert table.exit_code == 0, table.stderr
    assert "Sign → Deliver → Acquiesce" in table.stdout and "subgame-perfect path" in table.stdout
    out = tmp_path / "draws.csv"
    result = runner.invoke(app, ["robust", path, "--samples", "500", "--json", "--samples-out", str(out)])
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.tree_robust/1" and report["samples"] == 500
    assert sum(p["count"] for p in report["paths"]) == 500
    rows = list(csv.reader(out.open()))
    assert rows[0] == ["sample", "scope", "path"] and len(rows) == 501
    lines = runner.invoke(app, ["robust", path, "--samples", "3", "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line)["sample"] for line in lines] == [1, 2, 3]
    refused = runner.invoke(app, ["robust", path, "--method", "pure"])
    assert refused.exit_code == ExitCode.USAGE and "--method pure is for normal-form games" in refused.stderr


def test_trees_with_information_sets_are_solved_draw_by_draw_by_subgames():
    from wedge_cli.solve.tree import solve_tree

    text = UNCERTAIN.replace('id = "after_delivery"\nplayer = "Congress"', 'id = "after_delivery"\nplayer = "Congress"\ninfoset = "c"')
    text = text.replace('id = "after_stall"\nplayer = "Congress"', 'id = "after_stall"\nplayer = "Congress"\ninfoset = "c"')
    spec = loads(text, "blind.toml")  # Congress votes without seeing whether Russia delivered
    seen = []
    result = run_tree(spec, 60, 4, on_chunk=lambda done, values, paths: seen.extend(zip(values["scope"], paths)))
    assert sum(d["count"] for d in result.paths) == 60 and len(seen) == 60
    for scope, path in seen[:15]:
        first = solve_tree(spec.tree({"scope": float(scope)})).equilibria[0]
        assert tuple(step.actions for step in first.path) == path


HIDDEN_PRIOR = """
title = "A sampled prior over types that the receiver cannot see"
[parameters.prior_a]
value = 0.3
min = 0.05
max = 0.95
distribution = "uniform"

[[players]]
name = "Sender"
[[players]]
name = "Receiver"

[[nodes]]
id = "nature"
probabilities = ["prior_a", "1 - prior_a"]
actions = { a = "type_a", b = "type_b" }
[[nodes]]
id = "type_a"
player = "Sender"
actions = { Go = "a_go", Stop = "a_stop" }
[[nodes]]
id = "type_b"
player = "Sender"
actions = { Go = "b_go", Stop = "b_stop" }
[[nodes]]
id = "a_go"
player = "Receiver"
infoset = "after_go"
actions = { Yes = "a_yes", No = "a_no" }
[[nodes]]
id = "b_go"
player = "Receiver"
infoset = "after_go"
actions = { Yes = "b_yes", No = "b_no" }

[[outcomes]]
id = "a_stop"
payoffs = [0, 0]
[[outcomes]]
id = "b_stop"
payoffs = [0, 0]
[[outcomes]]
id = "a_yes"
payoffs = [1, 1]
[[outcomes]]
id = "a_no"
payoffs = [-1, 0]
[[outcomes]]
id = "b_yes"
payoffs = [1, -1]
[[outcomes]]
id = "b_no"
payoffs = [-1, 0]
"""


def test_a_sampled_prior_and_its_complement_are_not_refused_as_not_summing_to_one():
    # Draw by draw, 1 - p and p used to be read back as decimals that need not sum to exactly 1.
    result = run_tree(loads(HIDDEN_PRIOR, "hidden.toml"), 300, 5)
    assert result.samples == 300 and sum(p["share"] for p in result.paths) == pytest.approx(1)


def test_a_signalling_game_is_counted_by_its_set_of_perfect_bayesian_equilibria():
    from wedge_cli.formats.toml_read import load
    from wedge_cli.robust.tree import EquilibriumSet
    from wedge_cli.solve.tree import solve_tree

    spec = load("reassurance")
    seen = []
    result = run_tree(spec, 120, 4, on_chunk=lambda done, values, sets: seen.extend(
        zip(({k: values[k][i] for k in values} for i in range(len(sets))), sets)))
    assert result.concept == "pbe" and len(seen) == 120
    for values, found in seen[:40]:  # each draw's set is the solver's at the drawn values
        tree = spec.tree({k: float(v) for k, v in values.items()})
        want = {(eq.kind, eq.intuitive, tuple(s.actions for s in eq.path))
                for eq in solve_tree(tree, concept="pbe", mixed=False).equilibria}  # draws count pure sets
        assert isinstance(found, EquilibriumSet) and set(found) == want
    for row in result.existence:  # how often each equilibrium is one of the draw's
        assert row["count"] == sum(row["equilibrium"] in found for _, found in seen)
    assert sum(d["count"] for d in result.paths) == 120


def test_robust_concept_on_the_command_line():
    ok = CliRunner().invoke(app, ["robust", "reassurance", "--samples", "60", "--json"])
    assert ok.exit_code == 0, ok.output
    report = json.loads(ok.stdout)
    assert report["concept"] == "pbe" and report["existence"]
    assert all(p["equilibria"] is not None for p in report["paths"])
    spe = CliRunner().invoke(app, ["robust", "reassurance", "--samples", "30", "--concept", "spe", "--json"])
    assert spe.exit_code == 0 and json.loads(spe.stdout)["concept"] == "spe"
    for args, message in ((["robust", "reassurance", "--concept", "nash"], "--concept nash is not counted"),
                          (["robust", "us-europe", "--concept", "pbe"], "--concept pbe is for game trees")):
        bad = CliRunner().invoke(app, args)
        assert bad.exit_code == 2 and message in bad.stderr and bad.stdout == ""
