"""The article scenarios solve to the equilibria and thresholds derived by hand.

Each scenario file (nato_deterrence, ukraine_settlement, energy_triangle,
two_level_ratification) documents its building blocks and its thresholds in its
header comment and in docs/scenarios.md. The tests below pin them, so that an
edit to a payoff expression or a default that changes the model fails here:

* the pure equilibria and their exact payoffs at the defaults (all strict);
* each documented threshold, from values just below and just above it, and
  where the tie is exact, at the threshold itself (where both neighbouring
  sets hold, weakly);
* an independent re-implementation of each model from the building blocks in
  its header comment, compared with the solver on the file at random parameter
  values inside the declared ranges.

All four games have 3 players, whose mixed equilibria are not searched yet, so
the tests compare pure equilibria (``method="pure"``).
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wedge_cli.formats.toml_read import load
from wedge_cli.solve import solve

# ---------------------------------------------------------------- helpers


def pure_solution(name: str, **overrides):
    """The game at the defaults plus exact overrides, and its pure equilibria."""
    spec = load(name)
    game = spec.game({k: F(v) for k, v in overrides.items()})
    return game, solve(game, method="pure")


def profile_names(game, eq) -> tuple[str, ...]:
    return tuple(game.players[i].strategies[support[0]] for i, support in enumerate(eq.support))


def pure_equilibria(name: str, **overrides) -> set[tuple[str, ...]]:
    game, solution = pure_solution(name, **overrides)
    return {profile_names(game, eq) for eq in solution.equilibria}


def brute_force(payoff, strategies) -> set[tuple[str, ...]]:
    """Pure equilibria of ``payoff(profile) -> tuple`` by checking every deviation (ties count)."""
    found = set()
    for profile in itertools.product(*strategies):
        u = payoff(*profile)
        if all(
            u[p] >= payoff(*profile[:p], t, *profile[p + 1:])[p]
            for p in range(len(strategies))
            for t in strategies[p]
        ):
            found.add(profile)
    return found


def draws(name: str):
    """Hypothesis strategy: exact parameter values on a 1/48 grid of each declared range."""
    params = load(name).parameters

    def value(p):
        lo, hi = F(repr(float(p.min))), F(repr(float(p.max)))
        return st.integers(0, 48).map(lambda k: lo + (hi - lo) * k / 48)

    return st.fixed_dictionaries({n: value(p) for n, p in params.items()})


def defaults(name: str) -> dict[str, F]:
    return {n: F(repr(float(p.value))) for n, p in load(name).parameters.items()}


# ============================================================ nato_deterrence

NATO = "nato_deterrence"
SQ = ("Stay", "Rely", "Restrain")
EMBOLDENED = ("Pullback", "Reinforce", "Probe")
HANDOVER = ("Pullback", "Reinforce", "Restrain")
TESTED = ("Stay", "Rely", "Probe")
FEARED = ("Pullback", "Rely", "Probe")


def nato_payoff(v):
    """US, Europe, Russia payoffs from the building blocks in the file's header."""
    a, e = v["us_credibility"], v["europe_credibility"]

    def payoff(us, europe, russia):
        stay, reinforce, probe = us == "Stay", europe == "Reinforce", russia == "Probe"
        exposure = (1 - a * stay) * (1 - e * reinforce)
        bare = not stay and not reinforce
        u_us = v["pivot_value"] * (not stay) - v["alliance_strain"] * bare - v["us_probe_cost"] * exposure * probe
        u_eu = -v["reinforce_cost"] * reinforce - v["exposure_cost"] * bare - v["probe_harm"] * exposure * probe
        u_ru = (v["probe_gain"] - v["response_cost"] * (1 - exposure)) * probe
        return (u_us, u_eu, u_ru)

    return payoff


NATO_STRATEGIES = (("Stay", "Pullback"), ("Reinforce", "Rely"), ("Restrain", "Probe"))


def test_nato_defaults():
    game, solution = pure_solution(NATO)
    got = {profile_names(game, eq): eq.exact_payoffs for eq in solution.equilibria}
    assert got == {SQ: (0, 0, 0), EMBOLDENED: (F(6, 5), F(-46, 5), 1)}
    assert all(eq.strict for eq in solution.equilibria) and not solution.degenerate


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # Russia probes a Europe-only flank iff probe_gain > response_cost * europe_credibility (0.4).
        ({"europe_credibility": "0.39"}, {SQ, EMBOLDENED}),
        ({"europe_credibility": "0.41"}, {SQ, HANDOVER}),
        ({"europe_credibility": "2/5"}, {SQ, EMBOLDENED, HANDOVER}),
        ({"probe_gain": "2.9"}, {SQ, HANDOVER}),
        ({"response_cost": "13.4"}, {SQ, HANDOVER}),
        # ... and the US flank iff probe_gain > response_cost * us_credibility (8).
        ({"us_credibility": "0.39"}, {TESTED, EMBOLDENED}),
        ({"probe_gain": "8.1"}, {TESTED, EMBOLDENED}),
        ({"response_cost": "4.9"}, {TESTED, EMBOLDENED}),
        # The US stays with a relying Europe iff alliance_strain > pivot_value.
        ({"alliance_strain": "3.9"}, {EMBOLDENED}),
        ({"pivot_value": "5.1"}, {EMBOLDENED}),
        # The US pivots from a probed European flank iff
        # pivot_value > us_probe_cost * us_credibility * (1 - europe_credibility) (56/25).
        ({"pivot_value": "2.2"}, {SQ}),
        ({"pivot_value": "56/25"}, {SQ, EMBOLDENED}),
        ({"us_probe_cost": "7.1"}, {SQ, EMBOLDENED}),
        ({"us_probe_cost": "7.2"}, {SQ}),
        # Europe backfills a probed pullback iff reinforce_cost < exposure_cost + probe_harm * e (49/5).
        ({"reinforce_cost": "9.7"}, {SQ, EMBOLDENED}),
        ({"reinforce_cost": "9.9"}, {SQ}),
        ({"exposure_cost": "3.1"}, {SQ}),
        # probe_harm alone changes nothing in its range.
        ({"probe_harm": "0"}, {SQ, EMBOLDENED}),
        ({"probe_harm": "16"}, {SQ, EMBOLDENED}),
        # The outcome allies fear needs pivot - strain > us_probe_cost * us_credibility and
        # reinforce_cost > exposure_cost + probe_harm * europe_credibility.
        ({"alliance_strain": "0", "reinforce_cost": "12"}, {FEARED}),
    ],
)
def test_nato_thresholds(overrides, expected):
    assert pure_equilibria(NATO, **overrides) == expected


@settings(max_examples=150, deadline=None)
@given(draws(NATO))
def test_nato_matches_building_blocks(values):
    assert pure_equilibria(NATO, **values) == brute_force(nato_payoff(values), NATO_STRATEGIES)


# ========================================================= ukraine_settlement

UKRAINE = "ukraine_settlement"
REJECTION = ("Broker", "Settle", "Reject")
SETTLEMENT = ("Broker", "Settle", "Accept")
STATUS_QUO_ANTE = ("Back", "Settle", "Reject")
UKRAINE_STRATEGIES = (("Broker", "Back"), ("Settle", "FightOn"), ("Accept", "Reject"))


def ukraine_payoff(v):
    """US, Russia, Ukraine payoffs from the building blocks in the file's header."""
    g = v["guarantee"]

    def payoff(us, russia, ukraine):
        broker, settle, accept = us == "Broker", russia == "Settle", ukraine == "Accept"
        peace = settle and accept
        u_ua = -v["endorse_cost"] * accept - v["us_pressure"] * (broker and not accept)
        u_ru = v["blame_gain"] * (settle and not accept)
        u_us = -v["precedent_cost"] * broker + v["war_burden"] / 2 * (broker and not accept)
        if peace:
            u_ua -= v["territory_cost"]
            u_ru += v["settle_value"]
            u_us += v["war_burden"]
            if broker:
                u_ua += v["reconstruction_aid"] - v["oversight_cost"] + g * v["security_value"]
                u_ru -= g * v["provocation"]
                u_us += v["oversight_value"]
        return (u_us, u_ru, u_ua)

    return payoff


def test_ukraine_defaults():
    game, solution = pure_solution(UKRAINE)
    got = {profile_names(game, eq): eq.exact_payoffs for eq in solution.equilibria}
    assert got == {REJECTION: (1, 1, -2)}
    assert all(eq.strict for eq in solution.equilibria) and not solution.degenerate


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # Kyiv accepts iff aid - oversight_cost + g * security_value + us_pressure
        # > territory_cost + endorse_cost, i.e. guarantee > 3/4; Moscow settles iff g < 5/8.
        ({"guarantee": "0.74"}, {REJECTION}),
        ({"guarantee": "0.76"}, set()),
        ({"guarantee": "1"}, set()),
        ({"guarantee": "0"}, {REJECTION}),
        ({"territory_cost": "7.9"}, {SETTLEMENT}),
        ({"territory_cost": "8.1"}, {REJECTION}),
        ({"security_value": "12.1"}, {SETTLEMENT}),
        ({"reconstruction_aid": "8.1"}, {SETTLEMENT}),
        ({"oversight_cost": "0.9"}, {SETTLEMENT}),
        ({"us_pressure": "4.1"}, {SETTLEMENT}),
        ({"us_pressure": "3.9"}, {REJECTION}),
        # With territory_cost = 8 Kyiv needs g > 1/2 and Moscow g < 5/8: a settlement zone.
        ({"territory_cost": "8", "guarantee": "0.45"}, {REJECTION}),
        ({"territory_cost": "8", "guarantee": "0.6"}, {SETTLEMENT}),
        ({"territory_cost": "8", "guarantee": "0.65"}, set()),
        # The US keeps brokering against a rejecting Kyiv iff war_burden / 2 > precedent_cost.
        ({"precedent_cost": "3.1"}, {STATUS_QUO_ANTE}),
        ({"precedent_cost": "3"}, {REJECTION, STATUS_QUO_ANTE}),
        ({"war_burden": "3.9"}, {STATUS_QUO_ANTE}),
        # An agreed framework is concluded only if oversight_value > precedent_cost.
        ({"territory_cost": "7", "oversight_value": "1.9"}, set()),
        # Moscow's side alone changes nothing while Kyiv rejects.
        ({"provocation": "16", "settle_value": "-4"}, {REJECTION}),
    ],
)
def test_ukraine_thresholds(overrides, expected):
    assert pure_equilibria(UKRAINE, **overrides) == expected


@settings(max_examples=150, deadline=None)
@given(draws(UKRAINE))
def test_ukraine_matches_building_blocks(values):
    assert pure_equilibria(UKRAINE, **values) == brute_force(ukraine_payoff(values), UKRAINE_STRATEGIES)


# ============================================================ energy_triangle

ENERGY = "energy_triangle"
TRIANGLE = ("Coordinate", "Comply", "Restrain")
MARKET = ("Compete", "Undercut", "Flood")
SAUDI_ALONE = ("Compete", "Undercut", "Restrain")
ENERGY_STRATEGIES = (("Coordinate", "Compete"), ("Comply", "Undercut"), ("Restrain", "Flood"))


def energy_payoff(v):
    """US, Russia, Saudi Arabia payoffs from the building blocks in the file's header."""

    def payoff(us, russia, saudi):
        coordinate, comply, restrain = us == "Coordinate", russia == "Comply", saudi == "Restrain"
        u_us = (v["leverage_value"] * comply - v["coord_cost"]) * coordinate
        u_ru = v["price_support"] * restrain + (
            v["opec_value"] * restrain + v["relief"] * coordinate if comply else v["undercut_gain"]
        )
        u_sa = v["price_support"] * comply + restrain * (
            v["saudi_restraint"] - v["share_loss"] * (not comply) + v["mediator_value"] * (coordinate and comply)
        )
        return (u_us, u_ru, u_sa)

    return payoff


def test_energy_defaults():
    game, solution = pure_solution(ENERGY)
    got = {profile_names(game, eq): eq.exact_payoffs for eq in solution.equilibria}
    assert got == {TRIANGLE: (2, 9, 7), MARKET: (0, 4, 0)}
    assert all(eq.strict for eq in solution.equilibria) and not solution.degenerate


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # Russia complies with both partners iff opec_value + relief > undercut_gain (5).
        ({"relief": "1.9"}, {MARKET}),
        ({"relief": "2.1"}, {TRIANGLE, MARKET}),
        ({"opec_value": "0.9"}, {MARKET}),
        ({"undercut_gain": "5.1"}, {MARKET}),
        ({"undercut_gain": "4.9"}, {TRIANGLE, MARKET}),
        # The US coordinates with a compliant Russia iff leverage_value > coord_cost.
        ({"leverage_value": "1.9"}, {MARKET}),
        ({"coord_cost": "4.1"}, {MARKET}),
        # Riyadh restrains in the triangle iff saudi_restraint + mediator_value > 0 ...
        ({"saudi_restraint": "-1.1"}, {MARKET}),
        ({"saudi_restraint": "-0.9"}, {TRIANGLE, MARKET}),
        ({"saudi_restraint": "-0.5", "mediator_value": "0.4"}, {MARKET}),
        # ... and against an undercutting Russia iff saudi_restraint > share_loss.
        ({"saudi_restraint": "4.1"}, {TRIANGLE, SAUDI_ALONE}),
        ({"share_loss": "1.9"}, {TRIANGLE, SAUDI_ALONE}),
        ({"share_loss": "2"}, {TRIANGLE, SAUDI_ALONE, MARKET}),
        # price_support moves levels only.
        ({"price_support": "0"}, {TRIANGLE, MARKET}),
        ({"price_support": "10"}, {TRIANGLE, MARKET}),
    ],
)
def test_energy_thresholds(overrides, expected):
    assert pure_equilibria(ENERGY, **overrides) == expected


@settings(max_examples=150, deadline=None)
@given(draws(ENERGY))
def test_energy_matches_building_blocks(values):
    assert pure_equilibria(ENERGY, **values) == brute_force(energy_payoff(values), ENERGY_STRATEGIES)


# ===================================================== two_level_ratification

TWO_LEVEL = "two_level_ratification"
NO_DEAL = ("Shelve", "Acquiesce", "Stall")
DEAL = ("Sign", "Acquiesce", "Deliver")
PRE_EMPTED = ("Shelve", "Block", "Stall")
TWO_LEVEL_STRATEGIES = (("Sign", "Shelve"), ("Acquiesce", "Block"), ("Deliver", "Stall"))


def two_level_payoff(v):
    """Administration, Congress, Russia payoffs from the building blocks in the file's header."""
    s = v["scope"]

    def payoff(administration, congress, russia):
        sign, acquiesce, deliver = administration == "Sign", congress == "Acquiesce", russia == "Deliver"
        holds = sign and acquiesce
        if sign:
            u_ad = v["deal_value"] * s if holds and deliver else -v["defeat_cost"] * s
        else:
            u_ad = 0
        if not acquiesce:
            u_co = -v["block_cost"]
        else:
            u_co = (v["delivery_value"] * deliver - v["skepticism"] * s) if holds else 0
        u_ru = (v["relief"] * (1 - v["inertia"]) * s * holds - v["concession_cost"]) * deliver
        return (u_ad, u_co, u_ru)

    return payoff


def test_two_level_defaults():
    game, solution = pure_solution(TWO_LEVEL)
    got = {profile_names(game, eq): eq.exact_payoffs for eq in solution.equilibria}
    assert got == {NO_DEAL: (0, 0, 0)}
    assert all(eq.strict for eq in solution.equilibria) and not solution.degenerate


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # A deal holds iff concession_cost / (relief (1 - inertia)) < scope
        # < (delivery_value + block_cost) / skepticism,
        # i.e. 1/2 < scope < 5/8; at either end one player is indifferent and both sets hold.
        ({"scope": "0.49"}, {NO_DEAL}),
        ({"scope": "1/2"}, {DEAL, NO_DEAL}),
        ({"scope": "0.51"}, {DEAL, NO_DEAL}),
        ({"scope": "0.62"}, {DEAL, NO_DEAL}),
        ({"scope": "5/8"}, {DEAL, NO_DEAL}),
        ({"scope": "0.63"}, {NO_DEAL}),
        ({"skepticism": "6.6"}, {DEAL, NO_DEAL}),
        ({"skepticism": "6.7"}, {NO_DEAL}),
        ({"delivery_value": "4.1"}, {DEAL, NO_DEAL}),
        ({"block_cost": "3.1"}, {DEAL, NO_DEAL}),
        # Below block_cost = 0 Congress writes the sanctions into law pre-emptively.
        ({"block_cost": "-0.1"}, {PRE_EMPTED}),
        ({"block_cost": "0"}, {NO_DEAL, PRE_EMPTED}),
        # Moscow's side binds only once the deal is inside Congress's win-set: at scope 0.6 it
        # needs inertia < 1 - concession_cost / (relief * scope) = 3/8.
        ({"scope": "0.6", "inertia": "0.37"}, {DEAL, NO_DEAL}),
        ({"scope": "0.6", "inertia": "0.38"}, {NO_DEAL}),
        ({"scope": "0.6", "concession_cost": "3.7"}, {NO_DEAL}),
        ({"scope": "0.6", "relief": "6.6"}, {NO_DEAL}),
        # At the default scope Moscow's side changes nothing on its own.
        ({"inertia": "0"}, {NO_DEAL}),
        ({"relief": "20"}, {NO_DEAL}),
    ],
)
def test_two_level_thresholds(overrides, expected):
    assert pure_equilibria(TWO_LEVEL, **overrides) == expected


def test_two_level_deal_payoffs_inside_the_win_sets():
    game, solution = pure_solution(TWO_LEVEL, scope="0.6")
    got = {profile_names(game, eq): eq.exact_payoffs for eq in solution.equilibria}
    assert got == {DEAL: (6, F(-9, 5), F(3, 5)), NO_DEAL: (0, 0, 0)}


@settings(max_examples=150, deadline=None)
@given(draws(TWO_LEVEL))
def test_two_level_matches_building_blocks(values):
    assert pure_equilibria(TWO_LEVEL, **values) == brute_force(two_level_payoff(values), TWO_LEVEL_STRATEGIES)


# ============================================================= all four files


@pytest.mark.parametrize("name", [NATO, UKRAINE, ENERGY, TWO_LEVEL])
def test_building_blocks_reproduce_the_defaults(name):
    """The re-implementations agree with the files at the defaults (guards the oracles themselves)."""
    oracle = {NATO: (nato_payoff, NATO_STRATEGIES), UKRAINE: (ukraine_payoff, UKRAINE_STRATEGIES),
              ENERGY: (energy_payoff, ENERGY_STRATEGIES), TWO_LEVEL: (two_level_payoff, TWO_LEVEL_STRATEGIES)}
    make, strategies = oracle[name]
    payoff = make(defaults(name))
    game = load(name).game()
    for index in itertools.product(*(range(len(s)) for s in strategies)):
        profile = tuple(strategies[i][k] for i, k in enumerate(index))
        assert tuple(game.exact[(slice(None), *index)]) == payoff(*profile), profile
