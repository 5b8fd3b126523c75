"""The ``wedge`` console script: set up the process, then hand over to :mod:`wedge_cli.cli.main`.

Kept apart from :mod:`wedge_cli.cli.main` so that it runs before typer, rich and the command
modules are imported: a Ctrl-C during those imports (a slow disk, a cold start)
exits 130 without a traceback, as it does once a command runs.
"""

from __future__ import annotations

import os
import signal

#: Exit status of a process stopped by Ctrl-C, as shells report it (common.ExitCode.INTERRUPTED).
INTERRUPTED = 130


def _interrupted_while_starting(signum, frame) -> None:
    os._exit(INTERRUPTED)


def run() -> None:
    """Console-script entry point.

    One BLAS thread unless the user chose otherwise: the 3-player solver does
    thousands of small decompositions, which OpenBLAS's threads slow down by up
    to 100x on a busy machine (docs/nplayer.md, Performance). numpy is not
    imported yet here, so the setting takes effect.
    """
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    previous = signal.signal(signal.SIGINT, _interrupted_while_starting)
    from wedge_cli.cli.main import app  # lazy: after the SIGINT handler, so Ctrl-C while importing exits 130

    signal.signal(signal.SIGINT, previous)  # from here on the commands turn Ctrl-C into exit 130
    app()
