"""All Nash equilibria of games with up to three players, mixed ones included.

Support enumeration over the indifference systems of support profiles, solved by
an eigenvalue method and certified exactly for rational games; the method, its
references and its guarantees are in ``docs/nplayer.md``. The stages, in order:
:mod:`~wedge_cli.solve.nplayer.data` (payoffs, dominance),
:mod:`~wedge_cli.solve.nplayer.search` (support profiles, boundary search),
:mod:`~wedge_cli.solve.nplayer.system` (one profile's polynomial system),
:mod:`~wedge_cli.solve.nplayer.certify` and :mod:`~wedge_cli.solve.nplayer.collector`
(verification, exact certification, deduplication),
:mod:`~wedge_cli.solve.nplayer.continuum` (curves of equilibria) and
:mod:`~wedge_cli.solve.nplayer.driver` (:func:`enumerate_equilibria`).
"""

from wedge_cli.algebra.quadratic import Quadratic, closed_form
from wedge_cli.solve.nplayer.driver import MAX_PLAYERS, enumerate_equilibria
from wedge_cli.solve.nplayer.result import NPlayerResult
from wedge_cli.solve.nplayer.search import MAX_SUPPORT_PROFILES, estimate_seconds

__all__ = [
    "MAX_PLAYERS",
    "MAX_SUPPORT_PROFILES",
    "NPlayerResult",
    "Quadratic",
    "closed_form",
    "enumerate_equilibria",
    "estimate_seconds",
]
