"""2-player methods delegated to nashpy (Knight & Campbell, "Nashpy: A Python
library for the computation of Nash equilibria", JOSS 3(30):904, 2018).

* ``support-enumeration``: nashpy's ``support_enumeration`` over all support
  pairs (Nisan et al., *Algorithmic Game Theory*, 2007, Algorithm 3.4);
* ``vertex-enumeration``: nashpy's ``vertex_enumeration`` (Algorithm 3.5, via
  scipy's Qhull halfspace intersection);
* ``lemke-howson``: nashpy's Lemke-Howson (Algorithm 3.6, lexicographic
  integer pivoting on nashpy's own tableaux) from every initial dropped label
  ``0 .. m + n - 1``, results deduplicated. nashpy's driver loop has no
  iteration limit and does not terminate on some degenerate games (e.g. a
  1x1 game), so :func:`_lemke_howson` repeats that loop with a cap of
  :data:`MAX_PIVOTS` pivots and reports a path that hits it.

nashpy is imported here only, lazily, so the default path never loads it.
Its Python warnings are captured and returned as text; every result still goes
through :mod:`wedge_cli.solve.verify`. None of these is guaranteed to find all
equilibria of a degenerate game (nashpy issues #39, #82, #222, #231).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np

from wedge_cli.model import Game
from wedge_cli.solve.verify import Candidate

NASHPY_METHODS = ("support-enumeration", "vertex-enumeration", "lemke-howson")
#: Most pivots one Lemke-Howson path may take before it is given up.
MAX_PIVOTS = 10_000


class PivotLimitError(RuntimeError):
    """A Lemke-Howson path did not end within :data:`MAX_PIVOTS` pivots."""


def _lemke_howson(a: np.ndarray, b: np.ndarray, initial_dropped_label: int) -> tuple[np.ndarray, np.ndarray]:
    """nashpy's ``lemke_howson`` (nashpy 0.0.43) with a pivot limit.

    Same tableaux and pivoting rule (``nashpy.linalg`` with lexicographic
    tie-breaking); only the loop is bounded.
    """
    try:
        from nashpy.linalg import create_col_tableau, create_row_tableau  # lazy: nashpy is an optional extra

        col_tableau = create_col_tableau(a, True)
        row_tableau = create_row_tableau(b, True)
    except (ImportError, TypeError):  # another nashpy layout: its own (unbounded) driver
        import nashpy  # lazy: nashpy is an optional extra

        return nashpy.Game(a, b).lemke_howson(initial_dropped_label=initial_dropped_label)
    if initial_dropped_label in row_tableau.non_basic_variables:
        order = (row_tableau, col_tableau)
    else:
        order = (col_tableau, row_tableau)
    full_labels = col_tableau.labels
    entering = initial_dropped_label
    for step in range(MAX_PIVOTS):
        entering = order[step % 2].pivot_and_drop_label(entering)
        if col_tableau.non_basic_variables | row_tableau.non_basic_variables == full_labels:
            break
    else:
        raise PivotLimitError(f"no equilibrium reached within {MAX_PIVOTS} pivots")
    row_strategy = row_tableau.to_strategy(col_tableau.non_basic_variables)
    return row_strategy, col_tableau.to_strategy(row_tableau.non_basic_variables)


@dataclass(frozen=True)
class ExternalRun:
    """Candidates from a nashpy method plus nashpy's own warnings and errors, as text."""

    candidates: tuple[Candidate, ...]
    messages: tuple[str, ...]
    errors: tuple[str, ...]


def _text(message: object) -> str:
    return re.sub(r"\s+", " ", str(message)).strip()


def nashpy_candidates(game: Game, method: str) -> ExternalRun:
    """Run one nashpy algorithm on a 2-player game.

    Parameters
    ----------
    game
        A 2-player game.
    method
        One of :data:`NASHPY_METHODS`.
    """
    import nashpy  # lazy: nashpy is an optional extra, only these methods need it

    a = np.array(game.payoffs[0], dtype=float)
    b = np.array(game.payoffs[1], dtype=float)
    nash_game = nashpy.Game(a, b)
    results: list[tuple[np.ndarray, np.ndarray]] = []
    errors: list[str] = []

    def run(label: str, compute) -> None:
        try:
            found = compute()
        except Exception as exc:  # nashpy/scipy failures become warnings, not crashes
            errors.append(f"{label}: {type(exc).__name__}: {_text(exc)}")
            return
        results.extend(found)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="ignore"):
            if method == "support-enumeration":
                run("support_enumeration", lambda: list(nash_game.support_enumeration()))
            elif method == "vertex-enumeration":
                run("vertex_enumeration", lambda: list(nash_game.vertex_enumeration()))
            elif method == "lemke-howson":
                for label in range(sum(a.shape)):
                    run(
                        f"lemke_howson(initial_dropped_label={label})",
                        lambda label=label: [_lemke_howson(a, b, label)],
                    )
            else:
                raise ValueError(f"not a nashpy method: {method}")
    messages = tuple(dict.fromkeys(_text(w.message) for w in caught))
    candidates = tuple(
        Candidate(strategies=(np.asarray(x, dtype=float), np.asarray(y, dtype=float))) for x, y in results
    )
    return ExternalRun(candidates, messages, tuple(errors))
