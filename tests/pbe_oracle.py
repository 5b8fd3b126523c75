"""A brute-force oracle for pure perfect Bayesian equilibria of two-player signalling games.

Independent of wedge's solvers: games are plain arrays, not trees, and every number is an
exact Fraction. A signalling game (:class:`SignallingGame`) has types ``T`` with a prior,
messages ``M`` and responses ``R`` (the same responses after every message);
``sender[t][m][r]`` and ``receiver[t][m][r]`` are the two players' payoffs when the sender
of type ``t`` sends ``m`` and the receiver answers ``r``.

:func:`equilibria` examines every pure sender strategy (a message per type) and every pure
receiver strategy (a response per message) and keeps the assessments that are perfect
Bayesian equilibria:

* after a message some type sends, the receiver's belief is Bayes' rule applied to the
  prior, and its response maximises its expected payoff under that belief (ties allowed);
* after a message no type sends, the belief is free: the profile is kept when at least one
  belief makes the response optimal, and the whole set of such beliefs is reported, as the
  vertices of a polytope in the simplex over types (for two types, an interval for the
  first type's probability);
* each type's message maximises its payoff given the receiver's responses.

Polytopes are handled exactly by vertex enumeration: every vertex of
``{mu in simplex : a . mu >= b for each constraint}`` is the unique solution of the
simplex equation and ``k - 1`` tight constraints (``k`` = number of types), so trying every
such choice, solving it by exact Gaussian elimination and keeping the feasible solutions
lists them all; the set is empty exactly when no vertex is found (it is bounded).

Each equilibrium is classified (separating, pooling, partially pooling) and tested against
Cho and Kreps' (1987) intuitive criterion (:func:`intuitive`). :func:`to_toml` writes a game
as a wedge tree file and :func:`game_from_tree` reads one back from a wedge ``Tree``, so
that the oracle can be set against the tree solver.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = ["Assessment", "Layout", "SignallingGame", "best_responses", "dominated_types", "equilibria",
           "game_from_tree", "intuitive", "kind_of", "polytope_vertices", "support_constraints", "support_vertices",
           "to_toml"]


@dataclass(frozen=True)
class SignallingGame:
    """A two-player signalling game in array form, every number a Fraction."""

    types: tuple[str, ...]
    messages: tuple[str, ...]
    responses: tuple[str, ...]
    prior: tuple[Fraction, ...]
    sender: tuple      # sender[t][m][r]
    receiver: tuple    # receiver[t][m][r]

    @classmethod
    def build(cls, types: Sequence[str], messages: Sequence[str], responses: Sequence[str], prior: Sequence,
              sender: Sequence, receiver: Sequence) -> SignallingGame:
        """A game from nested lists of ints, Fractions or ``"p/q"`` strings (checked for shape and prior)."""
        nt, nm, nr = len(types), len(messages), len(responses)

        def exact(array) -> tuple:
            if len(array) != nt or any(len(row) != nm or any(len(cell) != nr for cell in row) for row in array):
                raise ValueError(f"payoff array is not {nt} x {nm} x {nr}")
            return tuple(tuple(tuple(Fraction(v) for v in cell) for cell in row) for row in array)

        prior = tuple(Fraction(p) for p in prior)
        if len(prior) != nt or any(p <= 0 for p in prior) or sum(prior) != 1:
            raise ValueError(f"prior {prior} is not a full-support distribution over {nt} types")
        return cls(tuple(types), tuple(messages), tuple(responses), prior, exact(sender), exact(receiver))

    @property
    def n_types(self) -> int:
        return len(self.types)


@dataclass(frozen=True)
class Assessment:
    """One pure perfect Bayesian equilibrium.

    ``sends[t]`` is type ``t``'s message and ``answers[m]`` the response to message ``m``
    (indices). ``beliefs[m]`` is the Bayes posterior over types after an on-path message;
    ``off_path[m]`` the vertices of the set of beliefs after an off-path message under which
    ``answers[m]`` is optimal, and ``intervals[m]`` (two types only) that set as an interval
    ``(lo, hi)`` for the first type's probability. ``payoffs[t]`` is type ``t``'s payoff.
    """

    sends: tuple[int, ...]
    answers: tuple[int, ...]
    beliefs: dict[int, tuple[Fraction, ...]]
    off_path: dict[int, tuple[tuple[Fraction, ...], ...]]
    intervals: dict[int, tuple[Fraction, Fraction]]
    payoffs: tuple[Fraction, ...]
    kind: str
    intuitive: bool
    failures: tuple[tuple[int, int], ...] = field(default=())   # (message, type) pairs that break the criterion

    def named(self, game: SignallingGame) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The strategies by name: (message per type, response per message)."""
        return (tuple(game.messages[m] for m in self.sends), tuple(game.responses[r] for r in self.answers))


# ----------------------------------------------------------------------------- exact polytopes


def _solve(matrix: list[list[Fraction]], rhs: list[Fraction]) -> tuple[Fraction, ...] | None:
    """The unique solution of a square system, by exact Gaussian elimination; None when singular."""
    n = len(matrix)
    rows = [list(matrix[i]) + [rhs[i]] for i in range(n)]
    for col in range(n):
        pivot = next((i for i in range(col, n) if rows[i][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for i in range(n):
            if i != col and rows[i][col] != 0:
                factor = rows[i][col] / rows[col][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[col])]
    return tuple(rows[i][n] / rows[i][i] for i in range(n))


def polytope_vertices(constraints: Sequence[tuple[Sequence[Fraction], Fraction]], k: int
                      ) -> tuple[tuple[Fraction, ...], ...]:
    """Vertices of ``{mu in R^k : mu >= 0, sum(mu) = 1, a . mu >= b for each (a, b)}``, sorted.

    Empty exactly when the set is empty (it lies in the simplex, so it is bounded and, when
    not empty, has a vertex).
    """
    rows = [(tuple(Fraction(int(i == j)) for j in range(k)), Fraction(0)) for i in range(k)]
    rows += [(tuple(Fraction(a) for a in coefficients), Fraction(bound)) for coefficients, bound in constraints]
    found = set()
    for tight in itertools.combinations(range(len(rows)), k - 1):
        matrix = [[Fraction(1)] * k] + [list(rows[i][0]) for i in tight]
        point = _solve(matrix, [Fraction(1)] + [rows[i][1] for i in tight])
        if point is not None and all(sum(a * x for a, x in zip(coefficients, point)) >= bound
                                     for coefficients, bound in rows):
            found.add(point)
    return tuple(sorted(found))


def support_constraints(game: SignallingGame, m: int, r: int) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    """The inequalities on a belief over types under which response ``r`` is optimal after ``m``."""
    return [(tuple(game.receiver[t][m][r] - game.receiver[t][m][other] for t in range(game.n_types)), Fraction(0))
            for other in range(len(game.responses)) if other != r]


def support_vertices(game: SignallingGame, m: int, r: int, among: Sequence[int] | None = None
                     ) -> tuple[tuple[Fraction, ...], ...]:
    """Vertices of the beliefs (over all types) under which ``r`` is optimal after ``m``.

    ``among`` restricts the beliefs to those concentrated on the given types (the others get
    probability 0).
    """
    constraints = support_constraints(game, m, r)
    if among is not None:
        for t in range(game.n_types):
            if t not in among:
                constraints.append((tuple(Fraction(-int(j == t)) for j in range(game.n_types)), Fraction(0)))
    return polytope_vertices(constraints, game.n_types)


def best_responses(game: SignallingGame, m: int, among: Sequence[int] | None = None) -> tuple[int, ...]:
    """Responses to ``m`` that are optimal under some belief (concentrated on ``among``, if given)."""
    return tuple(r for r in range(len(game.responses)) if support_vertices(game, m, r, among))


# ----------------------------------------------------------------------------- equilibria


def _expected(weights: Sequence[Fraction], values: Sequence[Fraction]) -> Fraction:
    return sum((w * v for w, v in zip(weights, values)), Fraction(0))


def dominated_types(game: SignallingGame, payoffs: Sequence[Fraction], m: int) -> tuple[int, ...]:
    """Types for which message ``m`` is equilibrium-dominated.

    Type ``t`` is dominated at ``m`` when its equilibrium payoff ``payoffs[t]`` exceeds the
    most it could get from ``m`` under any response that is a best response to some belief.
    """
    answers = best_responses(game, m)
    return tuple(t for t in range(game.n_types)
                 if payoffs[t] > max(game.sender[t][m][r] for r in answers))


def intuitive(game: SignallingGame, sends: Sequence[int], payoffs: Sequence[Fraction]
              ) -> tuple[bool, tuple[tuple[int, int], ...]]:
    """Cho and Kreps' intuitive criterion: (passes, the (message, type) pairs that break it).

    For each off-path message ``m``, let ``J`` be the types for which ``m`` is not
    equilibrium-dominated. If ``J`` is not empty and some type in ``J`` gets strictly more
    than its equilibrium payoff from ``m`` under every response that is a best response to
    some belief concentrated on ``J``, the equilibrium fails. When every type is dominated
    the criterion puts no restriction on beliefs after ``m``.
    """
    failures = []
    for m in range(len(game.messages)):
        if m in sends:
            continue
        dominated = dominated_types(game, payoffs, m)
        rest = [t for t in range(game.n_types) if t not in dominated]
        if not rest:
            continue
        answers = best_responses(game, m, among=rest)
        failures += [(m, t) for t in rest if all(game.sender[t][m][r] > payoffs[t] for r in answers)]
    return not failures, tuple(failures)


def kind_of(n_types: int, sends: Sequence[int]) -> str:
    """separating (each type its own message), pooling (one message) or partially pooling."""
    distinct = len(set(sends))
    if distinct == n_types:
        return "separating"
    if distinct == 1:
        return "pooling"
    return "partially pooling"


def equilibria(game: SignallingGame) -> list[Assessment]:
    """Every pure perfect Bayesian equilibrium, in the order of (sender strategy, receiver strategy)."""
    T, M, R = range(game.n_types), range(len(game.messages)), range(len(game.responses))
    found = []
    for sends in itertools.product(M, repeat=game.n_types):
        beliefs = {}
        for m in set(sends):
            mass = [game.prior[t] if sends[t] == m else Fraction(0) for t in T]
            beliefs[m] = tuple(x / sum(mass) for x in mass)
        for answers in itertools.product(R, repeat=len(game.messages)):
            if not all(_expected(mu, [game.receiver[t][m][answers[m]] for t in T])
                       >= _expected(mu, [game.receiver[t][m][r] for t in T])
                       for m, mu in beliefs.items() for r in R):
                continue
            payoffs = tuple(game.sender[t][sends[t]][answers[sends[t]]] for t in T)
            if any(game.sender[t][m][answers[m]] > payoffs[t] for t in T for m in M):
                continue
            off_path = {m: support_vertices(game, m, answers[m]) for m in M if m not in beliefs}
            if not all(off_path.values()):
                continue
            intervals = {}
            if game.n_types == 2:
                intervals = {m: (min(v[0] for v in vs), max(v[0] for v in vs)) for m, vs in off_path.items()}
            passes, failures = intuitive(game, sends, payoffs)
            found.append(Assessment(sends, answers, beliefs, off_path, intervals, payoffs,
                                    kind_of(game.n_types, sends), passes, failures))
    return found


# ----------------------------------------------------------------------------- trees


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else _quote(f"{value.numerator}/{value.denominator}")


def to_toml(game: SignallingGame, title: str = "Signalling game", players: tuple[str, str] = ("Sender", "Receiver")
            ) -> str:
    """The game as a wedge tree file: chance draws the type, the sender moves, the receiver answers.

    Node ids: ``nature`` (the root), ``sender_T`` (type ``T``'s move, a singleton information
    set), ``receiver_T_M`` (the receiver after type ``T`` sent ``M``, in information set
    ``after_M`` with the other types' nodes after ``M``); outcomes ``end_T_M_R``. Type,
    message and response names must be usable in ids (letters, digits, ``_``, ``-``).
    """
    sender, receiver = players
    lines = [f"title = {_quote(title)}", "", "[[players]]", f"name = {_quote(sender)}", "", "[[players]]",
             f"name = {_quote(receiver)}", ""]

    def table(pairs) -> str:
        return "{ " + ", ".join(f"{_quote(a)} = {_quote(b)}" for a, b in pairs) + " }"

    lines += ["[[nodes]]", 'id = "nature"', "probabilities = [" + ", ".join(_quote(str(p)) for p in game.prior) + "]",
              "actions = " + table((t, f"sender_{t}") for t in game.types), ""]
    for t in game.types:
        lines += ["[[nodes]]", f'id = "sender_{t}"', f"player = {_quote(sender)}",
                  "actions = " + table((m, f"receiver_{t}_{m}") for m in game.messages), ""]
    for t in game.types:
        for m in game.messages:
            lines += ["[[nodes]]", f'id = "receiver_{t}_{m}"', f"player = {_quote(receiver)}", f'infoset = "after_{m}"',
                      "actions = " + table((r, f"end_{t}_{m}_{r}") for r in game.responses), ""]
    for i, t in enumerate(game.types):
        for j, m in enumerate(game.messages):
            for k, r in enumerate(game.responses):
                lines += ["[[outcomes]]", f'id = "end_{t}_{m}_{r}"',
                          f"payoffs = [{_number(game.sender[i][j][k])}, {_number(game.receiver[i][j][k])}]", ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class Layout:
    """Where a signalling game sits in a tree.

    ``sender_infosets[t]`` is type ``t``'s information set; ``receiver_infosets[m]`` the
    receiver's after message ``m``; ``node_types[k]`` gives, for receiver information set
    ``k``, the type behind each of its nodes, in the order of ``tree.infosets[k].nodes``.
    ``sender`` and ``receiver`` are the players' indices.
    """

    sender: int
    receiver: int
    sender_infosets: tuple[int, ...]
    receiver_infosets: tuple[int, ...]
    node_types: dict[int, tuple[int, ...]]


def game_from_tree(tree) -> tuple[SignallingGame, Layout]:
    """Read a signalling game back from a rational wedge ``Tree`` (root chance, sender, receiver, terminals).

    Uses only the tree's public structure (nodes, infosets, exact probabilities and terminal
    payoffs). Raises ValueError when the tree is not a two-player signalling game with the
    same messages for every type and the same responses after every message.
    """
    nodes, infosets = tree.nodes, tree.infosets
    root = nodes[0]
    if root.kind != "chance" or tree.n_players != 2 or not tree.is_exact:
        raise ValueError("not a rational two-player tree with chance at the root")
    prior = tree.exact_probabilities[root.infoset]
    types = root.actions
    sender_nodes = root.children
    sender = infosets[nodes[sender_nodes[0]].infoset].player
    messages = nodes[sender_nodes[0]].actions
    exact_rows = tree.terminal_payoffs()[1]
    row_of = {node: i for i, node in enumerate(tree.skeleton.terminals)}
    responses = None
    pay_s, pay_r = [], []
    receiver_infosets: list[int | None] = [None] * len(messages)
    node_types: dict[int, list[int | None]] = {}
    for t, s in enumerate(sender_nodes):
        node = nodes[s]
        if node.kind != "decision" or infosets[node.infoset].player != sender or node.actions != messages \
                or len(infosets[node.infoset].nodes) != 1:
            raise ValueError(f"type {types[t]!r} does not move once, alone in its information set, with the same messages")
        row_s, row_r = [], []
        for m, c in enumerate(node.children):
            answer = nodes[c]
            k = answer.infoset
            if answer.kind != "decision" or infosets[k].player == sender:
                raise ValueError("the receiver does not answer every message")
            if receiver_infosets[m] not in (None, k):
                raise ValueError(f"message {messages[m]!r} leads to several receiver information sets")
            receiver_infosets[m] = k
            node_types.setdefault(k, [None] * len(infosets[k].nodes))[infosets[k].nodes.index(c)] = t
            if responses is None:
                responses = answer.actions
            if answer.actions != responses:
                raise ValueError("the responses differ between messages")
            if any(nodes[end].kind != "terminal" for end in answer.children):
                raise ValueError("the game does not end after the receiver's answer")
            row_s.append([exact_rows[row_of[end]][sender] for end in answer.children])
            row_r.append([exact_rows[row_of[end]][1 - sender] for end in answer.children])
        pay_s.append(row_s)
        pay_r.append(row_r)
    if len(set(receiver_infosets)) != len(messages) or any(None in v for v in node_types.values()):
        raise ValueError("the receiver's information sets do not group the nodes after each message")
    game = SignallingGame.build(types, messages, responses, prior, pay_s, pay_r)
    layout = Layout(sender, 1 - sender, tuple(nodes[s].infoset for s in sender_nodes), tuple(receiver_infosets),
                    {k: tuple(v) for k, v in node_types.items()})
    return game, layout
