"""How long will a sweep take? A rough forecast from solving a few of its points.

Pure functions over :mod:`wedge_cli.sweep.core` (no typer, no rich). The command
line uses :func:`sweep_seconds` to say before a long 2-D map starts that it
will take minutes, instead of leaving the user to watch a clock.

Only sweeps whose grid points are solved one at a time are forecast: games of
3+ players with mixed equilibria, and small sweeps solved exactly (at most
:data:`wedge_cli.sweep.grid.EXACT_POINTS_MAX` points). Batched sweeps (2-player
games, pure equilibria) solve 10,000 points in well under a second
(docs/performance.md), so their forecast is ``None``: nothing to warn about.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from fractions import Fraction

from wedge_cli.model import GameSpec
from wedge_cli.solve import solve
from wedge_cli.sweep.axis import Axis, grid_point_values
from wedge_cli.sweep.grid import EXACT_POINTS_MAX, solver_kind

#: Points solved to time one solve (spread evenly over the grid).
PILOT_POINTS = 8
#: Measured on us-russia-china (3 players), 51 x 51 and 101 x 101 maps: a grid
#: point costs about 1.7 pilot solves (the pilot's points are warm and the grid's
#: points keep more equilibria), and refining the region boundaries along one grid
#: line about 130.
GRID_FACTOR = 1.7
LINE_FACTOR = 130.0


def sweep_seconds(spec: GameSpec, axes: Sequence[Axis], fixed: Mapping[str, Fraction | str | float] | None = None,
                  method: str = "auto") -> float | None:
    """Forecast the seconds :func:`wedge_cli.sweep.core.sweep` will take, or ``None`` for a batched sweep.

    Solves :data:`PILOT_POINTS` grid points (a few milliseconds each) and scales
    their quickest time by the number of points and, in 2-D, of grid lines whose
    boundaries are refined. A forecast, good to a factor of about two: it says
    "minutes" or "seconds", not a deadline.

    Examples
    --------
    >>> from wedge_cli.formats.toml_read import load
    >>> from wedge_cli.sweep.axis import parse_axis
    >>> spec = load("us-europe")
    >>> sweep_seconds(spec, [parse_axis("cut=0:20:2000", spec)]) is None  # 2 players: batched
    True
    """
    fixed = dict(fixed or {})
    axes = tuple(axes)
    n_points = math.prod(a.size for a in axes)
    first = solve(spec.game({**fixed, **grid_point_values(axes, 0)}), method=method)
    batched = solver_kind(first, spec.n_players) != "other"
    if batched and n_points > EXACT_POINTS_MAX:
        return None
    picks = sorted({round(k * (n_points - 1) / (PILOT_POINTS - 1)) for k in range(PILOT_POINTS)})
    times = []
    for i in picks:
        start = time.perf_counter()
        solve(spec.game({**fixed, **grid_point_values(axes, i)}), method=method)
        times.append(time.perf_counter() - start)
    per_solve = min(times)  # the least disturbed by other work on the machine: a busy CI runner forecasts as a quiet one
    lines = sum(a.size for a in axes) if len(axes) == 2 else 0
    return per_solve * (GRID_FACTOR * n_points + LINE_FACTOR * lines)
