"""The first section of ``wedge explain`` (docs/cli.md): who chooses between what, the
order outcomes are written in, the parameter values and the file's note on the payoffs.
"""

from __future__ import annotations

from collections.abc import Mapping

from wedge_cli.text.explanation.prose import Section, join
from wedge_cli.text.explanation.view import GameView
from wedge_cli.text.numbers import parameter_text


def game_section(view: GameView, values: Mapping[str, float]) -> Section:
    names = [p.name for p in view.players]
    paragraphs = []
    choose = "choose at the same time, once" if view.n > 1 else "chooses once"
    paragraphs.append(
        f"{join(names)} {choose}. "
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
    return f"{player.name} chooses between {join(player.strategies)}."
