"""The ``dominance`` section of ``wedge explain`` (docs/cli.md): the choices iterated strict
dominance rules out, round by round, and the weakly dominated ones
(:mod:`wedge_cli.solve.dominance` computes them).
"""

from __future__ import annotations

from wedge_cli.text.explanation.prose import Section, join, plural
from wedge_cli.text.explanation.view import GameView, strategy_words
from wedge_cli.text.numbers import prose_number


def dominance_section(view: GameView, analysis) -> Section:
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
            by = strategy_words(view, d.player, d.by)
            against = "whatever the others do" if r == 1 else "against every choice the others have left"
            sentence = (f"{player.name}'s {player.strategies[d.strategy]} is never the best choice: {by} does "
                        f"better {against} (by at least {prose_number(d.margin)})")
            if not d.pure:
                sentence += ", even though no single alternative does better in every case"
            sentences.append(sentence)
        if r == 1:
            paragraphs.append(". ".join(sentences) + ".")
        else:
            paragraphs.append(f"Once {join(earlier)} {plural(len(earlier), 'is', 'are')} ruled out: "
                              + "; ".join(sentences) + ".")
        earlier.extend(f"{view.players[d.player].name}'s {view.players[d.player].strategies[d.strategy]}"
                       for d in group)
    if analysis.eliminated:
        left = [f"{p.name}: {join([p.strategies[s] for s in analysis.surviving[i]], 'or')}"
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
            f"{strategy_words(view, d.player, d.by)}: never better, and worse in some cases (by up to "
            f"{prose_number(d.margin)}). It can still be part of an equilibrium, but a cautious side would avoid it.")
    return Section("dominance", "Choices that are never worth making", tuple(paragraphs))
