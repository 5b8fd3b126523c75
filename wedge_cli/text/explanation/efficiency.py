"""The ``efficiency`` section of ``wedge explain`` (docs/cli.md): Pareto-efficient outcomes,
payoff and risk dominance among the equilibria, and each side's security level
(:mod:`wedge_cli.analysis.properties` computes them).
"""

from __future__ import annotations

from collections.abc import Sequence

from wedge_cli.analysis.properties import pareto_efficient_outcomes
from wedge_cli.text.explanation.prose import Section, join
from wedge_cli.text.explanation.view import GameView, strategy_words
from wedge_cli.text.numbers import prose_number


def _profitable_switch(view: GameView, profile: Sequence[int]) -> str | None:
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


def efficiency_section(view: GameView, solution, props, security, risk) -> Section:
    paragraphs = []
    eqs = solution.equilibria
    efficient = pareto_efficient_outcomes(view.game, solution.tol)
    paragraphs.append(
        "Outcomes that cannot be made better for one side without making them worse for another "
        f"(Pareto-efficient): {join([view.profile(o) for o in efficient])}.")
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
                f"Equilibria {join([str(k) for k in dominant])} give every side the same payoffs, more than any "
                "other equilibrium (they are payoff-dominant): sides that can talk before choosing would settle on "
                "one of them, though they would still have to agree which.")
        else:
            favourites = []
            for p, player in enumerate(view.players):
                pays = [view.eq_payoffs(eq)[p] for eq in eqs]
                top = max(pays)
                best = [str(k) for k, v in enumerate(pays, start=1) if v == top]
                favourites.append(f"{player.name} prefers equilibrium {join(best, 'or')}")
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
        how = strategy_words(view, s.player, s.strategy)
        guarantees.append(f"{player.name} {prose_number(value)} by {'playing ' if len(s.strategy) == 1 else ''}{how}")
    paragraphs.append(
        "What each side can guarantee itself whatever the others do (its security level): "
        + "; ".join(guarantees) + ". Every equilibrium gives each side at least this much.")
    return Section("efficiency", "Efficiency and which equilibrium to expect", tuple(paragraphs))
