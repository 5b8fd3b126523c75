"""`wedge explain TREE` for trees whose default concept is perfect Bayesian equilibrium
(text/explanation/beliefs.py, signals.py, assessment.py).

The numbers the sentences must carry are worked out by hand in the comments (beer-quiche,
the commitment game) or by an oracle that shares no code with the solver or the text
(test_tree_pbe's reach probabilities and subgame roots, and the prior over the types that
send a message).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_tree_pbe import _reach, _subgame_root
from test_tree_solve_support import PROBABILITIES, build
from typer.testing import CliRunner

from wedge_cli.cli.common import ExitCode
from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import load, loads
from wedge_cli.formats.tree_write import write_tree_toml
from wedge_cli.solve.tree import hides_chance, solve_tree
from wedge_cli.solve.tree.signalling import intuitive_tests, signalling_structure
from wedge_cli.text.explanation import beliefs
from wedge_cli.text.explanation.prose import join
from wedge_cli.text.explanation.tree import explain_tree
from wedge_cli.text.trees import node_descriptions

F = Fraction
DATA = Path(__file__).parent / "data" / "pbe_unit"
BEER_QUICHE = str(DATA / "beer_quiche_minimal.toml")
NOT_SEQUENTIAL = str(DATA / "not_sequential.toml")
WIDE = {"COLUMNS": "400", "NO_COLOR": "1"}

# A signalling game with a separating equilibrium. Chance makes the US committed (2/5) or
# fickle (3/5); it offers or talks; Russia sees the move and realigns or stays.
# Separating: committed Offer (Realign: 4 against 1 from Talk -> Stay), fickle Talk (Stay: 2
# against 1 from Offer -> Realign); Russia sure of the type: after Offer Realign 6 > Stay 2,
# after Talk Stay 3 > Realign 1. Payoffs US 2/5*4 + 3/5*2 = 14/5, Russia 2/5*6 + 3/5*3 = 21/5.
# Pooling on Talk: Realign gives Russia 2/5*5 + 3/5*1 = 13/5, Stay 2/5*1 + 3/5*3 = 11/5; after Offer
# Stay needs 2 mu + 4 (1 - mu) >= 6 mu, mu <= 1/2 on committed. A fickle US gets at most 1 from Offer
# (< 3), so Russia should read Offer as committed and realign, which gives a committed US 4 > 3: fails.
COMMITMENT = '''\
title = "Commitment signal"
scale = "utility points"

[parameters.p_committed]
value = 0.4
min = 0
max = 1

[[players]]
name = "United States"
[[players]]
name = "Russia"

[[nodes]]
id = "nature"
probabilities = ["p_committed", "1 - p_committed"]
actions = { committed = "us_committed", fickle = "us_fickle" }
note = "Washington's resolve is private."

[[nodes]]
id = "us_committed"
player = "United States"
actions = { Offer = "c_offer", Talk = "c_talk" }
[[nodes]]
id = "us_fickle"
player = "United States"
actions = { Offer = "f_offer", Talk = "f_talk" }

[[nodes]]
id = "c_offer"
player = "Russia"
infoset = "after_offer"
actions = { Realign = "cor", Stay = "cos" }
[[nodes]]
id = "f_offer"
player = "Russia"
infoset = "after_offer"
actions = { Realign = "for", Stay = "fos" }
[[nodes]]
id = "c_talk"
player = "Russia"
infoset = "after_talk"
actions = { Realign = "ctr", Stay = "cts" }
[[nodes]]
id = "f_talk"
player = "Russia"
infoset = "after_talk"
actions = { Realign = "ftr", Stay = "fts" }

[[outcomes]]
id = "cor"
payoffs = [4, 6]
note = "A new alignment."
[[outcomes]]
id = "cos"
payoffs = [0, 2]
[[outcomes]]
id = "ctr"
payoffs = [3, 5]
[[outcomes]]
id = "cts"
payoffs = [1, 1]
[[outcomes]]
id = "for"
payoffs = [1, 0]
[[outcomes]]
id = "fos"
payoffs = [-2, 4]
[[outcomes]]
id = "ftr"
payoffs = [3, 1]
[[outcomes]]
id = "fts"
payoffs = [2, 3]
'''


def _json(*args) -> tuple[dict, dict]:
    result = CliRunner().invoke(app, ["explain", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    return {s["id"]: s["paragraphs"] for s in report["sections"]}, report


def _text(explanation) -> dict[str, list[str]]:
    return {s.id: list(s.paragraphs) for s in explanation.sections}


# ------------------------------------------------------------------ beer-quiche


def test_beer_quiche_tells_who_knows_what_and_both_pooling_equilibria():
    sections, report = _json(BEER_QUICHE)
    assert report["schema"] == "wedge.explain/1" and report["game"]["form"] == "tree"
    assert list(sections) == ["game", "equilibria", "equilibrium_1", "equilibrium_2"]
    titles = [s["title"] for s in report["sections"]]
    assert titles[2:] == ["Equilibrium 1: pooling on Beer", "Equilibrium 2: pooling on Quiche"]
    assert sections["game"][0] == ("Chance makes Sender weak with probability 1/10 (strong 9/10). Sender knows its "
                                   "type; Receiver does not: it sees whether Sender plays Beer or Quiche, not the type.")
    assert "Parameter values used: prior_strong = 0.9." in sections["game"]
    assert sections["equilibria"][1] == (
        "The tree has 2 perfect Bayesian equilibria in pure strategies (wedge solve lists the mixed ones too; "
        "they are not told here): "
        "1 (pooling on Beer, passes the intuitive criterion); 2 (pooling on Quiche, fails the intuitive criterion).")


def test_beer_quiche_pooling_on_beer_needs_a_receiver_that_reads_quiche_as_weak():
    # Pool on Beer, belief = prior: Not gives 9/10 (strong), Duel 1/10. Off the path, after Quiche,
    # Duel needs mu(weak) >= 1/2 (Duel: mu; Not: 1 - mu). Types: weak 2 (Beer, Not) vs 1 (Quiche,
    # Duel); strong 3 vs 0. Cho-Kreps: a strong type gets at most 2 from Quiche (< 3), so Quiche is
    # read as weak, met with Duel, which leaves the weak type 1 <= 2: passes.
    eq = _json(BEER_QUICHE)[0]["equilibrium_1"]
    assert eq[0] == "Sender plays Beer whatever its type."
    assert eq[1] == ("After Beer, Receiver believes Sender is weak with probability 1/10 and strong with probability "
                     "9/10 (Bayes' rule: every type plays Beer, so Beer tells Receiver nothing new and the belief is "
                     "the prior), and plays Not: with that belief, Not gives it 9/10 and Duel 1/10.")
    assert eq[2] == ("No type plays Quiche, so Bayes' rule says nothing about what Receiver would believe after it. "
                     "The equilibrium needs Receiver to play Duel there, which holds for any belief of Receiver at "
                     "after_quiche that puts at least 1/2 on weak (and the rest on strong). Sure that Sender is weak, "
                     "for instance, Receiver would get 1 from Duel and 0 from Not.")
    assert "a weak Sender gets 2 from Beer and would get 1 from Quiche; a strong one gets 3 from Beer and would " \
           "get 0 from Quiche" in eq[3]
    assert "not a strong Sender (at most 2 from Quiche, less than the 3 it gets now)" in eq[4]
    assert eq[4].endswith("Believing it comes from a weak Sender, Receiver would play Duel: a weak Sender would get 1 "
                          "from Quiche, no more than the 2 it gets now.")
    assert eq[5] == "So this equilibrium passes the intuitive criterion."
    assert eq[6].startswith("It is also a sequential equilibrium")
    assert eq[7] == ("Play: weak → Beer → Not (probability 1/10) or strong → Beer → Not (probability 9/10); "
                     "expected payoffs Sender 29/10 and Receiver 9/10.")


def test_beer_quiche_pooling_on_quiche_fails_because_the_strong_type_would_drink_beer():
    # A weak type gets at most 2 from Beer (< 3 from Quiche, Not); read as strong, Beer is met
    # with Not, which gives the strong type 3 > 2.
    eq = _json(BEER_QUICHE)[0]["equilibrium_2"]
    assert "after_beer that puts at least 1/2 on weak" in eq[2]
    criterion = next(p for p in eq if p.startswith("The intuitive criterion"))
    assert "not a weak Sender (at most 2 from Beer, less than the 3 it gets now)" in criterion
    assert criterion.endswith("Believing it comes from a strong Sender, Receiver would play Not, and a strong Sender "
                              "would then get 3 from Beer, more than the 2 it gets now: it would send Beer.")
    assert any(p.startswith("So this equilibrium fails the intuitive criterion") for p in eq)
    assert "expected payoffs Sender 21/10 and Receiver 9/10" in eq[-1]


def test_below_one_half_no_pure_equilibrium_is_told_as_such():
    sections, report = _json(BEER_QUICHE, "--set", "prior_strong=0.4")
    assert list(sections) == ["game", "equilibria"]
    assert sections["game"][0].startswith("Chance makes Sender weak with probability 3/5 (strong 2/5).")
    assert sections["equilibria"][1].startswith("This tree has no perfect Bayesian equilibrium in pure strategies")


def test_the_table_and_markdown_views_carry_the_same_sentences():
    result = CliRunner().invoke(app, ["explain", BEER_QUICHE], env=WIDE)
    assert result.exit_code == 0 and result.stderr == ""
    assert "Equilibrium 2: pooling on Quiche" in result.stdout
    assert "Receiver would play Not, and a strong Sender would then get 3 from Beer" in result.stdout
    markdown = CliRunner().invoke(app, ["explain", BEER_QUICHE, "--format", "markdown"])
    assert markdown.exit_code == 0 and markdown.stderr == ""
    assert "## Equilibrium 1: pooling on Beer" in markdown.stdout
    assert "Sure that Sender is weak, for instance, Receiver would get 1 from Duel and 0 from Not." in markdown.stdout


def test_intuitive_tests_give_the_details_the_words_use():
    tree = loads(Path(BEER_QUICHE).read_text(), BEER_QUICHE).tree()
    structure = signalling_structure(tree)
    weak, strong = structure.types
    solution = solve_tree(tree, concept="pbe")
    for eq, unused, ruled_out, breaks in ((solution.equilibria[0], "after_quiche", strong, ()),
                                         (solution.equilibria[1], "after_beer", weak, (strong,))):
        choice = {k: row.index(1) for k, row in enumerate(eq.exact) if tree.infosets[k].player is not None}
        (test,) = intuitive_tests(tree, structure, choice)
        assert tree.infosets[test.infoset].label == unused
        assert test.senders == (weak, strong) and test.dominated == (ruled_out,) and test.breaks == breaks
        assert test.replies == (0, 1)  # Duel and Not are each best for some belief
        assert test.narrow == ((0,) if ruled_out == strong else (1,))  # sure of weak: Duel; of strong: Not


# ------------------------------------------------------------------ a separating equilibrium


def test_a_separating_equilibrium_says_the_receiver_is_sure_of_each_type(write):
    sections, _ = _json(write(COMMITMENT))
    assert sections["game"][0] == (
        "Chance makes United States committed with probability 2/5 (fickle 3/5). United States knows its type; "
        "Russia does not: it sees whether United States plays Offer or Talk, not the type. The file's note on "
        "nature: “Washington's resolve is private.”")
    assert "About the payoffs, the file says: “utility points”" in sections["game"]
    assert sections["equilibria"][1].endswith(": 1 (separating); 2 (pooling on Talk, fails the intuitive criterion).")
    eq = sections["equilibrium_1"]
    assert eq[0] == "A committed United States plays Offer; a fickle one plays Talk."
    assert eq[1] == ("After Offer, Russia is sure United States is committed (Bayes' rule: only a committed one plays "
                     "Offer), and plays Realign: with that belief, Realign gives it 6 and Stay 2.")
    assert eq[2] == ("After Talk, Russia is sure United States is fickle (Bayes' rule: only a fickle one plays Talk), "
                     "and plays Stay: with that belief, Stay gives it 3 and Realign 1.")
    assert eq[3].endswith("a committed United States gets 4 from Offer and would get 1 from Talk; a fickle one gets 2 "
                          "from Talk and would get 1 from Offer.")
    assert "the equilibrium needs no belief off the path" in eq[4]
    assert not any("intuitive" in p or "sequential" in p for p in eq)
    assert eq[-2] == ("Play: committed → Offer → Realign (probability 2/5) or fickle → Talk → Stay (probability 3/5); "
                      "expected payoffs United States 14/5 and Russia 21/5.")
    assert eq[-1] == "The file's note on committed → Offer → Realign: “A new alignment.”"
    pool = sections["equilibrium_2"]
    assert "with that belief, Realign gives it 13/5 and Stay 11/5" in pool[1]
    assert "after_offer that puts at most 1/2 on committed (and the rest on fickle)" in pool[2]
    assert "Sure that United States is fickle, for instance, Russia would get 4 from Stay and 0 from Realign." in pool[2]
    assert "a committed United States would then get 4 from Offer, more than the 3 it gets now" in pool[4]


def test_a_float_tree_is_told_in_rounded_numbers(write):
    # sqrt(2) + 2.5 for the committed US after Offer, Realign: 3.914..., no longer rational.
    sections, _ = _json(write(COMMITMENT.replace("payoffs = [4, 6]", 'payoffs = ["2**0.5 + 2.5", 6]')))
    eq = sections["equilibrium_1"]
    assert "a committed United States gets about 3.914 from Offer" in eq[3]
    assert "(probability 0.4) or fickle → Talk → Stay (probability 0.6)" in eq[-2]


def test_user_text_with_rich_markup_reaches_the_terminal_verbatim(write):
    path = write(COMMITMENT.replace('name = "Russia"', 'name = "[bold]x[/bold]"').replace(
        'player = "Russia"', 'player = "[bold]x[/bold]"'))
    result = CliRunner().invoke(app, ["explain", path], env=WIDE)
    assert result.exit_code == 0, result.stderr
    assert "After Offer, [bold]x[/bold] is sure United States is committed" in result.stdout
    markdown = CliRunner().invoke(app, ["explain", path, "--format", "markdown"])
    assert "[bold]x[/bold] does not: it sees whether United States plays Offer or Talk" in markdown.stdout


# ------------------------------------------------------------------ any tree


def test_a_weak_pbe_that_is_not_sequential_is_told_with_its_belief_and_bayes_rule_elsewhere():
    # (Out, D) needs P(at_a) - 2 P(at_b) - P(side) >= 0 at unsure; sure of at_a, D gives Second 1
    # and U 0. (In, U): Bayes gives at_a = at_b = 1/2, side 0; U 0 against D 1/2 * 1 + 1/2 * (-2) = -1/2.
    # (Side, U): side 1; U 0 against D -1. In and Side both give First 2 under U.
    spec = loads(Path(NOT_SEQUENTIAL).read_text(), NOT_SEQUENTIAL)
    sections = _text(explain_tree(spec, {}))
    assert list(sections) == ["game", "equilibria", "equilibrium_1", "equilibrium_2", "equilibrium_3"]
    assert "Chance moves at draw: a with probability 1/2 and b with probability 1/2." in sections["game"]
    assert ("Second moves at unsure without knowing which of these happened: at_a (after In → a), at_b (after "
            "In → b) or side (after Side).") in sections["game"]
    assert sections["equilibria"][2].startswith("Equilibrium 1 is not sequential")
    out, into, side = sections["equilibrium_1"], sections["equilibrium_2"], sections["equilibrium_3"]
    assert out[0] == "First plays Out; Second plays D."
    assert out[1] == ("At the start, First compares Out (1), In (0) and Side (0), given what follows in this "
                      "equilibrium, and plays Out.")
    assert out[2] == ("At unsure, Second cannot tell at_a, at_b and side apart, and play never gets there in this "
                      "equilibrium (First plays Out rather than In or Side), so Bayes' rule does not fix its belief. "
                      "The equilibrium has it play D there, which holds for any belief of Second at unsure with "
                      "P(at_a) - 2 P(at_b) - P(side) ≥ 0: with a belief sure of at_a, for instance, D gives it 1 and "
                      "U 0.")
    assert out[3].startswith("It is not a sequential equilibrium (Kreps & Wilson)")
    assert out[4] == "Play: Out, with payoffs First 1 and Second 0."
    assert "In and Side are worth the same to it, and this equilibrium has it play In" in into[1]
    assert into[2] == ("At unsure, Second cannot tell at_a, at_b and side apart. Its belief there: at_a 1/2, at_b 1/2 "
                       "and side 0 (Bayes' rule: play reaches at_a with probability 1/2 (In → a) and at_b with "
                       "probability 1/2 (In → b), and never side, as First plays In rather than Side). So it plays U: "
                       "with that belief, U gives it 0 and D -1/2.")
    assert "the equilibrium needs no belief off the path" in into[3]
    assert "Its belief there: at_a 0, at_b 0 and side 1" in side[2] and "U gives it 0 and D -1." in side[2]
    assert "never at_a or at_b, as First plays Side rather than In" in side[2]


def test_only_the_first_equilibria_are_told_past_the_cap(monkeypatch):
    monkeypatch.setattr(beliefs, "MAX_TOLD", 1)
    sections, _ = _json(BEER_QUICHE)
    assert list(sections) == ["game", "equilibria", "equilibrium_1"]
    assert "; the first one is told below (wedge solve lists them all): 1 (pooling on Beer" in sections["equilibria"][1]


def test_sweep_tells_which_equilibria_appear_and_where():
    result = CliRunner().invoke(app, ["explain", BEER_QUICHE, "--sweep", "prior_strong", "--json"])
    assert result.exit_code == 0, result.output
    sections = {s["id"]: s for s in json.loads(result.stdout)["sections"]}
    text = sections["thresholds"]["paragraphs"]
    assert text[0] == ("At prior_strong = 0.5 (as prior_strong rises): a pooling one (weak → Beer → Not or strong "
                       "→ Beer → Not) and a pooling one that fails the intuitive criterion (weak → Quiche → Not or "
                       "strong → Quiche → Not) appear.")
    assert text[1] == "For prior_strong from 0 to 0.5: no pure perfect Bayesian equilibrium."
    assert text[2].startswith("For prior_strong from 0.5 to 1: two pure perfect Bayesian equilibria: a pooling one")


def test_sweep_of_the_reassurance_cost_counts_equilibria_that_differ_off_the_path():
    spec = load("reassurance")
    told = explain_tree(spec, spec.parameter_values(), sweep="signal_cost")
    (section,) = [s for s in told.sections if s.id == "thresholds"]
    assert section.paragraphs[1] == ("At signal_cost = 16 (as signal_cost rises): another pooling one that fails "
                                     "the intuitive criterion (Committed → Talk → Stay or Fickle → Talk → Stay) "
                                     "appears.")
    assert "three pooling ones, differing only off the path" in section.paragraphs[-1]


def test_a_solver_limit_is_an_error_on_stderr_with_stdout_empty(monkeypatch):
    from wedge_cli.solve.tree import pbe

    monkeypatch.setattr(pbe, "MAX_PROFILES", 4)
    result = CliRunner().invoke(app, ["explain", BEER_QUICHE])
    assert result.exit_code == ExitCode.TOO_LARGE and result.stdout == ""
    assert "pure behaviour profiles" in result.stderr


# ------------------------------------------------------------------ against oracles


@st.composite
def hidden_chance_trees(draw):
    """Chance, then P1 without seeing it, then sometimes P2 (its nodes merged at random): hidden chance always."""
    payoff = st.lists(st.sampled_from((0, 1, 2)), min_size=2, max_size=2)
    tags = iter(range(1000))

    def leaf():
        if draw(st.booleans()):
            return ("t", draw(payoff))
        tag = draw(st.sampled_from(["p", "q", None]))
        return ("d", 1, [("t", draw(payoff)), ("t", draw(payoff))], None, tag or f"u{next(tags)}")

    sides = [("d", 0, [leaf(), leaf()], None, "h") for _ in range(2)]
    return build(["P1", "P2"], ("c", draw(st.sampled_from(PROBABILITIES)), sides, None))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden_chance_trees())
def test_every_bayes_belief_told_matches_the_oracle(tree):
    assert hides_chance(tree.skeleton)
    spec = loads(write_tree_toml(tree), "t.toml")
    tree = spec.tree()
    explanation = beliefs.explain_beliefs(spec, {})
    told = [s for s in explanation.sections if s.id.startswith("equilibrium_")]
    solution = solve_tree(tree, concept="pbe")
    assert len(told) == min(solution.count, beliefs.MAX_TOLD)
    for section, eq in zip(told, solution.equilibria):
        choice = {k: row.index(1) for k, row in enumerate(eq.exact) if tree.infosets[k].player is not None}
        for k, info in enumerate(tree.infosets):
            if info.player is None or len(info.nodes) < 2:
                continue
            names = node_descriptions(tree.skeleton, info.nodes)
            key = tree.skeleton.infoset_key(k)
            (paragraph,) = [p for p in section.paragraphs if p.startswith(f"At {key}, ")]
            weights = [_reach(tree, _subgame_root(tree, k), x, choice) for x in info.nodes]
            if sum(weights):
                belief = join([f"{n} {w / sum(weights)}" for n, w in zip(names, weights)])
                assert f"Its belief there: {belief} (Bayes' rule" in paragraph
                for n, w in zip(names, weights):  # the reach probabilities the belief comes from
                    assert (f" {n} with probability {w} (" in paragraph) == (w > 0)
            else:
                assert "play never gets there in this equilibrium" in paragraph


@st.composite
def signalling_games(draw):
    """Two or three types, two messages, two or three replies; small integer payoffs (ties likely)."""
    n = draw(st.sampled_from((2, 3)))
    prior = draw(st.sampled_from(PROBABILITIES)) if n == 2 else ("1/4", "1/4", "1/2")
    width = draw(st.sampled_from((2, 3)))
    payoff = st.lists(st.sampled_from((-1, 0, 1, 2)), min_size=2, max_size=2)
    sides = [("d", 0, [("d", 1, [("t", draw(payoff)) for _ in range(width)], None, tag) for tag in ("m0", "m1")],
              None) for _ in range(n)]
    return build(["S", "R"], ("c", prior, sides, None))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signalling_games())
def test_every_message_sent_is_read_by_the_prior_over_the_types_that_send_it(tree):
    spec = loads(write_tree_toml(tree), "s.toml")
    tree = spec.tree()
    structure = signalling_structure(tree)
    assert structure is not None
    prior = dict(zip(structure.types, tree.exact_probabilities[0]))
    types = dict(zip(structure.types, tree.nodes[0].actions))
    explanation = beliefs.explain_beliefs(spec, {})
    solution = solve_tree(tree, concept="pbe")
    for section, eq in zip([s for s in explanation.sections if s.id.startswith("equilibrium_")], solution.equilibria):
        said = " ".join(section.paragraphs)
        sent = {t: tree.nodes[t].children[eq.exact[tree.nodes[t].infoset].index(1)] for t in structure.types}
        for m in sorted({tree.nodes[c].infoset for t in structure.types for c in tree.nodes[t].children}):
            labels = [tree.nodes[t].actions[a] for t in structure.types
                      for a, c in enumerate(tree.nodes[t].children) if tree.nodes[c].infoset == m]
            message = join(list(dict.fromkeys(labels)), "or")
            senders = [t for t in structure.types if tree.nodes[sent[t]].infoset == m]
            mass = sum(prior[t] for t in senders)
            if not senders:
                assert f"No type plays {message}, so Bayes' rule says nothing" in said
            elif not mass:
                assert f"would play {message}, and chance never draws" in said
            elif len([t for t in senders if prior[t]]) == 1:
                (t,) = [t for t in senders if prior[t]]
                assert f"After {message}, R is sure S is {types[t]} (Bayes' rule" in said
            else:
                shares = join([f"{types[t]} with probability {prior[t] / mass}" for t in senders if prior[t]])
                assert f"After {message}, R believes S is {shares} (Bayes' rule" in said
        assert (eq.intuitive is False) == ("So this equilibrium fails the intuitive criterion" in said)
