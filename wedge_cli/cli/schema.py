"""``wedge schema``: print or write the JSON Schema of payoff files.

The schema itself lives in :mod:`wedge_cli.formats.schema`; this module only puts it on
stdout or into a file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from wedge_cli.errors import WedgeError
from wedge_cli.files import AtomicFile, check_folder
from wedge_cli.formats.schema import schema_text


def schema_command(
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
    text = schema_text()
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    if output.is_dir():
        raise WedgeError(f"cannot write {output}: it is a folder", hint="name a file, e.g. payoffs.schema.json")
    check_folder(output)
    with AtomicFile(output) as handle:
        handle.write(text)
