"""``wedge explain TREE`` where a player moves without seeing a chance move: the perfect
Bayesian equilibria of :func:`wedge_cli.solve.tree.solve_tree` (``concept="pbe"``) in words.

Who knows what; then, for each equilibrium (at most :data:`MAX_TOLD`), what each mover
does and why, what it believes at each information set of several nodes and why (Bayes'
rule from the strategies and chance where play gets there; off the path, the whole set
of beliefs that supports the choice, as :class:`~wedge_cli.solve.tree.result.BeliefSet`
gives it), and whether the equilibrium is sequential. Signalling games
(:func:`~wedge_cli.solve.tree.signalling.signalling_structure`) are told as types and
messages by :mod:`~wedge_cli.text.explanation.signals`: what each type sends, what the
receiver infers from each message, the belief an unused message needs and the intuitive
criterion there. Both read the equilibrium through :mod:`~wedge_cli.text.explanation.assessment`.

Every number is computed from the solved equilibrium: exact fractions for rational
trees, rounded and marked ("about 0.357") otherwise. The only text taken from the file
is its names (players, actions, node and information-set ids, chance actions as type
names), its notes and its scale note; no sentence is written for a particular scenario.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wedge_cli.solve.tree import solve_tree
from wedge_cli.solve.tree.hybrid import unsearched
from wedge_cli.text.explanation.assessment import PlayView, TreeView, belief_words, number_text, quote
from wedge_cli.text.explanation.prose import Explanation, Section, join, plural
from wedge_cli.text.explanation.signals import Signals, kind_label, signalling_game_paragraph, signalling_paragraphs
from wedge_cli.text.numbers import prose_equation
from wedge_cli.text.trees import belief_set_text, node_descriptions, node_label
from wedge_cli.tree import CHANCE, DECISION, TreeSpec

__all__ = ["MAX_NARRATED", "MAX_TOLD", "explain_beliefs"]

MAX_TOLD = 5
"""Most equilibria told one by one (the count is always given)."""

MAX_NARRATED = 12
"""Most one-node decision points told per equilibrium; past that, only those on the path of play."""


def _witness_words(names: Sequence[str], witness: Sequence) -> str:
    sure = [n for n, p in zip(names, witness) if p == 1]
    if sure:
        return f"a belief sure of {sure[0]}"
    return "the belief " + belief_words([n for n, p in zip(names, witness) if p], [p for p in witness if p])


def _single(play: PlayView, k: int) -> str:
    """A one-node decision point: the mover's comparison and its choice."""
    game = play.game
    tree = game.tree
    info = tree.infosets[k]
    x = info.nodes[0]
    who = tree.players[info.player]
    worth = play.worth(k, (1,))
    chosen = play.choice[k]
    options = join([f"{a} ({number_text(v)})" for a, v in zip(info.actions, worth)],
                   "with" if len(worth) == 2 else "and")
    best = [info.actions[a] for a, v in enumerate(worth) if v == worth[chosen]]
    text = f"{game.history(x)}, {who} compares {options}, given what follows in this equilibrium"
    if len(best) > 1:
        text += f": {join(best)} are worth the same to it, and this equilibrium has it play {info.actions[chosen]}"
    else:
        text += f", and plays {info.actions[chosen]}"
    reached, _ = play.reach(x, 0)
    text += "." if reached else " (play never gets here, but the others count on this choice)."
    return game.say(text) + quote([tree.nodes[x].note])


def _several(play: PlayView, k: int) -> list[str]:
    """An information set of several nodes: the belief, why, and the choice it leads to."""
    game = play.game
    tree = game.tree
    info = tree.infosets[k]
    who = tree.players[info.player]
    names = node_descriptions(game.skeleton, info.nodes)
    where = game.where(k)
    start = game.nearest[info.nodes[0]]
    chosen = info.actions[play.choice[k]]
    notes = quote([tree.nodes[x].note for x in info.nodes])
    head = f"At {where}, {who} cannot tell {join(names)} apart"
    reach = [play.reach(x, start) for x in info.nodes]
    if k in play.beliefs:
        belief = play.beliefs[k]
        origin = "" if start == 0 else f"within the subgame that starts at {node_label(game.skeleton, start)}, "
        seen = [f"{n} with probability {number_text(w)} ({game.route(x, start)})"
                for n, x, (w, _) in zip(names, info.nodes, reach) if w]
        why = f"{origin}play reaches {join(seen)}"
        never = [(n, b) for n, (w, b) in zip(names, reach) if not w]
        if never:
            why += (f", and never {join([n for n, _ in never], 'or')}, as "
                    f"{play.blockers_text([b for _, b in never])}")
        if sum(w for w, _ in reach) != 1:
            why += "; each belief is that node's share of the total"
        text = (f"{head}. Its belief there: {belief_words(names, belief)} (Bayes' rule: {why}). So it plays "
                f"{chosen}: with that belief, {play.gives(k, play.worth(k, belief))}.")
        return [game.say(text) + notes]
    support = next(b for b in play.eq.off_path if b.infoset == k)
    blockers = play.blockers_text([b for _, b in reach if b is not None])
    text = (f"{head}, and play never gets there in this equilibrium ({blockers}), so Bayes' rule does not fix "
            "its belief. ")
    if not support.inequalities:
        text += f"{chosen} is its best choice there whatever it believes, so the equilibrium needs no particular belief."
    else:
        rule = belief_set_text(who, game.skeleton.infoset_key(k), names, support.interval, support.inequalities,
                               number_text)
        text += (f"The equilibrium has it play {chosen} there, which {rule}: with "
                 f"{_witness_words(names, support.witness)}, for instance, "
                 f"{play.gives(k, play.worth(k, support.witness))}.")
    return [game.say(text) + notes]


def _strategies(play: PlayView) -> str:
    game = play.game
    tree = game.tree
    parts = []
    for i, who in enumerate(tree.players):
        mine = [k for k in sorted(play.choice, key=lambda k: tree.infosets[k].nodes[0]) if tree.infosets[k].player == i]
        if not mine:
            continue
        if len(mine) == 1:
            parts.append(f"{who} plays {tree.infosets[mine[0]].actions[play.choice[mine[0]]]}")
        else:
            parts.append(f"{who} plays " + join([f"{tree.infosets[k].actions[play.choice[k]]} at {game.where(k)}"
                                                 for k in mine]))
    return game.say("; ".join(parts) + ".")


def _general(play: PlayView) -> list[str]:
    game = play.game
    tree = game.tree
    order = sorted(play.choice, key=lambda k: tree.infosets[k].nodes[0])
    singles = [k for k in order if len(tree.infosets[k].nodes) == 1]
    told = set(singles) if len(singles) <= MAX_NARRATED else {
        k for k in singles if play.reach(tree.infosets[k].nodes[0], 0)[0]}
    paragraphs = [_strategies(play)]
    if len(told) < len(singles):
        paragraphs.append(f"Of the {len(singles)} one-node decision points, only the {len(told)} on the path of play "
                          "are told here (wedge solve --json lists every choice).")
    for k in order:
        if k in told:
            paragraphs.append(_single(play, k))
        elif len(tree.infosets[k].nodes) > 1:
            paragraphs += _several(play, k)
    if not play.eq.off_path:
        paragraphs.append("Play reaches every information set of several nodes, so Bayes' rule fixes every belief "
                          "there: the equilibrium needs no belief off the path.")
    return paragraphs


# ------------------------------------------------------------------ sections


def _game_section(game: TreeView, values: Mapping[str, float], signals: Signals | None) -> Section:
    tree = game.tree
    paragraphs = []
    if signals is not None:
        paragraphs.append(signalling_game_paragraph(signals))
    else:
        decisions = sum(1 for n in tree.nodes if n.kind == DECISION)
        paragraphs.append(f"{join(list(tree.players))} move in a game tree of {decisions} decision "
                          f"{plural(decisions, 'point', 'points')}.")
        for i, node in enumerate(tree.nodes):
            if node.kind == CHANCE:
                odds = join([f"{a} with probability {number_text(p)}" for a, p in zip(node.actions,
                                                                                       game.prior(node.infoset))])
                paragraphs.append(f"Chance moves at {node_label(game.skeleton, i)}: {odds}."
                                  + (f" The file's note there: “{node.note}”" if node.note else ""))
        for k, info in enumerate(tree.infosets):
            if info.player is None or len(info.nodes) < 2:
                continue
            names = node_descriptions(game.skeleton, info.nodes)
            items = [n if n == game.route(x) else f"{n} (after {game.route(x)})" for n, x in zip(names, info.nodes)]
            paragraphs.append(game.say(f"{tree.players[info.player]} moves at {game.where(k)} without knowing "
                                       f"which of these happened: {join(items, 'or')}."))
    if values:
        paragraphs.append("Parameter values used: " + ", ".join(prose_equation(k, v) for k, v in values.items()) + ".")
    if game.spec.unit:
        paragraphs.append(f"About the payoffs, the file says: “{game.spec.unit}”")
    return Section("game", "The game: who knows what", tuple(paragraphs))


def _count_section(game: TreeView, solution, plays: list[PlayView], signals: Signals | None) -> Section:
    total = solution.count if solution.count is not None else len(solution.equilibria)
    paragraphs = [
        "A player who cannot see everything acts on a belief about what happened. So wedge looks for perfect "
        "Bayesian equilibria: each choice is the best one given the mover's belief and what the others do; where "
        "play gets to an information set, the belief follows from the strategies and chance by Bayes' rule; where "
        "it does not (off the path), the belief is free, and the equilibrium only needs some belief that supports "
        "the choice made there."]
    mixed = unsearched(game.tree, game.structure) is None  # wedge solve lists the mixed ones too
    if not total:
        paragraphs.append("This tree has no perfect Bayesian equilibrium in pure strategies; " + (
            "wedge solve lists its mixed ones, which are not told here." if mixed else
            "mixed ones are not searched; wedge solve --concept nash finds its Nash equilibria, mixed ones included."))
        return Section("equilibria", "Perfect Bayesian equilibria", tuple(paragraphs))
    text = (f"The tree has {total:,} perfect Bayesian {plural(total, 'equilibrium', 'equilibria')} in pure "
            "strategies " + ("(wedge solve lists the mixed ones too; they are not told here)" if mixed else
                             "(mixed ones are not searched)"))
    if len(plays) < total:
        text += (f"; {plural(len(plays), 'the first one is', f'the first {len(plays)} are')} told below "
                 "(wedge solve lists ")
        text += "them all)" if solution.complete else f"the first {len(solution.equilibria):,})"
    if signals is not None:
        listed = []
        for n, play in enumerate(plays, start=1):
            words = [kind_label(signals, play)]
            if play.eq.intuitive is not None and play.eq.off_path:
                words.append("passes the intuitive criterion" if play.eq.intuitive else
                             "fails the intuitive criterion")
            if play.eq.sequential is False:
                words.append("not sequential")
            listed.append(f"{n} ({', '.join(words)})")
        text += ": " + "; ".join(listed)
    paragraphs.append(text + ".")
    weak = [str(n) for n, play in enumerate(plays, start=1) if play.eq.sequential is False]
    if signals is None and weak:
        paragraphs.append(f"{plural(len(weak), 'Equilibrium', 'Equilibria')} {join(weak)} "
                          f"{plural(len(weak), 'is', 'are')} not sequential: {plural(len(weak), 'it rests', 'they rest')} "
                          "on a belief off the path that no small mistake explains (below).")
    return Section("equilibria", "Perfect Bayesian equilibria", tuple(paragraphs))


def explain_beliefs(spec: TreeSpec, values: Mapping[str, float],
                    overrides: Mapping[str, str] | None = None) -> Explanation:
    """A plain-language account of a tree's perfect Bayesian equilibria: who knows what, and each equilibrium.

    Parameters
    ----------
    spec
        The tree file (names and notes).
    values
        Parameter values used (for the text).
    overrides
        The ``--set`` values, as given (exact text).

    Returns
    -------
    Explanation
        Sections ``game`` (who knows what), ``equilibria`` (the concept and how many),
        ``equilibrium_1`` ... (at most :data:`MAX_TOLD`) and ``notes`` (the solver's notes,
        when there are any besides "pure strategies only").

    Raises
    ------
    WedgeError
        Imperfect recall; :class:`~wedge_cli.errors.GameTooLargeError` past the solver's limits.
    """
    tree = spec.tree(dict(overrides or {}))
    solution = solve_tree(tree, concept="pbe", mixed=False)  # the pure ones: the words below are for them
    game = TreeView(spec, tree)
    signals = Signals(game) if game.structure is not None else None
    plays = [PlayView(game, eq) for eq in solution.equilibria[:MAX_TOLD]]
    sections = [_game_section(game, values, signals), _count_section(game, solution, plays, signals)]
    for n, play in enumerate(plays, start=1):
        paragraphs = signalling_paragraphs(signals, play) if signals is not None else _general(play)
        paragraphs += [p for p in (play.sequential(),) if p] + play.outcome()
        label = (kind_label(signals, play) if signals is not None else '')
        sections.append(Section(f"equilibrium_{n}", f"Equilibrium {n}" + (f": {label}" if label else ""),
                                tuple(paragraphs)))
    notes = [game.say(w["message"]) + ("" if w["message"].endswith(".") else ".")
             for w in solution.warnings if w["code"] != "pure_only"]
    if notes:
        sections.append(Section("notes", "Notes on the computation", tuple(notes)))
    return Explanation(spec.title or "Game tree", tuple(sections))
