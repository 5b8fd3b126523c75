"""The ``shape`` section of ``wedge explain`` (docs/cli.md): the 2x2 ordinal type
(:mod:`wedge_cli.analysis.classify`, docs/concepts.md) and what each family is like, in words.
"""

from __future__ import annotations

import numpy as np

from wedge_cli.analysis.classify import display_name
from wedge_cli.text.explanation.prose import Section, article, join
from wedge_cli.text.explanation.view import GameView
from wedge_cli.text.numbers import prose_number

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


def _ties_words(view: GameView) -> list[str]:
    out = []
    for p, player in enumerate(view.players):
        groups: dict = {}
        for idx in np.ndindex(*view.game.shape):
            groups.setdefault(view.payoff(p, idx), []).append(idx)
        for value, cells in groups.items():
            if len(cells) > 1:
                out.append(f"{player.name} gets the same {prose_number(value)} from "
                           f"{join([view.profile(c) for c in cells])}")
    return out


def shape_section(view: GameView, c) -> Section:
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
            paragraphs.append(lead + f" However the ties are broken, the game is {article(display_name(c.family))} "
                                     f"{display_name(c.family)} game: {FAMILY_WORDS[c.family]}.")
        else:
            names = [display_name(f) for f in c.candidates if f != "hybrid"]
            text = (lead + " A game with ties sits on the boundary between game types; breaking these ties one way "
                    f"or the other gives {join(names, 'or') if names else 'different asymmetric games'}")
            if "hybrid" in c.candidates and names:
                text += ", or a hybrid of them"
            paragraphs.append(text + ".")
            for f in c.candidates:
                if f != "hybrid":
                    paragraphs.append(f"{display_name(f)}: {FAMILY_WORDS[f]}.")
    return Section("shape", "The shape of the game", tuple(paragraphs))
