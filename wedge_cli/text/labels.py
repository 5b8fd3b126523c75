"""Labels, captions and lines for report dicts: the words of the tables, Markdown and notebook views.

Plain strings only (no rich), so the terminal views of :mod:`wedge_cli.render` and the
notebook ``repr`` of :mod:`wedge_cli.api` say things the same way; the numbers in them
are written by :mod:`wedge_cli.text.numbers`. The views are those of docs/cli.md.
"""

from __future__ import annotations

from wedge_cli.text.numbers import approximate_text, equation_text, exact_or_rounded, parameter_text, rounded_text


def mix_text(probs: dict[str, float], exact: dict[str, str] | None) -> str:
    """One player's part of an equilibrium: ``Maintain`` or ``Maintain 1/2, Retrench 1/2``."""
    support = [s for s, p in probs.items() if p > 0]
    if len(support) == 1:
        return support[0]
    parts = []
    for s in support:
        value = exact[s] if exact is not None else rounded_text(probs[s])
        parts.append(f"{s} {value}")
    return ", ".join(parts)


def parameters_line(parameters: dict[str, float]) -> str:
    """``at cut = 1/3, rearm_cost = 5``: the parameter values a result holds at, as a user writes them."""
    return "at " + ", ".join(f"{k} = {parameter_text(v)}" for k, v in parameters.items())


def outcome_label(outcome: dict) -> str:
    """``Engage, Hedge, Deepen`` for a pure profile (in player order, as in solve's rows); for a
    mixed one every player named, pure parts too: ``US mixes {Engage, Pressure}; China plays Hold``."""
    if outcome["profile"] is not None:
        return ", ".join(outcome["profile"].values())
    parts = []
    for player, support in outcome["support"].items():
        parts.append(f"{player} plays {support[0]}" if len(support) == 1
                     else f"{player} mixes {{{', '.join(support)}}}")
    return "; ".join(parts)


def threshold_value_text(t: dict) -> str:
    """``35/2 ≈ 17.5``, ``5``, ``≈ 1.4142 (root of ...)`` or ``≈ 0.3 (bisection)``."""
    if t["exact"] is not None:
        exact = t["exact"]
        return exact if "/" not in exact else f"{exact} ≈ {rounded_text(t['value'])}"
    if t["algebraic"]:
        return f"≈ {approximate_text(t['value'])} ({t['algebraic'].split(' near ')[0]})"
    return f"≈ {approximate_text(t['value'])} (bisection)"


def threshold_text(t: dict) -> str:
    """The parameter at a threshold: ``cut = 5``, ``cut = 35/2 ≈ 17.5``, and ``burden ≈ 2.5 (bisection)``
    or ``burden ≈ 1.414213562 (root of ...)`` when the value is approximate (``≈`` in place of ``=``)."""
    value = threshold_value_text(t)
    return f"{t['parameter']} {value}" if value.startswith("≈") else f"{t['parameter']} = {value}"


def range_text(r: dict) -> str:
    """A 1-D regime's range with its closed ends: ``[0, 35/2)``."""
    lo = exact_or_rounded(r["from"], r["from_exact"])
    hi = exact_or_rounded(r["to"], r["to_exact"])
    return f"{'[' if r['closed'][0] else '('}{lo}, {hi}{']' if r['closed'][1] else ')'}"


def equilibria_caption(report: dict) -> str:
    """How many equilibria a ``wedge.solve/1`` report holds and whether that is all of them."""
    n = len(report["equilibria"])
    kind = "pure Nash equilibri" if report["pure_only"] else "Nash equilibri"
    kind += "um" if n == 1 else "a"
    if report["complete"]:
        extreme = "extreme " if report["degenerate"] else ""
        return f"all {n} {extreme}{kind}" if n != 1 else f"the only {extreme}{kind}"
    return f"{n} {kind} found (not guaranteed complete)"


def threshold_lines(report: dict) -> list[str]:
    """Thresholds and isolated values in words, one per line."""
    lines = []
    for t in report["thresholds"]:
        where = "".join(f" at {k} = {parameter_text(v)}" for k, v in t["where"].items())
        lines.append(f"{threshold_text(t)}{where}: {t['change']}")
        if t["at"] is not None:
            where_at = (f"exactly at {equation_text(t['parameter'], t['value'], t['exact'])}" if t["exact"] is not None
                        else f"at the threshold itself ({equation_text(t['parameter'], t['value'], None)})")
            lines.append(f"    {where_at}: {t['at']}")
    for x in report["isolated"]:
        lines.append(f"{equation_text(x['parameter'], x['value'], x['exact'])} only: {x['label']} "
                     "(a degenerate single value)")
    return lines


def more_rows_line(shown: int, total: int, what: str) -> str:
    """The line under a table cut at ``shown`` of ``total`` rows, saying how to get them all."""
    return (f"... {total - shown:,} more {what} not shown ({shown:,} of {total:,}); "
            "--all prints every one, --json lists them all")
