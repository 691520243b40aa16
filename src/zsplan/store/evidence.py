"""What is kept beside the ledger's entries (revision 0007): imported files, sources and their grades,
review states, realised-as names, progress notes, forecasts and scheduled events.

Every table here is append-only, like the ledger. Entries themselves are never changed:
a review, a second source or a name is a new row that points to the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from zsplan.analysis.evidence import Cited
from zsplan.store import tables as t
from zsplan.text import fold


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


def cited_entries(session: Session, *, as_of: dt.date, known_at: dt.datetime | None = None) -> list[Cited]:
    """The effective entries dated by ``as_of`` that name an achievement or cite evidence, as :class:`Cited` rows.

    Driven from the target table through the entries' target index (no scan of the ledger).
    Names are the item's name and its realised-as name; documents the entry's evidence and
    any further sources recorded with it (``entry_evidence``, relation ``source``).
    """
    from zsplan.store import ledger

    target_table, entry_table = t.TargetRecord.__table__, t.ProgressEntry.__table__
    target, entry = target_table.c, entry_table.c
    scope = ledger._scope(session, entry, as_of, None, known_at)
    connection = session.connection()
    rows = connection.execute(
        select(entry.id, entry.target_id, entry.recorded_by, entry.as_of, entry.item_name, entry.source)
        .select_from(target_table.join(entry_table, and_(entry.target_id == target.id, *scope)))
        .where(entry.kind != ledger.NIL, or_(entry.item_id.is_not(None), entry.source.is_not(None)))
    ).all()
    if not rows:
        return []
    aliases: dict[int, str] = dict(connection.execute(select(t.AliasRecord.entry_id, t.AliasRecord.name)).tuples().all())
    sources: dict[int, list[str]] = {}
    for entry_id, text_ in connection.execute(
        select(t.EvidenceRecord.entry_id, t.EvidenceRecord.text).where(t.EvidenceRecord.relation == "source", t.EvidenceRecord.text.is_not(None))
    ).all():
        sources.setdefault(entry_id, []).append(text_)
    cited = []
    for entry_id, target_id, by, day, item_name, source in rows:
        names = tuple((fold(name), name) for name in (item_name, aliases.get(entry_id)) if name)
        texts = [source, *sources.get(entry_id, [])] if source else sources.get(entry_id, [])
        documents = tuple((fold(text_), text_) for text_ in texts if text_ and fold(text_))
        cited.append(Cited(entry_id, target_id, by, day, names, documents))
    return cited
