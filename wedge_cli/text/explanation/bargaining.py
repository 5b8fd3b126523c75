"""The ``bargaining`` section of ``wedge explain`` (docs/cli.md): the Nash,
Kalai-Smorodinsky and egalitarian deals of a 2-player game (:mod:`wedge_cli.analysis.bargain`,
docs/concepts.md) and the mixes of outcomes that reach them.
"""

from __future__ import annotations

from wedge_cli.text.explanation.prose import Section, join
from wedge_cli.text.explanation.view import GameView
from wedge_cli.text.numbers import prose_number, prose_percent


def _mix_words(view: GameView, mix) -> str:
    if len(mix) == 1:
        return f"by settling on {view.profile(mix[0][0])}"
    return ("by taking turns, or drawing lots, between "
            + join([f"{view.profile(prof)} {prose_percent(w)} of the time" for prof, w in mix]))


def bargaining_section(view: GameView, solution, result) -> Section:
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
                 f"{join(better)}, and better for one.")
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
