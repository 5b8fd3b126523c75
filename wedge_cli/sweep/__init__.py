"""Parameter sweeps: where along one or two parameters the equilibria change, exactly.

One module per job, docs/sweep.md: ``core`` (the entry point :func:`~wedge_cli.sweep.core.sweep`),
``axis`` (the ``NAME=START:STOP:STEPS`` grammar), ``grid`` (solving every grid point),
``roots`` (critical polynomials and their roots), ``lines`` (exact analysis of one line),
``bisection``, ``limits`` (equilibria at regime ends), ``regimes`` (1-D lines and 2-D maps),
``result`` (the result types), ``context`` (state shared by the stages) and ``forecast``
(how long a sweep will take). The package shares its name with the API function
:func:`wedge_cli.sweep`; import its modules by full name (``from wedge_cli.sweep.core import sweep``).
"""
