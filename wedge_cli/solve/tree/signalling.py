"""Signalling games inside trees: recognise them, classify their equilibria, apply the intuitive criterion.

A tree is a *signalling game* when chance at the root draws the sender's type; each type's
node is a singleton information set of the sender (it knows its type), who moves once;
each move either ends the game or reaches the receiver, whose information sets group
nodes of different types (it sees the move, not the type), and whose moves end the game.
The receiver's information set reached is the *message*.

For a pure profile of such a game:

* :func:`classify` -- *separating* when every type sends its own message, *pooling* when
  all send the same one, *partially pooling* otherwise (three or more types);
* :func:`intuitive` -- the intuitive criterion of Cho & Kreps (1987, "Signaling games and
  stable equilibria", QJE 102:179-221): for a message nobody sends, drop the types for
  which it is *equilibrium dominated* (even the receiver's most favourable best reply to
  any belief pays them less than the equilibrium); the equilibrium fails when some
  remaining type would gain from the message under *every* best reply of the receiver
  to beliefs on the remaining types. :func:`passes_intuitive` applies it to any
  equilibrium, mixed ones included, from the types' equilibrium payoffs.

A pure receiver reply is a best reply to some belief over a set of types exactly when the
matrix game "belief against alternative reply" has a value ``>= 0``
(:func:`wedge_cli.algebra.lp.matrix_game`); the extremes over mixed best replies are
reached at pure ones, so pure replies suffice.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from wedge_cli.algebra.lp import matrix_game
from wedge_cli.algebra.polynomials import minors
from wedge_cli.tree import CHANCE, DECISION, TERMINAL, Tree

__all__ = ["MessageTest", "Signalling", "classify", "intuitive", "intuitive_quantities", "intuitive_tests",
           "message_tests", "passes_intuitive", "reply_minors", "signalling_structure"]


@dataclass(frozen=True)
class Signalling:
    """The roles in a signalling game: ``types[t]`` is type ``t``'s sender node (a child of the root)."""

    sender: int
    receiver: int
    types: tuple[int, ...]
    full_support: bool


def signalling_structure(tree: Tree) -> Signalling | None:
    """The :class:`Signalling` roles of ``tree``, or None when it is not a signalling game."""
    nodes, infosets = tree.nodes, tree.infosets
    root = nodes[0]
    if root.kind != CHANCE or len(root.children) < 2:
        return None
    types = root.children
    first = nodes[types[0]]
    if first.kind != DECISION:
        return None
    sender = infosets[first.infoset].player
    receiver = None
    for t in types:
        node = nodes[t]
        if node.kind != DECISION or infosets[node.infoset].player != sender or len(infosets[node.infoset].nodes) != 1:
            return None
        for c in node.children:
            child = nodes[c]
            if child.kind == TERMINAL:
                continue
            if child.kind != DECISION:
                return None
            player = infosets[child.infoset].player
            if player == sender or (receiver is not None and player != receiver):
                return None
            receiver = player
            if any(nodes[g].kind != TERMINAL for g in child.children):
                return None
            if len({nodes[x].parent for x in infosets[child.infoset].nodes}) != len(infosets[child.infoset].nodes):
                return None  # the receiver tells two moves of one type apart only by their infoset
    if receiver is None:
        return None
    members = set(types)
    for t in types:
        for c in nodes[t].children:
            if nodes[c].kind == DECISION and any(nodes[x].parent not in members
                                                 for x in infosets[nodes[c].infoset].nodes):
                return None
    prior = tree.probabilities[root.infoset]
    return Signalling(sender, receiver, tuple(types), all(p > 0 for p in prior))


def _message(tree: Tree, t: int, choice: dict[int, int]) -> tuple:
    """What the receiver sees of type node ``t``'s move: its infoset, or the end of the game."""
    node = tree.nodes[t]
    a = choice[node.infoset]
    child = tree.nodes[node.children[a]]
    return ("infoset", child.infoset) if child.kind == DECISION else ("end", node.actions[a])


def classify(tree: Tree, structure: Signalling, choice: dict[int, int]) -> str:
    """``"separating"``, ``"pooling"`` or ``"partially pooling"`` for the pure profile ``choice``."""
    distinct = len({_message(tree, t, choice) for t in structure.types})
    if distinct == len(structure.types):
        return "separating"
    if distinct == 1:
        return "pooling"
    return "partially pooling"


def _best_replies(senders: list[int], replies: dict[int, list], n_actions: int) -> list[int]:
    """The receiver's pure replies that are best replies to some belief over ``senders``."""
    out = []
    for r in range(n_actions):
        others = [s for s in range(n_actions) if s != r]
        if not others:
            return [r]
        rows = [[replies[t][r] - replies[t][s] for s in others] for t in senders]
        if matrix_game(rows).value >= 0:
            out.append(r)
    return out


def _totals(tree: Tree) -> dict[int, tuple]:
    """Each terminal's payoffs (exact when rational), keyed by node."""
    floats, exact = tree.terminal_payoffs()
    totals = exact if exact is not None else floats
    return {i: tuple(totals[r]) for r, i in enumerate(tree.skeleton.terminals)}


def _equilibrium_payoffs(tree: Tree, structure: Signalling, choice: dict[int, int], totals: dict) -> dict:
    """Each type's payoff (the sender's) in the pure profile ``choice``."""
    nodes = tree.nodes

    def end(i: int) -> int:
        while nodes[i].kind != TERMINAL:
            i = nodes[i].children[choice[nodes[i].infoset]]
        return i

    return {t: totals[end(t)][structure.sender] for t in structure.types}


def _receiver_infosets(tree: Tree, structure: Signalling) -> list[int]:
    nodes = tree.nodes
    return sorted({nodes[c].infoset for t in structure.types for c in nodes[t].children
                   if nodes[c].kind == DECISION})


def intuitive_quantities(tree: Tree, structure: Signalling, choice: dict[int, int]) -> list:
    """For :func:`~wedge_cli.solve.tree.pbe.critical_quantities`: each type's equilibrium payoff
    minus what each reply to each message would pay it (the comparisons of the criterion)."""
    totals = _totals(tree)
    equilibrium = _equilibrium_payoffs(tree, structure, choice, totals)
    out = []
    for m in _receiver_infosets(tree, structure):
        for x in tree.infosets[m].nodes:
            t = tree.nodes[x].parent
            out.extend(equilibrium[t] - totals[c][structure.sender] for c in tree.nodes[x].children)
    return out


def reply_minors(tree: Tree, structure: Signalling) -> list:
    """For :func:`~wedge_cli.solve.tree.pbe.critical_quantities`: the minors that decide which
    replies are best replies to some belief over a set of types (the same for every profile)."""
    totals = _totals(tree)
    out = []
    for m in _receiver_infosets(tree, structure):
        info = tree.infosets[m]
        for r in range(len(info.actions)):
            rows = [tuple(totals[tree.nodes[x].children[r]][structure.receiver]
                          - totals[tree.nodes[x].children[s]][structure.receiver] for x in info.nodes)
                    for s in range(len(info.actions)) if s != r]
            if rows:
                out.extend(minors(rows + [tuple(1 for _ in info.nodes)]))
    return out


@dataclass(frozen=True)
class MessageTest:
    """The intuitive criterion at one message nobody sends in a pure profile (module docstring).

    ``infoset`` is the receiver's information set (the message); ``senders`` the type
    nodes that can send it, in the infoset's order; ``equilibrium[j]`` what sender
    ``j`` gets in the profile; ``payoffs[j][r]`` what it would get from the message if
    the receiver answered with action ``r``; ``replies`` the receiver's actions that are
    a best reply to some belief over every sender; ``dominated`` the senders for which
    the message is equilibrium dominated (even the best of ``replies`` pays them less
    than ``equilibrium``); ``narrow`` the receiver's best replies to some belief over
    the other senders (empty when no sender, or every sender, is dominated: the
    criterion then rules nothing out); ``breaks`` the remaining senders that would gain
    from the message under every reply in ``narrow``. The profile fails the criterion
    at this message when ``breaks`` is not empty. Payoffs are Fractions for rational
    trees, else floats.
    """

    infoset: int
    senders: tuple[int, ...]
    equilibrium: tuple
    payoffs: tuple[tuple, ...]
    replies: tuple[int, ...]
    dominated: tuple[int, ...]
    narrow: tuple[int, ...]
    breaks: tuple[int, ...]


def intuitive_tests(tree: Tree, structure: Signalling, choice: dict[int, int], tol: float = 0.0
                    ) -> tuple[MessageTest, ...]:
    """The intuitive criterion at each message that no type sends under the pure profile ``choice``,
    in the order of the receiver's information sets."""
    equilibrium = _equilibrium_payoffs(tree, structure, choice, _totals(tree))
    return message_tests(tree, structure, equilibrium, {_message(tree, t, choice) for t in structure.types}, tol)


def message_tests(tree: Tree, structure: Signalling, equilibrium: Mapping[int, object], sent: Collection[tuple],
                  tol: float = 0.0) -> tuple[MessageTest, ...]:
    """The intuitive criterion at each message not in ``sent``, for any equilibrium, mixed ones included.

    The criterion needs only each type's equilibrium payoff, ``equilibrium[t]`` for type
    node ``t``, and the messages sent with positive probability, ``sent`` (``("infoset", k)``
    for the receiver's information set ``k``): how the receiver answers the messages sent
    does not enter it.
    """
    nodes, infosets = tree.nodes, tree.infosets
    totals = _totals(tree)
    s, receiver = structure.sender, structure.receiver
    exact = tree.exact is not None

    def number(x):
        return x if exact else float(x)

    equilibrium = {t: number(v) for t, v in equilibrium.items()}
    if exact:
        tol = 0  # an int: a Fraction plus a float 0.0 is a float, rounded, and the comparisons must be exact
    tests = []
    for m in _receiver_infosets(tree, structure):
        if ("infoset", m) in sent:
            continue
        info = infosets[m]
        senders = [nodes[x].parent for x in info.nodes]
        ours = {nodes[x].parent: [number(totals[c][s]) for c in nodes[x].children] for x in info.nodes}
        theirs = {nodes[x].parent: [totals[c][receiver] for c in nodes[x].children] for x in info.nodes}
        width = len(info.actions)
        replies = _best_replies(senders, theirs, width)
        dominated = [t for t in senders if equilibrium[t] > max(ours[t][r] for r in replies) + tol]
        rest = [t for t in senders if t not in dominated]
        narrow: list[int] = []
        breaks: list[int] = []
        if rest and dominated:
            narrow = _best_replies(rest, theirs, width)
            breaks = [t for t in rest if min(ours[t][r] for r in narrow) > equilibrium[t] + tol]
        tests.append(MessageTest(m, tuple(senders), tuple(equilibrium[t] for t in senders),
                                 tuple(tuple(ours[t]) for t in senders), tuple(replies), tuple(dominated),
                                 tuple(narrow), tuple(breaks)))
    return tuple(tests)


def intuitive(tree: Tree, structure: Signalling, choice: dict[int, int], tol: float = 0.0) -> bool:
    """Whether the pure profile ``choice`` passes the intuitive criterion (module docstring)."""
    return not any(test.breaks for test in intuitive_tests(tree, structure, choice, tol))


def passes_intuitive(tree: Tree, structure: Signalling, equilibrium: Mapping[int, object], sent: Collection[tuple],
                     tol: float = 0.0) -> bool:
    """Whether an equilibrium, pure or mixed, with type payoffs ``equilibrium`` and messages
    ``sent`` passes the intuitive criterion (:func:`message_tests`)."""
    return not any(test.breaks for test in message_tests(tree, structure, equilibrium, sent, tol))
