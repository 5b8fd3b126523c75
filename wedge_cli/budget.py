"""Work budgets: every command estimates its work before starting and enforces a limit while running.

A :class:`Budget` is a number of seconds (default :data:`DEFAULT_SECONDS`) and a clock.
A command first calls :meth:`Budget.require` with an *estimate* of its work (a count of
units times a cost per unit measured on a reference machine, see :data:`COSTS`) and
refuses at once when the estimate exceeds the budget. Its long loops then call
:meth:`Budget.tick`, which refuses when the clock has run past the budget, so a bad
estimate can never turn into an endless run. Both raise
:class:`~wedge_cli.errors.GameTooLargeError` (exit 4 on the command line) with the
estimate and the ``--budget`` value that would allow the work.

No dependencies beyond the standard library (the CLI uses it without numpy). For users:
docs/cli.md ("Work budgets").
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from wedge_cli.errors import GameTooLargeError

#: Seconds of work a command may do unless ``--budget`` says otherwise.
DEFAULT_SECONDS = 60.0

#: Seconds per unit of work, measured on the development machine (2-core x86-64 VM, one BLAS
#: thread, December 2026) and rounded up; the estimates only need the right order of magnitude,
#: since :meth:`Budget.tick` enforces the budget whatever the estimate said. (The 3-player
#: enumeration has its own model: :func:`wedge_cli.solve.nplayer.estimate_seconds`; robust
#: its own: :data:`wedge_cli.robust.run.SAMPLE_SECONDS`.)
#:
#: ``pure_cell``: one payoff in the pure-profile search (a 6-player game of 10^6 profiles,
#:   6 x 10^6 payoffs: about 1.5 s with its tie test).
#: ``show_cell``: one payoff of ``wedge show`` turned into its report cell (4 players x 20
#:   strategies, 640,000 payoffs: 16 s for ``--json``).
#: ``lint_cell``: one payoff walked by ``wedge check``'s lints (10^6 profiles x 6: under 1 s).
#: ``lp_payoff``: one payoff in the security-level linear programs (exact for rational games: a
#:   6-player game of 10^6 profiles, 6 x 10^6 payoffs, 30 s).
#:
#: Rendering is bounded by :data:`MAX_TABLE_ROWS` rather than estimated: a rich table row costs
#: about 3 ms (``wedge check`` with 4,000 unused parameters spent 11 s drawing 12,000 rows).
COSTS = {
    "pure_cell": 4e-7,
    "show_cell": 2.5e-5,
    "lint_cell": 2e-6,
    "lp_payoff": 5e-6,
}

#: Rows a table shows before it summarises the rest (``--all`` shows every row; ``--json`` has them all).
MAX_TABLE_ROWS = 200
#: Cells ``wedge show`` draws as payoff matrices (2 and 3 players) before it summarises the rest:
#: a 20x20 game in full, whole layers of a 3-player game.
MAX_TABLE_CELLS = 400


def duration(seconds: float) -> str:
    """Seconds as people say them: ``"40 seconds"``, ``"about 3 minutes"``, ``"2.5 hours"``."""
    if not math.isfinite(seconds):
        return "forever"
    if seconds < 90:
        whole = max(1, round(seconds))
        return f"{whole} second{'' if whole == 1 else 's'}"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} minutes"
    if seconds < 48 * 3600:
        hours = seconds / 3600
        return f"{hours:.1f} hours" if hours < 10 else f"{round(hours)} hours"
    return f"{round(seconds / 86400):,} days"


def suggested(seconds: float) -> int:
    """A round ``--budget`` value comfortably above ``seconds`` (1.5 times, rounded up to 2 digits)."""
    target = max(1.0, seconds * 1.5)
    if not math.isfinite(target):
        return 0
    digits = max(0, int(math.log10(target)) - 1)
    step = 10**digits
    return int(math.ceil(target / step - 0.05) * step)  # (a few ms already spent do not round 900 up to 910)


class Budget:
    """A limit on a computation's work, in seconds of wall-clock time.

    Parameters
    ----------
    seconds
        The limit; ``math.inf`` (or None) for none. Must be > 0.
    clock
        A function returning seconds (default :func:`time.monotonic`); tests pass a fake.

    The clock starts when the budget is made. :meth:`require` refuses work whose estimate
    is over the limit; :meth:`tick` refuses when the time actually spent is over it.
    """

    def __init__(self, seconds: float | None = DEFAULT_SECONDS, *, clock: Callable[[], float] = time.monotonic):
        if seconds is None:
            seconds = math.inf
        if not (isinstance(seconds, (int, float)) and seconds > 0) or math.isnan(seconds):
            raise GameTooLargeError(f"the work budget must be a number of seconds > 0; got {seconds!r}",
                                    hint=f"for example --budget {int(DEFAULT_SECONDS)} (the default)")
        self.seconds = float(seconds)
        self.clock = clock
        self.start = clock()
        #: ``(done, total)`` units of the outermost loop, set by its owner, for the projection
        #: in :meth:`tick` when an inner loop ticks without counts.
        self.progress: tuple[int, int] | None = None

    @classmethod
    def of(cls, budget: Budget | float | None) -> Budget:
        """``budget`` itself, or a new budget of that many seconds (None: the default)."""
        if isinstance(budget, Budget):
            return budget
        return cls(DEFAULT_SECONDS if budget is None else budget)

    @property
    def unlimited(self) -> bool:
        return math.isinf(self.seconds)

    def elapsed(self) -> float:
        return self.clock() - self.start

    def remaining(self) -> float:
        return self.seconds - self.elapsed()

    def require(self, estimate: float, what: str, hint: str | None = None) -> None:
        """Refuse before starting when ``estimate`` seconds of ``what`` do not fit in what is left.

        ``what`` names the work ("solving 29,791 support profiles"); ``hint`` is another way
        out, added after the ``--budget`` suggestion.
        """
        left = self.remaining()
        if estimate <= left:
            return
        budget = f"the budget of {duration(self.seconds)}"
        if self.elapsed() >= 1.0:
            budget = f"the {duration(max(0.0, left))} left of {budget}"
        raise GameTooLargeError(
            f"{what} needs about {duration(estimate)} of work, more than {budget}",
            hint=self._hint(self.elapsed() + estimate, hint),
        )

    def tick(self, what: str = "", done: int | None = None, total: int | None = None,
             hint: str | None = None) -> None:
        """Refuse when the time spent is over the budget; cheap enough to call in inner loops.

        ``done`` of ``total`` units finished so far give the projection in the message.
        """
        spent = self.clock() - self.start
        if spent <= self.seconds:
            return
        if done is None and self.progress is not None:
            done, total = self.progress
        if done and total and total > done:
            whole = spent * total / done
            progress = f" after {done:,} of {total:,}"
        else:
            whole = math.inf if not done else spent * 2
            progress = ""
        message = f"stopped at the work budget of {duration(self.seconds)}{progress}"
        if what:
            message = f"{what}: {message}"
        if math.isfinite(whole):
            message += f"; the whole needs about {duration(whole)}"
        raise GameTooLargeError(message, hint=self._hint(whole, hint))

    def project(self, done: int, total: int, what: str, hint: str | None = None) -> None:
        """After ``done`` of ``total`` equal units: refuse when the time so far, scaled to
        ``total``, does not fit in the budget (and the measurement is not noise: at least a
        second spent)."""
        spent = self.elapsed()
        if done <= 0 or spent < 1.0:
            return
        whole = spent * total / done
        if whole <= self.seconds:
            return
        raise GameTooLargeError(
            f"{what}: the first {done:,} of {total:,} took {duration(spent)}, so the whole needs about "
            f"{duration(whole)} of work, more than the budget of {duration(self.seconds)}",
            hint=self._hint(whole, hint),
        )

    @staticmethod
    def _hint(total: float, extra: str | None) -> str:
        if math.isfinite(total):
            text = f"--budget {suggested(total)} to allow it"
        else:
            text = "a larger --budget may allow it"
        return f"{text}, or {extra}" if extra else text
