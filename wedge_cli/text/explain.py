"""A plain-language account of a game's results, for readers who do not know game theory
(``wedge explain``, docs/cli.md): :func:`explain` puts the sections together.

The sections are in :mod:`wedge_cli.text.explanation`, one module each; the ``thresholds``
section of a sweep and :func:`type_regimes` are here.

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
(``2.4``, ``37.5%``); any other is rounded and marked ("about 0.357"), by the ``prose_``
functions of :mod:`wedge_cli.text.numbers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from wedge_cli.analysis.bargain import bargain
from wedge_cli.analysis.classify import classify
from wedge_cli.analysis.properties import risk_comparison
from wedge_cli.analysis.summary import analyse
from wedge_cli.model import GameSpec
from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.core import sweep
from wedge_cli.text.explanation.bargaining import bargaining_section
from wedge_cli.text.explanation.dominance import dominance_section
from wedge_cli.text.explanation.efficiency import efficiency_section
from wedge_cli.text.explanation.game import game_section
from wedge_cli.text.explanation.notes import notes_section
from wedge_cli.text.explanation.prose import Explanation, Section, sentence, user_names
from wedge_cli.text.explanation.shape import shape_section
from wedge_cli.text.explanation.stable import stable_section
from wedge_cli.text.explanation.view import GameView
from wedge_cli.text.numbers import prose_equation, prose_number
from wedge_cli.text.structures import describe_change, describe_structure

__all__ = ["Explanation", "Section", "explain", "type_regimes"]


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
    axis = parse_axis(axis_text, spec, flag="--sweep")
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
        paragraphs.append(f"{sentence(_range_words(name, regime.start, regime.stop, regime.closed))}: "
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
    names = user_names(players, spec.parameters)
    for code, message in result.warnings:
        paragraphs.append(sentence(message, names) + ("" if message.endswith(".") else "."))
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
        see :func:`wedge_cli.sweep.axis.parse_axis`); adds the ``thresholds`` section.
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
    game = solution.game
    view = GameView(spec, game)
    summary = analyse(solution, budget)  # what wedge solve reports, computed the same way
    sections = [
        game_section(view, values),
        stable_section(view, solution, summary.properties, summary.dominance),
        dominance_section(view, summary.dominance),
        efficiency_section(view, solution, summary.properties, summary.security, risk_comparison(solution)),
    ]
    if summary.classification is not None:
        sections.append(shape_section(view, summary.classification))
    if game.n_players == 2:
        sections.append(bargaining_section(view, solution, bargain(game)))
    if sweep is not None:
        sections.append(_section_sweep(spec, sweep, dict(fixed or {}), budget))
    notes = notes_section(solution)
    if notes is not None:
        sections.append(notes)
    return Explanation(spec.title or "Game", tuple(sections))
