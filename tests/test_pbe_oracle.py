"""Perfect Bayesian equilibria: the brute-force oracle (tests/pbe_oracle.py) against published results, then the solver.

Three groups:

* the oracle on its own: the textbook equilibria (Cho and Kreps' beer-quiche, Gibbons'
  abstract signalling game, Spence's job market, a Kydd-style reassurance game, a
  Fearon-style audience-cost crisis) from payoff arrays written here, independent of the
  tree files; the thresholds in the prior and in the costs where the set of pure perfect
  Bayesian equilibria changes; and properties on random games against second, separate
  computations (the ex-ante normal form, Fourier-Motzkin elimination, closed-form
  intervals);
* the tree files in tests/data/pbe: each one encodes the arrays written here;
* the solver, ``solve_tree(tree, concept="pbe")``: on each file and on random signalling
  games its equilibria, kinds, intuitive-criterion verdicts, on-path beliefs and off-path
  belief sets must be the oracle's. Skipped while the solver has no ``"pbe"`` concept
  (the ``pbe`` fixture).
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pbe_oracle import (Layout, SignallingGame, dominated_types, equilibria, game_from_tree, polytope_vertices,
                        support_constraints, support_vertices, to_toml)
from wedge_cli.formats.toml_read import load, loads
from wedge_cli.solve.tree import solve_tree

DATA = Path(__file__).parent / "data" / "pbe"


# ============================================================================ the games, as arrays


def beer_quiche(weak=F(1, 10)) -> SignallingGame:
    """Cho and Kreps (1987): 1 for the preferred breakfast (weak: quiche, strong: beer) plus 2 for no duel;
    the bully gets 1 for duelling the weak or leaving the strong alone."""
    return SignallingGame.build(
        ("Weak", "Strong"), ("Beer", "Quiche"), ("Duel", "Decline"), (weak, 1 - weak),
        sender=[[[0, 2], [1, 3]], [[1, 3], [0, 2]]],
        receiver=[[[1, 0], [1, 0]], [[0, 1], [0, 1]]])


def gibbons() -> SignallingGame:
    """Gibbons (1992), section 4.2.A: the abstract two-type, two-message, two-action example, prior 1/2."""
    return SignallingGame.build(
        ("t1", "t2"), ("L", "R"), ("u", "d"), (F(1, 2), F(1, 2)),
        sender=[[[1, 4], [2, 0]], [[2, 0], [1, 1]]],
        receiver=[[[3, 0], [1, 0]], [[4, 1], [0, 2]]])


def spence(high=F(1, 2), cost=F(8)) -> SignallingGame:
    """Abilities 11/2 and 2, a degree costing cost / ability, wages 2, the prior's average and 11/2;
    the employer's payoff is minus the squared pay error."""
    abilities = (F(11, 2), F(2))
    wages = (F(2), F(2) + F(7, 2) * high, F(11, 2))
    sender = [[[w for w in wages], [w - cost / a for w in wages]] for a in abilities]
    receiver = [[[-(a - w) ** 2 for w in wages]] * 2 for a in abilities]
    return SignallingGame.build(("High", "Low"), ("No_degree", "Degree"), ("Low_wage", "Average_wage", "High_wage"),
                                (high, 1 - high), sender, receiver)


KYDD = dict(trust=F(2, 5), sucker_cost=F(1), temptation=F(3, 2), cost_trustworthy=F(1, 2), cost_untrustworthy=F(2))


def kydd(**changes) -> SignallingGame:
    """The reassurance game: the trustworthy type reciprocates trust, the untrustworthy exploits it."""
    p = {**KYDD, **changes}
    c_t, c_u, d = p["cost_trustworthy"], p["cost_untrustworthy"], p["temptation"]
    return SignallingGame.build(
        ("Trustworthy", "Untrustworthy"), ("Gesture", "No_gesture"), ("Cooperate", "Defect"),
        (p["trust"], 1 - p["trust"]),
        sender=[[[1 - c_t, -c_t], [1, 0]], [[d - c_u, -c_u], [d, 0]]],
        receiver=[[[1, 0], [1, 0]], [[-p["sucker_cost"], 0], [-p["sucker_cost"], 0]]])


FEARON = dict(resolve=F(3, 10), audience_cost=F(3, 2), war_cost_irresolute=F(1), war_value_resolved=F(1, 2),
              war_cost_target=F(1))
FEARON_TYPES = ("Resolved", "Irresolute")
FEARON_MESSAGES = ("Escalate", "Quiet")
FEARON_FINALS = ("Fight", "Back_down")


def fearon_outcomes(**changes) -> dict[str, tuple[F, F]]:
    """The crisis game's payoffs [Challenger, Target] by outcome id."""
    p = {**FEARON, **changes}
    out = {}
    for t in FEARON_TYPES:
        war = p["war_value_resolved"] if t == "Resolved" else -p["war_cost_irresolute"]
        for m in FEARON_MESSAGES:
            stem = f"{t.lower()}_{m.lower()}"
            out[f"{stem}_concede"] = (F(1), F(0))
            out[f"{stem}_war"] = (war, -p["war_cost_target"])
            out[f"{stem}_climbdown"] = (-p["audience_cost"] if m == "Escalate" else F(0), F(1))
    return out


def fearon_games(**changes) -> list[tuple[tuple[int, ...], SignallingGame]]:
    """The crisis game with the challenger's last move folded in: one game per choice of a best last move
    (Fight or Back_down) after resistance, for (Resolved, Escalate), (Resolved, Quiet), (Irresolute,
    Escalate), (Irresolute, Quiet) in that order. Several only where the challenger is indifferent."""
    p = {**FEARON, **changes}
    out = fearon_outcomes(**changes)
    stems = [f"{t.lower()}_{m.lower()}" for t in FEARON_TYPES for m in FEARON_MESSAGES]
    options = []
    for stem in stems:
        values = (out[f"{stem}_war"][0], out[f"{stem}_climbdown"][0])
        options.append([i for i, v in enumerate(values) if v == max(values)])
    games = []
    for finals in itertools.product(*options):
        cell = {stem: (out[f"{stem}_concede"], out[f"{stem}_{('war', 'climbdown')[f]}"]) for stem, f in zip(stems, finals)}
        rows = [[cell[f"{t.lower()}_{m.lower()}"] for m in FEARON_MESSAGES] for t in FEARON_TYPES]
        games.append((finals, SignallingGame.build(
            FEARON_TYPES, FEARON_MESSAGES, ("Concede", "Resist"), (p["resolve"], 1 - p["resolve"]),
            sender=[[[c[0][0], c[1][0]] for c in row] for row in rows],
            receiver=[[[c[0][1], c[1][1]] for c in row] for row in rows])))
    return games


def named(game: SignallingGame) -> dict[tuple, object]:
    """The oracle's equilibria keyed by (message per type, response per message), by name."""
    return {eq.named(game): eq for eq in equilibria(game)}


# ============================================================================ the oracle: published results


def test_beer_quiche_has_the_two_pooling_equilibria_and_quiche_fails_the_intuitive_criterion():
    game = beer_quiche()
    found = named(game)
    beer = (("Beer", "Beer"), ("Decline", "Duel"))
    quiche = (("Quiche", "Quiche"), ("Duel", "Decline"))
    assert set(found) == {beer, quiche}
    # on the path the bully believes the prior and declines; off it, it must think the newcomer weak w.p. >= 1/2
    assert found[beer].beliefs == {0: (F(1, 10), F(9, 10))} and found[beer].intervals == {1: (F(1, 2), F(1))}
    assert found[quiche].beliefs == {1: (F(1, 10), F(9, 10))} and found[quiche].intervals == {0: (F(1, 2), F(1))}
    assert found[beer].payoffs == (2, 3) and found[quiche].payoffs == (3, 2)
    assert found[beer].kind == found[quiche].kind == "pooling"
    # pooling on quiche: beer is equilibrium-dominated for the weak type (3 > 2), and the strong type,
    # once recognised, would be left alone after beer (3 > 2): the equilibrium fails
    assert dominated_types(game, found[quiche].payoffs, 0) == (0,)
    assert not found[quiche].intuitive and found[quiche].failures == ((0, 1),)
    # pooling on beer: quiche is dominated for the strong type (3 > 2); the weak type, believed weak, is duelled
    assert dominated_types(game, found[beer].payoffs, 1) == (1,)
    assert found[beer].intuitive and found[beer].failures == ()


@pytest.mark.parametrize("weak, count", [(F(1, 10), 2), (F(2, 5), 2), (F(1, 2), 2), (F(51, 100), 0), (F(3, 5), 0)])
def test_beer_quiche_pure_equilibria_need_a_mostly_strong_prior(weak, count):
    """Pooling needs the bully to leave an unidentified newcomer alone: weak_share <= 1/2; beyond, only mixed."""
    assert len(equilibria(beer_quiche(weak))) == count


def test_gibbons_abstract_example():
    """Gibbons (1992), section 4.2.A: pooling on L, supported by q = mu(t1 | R) <= 2/3, and the separating (R, L)."""
    game = gibbons()
    found = named(game)
    pooling, separating = (("L", "L"), ("u", "d")), (("R", "L"), ("u", "u"))
    assert set(found) == {pooling, separating}
    assert found[pooling].intervals == {1: (F(0), F(2, 3))}
    assert found[separating].kind == "separating" and found[separating].beliefs == {0: (0, 1), 1: (1, 0)}
    assert found[separating].intuitive
    # pooling on L: R gives t2 at most 1 < 2 (dominated); t1, known to be t1, is answered u and gets 2 > 1
    assert dominated_types(game, found[pooling].payoffs, 1) == (1,)
    assert not found[pooling].intuitive


def test_spence_separating_and_two_pooling_equilibria_at_rasmusen_numbers():
    found = named(spence())
    separating = (("Degree", "No_degree"), ("Low_wage", "High_wage"))
    pool_low = (("No_degree", "No_degree"), ("Average_wage", "Low_wage"))
    pool_average = (("No_degree", "No_degree"), ("Average_wage", "Average_wage"))
    assert set(found) == {separating, pool_low, pool_average}
    assert found[separating].payoffs == (F(11, 2) - F(16, 11), 2) and found[separating].intuitive
    assert found[pool_low].intervals == {1: (F(0), F(1, 4))}
    assert found[pool_average].intervals == {1: (F(1, 4), F(3, 4))}
    assert found[pool_low].payoffs == found[pool_average].payoffs == (F(15, 4), F(15, 4))
    # both pooling equilibria fail: the degree is dominated for Low (11/2 - 4 < 15/4); High gains if recognised
    assert not found[pool_low].intuitive and not found[pool_average].intuitive
    assert found[pool_low].failures == ((1, 0),)


@pytest.mark.parametrize("cost, separates", [(F(6), False), (F(69, 10), False), (F(7), True), (F(8), True),
                                             (F(77, 4), True), (F(39, 2), False), (F(20), False)])
def test_spence_separates_iff_the_degree_costs_low_at_least_and_high_at_most_the_wage_gap(cost, separates):
    """Separation needs cost / 2 >= 7/2 (Low does not mimic) and cost / 5.5 <= 7/2 (High pays): 7 <= cost <= 77/4."""
    kinds = [eq.kind for eq in equilibria(spence(cost=cost))]
    assert ("separating" in kinds) == separates
    assert kinds.count("pooling") >= 2    # no degree at the average wage, whatever the cost


@pytest.mark.parametrize("high, survives", [(F(1, 2), False), (F(4, 7), False), (F(45, 77), True), (F(3, 4), True)])
def test_spence_pooling_survives_the_intuitive_criterion_iff_high_gains_nothing_from_separating(high, survives):
    """High's payoff when recognised, 11/2 - 16/11 = 89/22, against the pooling wage 2 + 7/2 high: high >= 45/77."""
    pooling = [eq for eq in equilibria(spence(high=high)) if eq.kind == "pooling"]
    assert pooling and all(eq.intuitive == survives for eq in pooling)


def test_kydd_below_the_minimum_trust_only_the_costly_gesture_survives():
    found = named(kydd())
    separating = (("Gesture", "No_gesture"), ("Cooperate", "Defect"))
    mistrust = (("No_gesture", "No_gesture"), ("Defect", "Defect"))
    assert set(found) == {separating, mistrust}
    assert found[separating].payoffs == (F(1, 2), 0) and found[separating].intuitive
    assert found[mistrust].intervals == {0: (F(0), F(1, 2))}
    assert dominated_types(kydd(), found[mistrust].payoffs, 0) == (1,)
    assert not found[mistrust].intuitive


@pytest.mark.parametrize("trust, expected, intuitive", [
    (F(2, 5), {("Defect", "Defect")}, set()),
    (F(49, 100), {("Defect", "Defect")}, set()),
    (F(1, 2), {("Defect", "Defect"), ("Cooperate", "Cooperate"), ("Defect", "Cooperate")},
     {("Cooperate", "Cooperate"), ("Defect", "Cooperate")}),
    (F(51, 100), {("Cooperate", "Cooperate"), ("Defect", "Cooperate")}, {("Cooperate", "Cooperate"), ("Defect", "Cooperate")}),
    (F(3, 5), {("Cooperate", "Cooperate"), ("Defect", "Cooperate")}, {("Cooperate", "Cooperate"), ("Defect", "Cooperate")}),
])
def test_kydd_minimum_trust_threshold_in_the_prior(trust, expected, intuitive):
    """sucker_cost / (1 + sucker_cost) = 1/2: above it cooperation needs no gesture; the separating one is always there."""
    found = named(kydd(trust=trust))
    pooling = {answers for (sends, answers) in found if sends == ("No_gesture", "No_gesture")}
    assert pooling == expected
    assert {answers for (sends, answers), eq in found.items() if eq.kind == "pooling" and eq.intuitive} == intuitive
    assert (("Gesture", "No_gesture"), ("Cooperate", "Defect")) in found
    assert len(found) == len(expected) + 1
    for (sends, answers), eq in found.items():
        if sends == ("No_gesture", "No_gesture"):
            assert eq.intervals == {0: (F(1, 2), F(1)) if answers[0] == "Cooperate" else (F(0), F(1, 2))}


@pytest.mark.parametrize("sucker_cost, cooperation", [(F(1, 2), True), (F(2, 3), True), (F(1), False), (F(2), False)])
def test_kydd_minimum_trust_threshold_in_the_sucker_cost(sucker_cost, cooperation):
    """At trust 2/5, cooperation without a gesture needs 2/5 >= c / (1 + c): c <= 2/3."""
    found = named(kydd(sucker_cost=sucker_cost))
    assert ((("No_gesture", "No_gesture"), ("Cooperate", "Cooperate")) in found) == cooperation


@pytest.mark.parametrize("cost, separates", [(F(1), False), (F(7, 5), False), (F(3, 2), True), (F(2), True)])
def test_kydd_the_gesture_separates_iff_it_costs_the_untrustworthy_type_at_least_its_temptation(cost, separates):
    found = named(kydd(cost_untrustworthy=cost))
    assert ((("Gesture", "No_gesture"), ("Cooperate", "Defect")) in found) == separates


def fearon_equilibria(**changes) -> dict[tuple, object]:
    """Equilibria of the crisis game, keyed by (messages, responses, last moves), pooled over the folded games."""
    out = {}
    for finals, game in fearon_games(**changes):
        for eq in equilibria(game):
            out[eq.named(game) + (tuple(FEARON_FINALS[f] for f in finals),)] = eq
    return out


COMMITTED = ("Fight", "Fight", "Fight", "Back_down")   # the irresolute type's hands are tied after a public threat
BLUFF = ("Fight", "Fight", "Back_down", "Back_down")


def test_fearon_high_audience_costs_make_a_public_threat_a_commitment():
    found = fearon_equilibria()
    assert set(found) == {
        (("Escalate", "Escalate"), ("Concede", "Concede"), COMMITTED),
        (("Escalate", "Escalate"), ("Concede", "Resist"), COMMITTED),
        (("Quiet", "Escalate"), ("Concede", "Concede"), COMMITTED),
    }
    intervals = {key[1]: eq.intervals for key, eq in found.items() if key[0] == ("Escalate", "Escalate")}
    assert intervals == {("Concede", "Concede"): {1: (F(1, 2), F(1))}, ("Concede", "Resist"): {1: (F(0), F(1, 2))}}


@pytest.mark.parametrize("audience_cost", [F(0), F(1, 2), F(9, 10), F(1), F(11, 10), F(3, 2), F(3)])
def test_fearon_audience_cost_threshold_at_the_irresolute_types_cost_of_war(audience_cost):
    """Below war_cost_irresolute = 1 a public threat is a bluff, and at resolve 3/10 nobody escalates and the target
    resists; above, both types escalate and the target concedes. At 1 the irresolute type is indifferent: both."""
    found = fearon_equilibria(audience_cost=audience_cost)
    mistrust = (("Quiet", "Quiet"), ("Resist", "Resist"), BLUFF)
    commitment = {(("Escalate", "Escalate"), ("Concede", "Concede"), COMMITTED),
                  (("Escalate", "Escalate"), ("Concede", "Resist"), COMMITTED),
                  (("Quiet", "Escalate"), ("Concede", "Concede"), COMMITTED)}
    if audience_cost == 0:      # without an audience cost, escalating is free and bluffing as good as quiet
        assert mistrust in found
        assert not any(key[2] == COMMITTED for key in found)
    elif audience_cost < 1:
        assert set(found) == {mistrust}
        assert found[mistrust].intervals == {0: (F(0), F(1, 2))}
    elif audience_cost == 1:
        assert set(found) == {mistrust} | commitment
    else:
        assert set(found) == commitment


@pytest.mark.parametrize("resolve, quiet_pooling", [(F(3, 10), False), (F(49, 100), False), (F(1, 2), True),
                                                    (F(7, 10), True)])
def test_fearon_prior_threshold_for_quiet_demands(resolve, quiet_pooling):
    """With committed threats, quiet pooling needs a target that concedes to an unread challenger: resolve >= 1/2."""
    found = fearon_equilibria(resolve=resolve)
    key = (("Quiet", "Quiet"), ("Concede", "Concede"), COMMITTED)
    assert (key in found) == quiet_pooling
    if quiet_pooling:   # a public threat commits both types, so the target concedes to it whatever it believes
        assert found[key].intervals == {0: (F(0), F(1))}


# ============================================================================ the oracle: exact belief sets


def test_three_type_belief_set_is_the_polytope_where_a_guess_is_best():
    """Guessing the type (1 if right): 'guess t0' is best where mu0 >= mu1 and mu0 >= mu2."""
    game = SignallingGame.build(("t0", "t1", "t2"), ("m",), ("g0", "g1", "g2"), (F(1, 3), F(1, 3), F(1, 3)),
                                sender=[[[0, 0, 0]]] * 3,
                                receiver=[[[int(t == r) for r in range(3)]] for t in range(3)])
    assert support_vertices(game, 0, 0) == ((F(1, 3), F(1, 3), F(1, 3)), (F(1, 2), 0, F(1, 2)), (F(1, 2), F(1, 2), 0),
                                            (1, 0, 0))
    assert support_vertices(game, 0, 0, among=(1, 2)) == ()
    assert support_vertices(game, 0, 1, among=(0, 1)) == ((0, 1, 0), (F(1, 2), F(1, 2), 0))


def test_an_empty_belief_set_has_no_vertices():
    assert polytope_vertices([((1, 1, 1), F(2))], 3) == ()
    assert polytope_vertices([((1, -1), F(0)), ((-1, 1), F(0))], 2) == ((F(1, 2), F(1, 2)),)


# ============================================================================ the oracle: properties on random games


@st.composite
def signalling_games(draw, max_types: int = 3) -> SignallingGame:
    """2-3 types, 2-3 messages, 2-3 responses, payoffs in -3..3 (ties are common), a full-support rational prior."""
    nt, nm, nr = draw(st.integers(2, max_types)), draw(st.integers(2, 3)), draw(st.integers(2, 3))
    weights = draw(st.lists(st.integers(1, 5), min_size=nt, max_size=nt))
    cells = st.integers(-3, 3)
    arrays = [draw(st.lists(st.lists(st.lists(cells, min_size=nr, max_size=nr), min_size=nm, max_size=nm),
                            min_size=nt, max_size=nt)) for _ in range(2)]
    return SignallingGame.build([f"t{i}" for i in range(nt)], [f"m{i}" for i in range(nm)], [f"r{i}" for i in range(nr)],
                                [F(w, sum(weights)) for w in weights], *arrays)


def feasible(constraints, n: int) -> bool:
    """Whether {x in R^n : a . x >= b for every (a, b)} is non-empty, by Fourier-Motzkin elimination."""
    rows = [(tuple(F(a) for a in coefficients), F(b)) for coefficients, b in constraints]
    for j in range(n):
        keep = [row for row in rows if row[0][j] == 0]
        lower = [row for row in rows if row[0][j] > 0]
        upper = [row for row in rows if row[0][j] < 0]
        for (a, b), (c, d) in itertools.product(lower, upper):
            s, t = -c[j], a[j]
            keep.append((tuple(s * x + t * y for x, y in zip(a, c)), s * b + t * d))
        rows = keep
    return all(b <= 0 for _, b in rows)


def simplex(n: int, among=None) -> list:
    """The probability simplex over n types (as >= constraints), optionally restricted to the types ``among``."""
    rows = [(tuple(int(i == j) for j in range(n)), 0) for i in range(n)]
    rows += [((1,) * n, 1), ((-1,) * n, -1)]
    if among is not None:
        rows += [(tuple(-int(i == j) for j in range(n)), 0) for i in range(n) if i not in among]
    return rows


def normal_form_nash(game: SignallingGame) -> set[tuple]:
    """Pure Nash equilibria of the ex-ante strategic form, checked against every pure deviation."""
    T, M, R = range(game.n_types), range(len(game.messages)), range(len(game.responses))

    def value(sends, answers):
        s = sum(game.prior[t] * game.sender[t][sends[t]][answers[sends[t]]] for t in T)
        r = sum(game.prior[t] * game.receiver[t][sends[t]][answers[sends[t]]] for t in T)
        return s, r

    senders = list(itertools.product(M, repeat=game.n_types))
    receivers = list(itertools.product(R, repeat=len(game.messages)))
    table = {(s, r): value(s, r) for s in senders for r in receivers}
    return {(s, r) for s in senders for r in receivers
            if all(table[(s, r)][0] >= table[(other, r)][0] for other in senders)
            and all(table[(s, r)][1] >= table[(s, other)][1] for other in receivers)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signalling_games())
def test_the_pbe_are_the_nash_equilibria_whose_off_path_answers_some_belief_supports(game):
    """A second route: a pure profile is a PBE iff it is a Nash equilibrium of the ex-ante form (which forces best
    answers on the path, where every prior weight is positive) and each off-path answer is optimal under some
    belief (decided here by Fourier-Motzkin elimination, not by the oracle's vertex enumeration)."""
    n = game.n_types
    expected = set()
    for sends, answers in normal_form_nash(game):
        if all(feasible(support_constraints(game, m, answers[m]) + simplex(n), n)
               for m in range(len(game.messages)) if m not in sends):
            expected.add((sends, answers))
    found = equilibria(game)
    assert {(eq.sends, eq.answers) for eq in found} == expected
    assert len(found) == len(expected)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signalling_games())
def test_belief_sets_beliefs_kinds_and_the_intuitive_criterion_by_a_second_route(game):
    n = game.n_types
    for eq in equilibria(game):
        # Bayes' rule on the path
        for m, mu in eq.beliefs.items():
            mass = sum(game.prior[t] for t in range(n) if eq.sends[t] == m)
            assert mu == tuple(game.prior[t] / mass if eq.sends[t] == m else 0 for t in range(n))
        for m, vertices in eq.off_path.items():
            constraints = support_constraints(game, m, eq.answers[m])
            for v in vertices:   # each vertex is a belief under which the answer is optimal ...
                assert sum(v) == 1 and min(v) >= 0
                assert all(sum(a * x for a, x in zip(c, v)) >= b for c, b in constraints)
            if n == 2:   # ... and for two types the interval is the closed-form one
                lo, hi = F(0), F(1)
                for c, _ in constraints:   # c0 x + c1 (1 - x) >= 0
                    slope, at_zero = c[0] - c[1], c[1]
                    if slope > 0:
                        lo = max(lo, -at_zero / slope)
                    elif slope < 0:
                        hi = min(hi, -at_zero / slope)
                    else:
                        assert at_zero >= 0
                assert eq.intervals[m] == (lo, hi)
        # the kind
        distinct = len(set(eq.sends))
        assert eq.kind == ("separating" if distinct == n else "pooling" if distinct == 1 else "partially pooling")
        # the intuitive criterion again, with Fourier-Motzkin for "a best answer to some belief"
        fails = False
        for m in range(len(game.messages)):
            if m in eq.sends:
                continue
            answers = [r for r in range(len(game.responses)) if feasible(support_constraints(game, m, r) + simplex(n), n)]
            rest = [t for t in range(n) if not eq.payoffs[t] > max(game.sender[t][m][r] for r in answers)]
            if rest:
                within = [r for r in range(len(game.responses))
                          if feasible(support_constraints(game, m, r) + simplex(n, rest), n)]
                fails = fails or any(all(game.sender[t][m][r] > eq.payoffs[t] for r in within) for t in rest)
        assert eq.intuitive == (not fails)
        if not any(m not in eq.sends for m in range(len(game.messages))):
            assert eq.intuitive


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signalling_games())
def test_a_game_survives_the_trip_through_a_tree_file(game):
    tree = loads(to_toml(game), "game.toml").tree()
    again, layout = game_from_tree(tree)
    assert again == game
    assert len(layout.sender_infosets) == game.n_types and len(layout.receiver_infosets) == len(game.messages)
    for k in layout.receiver_infosets:
        assert sorted(layout.node_types[k]) == list(range(game.n_types))


# ============================================================================ the tree files


def test_the_beer_quiche_file_is_the_papers_game():
    for weak in (F(1, 10), F(3, 5)):
        game, _ = game_from_tree(load(str(DATA / "beer_quiche.toml")).tree({"weak_share": weak}))
        assert game == beer_quiche(weak)


@pytest.mark.parametrize("high, cost", [(F(1, 2), F(8)), (F(3, 4), F(6)), (F(1, 10), F(20))])
def test_the_spence_file_is_the_arrays(high, cost):
    game, _ = game_from_tree(load(str(DATA / "spence_job_market.toml")).tree({"high_share": high, "cost_scale": cost}))
    assert game == spence(high, cost)


@pytest.mark.parametrize("changes", [{}, {"trust": F(3, 5)}, {"sucker_cost": F(1, 2), "temptation": F(2)},
                                     {"cost_trustworthy": F(3, 2), "cost_untrustworthy": F(1)}])
def test_the_kydd_file_is_the_arrays(changes):
    game, _ = game_from_tree(load(str(DATA / "kydd_reassurance.toml")).tree(changes))
    assert game == kydd(**changes)


@pytest.mark.parametrize("changes", [{}, {"audience_cost": F(1, 2)}, {"resolve": F(7, 10), "war_cost_target": F(3)},
                                     {"war_value_resolved": F(1, 5), "war_cost_irresolute": F(2)}])
def test_the_fearon_file_is_the_payoffs_written_here(changes):
    tree = load(str(DATA / "fearon_audience_costs.toml")).tree(changes)
    assert {o.name: tuple(tree.exact[j]) for j, o in enumerate(tree.outcomes)} == fearon_outcomes(**changes)
    resolve = (FEARON | changes)["resolve"]
    assert tree.exact_probabilities[tree.nodes[0].infoset] == (resolve, 1 - resolve)


# ============================================================================ the solver


@pytest.fixture
def pbe():
    """``solve_tree(tree, concept="pbe")``, pure equilibria only (the mixed ones: test_pbe_hybrid.py)."""
    return lambda tree: solve_tree(tree, concept="pbe", mixed=False)


def _choice(row) -> int:
    """The action a pure behaviour picks at one information set."""
    assert sorted(row) == [0] * (len(row) - 1) + [1], f"not a pure choice: {row}"
    return list(row).index(1)


def check_equilibria(tree, layout: Layout, game: SignallingGame, listed, expected: dict[tuple, object],
                     finals: tuple[int, ...] = (), signalling: bool = True) -> None:
    """The solver's equilibria ``listed`` are the oracle's ``expected`` ones, keyed by (sends, answers, last moves
    as indices at the information sets ``finals``); kinds, verdicts, beliefs and belief sets agree."""
    got = {}
    for eq in listed:
        key = (tuple(_choice(eq.exact[k]) for k in layout.sender_infosets),
               tuple(_choice(eq.exact[k]) for k in layout.receiver_infosets),
               tuple(_choice(eq.exact[k]) for k in finals))
        assert key not in got, f"listed twice: {key}"
        got[key] = eq
    assert set(got) == set(expected)
    n = game.n_types
    for key, eq in got.items():
        want = expected[key]
        if signalling:
            assert eq.kind == want.kind and eq.intuitive == want.intuitive and eq.sequential is True
        else:
            assert eq.kind is None and eq.intuitive is None
        # Bayes' rule where play goes, node by node
        for m, mu in want.beliefs.items():
            k = layout.receiver_infosets[m]
            assert tuple(eq.exact_beliefs[k]) == tuple(mu[t] for t in layout.node_types[k])
        # the supporting beliefs where it does not
        off = {layout.receiver_infosets[m]: m for m in want.off_path}
        assert sorted(belief.infoset for belief in eq.off_path) == sorted(off)
        for belief in eq.off_path:
            k, m = belief.infoset, off[belief.infoset]
            assert tuple(belief.nodes) == tuple(tree.infosets[k].nodes)
            order = layout.node_types[k]           # the type behind each node of the infoset
            constraints = []
            for coefficients, bound in belief.inequalities:
                by_type = [F(0)] * n
                for node_index, t in enumerate(order):
                    by_type[t] = F(coefficients[node_index])
                constraints.append((tuple(by_type), F(bound)))
            assert polytope_vertices(constraints, n) == want.off_path[m]
            for v in want.off_path[m]:
                assert belief.contains(tuple(v[t] for t in order))
            if n == 2:
                lo, hi = want.intervals[m]
                assert tuple(belief.interval) == ((lo, hi) if order[0] == 0 else (1 - hi, 1 - lo))
                outside = [x for x in (lo - F(1, 100), hi + F(1, 100)) if 0 <= x <= 1]
                for x in outside:
                    mu = (x, 1 - x) if order[0] == 0 else (1 - x, x)
                    assert not belief.contains(mu)
        # expected payoffs: the sender's over types, the receiver's
        sends, answers = want.sends, want.answers
        sender_value = sum(game.prior[t] * game.sender[t][sends[t]][answers[sends[t]]] for t in range(n))
        receiver_value = sum(game.prior[t] * game.receiver[t][sends[t]][answers[sends[t]]] for t in range(n))
        assert eq.exact_payoffs[layout.sender] == sender_value
        assert eq.exact_payoffs[layout.receiver] == receiver_value


def solve_file(pbe, name: str, changes: dict):
    tree = load(str(DATA / name)).tree(changes)
    solution = pbe(tree)
    assert solution.concept == "pbe" and solution.method == "assessments" and solution.complete
    return tree, solution


SIGNALLING_FILES = [
    ("beer_quiche.toml", {}, beer_quiche),
    ("beer_quiche.toml", {"weak_share": F(1, 2)}, lambda: beer_quiche(F(1, 2))),
    ("beer_quiche.toml", {"weak_share": F(3, 5)}, lambda: beer_quiche(F(3, 5))),
    ("spence_job_market.toml", {}, spence),
    ("spence_job_market.toml", {"cost_scale": F(6)}, lambda: spence(cost=F(6))),
    ("spence_job_market.toml", {"high_share": F(45, 77)}, lambda: spence(high=F(45, 77))),
    ("spence_job_market.toml", {"high_share": F(3, 4), "cost_scale": F(20)}, lambda: spence(F(3, 4), F(20))),
    ("kydd_reassurance.toml", {}, kydd),
    ("kydd_reassurance.toml", {"trust": F(1, 2)}, lambda: kydd(trust=F(1, 2))),
    ("kydd_reassurance.toml", {"trust": F(3, 5)}, lambda: kydd(trust=F(3, 5))),
    ("kydd_reassurance.toml", {"cost_untrustworthy": F(1)}, lambda: kydd(cost_untrustworthy=F(1))),
]


@pytest.mark.parametrize("name, changes, arrays", SIGNALLING_FILES,
                         ids=[f"{name[:-5]}-{changes}" for name, changes, _ in SIGNALLING_FILES])
def test_the_solver_finds_the_textbook_equilibria(pbe, name, changes, arrays):
    tree, solution = solve_file(pbe, name, changes)
    game, layout = game_from_tree(tree)
    assert game == arrays()
    expected = {(eq.sends, eq.answers, ()): eq for eq in equilibria(game)}
    check_equilibria(tree, layout, game, solution.equilibria, expected)


def test_the_solver_on_beer_quiche_by_name(pbe):
    """The published verdicts, read off the solver's output alone."""
    tree, solution = solve_file(pbe, "beer_quiche.toml", {})
    infoset = {node.name: node.infoset for node in tree.nodes if node.infoset is not None}
    verdicts = {}
    for eq in solution.equilibria:
        weak = tree.infosets[infoset["weak_orders"]].actions[_choice(eq.exact[infoset["weak_orders"]])]
        strong = tree.infosets[infoset["strong_orders"]].actions[_choice(eq.exact[infoset["strong_orders"]])]
        (belief,) = eq.off_path
        verdicts[(weak, strong)] = (eq.kind, eq.intuitive, tree.skeleton.infoset_key(belief.infoset),
                                    tuple(belief.interval))
    assert verdicts == {("Beer", "Beer"): ("pooling", True, "after_quiche", (F(1, 2), F(1))),
                        ("Quiche", "Quiche"): ("pooling", False, "after_beer", (F(1, 2), F(1)))}


def fearon_layout(tree) -> tuple[Layout, tuple[int, ...]]:
    """Where the crisis game's moves are, by node id; and the four last-move information sets."""
    infoset = {node.name: node.infoset for node in tree.nodes if node.infoset is not None}
    receiver = tuple(next(k for k in range(len(tree.infosets)) if tree.skeleton.infoset_key(k) == f"after_{m.lower()}")
                     for m in FEARON_MESSAGES)
    types = [t.lower() for t in FEARON_TYPES]     # node ids read target_<type>_<message>
    node_types = {k: tuple(types.index(tree.nodes[i].name.split("_")[1]) for i in tree.infosets[k].nodes)
                  for k in receiver}
    layout = Layout(0, 1, tuple(infoset[f"{t.lower()}_demands"] for t in FEARON_TYPES), receiver, node_types)
    finals = tuple(infoset[f"{t.lower()}_{m.lower()}_resisted"] for t in FEARON_TYPES for m in FEARON_MESSAGES)
    return layout, finals


@pytest.mark.parametrize("changes", [{}, {"audience_cost": F(1, 2)}, {"audience_cost": F(1)}, {"resolve": F(1, 2)},
                                     {"resolve": F(7, 10), "audience_cost": F(9, 10)}])
def test_the_solver_on_the_audience_cost_crisis(pbe, changes):
    """Not a signalling game in the narrow sense (the challenger moves again): kind and verdict None, and the
    challenger's last moves must be best replies, as in every oracle game folded from the tree."""
    tree, solution = solve_file(pbe, "fearon_audience_costs.toml", changes)
    layout, finals = fearon_layout(tree)
    assert tree.infosets[finals[0]].actions == FEARON_FINALS
    games = fearon_games(**changes)
    for last, game in games:
        expected = {(eq.sends, eq.answers, last): eq for eq in equilibria(game)}
        listed = [eq for eq in solution.equilibria if tuple(_choice(eq.exact[k]) for k in finals) == last]
        check_equilibria(tree, layout, game, listed, expected, finals, signalling=False)
    assert len(solution.equilibria) == sum(len(equilibria(game)) for _, game in games)


def random_games(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        nt, nm, nr = rng.randint(2, 3), rng.randint(2, 3), rng.randint(2, 3)
        weights = [rng.randint(1, 5) for _ in range(nt)]
        arrays = [[[[rng.randint(-3, 3) for _ in range(nr)] for _ in range(nm)] for _ in range(nt)] for _ in range(2)]
        yield SignallingGame.build([f"t{i}" for i in range(nt)], [f"m{i}" for i in range(nm)],
                                   [f"r{i}" for i in range(nr)], [F(w, sum(weights)) for w in weights], *arrays)


@pytest.mark.parametrize("seed", range(3))
def test_the_solver_agrees_with_the_oracle_on_random_signalling_games(pbe, seed):
    """20 games per seed (2-3 types, messages and responses; payoffs -3..3, so ties abound), compared exactly."""
    for game in random_games(20, seed):
        tree = loads(to_toml(game), "random.toml").tree()
        again, layout = game_from_tree(tree)
        expected = {(eq.sends, eq.answers, ()): eq for eq in equilibria(game)}
        solution = pbe(tree)
        assert solution.complete
        check_equilibria(tree, layout, again, solution.equilibria, expected)
