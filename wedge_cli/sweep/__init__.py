"""Parameter sweeps: where along one or two parameters the equilibria change, exactly.

``core`` (axes, grids, batch solving, exact thresholds and regimes) and
``forecast`` (how long a sweep will take), docs/sweep.md. The package shares
its name with the API function :func:`wedge_cli.sweep`; import its modules by
full name (``from wedge_cli.sweep.core import sweep``).
"""
