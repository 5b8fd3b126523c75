"""``wedge schema``: print or write the JSON Schema of payoff files (registered on the main app).

The schema itself lives in :mod:`wedge_cli.schema`; this module only puts it on
stdout or into a file.
"""

from __future__ import annotations

import os
import secrets
import shlex
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli import _handles_errors, app
from .errors import WedgeError


@app.command()
@_handles_errors
def schema(
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write the schema to FILE (replaced in one step) instead of stdout; - means stdout.")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of payoff files, for editors that check TOML against a schema.

    With taplo or the Even Better TOML extension, save the schema next to your payoff files and put
    #:schema ./payoffs.schema.json on the first line of a file, or name the schema in a .taplo.toml
    (see docs/format.md, Editor support). The schema checks keys, types and shapes; wedge check
    checks the rest.

    Examples:

      wedge schema -o payoffs.schema.json

      wedge schema > payoffs.schema.json
    """
    from .schema import schema_text

    text = schema_text()
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    _write_atomically(output, text)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    A reader never sees half a file, and a failed write leaves an existing file as it was.
    The file gets the usual permissions (0o666 less the umask), as ``open`` would give it.
    """
    folder = path.parent
    if not folder.is_dir():
        raise WedgeError(f"cannot write {path}: folder {str(folder)!r} does not exist",
                         hint=f"create it first (mkdir -p {shlex.quote(str(folder))}) or choose another path")
    if path.is_dir():
        raise WedgeError(f"cannot write {path}: it is a folder", hint="name a file, e.g. payoffs.schema.json")
    temporary = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise WedgeError(f"cannot write {path}: {exc.strerror}",
                         hint="check that the folder is writable") from None
