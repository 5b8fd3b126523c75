"""The words of ``wedge explain`` for a signalling game's perfect Bayesian equilibria.

A signalling game (:func:`wedge_cli.solve.tree.signalling.signalling_structure`): chance
draws the sender's type, the sender sends a message, the receiver sees the message, not
the type. For each equilibrium: what each type sends; after each message sent, the
receiver's belief (Bayes' rule) and reply; after each message nobody sends, the beliefs
that support the planned reply (:class:`~wedge_cli.solve.tree.result.BeliefSet`); why no
type switches; and the intuitive criterion at each unused message, told from
:func:`~wedge_cli.solve.tree.signalling.intuitive_tests`. The chance actions at the root
name the types.
"""

from __future__ import annotations

from collections.abc import Sequence

from wedge_cli.solve.tree.signalling import intuitive_tests
from wedge_cli.text.explanation.assessment import PlayView, TreeView, belief_words, number_text, quote
from wedge_cli.text.explanation.prose import article, join, sentence
from wedge_cli.text.trees import belief_set_text, node_descriptions, node_label
from wedge_cli.tree import DECISION

__all__ = ["Signals", "kind_label", "signalling_game_paragraph", "signalling_paragraphs"]


class Signals:
    """The words of a signalling game: the sender, the receiver, the type names (chance's actions) and the messages."""

    def __init__(self, game: TreeView) -> None:
        s = game.structure
        tree = game.tree
        self.game = game
        self.sender = tree.players[s.sender]
        self.receiver = tree.players[s.receiver]
        self.types = {t: tree.nodes[0].actions[j] for j, t in enumerate(s.types)}
        labels: dict[int, list[str]] = {}
        for t in s.types:
            for a, c in enumerate(tree.nodes[t].children):
                if tree.nodes[c].kind == DECISION:
                    labels.setdefault(tree.nodes[c].infoset, []).append(tree.nodes[t].actions[a])
        self.messages = {m: join(list(dict.fromkeys(ls)), "or") for m, ls in sorted(labels.items())}

    def sent(self, play: PlayView, t: int) -> int | None:
        """The message (receiver infoset) type ``t`` sends, or None when its move ends the game."""
        node = self.game.tree.nodes[t]
        child = self.game.tree.nodes[node.children[play.choice[node.infoset]]]
        return child.infoset if child.kind == DECISION else None

    def kinds(self, ts: Sequence[int]) -> str:
        return join([self.types[t] for t in ts], "or")

    def a_type(self, ts: Sequence[int], noun: str) -> str:
        """``a weak Sender``, ``an honest or lucky one``."""
        words = self.kinds(ts)
        return f"{article(words)} {words} {noun}"


def _message_name(signals: Signals, play: PlayView, t: int) -> str:
    """What type ``t`` is seen to send: its message's name, or the action that ends the game."""
    node = signals.game.tree.nodes[t]
    m = signals.sent(play, t)
    return signals.messages[m] if m is not None else node.actions[play.choice[node.infoset]]


def _who_does_what(signals: Signals, play: PlayView) -> str:
    """What each type sends, the types that send one message together."""
    game = signals.game
    tree = game.tree
    groups: dict[tuple, list[int]] = {}
    for t in game.structure.types:
        m = signals.sent(play, t)
        groups.setdefault(("infoset", m) if m is not None else ("end", _message_name(signals, play, t)), []).append(t)
    labels = {t: tree.nodes[t].actions[play.choice[tree.nodes[t].infoset]] for t in game.structure.types}
    ending = {t: signals.sent(play, t) is None for t in game.structure.types}
    if len(groups) == 1 and len(set(labels.values())) == 1:
        t = game.structure.types[0]
        text = f"{signals.sender} plays {labels[t]} whatever its type" + (", which ends the game" if ending[t] else "")
        return game.say(text) + "."
    parts = []
    for ts in groups.values():
        nouns = [signals.sender if not parts and n == 0 else "one" for n in range(len(ts))]
        tail = ", which ends the game" if ending[ts[0]] else ""
        if len({labels[t] for t in ts}) == 1:
            parts.append(f"{signals.a_type(ts, nouns[0])} plays {labels[ts[0]]}{tail}")
        else:
            parts.append(join([f"{signals.a_type([t], noun)} plays {labels[t]}" for t, noun in zip(ts, nouns)])
                         + f"{tail}, which {signals.receiver} cannot tell apart")
    return sentence("; ".join(parts)) + "."


def _senders(signals: Signals, play: PlayView, m: int) -> tuple[list[int], list[int]]:
    """The types that send message ``m``: those chance may draw, and those it never does (prior 0)."""
    game = signals.game
    prior = dict(zip(game.structure.types, game.prior(game.tree.nodes[0].infoset)))
    sending = [t for t in game.structure.types if signals.sent(play, t) == m]
    return [t for t in sending if prior[t]], [t for t in sending if not prior[t]]


def _never_drawn(signals: Signals, idle: Sequence[int], msg: str) -> str:
    if not idle:
        return ""
    return (f"; {signals.a_type(idle, 'one')} would play {msg} too, but chance never draws "
            f"{'that type' if len(idle) == 1 else 'those types'}")


def _inference(signals: Signals, play: PlayView, m: int) -> str:
    """What the receiver believes after message ``m`` that some type sends, why, and its reply."""
    game = signals.game
    tree = game.tree
    info = tree.infosets[m]
    msg = signals.messages[m]
    senders = [tree.nodes[x].parent for x in info.nodes]
    belief = play.beliefs[m]
    using, idle = _senders(signals, play, m)
    r, s = signals.receiver, signals.sender
    if len(using) == 1:
        text = (f"After {msg}, {r} is sure {s} is {signals.types[using[0]]} (Bayes' rule: only "
                f"{signals.a_type(using, 'one')} plays {msg}{_never_drawn(signals, idle, msg)})")
    else:
        shares = join([f"{signals.types[t]} with probability {number_text(p)}" for t, p in zip(senders, belief) if p])
        if len(using) + len(idle) == len(game.structure.types):
            why = f"every type plays {msg}, so {msg} tells {r} nothing new and the belief is the prior"
        else:
            why = (f"only the {join([signals.types[t] for t in using])} types play {msg}, in proportion to their "
                   f"prior chances{_never_drawn(signals, idle, msg)}")
        text = f"After {msg}, {r} believes {s} is {shares} (Bayes' rule: {why})"
    text += f", and plays {info.actions[play.choice[m]]}: with that belief, {play.gives(m, play.worth(m, belief))}."
    return game.say(text) + quote([tree.nodes[x].note for x in info.nodes])


def _unused(signals: Signals, play: PlayView, m: int) -> str:
    """A message that play never reaches: the belief the receiver's planned reply needs, with an example."""
    game = signals.game
    tree = game.tree
    info = tree.infosets[m]
    msg = signals.messages[m]
    r, s = signals.receiver, signals.sender
    _, idle = _senders(signals, play, m)
    if idle:
        text = (f"Only {signals.a_type(idle, s)} would play {msg}, and chance never draws "
                f"{'that type' if len(idle) == 1 else 'those types'}, so Bayes' rule says nothing about what {r} "
                "would believe after it. ")
    else:
        text = f"No type plays {msg}, so Bayes' rule says nothing about what {r} would believe after it. "
    chosen = info.actions[play.choice[m]]
    support = next(b for b in play.eq.off_path if b.infoset == m)
    if not support.inequalities:
        text += f"{r} would play {chosen} there whatever it believed, so the equilibrium needs no particular belief."
    else:
        names = node_descriptions(game.skeleton, support.nodes)
        rule = belief_set_text(r, game.skeleton.infoset_key(m), names, support.interval, support.inequalities,
                               number_text)
        sure = [t for t, p in zip(names, support.witness) if p == 1]
        example = (f"sure that {s} is {sure[0]}" if sure else
                   "believing " + belief_words([n for n, p in zip(names, support.witness) if p],
                                               [p for p in support.witness if p]))
        worth = play.worth(m, support.witness)
        order = [play.choice[m]] + [a for a in range(len(info.actions)) if a != play.choice[m]]
        gets = join([f"{number_text(worth[a])} from {info.actions[a]}" for a in order])
        text += (f"The equilibrium needs {r} to play {chosen} there, which {rule}. {sentence(example)}, for instance, "
                 f"{r} would get {gets}.")
    return text + quote([tree.nodes[x].note for x in info.nodes])


def _no_switch(signals: Signals, play: PlayView) -> str:
    tree = signals.game.tree
    parts = []
    for n, t in enumerate(signals.game.structure.types):
        k = tree.nodes[t].infoset
        worth = play.worth(k, (1,))
        a = play.choice[k]
        others = join([f"{number_text(v)} from {label}" for b, (label, v) in enumerate(zip(tree.infosets[k].actions,
                                                                                           worth)) if b != a])
        noun = signals.sender if n == 0 else "one"
        parts.append(f"{signals.a_type([t], noun)} gets {number_text(worth[a])} from "
                     f"{tree.infosets[k].actions[a]} and would get {others}")
    return f"No type gains by sending another message, given how {signals.receiver} answers each: " \
        + "; ".join(parts) + "."


def _criterion(signals: Signals, play: PlayView) -> list[str]:
    """The intuitive criterion at each unused message, in words, and the verdict."""
    game = signals.game
    tree = game.tree
    tol = 0.0 if game.exact else 1e-9
    tests = intuitive_tests(tree, game.structure, play.choice, tol)
    if not tests:
        return []
    r, s = signals.receiver, signals.sender
    out = []
    for test in tests:
        msg = signals.messages[test.infoset]
        labels = tree.infosets[test.infoset].actions
        j = {t: n for n, t in enumerate(test.senders)}
        if not test.dominated:
            out.append(f"The intuitive criterion (Cho & Kreps) asks which types could gain from {msg}: every type "
                       f"could, under some reply that suits {r} for some belief, so it rules no type out there.")
            continue
        if len(test.dominated) == len(test.senders):
            out.append(f"The intuitive criterion (Cho & Kreps) asks which types could gain from {msg}: none could, "
                       f"whatever sensible reply {r} made, so nobody would send it and there is nothing to test.")
            continue
        rest = [t for t in test.senders if t not in test.dominated]
        ruled = join([
            f"{signals.a_type([t], s if n == 0 else 'one')} (at most "
            f"{number_text(max(test.payoffs[j[t]][a] for a in test.replies))} from {msg}, less than the "
            f"{number_text(test.equilibrium[j[t]])} it gets now)" for n, t in enumerate(test.dominated)], "or")
        text = (f"The intuitive criterion (Cho & Kreps) first asks which types could gain from {msg} if {r} "
                f"answered it in a way that is best for some belief: not {ruled}. So {r} should not read {msg} as "
                "coming from "
                f"{signals.a_type(test.dominated, 'one')}. Believing it comes from {signals.a_type(rest, s)}, "
                f"{r} would play {join([labels[a] for a in test.narrow], 'or')}")
        if test.breaks:
            gains = "; ".join(
                f"{signals.a_type([t], s)} would then get {number_text(min(test.payoffs[j[t]][a] for a in test.narrow))}"
                f" from {msg}, more than the {number_text(test.equilibrium[j[t]])} it gets now" for t in test.breaks)
            text += f", and {gains}: it would send {msg}."
        else:
            keeps = []
            for n, t in enumerate(rest):
                a = min(test.narrow, key=lambda a: test.payoffs[j[t]][a])
                keeps.append(f"{signals.a_type([t], s if n == 0 else 'one')} would get "
                             f"{number_text(test.payoffs[j[t]][a])} from {msg}"
                             + (f" if {r} played {labels[a]}" if len(test.narrow) > 1 else "")
                             + f", no more than the {number_text(test.equilibrium[j[t]])} it gets now")
            text += ": " + "; ".join(keeps) + "."
        out.append(text)
    verdict = play.eq.intuitive
    if verdict is not None:
        out.append("So this equilibrium passes the intuitive criterion." if verdict else
                   "So this equilibrium fails the intuitive criterion: the belief it needs off the path is one "
                   "that a thoughtful receiver would not hold.")
    return out


def signalling_paragraphs(signals: Signals, play: PlayView) -> list[str]:
    """What each type sends, what the receiver infers and does, why no type switches, the intuitive criterion."""
    paragraphs = [_who_does_what(signals, play)]
    paragraphs += [_inference(signals, play, m) for m in signals.messages if m in play.beliefs]
    paragraphs += [_unused(signals, play, m) for m in signals.messages if m not in play.beliefs]
    paragraphs.append(_no_switch(signals, play))
    if not play.eq.off_path:
        paragraphs.append("Every message is sent, so Bayes' rule fixes every belief: the equilibrium needs no belief "
                          "off the path.")
    paragraphs += _criterion(signals, play)
    return paragraphs


def signalling_game_paragraph(signals: Signals) -> str:
    """Who knows what in a signalling game: the prior over types, and what the receiver sees."""
    game = signals.game
    tree = game.tree
    prior = game.prior(tree.nodes[0].infoset)
    types = list(signals.types.values())
    if len(types) == 2:
        odds = f"{types[0]} with probability {number_text(prior[0])} ({types[1]} {number_text(prior[1])})"
    else:
        odds = join([f"{t} with probability {number_text(p)}" for t, p in zip(types, prior)], "or")
    moves = join(list(dict.fromkeys(a for t in game.structure.types for a in tree.nodes[t].actions)), "or")
    return (f"Chance makes {signals.sender} {odds}. {signals.sender} knows its type; "
            f"{signals.receiver} does not: it sees whether {signals.sender} plays {moves}, not the type."
            + (f" The file's note on {node_label(game.skeleton, 0)}: “{tree.nodes[0].note}”"
               if tree.nodes[0].note else ""))

def kind_label(signals: Signals, play: PlayView) -> str:
    """``pooling on Beer``, ``separating``, ``partially pooling``."""
    kind = play.eq.kind
    if kind == "pooling":
        return f"pooling on {_message_name(signals, play, signals.game.structure.types[0])}"
    return kind or ""
