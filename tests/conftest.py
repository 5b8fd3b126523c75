import os
import textwrap
from pathlib import Path

import pytest

# One BLAS thread, as the wedge command sets for itself (wedge_cli/entry.py): the 3-player solver's
# many small decompositions slow down badly under OpenBLAS's threads, most of all with several
# test processes (the docs pages render in a pool). Set before anything imports numpy.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

US_EUROPE = textwrap.dedent('''\
    title = "US–Europe burden sharing"
    description = "test game"
    source = "The European Factor"

    [parameters.cut]
    value = 8
    min = 0
    max = 20
    description = "Cut to US military spending in Europe, % over five years"

    [[players]]
    name = "US"
    strategies = ["Maintain", "Retrench"]

    [[players]]
    name = "Europe"
    strategies = ["Rearm", "FreeRide"]

    [payoffs]
    US     = [[3, 1], ["4 + cut/10", 0]]
    Europe = [[2, 4], [3, 1]]

    [[outcomes]]
    profile = ["Retrench", "FreeRide"]
    note = "Nobody pays."
    ''')


@pytest.fixture
def write(tmp_path: Path):
    """Write text to a file in tmp_path and return its path as a string."""

    def _write(text: str, name: str = "game.toml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write
