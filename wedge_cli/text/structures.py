"""A sweep's structures in words: a regime's label and what changes at a threshold.

Words only; the structures themselves come from :mod:`wedge_cli.sweep.result`.
See docs/sweep.md#structure-and-regimes.
"""

from __future__ import annotations

from wedge_cli.solve.many import Structure


def _profile_words(support, players, prefix: bool = True) -> str:
    if all(len(s) == 1 for s in support):
        return "(" + ", ".join(p.strategies[s[0]] for p, s in zip(players, support)) + ")"
    parts = [f"{p.name}: " + "+".join(p.strategies[i] for i in s) for p, s in zip(players, support)]
    return ("mixed (" if prefix else "(") + "; ".join(parts) + ")"


def describe_structure(structure: Structure, players) -> str:
    """A regime's label in words, e.g. ``"(Maintain, FreeRide); (Retrench, Rearm); mixed (...)"``."""
    if not structure.supports:
        return "no pure equilibrium" if structure.pure_only else "no equilibrium found"
    return "; ".join(_profile_words(s, players) for s in structure.supports)


def _strategy_words(player, support) -> str:
    if len(support) == 1:
        return player.strategies[support[0]]
    return "a mix of " + ", ".join(player.strategies[i] for i in support)


def describe_change(before: Structure | None, after: Structure | None, players) -> str:
    """What happens at a threshold, in words.

    With one equilibrium on each side: ``"Russia's equilibrium strategy
    changes StayWithChina -> Hedge"`` (one clause per player that changes);
    otherwise which equilibria appear and disappear.
    """
    if before is None or after is None:
        return ""
    if len(before.supports) == 1 and len(after.supports) == 1:
        b, a = before.supports[0], after.supports[0]
        parts = [
            f"{p.name}'s equilibrium strategy changes {_strategy_words(p, x)} -> {_strategy_words(p, y)}"
            for p, x, y in zip(players, b, a) if x != y
        ]
        was_pure, is_pure = all(len(x) == 1 for x in b), all(len(x) == 1 for x in a)
        lead = "" if was_pure == is_pure else ("the equilibrium becomes mixed: " if was_pure
                                                else "the equilibrium becomes pure: ")
        return lead + "; ".join(parts)
    gone = [s for s in before.supports if s not in after.supports]
    new = [s for s in after.supports if s not in before.supports]
    parts = []
    for s in gone:
        kind = "a mixed" if any(len(x) > 1 for x in s) else "the pure"
        parts.append(f"{kind} equilibrium {_profile_words(s, players, False)} disappears")
    for s in new:
        kind = "a mixed" if any(len(x) > 1 for x in s) else "a pure"
        parts.append(f"{kind} equilibrium {_profile_words(s, players, False)} appears")
    if not before.supports and not parts:
        parts.append("equilibria appear")
    if before.pure_only != after.pure_only or before.complete != after.complete:
        parts.append("the solver's coverage changes")
    return "; ".join(parts)
