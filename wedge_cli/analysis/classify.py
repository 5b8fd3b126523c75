"""The ordinal type of a 2x2 game, in the Robinson-Goforth topology.

Only the order of each player's four payoffs matters here. With strict
preferences there are 144 distinct 2x2 games once each player's strategies
may be relabelled (Robinson & Goforth 2005, *The Topology of the 2x2 Games: A
New Periodic Table*, Routledge). A game is put in a canonical orientation:

* rows are ordered so that the row player's best outcome (rank 4) is in the
  second row, and columns so that the column player's best outcome is in the
  second column;
* each player's *pattern* is then its 2x2 matrix of ranks, read from its own
  side (the column player's matrix transposed), i.e. ``(a, b, c, d)`` for
  ``[[a, b], [c, d]]`` with ``4`` in ``{c, d}``: 12 possible patterns.

The 144 games are the 12 x 12 pairs of patterns (Robinson & Goforth's grid).
A game whose two players have the same pattern is symmetric and is named
after the classic game with that pattern; following Bruns (2015, "Names for
games: locating 2x2 games", *Games* 6:495-520), an asymmetric game is located
by its two patterns ("a hybrid of Chicken and Leader"), and a game with no
pure equilibrium (the best replies cycle) is Matching Pennies-like.

Ties are not broken silently: each player's tied payoffs are broken in every
possible way, and the family is reported only when every way gives the same
one (otherwise ``family`` is None and ``candidates`` lists them): a game with
ties sits on the boundary between the strict games it can be broken into.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from wedge_cli.model import Game

#: The 12 patterns ``(a, b, c, d)`` (ranks, 4 = best, in canonical orientation)
#: and the symmetric game each one names: (family, display name).
PATTERNS: dict[tuple[int, int, int, int], tuple[str, str]] = {
    (3, 1, 4, 2): ("prisoners_dilemma", "Prisoner's Dilemma"),
    (3, 2, 4, 1): ("chicken", "Chicken"),
    (2, 1, 4, 3): ("deadlock", "Deadlock"),
    (2, 3, 4, 1): ("leader", "Leader"),
    (1, 3, 4, 2): ("battle_of_the_sexes", "Battle of the Sexes"),
    (1, 2, 4, 3): ("compromise", "Compromise"),
    (1, 3, 2, 4): ("harmony", "Harmony"),
    (1, 2, 3, 4): ("peace", "Peace"),
    (2, 1, 3, 4): ("concord", "Concord"),
    (2, 3, 1, 4): ("stag_hunt", "Stag Hunt"),
    (3, 1, 2, 4): ("assurance", "Assurance"),
    (3, 2, 1, 4): ("coordination", "Coordination"),
}

#: Every family name :func:`classify` can return, in documentation order.
FAMILIES = (*(f for f, _ in PATTERNS.values()), "matching_pennies", "hybrid")

_DISPLAY = {family: name for family, name in PATTERNS.values()}
_DISPLAY["matching_pennies"] = "Matching Pennies-like cycle"
_DISPLAY["hybrid"] = "asymmetric hybrid"


def display_name(family: str) -> str:
    """The display name of a family (e.g. ``"Stag Hunt"`` for ``stag_hunt``)."""
    return _DISPLAY[family]


@dataclass(frozen=True)
class StrictType:
    """One strict ordinal 2x2 game: its family and each player's pattern family."""

    family: str
    row_pattern: str
    column_pattern: str

    @property
    def name(self) -> str:
        if self.family == "hybrid":
            return f"hybrid of {display_name(self.row_pattern)} and {display_name(self.column_pattern)}"
        if self.family == "matching_pennies":
            return (f"Matching Pennies-like cycle ({display_name(self.row_pattern)} and "
                    f"{display_name(self.column_pattern)} patterns)")
        return display_name(self.family)


@dataclass(frozen=True)
class Classification:
    """The ordinal type of a 2x2 game.

    Attributes
    ----------
    family
        A name from :data:`FAMILIES`, or None when ties make the type
        ambiguous (see ``candidates``).
    name
        A short description for people ("Chicken", "hybrid of Chicken and
        Leader", "between Chicken and Leader (ties)").
    ordinal
        ``ordinal[i][j] = (rank of player 1, rank of player 2)`` at the profile
        (row ``i``, column ``j``) in file order; 4 = best, 1 = worst; tied
        payoffs share the lower rank.
    strict
        No player has two equal payoffs.
    types
        Every strict type the game becomes when its ties are broken (one entry
        for a strict game), without repeats, in a fixed order.
    """

    family: str | None
    name: str
    ordinal: tuple[tuple[tuple[int, int], ...], ...]
    strict: bool
    types: tuple[StrictType, ...]

    @property
    def candidates(self) -> tuple[str, ...]:
        """The families of :attr:`types`, without repeats, in :data:`FAMILIES` order."""
        found = {t.family for t in self.types}
        return tuple(f for f in FAMILIES if f in found)

    @property
    def patterns(self) -> tuple[str | None, str | None]:
        """Each player's pattern family, or None where ties make it ambiguous."""
        rows = {t.row_pattern for t in self.types}
        cols = {t.column_pattern for t in self.types}
        return (rows.pop() if len(rows) == 1 else None, cols.pop() if len(cols) == 1 else None)


def _ranks(values: list) -> tuple[int, ...]:
    """Rank 1 + number of strictly smaller values (ties share the lower rank)."""
    return tuple(1 + sum(1 for w in values if w < v) for v in values)


def _strict_orders(values: list) -> list[tuple[int, ...]]:
    """Every strict ranking 1..4 of ``values`` consistent with their order (ties broken every way)."""
    levels = sorted(set(values))
    groups = [[i for i, v in enumerate(values) if v == level] for level in levels]
    out = []
    for perms in itertools.product(*(itertools.permutations(g) for g in groups)):
        ranks = [0] * len(values)
        r = 1
        for perm in perms:
            for i in perm:
                ranks[i] = r
                r += 1
        out.append(tuple(ranks))
    return out


def strict_type(row: tuple[int, int, int, int], column: tuple[int, int, int, int]) -> StrictType:
    """The type of a strict ordinal game.

    Parameters
    ----------
    row, column
        Each player's ranks 1..4 (all different) at the profiles
        ``(0,0), (0,1), (1,0), (1,1)`` (row strategy, column strategy), file order.
    """
    # orient: row player's 4 in the second row, column player's 4 in the second column
    flip_rows = row.index(4) in (0, 1)
    flip_cols = column.index(4) in (0, 2)

    def at(ranks, i, j):
        i = 1 - i if flip_rows else i
        j = 1 - j if flip_cols else j
        return ranks[2 * i + j]

    row_pattern = (at(row, 0, 0), at(row, 0, 1), at(row, 1, 0), at(row, 1, 1))
    column_pattern = (at(column, 0, 0), at(column, 1, 0), at(column, 0, 1), at(column, 1, 1))
    rp, cp = PATTERNS[row_pattern][0], PATTERNS[column_pattern][0]
    if rp == cp:
        family = rp
    elif not _has_pure_equilibrium(row, column):
        family = "matching_pennies"
    else:
        family = "hybrid"
    return StrictType(family, rp, cp)


def _has_pure_equilibrium(row, column) -> bool:
    for i in (0, 1):
        for j in (0, 1):
            if row[2 * i + j] >= row[2 * (1 - i) + j] and column[2 * i + j] >= column[2 * i + 1 - j]:
                return True
    return False


def classify(game: Game) -> Classification | None:
    """The Robinson-Goforth type of a 2x2 game; None for any other shape.

    Parameters
    ----------
    game
        A concrete game. Exact payoffs are compared exactly; float payoffs as
        they are (two payoffs tie only when equal).

    Returns
    -------
    Classification or None
    """
    if game.shape != (2, 2):
        return None
    payoffs = game.exact if game.exact is not None else game.payoffs
    values = [[payoffs[p][i, j] for i in (0, 1) for j in (0, 1)] for p in (0, 1)]
    ranks = [_ranks(v) for v in values]
    ordinal = tuple(tuple((ranks[0][2 * i + j], ranks[1][2 * i + j]) for j in (0, 1)) for i in (0, 1))
    strict = all(len(set(v)) == 4 for v in values)
    seen: dict[StrictType, None] = {}
    for r in _strict_orders(values[0]):
        for c in _strict_orders(values[1]):
            seen.setdefault(strict_type(r, c), None)
    types = tuple(sorted(seen, key=lambda t: (FAMILIES.index(t.family), FAMILIES.index(t.row_pattern),
                                              FAMILIES.index(t.column_pattern))))
    families = {t.family for t in types}
    if strict:
        family, name = types[0].family, types[0].name
    elif len(families) == 1:
        family = types[0].family
        name = (types[0].name if len(types) == 1 else display_name(family)) + " (with ties; every way of breaking them gives this type)"
    else:
        family = None
        shown = [display_name(f) for f in FAMILIES if f in families and f != "hybrid"]
        if len(shown) < 2:
            shown.append("asymmetric hybrids")
        name = "between " + _or(shown) + " (ties)"
    return Classification(family, name, ordinal, strict, types)


def _or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]

