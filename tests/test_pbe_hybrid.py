"""Mixed perfect Bayesian equilibria of two-type signalling games (solve/tree/hybrid.py).

Three groups:

* worked examples with exact numbers derived by hand: the bundled reassurance scenario's
  bluffing equilibria (docs/scenarios/reassurance.md) and beer-quiche below a prior of
  one half, where no pure equilibrium exists;
* an independent oracle on random games: the Nash equilibria of the *agent form* (one
  player per type and per message) found by its own support enumeration from payoff
  arrays (tests/pbe_oracle.py builds them, the solver never sees them), written in
  terms of ex-ante weights rather than beliefs and solved by its own elimination. Every
  mixed equilibrium the solver lists must pass the oracle's exact checks, and every
  agent-form equilibrium that is the unique solution of its support's equations (so
  isolated there), whose off-path answers some belief supports and in which somebody
  mixes, must be listed;
* the edges: the pure equilibria are unchanged by the mixed search, games beyond it are
  refused with the reason, trees outside it say why only pure ones are searched, the
  sweeps say they follow the pure ones, and the command's text and JSON.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from fractions import Fraction as F
from pathlib import Path

import pytest
from pbe_oracle import (SignallingGame, game_from_tree, intuitive, kind_of, polytope_vertices, support_constraints,
                        to_toml)
from typer.testing import CliRunner

from wedge_cli.cli.main import app
from wedge_cli.formats.toml_read import load, loads
from wedge_cli.solve.tree import hybrid, solve_tree
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.tree import sweep_tree

BEER = Path(__file__).parent / "data" / "pbe_unit" / "beer_quiche_minimal.toml"
runner = CliRunner()


def _mixed(tree, eq) -> bool:
    """Whether a player (not chance) randomises."""
    return any(0 < p < 1 for k, row in enumerate(eq.exact) if tree.infosets[k].player is not None for p in row)


def _by_name(tree, eq) -> dict[str, dict[str, F]]:
    """Each decision node's information set as ``{node id: {action: probability}}``."""
    return {node.name: dict(zip(node.actions, eq.exact[node.infoset])) for node in tree.nodes
            if node.kind == "decision"}


# ============================================================================ worked examples


@pytest.fixture(scope="module")
def reassurance():
    return load("reassurance")


def test_a_bluffing_equilibrium_at_a_signal_cost_of_6(reassurance):
    # Russia hedges or realigns after an Offer only when its belief mu (committed) is 3/4: Realign pays
    # 6 mu - 10 (1 - mu), Hedge 1 + half of that, equal at mu = 3/4. Prior 2/5, the committed US offering
    # for sure, the fickle one with probability s: (2/5) / (2/5 + (3/5) s) = 3/4 gives s = 2/9. The fickle
    # US mixes, so Offer (cost 6) pays it what Talk (Russia stays, 0) does: 8 r + 4 (1 - r) - 6 = 0, r = 1/2.
    # The committed US (cost 3/2) gets 8/2 + 4/2 - 3/2 = 9/2 > 0 from offering: it offers.
    tree = reassurance.tree({"signal_cost": 6})
    solution = solve_tree(tree)
    hybrids = [eq for eq in solution.equilibria if eq.kind == "hybrid"]
    (bluff,) = hybrids
    named = _by_name(tree, bluff)
    assert named["committed_us"] == {"Offer": 1, "Talk": 0}
    assert named["fickle_us"] == {"Offer": F(2, 9), "Talk": F(7, 9)}
    assert named["russia_offer_committed"] == {"Realign": F(1, 2), "Hedge": F(1, 2), "Stay": 0}
    assert named["russia_talk_committed"] == {"Realign": 0, "Hedge": 0, "Stay": 1}
    after = {tree.skeleton.infoset_key(k): b for k, b in bluff.exact_beliefs.items()}
    assert after == {"after_offer": (F(3, 4), F(1, 4)), "after_talk": (0, 1)}
    realign = sum(step.exact for step in bluff.path if step.actions[-1] == "Realign")
    assert realign == F(4, 15)  # the page: overall Russia realigns with probability 4/15
    # expected US payoff: committed (2/5) * 9/2, fickle 0
    assert bluff.exact_payoffs[0] == F(2, 5) * F(9, 2)
    assert bluff.off_path == () and bluff.intuitive is True and bluff.sequential is True
    assert {w["code"] for w in solution.warnings} == {"mixed_searched", "degenerate"}
    short = solve_tree(tree, max_equilibria=2)  # the pure one first, then mixed ones up to the cap
    assert not short.complete and short.count == 3 and len(short.equilibria) == 2
    assert "truncated" in {w["code"] for w in short.warnings}


def test_below_a_cost_of_4_the_bluff_leaves_russia_at_one_half(reassurance):
    # At cost 2 a fickle US offering against a hedge-or-realign Russia would gain: Russia's belief after an
    # Offer falls to the Stay/Hedge threshold 1/2, (2/5) / (2/5 + (3/5) s) = 1/2, s = 2/3; the fickle US is
    # indifferent when 4 h - 2 = 0 (Hedge h, else Stay), h = 1/2; the committed US gets 4/2 - 1/2 = 3/2 > 0.
    tree = reassurance.tree({"signal_cost": 2})
    (bluff,) = [eq for eq in solve_tree(tree).equilibria if eq.kind == "hybrid"]
    named = _by_name(tree, bluff)
    assert named["committed_us"]["Offer"] == 1 and named["fickle_us"]["Offer"] == F(2, 3)
    assert named["russia_offer_fickle"] == {"Realign": 0, "Hedge": F(1, 2), "Stay": F(1, 2)}
    assert {tree.skeleton.infoset_key(k): b[0] for k, b in bluff.exact_beliefs.items()} == \
        {"after_offer": F(1, 2), "after_talk": 0}


def test_a_receiver_mixing_off_the_path_is_the_edge_of_a_continuum(reassurance):
    # At the defaults, pooling on Talk holds for any reply to an Offer that a belief of at most 1/2 supports;
    # at exactly 1/2 Russia may hedge with probability h, and the committed US (cost 3) does not offer while
    # 4 h - 3 <= 0: a segment of equilibria from h = 0 (the pure one) to h = 3/4, its mixed end listed.
    tree = reassurance.tree()
    solution = solve_tree(tree)
    mixed = [eq for eq in solution.equilibria if _mixed(tree, eq)]
    (edge,) = mixed
    assert edge.kind == "pooling" and edge.intuitive is False
    assert _by_name(tree, edge)["russia_offer_fickle"] == {"Realign": 0, "Hedge": F(3, 4), "Stay": F(1, 4)}
    (support,) = edge.off_path
    assert support.interval == (F(1, 2), F(1, 2))
    assert solution.degenerate and "degenerate" in {w["code"] for w in solution.warnings}


@pytest.mark.parametrize("prior_strong, beer", [("1/3", F(1, 2)), ("1/4", F(1, 3)), ("2/5", F(2, 3))])
def test_beer_quiche_below_one_half_has_only_the_textbook_hybrid(prior_strong, beer):
    # Beer-quiche (Cho & Kreps 1987), strong with probability q < 1/2. No pure PBE: pooling makes the
    # receiver duel (the pool is more likely weak), and then the weak type wants its quiche, the strong
    # its beer; separating lets the weak type copy the strong one's beer. The hybrid: the strong type
    # drinks beer; the weak one drinks beer with probability b, else quiche (then it is duelled for sure).
    # The receiver mixes after beer only if indifferent, P(weak | beer) = 1/2, i.e. (1 - q) b = q,
    # b = q / (1 - q); the weak type mixes only if beer (0 + 2 (1 - d)) pays what quiche (1 + 0) does,
    # d = 1/2. The strong type: beer 1 + 2 (1 - 1/2) = 2 > quiche 0. Off the path: nothing (both sent).
    tree = loads(BEER.read_text(), str(BEER)).tree({"prior_strong": prior_strong})
    solution = solve_tree(tree)
    (eq,) = solution.equilibria
    assert solution.complete and solution.count == 1 and not solution.degenerate
    named = _by_name(tree, eq)
    assert named["weak_type"] == {"Beer": beer, "Quiche": 1 - beer}
    assert named["strong_type"] == {"Beer": 1, "Quiche": 0}
    assert named["weak_beer"] == {"Duel": F(1, 2), "Not": F(1, 2)}
    assert named["weak_quiche"] == {"Duel": 1, "Not": 0}
    assert (eq.kind, eq.intuitive, eq.sequential, eq.off_path) == ("hybrid", True, True, ())
    q = F(prior_strong)
    assert eq.exact_payoffs[0] == (1 - q) * 1 + q * 2  # the weak type's quiche payoff, the strong's beer


# ============================================================================ the oracle


def _unique(rows: list[list[F]], rhs: list[F], n: int) -> list[F] | None:
    """The unique solution of a rational linear system (any number of equations), or None."""
    a = [list(r) + [b] for r, b in zip(rows, rhs)]
    done = 0
    for c in range(n):
        p = next((i for i in range(done, len(a)) if a[i][c] != 0), None)
        if p is None:
            return None  # a free unknown: no unique solution
        a[done], a[p] = a[p], a[done]
        a[done] = [x / a[done][c] for x in a[done]]
        for i in range(len(a)):
            if i != done and a[i][c] != 0:
                f = a[i][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[done])]
        done += 1
    if any(row[n] != 0 for row in a[done:]):
        return None
    return [a[i][n] for i in range(n)]


def corners(equal: list[tuple[list[F], F]], below: list[tuple[list[F], F]], n: int) -> list[tuple[F, ...]]:
    """The vertices of ``{x : a.x = b for each of equal, c.x <= d for each of below}`` (bounded).

    The equations' solutions are written ``x = base + sum_i y_i e_i`` over their free unknowns;
    a vertex is where as many inequalities as free unknowns are tight, with a unique ``y``."""
    a = [list(r) + [b] for r, b in equal]
    pivots = []
    for c in range(n):
        p = next((i for i in range(len(pivots), len(a)) if a[i][c] != 0), None)
        if p is None:
            continue
        row = len(pivots)
        a[row], a[p] = a[p], a[row]
        a[row] = [x / a[row][c] for x in a[row]]
        for i in range(len(a)):
            if i != row and a[i][c] != 0:
                f = a[i][c]
                a[i] = [x - f * y for x, y in zip(a[i], a[row])]
        pivots.append(c)
    if any(row[n] != 0 for row in a[len(pivots):]):
        return []
    base = [F(0)] * n
    for i, c in enumerate(pivots):
        base[c] = a[i][n]
    free = [c for c in range(n) if c not in pivots]
    directions = []
    for f in free:
        e = [F(0)] * n
        e[f] = F(1)
        for i, c in enumerate(pivots):
            e[c] = -a[i][f]
        directions.append(e)
    rows = [([sum(ci * ei for ci, ei in zip(c, e)) for e in directions], d - sum(ci * bi for ci, bi in zip(c, base)))
            for c, d in below]
    found = set()
    for tight in itertools.combinations(rows, len(free)):
        y = _unique([c for c, _ in tight], [d for _, d in tight], len(free)) if free else []
        if y is not None and all(sum(ci * yi for ci, yi in zip(c, y)) <= d for c, d in rows):
            found.add(tuple(b + sum(yi * e[j] for yi, e in zip(y, directions)) for j, b in enumerate(base)))
    return sorted(found)


def _subsets(n: int):
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def _possible(game: SignallingGame, m: int, replies: tuple, senders: tuple) -> bool:
    """Whether some ex-ante weights on the types, positive exactly on ``senders`` (on none: any belief),
    make every reply in ``replies`` optimal after ``m``: tried at every weight where two replies tie,
    between those, and at the ends."""
    v = game.receiver
    nr = len(game.responses)
    if len(senders) == 1:
        lams = [F(1) if senders[0] == 0 else F(0)]
    else:
        cuts = {F(0), F(1)}
        for r, s in itertools.combinations(range(nr), 2):
            d0, d1 = v[0][m][r] - v[0][m][s], v[1][m][r] - v[1][m][s]
            if d0 != d1 and 0 < d1 / (d1 - d0) < 1:
                cuts.add(d1 / (d1 - d0))
        cuts = sorted(cuts)
        lams = [c for c in cuts if not senders or 0 < c < 1] + [(x + y) / 2 for x, y in zip(cuts, cuts[1:])]
    for lam in lams:
        value = [lam * v[0][m][r] + (1 - lam) * v[1][m][r] for r in range(nr)]
        if all(value[r] == max(value) for r in replies):
            return True
    return False


def agent_form_vertices(game: SignallingGame) -> tuple[set[tuple], bool]:
    """The extreme points, with somebody mixing, of the sets of agent-form Nash equilibria with given supports
    (the closures: zeros allowed) whose replies off the path some belief supports: ``(sigma_0, sigma_1, rho)``
    as tuples over all messages and responses; and whether one of those sets has several points.

    The agent form has one player per type (its payoff given its type) and one per message (the receiver's
    ex-ante payoff). For supports ``S_t`` of the types and ``Q_m`` of the replies, the receiver's conditions
    (indifference within ``Q_m``, nothing better outside, weighted by ``prior * sigma``) bind only the types'
    mixing and the types' conditions only the replies', so the set is a product of two polytopes; their
    vertices are enumerated from scratch here.
    """
    nm, nr, p = len(game.messages), len(game.responses), game.prior
    u, v = game.sender, game.receiver
    found = set()
    continuum = False
    for sends in itertools.product(_subsets(nm), repeat=2):
        reached = sorted(set(sends[0]) | set(sends[1]))
        senders = {m: tuple(t for t in (0, 1) if m in sends[t]) for m in range(nm)}
        allowed = [[q for q in _subsets(nr) if _possible(game, m, q, senders[m])] for m in range(nm)]
        columns = [(t, m) for t in (0, 1) for m in sends[t]]
        for on in itertools.product(*(allowed[m] for m in reached)):
            replies = dict(zip(reached, on))
            equal = [([F(int(c[0] == t)) for c in columns], F(1)) for t in (0, 1)]
            below = [([-F(int(c == d)) for d in columns], F(0)) for c in columns]
            for m, q in replies.items():
                for r in q[1:]:
                    equal.append(([p[t] * (v[t][m][r] - v[t][m][q[0]]) if mm == m else F(0) for t, mm in columns],
                                  F(0)))
                for s in range(nr):
                    if s not in q:
                        below.append(([p[t] * (v[t][m][s] - v[t][m][q[0]]) if mm == m else F(0)
                                       for t, mm in columns], F(0)))
            mixings = corners(equal, below, len(columns))
            if not mixings:
                continue
            for off in itertools.product(*(allowed[m] for m in range(nm) if m not in replies)):
                every = {**replies, **dict(zip([m for m in range(nm) if m not in replies], off))}
                cols = [(m, r) for m in range(nm) for r in every[m]]
                n = len(cols) + 2
                equal = [([F(int(c[0] == m)) for c in cols] + [F(0), F(0)], F(1)) for m in range(nm)]
                below = [([-F(int(c == d)) for d in cols] + [F(0), F(0)], F(0)) for c in cols]
                for t in (0, 1):
                    for m in range(nm):
                        row = ([u[t][m][r] if mm == m else F(0) for mm, r in cols]
                               + [F(-int(t == 0)), F(-int(t == 1))], F(0))
                        (equal if m in sends[t] else below).append(row)
                answers = corners(equal, below, n)
                continuum = continuum or len(mixings) * len(answers) > 1
                for mixing in mixings:
                    for answer in answers:
                        sigma = [[F(0)] * nm for _ in (0, 1)]
                        for (t, m), value in zip(columns, mixing):
                            sigma[t][m] = value
                        rho = [[F(0)] * nr for _ in range(nm)]
                        for (m, r), value in zip(cols, answer):
                            rho[m][r] = value
                        profile = (tuple(sigma[0]), tuple(sigma[1]), tuple(tuple(row) for row in rho))
                        if any(0 < z < 1 for row in (*profile[:2], *profile[2]) for z in row):
                            found.add(profile)
    return found, continuum


def random_games(count: int, seed: int, shapes, payoffs: tuple[int, int] = (-2, 3)) -> list[SignallingGame]:
    """Two-type games of the given (messages, responses) shapes, integer payoffs in ``payoffs`` (a narrow
    range gives ties, hence continua, everywhere), priors w / (w + w') with w, w' in 1..4."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        nm, nr = rng.choice(shapes)
        w = [rng.randint(1, 4) for _ in range(2)]
        arrays = [[[[rng.randint(*payoffs) for _ in range(nr)] for _ in range(nm)] for _ in range(2)] for _ in range(2)]
        out.append(SignallingGame.build(["t0", "t1"], [f"m{i}" for i in range(nm)], [f"r{i}" for i in range(nr)],
                                        [F(x, sum(w)) for x in w], *arrays))
    return out


def _profile(eq, layout, game) -> tuple:
    nm = len(game.messages)
    sigma = tuple(tuple(eq.exact[layout.sender_infosets[t]]) for t in (0, 1))
    rho = tuple(tuple(eq.exact[layout.receiver_infosets[m]]) for m in range(nm))
    return (*sigma, rho)


def check_mixed(game: SignallingGame, layout, eq) -> None:
    """One listed mixed equilibrium, checked exactly from the arrays."""
    nm, nr, p = len(game.messages), len(game.responses), game.prior
    sigma0, sigma1, rho = _profile(eq, layout, game)
    sigma = (sigma0, sigma1)
    assert all(min(row) >= 0 and sum(row) == 1 for row in (*sigma, *rho))
    # each type: no message pays more than the ones it sends
    pays = [[sum(rho[m][r] * game.sender[t][m][r] for r in range(nr)) for m in range(nm)] for t in (0, 1)]
    values = [max(row) for row in pays]
    assert all(pays[t][m] == values[t] for t in (0, 1) for m in range(nm) if sigma[t][m] > 0)
    offs = {b.infoset: b for b in eq.off_path}
    sent = []
    for m in range(nm):
        k = layout.receiver_infosets[m]
        weights = [p[t] * sigma[t][m] for t in (0, 1)]
        mass = sum(weights)
        support = [r for r in range(nr) if rho[m][r] > 0]
        if mass > 0:  # Bayes' rule, and only best replies to it
            sent.append(m)
            mu = [w / mass for w in weights]
            assert tuple(eq.exact_beliefs[k]) == tuple(mu[t] for t in layout.node_types[k])
            value = [sum(mu[t] * game.receiver[t][m][r] for t in (0, 1)) for r in range(nr)]
            assert all(value[r] == max(value) for r in support)
            assert k not in offs
        else:  # the beliefs under which every reply played is optimal: the oracle's interval
            constraints = [c for r in support for c in support_constraints(game, m, r)]
            vertices = polytope_vertices(constraints, 2)
            assert vertices, "no belief supports the reply off the path"
            first = layout.node_types[k][0]
            lo, hi = min(x[first] for x in vertices), max(x[first] for x in vertices)
            assert offs[k].interval == (lo, hi) and offs[k].contains(offs[k].witness)
    types_mix = any(sum(1 for x in row if x > 0) > 1 for row in sigma)
    expected_kind = "hybrid" if types_mix else kind_of(2, [row.index(1) for row in sigma])
    assert eq.kind == expected_kind and eq.sequential is True
    assert eq.intuitive == intuitive(game, sent, values)[0]
    sender = sum(p[t] * values[t] for t in (0, 1))
    receiver = sum(p[t] * sigma[t][m] * rho[m][r] * game.receiver[t][m][r]
                   for t in (0, 1) for m in range(nm) for r in range(nr))
    assert eq.exact_payoffs[layout.sender] == sender and eq.exact_payoffs[layout.receiver] == receiver


@pytest.mark.parametrize("seed, count, shapes, payoffs", [(0, 30, [(2, 2), (2, 3), (3, 2)], (-2, 3)),
                                                           (1, 5, [(3, 3)], (-2, 3)),
                                                           (2, 10, [(2, 3), (3, 2), (3, 3)], (-9, 9))])
def test_random_games_against_the_agent_form_oracle(seed, count, shapes, payoffs):
    """The mixed equilibria listed are exactly the oracle's extreme points (each a vertex of one of the
    solver's polytopes and conversely: its cells are unions of the oracle's supports' conditions)."""
    seen_hybrid = seen_receiver = 0
    for game in random_games(count, seed, shapes, payoffs):
        tree = loads(to_toml(game), "random.toml").tree()
        again, layout = game_from_tree(tree)
        solution = solve_tree(tree, concept="pbe")
        pure = solve_tree(tree, concept="pbe", mixed=False)
        assert solution.complete and solution.count == len(solution.equilibria)
        listed = solution.equilibria
        # the pure ones first, exactly the pure search's
        assert [eq.exact for eq in listed[:len(pure.equilibria)]] == [eq.exact for eq in pure.equilibria]
        mixed = listed[len(pure.equilibria):]
        assert all(_mixed(tree, eq) for eq in mixed)
        profiles = [_profile(eq, layout, again) for eq in mixed]
        assert len(set(profiles)) == len(profiles), "listed twice"
        for eq in mixed:
            check_mixed(again, layout, eq)
        expected, continuum = agent_form_vertices(again)
        assert not expected - set(profiles), f"not listed: {expected - set(profiles)}"
        assert set(profiles) == expected
        assert solution.degenerate == continuum
        assert ("degenerate" in {w["code"] for w in solution.warnings}) == continuum
        seen_hybrid += sum(eq.kind == "hybrid" for eq in mixed)
        seen_receiver += sum(eq.kind != "hybrid" for eq in mixed)
    assert seen_hybrid and seen_receiver  # the games exercise both kinds


def test_the_oracle_finds_the_textbook_hybrid():
    game = SignallingGame.build(("weak", "strong"), ("Beer", "Quiche"), ("Duel", "Not"), (F(2, 3), F(1, 3)),
                                sender=[[[0, 2], [1, 3]], [[1, 3], [0, 2]]], receiver=[[[1, 0], [1, 0]], [[0, 1], [0, 1]]])
    assert agent_form_vertices(game) == ({((F(1, 2), F(1, 2)), (1, 0), ((F(1, 2), F(1, 2)), (1, 0)))}, False)


# ============================================================================ the edges


def _signalling_text(types: int, messages: int, responses: int) -> str:
    rng = random.Random(types * 100 + messages * 10 + responses)
    game = SignallingGame.build([f"t{i}" for i in range(types)], [f"m{i}" for i in range(messages)],
                                [f"r{i}" for i in range(responses)], [F(1, types)] * types,
                                *[[[[rng.randint(-2, 2) for _ in range(responses)] for _ in range(messages)]
                                   for _ in range(types)] for _ in range(2)])
    return to_toml(game)


def test_a_game_beyond_the_mixed_search_still_gets_its_pure_equilibria_and_says_why_no_more():
    tree = loads(_signalling_text(2, 5, 2), "big.toml").tree()
    solution = solve_tree(tree, concept="pbe")
    pure = solve_tree(tree, concept="pbe", mixed=False)
    assert [eq.exact for eq in solution.equilibria] == [eq.exact for eq in pure.equilibria]
    (note,) = [w for w in solution.warnings if w["code"] == "pure_only"]
    assert "the mixed search would be too large" in note["message"] and "at most 4" in note["message"]


def test_too_many_support_systems_leave_the_pure_ones_with_the_count(monkeypatch):
    monkeypatch.setattr(hybrid, "MAX_SYSTEMS", 10)
    tree = loads(BEER.read_text(), str(BEER)).tree()
    solution = solve_tree(tree, concept="pbe")
    (note,) = [w for w in solution.warnings if w["code"] == "pure_only"]
    assert re.search(r"would solve \d+ systems of supports \(the limit is 10\)", note["message"])
    assert len(solution.equilibria) == 2 and not any(_mixed(tree, eq) for eq in solution.equilibria)


def test_the_command_notes_the_mixed_search_it_could_not_run(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(_signalling_text(2, 5, 2))
    result = runner.invoke(app, ["solve", str(path)])
    assert result.exit_code == 0 and "the mixed search would be too large" in result.stderr


def test_three_types_say_why_only_pure_ones_are_searched():
    tree = loads(_signalling_text(3, 2, 2), "three.toml").tree()
    solution = solve_tree(tree, concept="pbe")
    (note,) = [w for w in solution.warnings if w["code"] == "pure_only"]
    assert "3 types" in note["message"]
    assert not any(_mixed(tree, eq) for eq in solution.equilibria)


def test_irrational_numbers_say_why_only_pure_ones_are_searched():
    text = BEER.read_text().replace("payoffs = [3, 1]", 'payoffs = ["2 ** 0.5 + 2", 1]')
    tree = loads(text, "beer.toml").tree()
    assert not tree.is_exact
    (note,) = [w for w in solve_tree(tree, concept="pbe").warnings if w["code"] == "pure_only"]
    assert "not all rational" in note["message"]


def test_the_sweep_follows_the_pure_equilibria_and_says_so(reassurance):
    result = sweep_tree(reassurance, parse_axis("signal_cost", reassurance))
    assert [w["code"] for w in result.warnings] == ["pure_only"]
    assert all(all(k[0] != "hybrid" for k in r.kinds) for r in result.regimes)


def test_the_json_names_the_hybrid_and_its_exact_mixing():
    result = runner.invoke(app, ["solve", "reassurance", "--set", "signal_cost=6", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    hybrids = [eq for eq in report["equilibria"] if eq["kind"] == "hybrid"]
    (bluff,) = hybrids
    us = bluff["exact"]["United States"]  # the types' information sets have no names: #1 committed, #2 fickle
    assert us == {"#1": {"Offer": "1", "Talk": "0"}, "#2": {"Offer": "2/9", "Talk": "7/9"}}
    assert bluff["exact"]["Russia"]["after_offer"] == {"Realign": "1/2", "Hedge": "1/2", "Stay": "0"}
    assert report["complete"] and report["degenerate"]
    assert {w["code"] for w in report["warnings"]} == {"mixed_searched", "degenerate"}


def test_the_table_names_the_extreme_equilibria_and_the_note():
    result = runner.invoke(app, ["solve", "reassurance", "--set", "signal_cost=6"])
    assert result.exit_code == 0, result.output
    assert "all 3 extreme perfect Bayesian equilibria" in result.stdout
    assert "mixed, hybrid, intuitive" in result.stdout
    assert "(Offer 2/9, Talk 7/9) at fickle_us" in result.stdout
    assert "note: a signalling game with two types: mixed perfect Bayesian equilibria" in result.stderr
