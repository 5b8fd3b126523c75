"""Writing a user's output file whole or not at all.

A command that writes a file (``export -o``, ``robust --samples-out``) and then
fails or is interrupted must not leave half a file that looks like a result.
:class:`AtomicFile` writes to a hidden temporary file in the same folder and
renames it over the target only when the block finishes without an error, after
flushing it to disk (``os.replace`` is atomic on POSIX and Windows when both are on
one file system). A write error (disk full, file-size limit) becomes a
:class:`~wedge_cli.errors.WedgeError` naming the file. For users: docs/cli.md ("What
wedge guarantees").
"""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path
from typing import IO, Any

from wedge_cli.errors import WedgeError


class AtomicFile:
    """``with AtomicFile(path) as handle:`` a handle (text, or bytes with ``binary=True``) whose
    content appears at ``path`` on success.

    ``path=None`` yields ``None`` and writes nothing, so callers with an optional
    output need no second code path. An error inside the block removes the
    temporary file and leaves an existing ``path`` untouched.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with AtomicFile(target) as handle:
    ...     _ = handle.write("whole")
    >>> target.read_text()
    'whole'
    """

    def __init__(self, path: str | Path | None, newline: str | None = "", binary: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.newline = newline
        self.binary = binary
        self.handle: IO[Any] | None = None
        self.temp: str | None = None

    def __enter__(self) -> IO[Any] | None:
        if self.path is None:
            return None
        try:
            fd, self.temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".part")
        except OSError as exc:
            raise WedgeError(f"cannot write {self.path}: {exc.strerror}",
                             hint="check that the folder exists and is writable") from None
        self.handle = os.fdopen(fd, "wb") if self.binary else os.fdopen(fd, "w", encoding="utf-8", newline=self.newline)
        return self.handle

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.handle is None:
            return
        if exc_type is None:
            try:  # on disk before the rename, so a crash leaves the old file or the whole new one
                self.handle.flush()
                os.fsync(self.handle.fileno())
            except OSError as error:
                exc_type, exc = type(error), error
        try:
            self.handle.close()
        except OSError as error:
            exc_type, exc = exc_type or type(error), exc or error
        if exc_type is not None:
            os.unlink(self.temp)
            if issubclass(exc_type, OSError) and not issubclass(exc_type, BrokenPipeError):
                raise WedgeError(f"cannot write {self.path}: {exc.strerror}",
                                 hint="free some disk space (or raise the file-size limit) and run again") from None
            return
        try:
            if self.path.exists():  # keep the permissions of the file being replaced
                os.chmod(self.temp, self.path.stat().st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self.temp, 0o666 & ~umask)
            os.replace(self.temp, self.path)
        except OSError as exc:
            os.unlink(self.temp)
            raise WedgeError(f"cannot write {self.path}: {exc.strerror}",
                             hint="check that the path is a file name in a writable folder") from None


def check_folder(path: str | Path) -> None:
    """Fail now when ``path`` cannot be created: before a long computation, not after it."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise WedgeError(f"cannot write {path}: the folder {str(folder)!r} does not exist",
                         hint=f"create it first (mkdir -p {shlex.quote(str(folder))}) or choose another path")
    if not os.access(folder, os.W_OK):
        raise WedgeError(f"cannot write {path}: the folder {str(folder)!r} is not writable",
                         hint="write somewhere else")
