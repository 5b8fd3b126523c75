"""A plain-language account of a game's results, for readers who do not know game theory.

Everything here is generated from computed results: the verified equilibria
(:func:`wedge_cli.solve.solve`), dominance (:mod:`wedge_cli.solve.dominance`),
efficiency, selection and security levels (:mod:`wedge_cli.analysis.properties`), the
2x2 type (:mod:`wedge_cli.analysis.classify`), the bargaining solutions
(:mod:`wedge_cli.analysis.bargain`) and, on request, a parameter sweep
(:mod:`wedge_cli.sweep.core`); the only text taken from the payoff file is its
strategy and player names, parameter names, scale note and outcome notes.
There is no text written for a particular scenario: the sentences per game
family describe the family, whatever the scenario.

Numbers: a payoff or probability that is a short decimal is written exactly
(``2.4``, ``37.5%``); any other is rounded and marked ("about 0.357").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wedge_cli.model import Game, GameSpec
from wedge_cli.text.numbers import parameter_text, prose_equation, prose_number, prose_percent


@dataclass(frozen=True)
class Section:
    """One part of an explanation: an id (stable, snake_case), a title and paragraphs."""

    id: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """The whole account: a title and its sections, in reading order."""

    title: str
    sections: tuple[Section, ...]


# ------------------------------------------------------------------ wording helpers

#: What each 2x2 family is like, in words (see docs/concepts.md).
FAMILY_WORDS = {
    "prisoners_dilemma": "each side has a choice that is best whatever the other does, and the outcome these "
                         "choices lead to is worse for both than another outcome",
    "chicken": "each side wants the other to give way; if both give way both do fairly well, if neither does it "
               "is the worst outcome for both, and the stable outcomes are those where exactly one side gives way",
    "leader": "there are two stable outcomes where the sides choose differently: one side leads (its best "
              "outcome) and the other follows (its second best); both trying to lead is the worst for both",
    "battle_of_the_sexes": "there are two stable outcomes where the sides choose differently, each side prefers "
                           "a different one, and failing to settle on one is worse for both",
    "deadlock": "each side has a choice that is best whatever the other does, and both like the resulting "
                "outcome better than the one they would get by both choosing the other way: there is no dilemma",
    "compromise": "each side has a choice that is best whatever the other does; the outcome is each side's "
                  "second best, a compromise neither can improve on alone",
    "harmony": "each side has a choice that is best whatever the other does, and it leads to the outcome both "
               "like best: there is no conflict",
    "peace": "each side has a choice that is best whatever the other does, and it leads to the outcome both "
             "like best: there is no conflict",
    "concord": "each side has a choice that is best whatever the other does, and it leads to the outcome both "
               "like best: there is no conflict",
    "stag_hunt": "both do best by coordinating on the outcome both like best, but that takes trust: the other "
                 "choice is safer, with a worse but more certain payoff, and it is stable too",
    "assurance": "both do best by matching each other and both prefer the same one of the two stable "
                 "outcomes; failing to match is costly",
    "coordination": "both do best by matching each other and both prefer the same one of the two stable "
                    "outcomes; failing to match is costly",
    "matching_pennies": "one side wants to match the other's choice and the other wants to avoid it, so no "
                        "outcome is stable when both choose for sure; each side does best by keeping the other "
                        "guessing",
    "hybrid": "the two sides' preferences have different shapes",
}


def _join(items: Sequence[str], word: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


# ------------------------------------------------------------------ game access


class _View:
    """Exact-or-float access to a game's payoffs, names and notes."""

    def __init__(self, spec: GameSpec, game: Game) -> None:
        self.spec = spec
        self.game = game
        self.exact = game.exact is not None
        self.u = game.exact if self.exact else game.payoffs
        self.players = game.players
        self.n = game.n_players

    def payoff(self, p: int, profile: Sequence[int]):
        v = self.u[(p, *profile)]
        return v if self.exact else float(v)

    def profile(self, profile: Sequence[int]) -> str:
        return "(" + ", ".join(self.players[i].strategies[s] for i, s in enumerate(profile)) + ")"

    def payoffs_text(self, values: Sequence) -> str:
        return _join([f"{p.name} {prose_number(v)}" for p, v in zip(self.players, values)])

    def note(self, profile: Sequence[int]) -> str | None:
        return self.spec.notes.get(tuple(int(s) for s in profile))

    def against(self, p: int, s: int, mix: Sequence[Sequence]):
        """Player ``p``'s expected payoff from pure ``s`` against the others' mixed strategies ``mix``."""
        supports = [[j for j, w in enumerate(mix[q]) if w] if q != p else [s] for q in range(self.n)]
        total = Fraction(0) if self.exact else 0.0
        for profile in np.ndindex(*(len(x) for x in supports)):
            prof = [supports[q][i] for q, i in enumerate(profile)]
            weight = Fraction(1) if self.exact else 1.0
            for q in range(self.n):
                if q != p:
                    weight *= mix[q][prof[q]]
            total += weight * self.payoff(p, prof)
        return total

    def mix_of(self, eq) -> list[list]:
        if self.exact and eq.exact is not None:
            return [list(v) for v in eq.exact]
        return [[float(w) for w in v] for v in eq.strategies]

    def eq_payoffs(self, eq) -> list:
        if self.exact and eq.exact_payoffs is not None:
            return list(eq.exact_payoffs)
        return [float(v) for v in eq.payoffs]


def _best_deviation(view: _View, p: int, mix: Sequence[Sequence]) -> tuple[int, object] | None:
    """Player ``p``'s best strategy outside its support, and its payoff; None if it uses all."""
    support = {j for j, w in enumerate(mix[p]) if w}
    options = [(view.against(p, s, mix), s) for s in range(len(mix[p])) if s not in support]
    if not options:
        return None
    value, s = max(options, key=lambda t: (t[0], -t[1]))
    return s, value


# ------------------------------------------------------------------ sections


def _section_game(view: _View, values: Mapping[str, float]) -> Section:
    names = [p.name for p in view.players]
    paragraphs = []
    choose = "choose at the same time, once" if view.n > 1 else "chooses once"
    paragraphs.append(
        f"{_join(names)} {choose}. "
        + " ".join(_choices(p) for p in view.players))
    if view.n > 1:
        paragraphs.append(f"Outcomes are written as ({', '.join(names)}), each side's choice in that order, and "
                          f"payoffs in the same order.")
    if values:
        paragraphs.append("Parameter values used: " + ", ".join(f"{k} = {parameter_text(v)}" for k, v in values.items())
                          + ".")
    if view.spec.unit:
        paragraphs.append(f"About the payoffs, the file says: \u201c{view.spec.unit.strip()}\u201d")
    return Section("game", "The game", tuple(paragraphs))


def _choices(player) -> str:
    if len(player.strategies) == 1:
        return f"{player.name} has a single choice, {player.strategies[0]}."
    return f"{player.name} chooses between {_join(player.strategies)}."


def _pure_paragraph(view: _View, k: int, eq, props) -> str:
    profile = [s[0] for s in eq.support]
    pays = view.eq_payoffs(eq)
    text = f"{k}. {view.profile(profile)}: {view.payoffs_text(pays)}."
    mix = view.mix_of(eq)
    reasons, fragile = [], []
    for p, player in enumerate(view.players):
        dev = _best_deviation(view, p, mix)
        if dev is None:
            continue
        s, value = dev
        loss = pays[p] - value
        alt = player.strategies[s]
        if loss > 0:
            reasons.append(f"if {player.name} switched to {alt} it would get {prose_number(value)} instead of "
                           f"{prose_number(pays[p])} ({prose_number(loss)} less)")
        else:
            fragile.append(f"{player.name} would get the same {prose_number(value)} by switching to {alt}")
    if reasons and not fragile:
        text += " It is stable because no one gains by changing alone: " + "; ".join(reasons) + "."
    elif reasons:
        text += (" No one gains by changing alone: " + "; ".join(reasons) + ". But "
                 + _join(fragile) + ", so nothing but habit holds it there: a stable but fragile outcome.")
    elif fragile:
        text += (" No one gains by changing alone, but " + _join(fragile)
                 + ", so it is stable only in the weak sense that nobody strictly gains by leaving.")
    if props.dominated_by:
        better = _join([view.profile(o) for o in props.dominated_by], "or")
        text += f" It is not efficient: {better} would be at least as good for everyone and better for some."
    note = view.note(profile)
    if note:
        text += f" The file's note on this outcome: \u201c{note.strip()}\u201d"
    return text


def _mixed_paragraph(view: _View, k: int, eq, props) -> str:
    mix = view.mix_of(eq)
    pays = view.eq_payoffs(eq)
    parts = []
    for p, player in enumerate(view.players):
        used = [(player.strategies[j], w) for j, w in enumerate(mix[p]) if w]
        if len(used) == 1:
            parts.append(f"{player.name} plays {used[0][0]}")
        else:
            parts.append(f"{player.name} plays " + _join([f"{s} {prose_percent(w)} of the time" for s, w in used]))
    text = (f"{k}. A randomised equilibrium: {'; '.join(parts)}. Expected payoffs: {view.payoffs_text(pays)}. "
            "Each side's odds leave the other exactly indifferent between the choices it mixes, so no one gains "
            "by changing; but the balance is knife-edge: if either side came to believe the other had shifted "
            "its odds, one choice would become strictly better.")
    outside = []
    for p, player in enumerate(view.players):
        dev = _best_deviation(view, p, mix)
        if dev is not None and len([w for w in mix[p] if w]) > 1:
            s, value = dev
            outside.append(f"{player.name}'s unused {player.strategies[s]} would give {prose_number(value)}")
    if outside:
        text += " " + _join(outside) + "."  # starts with a player's name: keep it as written
    at_floor = [view.players[p].name for p, g in enumerate(props.gain_over_security) if g == 0]
    if at_floor:
        text += (f" Here {_join(at_floor)} get{'s' if len(at_floor) == 1 else ''} no more than "
                 f"{'it' if len(at_floor) == 1 else 'they'} could guarantee alone (the security level below).")
    if props.dominated_by:
        better = _join([view.profile(o) for o in props.dominated_by], "or")
        text += f" It is not efficient: {better} would be at least as good for everyone and better for some."
    return text


def _section_stable(view: _View, solution, props, analysis) -> Section:
    eqs = solution.equilibria
    n = len(eqs)
    paragraphs = []
    single = all(len(s) == 1 for s in analysis.surviving)
    if n == 0:
        head = "No stable outcome was found."
    else:
        head = (f"There {_plural(n, 'is', 'are')} {n} stable {_plural(n, 'outcome', 'outcomes')} (Nash "
                f"{_plural(n, 'equilibrium', 'equilibria')}): {_plural(n, 'an outcome', 'outcomes')} from which no "
                "side can do better by changing its own choice while the others keep theirs.")
    if solution.complete and n == 1 and not solution.pure_only:
        head += " The list is complete: it is the only equilibrium of any kind, randomised ones included."
    elif solution.complete:
        head += " The list is complete."
    elif solution.pure_only and single and n == 1:
        head += (" Only outcomes where every side makes a definite choice were searched, but ruling out dominated "
                 "choices (below) leaves just this one, so it is the only equilibrium of any kind, randomised ones "
                 "included.")
    elif solution.pure_only:
        head += (" Only outcomes where every side makes a definite choice were searched; there may also be "
                 "equilibria in which sides randomise.")
    else:
        head += " The method used does not guarantee that every equilibrium was found."
    paragraphs.append(head)
    for k, (eq, prop) in enumerate(zip(eqs, props), start=1):
        if eq.pure:
            paragraphs.append(_pure_paragraph(view, k, eq, prop))
        else:
            paragraphs.append(_mixed_paragraph(view, k, eq, prop))
    continua = [c for c in solution.components if len(c) > 1]
    for c in continua:
        paragraphs.append(
            f"Equilibria {_join([str(i + 1) for i in c])} belong together: every mix of two of them that share "
            "one side's choice is stable too, so they are the corners of a whole range of stable outcomes.")
    return Section("stable", "Stable outcomes (Nash equilibria)", tuple(paragraphs))


def _by_words(view: _View, player: int, by) -> str:
    names = view.players[player].strategies
    if len(by) == 1:
        return names[by[0][0]]
    return "mixing " + _join([f"{names[s]} ({prose_percent(w)})" for s, w in by])


def _section_dominance(view: _View, analysis) -> Section:
    paragraphs = []
    if not analysis.eliminated and not analysis.weakly_dominated:
        paragraphs.append("No choice is dominated: each one is the best reply to something the others might do, "
                          "so nothing can be ruled out in advance.")
        return Section("dominance", "Choices that are never worth making", tuple(paragraphs))
    earlier: list[str] = []
    rounds = sorted({d.round for d in analysis.eliminated})
    for r in rounds:
        group = [d for d in analysis.eliminated if d.round == r]
        sentences = []
        for d in group:
            player = view.players[d.player]
            by = _by_words(view, d.player, d.by)
            against = "whatever the others do" if r == 1 else "against every choice the others have left"
            sentence = (f"{player.name}'s {player.strategies[d.strategy]} is never the best choice: {by} does "
                        f"better {against} (by at least {prose_number(d.margin)})")
            if not d.pure:
                sentence += ", even though no single alternative does better in every case"
            sentences.append(sentence)
        if r == 1:
            paragraphs.append(". ".join(sentences) + ".")
        else:
            paragraphs.append(f"Once {_join(earlier)} {_plural(len(earlier), 'is', 'are')} ruled out: "
                              + "; ".join(sentences) + ".")
        earlier.extend(f"{view.players[d.player].name}'s {view.players[d.player].strategies[d.strategy]}"
                       for d in group)
    if analysis.eliminated:
        left = [f"{p.name}: {_join([p.strategies[s] for s in analysis.surviving[i]], 'or')}"
                for i, p in enumerate(view.players)]
        if all(len(s) == 1 for s in analysis.surviving):
            profile = [s[0] for s in analysis.surviving]
            paragraphs.append(
                f"Only {view.profile(profile)} survives. It is the game's only equilibrium, randomised ones "
                "included, and sides that reason this way reach it without having to trust each other.")
        else:
            paragraphs.append("What is left after ruling these out: " + "; ".join(left) + ".")
    for d in analysis.weakly_dominated:
        player = view.players[d.player]
        paragraphs.append(
            f"{player.name}'s {player.strategies[d.strategy]} is weakly dominated by "
            f"{_by_words(view, d.player, d.by)}: never better, and worse in some cases (by up to "
            f"{prose_number(d.margin)}). It can still be part of an equilibrium, but a cautious side would avoid it.")
    return Section("dominance", "Choices that are never worth making", tuple(paragraphs))


def _profitable_switch(view: _View, profile: Sequence[int]) -> str | None:
    """Who would gain by leaving a pure outcome, and how, in words; None if no one would."""
    best = None
    for p, player in enumerate(view.players):
        here = view.payoff(p, profile)
        for s in range(len(player.strategies)):
            if s == profile[p]:
                continue
            alt = list(profile)
            alt[p] = s
            gain = view.payoff(p, alt) - here
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, p, s, view.payoff(p, alt), here)
    if best is None:
        return None
    gain, p, s, value, here = best
    player = view.players[p]
    return f"{player.name} would gain by switching to {player.strategies[s]} ({prose_number(value)} instead of {prose_number(here)})"


def _section_efficiency(view: _View, solution, props, security, risk) -> Section:
    from wedge_cli.analysis.properties import pareto_efficient_outcomes

    paragraphs = []
    eqs = solution.equilibria
    efficient = pareto_efficient_outcomes(view.game, solution.tol)
    paragraphs.append(
        "Outcomes that cannot be made better for one side without making them worse for another "
        f"(Pareto-efficient): {_join([view.profile(o) for o in efficient])}.")
    eq_profiles = {tuple(s[0] for s in eq.support) for eq in eqs if eq.pure}
    for k, (eq, prop) in enumerate(zip(eqs, props), start=1):
        better = [o for o in prop.dominated_by if o not in eq_profiles]
        if eq.pure and better:
            o = next((o for o in better if o in efficient), better[0])
            why = _profitable_switch(view, o)
            sentence = (f"Everyone would do at least as well at {view.profile(o)} as in equilibrium {k}, "
                        f"and someone better, but {view.profile(o)} is not stable")
            paragraphs.append(sentence + (f": {why}." if why else "."))
    if len(eqs) > 1:
        dominant = [k for k, p in enumerate(props, start=1) if p.payoff_dominant]
        if len(dominant) == 1:
            paragraphs.append(
                f"Equilibrium {dominant[0]} gives every side more than any other equilibrium (it is payoff-dominant), "
                "so sides that can talk before choosing would settle on it.")
        elif dominant:
            paragraphs.append(
                f"Equilibria {_join([str(k) for k in dominant])} give every side the same payoffs, more than any "
                "other equilibrium (they are payoff-dominant): sides that can talk before choosing would settle on "
                "one of them, though they would still have to agree which.")
        else:
            favourites = []
            for p, player in enumerate(view.players):
                pays = [view.eq_payoffs(eq)[p] for eq in eqs]
                top = max(pays)
                best = [str(k) for k, v in enumerate(pays, start=1) if v == top]
                favourites.append(f"{player.name} prefers equilibrium {_join(best, 'or')}")
            paragraphs.append("No equilibrium is best for every side: " + "; ".join(favourites) + ".")
    if risk is not None:
        a, b = risk.equilibria
        la, lb = risk.losses
        pa, pb = risk.products
        if risk.dominant is None:
            paragraphs.append(
                f"Neither of the two strict equilibria ({a + 1} and {b + 1}) is the safer bet when each side is "
                f"unsure what the other will do (risk dominance): the products of the two sides' losses from "
                f"deviating are equal ({prose_number(la[0])} \u00d7 {prose_number(la[1])} = {prose_number(pa)} and "
                f"{prose_number(lb[0])} \u00d7 {prose_number(lb[1])} = {prose_number(pb)}).")
        else:
            win, lose = (a, b) if risk.dominant == a else (b, a)
            lw, ll = (la, lb) if win == a else (lb, la)
            pw, pl = (pa, pb) if win == a else (pb, pa)
            paragraphs.append(
                f"When each side is unsure what the other will do, equilibrium {win + 1} is the safer bet "
                f"(it is risk-dominant): the product of the two sides' losses from deviating is larger there "
                f"({prose_number(lw[0])} \u00d7 {prose_number(lw[1])} = {prose_number(pw)}) than at equilibrium {lose + 1} "
                f"({prose_number(ll[0])} \u00d7 {prose_number(ll[1])} = {prose_number(pl)}).")
    guarantees = []
    for s in security:
        player = view.players[s.player]
        value = s.exact if s.exact is not None else s.value
        how = _by_words(view, s.player, s.strategy)
        guarantees.append(f"{player.name} {prose_number(value)} by {'playing ' if len(s.strategy) == 1 else ''}{how}")
    paragraphs.append(
        "What each side can guarantee itself whatever the others do (its security level): "
        + "; ".join(guarantees) + ". Every equilibrium gives each side at least this much.")
    return Section("efficiency", "Efficiency and which equilibrium to expect", tuple(paragraphs))


def _ties_words(view: _View) -> list[str]:
    out = []
    for p, player in enumerate(view.players):
        groups: dict = {}
        for idx in np.ndindex(*view.game.shape):
            groups.setdefault(view.payoff(p, idx), []).append(idx)
        for value, cells in groups.items():
            if len(cells) > 1:
                out.append(f"{player.name} gets the same {prose_number(value)} from "
                           f"{_join([view.profile(c) for c in cells])}")
    return out


def _section_shape(view: _View, c) -> Section:
    from wedge_cli.analysis.classify import display_name

    paragraphs = []
    if c.strict:
        t = c.types[0]
        if t.family == "hybrid":
            paragraphs.append(
                f"In terms of each side's order of preference, the two sides' preferences have different shapes: "
                f"{view.players[0].name}'s order is that of {display_name(t.row_pattern)}, "
                f"{view.players[1].name}'s that of {display_name(t.column_pattern)}, so the game is a hybrid of the two.")
        else:
            paragraphs.append(f"In terms of each side's order of preference this is a {c.name} game: "
                              f"{FAMILY_WORDS[t.family]}.")
    else:
        ties = _ties_words(view)
        lead = "Some outcomes tie: " + "; ".join(ties) + "."
        if c.family is not None:
            paragraphs.append(lead + f" However the ties are broken, the game is {_article(display_name(c.family))} "
                                     f"{display_name(c.family)} game: {FAMILY_WORDS[c.family]}.")
        else:
            names = [display_name(f) for f in c.candidates if f != "hybrid"]
            text = (lead + " A game with ties sits on the boundary between game types; breaking these ties one way "
                    f"or the other gives {_join(names, 'or') if names else 'different asymmetric games'}")
            if "hybrid" in c.candidates and names:
                text += ", or a hybrid of them"
            paragraphs.append(text + ".")
            for f in c.candidates:
                if f != "hybrid":
                    paragraphs.append(f"{display_name(f)}: {FAMILY_WORDS[f]}.")
    return Section("shape", "The shape of the game", tuple(paragraphs))


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _mix_words(view: _View, mix) -> str:
    if len(mix) == 1:
        return f"by settling on {view.profile(mix[0][0])}"
    return ("by taking turns, or drawing lots, between "
            + _join([f"{view.profile(prof)} {prose_percent(w)} of the time" for prof, w in mix]))


def _section_bargaining(view: _View, solution, result) -> Section:
    d = result.disagreement
    paragraphs = [
        "Without a deal, each side can fall back on what it can guarantee itself: "
        f"{view.payoffs_text(d)} (the disagreement point). A binding deal can mix outcomes, by taking turns or "
        "drawing lots, so any weighted average of the outcomes' payoffs is possible."]
    nash = result.nash
    gains = [v - dv for v, dv in zip(nash.payoffs, d)]
    text = (f"Nash bargaining solution: {view.payoffs_text(nash.payoffs)}, {_mix_words(view, nash.mix)}. "
            f"It makes the product of the two sides' gains over the fallback as large as possible "
            f"({prose_number(gains[0])} \u00d7 {prose_number(gains[1])} = {prose_number(result.nash_product)}) and does not depend on "
            "how each side's payoffs are scaled.")
    better = [str(k) for k, eq in enumerate(solution.equilibria, start=1)
              if all(a >= b for a, b in zip(nash.payoffs, view.eq_payoffs(eq)))
              and any(a > b for a, b in zip(nash.payoffs, view.eq_payoffs(eq)))]
    if better:
        text += (f" It is at least as good for both sides as equilibri{'um' if len(better) == 1 else 'a'} "
                 f"{_join(better)}, and better for one.")
    paragraphs.append(text)
    ks = result.kalai_smorodinsky
    ideal = view.payoffs_text(result.ideal)
    if ks.payoffs == nash.payoffs:
        paragraphs.append(f"The Kalai\u2013Smorodinsky solution, which gives each side the same share of the most "
                          f"it could hope for in a deal ({ideal}), is the same point.")
    else:
        paragraphs.append(f"Kalai\u2013Smorodinsky solution (each side gets the same share of the most it could "
                          f"hope for in a deal, {ideal}): {view.payoffs_text(ks.payoffs)}, {_mix_words(view, ks.mix)}.")
    eg = result.egalitarian
    gain = eg.payoffs[0] - d[0]
    if result.equal_gains:
        text = (f"Egalitarian solution (both sides gain the same, {prose_number(gain)} each): "
                f"{view.payoffs_text(eg.payoffs)}, {_mix_words(view, eg.mix)}.")
    else:
        text = (f"No efficient deal gives both sides equal gains; the egalitarian (leximin) deal makes the smaller "
                f"gain as large as possible: {view.payoffs_text(eg.payoffs)}, {_mix_words(view, eg.mix)}.")
    text += (" Unlike the other two, it compares one side's payoff units with the other's, so it means something "
             "only if the two scales are comparable.")
    paragraphs.append(text)
    return Section("bargaining", "If the sides could make a binding deal", tuple(paragraphs))


def _sentence(text: str, names=()) -> str:
    """``text`` as a sentence: a capital first letter, unless it starts with one of the user's
    ``names`` (a player, strategy or parameter), which keeps the case it was written in."""
    if not text or any(text.startswith(n) and not text[len(n):len(n) + 1].isalnum() for n in names if n):
        return text
    return text[0].upper() + text[1:]


def _user_names(players, parameters=()) -> list[str]:
    return [*parameters, *(p.name for p in players), *(s for p in players for s in p.strategies)]


def _section_notes(solution) -> Section | None:
    names = _user_names(solution.game.players)
    notes = [_sentence(w.message, names) + ("" if w.message.endswith(".") else ".") for w in solution.warnings]
    if not notes:
        return None
    return Section("notes", "Notes on the computation", tuple(notes))


# ------------------------------------------------------------------ sweep


def _range_words(name: str, start, stop, closed) -> str:
    if start is None and stop is None:
        return f"for every {name}"
    if start is None:
        return f"for {name} {'up to' if closed[1] else 'below'} {prose_number(stop)}"
    if stop is None:
        return f"for {name} {'from' if closed[0] else 'above'} {prose_number(start)}"
    return f"for {name} between {prose_number(start)} and {prose_number(stop)}"


def type_regimes(spec: GameSpec, name: str, start: Fraction, stop: Fraction, steps: int,
                 fixed: Mapping[str, Fraction] | None = None) -> list[tuple]:
    """Where the 2x2 ordinal type changes along one parameter.

    The type can only change where two of a player's payoffs cross. Each
    payoff difference is evaluated exactly on the grid; a sign change between
    two grid points is located exactly when the difference is affine there
    (the crossing of the chord is checked to be an exact zero), else by
    bisection on exact values to ``1e-12`` of the range. A difference that is
    zero on the whole grid is a permanent tie, not a crossing.

    Returns
    -------
    list
        ``("range", lo, hi, Classification)`` and ``("point", t, exact, Classification)``
        entries in parameter order, equal neighbours merged.
    """
    from wedge_cli.analysis.classify import classify

    fixed = dict(fixed or {})

    def game_at(t):
        return spec.game({**fixed, name: t})

    grid = [start + (stop - start) * Fraction(i, steps) for i in range(steps + 1)]
    games = [game_at(t) for t in grid]
    cells = [(p, i, j) for p in (0, 1) for i in (0, 1) for j in (0, 1)]
    pairs = [(a, b) for a in cells for b in cells if a[0] == b[0] and a < b]

    def diff(g, a, b):
        u = g.exact if g.exact is not None else g.payoffs
        return Fraction(u[a]) - Fraction(u[b])

    roots: dict[Fraction, bool] = {}
    for a, b in pairs:
        values = [diff(g, a, b) for g in games]
        if all(v == 0 for v in values):
            continue
        for i in range(steps):
            lo, hi = values[i], values[i + 1]
            if lo == 0 and ((i > 0 and values[i - 1] != 0) or hi != 0):
                roots.setdefault(grid[i], True)
            if lo * hi < 0:
                t0, t1 = grid[i], grid[i + 1]
                guess = t0 + (t1 - t0) * lo / (lo - hi)
                if diff(game_at(guess), a, b) == 0:
                    roots.setdefault(guess, True)
                    continue
                for _ in range(60):
                    mid = (t0 + t1) / 2
                    v = diff(game_at(mid), a, b)
                    if v == 0 or (t1 - t0) < (stop - start) * Fraction(1, 10**12):
                        break
                    if (v > 0) == (lo > 0):
                        t0 = mid
                    else:
                        t1 = mid
                roots.setdefault(Fraction(mid).limit_denominator(10**12), False)
        if values[-1] == 0 and values[-2] != 0:
            roots.setdefault(grid[-1], True)
    points = sorted(t for t in roots if start <= t <= stop)
    bounds = [start, *[t for t in points if start < t < stop], stop]
    entries: list[tuple] = []
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k], bounds[k + 1]
        if k > 0:
            entries.append(("point", lo, roots[lo], classify(game_at(lo))))
        entries.append(("range", lo, hi, classify(game_at((lo + hi) / 2))))
    # a crossing point with the same type as a neighbouring range joins it; then equal ranges merge
    kept = [e for k, e in enumerate(entries)
            if e[0] == "range" or e[3].name not in (entries[k - 1][3].name, entries[k + 1][3].name)]
    merged: list[tuple] = []
    for e in kept:
        if merged and e[0] == "range" and merged[-1][0] == "range" and merged[-1][3].name == e[3].name:
            prev = merged.pop()
            e = ("range", prev[1], e[2], e[3])
        merged.append(e)
    return merged


def _section_sweep(spec: GameSpec, axis_text: str, fixed: Mapping[str, Fraction], budget=None) -> Section:
    from wedge_cli.sweep.core import describe_change, describe_structure, parse_axis, sweep

    from wedge_cli.errors import WedgeError

    try:
        axis = parse_axis(axis_text, spec)
    except WedgeError as exc:  # the sweep module speaks of --param; here the option is --sweep
        exc.message = exc.message.replace("--param", "--sweep")
        exc.hint = exc.hint.replace("--param", "--sweep") if exc.hint else exc.hint
        raise
    if axis.name in fixed:
        fixed = {k: v for k, v in fixed.items() if k != axis.name}
    result = sweep(spec, [axis], fixed, budget=budget)
    name = axis.name
    players = spec.players
    paragraphs = [f"{name} was swept from {prose_number(axis.start)} to {prose_number(axis.stop)}"
                  + (f" ({axis.description})" if axis.description else "") + ", others at the values above."]
    if result.analysis == "exact":
        paragraphs[0] += " The thresholds below are exact."
    else:
        paragraphs[0] += " The thresholds below were located by bisection between grid points."
    for regime in result.regimes:
        words = describe_structure(result.structures[regime.structure], players)
        paragraphs.append(f"{_sentence(_range_words(name, regime.start, regime.stop, regime.closed))}: "
                          f"stable outcomes {words}.")
    for t in result.thresholds:
        at = prose_equation(name, t.exact, True) if t.exact is not None else prose_equation(name, t.value, False)
        change = describe_change(result.structures[t.before], result.structures[t.after], players)
        text = f"At {at}{' exactly' if t.exact is not None else ''}, the answer changes: {change}."
        if t.at is not None and t.at not in (t.before, t.after):
            text += (f" {'At exactly that value' if t.exact is not None else 'At the threshold itself'} "
                     f"the stable outcomes are "
                     f"{describe_structure(result.structures[t.at], players)}.")
        paragraphs.append(text)
    for iso in result.isolated:
        at = prose_equation(name, iso.exact, True) if iso.exact is not None else prose_equation(name, iso.value, False)
        paragraphs.append(f"At {at} alone (a tie), the stable outcomes are "
                          f"{describe_structure(result.structures[iso.structure], players)}.")
    if not result.thresholds:
        paragraphs.append(f"The stable outcomes do not change anywhere in this range of {name}.")
    if spec.shape == (2, 2):
        entries = type_regimes(spec, name, axis.start, axis.stop, axis.steps, fixed)
        words = []
        for e in entries:
            if e[0] == "range":
                words.append(f"{_range_words(name, e[1], e[2], (True, True))}: {e[3].name}")
            else:
                words.append(f"at {prose_equation(name, e[1], e[2])}: {e[3].name}")
        if len(entries) == 1:
            paragraphs.append(f"The game's shape (2x2 ordinal type) stays the same over the whole range: "
                              f"{entries[0][3].name}.")
        else:
            paragraphs.append("The game's shape (2x2 ordinal type) changes: " + "; ".join(words) + ".")
    names = _user_names(players, spec.parameters)
    for code, message in result.warnings:
        paragraphs.append(_sentence(message, names) + ("" if message.endswith(".") else "."))
    return Section("thresholds", f"How the answer changes with {name}", tuple(paragraphs))


# ------------------------------------------------------------------ entry point


def explain(spec: GameSpec, values: Mapping[str, float], solution, *,
            sweep: str | None = None, fixed: Mapping[str, Fraction] | None = None,
            budget=None) -> Explanation:
    """A plain-language account of a solved game.

    Parameters
    ----------
    spec
        The payoff file (names, outcome notes, scale note).
    values
        Parameter values used (for the text).
    solution
        :func:`wedge_cli.solve.solve` of ``spec.game(...)`` at those values.
    sweep
        Optional axis for a 1-D sweep (``NAME`` or ``NAME=START:STOP[:STEPS]``,
        see :func:`wedge_cli.sweep.core.parse_axis`); adds the ``thresholds`` section.
    fixed
        The ``--set`` values (exact), used by the sweep.
    budget
        A :class:`wedge_cli.budget.Budget` shared by the dominance analysis and the sweep
        (None: none for the analysis, the default for the sweep).

    Returns
    -------
    Explanation
        Sections ``game``, ``stable``, ``dominance``, ``efficiency``, ``shape``
        (2x2 only), ``bargaining`` (2 players only), ``thresholds`` (with
        ``sweep``), ``notes`` (when the solver warned).
    """
    from wedge_cli.analysis.classify import classify
    from wedge_cli.analysis.properties import equilibrium_properties, risk_comparison, security_levels
    from wedge_cli.solve.dominance import dominance_analysis

    game = solution.game
    view = _View(spec, game)
    analysis = dominance_analysis(game, solution.tol, budget=budget)
    security = security_levels(game, budget)
    props = equilibrium_properties(solution, security)
    sections = [
        _section_game(view, values),
        _section_stable(view, solution, props, analysis),
        _section_dominance(view, analysis),
        _section_efficiency(view, solution, props, security, risk_comparison(solution)),
    ]
    c = classify(game)
    if c is not None:
        sections.append(_section_shape(view, c))
    if game.n_players == 2:
        from wedge_cli.analysis.bargain import bargain

        sections.append(_section_bargaining(view, solution, bargain(game)))
    if sweep is not None:
        sections.append(_section_sweep(spec, sweep, dict(fixed or {}), budget))
    notes = _section_notes(solution)
    if notes is not None:
        sections.append(notes)
    return Explanation(spec.title or "Game", tuple(sections))

