"""``wedge explain TREE --sweep P`` for perfect Bayesian equilibria: where the set changes, in words.

The sweep is :func:`wedge_cli.sweep.tree.sweep_tree` with ``concept="pbe"`` (exact
thresholds where payoffs are polynomial in the parameter). Equilibria that differ only
off the path are told once, with how many there are; a threshold says which
equilibria appear and which disappear, as the parameter rises.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from fractions import Fraction

from wedge_cli.sweep.axis import parse_axis
from wedge_cli.sweep.tree import sweep_tree
from wedge_cli.text.explanation.prose import Section, article, join, plural
from wedge_cli.text.numbers import prose_equation, prose_number
from wedge_cli.text.trees import path_text
from wedge_cli.tree import TreeSpec

__all__ = ["pbe_sweep_section"]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count_word(n: int) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"


def _one(key: tuple, count: int, more: bool = False) -> str:
    """``a separating one (Committed → Offer → Realign or ...)``; ``two pooling ones that fail the intuitive
    criterion, differing only off the path (...)``; ``another ...`` when ``more`` (one like it was there)."""
    kind, verdict, paths = key
    where = f"({join([path_text(p) for p in paths], 'or')})"
    if count == 1:
        head = ("another" if more else article(kind or "one")) + (f" {kind} one" if kind else " one")
        fails = " that fails the intuitive criterion" if verdict is False else ""
        return f"{head}{fails} {where}"
    head = _count_word(count) + (" more" if more else "") + (f" {kind} ones" if kind else " equilibria")
    fails = " that fail the intuitive criterion" if verdict is False else ""
    return f"{head}{fails}, differing only off the path {where}"


def _verb(items: list[str], counted: Counter, verb: str) -> str:
    """``appears`` for one equilibrium, ``appear`` for several."""
    return verb + "s" if len(items) == 1 and sum(counted.values()) == 1 else verb


def _members(regime) -> Counter:
    return Counter((kind, verdict, paths) for paths, (kind, verdict, _) in zip(regime.paths, regime.kinds))


def _set_words(regime) -> str:
    members = _members(regime)
    if not members:
        return "no pure perfect Bayesian equilibrium"
    total = sum(members.values())
    return (f"{_count_word(total)} {plural(total, 'pure perfect Bayesian equilibrium', 'pure perfect Bayesian equilibria')}: "
            + join([_one(key, n) for key, n in members.items()]))


def pbe_sweep_section(spec: TreeSpec, text: str, fixed: Mapping[str, Fraction], budget) -> Section:
    """The ``thresholds`` section: each stretch of the parameter with its equilibria, and what changes where."""
    axis = parse_axis(text, spec, flag="--sweep")
    result = sweep_tree(spec, axis, fixed, budget=budget, concept="pbe")
    name = axis.name
    paragraphs = []
    if not result.thresholds:
        paragraphs.append(f"Between {prose_number(axis.start)} and {prose_number(axis.stop)}, {name} changes none "
                          "of the perfect Bayesian equilibria.")
    for t, before, after in zip(result.thresholds, result.regimes, result.regimes[1:]):
        at = prose_equation(name, t.exact if t.exact is not None else t.value, t.exact is not None or t.certified)
        old, new = _members(before), _members(after)
        gone = [_one(key, n) for key, n in (old - new).items()]
        come = [_one(key, n, key in old) for key, n in (new - old).items()]
        changes = ([f"{join(gone)} {_verb(gone, old - new, 'disappear')}"] if gone else []) + (
            [f"{join(come)} {_verb(come, new - old, 'appear')}"] if come else [])
        paragraphs.append(f"At {at} (as {name} rises): " + ("; ".join(changes) if changes else
                                                              "the equilibria change only off the path") + ".")
    for r in result.regimes:
        start = r.exact_start if r.exact_start is not None else r.start
        stop = r.exact_stop if r.exact_stop is not None else r.stop
        paragraphs.append(f"For {name} from {prose_number(start)} to {prose_number(stop)}: {_set_words(r)}.")
    # the pure_only note is what every stretch above already says ("pure perfect Bayesian equilibria")
    paragraphs += [w["message"] + "." for w in result.warnings if w["code"] != "pure_only"]
    return Section("thresholds", f"How the equilibria change with {name}", tuple(paragraphs))
