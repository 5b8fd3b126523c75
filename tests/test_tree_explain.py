"""`wedge explain TREE`: backward induction in words, from the file's names, with the computed numbers."""

import json

from typer.testing import CliRunner

from test_tree_robust import LOTTERY
from test_tree_sweep import RATIFY
from wedge_cli.cli.main import app

NOTED = RATIFY.replace('id = "after_delivery"\n', 'id = "after_delivery"\nnote = "Congress votes [on] the deal."\n')


def _explain(write, text, *args):
    result = CliRunner().invoke(app, ["explain", write(text), "--json", *args])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    return {s["id"]: s["paragraphs"] for s in report["sections"]}, report


def test_last_mover_first_with_each_comparison_and_the_note(write):
    sections, report = _explain(write, NOTED, "--set", "scope=0.6")
    assert report["game"]["form"] == "tree"
    steps = sections["induction"][1:]
    # Congress (the last mover) first, the administration (the first mover) last
    assert steps[0].startswith("If Administration plays Sign and Russia plays Stall, Congress compares")
    assert "Acquiesce (-1.8) with Block (-2)" in steps[1] and steps[1].count("chooses Acquiesce") == 1
    assert "Congress votes [on] the deal." in steps[1]
    assert steps[2].startswith("If Administration plays Sign, Russia, knowing this, compares Deliver (0.6) with Stall (0)")
    assert steps[3].startswith("At the start, Administration, knowing this, compares Sign (6) with Shelve (0)")
    outcome = sections["outcome"]
    assert "Sign → Deliver → Acquiesce" in outcome[0] and "Congress -1.8" in outcome[0]
    assert "Congress would play Block at after_stall" in outcome[1]


def test_at_the_default_the_deal_is_shelved_and_the_sweep_names_the_flips(write):
    sections, _ = _explain(write, RATIFY, "--sweep", "scope")
    assert "path of play is Shelve" in sections["outcome"][0]
    thresholds = sections["thresholds"]
    assert any(p.startswith("At scope = 0.625: Administration switches from Sign to Shelve at signing") for p in thresholds)
    assert "For scope from 0.1 to 0.5, the path of play is Shelve." in thresholds  # off-path changes merged


def test_chance_moves_and_ties_are_told(write):
    sections, _ = _explain(write, LOTTERY.replace("value = 0.5", "value = 0.25"))
    assert any("chance decides: Boom with probability 25% and Bust with probability 75%" in p
               for p in sections["induction"])
    tied, _ = _explain(write, LOTTERY.replace("value = 0.5", "value = 0.3333333333333333").replace(
        'payoffs = [3]', 'payoffs = ["3 + 0 * p"]'), "--set", "p=1/3")
    assert any("are worth the same to Investor" in p for p in tied["induction"])


def test_imperfect_information_is_told_through_perfect_bayesian_equilibria(write):
    text = RATIFY.replace('id = "after_delivery"\nplayer = "Congress"', 'id = "after_delivery"\nplayer = "Congress"\ninfoset = "c"')
    text = text.replace('id = "after_stall"\nplayer = "Congress"', 'id = "after_stall"\nplayer = "Congress"\ninfoset = "c"')
    result = CliRunner().invoke(app, ["explain", write(text), "--json"])
    assert result.exit_code == 0, result.output
    sections = {s["id"]: s["paragraphs"] for s in json.loads(result.stdout)["sections"]}
    assert list(sections)[:3] == ["game", "concept", "equilibria"]
    assert "wedge solve lists the subgame-perfect equilibria, mixed ones included" in sections["concept"][0]
    told = " ".join(p for k, ps in sections.items() if k.startswith("equilibrium_") for p in ps)
    assert "cannot tell Deliver and Stall apart" in told
