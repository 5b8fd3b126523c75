"""solve_tree on perfect-information trees: every pure subgame-perfect equilibrium, ties included, exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from wedge_cli.errors import SolveError
from wedge_cli.solve.tree import reduced_form, solve_tree
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, InfoSet, Node, Skeleton, tree_from_numbers


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


def test_bad_arguments_are_refused():
    tree = entry_tree([0, 2], [-1, -1], [1, 1])
    with pytest.raises(SolveError, match="concept"):
        solve_tree(tree, concept="perfect")
    with pytest.raises(SolveError, match="tolerance"):
        solve_tree(tree, tol=-1)
