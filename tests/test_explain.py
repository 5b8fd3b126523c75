"""wedge explain: generated from the computed results and the file's names and notes."""

import json
import os
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.text.explain import explain, type_regimes
from wedge_cli.text.numbers import prose_equation, prose_number, prose_percent
from wedge_cli.formats.toml_read import load
from wedge_cli.solve import solve

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return CliRunner().invoke(app, list(args))


def sections(report):
    return {s["id"]: " ".join(s["paragraphs"]) for s in report["sections"]}


def test_numbers_in_words():
    from fractions import Fraction as F

    assert prose_number(F(-12, 5)) == "-2.4" and prose_number(F(5, 14)) == "about 0.357" and prose_number(3.0) == "3"
    assert prose_percent(F(3, 8)) == "37.5%" and prose_percent(F(5, 14)) == "about 35.7%" and prose_percent(F(1, 2)) == "50%"


def test_us_europe_explanation_uses_computed_results_and_notes():
    result = run("explain", "us-europe", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.explain/1"
    text = sections(report)
    assert list(text) == ["game", "stable", "dominance", "efficiency", "shape", "bargaining"]
    stable = text["stable"]
    assert "There are 3 stable outcomes" in stable and "The list is complete." in stable
    # each side's best alternative and what it loses, from the payoffs at cut = 8
    assert "if US switched to Retrench it would get -2.4 instead of 0 (2.4 less)" in stable
    assert "if Europe switched to FreeRide it would get -8 instead of -5 (3 less)" in stable
    assert "US plays Maintain 37.5% of the time and Retrench 62.5% of the time" in stable
    # the outcome notes come from the file
    spec = load("us-europe")
    note = spec.notes[(0, 1)]
    assert note.strip() in stable
    assert "products of the two sides' losses from deviating are equal (2.4 \u00d7 5 = 12 and 4 \u00d7 3 = 12)" in text["efficiency"]
    assert "US 0 by playing Maintain; Europe -5 by playing Rearm" in text["efficiency"]
    assert "between the two" not in text["shape"] and "Chicken or Leader" in text["shape"]
    assert "US gets the same 0 from (Maintain, Rearm) and (Maintain, FreeRide)" in text["shape"]
    assert ("Nash bargaining solution: US 2 and Europe -2.5, by taking turns, or drawing lots, between "
            "(Retrench, Rearm) 50% of the time and (Maintain, FreeRide) 50% of the time") in text["bargaining"]


def test_text_follows_the_numbers_not_the_scenario(write):
    # the same explanation machinery on a Prisoner's Dilemma with its own names: the words change with it
    pd = """
title = "Arms race"
description = "two rivals"
source = "test"
[[players]]
name = "Athens"
strategies = ["Disarm", "Arm"]
[[players]]
name = "Sparta"
strategies = ["Disarm", "Arm"]
[payoffs]
Athens = [[3, 0], [5, 1]]
Sparta = [[3, 5], [0, 1]]

[[outcomes]]
profile = ["Arm", "Arm"]
note = "Both spend on weapons and neither is safer."
"""
    report = json.loads(run("explain", write(pd), "--json").stdout)
    text = sections(report)
    assert "There is 1 stable outcome" in text["stable"] and "(Arm, Arm): Athens 1 and Sparta 1" in text["stable"]
    assert "Both spend on weapons and neither is safer." in text["stable"]
    assert "Athens's Disarm is never the best choice: Arm does better whatever the others do" in text["dominance"]
    assert ("Everyone would do at least as well at (Disarm, Disarm) as in equilibrium 1, and someone better, "
            "but (Disarm, Disarm) is not stable") in text["efficiency"]
    assert "this is a Prisoner's Dilemma game" in text["shape"]
    assert "us-europe" not in json.dumps(report).lower() and "Europe" not in json.dumps(report)


def test_dominance_solvable_three_player_game():
    text = sections(json.loads(run("explain", "us-russia-china", "--json").stdout))
    assert "Only (Pressure, StayWithChina, Deepen) survives" in text["dominance"]
    assert "The list is complete: it is the only equilibrium of any kind, randomised ones included." in text["stable"]
    assert "Once Russia's Realign and Russia's Hedge are ruled out" in text["dominance"]
    assert "shape" not in text and "bargaining" not in text and "notes" in text


def test_mixed_dominance_in_words(write):
    from test_dominance import MIXED_GAME

    text = sections(json.loads(run("explain", write(MIXED_GAME), "--json").stdout))
    assert ("Row's B is never the best choice: mixing T (50%) and M (50%) does better whatever the others do "
            "(by at least 0.5), even though no single alternative does better in every case") in text["dominance"]


def test_help_has_examples():
    for command in ("bargain", "explain"):
        result = run(command, "-h")
        assert result.exit_code == 0 and "Examples" in result.stdout
    assert "explain" in run("--help").stdout


def test_markdown_and_table():
    md = run("explain", "us-europe", "--format", "markdown").stdout
    assert md.startswith("# US\u2013Europe burden sharing")
    assert "\n## Stable outcomes (Nash equilibria)\n" in md and "\n1. (Maintain, FreeRide)" in md
    table = run("explain", "us-europe")
    assert table.exit_code == 0 and "Stable outcomes (Nash equilibria)" in table.stdout
    assert "\x1b[" not in table.stdout


def test_a_value_in_words_is_equal_or_approximate_never_equal_about():
    from fractions import Fraction as F
    assert prose_equation("cut", 5) == "cut = 5" and prose_equation("cut", F(2, 3)) == "cut = 2/3"
    assert prose_equation("cut", 0.625, exact=False) == "cut ≈ 0.625"  # found by bisection: '≈' though short
    assert prose_equation("cut", 2 / 3, exact=False) == "cut ≈ 0.667"
    assert prose_equation("cut", F(2000, 3001)) == "cut ≈ 0.666"  # exact but unreadable as a fraction: rounded, so '≈'


def test_approximate_thresholds_in_words_say_approx():
    # ukraine-settlement's guarantee thresholds at 5/8 and 2/3 are located by bisection
    result = run("explain", "ukraine-settlement", "--sweep", "guarantee", "--json")
    assert result.exit_code == 0, result.stderr
    text = sections(json.loads(result.stdout))["thresholds"]
    assert "= about" not in text and "= ≈" not in text
    assert "At guarantee ≈ 0.625, the answer changes:" in text
    assert "At guarantee ≈ 0.667, the answer changes:" in text
    assert "At guarantee = 0.75 exactly, the answer changes:" in text


def test_sweep_thresholds_in_words():
    result = run("explain", "us-europe", "--sweep", "cut", "--json")
    assert result.exit_code == 0, result.stderr
    text = sections(json.loads(result.stdout))["thresholds"]
    # regimes and thresholds come from wedge_cli.sweep.core; the words around them from explain
    assert "cut was swept from 0 to 20" in text
    assert "For cut between 0 and 5: stable outcomes (Maintain, FreeRide)." in text
    assert re.search(r"At cut = 5( exactly)?, the answer changes: a pure equilibrium \(Retrench, Rearm\) appears",
                     text)
    assert ("The game's shape (2x2 ordinal type) changes: for cut between 0 and 5: asymmetric hybrid"
            in text) and "for cut between 5 and 20: between Chicken and Leader (ties)" in text


def test_sweep_errors_name_the_option():
    result = run("explain", "us-europe", "--sweep", "cutt")
    assert result.exit_code == ExitCode.INVALID_INPUT and result.stdout == ""
    assert "--sweep" in result.stderr and "did you mean 'cut'?" in result.stderr


def test_type_regimes_exact_crossing():
    from fractions import Fraction as F

    spec = load("us-europe")
    entries = type_regimes(spec, "cut", F(0), F(20), 7)  # the crossing at 5 lies between grid points
    assert [e[0] for e in entries] == ["range", "range"]
    assert entries[0][2] == 5 and entries[1][1] == 5
    assert entries[0][3].family == "hybrid" and entries[1][3].candidates == ("chicken", "leader", "hybrid")


def test_explain_api_sections_are_plain_text():
    spec = load("us-europe")
    e = explain(spec, spec.parameter_values(), solve(spec.game()))
    assert e.title == spec.title
    for s in e.sections:
        assert re.fullmatch(r"[a-z_]+", s.id) and s.paragraphs
        assert all("\n" not in p for p in s.paragraphs)


def _console_blocks(text: str):
    """``(command, expected output)`` for every console block of a docs page that shows a command."""
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        lines = block.rstrip("\n").split("\n")
        if lines and lines[0].startswith("$ wedge "):
            yield lines[0][2:], "\n".join(lines[1:])


@pytest.mark.parametrize("page", ["concepts.md"])
def test_docs_show_real_output(page):
    """Every ``$ wedge ...`` console block shows that command's current output.

    Refresh on purpose with ``WEDGE_UPDATE_DOCS=1 python -m pytest tests/test_explain.py`` and
    review the diff (same width and runner as scripts/gen_docs.py).
    """
    sys.path.insert(0, str(ROOT / "scripts"))
    from gen_docs import run_command

    path = ROOT / "docs" / page
    text = path.read_text(encoding="utf-8")
    if os.environ.get("WEDGE_UPDATE_DOCS"):
        def refresh(match):
            command = match.group(1)
            return f"```console\n$ {command}\n{run_command(command)}\n```"

        text = re.sub(r"```console\n\$ (wedge [^\n]*)\n.*?```", refresh, text, flags=re.S)
        path.write_text(text, encoding="utf-8")
    blocks = list(_console_blocks(text))
    assert len(blocks) >= 5
    for command, expected in blocks:
        assert run_command(command) == expected, f"docs/{page}: output of '{command}' is out of date"


MIXED_CASE_GAME = """
title = "Sea Power"
description = "names in mixed case"
source = "test"

[parameters.WarCost]
value = 1
min = 0
max = 2

[[players]]
name = "Navy"
strategies = ["Attack", "Blockade", "Withdraw"]

[[players]]
name = "Army"
strategies = ["Defend", "Raid"]

[payoffs]
Navy = [[2, 0], [0, 2], ["-WarCost", "-WarCost"]]
Army = [[0, 2], [2, 0], [1, 1]]
"""


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_names_keep_their_case(write, fmt):
    # issue 11: "Navy's unused withdraw", "for warcost between 0 and 2"; a user's name is never recased
    result = run("explain", write(MIXED_CASE_GAME), "--sweep", "WarCost", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())  # the table wraps lines
    assert "Navy's unused Withdraw would give -1" in out
    assert "For WarCost between 0 and 2: stable outcomes" in out
    assert "Sea Power" in out and "How the answer changes with WarCost" in out
    for name in ("Sea Power", "Navy", "Army", "Attack", "Blockade", "Withdraw", "Defend", "Raid", "WarCost"):
        assert re.search(rf"\b{name.lower()}\b", out) is None, name


def test_sentence_starting_with_a_name_keeps_its_case(write):
    # the sweep's out-of-range note starts with the parameter's name: no capital forced on it
    game = MIXED_CASE_GAME.replace("WarCost", "warCost")
    result = run("explain", write(game), "--sweep", "warCost=0:4", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "\nwarCost is swept over [0, 4], beyond its declared range [0, 2]." in result.stdout
    assert "WarCost" not in result.stdout
