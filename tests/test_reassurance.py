"""The bundled reassurance scenario (payoffs/reassurance.toml): the numbers its page quotes.

Each claim of docs/scenarios/reassurance.md is pinned here, against the array oracle
of tests/pbe_oracle.py (which shares no code with the solver) at the defaults and on
both sides of every threshold, and against the closed forms in the file's header.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from pbe_oracle import equilibria, game_from_tree
from test_pbe_oracle import check_equilibria
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import load
from wedge_cli.solve.tree import solve_tree
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.tree import sweep_tree

F = Fraction
runner = CliRunner()


@pytest.fixture(scope="module")
def spec():
    return load("reassurance")


def _names(tree, eq) -> tuple:
    """(committed US, fickle US, Russia after an offer, Russia after talk) as action names."""
    by_id = {node.name: node.infoset for node in tree.nodes if node.infoset is not None}
    pick = [by_id["committed_us"], by_id["fickle_us"], by_id["russia_offer_committed"],
            by_id["russia_talk_committed"]]
    return tuple(tree.infosets[k].actions[eq.exact[k].index(1)] for k in pick)


@pytest.mark.parametrize("changes", [{}, {"prior_committed": "0.8"}, {"prior_committed": "0.6"},
                                     {"signal_cost": "6"}, {"signal_cost": "20"}, {"signal_cost": "36"},
                                     {"committed_share": "0.7"}, {"prior_committed": "3/4"},
                                     {"signal_cost": "8"}])
def test_the_pure_pbe_are_the_oracles(spec, changes):
    tree = spec.tree(changes)
    solution = solve_tree(tree, mixed=False)  # the mixed ones: test_pbe_hybrid.py
    assert solution.concept == "pbe" and solution.complete
    game, layout = game_from_tree(tree)
    expected = {(eq.sends, eq.answers, ()): eq for eq in equilibria(game)}
    check_equilibria(tree, layout, game, solution.equilibria, expected)


def test_at_the_defaults_only_the_separating_equilibrium_passes_the_intuitive_criterion(spec):
    tree = spec.tree()
    found = {_names(tree, eq): eq for eq in solve_tree(tree, mixed=False).equilibria}
    assert set(found) == {("Offer", "Talk", "Realign", "Stay"), ("Talk", "Talk", "Stay", "Stay")}
    separating = found[("Offer", "Talk", "Realign", "Stay")]
    assert (separating.kind, separating.intuitive, separating.exact_payoffs) == ("separating", True, (2, F(12, 5)))
    pooling = found[("Talk", "Talk", "Stay", "Stay")]
    assert (pooling.kind, pooling.intuitive, pooling.exact_payoffs) == ("pooling", False, (0, 0))
    (after_offer,) = pooling.off_path
    assert after_offer.interval == (0, F(1, 2))  # at most 1/2 on a committed US


def test_the_prior_thresholds_are_one_half_and_three_quarters(spec):
    result = sweep_tree(spec, parse_axis("prior_committed", spec))
    assert [t.exact for t in result.thresholds] == [F(1, 2), F(3, 4)]
    last = result.regimes[-1]
    realign_on_talk = [k for paths, k in zip(last.paths, last.kinds)
                       if k[0] == "pooling" and ("Committed", "Talk", "Realign") in paths]
    assert realign_on_talk and all(k[1] for k in realign_on_talk)  # trust on words alone, and intuitive
    assert not any(("Committed", "Talk", "Realign") in paths for r in result.regimes[:-1] for paths in r.paths)


def test_a_separating_equilibrium_exists_exactly_for_costs_from_8_to_32(spec):
    result = sweep_tree(spec, parse_axis("signal_cost", spec))
    exact = [t.exact for t in result.thresholds]
    assert F(8) in exact and F(32) in exact
    for r in result.regimes:
        separating = any(k[0] == "separating" for k in r.kinds)
        assert separating == (r.exact_start >= 8 and r.exact_stop <= 32), (r.start, r.stop)


def test_the_separating_window_moves_with_the_closed_form(spec):
    # wedge_value <= signal_cost <= wedge_value / committed_share, whatever the prior
    for share, value, prior in ((F(1, 2), F(8), "0.2"), (F(1, 5), F(6), "0.9")):
        fixed = {"committed_share": share, "wedge_value": value, "prior_committed": prior}
        result = sweep_tree(spec, parse_axis("signal_cost=0:40:10", spec), fixed)
        edges = {t.exact for t in result.thresholds}
        assert value in edges and (value / share in edges or value / share >= 40)


def test_the_bluffing_equilibrium_at_cost_6_is_among_the_nash_equilibria(spec):
    result = runner.invoke(app, ["solve", "reassurance", "--set", "signal_cost=6", "--concept", "spe", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    # the US moves at two single-node information sets without labels: #1 committed, #2 fickle
    bluff = [eq for eq in report["equilibria"] if eq["exact"]["United States"]["#2"]["Offer"] == "2/9"]
    (eq,) = bluff
    assert eq["exact"]["Russia"]["after_offer"] == {"Realign": "1/2", "Hedge": "1/2", "Stay": "0"}
    realigns = sum(F(step["exact"]) for step in eq["path"] if step["actions"][-1] == "Realign")
    assert realigns == F(4, 15)
