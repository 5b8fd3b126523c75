"""Mixed perfect Bayesian equilibria of signalling games with two types, found exactly.

In a signalling game (:func:`~wedge_cli.solve.tree.signalling.signalling_structure`) with
two types, rational payoffs and a prior that gives both types positive probability, this
module lists every perfect Bayesian equilibrium in which somebody randomises: a type over
its messages (a *hybrid*, or semi-separating, equilibrium), the receiver over its
responses at some information set, or both. The pure ones are
:mod:`~wedge_cli.solve.tree.pbe`'s.

The method is support enumeration, split in two by the game's structure. With two types
the receiver's belief after message ``m`` is one number, ``mu(m)``, the probability of
the first type, and each response's expected payoff is linear in it; so the beliefs at
which a set ``Q`` of responses are all best replies form a closed interval. Cut ``[0, 1]``
at every belief where two responses tie: the *cells* are the cut points and the open
intervals between them, each with its set of best replies. Then, for every pair of
supports ``S_1, S_2`` (the messages each type sends) and, at each of the receiver's
information sets, every cell that can hold there:

* after a message both types send, the cell's interval ``lo <= mu <= hi`` is linear in the
  types' mixing, ``p_1 s_1(m) (1 - lo) >= lo p_2 s_2(m)`` and its mirror (an equation
  when the cell is a point: the receiver's indifference pins the belief);
* after a message only one type sends, the belief is that type, and after a message
  nobody sends it is free; there the receiver mixes over the best replies to one belief
  (the largest such sets suffice: smaller ones are faces of them);
* each type is indifferent among the messages it sends and does not prefer another:
  equations and inequalities linear in the receiver's mixing.

The first condition constrains only the types' mixing, the last only the receiver's, so
each choice of supports and cells gives two polytopes, whose vertices are found exactly
(Fractions: :func:`wedge_cli.algebra.polytope.polytope_vertices`), and its equilibria
are their product. Every point of every such polytope is an equilibrium, every equilibrium
lies in one, and an equilibrium that is isolated is a vertex of each polytope holding
it. So the vertices, verified one by one against every condition (each type's message,
the receiver's reply at every information set under Bayes' rule or some belief), are
all the isolated mixed equilibria and the extreme points of the continua; a polytope of
more than one point is a continuum, and the solution says so. Off-path beliefs,
the kind of equilibrium and the intuitive criterion are reported as for pure ones.

The search covers at most :data:`MAX_MESSAGES` messages per type and
:data:`MAX_RESPONSES` responses per information set, and at most :data:`MAX_SYSTEMS`
choices of supports and cells; beyond, :class:`~wedge_cli.errors.GameTooLargeError`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from wedge_cli.algebra.polytope import TooManyBasesError, polytope_vertices
from wedge_cli.errors import GameTooLargeError, SolveError
from wedge_cli.solve.tree.behavior import chance_behavior, play
from wedge_cli.solve.tree.belief_sets import belief_set
from wedge_cli.solve.tree.result import TreeEquilibrium
from wedge_cli.solve.tree.signalling import Signalling, classify, passes_intuitive
from wedge_cli.tree import TERMINAL, Tree

__all__ = ["MAX_MESSAGES", "MAX_RESPONSES", "MAX_SYSTEMS", "HybridSearch", "solve_hybrid", "unsearched"]

MAX_MESSAGES = 4
"""Most messages (actions) of one type in a game whose mixed equilibria are searched."""

MAX_RESPONSES = 4
"""Most responses of the receiver at one information set in such a game."""

MAX_SYSTEMS = 60_000
"""Most choices of supports and cells (each a pair of small linear systems) examined for one game."""

MAX_BASES = 200_000
"""Most bases tried when one linear system leaves freedom (a continuum) and its vertices are enumerated."""

HYBRID = "hybrid"


@dataclass(frozen=True)
class HybridSearch:
    """What the search found: the mixed equilibria (sorted), and how many continua there are.

    ``continua`` counts the convex sets of equilibria with several extreme points (those
    that no larger one contains); their extreme points that are mixed are in
    ``equilibria``, those that are pure among the pure equilibria. ``systems`` is how
    many choices of supports and cells were solved.
    """

    equilibria: tuple[TreeEquilibrium, ...]
    continua: int
    systems: int


def unsearched(tree: Tree, structure: Signalling | None) -> str | None:
    """Why the mixed perfect Bayesian equilibria of ``tree`` are not searched, or None when they are."""
    if structure is None:
        return ("the tree is not a signalling game (chance draws the sender's type at the root, the sender "
                "moves once, the receiver answers and the game ends)")
    if len(structure.types) != 2:
        return f"the signalling game has {len(structure.types)} types, and mixed equilibria are searched for two"
    if not tree.is_exact:
        return "its payoffs or chance probabilities are not all rational, and mixed equilibria are solved exactly"
    if not structure.full_support:
        return "a type has prior probability 0"
    return None


# ----------------------------------------------------------------------------- the game as arrays


@dataclass(frozen=True)
class _Move:
    """One action of one type: the receiver's information set it reaches (its position in
    ``_Game.answers``, and the node's position in the set) or, when it ends the game, the payoff."""

    answer: int | None
    node: int
    payoff: Fraction


@dataclass(frozen=True)
class _Answer:
    """A receiver information set: the type behind each node and both players' payoffs ``[node][response]``."""

    infoset: int
    types: tuple[int, ...]
    sender: tuple[tuple[Fraction, ...], ...]
    receiver: tuple[tuple[Fraction, ...], ...]

    @property
    def width(self) -> int:
        return len(self.sender[0])

    def node_of(self, t: int) -> int:
        return self.types.index(t)

    def best(self, mu: Fraction) -> tuple[int, ...]:
        """The best replies to belief ``mu`` on type 0 (a set of two nodes) or to the one node."""
        if len(self.types) == 1:
            values = self.receiver[0]
        else:
            a, b = self.receiver[self.node_of(0)], self.receiver[self.node_of(1)]
            values = tuple(mu * x + (1 - mu) * y for x, y in zip(a, b))
        top = max(values)
        return tuple(r for r, v in enumerate(values) if v == top)


@dataclass(frozen=True)
class _Game:
    tree: Tree
    structure: Signalling
    prior: tuple[Fraction, Fraction]
    moves: tuple[tuple[_Move, ...], tuple[_Move, ...]]
    answers: tuple[_Answer, ...]


def _game(tree: Tree, structure: Signalling) -> _Game:
    nodes, infosets = tree.nodes, tree.infosets
    exact = tree.terminal_payoffs()[1]
    totals = {i: tuple(exact[r]) for r, i in enumerate(tree.skeleton.terminals)}
    s, receiver = structure.sender, structure.receiver
    type_of = {node: t for t, node in enumerate(structure.types)}
    keys = sorted({nodes[c].infoset for t in structure.types for c in nodes[t].children if nodes[c].kind != TERMINAL})
    answers = []
    for k in keys:
        members = infosets[k].nodes
        answers.append(_Answer(k, tuple(type_of[nodes[x].parent] for x in members),
                               tuple(tuple(totals[c][s] for c in nodes[x].children) for x in members),
                               tuple(tuple(totals[c][receiver] for c in nodes[x].children) for x in members)))
    moves = []
    for t in structure.types:
        row = []
        for c in nodes[t].children:
            if nodes[c].kind == TERMINAL:
                row.append(_Move(None, 0, totals[c][s]))
            else:
                row.append(_Move(keys.index(nodes[c].infoset), infosets[nodes[c].infoset].nodes.index(c), Fraction(0)))
        moves.append(tuple(row))
    root = nodes[0].infoset
    prior = tuple(Fraction(p) for p in tree.exact_probabilities[root])
    return _Game(tree, structure, (prior[0], prior[1]), (moves[0], moves[1]), tuple(answers))


# ----------------------------------------------------------------------------- cells


@dataclass(frozen=True)
class _Cells:
    """Where the receiver can stand at one information set.

    ``shared``: ``(lo, hi, replies)`` for a message both types send (the belief on type 0
    in ``[lo, hi]``, the receiver mixing over ``replies``); ``alone[t]``: the best replies
    when only type ``t`` sends it; ``unsent``: the largest sets of best replies to one belief.
    """

    shared: tuple[tuple[Fraction, Fraction, tuple[int, ...]], ...]
    alone: tuple[tuple[int, ...], tuple[int, ...]]
    unsent: tuple[tuple[int, ...], ...]


def _cells(answer: _Answer) -> _Cells:
    if len(answer.types) == 1:
        best = answer.best(Fraction(1))
        return _Cells((), (best, best), (best,))
    a, b = answer.receiver[answer.node_of(0)], answer.receiver[answer.node_of(1)]
    points = {Fraction(0), Fraction(1)}
    for r, s in itertools.combinations(range(answer.width), 2):
        da, db = a[r] - a[s], b[r] - b[s]
        if da != db:  # mu da + (1 - mu) db = 0
            mu = Fraction(db) / (db - da)
            if 0 < mu < 1:
                points.add(mu)
    cuts = sorted(points)
    at = [answer.best(z) for z in cuts]
    between = [answer.best((x + y) / 2) for x, y in zip(cuts, cuts[1:])]
    shared: list[tuple[Fraction, Fraction, tuple[int, ...]]] = []
    for i, replies in enumerate(between):
        if shared and shared[-1][2] == replies:
            shared[-1] = (shared[-1][0], cuts[i + 1], replies)
        else:
            shared.append((cuts[i], cuts[i + 1], replies))
    for i in range(1, len(cuts) - 1):
        if at[i] != between[i - 1] and at[i] != between[i]:
            shared.append((cuts[i], cuts[i], at[i]))
    unsent = [q for q in dict.fromkeys(at) if not any(set(q) < set(other) for other in at)]
    return _Cells(tuple(shared), (at[-1], at[0]), tuple(unsent))


# ----------------------------------------------------------------------------- polytopes


def _vertices(equations: list, bounds: list, n: int) -> list[tuple[Fraction, ...]]:
    try:
        return polytope_vertices(equations, bounds, n, MAX_BASES)
    except TooManyBasesError:
        raise GameTooLargeError(f"a continuum of mixed perfect Bayesian equilibria has more than {MAX_BASES:,} "
                                "candidate extreme points to try",
                                hint="use --concept spe or --concept nash, or give the players fewer actions") from None


def _dot(a: Sequence, b: Sequence):
    return sum((x * y for x, y in zip(a, b)), Fraction(0))


def _mixing(game: _Game, sends: tuple[tuple[int, ...], tuple[int, ...]], cells: dict[int, tuple]
            ) -> list[tuple[Fraction, ...]]:
    """The vertices of the types' mixing (over ``sends[0]``, then ``sends[1]``) that keep the belief
    after each message both send inside its cell's interval (``cells[answer] = (lo, hi, replies)``)."""
    n = len(sends[0]) + len(sends[1])
    column = {(0, a): i for i, a in enumerate(sends[0])} | {(1, a): len(sends[0]) + i for i, a in enumerate(sends[1])}
    equations = []
    for t in (0, 1):
        row = [Fraction(0)] * n
        for a in sends[t]:
            row[column[(t, a)]] = Fraction(1)
        equations.append((row, Fraction(1)))
    bounds = []
    for j in range(n):
        row = [Fraction(0)] * n
        row[j] = Fraction(-1)
        bounds.append((row, Fraction(0)))
    p0, p1 = game.prior
    for q, (lo, hi, _) in cells.items():
        a0, a1 = (next(a for a in sends[t] if game.moves[t][a].answer == q) for t in (0, 1))
        i0, i1 = column[(0, a0)], column[(1, a1)]
        if lo == hi:  # (1 - lo) p0 s0 = lo p1 s1
            row = [Fraction(0)] * n
            row[i0], row[i1] = (1 - lo) * p0, -lo * p1
            equations.append((row, Fraction(0)))
            continue
        if lo > 0:  # lo p1 s1 - (1 - lo) p0 s0 <= 0
            row = [Fraction(0)] * n
            row[i0], row[i1] = -(1 - lo) * p0, lo * p1
            bounds.append((row, Fraction(0)))
        if hi < 1:  # (1 - hi) p0 s0 - hi p1 s1 <= 0
            row = [Fraction(0)] * n
            row[i0], row[i1] = (1 - hi) * p0, -hi * p1
            bounds.append((row, Fraction(0)))
    return _vertices(equations, bounds, n)


def _replies(game: _Game, sends: tuple[tuple[int, ...], tuple[int, ...]], replies: tuple[tuple[int, ...], ...]
             ) -> list[tuple[Fraction, ...]]:
    """The vertices of the receiver's mixing (over ``replies[q]`` at each information set with two or
    more, in order) and the types' values ``V_0, V_1``: each type indifferent among its messages
    ``sends[t]``, none better off with another."""
    column: dict[tuple[int, int], int] = {}
    for q, chosen in enumerate(replies):
        if len(chosen) > 1:
            for r in chosen:
                column[(q, r)] = len(column)
    n = len(column) + 2
    equations, bounds = [], []
    for q, chosen in enumerate(replies):
        if len(chosen) > 1:
            row = [Fraction(0)] * n
            for r in chosen:
                row[column[(q, r)]] = Fraction(1)
            equations.append((row, Fraction(1)))
    for j in range(len(column)):
        row = [Fraction(0)] * n
        row[j] = Fraction(-1)
        bounds.append((row, Fraction(0)))
    for t in (0, 1):
        for a, move in enumerate(game.moves[t]):
            row = [Fraction(0)] * n
            row[n - 2 + t] = Fraction(-1)
            constant = move.payoff
            if move.answer is not None:
                chosen, pays = replies[move.answer], game.answers[move.answer].sender[move.node]
                if len(chosen) == 1:
                    constant = pays[chosen[0]]
                else:
                    for r in chosen:
                        row[column[(move.answer, r)]] = pays[r]
            (equations if a in sends[t] else bounds).append((row, -constant))
    return _vertices(equations, bounds, n)


# ----------------------------------------------------------------------------- the search


def _subsets(n: int) -> list[tuple[int, ...]]:
    return [c for size in range(1, n + 1) for c in itertools.combinations(range(n), size)]


def _options(game: _Game, cells: list[_Cells], sends: tuple[tuple[int, ...], tuple[int, ...]]
             ) -> list[tuple[bool, tuple]]:
    """At each information set: (whether both types send its message, the cells that can hold there)."""
    out = []
    for q, answer in enumerate(game.answers):
        senders = [t for t in (0, 1) if any(game.moves[t][a].answer == q for a in sends[t])]
        if len(answer.types) == 1:
            out.append((False, ((None, None, cells[q].alone[0]),)))
        elif len(senders) == 2:
            out.append((True, cells[q].shared))
        elif senders:
            out.append((False, ((None, None, cells[q].alone[senders[0]]),)))
        else:
            out.append((False, tuple((None, None, r) for r in cells[q].unsent)))
    return out


def solve_hybrid(tree: Tree, structure: Signalling) -> HybridSearch:
    """Every mixed perfect Bayesian equilibrium of a two-type signalling game (module docstring).

    The caller checks :func:`unsearched` first.

    Raises
    ------
    GameTooLargeError
        More than :data:`MAX_MESSAGES` messages for a type, :data:`MAX_RESPONSES` responses at
        an information set, or :data:`MAX_SYSTEMS` choices of supports and cells.
    """
    game = _game(tree, structure)
    messages = max(len(m) for m in game.moves)
    responses = max((a.width for a in game.answers), default=0)
    if messages > MAX_MESSAGES or responses > MAX_RESPONSES:
        raise GameTooLargeError(
            f"this two-type signalling game has up to {messages} messages per type and {responses} responses per "
            f"message; mixed perfect Bayesian equilibria are searched for at most {MAX_MESSAGES} and "
            f"{MAX_RESPONSES}", hint="use --concept spe or --concept nash, or give the players fewer actions")
    cells = [_cells(a) for a in game.answers]
    plans = []
    total = 0
    for sends in itertools.product(*(_subsets(len(m)) for m in game.moves)):
        options = _options(game, cells, sends)
        total += math.prod(len(o) for _, o in options)
        plans.append((sends, options))
    if total > MAX_SYSTEMS:
        raise GameTooLargeError(
            f"the search for mixed perfect Bayesian equilibria would solve {total:,} systems of supports "
            f"(the limit is {MAX_SYSTEMS:,})", hint="use --concept spe or --concept nash, or give the players fewer "
                                                    "actions")
    decisions = [k for k, info in enumerate(tree.infosets) if info.player is not None]
    found: dict[tuple, TreeEquilibrium | None] = {}  # every vertex, verified; None for the pure ones
    sets: list[frozenset] = []
    for sends, options in plans:
        shared = tuple(q for q, (both, _) in enumerate(options) if both)
        mixings: dict[tuple, list] = {}
        for picked in itertools.product(*(o for _, o in options)):
            replies = tuple(c[2] for c in picked)
            answers = _replies(game, sends, replies)  # usually the stricter system: solved first
            if not answers:
                continue
            here = tuple(picked[q] for q in shared)
            if here not in mixings:
                mixings[here] = _mixing(game, sends, dict(zip(shared, here)))
            keys = set()
            for mixing in mixings[here]:
                for answer in answers:
                    exact, sender_rows = _assemble(game, sends, replies, mixing, answer)
                    key = tuple(exact[k] for k in decisions)
                    keys.add(key)
                    if key not in found:
                        found[key] = _equilibrium(game, exact, sender_rows)
            if len(keys) > 1:
                sets.append(frozenset(keys))
    maximal = {s for s in sets if not any(s < other for other in sets)}
    ordered = tuple(found[key] for key in sorted(found, reverse=True) if found[key] is not None)
    return HybridSearch(ordered, len(maximal), total)


def _assemble(game: _Game, sends, replies, mixing: tuple, answer: tuple) -> tuple[tuple, list]:
    """The exact behaviour profile of a pair of vertices (chance included) and the types' rows."""
    tree, structure = game.tree, game.structure
    exacts = chance_behavior(tree, True)[1]
    zero = Fraction(0)
    it = iter(mixing)
    sender_rows = []
    for t in (0, 1):
        row = [zero] * len(game.moves[t])
        for a in sends[t]:
            row[a] = next(it)
        sender_rows.append(tuple(row))
        exacts[tree.nodes[structure.types[t]].infoset] = tuple(row)
    it = iter(answer)
    for q, chosen in enumerate(replies):
        row = [zero] * game.answers[q].width
        if len(chosen) == 1:
            row[chosen[0]] = Fraction(1)
        else:
            for r in chosen:
                row[r] = next(it)
        exacts[game.answers[q].infoset] = tuple(row)
    return tuple(exacts), sender_rows


def _equilibrium(game: _Game, exact: tuple, sender_rows: list) -> TreeEquilibrium | None:
    """The equilibrium of an exact behaviour profile, with its beliefs, kind and criterion, once every
    condition is verified; None when nobody mixes (the pure search lists it)."""
    tree, structure = game.tree, game.structure
    receiver_rows = [exact[a.infoset] for a in game.answers]
    values = []
    for t in (0, 1):
        pays = []
        for move in game.moves[t]:
            if move.answer is None:
                pays.append(move.payoff)
            else:
                pays.append(_dot(receiver_rows[move.answer], game.answers[move.answer].sender[move.node]))
        best = max(pays)
        if any(p > 0 and u != best for p, u in zip(sender_rows[t], pays)):
            raise SolveError(f"internal error: a type's mixing in a candidate equilibrium is not a best reply "
                             f"({sender_rows[t]}, payoffs {pays})")
        values.append(best)
    beliefs: dict[int, tuple[Fraction, ...]] = {}
    off_path = []
    sent = set()
    for q, answer in enumerate(game.answers):
        weights = []
        for t in answer.types:
            a = next(a for a, m in enumerate(game.moves[t]) if m.answer == q)
            weights.append(game.prior[t] * sender_rows[t][a])
        mass = sum(weights)
        row = receiver_rows[q]
        if mass > 0 or len(answer.types) == 1:
            belief = tuple(w / mass for w in weights) if mass > 0 else (Fraction(1),)
            expected = [_dot(belief, [answer.receiver[j][r] for j in range(len(belief))]) for r in range(answer.width)]
            top = max(expected)
            if any(p > 0 and e != top for p, e in zip(row, expected)):
                raise SolveError("internal error: the receiver's mixing in a candidate equilibrium is not a best "
                                 f"reply at information set {answer.infoset}")
            if mass > 0:
                sent.add(("infoset", answer.infoset))
                if len(answer.types) > 1:
                    beliefs[answer.infoset] = belief
            continue
        mine = tuple(_dot(row, pays) for pays in answer.receiver)
        options = [tuple(pays[r] for pays in answer.receiver) for r in range(answer.width)]
        support = belief_set(tree, True, answer.infoset, mine, options, 0.0)
        if support is None:
            raise SolveError("internal error: no belief supports the receiver's mixing in a candidate equilibrium at "
                             f"information set {answer.infoset}")
        off_path.append(support)
    if all(x in (0, 1) for k, info in enumerate(tree.infosets) if info.player is not None for x in exact[k]):
        return None  # pure, verified: the pure search lists it
    floats = [tuple(float(x) for x in row) for row in exact]
    reached = play(tree, tuple(floats), exact)
    if any(sum(1 for p in row if p > 0) > 1 for row in sender_rows):
        kind = HYBRID
    else:
        choice = {tree.nodes[structure.types[t]].infoset: sender_rows[t].index(1) for t in (0, 1)}
        kind = classify(tree, structure, choice)
    verdict = passes_intuitive(tree, structure, dict(zip(structure.types, values)), sent)
    return TreeEquilibrium(behavior=tuple(floats), exact=exact, payoffs=reached.payoffs,
                           exact_payoffs=reached.exact_payoffs, path=reached.path,
                           beliefs={k: tuple(float(b) for b in bs) for k, bs in beliefs.items()},
                           exact_beliefs=beliefs, subgame_perfect=True,
                           off_path=tuple(sorted(off_path, key=lambda b: b.infoset)), kind=kind, intuitive=verdict,
                           sequential=True)
