"""solve_tree on perfect-information trees: every pure subgame-perfect equilibrium, ties included, exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

import numpy as np
from test_tree_solve_support import build, centipede, selten_horse

from wedge_cli.errors import GameTooLargeError, SolveError, WedgeError
from wedge_cli.formats.nfg_read import read_nfg
from wedge_cli.formats.nfg_write import write_nfg
from wedge_cli.formats.toml_read import loads
from wedge_cli.solve.tree import Threat, reduced_form, solve_tree
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Skeleton, Tree, tree_from_numbers

F = Fraction


def entry_tree(out, fight, accommodate):
    """Entrant: Out or In; after In, the incumbent Fights or Accommodates."""
    skeleton = Skeleton(("Entrant", "Incumbent"), (
        Node(DECISION, None, (1, 2), ("Out", "In"), 0),
        Node(TERMINAL, 0, outcome=0),
        Node(DECISION, 0, (3, 4), ("Fight", "Accommodate"), 1),
        Node(TERMINAL, 2, outcome=1),
        Node(TERMINAL, 2, outcome=2)),
        (InfoSet(0, ("Out", "In"), (0,)), InfoSet(1, ("Fight", "Accommodate"), (2,))), 3)
    return tree_from_numbers(skeleton, [out, fight, accommodate], [(), ()])


def test_entry_deterrence_has_one_spe_the_incumbent_accommodates():
    solution = solve_tree(entry_tree([0, 2], [-1, -1], [1, 1]))
    assert solution.complete and not solution.degenerate and solution.ties == ()
    (eq,) = solution.equilibria
    assert eq.behavior == ((0.0, 1.0), (0.0, 1.0))
    assert eq.exact_payoffs == (1, 1) and eq.payoffs == (1.0, 1.0)
    assert [(s.actions, s.exact) for s in eq.path] == [(("In", "Accommodate"), 1)]
    assert eq.subgame_perfect and solution.subgames == (0, 2)


def test_ties_on_and_off_the_path_give_every_combination():
    # the incumbent is indifferent (-1, -1); then the entrant is indifferent after Accommodate
    solution = solve_tree(entry_tree([1, 2], [-1, -1], [1, -1]))
    assert solution.degenerate and solution.complete
    assert {(t.node, t.actions) for t in solution.ties} == {(0, ("Out", "In")), (2, ("Fight", "Accommodate"))}
    plays = [eq.behavior for eq in solution.equilibria]
    assert plays == [((1.0, 0.0), (1.0, 0.0)), ((1.0, 0.0), (0.0, 1.0)), ((0.0, 1.0), (0.0, 1.0))]
    assert [w["code"] for w in solution.warnings] == ["degenerate"]


def test_the_cap_says_how_many_there_are():
    solution = solve_tree(entry_tree([1, 2], [-1, -1], [1, -1]), max_equilibria=2)
    assert len(solution.equilibria) == 2 and not solution.complete
    assert any(w["code"] == "truncated" and "3 pure" in w["message"] for w in solution.warnings)


def test_chance_nodes_average_and_the_path_lists_each_terminal():
    skeleton = Skeleton(("A",), (
        Node(CHANCE, None, (1, 4), ("Good", "Bad"), 0),
        Node(DECISION, 0, (2, 3), ("Go", "Stay"), 1),
        Node(TERMINAL, 1, outcome=0), Node(TERMINAL, 1, outcome=1),
        Node(TERMINAL, 0, outcome=2)),
        (InfoSet(None, ("Good", "Bad"), (0,)), InfoSet(0, ("Go", "Stay"), (1,))), 3)
    tree = tree_from_numbers(skeleton, [[3], [1], [0]], [("1/3", "2/3"), ()])
    (eq,) = solve_tree(tree).equilibria
    assert eq.exact[0] == (Fraction(1, 3), Fraction(2, 3)) and eq.exact[1] == (1, 0)
    assert eq.exact_payoffs == (Fraction(1),)
    assert [(s.terminal, s.actions, s.exact) for s in eq.path] == [(2, ("Good", "Go"), Fraction(1, 3)),
                                                                    (4, ("Bad",), Fraction(2, 3))]


def test_reduced_form_of_entry_deterrence():
    form = reduced_form(entry_tree([0, 2], [-1, -1], [1, 1]))
    assert form.labels == (("Out", "In"), ("Fight", "Accommodate"))
    assert form.game.exact[0].tolist() == [[0, 0], [-1, 1]]
    assert form.game.exact[1].tolist() == [[2, 2], [-1, 1]]
    assert form.spec().game().exact.tolist() == form.game.exact.tolist()


def test_bad_arguments_are_refused():
    tree = entry_tree([0, 2], [-1, -1], [1, 1])
    with pytest.raises(SolveError, match="concept"):
        solve_tree(tree, concept="perfect")
    with pytest.raises(SolveError, match="tolerance"):
        solve_tree(tree, tol=-1)


def test_entry_deterrence_nash_has_two_pure_equilibria_one_resting_on_a_threat():
    solution = solve_tree(entry_tree([0, 2], [-1, -1], [1, 1]), concept="nash")
    pure = [eq for eq in solution.equilibria if all(max(b) == 1 for b in eq.exact)]
    assert sorted(eq.exact for eq in pure) == sorted([((1, 0), (1, 0)), ((0, 1), (0, 1))])
    threat = next(eq for eq in pure if eq.exact == ((1, 0), (1, 0)))
    assert not threat.subgame_perfect
    assert threat.not_credible == (Threat(infoset=1, node=2, planned="Fight", better="Accommodate", gain=2.0,
                                          exact_gain=Fraction(2)),)
    credible = next(eq for eq in pure if eq.exact == ((0, 1), (0, 1)))
    assert credible.subgame_perfect and credible.not_credible == ()
    assert any(w["code"] == "not_subgame_perfect" for w in solution.warnings)


def test_centipede_backward_induction_takes_at_once_and_nash_has_a_non_credible_pass():
    (eq,) = solve_tree(centipede()).equilibria
    assert eq.exact == ((1, 0), (1, 0), (1, 0)) and eq.exact_payoffs == (1, 0)
    nash = solve_tree(centipede(), concept="nash")
    assert all(eq.exact_payoffs == (1, 0) for eq in nash.equilibria)  # every Nash equilibrium: A takes at once
    shaky = [eq for eq in nash.equilibria if not eq.subgame_perfect]
    assert shaky and all(t.node == 2 and t.planned == "b1" and t.better == "b0" for eq in shaky
                         for t in eq.not_credible)


def test_selten_horse_has_no_proper_subgame_so_its_spe_are_its_nash_equilibria():
    horse = selten_horse()
    spe = solve_tree(horse)
    nash = solve_tree(horse, concept="nash")
    assert spe.subgames == (0,) and spe.method == "subgames"
    assert {eq.exact for eq in spe.equilibria} == {eq.exact for eq in nash.equilibria}
    # infosets: 1's move, 3's (after 1 goes down or 2 goes down), 2's move
    assert {eq.exact for eq in spe.equilibria} == {
        ((1, 0), (1, 0), (0, 1)),            # 1 down, 3 left; 2 would go across
        ((1, 0), (1, 0), (F(2, 3), F(1, 3))),  # ... or down with probability up to 2/3
        ((0, 1), (0, 1), (1, 0)),            # 1 across, 2 down, 3 right
        ((0, 1), (0, 1), (0, 1)),            # 1 and 2 across, 3 would go right
    }
    by_path = {eq.exact: eq for eq in spe.equilibria}
    assert by_path[((1, 0), (1, 0), (0, 1))].exact_payoffs == (3, 3, 2)
    assert by_path[((0, 1), (0, 1), (1, 0))].exact_beliefs == {1: (0, 1)}  # 3 knows it is after 2's down
    assert by_path[((1, 0), (1, 0), (0, 1))].exact_beliefs == {1: (1, 0)}


def ratification(block_cost):
    """The administration signs or shelves; Russia delivers or stalls; Congress acquiesces or blocks."""
    return build(["Administration", "Russia", "Congress"], ("d", 0, [
        ("d", 1, [("d", 2, [("t", (3, 1, 2)), ("t", (-1, 0, -block_cost))], None),
                  ("d", 2, [("t", (1, 2, -1)), ("t", (0, 0, 0))], None)], None),
        ("t", (0, 0, 0))], None))


def test_two_level_ratification_sign_deliver_acquiesce_and_the_threat_congress_would_not_carry_out():
    tree = ratification(block_cost=1)
    (eq,) = solve_tree(tree).equilibria
    assert [step.actions for step in eq.path] == [("a0", "b0", "c0")]  # Sign, Deliver, Acquiesce
    assert eq.exact_payoffs == (3, 1, 2)
    nash = solve_tree(tree, concept="nash")
    blocked = [eq for eq in nash.equilibria if eq.exact[2] == (0, 1)]  # Congress blocks a delivered deal
    assert blocked and not any(eq.subgame_perfect for eq in blocked)
    assert all(any(t.infoset == 2 and t.planned == "c1" and t.better == "c0" for t in eq.not_credible)
               for eq in blocked)
    assert len({eq.exact for eq in nash.equilibria}) > 1


def test_a_subgame_played_simultaneously_gives_one_spe_per_equilibrium_and_tie():
    # 1 stays Out (1, 1) or goes In to a battle of the sexes in which 2 does not see 1's choice
    tree = build(["P1", "P2"], ("d", 0, [("t", (1, 1)), ("d", 0, [
        ("d", 1, [("t", (2, 1)), ("t", (0, 0))], None, "x"),
        ("d", 1, [("t", (0, 0)), ("t", (1, 2))], None, "x")], None)], None))
    solution = solve_tree(tree)
    assert solution.subgames == (0, 2) and solution.complete
    found = {(eq.exact, eq.exact_payoffs) for eq in solution.equilibria}
    assert found == {
        (((0, 1), (1, 0), (1, 0)), (2, 1)),               # In, then (A, a)
        (((1, 0), (0, 1), (0, 1)), (1, 1)),               # Out: the subgame would give (B, b) = (1, 2)
        (((0, 1), (0, 1), (0, 1)), (1, 2)),               # ... and 1 is indifferent: In is as good
        (((1, 0), (F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))), (1, 1)),  # Out: the mixed one gives 2/3 < 1
    }
    assert [(t.node, t.actions) for t in solution.ties] == [(0, ("a0", "a1"))]
    reached = [eq for eq in solution.equilibria if eq.exact[0] == (0, 1)]
    assert all(2 in eq.exact_beliefs for eq in reached)


def test_beliefs_follow_bayes_rule():
    # chance picks the type (1/3, 2/3); 2 moves without seeing it
    tree = build(["P1", "P2"], ("c", ("1/3", "2/3"), [
        ("d", 1, [("t", (0, 1)), ("t", (0, 0))], None, "x"),
        ("d", 1, [("t", (0, 0)), ("t", (0, 1))], None, "x")], None))
    (eq,) = solve_tree(tree).equilibria
    assert eq.exact_beliefs == {1: (F(1, 3), F(2, 3))} and eq.beliefs == {1: (1 / 3, 2 / 3)}
    assert eq.exact[1] == (0, 1)  # the likelier type makes the second action better


def test_imperfect_recall_is_refused_with_the_reason():
    # 1 moves, then moves again without remembering its first move
    tree = build(["P1", "P2"], ("d", 0, [
        ("d", 0, [("t", (1, 0)), ("t", (0, 0))], None, "x"),
        ("d", 0, [("t", (0, 0)), ("t", (1, 0))], None, "x")], None))
    with pytest.raises(WedgeError, match="perfect recall.*cannot tell apart"):
        solve_tree(tree)
    with pytest.raises(WedgeError, match="perfect recall"):
        reduced_form(tree)


def test_a_reduced_form_too_large_is_refused_with_its_size_and_the_limit():
    tree = build(["P1", "P2"], ("d", 0, [("d", 1, [("t", (0, 1)), ("t", (1, 0))], None) for _ in range(14)], None))
    with pytest.raises(GameTooLargeError, match=r"14 x 16,384 strategies.*limits are 10,000"):
        reduced_form(tree)
    with pytest.raises(GameTooLargeError):
        solve_tree(tree, concept="nash")
    assert len(solve_tree(tree).equilibria) == 14  # 1 is indifferent among its 14 moves


def test_the_reduced_form_writes_to_nfg_and_reads_back():
    form = reduced_form(selten_horse())
    back = read_nfg(write_nfg(form.game)).game()
    assert back.exact.tolist() == form.game.exact.tolist()
    assert [p.strategies for p in back.players] == list(form.labels)


def test_labels_of_the_reduced_form_join_the_planned_actions():
    form = reduced_form(centipede())
    assert form.labels == (("a0", "a1/c0", "a1/c1"), ("b0", "b1"))
    assert form.plans[0] == ({0: 0}, {0: 1, 2: 0}, {0: 1, 2: 1})


def test_float_trees_tie_within_tol():
    tree = entry_tree([0, 2], [-1, 1 + 1e-13], [1, 1])
    float_tree = Tree(tree.skeleton, tree.payoffs, None, tree.probabilities, tree.exact_probabilities)
    assert len(solve_tree(float_tree).equilibria) == 2
    assert solve_tree(float_tree).equilibria[0].exact is None
    assert len(solve_tree(float_tree, tol=0).equilibria) == 1


def test_a_deep_chain_is_solved_without_recursion():
    depth = 10_000
    nodes, infosets = [], []
    for d in range(depth):
        i = len(nodes)
        nodes.append(Node(DECISION, i - 2 if d else None, (i + 1, i + 2), ("Stop", "Go"), d))
        nodes.append(Node(TERMINAL, i, outcome=d))
        infosets.append(InfoSet(d % 2, ("Stop", "Go"), (i,)))
    nodes.append(Node(TERMINAL, len(nodes) - 2, outcome=depth))
    payoffs = [[d, d] for d in range(depth + 1)]  # going on always pays more: everyone goes on
    tree = tree_from_numbers(Skeleton(("A", "B"), tuple(nodes), tuple(infosets), depth + 1), payoffs,
                             [()] * depth)
    (eq,) = solve_tree(tree).equilibria
    assert eq.exact_payoffs == (depth, depth) and len(eq.path[0].actions) == depth
    assert np.all(np.array([b[1] for b in eq.behavior]) == 1.0)


RATIFICATION = """
title = "Ratification after signature"
[parameters]
scope = { value = 0.6, min = 0, max = 1 }
[[players]]
name = "Administration"
[[players]]
name = "Russia"
[[players]]
name = "Congress"
[[nodes]]
id = "signing"
player = "Administration"
actions = { Sign = "russia_moves", Shelve = "status_quo" }
[[nodes]]
id = "russia_moves"
player = "Russia"
actions = { Deliver = "congress_after_delivery", Stall = "congress_after_stalling" }
[[nodes]]
id = "congress_after_delivery"
player = "Congress"
actions = { Acquiesce = "deal_holds", Block = "deal_blocked" }
[[nodes]]
id = "congress_after_stalling"
player = "Congress"
actions = { Acquiesce = "deal_stalled", Block = "deal_blocked" }
[[outcomes]]
id = "deal_holds"
payoffs = ["10 * scope", "3 - 2 * scope", "6 * scope - 3"]
[[outcomes]]
id = "deal_blocked"
payoffs = [-2, -1, 0]
[[outcomes]]
id = "deal_stalled"
payoffs = [-4, 2, -1]
[[outcomes]]
id = "status_quo"
payoffs = [0, 0, 0]
"""


def test_a_toml_tree_solved_at_its_parameter_values_exactly():
    spec = loads(RATIFICATION, "ratification.toml")
    (eq,) = solve_tree(spec.tree()).equilibria
    assert [step.actions for step in eq.path] == [("Sign", "Deliver", "Acquiesce")]
    assert eq.exact_payoffs == (6, F(9, 5), F(3, 5))
    # Congress is indifferent at scope 1/2: acquiescing or blocking a delivered deal; Russia follows
    half = solve_tree(spec.tree({"scope": "1/2"}))
    assert [(t.node, t.actions) for t in half.ties] == [(1, ("Deliver", "Stall")), (2, ("Acquiesce", "Block"))]
    paths = {eq.path[0].actions for eq in half.equilibria}
    assert ("Sign", "Deliver", "Acquiesce") in paths and ("Shelve",) in paths
    # below it, Congress blocks a delivered deal, so Russia is indifferent and the Administration shelves
    low = solve_tree(spec.tree({"scope": 0.4}))
    assert {eq.path[0].actions for eq in low.equilibria} == {("Shelve",)}
