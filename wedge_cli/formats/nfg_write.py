"""Write a game as a Gambit strategic-form (``.nfg``) file, and say what Gambit would refuse.

:func:`write_nfg` writes the outcome version, which :func:`~wedge_cli.formats.nfg_read.read_nfg`
reads back exactly; :func:`gambit_problems` lists what Gambit 16 itself would refuse or
misread; :func:`outcome_label` makes a note an outcome label Gambit accepts. The format:
docs/format.md ("Gambit .nfg files").
"""

from __future__ import annotations

import math
import numbers
import unicodedata
from collections.abc import Mapping
from fractions import Fraction

import numpy as np

from wedge_cli.model import Game

_PUNCTUATION = str.maketrans(
    {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
)


def quote(text: str) -> str:
    """A Gambit string literal that :func:`read_nfg` reads back as ``text``.

    Quotes are escaped as ``\\"``; a backslash is doubled only where it stands
    before a quote, another backslash or the closing quote, so that names with
    a lone backslash also read correctly in Gambit itself.
    """
    out = []
    for i, char in enumerate(text):
        if char == '"':
            out.append('\\"')
        elif char == "\\" and (i + 1 == len(text) or text[i + 1] in '"\\'):
            out.append("\\\\")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def gambit_number(value: object, what: str = "payoff", suffix: str = ".nfg") -> str:
    """A number as Gambit's files write it: ``p/q`` (or an integer) when exact, else the shortest
    decimal; ``what`` and ``suffix`` name the number and the file in the errors (.efg files too)."""
    if isinstance(value, bool):
        raise TypeError(f"a {what} cannot be a boolean: {value!r}")
    if isinstance(value, numbers.Rational):
        return str(Fraction(value))
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot write the non-finite {what} {number!r} to an {suffix} file")
    if number == 0:
        return "0"  # also -0.0
    # Gambit's lexer takes no '+' in an exponent: 1e+20 -> 1e20.
    return repr(number).replace("e+", "e")


def _gambit_label_problem(label: str) -> str | None:
    """Why Gambit 16 would refuse or misread ``label`` as a player/strategy/outcome label."""
    if any(not (0x20 <= ord(c) < 0x7F) for c in label):
        return "has characters other than printable ASCII"
    if label != label.strip(" ") or "  " in label:
        return "begins or ends with a space or has two spaces in a row"
    if quote(label).count("\\\\"):
        return "has a backslash before a quote, another backslash or the end, which Gambit misreads"
    return None


def outcome_label(note: str) -> str:
    """``note`` made into an outcome label Gambit 16 accepts.

    Letters are folded to ASCII (``é`` -> ``e``), typographic dashes and quotes
    become ``-``, ``'`` and ``"``, other non-ASCII and control
    characters dropped, runs of whitespace collapsed to one space, and
    backslashes replaced by ``/``.
    """
    folded = unicodedata.normalize("NFKD", note.translate(_PUNCTUATION)).encode("ascii", "ignore").decode("ascii")
    folded = "".join(c if 0x20 <= ord(c) < 0x7F else " " for c in folded.replace("\\", "/"))
    return " ".join(folded.split())


def gambit_problems(game: Game, comment: str = "") -> list[str]:
    """What in ``game`` Gambit 16 (pygambit) would refuse or misread in :func:`write_nfg`'s output.

    :func:`write_nfg` writes every name exactly, so wedge reads it back
    unchanged; Gambit 16.7, however, accepts only player and strategy labels of
    printable ASCII without leading, trailing or doubled spaces, refuses a
    label such as ``"2"`` on the first of two players or strategies (it
    relabels its default labels ``"1"``, ``"2"``, ... in order), and its Python
    reader fails on a non-ASCII title or comment. Use this to warn before
    exporting.
    Outcome labels are always made acceptable (:func:`outcome_label`).
    """
    problems = []
    if any(ord(c) > 0x7F for c in game.title):
        problems.append(f"the title {game.title!r} has non-ASCII characters")
    elif "\\\\" in quote(game.title):
        problems.append(f"the title {game.title!r} has a backslash before a quote, another backslash or the end")
    if any(ord(c) > 0x7F for c in comment):
        problems.append("the comment has non-ASCII characters")
    elif "\\\\" in quote(comment):
        problems.append("the comment has a backslash before a quote, another backslash or the end")
    # Gambit 16.7 labels a new table's players and strategies "1", "2", ... and
    # relabels them in file order, refusing a label still held by a later one.
    later = "is the number of a later {what}, which Gambit 16.7 refuses (it relabels them in order)"
    n = game.n_players
    for i, player in enumerate(game.players):
        reason = _gambit_label_problem(player.name)
        if reason is None and player.name in {str(q) for q in range(i + 2, n + 1)}:
            reason = later.format(what="player")
        if reason:
            problems.append(f"player name {player.name!r} {reason}")
        k = len(player.strategies)
        for j, strategy in enumerate(player.strategies):
            reason = _gambit_label_problem(strategy)
            if reason is None and strategy in {str(q) for q in range(j + 2, k + 1)}:
                reason = later.format(what="strategy")
            if reason:
                problems.append(f"strategy name {strategy!r} of {player.name!r} {reason}")
    return problems


def write_nfg(game: Game, comment: str = "", *, notes: Mapping[tuple[int, ...], str] | None = None) -> str:
    """The outcome version of a Gambit ``.nfg`` file for ``game``.

    Title, player and strategy names and the comment are written exactly, so
    :func:`read_nfg` reads them back unchanged (see :func:`gambit_problems` for
    names Gambit itself refuses). Every profile gets its own outcome, labelled
    with ``outcome_label(notes[profile])`` when a note is given, else unlabelled.
    Payoffs are exact (``3/2``) when ``game.exact`` is set, else the shortest
    ``repr`` of each float (``e+`` written as ``e``), which :func:`read_nfg`
    reads back to the same float.

    Parameters
    ----------
    game : Game
        The concrete game.
    comment : str
        Written as the file's comment (read back as ``GameSpec.description``).
    notes : mapping, optional
        Notes by profile (tuple of strategy indices), written as outcome labels.

    Returns
    -------
    str
        The file text, ending with a newline.
    """
    notes = notes or {}
    shape = game.shape
    source = game.exact if game.exact is not None else game.payoffs
    lines = [f"NFG 1 R {quote(game.title)} {{ {' '.join(quote(p.name) for p in game.players)} }}", ""]
    lines.append("{ " + "\n".join("{ " + " ".join(quote(s) for s in p.strategies) + " }" for p in game.players))
    lines.append("}")
    lines.append(quote(comment))
    lines.append("")
    lines.append("{")
    profiles = list(np.ndindex(*shape[::-1]))
    for reverse in profiles:
        profile = reverse[::-1]
        payoffs = ", ".join(gambit_number(source[(p, *profile)]) for p in range(game.n_players))
        label = outcome_label(notes[profile]) if profile in notes else ""
        lines.append(f"{{ {quote(label)} {payoffs} }}")
    lines.append("}")
    per_line = shape[0]
    for start in range(0, len(profiles), per_line):
        lines.append(" ".join(str(k + 1) for k in range(start, min(start + per_line, len(profiles)))))
    return "\n".join(lines) + "\n"
