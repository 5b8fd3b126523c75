"""Work budgets: every command estimates its work before starting and enforces a limit while running.

A :class:`Budget` is a number of seconds (default :data:`DEFAULT_SECONDS`) and a clock.
A command first calls :meth:`Budget.require` with an *estimate* of its work (a count of
units times a cost per unit measured on a reference machine, see :data:`COSTS`) and
refuses at once when the estimate exceeds the budget. Its long loops then call
:meth:`Budget.tick`, which refuses when the clock has run past the budget, so a bad
estimate can never turn into an endless run. Both raise
:class:`~wedge_cli.errors.GameTooLargeError` (exit 4 on the command line) with the
estimate and the ``--budget`` value that would allow the work.

No dependencies beyond the standard library (the CLI uses it without numpy).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from .errors import GameTooLargeError

#: Seconds of work a command may do unless ``--budget`` says otherwise.
DEFAULT_SECONDS = 60.0

#: Seconds per unit of work, measured on the development machine (2-core x86-64 VM, one BLAS
#: thread, December 2026) and rounded up; the estimates only need the right order of magnitude,
#: since :meth:`Budget.tick` enforces the budget whatever the estimate said.
#:
#: ``support_profile``: one support profile of the 3-player enumeration, weighted by
#:   :func:`support_profile_weight` (random 4x4x4 games: 3,375 profiles in 3.3 s; 5x5x5:
#:   29,791 profiles in 271 s, 9 ms each, the larger supports costing most).
#: ``pure_cell``: one payoff of the pure-profile search (a 10^6-profile 6-player game, 6 x 10^6
#:   payoffs: about 1.5 s for the search and its tie test).
#: ``show_cell``: one profile of ``wedge show`` turned into its report row (about 25 us per
#:   payoff: 4 players x 20 strategies, 160,000 profiles, 640,000 payoffs, 16 s).
#: ``lint_cell``: one payoff of ``wedge check``'s lints (about 1.5 us per payoff).
#: ``table_row``: one rendered table row (``wedge check`` with 4,000 lints: 11 s, 2.7 ms a row;
#:   tables are capped at :data:`MAX_TABLE_ROWS` rows, so this bounds rendering).
COSTS = {
    "support_profile": 2.5e-4,
    "pure_cell": 4e-7,
    "show_cell": 2.5e-5,
    "lint_cell": 2e-6,
    "table_row": 3e-3,
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
        return f"{max(1, round(seconds))} second{'' if round(seconds) == 1 else 's'}"
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
    return int(math.ceil(target / step) * step)


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


def support_profile_weight(sizes: tuple[int, ...]) -> float:
    """Relative cost of one support profile with these support sizes in the 3-player enumeration.

    The indifference system of a profile with supports of sizes ``s_1, ..., s_n`` has
    ``sum(s_i) - n`` unknowns; the Macaulay matrices grow about like its square, so
    (measured) a profile costs roughly ``1 + (sum - n)^2``.
    """
    free = sum(sizes) - len(sizes)
    return 1.0 + free * free
