"""Perfect Bayesian equilibria of trees (solve/tree/pbe.py): against a brute-force oracle, SPE, and by hand.

The oracle below shares no code with the solver: it enumerates every pure strategy of
the mover (not continuation sets), computes reach probabilities and payoffs by plain
recursion, and intersects the supporting beliefs of two-node information sets as
intervals by hand, where the solver uses undominated continuation vectors and a matrix game.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from test_tree_solve_support import imperfect_trees

from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.errors import GameTooLargeError
from wedge_cli.formats.toml_read import loads
from wedge_cli.solve.tree import default_concept, solve_tree
from wedge_cli.solve.tree import pbe as pbe_module
from wedge_cli.solve.tree.credibility import subgame_threats
from wedge_cli.solve.tree.subgames import subgame_roots
from wedge_cli.tree import CHANCE, TERMINAL, Tree

F = Fraction
DATA = Path(__file__).parent / "data" / "pbe_unit"
runner = CliRunner()


# ------------------------------------------------------------------ the oracle


def _payoff(tree: Tree, i: int, choice: dict[int, int], player: int) -> Fraction:
    """Expected payoff of ``player`` from node ``i`` (its own outcome included) under the pure ``choice``."""
    node = tree.nodes[i]
    own = F(tree.exact[node.outcome][player]) if node.outcome is not None else F(0)
    if node.kind == TERMINAL:
        return own
    if node.kind == CHANCE:
        return own + sum(F(p) * _payoff(tree, c, choice, player)
                         for p, c in zip(tree.exact_probabilities[node.infoset], node.children))
    return own + _payoff(tree, node.children[choice[node.infoset]], choice, player)


def _reach(tree: Tree, start: int, target: int, choice: dict[int, int]) -> Fraction:
    """Probability of reaching ``target`` from ``start`` under ``choice`` (0 when it is not below ``start``)."""
    steps = []
    i = target
    while i != start:
        parent = tree.nodes[i].parent
        if parent is None:
            return F(0)
        steps.append((parent, tree.nodes[parent].children.index(i)))
        i = parent
    p = F(1)
    for parent, a in steps:
        node = tree.nodes[parent]
        p *= F(tree.exact_probabilities[node.infoset][a]) if node.kind == CHANCE else (
            1 if choice[node.infoset] == a else 0)
    return p


def _subgame_root(tree: Tree, k: int) -> int:
    """The root of the smallest subgame containing infoset ``k`` (brute force over ancestors)."""
    members = tree.infosets[k].nodes
    i = members[0]
    while True:
        i = tree.nodes[i].parent
        below = set(_subtree(tree, i))
        if all(m in below for m in members) and all(
                set(info.nodes) <= below or not set(info.nodes) & below for info in tree.infosets) \
                and len(tree.infosets[tree.nodes[i].infoset].nodes) == 1:
            return i


def _subtree(tree: Tree, i: int) -> list[int]:
    out, stack = [], [i]
    while stack:
        j = stack.pop()
        out.append(j)
        stack.extend(tree.nodes[j].children)
    return out


def oracle(tree: Tree) -> dict[tuple, dict[int, tuple]]:
    """Every pure PBE: profile (action index per decision infoset) -> {off-path infoset: interval of node 0}."""
    decisions = [k for k, info in enumerate(tree.infosets) if info.player is not None]
    found = {}
    for picks in itertools.product(*(range(len(tree.infosets[k].actions)) for k in decisions)):
        choice = dict(zip(decisions, picks))
        off: dict[int, tuple] = {}
        ok = True
        for k in decisions:
            info = tree.infosets[k]
            me = info.player
            mine_sets = [j for j in decisions if tree.infosets[j].player == me]
            alternatives = []
            for other in itertools.product(*(range(len(tree.infosets[j].actions)) for j in mine_sets)):
                changed = dict(choice)
                changed.update(zip(mine_sets, other))
                alternatives.append(changed)
            gains = [[_payoff(tree, x, alt, me) - _payoff(tree, x, choice, me) for x in info.nodes]
                     for alt in alternatives]  # what deviating from here on gains at each node
            if len(info.nodes) == 1:
                ok = all(g[0] <= 0 for g in gains)
            else:
                root = _subgame_root(tree, k)
                weights = [_reach(tree, root, x, choice) for x in info.nodes]
                if sum(weights) > 0:
                    ok = all(sum(w * g for w, g in zip(weights, gain)) <= 0 for gain in gains)
                else:
                    assert len(info.nodes) == 2, "the random trees merge pairs of nodes"
                    low, high = F(0), F(1)
                    for g0, g1 in gains:  # mu g0 + (1 - mu) g1 <= 0
                        if g0 == g1:
                            ok = ok and g1 <= 0
                        elif g0 > g1:
                            high = min(high, -g1 / (g0 - g1))
                        else:
                            low = max(low, g1 / (g1 - g0))
                    ok = ok and low <= high
                    off[k] = (low, high)
            if not ok:
                break
        if ok:
            found[picks] = off
    return found


def _picks(tree: Tree, eq) -> tuple:
    return tuple(row.index(1) for k, row in enumerate(eq.exact) if tree.infosets[k].player is not None)


# ------------------------------------------------------------------ property tests


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(imperfect_trees(players=(2,), max_nodes=14))
def test_every_pure_pbe_and_its_off_path_beliefs_match_the_oracle(tree):
    solution = solve_tree(tree, concept="pbe", mixed=False)  # the mixed ones: test_pbe_hybrid.py
    want = oracle(tree)
    got = {_picks(tree, eq): eq for eq in solution.equilibria}
    assert set(got) == set(want)
    assert solution.complete and solution.count == len(want)
    for picks, eq in got.items():
        intervals = {b.infoset: b.interval for b in eq.off_path}
        assert intervals == want[picks]
        for b in eq.off_path:
            assert b.contains(b.witness) and sum(b.witness) == 1 and min(b.witness) >= 0
            low, high = b.interval
            assert b.contains((low, 1 - low)) and b.contains((high, 1 - high))
            if low > 0:
                assert not b.contains((low - F(1, 1000), 1 - low + F(1, 1000)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(imperfect_trees(players=(2,), max_nodes=14))
def test_every_pure_pbe_is_a_subgame_perfect_equilibrium(tree):
    # mixed ones included; checked in every subgame by the credibility test, not by membership in the SPE list: that list
    # holds one behaviour profile per reduced strategy, so with ties it omits profiles that differ
    # only where play never goes
    roots = subgame_roots(tree.skeleton)
    for eq in solve_tree(tree, concept="pbe").equilibria:
        threats, _ = subgame_threats(tree, eq.behavior, eq.exact, roots, 1e-9)
        assert threats == () and eq.subgame_perfect


# ------------------------------------------------------------------ by hand


def beer_quiche(prior_strong: str = "0.9") -> Tree:
    spec = loads((DATA / "beer_quiche_minimal.toml").read_text(), str(DATA / "beer_quiche_minimal.toml"))
    return spec.tree({"prior_strong": prior_strong})


def test_beer_quiche_has_two_pooling_pbe_and_quiche_fails_the_intuitive_criterion():
    tree = beer_quiche()
    assert default_concept(tree) == "pbe"
    solution = solve_tree(tree, concept=None)
    # two pure ones, then the receiver's mixed reply off the path at the edges of the continua (test_pbe_hybrid.py)
    assert solution.concept == "pbe" and solution.complete and solution.count == 4
    beer, quiche = solution.equilibria[:2]
    assert beer.exact_payoffs == (F(29, 10), F(9, 10)) and quiche.exact_payoffs == (F(21, 10), F(9, 10))
    assert (beer.kind, beer.intuitive, beer.sequential) == ("pooling", True, True)
    assert (quiche.kind, quiche.intuitive, quiche.sequential) == ("pooling", False, True)
    (after_quiche,) = beer.off_path
    assert after_quiche.interval == (F(1, 2), F(1)) and tree.nodes[after_quiche.nodes[0]].name == "weak_quiche"
    (after_beer,) = quiche.off_path
    assert after_beer.interval == (F(1, 2), F(1))
    assert [b for b in beer.exact_beliefs.values()] == [(F(1, 10), F(9, 10))]


def test_below_a_prior_of_one_half_no_pooling_equilibrium_survives():
    # With the weak type more likely, the receiver duels a pool: the strong type then separates.
    kinds = {p: {eq.kind for eq in solve_tree(beer_quiche(p), concept="pbe").equilibria} for p in ("0.4", "0.6")}
    assert "pooling" in kinds["0.6"]
    assert "pooling" not in kinds["0.4"]


def test_a_weak_pbe_that_no_consistent_belief_supports_is_not_sequential():
    tree = loads((DATA / "not_sequential.toml").read_text(), "not_sequential.toml").tree()
    solution = solve_tree(tree, concept="pbe")
    by_path = {eq.path[0].actions[0]: eq for eq in solution.equilibria}
    assert set(by_path) == {"Out", "In", "Side"}
    out = by_path["Out"]
    (support,) = out.off_path
    assert support.interval is None and len(support.inequalities) == 1
    assert support.contains((1, 0, 0)) and not support.contains((F(1, 2), F(1, 2), 0))
    assert out.sequential is False  # consistency fixes P(a) = P(b), and then Second would not play D
    assert by_path["In"].sequential is True and by_path["Side"].sequential is True
    assert by_path["In"].exact_beliefs == {tree.nodes[support.nodes[0]].infoset: (F(1, 2), F(1, 2), F(0))}


def test_trees_without_hidden_chance_default_to_subgame_perfection():
    tree = loads((Path(__file__).parent / "data" / "ratification_tree.toml").read_text(), "r.toml").tree()
    assert default_concept(tree) == "spe"
    assert solve_tree(tree, concept=None).concept == "spe"


def test_too_many_profiles_are_refused_with_the_count(monkeypatch):
    monkeypatch.setattr(pbe_module, "MAX_PROFILES", 8)
    with pytest.raises(GameTooLargeError, match=r"16 pure behaviour profiles.*limit is 8"):
        solve_tree(beer_quiche(), concept="pbe")


# ------------------------------------------------------------------ the command


def test_solve_json_has_off_path_beliefs_kind_and_intuitive():
    result = runner.invoke(app, ["solve", str(DATA / "beer_quiche_minimal.toml"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["concept"] == "pbe" and report["method"] == "assessments"
    first = report["equilibria"][0]
    assert (first["kind"], first["intuitive"], first["sequential"]) == ("pooling", True, True)
    (support,) = first["off_path_beliefs"]
    assert support["player"] == "Receiver" and support["infoset"] == "after_quiche"
    assert support["interval"] == {"node": "weak_quiche", "low": 0.5, "high": 1.0, "exact_low": "1/2",
                                   "exact_high": "1"}
    assert support["inequalities"] == [{"coefficients": {"weak_quiche": 1.0, "strong_quiche": -1.0},
                                        "exact_coefficients": {"weak_quiche": "1", "strong_quiche": "-1"},
                                        "at_least": 0.0}]
    assert support["text"] == ("holds for any belief of Receiver at after_quiche that puts at least 1/2 on weak "
                               "(and the rest on strong)")
    assert "mixed_searched" in [w["code"] for w in report["warnings"]]


def test_solve_table_names_the_kind_and_the_supporting_beliefs():
    result = runner.invoke(app, ["solve", str(DATA / "beer_quiche_minimal.toml")])
    assert result.exit_code == 0, result.output
    assert "all 4 extreme perfect Bayesian equilibria" in result.stdout
    assert "pooling, fails the intuitive criterion" in result.stdout
    assert "off the path: holds for any belief of Receiver at after_beer that puts at least 1/2 on weak" in \
        result.stdout
    assert "note: a signalling game with two types: mixed perfect Bayesian equilibria" in result.stderr


def test_concept_pbe_needs_a_tree():
    result = runner.invoke(app, ["solve", "us-europe", "--concept", "pbe"])
    assert result.exit_code == 2
    assert "--concept pbe needs a game tree" in result.stderr and result.stdout == ""


def test_concept_spe_can_still_be_asked_for_on_a_signalling_game():
    result = runner.invoke(app, ["solve", str(DATA / "beer_quiche_minimal.toml"), "--concept", "spe", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["concept"] == "spe" and all(eq["kind"] is None for eq in report["equilibria"])


def test_the_python_api_takes_concept_pbe_for_solve_and_sweep():
    from wedge_cli import api

    result = api.solve(str(DATA / "beer_quiche_minimal.toml"))
    assert result.concept == "pbe" and len(result.equilibria) == 4
    assert "4 perfect Bayesian equilibria" in repr(result) and "fails the intuitive criterion" in repr(result)
    swept = api.sweep(str(DATA / "beer_quiche_minimal.toml"), "prior_strong=0:1:4")
    assert [t["exact"] for t in swept.thresholds] == ["1/2"]
    with pytest.raises(Exception, match="needs a game tree"):
        api.solve("us-europe", concept="pbe")
