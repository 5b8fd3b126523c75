"""The ``notes`` section of ``wedge explain`` (docs/cli.md): the solver's warnings as sentences."""

from __future__ import annotations

from wedge_cli.text.explanation.prose import Section, sentence, user_names


def notes_section(solution) -> Section | None:
    names = user_names(solution.game.players)
    notes = [sentence(w.message, names) + ("" if w.message.endswith(".") else ".") for w in solution.warnings]
    if not notes:
        return None
    return Section("notes", "Notes on the computation", tuple(notes))
