"""Writing output files (reports, exports, templates) without ever destroying a database.

An output file is refused when it is, or is a symbolic link onto, the database
in use (or its ``-wal``/``-shm`` companions) or any other SQLite database file:
``--force`` does not change that. An existing file of the output's own kind
(same suffix) is replaced atomically: the content goes to a temporary file in
the same folder, which is then renamed over it, so a crash leaves either the old
file or the new one. Replacing a file of another kind needs ``force``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from zsplan.errors import UsageError

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is an existing regular file that starts with the SQLite header."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _protected(database: Path) -> set[Path]:
    real = database.resolve()
    return {real, real.with_name(real.name + "-wal"), real.with_name(real.name + "-shm"), real.with_name(real.name + "-journal")}


def check_output_path(path: Path, *, databases: Iterable[Path] = (), suffixes: Iterable[str] = (), force: bool = False) -> Path:
    """Say where ``path`` would be written, or refuse it.

    Args:
        path: the ``-o FILE`` the user gave.
        databases: SQLite files in use (their WAL, shared-memory and journal files are protected too).
        suffixes: the output's own kind, e.g. ``(".md",)``; an existing file with another
            suffix is replaced only with ``force``.
        force: allow replacing an existing file of another kind (never a database).

    Returns:
        The resolved path the content goes to (a symbolic link is followed to its target).

    Raises:
        UsageError: ``path`` is the database in use, a database file, a folder, a file of
            another kind without ``force``, or its folder does not exist.
    """
    real = path.resolve()
    protected: set[Path] = set()
    for database in databases:
        protected |= _protected(database)
    if real in protected:
        raise UsageError(f"{path} is the database in use; write the output to another file", field="output")
    if is_sqlite_file(real):
        raise UsageError(f"{path} is a database file; zsplan does not write output over a database", field="output")
    if real.is_dir():
        raise UsageError(f"{path} is a folder; give a file name", field="output")
    if not real.parent.is_dir():
        raise UsageError(f"cannot write {path}: folder {real.parent} does not exist", field="output")
    wanted = {suffix.lower() for suffix in suffixes}
    if real.exists() and wanted and real.suffix.lower() not in wanted and not force:
        raise UsageError(f"{path} exists and is not a {'/'.join(sorted(wanted))} file; give another -o FILE, or --force to replace it", field="output")
    return real


def write_output(path: Path, content: str | bytes, *, databases: Iterable[Path] = (), suffixes: Iterable[str] = (), force: bool = False) -> Path:
    """Write ``content`` (text as UTF-8) to ``path`` atomically, after :func:`check_output_path`.

    Returns:
        The resolved path written.

    Raises:
        UsageError: the path is refused (see :func:`check_output_path`) or cannot be written.
    """
    real = check_output_path(path, databases=databases, suffixes=suffixes, force=force)
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if real.exists():
            os.chmod(temporary, real.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, real)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror}", field="output") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return real
