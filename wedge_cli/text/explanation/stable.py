"""The ``stable`` section of ``wedge explain`` (docs/cli.md): each Nash equilibrium in
words, why no side gains by leaving it, whether the list is complete, and the continua.
"""

from __future__ import annotations

from wedge_cli.text.explanation.prose import Section, join, plural
from wedge_cli.text.explanation.view import GameView, best_deviation
from wedge_cli.text.numbers import prose_number, prose_percent


def _pure_paragraph(view: GameView, k: int, eq, props) -> str:
    profile = [s[0] for s in eq.support]
    pays = view.eq_payoffs(eq)
    text = f"{k}. {view.profile(profile)}: {view.payoffs_text(pays)}."
    mix = view.mix_of(eq)
    reasons, fragile = [], []
    for p, player in enumerate(view.players):
        dev = best_deviation(view, p, mix)
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
                 + join(fragile) + ", so nothing but habit holds it there: a stable but fragile outcome.")
    elif fragile:
        text += (" No one gains by changing alone, but " + join(fragile)
                 + ", so it is stable only in the weak sense that nobody strictly gains by leaving.")
    if props.dominated_by:
        better = join([view.profile(o) for o in props.dominated_by], "or")
        text += f" It is not efficient: {better} would be at least as good for everyone and better for some."
    note = view.note(profile)
    if note:
        text += f" The file's note on this outcome: \u201c{note.strip()}\u201d"
    return text


def _mixed_paragraph(view: GameView, k: int, eq, props) -> str:
    mix = view.mix_of(eq)
    pays = view.eq_payoffs(eq)
    parts = []
    for p, player in enumerate(view.players):
        used = [(player.strategies[j], w) for j, w in enumerate(mix[p]) if w]
        if len(used) == 1:
            parts.append(f"{player.name} plays {used[0][0]}")
        else:
            parts.append(f"{player.name} plays " + join([f"{s} {prose_percent(w)} of the time" for s, w in used]))
    text = (f"{k}. A randomised equilibrium: {'; '.join(parts)}. Expected payoffs: {view.payoffs_text(pays)}. "
            "Each side's odds leave the other exactly indifferent between the choices it mixes, so no one gains "
            "by changing; but the balance is knife-edge: if either side came to believe the other had shifted "
            "its odds, one choice would become strictly better.")
    outside = []
    for p, player in enumerate(view.players):
        dev = best_deviation(view, p, mix)
        if dev is not None and len([w for w in mix[p] if w]) > 1:
            s, value = dev
            outside.append(f"{player.name}'s unused {player.strategies[s]} would give {prose_number(value)}")
    if outside:
        text += " " + join(outside) + "."  # starts with a player's name: keep it as written
    at_floor = [view.players[p].name for p, g in enumerate(props.gain_over_security) if g == 0]
    if at_floor:
        text += (f" Here {join(at_floor)} get{'s' if len(at_floor) == 1 else ''} no more than "
                 f"{'it' if len(at_floor) == 1 else 'they'} could guarantee alone (the security level below).")
    if props.dominated_by:
        better = join([view.profile(o) for o in props.dominated_by], "or")
        text += f" It is not efficient: {better} would be at least as good for everyone and better for some."
    return text


def stable_section(view: GameView, solution, props, analysis) -> Section:
    eqs = solution.equilibria
    n = len(eqs)
    paragraphs = []
    single = all(len(s) == 1 for s in analysis.surviving)
    if n == 0:
        head = "No stable outcome was found."
    else:
        head = (f"There {plural(n, 'is', 'are')} {n} stable {plural(n, 'outcome', 'outcomes')} (Nash "
                f"{plural(n, 'equilibrium', 'equilibria')}): {plural(n, 'an outcome', 'outcomes')} from which no "
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
            f"Equilibria {join([str(i + 1) for i in c])} belong together: every mix of two of them that share "
            "one side's choice is stable too, so they are the corners of a whole range of stable outcomes.")
    return Section("stable", "Stable outcomes (Nash equilibria)", tuple(paragraphs))
