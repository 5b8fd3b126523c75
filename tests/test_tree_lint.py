"""Lint of game trees: parameters, notes on nodes and outcomes, expressions that ignore a parameter."""

from __future__ import annotations

from wedge_cli.analysis.lint import lint
from wedge_cli.formats.toml_read import loads

TREE = """
title = "t"
[parameters.prior]
value = 0.5
min = 0
max = 1
description = "chance of a strong incumbent"
[parameters.spare]
value = 1
min = 0
max = 2
description = "not used"
[[players]]
name = "Entrant"
[[players]]
name = "Incumbent"
[[nodes]]
id = "entry"
player = "Entrant"
actions = { In = "nature", Out = "out" }
note = "enter or not"
[[nodes]]
id = "nature"
probabilities = ["0 * prior + 1/2", "1/2"]
actions = { Strong = "fight", Weak = "peace" }
[[nodes]]
id = "fight"
player = "Incumbent"
actions = { Fight = "war", Yield = "peace" }
note = "fight or yield"
[[outcomes]]
id = "war"
payoffs = [-1, "-1 - prior"]
note = "a fight"
[[outcomes]]
id = "peace"
payoffs = [1, 1]
[[outcomes]]
id = "out"
payoffs = [0, 2]
note = "stays out"
"""


def test_tree_lints_name_what_is_missing_and_where():
    found = {(x.code, x.line): x.message for x in lint(loads(TREE, "t.toml"))}
    assert ("unused_parameter", 8) in found and "'spare'" in found[("unused_parameter", 8)]
    assert found[("node_without_note", 22)] == "node 'nature' has no note saying what happens there"
    assert found[("outcome_without_note", 35)] == "outcome 'peace' has no note saying why"
    assert "probability of Strong at nature" in found[("constant_dependency", 24)]
    assert len(found) == 4, found


def test_a_fully_noted_tree_is_lint_clean():
    clean = (TREE.replace('probabilities = ["0 * prior + 1/2", "1/2"]', 'probabilities = ["prior", "1 - prior"]\nnote = "n"')
             .replace('payoffs = [1, 1]\n', 'payoffs = [1, 1]\nnote = "peace"\n')
             .replace('[parameters.spare]\nvalue = 1\nmin = 0\nmax = 2\ndescription = "not used"\n', ''))
    assert lint(loads(clean, "t.toml")) == []


def test_imperfect_recall_is_a_lint_with_the_reason_and_check_reports_it():
    from typer.testing import CliRunner

    from test_tree_face import FORGETFUL
    from wedge_cli.cli.main import app

    found = [x for x in lint(loads(FORGETFUL, "f.toml")) if x.code == "imperfect_recall"]
    assert len(found) == 1 and "forget what it did or knew" in found[0].message
    result = CliRunner().invoke(app, ["check", "-", "--strict"], input=FORGETFUL)
    assert result.exit_code == 5 and "imperfect_recall" in result.stdout and "a game tree of" in result.stdout


BAYESIAN_ARRAYS = """
title = "Entry with a hidden type"
[[players]]
name = "Entrant"
strategies = ["In", "Out"]
types = ["strong", "weak"]
prior = ["1/3", "2/3"]
[[players]]
name = "Incumbent"
strategies = ["Fight", "Yield"]

[payoffs.strong]
Entrant = [[1, 2], [0, 0]]
Incumbent = [[-1, 1], [2, 2]]

[payoffs.weak]
Entrant = [[-1, 2], [0, 0]]
Incumbent = [[1, 0], [2, 2]]
"""


def test_outcomes_written_on_one_line_without_notes_warn_once_for_the_line():
    found = [f for f in lint(loads(BAYESIAN_ARRAYS, "b.toml")) if f.code == "outcome_without_note"]
    assert len(found) == 2  # one per type profile's table (its outcomes carry the table's line), not one per cell
    assert all(f.message.startswith("4 outcomes written on this line have no note saying why (") for f in found)
    assert [f.line for f in found] == [13, 17]
