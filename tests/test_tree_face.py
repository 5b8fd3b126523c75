"""The face of game trees: the JSON of ``wedge solve TREE`` and ``wedge show TREE``, the terminal
and picture views, the gate that keeps trees from commands that do not take them, and the API.

Report and view tests build :class:`TreeSolution` objects by hand (what the solver must
return for tests/data/ratification_tree.toml, checked by hand in that file's header), so
they test the writing, not the solving; the command tests run the solver.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import load, loads
from wedge_cli.render.tree import ON_PATH, plot_tree, tree_layout, tree_markdown, tree_solve_markdown, tree_solve_view, tree_view
from wedge_cli.report.common import game_header, node_keys
from wedge_cli.report.tree import tree_show_report, tree_solve_report
from wedge_cli.solve.tree.result import PathStep, Threat, Tie, TreeEquilibrium, TreeSolution
from wedge_cli.text import display

DATA = Path(__file__).resolve().parent / "data"
TREE = str(DATA / "ratification_tree.toml")
ONE, ZERO = Fraction(1), Fraction(0)

#: A chance move, then the US, then Russia unable to tell which kind of US it faces.
SIGNAL = """
title = "Signal"
[parameters]
prior = { value = 0.25, min = 0, max = 1 }
[[players]]
name = "US"
[[players]]
name = "Russia"
[[nodes]]
id = "nature"
probabilities = ["prior", "1 - prior"]
actions = { Committed = "us_c", Fickle = "us_f" }
[[nodes]]
id = "us_c"
player = "US"
actions = { Offer = "russia_c", Wait = "quiet" }
[[nodes]]
id = "us_f"
player = "US"
actions = { Offer = "russia_f", Wait = "quiet" }
[[nodes]]
id = "russia_c"
player = "Russia"
infoset = "after_offer"
actions = { Realign = "lasting", Hedge = "hedged" }
[[nodes]]
id = "russia_f"
player = "Russia"
infoset = "after_offer"
actions = { Realign = "betrayed", Hedge = "hedged" }
[[outcomes]]
id = "lasting"
payoffs = [3, 2]
[[outcomes]]
id = "betrayed"
payoffs = [1, -1]
[[outcomes]]
id = "hedged"
payoffs = [0, 1]
[[outcomes]]
id = "quiet"
payoffs = [0, 0]
"""


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def spec():
    return load(TREE)


def _pure(*choices: int) -> tuple[tuple, tuple]:
    """Behaviour of the ratification tree's four infosets, each a chosen action index."""
    floats = tuple(tuple(1.0 if a == c else 0.0 for a in range(2)) for c in choices)
    exact = tuple(tuple(ONE if a == c else ZERO for a in range(2)) for c in choices)
    return floats, exact


def ratification_solution(spec, concept: str = "nash") -> TreeSolution:
    """The SPE (Sign, Deliver, Acquiesce | Block after stalling) and, for nash, one Nash
    equilibrium resting on Congress's threat to block a delivered deal."""
    tree = spec.tree()
    floats, exact = _pure(0, 0, 0, 1)
    spe = TreeEquilibrium(floats, exact, (6.0, 1.8, 2.0), (Fraction(6), Fraction(9, 5), Fraction(2)),
                          (PathStep(3, ("Sign", "Deliver", "Acquiesce"), 1.0, ONE),))
    floats, exact = _pure(1, 1, 1, 1)
    threat = TreeEquilibrium(floats, exact, (0.0, -0.0, 0.0), (ZERO, ZERO, ZERO), (PathStep(8, ("Shelve",), 1.0, ONE),),
                             subgame_perfect=False, not_credible=(Threat(2, 2, "Block", "Acquiesce", 1.5),))
    equilibria = (spe, threat) if concept == "nash" else (spe,)
    return TreeSolution(tree, concept, "reduced strategic form" if concept == "nash" else "backward induction",
                        equilibria, True, False, 1e-9, subgames=(0, 1, 2, 5))


def signal_solution():
    """Hand-made (not solved): US always offers, Russia hedges; beliefs 1/4, 3/4 at after_offer."""
    spec = loads(SIGNAL, "signal.toml")
    tree = spec.tree()
    q = Fraction
    # infosets: 0 chance, 1 the committed US, 2 Russia (after_offer), 3 the fickle US
    behavior = ((0.25, 0.75), (1.0, 0.0), (0.0, 1.0), (1.0, 0.0))
    exact = ((q(1, 4), q(3, 4)), (ONE, ZERO), (ZERO, ONE), (ONE, ZERO))
    eq = TreeEquilibrium(behavior, exact, (0.0, 1.0), (ZERO, ONE),
                         (PathStep(4, ("Committed", "Offer", "Hedge"), 0.25, q(1, 4)),
                          PathStep(9, ("Fickle", "Offer", "Hedge"), 0.75, q(3, 4))),
                         beliefs={2: (0.25, 0.75)}, exact_beliefs={2: (q(1, 4), q(3, 4))})
    return spec, TreeSolution(tree, "spe", "subgames", (eq,), True, True, 1e-9,
                              ties=(Tie(6, ("Offer", "Wait")),), subgames=(0,))


def rendered(renderable, width: int = 160) -> str:
    console = Console(width=width, markup=False, emoji=False, color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


# ------------------------------------------------------------------ the JSON contract


def test_solve_report_of_a_tree_has_every_key(spec):
    report = tree_solve_report(spec, spec.parameter_values(), ratification_solution(spec))
    assert list(report) == ["schema", "game", "parameters", "concept", "method", "complete", "degenerate",
                            "tolerance", "equilibria", "ties", "subgames", "warnings"]
    assert report["schema"] == "wedge.solve/1"
    assert report["game"]["form"] == "tree"
    assert report["parameters"] == {"scope": 0.6, "block_value": 0.5, "concession_cost": 3.0}
    first, second = report["equilibria"]
    assert set(first) == {"behavior", "exact", "payoffs", "exact_payoffs", "path", "beliefs", "exact_beliefs",
                          "subgame_perfect", "not_credible", "off_path_beliefs", "kind", "intuitive", "sequential"}
    assert (first["off_path_beliefs"], first["kind"], first["intuitive"], first["sequential"]) == ([], None, None, None)
    assert first["behavior"]["Congress"] == {"#1": {"Acquiesce": 1.0, "Block": 0.0},
                                             "#2": {"Acquiesce": 0.0, "Block": 1.0}}
    assert first["exact"]["Administration"] == {"#1": {"Sign": "1", "Shelve": "0"}}
    assert first["exact_payoffs"] == {"Administration": "6", "Russia": "9/5", "Congress": "2"}
    assert first["path"] == [{"actions": ["Sign", "Deliver", "Acquiesce"], "terminal": "deal_holds",
                              "probability": 1.0, "exact": "1"}]
    assert first["subgame_perfect"] is True and first["not_credible"] == []
    assert second["subgame_perfect"] is False
    assert second["not_credible"] == [{"player": "Congress", "infoset": "#1", "node": "congress_after_delivery",
                                       "planned": "Block", "better": "Acquiesce", "gain": 1.5,
                                       "exact_gain": None}]
    assert report["subgames"] == ["signing", "russia_moves", "congress_after_delivery", "congress_after_stalling"]
    # -0.0 is written 0.0, and the whole report is strict JSON
    text = json.dumps(report, allow_nan=False)
    assert "-0.0" not in text and json.loads(text) == report


def test_the_game_header_names_information_sets_and_their_nodes(spec):
    header = game_header(spec)
    assert list(header) == ["title", "form", "players", "nodes", "infosets", "chance"]
    assert header["form"] == "tree" and header["nodes"] == 9 and header["chance"] == []
    assert header["players"] == ["Administration", "Russia", "Congress"]
    assert header["infosets"]["Congress"] == [
        {"key": "#1", "actions": ["Acquiesce", "Block"], "nodes": ["congress_after_delivery"]},
        {"key": "#2", "actions": ["Acquiesce", "Block"], "nodes": ["congress_after_stalling"]}]
    assert game_header(load("us-europe"))["form"] == "normal"


def test_chance_stays_out_of_behavior_and_beliefs_name_nodes():
    spec, solution = signal_solution()
    report = tree_solve_report(spec, spec.parameter_values(), solution)
    eq = report["equilibria"][0]
    assert set(eq["behavior"]) == {"US", "Russia"}
    assert eq["behavior"]["Russia"] == {"after_offer": {"Realign": 0.0, "Hedge": 1.0}}
    assert eq["beliefs"] == {"US": {}, "Russia": {"after_offer": {"russia_c": 0.25, "russia_f": 0.75}}}
    assert eq["exact_beliefs"]["Russia"]["after_offer"] == {"russia_c": "1/4", "russia_f": "3/4"}
    assert report["game"]["chance"] == [{"key": "#1", "actions": ["Committed", "Fickle"], "nodes": ["nature"]}]
    # the outcome "hedged" ends two paths: those terminals are named by their preorder index
    assert [step["terminal"] for step in eq["path"]] == ["#4", "#9"]
    assert [step["exact"] for step in eq["path"]] == ["1/4", "3/4"]
    assert report["ties"] == [{"node": "us_f", "player": "US", "actions": ["Offer", "Wait"]}]
    assert report["degenerate"] is True


def test_node_keys_are_ids_or_preorder_indices():
    spec = loads(SIGNAL, "signal.toml")
    keys = node_keys(spec.skeleton)
    assert keys[:4] == ["nature", "us_c", "russia_c", "lasting"]
    assert keys[4] == "#4" and keys[9] == "#9"  # two terminals named "hedged"
    assert len(set(keys)) == len(keys)


def test_show_report_lists_nodes_with_the_path_marked(spec):
    report = tree_show_report(spec, spec.parameter_values(), spec.tree(), ratification_solution(spec, "spe"))
    assert report["schema"] == "wedge.show/1" and report["game"]["form"] == "tree"
    assert [n["key"] for n in report["nodes"]][:3] == ["signing", "russia_moves", "congress_after_delivery"]
    root = report["nodes"][0]
    assert [(a["action"], a["child"], a["on_path"]) for a in root["actions"]] == [
        ("Sign", "russia_moves", True), ("Shelve", "status_quo", False)]
    holds = report["nodes"][3]
    assert holds["kind"] == "terminal" and holds["exact_payoffs"] == {
        "Administration": "6", "Russia": "9/5", "Congress": "2"}
    assert holds["expressions"]["Russia"] == "8 * scope - concession_cost"
    assert holds["note"].startswith("The deal holds")
    assert report["parameters"][0]["name"] == "scope" and report["parameters"][0]["value"] == 0.6
    assert report["equilibrium"]["path"][0]["actions"] == ["Sign", "Deliver", "Acquiesce"]
    json.dumps(report, allow_nan=False)


def test_show_report_of_chance_gives_probabilities_and_expressions():
    spec, solution = signal_solution()
    report = tree_show_report(spec, spec.parameter_values({"prior": 0.5}), spec.tree({"prior": "1/2"}), None,
                              [{"code": "not_solved", "message": "no path marked: why"}])
    nature = report["nodes"][0]
    assert nature["kind"] == "chance" and nature["player"] is None
    assert [(a["probability"], a["exact"], a["expression"]) for a in nature["actions"]] == [
        (0.5, "1/2", "prior"), (0.5, "1/2", "1 - prior")]
    assert report["equilibrium"] is None and report["concept"] is None
    assert not any(a["on_path"] for n in report["nodes"] for a in n["actions"])
    assert report["warnings"] == [{"code": "not_solved", "message": "no path marked: why"}]


# ------------------------------------------------------------------ the views


def test_the_tree_is_drawn_with_the_path_marked(spec):
    report = tree_show_report(spec, spec.parameter_values(), spec.tree(), ratification_solution(spec, "spe"))
    text = rendered(tree_view(display.for_terminal(report)))
    lines = text.splitlines()
    assert lines[0] == "Sequential ratification: sign, deliver, ratify"
    assert lines[1] == "Administration (signing)"
    assert "├── ● Sign → Russia (russia_moves)" in text
    assert "│   │   ├── ● Acquiesce → deal_holds: 6, 9/5, 2" in text
    assert "│   │   └──   Block → blocked_after_delivery: -12/5, -3, 1/2" in text
    assert "│       └── ○ Block → blocked_after_stalling: -12/5, 0, 1/2" in text  # off the path, still chosen
    assert "└──   Shelve → status_quo: 0, 0, 0" in text
    assert "payoffs: Administration, Russia, Congress" in text
    # cut to a few nodes, with a line saying how to see them all
    short = rendered(tree_view(report, max_rows=3))
    assert "Stall" not in short and "6 more nodes not shown (3 of 9)" in short
    cut = tree_show_report(spec, spec.parameter_values(), spec.tree(), ratification_solution(spec, "spe"), limit=3)
    assert len(cut["nodes"]) == 3 and rendered(tree_view(cut)) == short
    md = tree_markdown(display.for_markdown(report))
    assert "    - ● Deliver → Congress (congress_after_delivery)" in md


def test_chance_and_information_sets_are_drawn():
    spec, solution = signal_solution()
    report = tree_show_report(spec, spec.parameter_values(), spec.tree(), solution)
    text = rendered(tree_view(report))
    assert "chance (nature)" in text
    assert "● Committed (1/4) → US (us_c)" in text
    assert "Russia (russia_c, information set after_offer)" in text
    assert "information set after_offer: Russia cannot tell apart russia_c, russia_f" in text


def test_solve_view_lists_equilibria_threats_and_ties(spec):
    report = tree_solve_report(spec, spec.parameter_values(), ratification_solution(spec))
    text = rendered(tree_solve_view(display.for_terminal(report)))
    assert "all 2 Nash equilibria, 1 not subgame perfect" in text
    assert re.search(r"│ 1 │ Sign → Deliver → Acquiesce\s+│\s+6 │\s+9/5 │\s+2 │ pure, subgame perfect", text)
    assert re.search(r"│ 2 │ Shelve\s+│\s+0 │\s+0 │\s+0 │ pure, not subgame perfect", text)
    assert ("1. Administration: Sign; Russia: Deliver; Congress: Acquiesce at congress_after_delivery, "
            "Block at congress_after_stalling") in text
    assert "not credible: Congress would Block at congress_after_delivery, but Acquiesce pays 1.5 more there" in text
    md = tree_solve_markdown(display.for_markdown(report))
    assert "| 1 | Sign → Deliver → Acquiesce | 6 | 9/5 | 2 | pure, subgame perfect |" in md
    spec2, solution = signal_solution()
    text = rendered(tree_solve_view(tree_solve_report(spec2, spec2.parameter_values(), solution)))
    assert "the only subgame-perfect equilibrium" in text
    assert "Committed → Offer → Hedge (1/4); Fickle → Offer → Hedge (3/4)" in text
    assert "tie: US is indifferent between Offer and Wait at us_f" in text


def test_markup_in_names_is_printed_as_written():
    text = SIGNAL.replace('"US"', '"[bold]US[/bold]"').replace("Offer =", '"[red]Offer" =')
    spec = loads(text, "signal.toml")
    report = tree_show_report(spec, spec.parameter_values(), spec.tree(), None)
    drawn = rendered(tree_view(display.for_terminal(report)))
    assert "[bold]US[/bold] (us_c)" in drawn and "[red]Offer → " in drawn


def test_layout_puts_parents_over_their_children(spec):
    report = tree_show_report(spec, spec.parameter_values(), spec.tree(), None)
    x, depth = tree_layout(report)
    assert depth == [0, 1, 2, 3, 3, 2, 3, 3, 1]
    assert x[3:5] == [0.0, 1.0] and x[2] == 0.5 and x[8] == 4.0 and x[0] == (x[1] + x[8]) / 2


def test_plot_writes_an_svg_with_the_names_as_written(spec, tmp_path):
    pytest.importorskip("matplotlib")
    report = tree_show_report(spec, spec.parameter_values(), spec.tree(), ratification_solution(spec, "spe"))
    report["game"]["title"] = "Pay $5bn or $6bn"  # mathtext would eat the dollars
    out = plot_tree(report, tmp_path / "tree.svg")
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    again = plot_tree(report, tmp_path / "again.svg").read_text(encoding="utf-8")
    assert svg == again  # the same tree, the same bytes
    with pytest.raises(Exception, match="must end in .png or .svg"):
        plot_tree(report, tmp_path / "tree.pdf")


# ------------------------------------------------------------------ the gate


@pytest.mark.parametrize("command", [["bargain", TREE]])
def test_commands_without_trees_refuse_them_with_exit_2(command):
    result = run(*command)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert f"error: wedge {command[0]} does not handle game trees yet; try wedge solve {TREE}" in result.stderr


def test_normal_form_options_are_refused_on_trees_and_back():
    result = run("solve", TREE, "--method", "pure")
    assert result.exit_code == 2 and result.stdout == ""
    assert "--method pure solves normal-form games" in result.stderr and "--concept nash" in result.stderr
    nash = run("solve", TREE, "--method", "pure", "--concept", "nash", "--json")
    assert nash.exit_code == 0, nash.stderr
    report = json.loads(nash.stdout)
    assert report["method"] == "reduced-strategic-form/pure" and report["complete"] is False
    assert all(max(a.values()) == 1 for eq in report["equilibria"] for i in eq["behavior"].values() for a in i.values())
    result = run("solve", "us-europe", "--concept", "spe")
    assert result.exit_code == 2 and "--concept spe needs a game tree" in result.stderr
    result = run("show", "us-europe", "--plot", "x.svg")
    assert result.exit_code == 2 and "--plot draws game trees" in result.stderr


def test_normal_form_reports_say_form_normal():
    result = run("solve", "us-europe", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["game"]["form"] == "normal"
    assert "strategies" in json.loads(result.stdout)["equilibria"][0]


# ------------------------------------------------------------------ the commands


def test_solve_tree_prints_the_subgame_perfect_equilibrium():
    result = run("solve", TREE)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("Sequential ratification: sign, deliver, ratify: the only subgame-perfect equilibrium\n")
    assert re.search(r"│ 1 │ Sign → Deliver → Acquiesce\s+│\s+6 │\s+9/5 │\s+2 │ pure, subgame perfect", out)
    assert ("1. Administration: Sign; Russia: Deliver; Congress: Acquiesce at congress_after_delivery, "
            "Block at congress_after_stalling\n") in out
    assert "at scope = 0.6, block_value = 0.5, concession_cost = 3" in out


def test_solve_tree_json_follows_the_contract():
    result = run("solve", TREE, "--json", "--set", "scope=1/4")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("schema", "game", "parameters", "concept", "method", "complete", "degenerate", "tolerance",
                "equilibria", "ties", "subgames", "warnings"):
        assert key in report
    assert report["schema"] == "wedge.solve/1" and report["game"]["form"] == "tree"
    assert report["concept"] == "spe" and report["complete"] is True and report["parameters"]["scope"] == 0.25
    (eq,) = report["equilibria"]
    # scope 1/4 < 3/8: Russia would stall, so the administration shelves
    assert eq["path"] == [{"actions": ["Shelve"], "terminal": "status_quo", "probability": 1.0, "exact": "1"}]
    assert eq["exact"]["Russia"] == {"#1": {"Deliver": "0", "Stall": "1"}}
    assert eq["exact_payoffs"] == {"Administration": "0", "Russia": "0", "Congress": "0"}
    assert eq["subgame_perfect"] is True and eq["not_credible"] == []


def test_solve_tree_markdown_and_a_tie(tmp_path):
    result = run("solve", TREE, "--format", "markdown")
    assert result.exit_code == 0
    assert "| 1 | Sign → Deliver → Acquiesce | 6 | 9/5 | 2 | pure, subgame perfect |" in result.stdout
    # at scope = 9/10 Congress is indifferent after delivery: two subgame-perfect equilibria
    result = run("solve", TREE, "--set", "scope=9/10", "--json")
    report = json.loads(result.stdout)
    assert report["degenerate"] is True and len(report["equilibria"]) >= 2
    assert {"node": "congress_after_delivery", "player": "Congress", "actions": ["Acquiesce", "Block"]} in report["ties"]


def test_set_errors_on_trees_exit_3_with_empty_stdout():
    result = run("solve", TREE, "--set", "scoop=1")
    assert result.exit_code == 3 and result.stdout == ""
    assert "unknown parameter 'scoop'" in result.stderr and "did you mean 'scope'?" in result.stderr


def test_show_tree_draws_it_and_plots_an_svg(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "tree.svg"
    result = run("show", TREE, "--plot", str(out))
    assert result.exit_code == 0, result.stderr
    assert "│   │   ├── ● Acquiesce → deal_holds: 6, 9/5, 2" in result.stdout
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    result = run("show", TREE, "--plot", str(tmp_path / "tree.pdf"))
    assert result.exit_code == 3 and result.stdout == "" and "must end in .png or .svg" in result.stderr
    assert not (tmp_path / "tree.pdf").exists()


def test_show_tree_json_marks_the_path():
    result = run("show", TREE, "--json", "--set", "scope=1/4")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "wedge.show/1" and report["game"]["form"] == "tree"
    assert len(report["nodes"]) == report["game"]["nodes"] == 9
    root = report["nodes"][0]
    assert [a["on_path"] for a in root["actions"]] == [False, True]  # Shelve
    assert report["equilibrium"]["path"][0]["actions"] == ["Shelve"]


def test_markup_in_a_label_is_printed_verbatim_by_the_commands(tmp_path):
    text = Path(TREE).read_text(encoding="utf-8")
    text = text.replace("Sign = ", '"[bold red]Sign" = ').replace('title = "Sequential', 'title = "[blink]Sequential')
    path = tmp_path / "markup.toml"
    path.write_text(text, encoding="utf-8")
    result = run("show", str(path))
    assert result.exit_code == 0, result.stderr
    assert "[blink]Sequential ratification" in result.stdout and "● [bold red]Sign → Russia" in result.stdout
    result = run("solve", str(path))
    assert "[bold red]Sign → Deliver → Acquiesce" in result.stdout


def test_api_solve_takes_a_tree():
    import wedge_cli

    result = wedge_cli.solve(TREE)
    assert isinstance(result, wedge_cli.TreeSolveResult)
    assert result.concept == "spe" and result.complete
    assert result.equilibria[0]["path"][0]["actions"] == ["Sign", "Deliver", "Acquiesce"]
    assert result.to_dict() == json.loads(run("solve", TREE, "--json").stdout)
    assert "Sign → Deliver → Acquiesce (payoffs 6, 9/5, 2)" in repr(result)
    shelved = wedge_cli.solve(wedge_cli.load(TREE), set={"scope": "1/4"})
    assert shelved.parameters["scope"] == 0.25 and shelved.equilibria[0]["path"][0]["actions"] == ["Shelve"]
    concrete = wedge_cli.load(TREE).tree({"scope": "1/4"})
    assert wedge_cli.solve(concrete).equilibria == shelved.equilibria
    with pytest.raises(wedge_cli.WedgeError, match="is for normal-form games"):
        wedge_cli.solve(TREE, method="pure")
    with pytest.raises(wedge_cli.WedgeError, match="needs a game tree"):
        wedge_cli.solve("us-europe", concept="spe")
    assert wedge_cli.solve(TREE, method="pure", concept="nash").to_dict()["method"] == "reduced-strategic-form/pure"


def test_concept_nash_marks_the_threats_that_are_not_credible():
    result = run("solve", TREE, "--concept", "nash", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["concept"] == "nash"
    perfect = [eq for eq in report["equilibria"] if eq["subgame_perfect"]]
    assert [eq["path"][0]["actions"] for eq in perfect] == [["Sign", "Deliver", "Acquiesce"]]
    assert all(eq["not_credible"] for eq in report["equilibria"] if not eq["subgame_perfect"])
    block = {"player": "Congress", "infoset": "#1", "node": "congress_after_delivery", "planned": "Block",
             "better": "Acquiesce", "gain": 1.5, "exact_gain": "3/2"}
    assert any(block in eq["not_credible"] and eq["path"][0]["actions"] == ["Shelve"] for eq in report["equilibria"])
    table = run("solve", TREE, "--concept", "nash")
    assert "Nash equilibria" in table.stdout and "not subgame perfect" in table.stdout
    assert "not credible: Congress would Block at congress_after_delivery, but Acquiesce pays 3/2 more there" in table.stdout
    assert "not_credible" not in table.stdout and "warning:" in table.stderr


def test_imperfect_information_from_stdin_gives_beliefs():
    result = run("solve", "-", "--json", input=SIGNAL)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["game"]["chance"][0]["nodes"] == ["nature"]
    offers = [eq for eq in report["equilibria"]
              if eq["exact"]["US"] == {"#1": {"Offer": "1", "Wait": "0"}, "#2": {"Offer": "1", "Wait": "0"}}]
    assert len(offers) == 1
    assert offers[0]["exact_beliefs"]["Russia"] == {"after_offer": {"russia_c": "1/4", "russia_f": "3/4"}}
    assert set(offers[0]["behavior"]) == {"US", "Russia"}
    drawn = run("show", "-", input=SIGNAL)
    assert "Russia (russia_c, information set after_offer)" in drawn.stdout


FORGETFUL = """
title = "Forgetful"
[[players]]
name = "US"
[[players]]
name = "Russia"
[[nodes]]
id = "first"
player = "US"
actions = { L = "us_l", R = "us_r" }
[[nodes]]
id = "us_l"
player = "US"
infoset = "forgot"
actions = { a = "x", b = "y" }
[[nodes]]
id = "us_r"
player = "US"
infoset = "forgot"
actions = { a = "y", b = "x" }
[[outcomes]]
id = "x"
payoffs = [1, 0]
[[outcomes]]
id = "y"
payoffs = [0, 1]
"""


def test_imperfect_recall_exits_3_on_solve_and_is_drawn_without_a_path_by_show():
    result = run("solve", "-", input=FORGETFUL)
    assert result.exit_code == 3 and result.stdout == ""
    assert "does not have perfect recall" in result.stderr and "'forgot'" in result.stderr
    result = run("show", "-", input=FORGETFUL)
    assert result.exit_code == 0
    assert "US (us_l, information set forgot)" in result.stdout and ON_PATH not in result.stdout
    assert "warning: no path marked: this tree does not have perfect recall" in result.stderr
    report = json.loads(run("show", "-", "--json", input=FORGETFUL).stdout)
    assert report["equilibrium"] is None and report["warnings"][0]["code"] == "not_solved"


@pytest.mark.parametrize("command", [["sweep", TREE, "--param", "scope=0.1:1:9"], ["robust", TREE, "--samples", "50", "--payoff-noise", "0.1"],
                                     ["explain", TREE], ["check", TREE], ["export", TREE, "--to", "nfg"]])
def test_commands_that_take_trees_pass_the_gate(command):
    result = run(*command)
    assert result.exit_code == 0, result.stderr
    assert "does not handle game trees" not in result.stderr


def test_the_gate_names_the_command_and_passes_normal_form_games():
    from wedge_cli.cli.args import refuse_tree

    refuse_tree(load("us-europe"), "us-europe", "bargain")  # a game passes
    with pytest.raises(Exception) as info:
        refuse_tree(load(TREE), "my tree.toml", "bargain")
    assert getattr(info.value, "exit_code", None) == 2
