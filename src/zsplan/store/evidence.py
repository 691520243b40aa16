"""What is kept beside the ledger's entries (revision 0007): imported files, sources and their grades,
review states, realised-as names, progress notes, forecasts and scheduled events.

Every table here is append-only, like the ledger. Entries themselves are never changed:
a review, a second source or a name is a new row that points to the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from zsplan.store import tables as t


@dataclass(frozen=True)
class ImportedFile:
    """A sheet imported before: when, by whom, and the entries it wrote."""

    digest: str
    file_name: str
    imported_at: dt.datetime
    imported_by: str
    rows: int
    first_entry: int | None
    last_entry: int | None


def find_imported_file(session: Session, digest: str) -> ImportedFile | None:
    """The first import of the file whose SHA-256 is ``digest``, or None."""
    record = session.exec(select(t.ImportedFileRecord).where(t.ImportedFileRecord.digest == digest).order_by(t.ImportedFileRecord.id)).first()
    if record is None:
        return None
    moment = record.imported_at if record.imported_at.tzinfo else record.imported_at.replace(tzinfo=dt.UTC)
    return ImportedFile(record.digest, record.file_name, moment, record.imported_by, record.rows, record.first_entry, record.last_entry)


def last_entry_id(session: Session) -> int:
    """The highest entry id so far (0 for an empty ledger)."""
    return int(session.exec(select(func.max(t.ProgressEntry.id))).one() or 0)


def record_imported_file(
    session: Session, *, digest: str, file_name: str, now: dt.datetime, by: str, rows: int, first_entry: int | None, last_entry: int | None
) -> None:
    """Keep the digest of an imported sheet (and the entries it wrote), in the caller's transaction."""
    session.add(
        t.ImportedFileRecord(digest=digest, file_name=file_name, imported_at=now, imported_by=by, rows=rows, first_entry=first_entry, last_entry=last_entry)
    )
    session.flush()
