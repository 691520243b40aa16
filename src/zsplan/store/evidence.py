"""What is kept beside the ledger's entries (revision 0007): imported files, sources and their grades,
review states, realised-as names, progress notes, forecasts and scheduled events.

Every table here is append-only, like the ledger. Entries themselves are never changed:
a review, a second source or a name is a new row that points to the entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, literal, or_, union_all
from sqlmodel import Session, select

from zsplan.analysis import evidence as rules
from zsplan.analysis.evidence import Cited, Expectation, Note, Review, Source
from zsplan.store import plain, plans
from zsplan.store import tables as t
from zsplan.store.plain import Beside
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


def cited_entries(session: Session, *, as_of: dt.date, known_at: dt.datetime | None = None, uncounted: frozenset[int] = frozenset()) -> list[Cited]:
    """The effective entries dated by ``as_of`` that name an achievement or cite evidence and may be counted
    twice, as :class:`Cited` rows. ``uncounted`` (:func:`uncounted_ids`) are left out: an entry that does
    not count (rejected, or a claim its counting policy leaves out) cannot be counted twice.

    In a database of several plans, the selected plan's entries only. Names are the item's name, under the key
    kept with its entry (revision 0015), and its realised-as name; documents the entry's evidence and any further
    sources recorded with it (``entry_evidence``, relation ``source``). The keys and texts that may be counted
    twice are found in SQL first (:func:`zsplan.store.plain.shared_names`,
    :func:`zsplan.store.plain.flagged_documents`); only the entries holding one are read.
    """
    from zsplan.store import ledger

    target_table, entry_table = t.TargetRecord.__table__, t.ProgressEntry.__table__
    alias_table, evidence_table = t.AliasRecord.__table__, t.EvidenceRecord.__table__
    target, entry = target_table.c, entry_table.c
    alias_, evidence_ = alias_table.c, evidence_table.c
    scope = ledger._scope(session, entry, as_of, None, known_at, uncounted=uncounted)
    connection = session.connection()
    narrowed = plans.narrowing_plan(session)  # several plans: an achievement counted in two plans is no double count
    counted = [entry.kind != ledger.NIL, *([target.plan_id == narrowed] if narrowed else [])]
    joined = target_table.join(entry_table, and_(entry.target_id == target.id, *scope))
    keyed = [*counted, entry.name_key.is_not(None)]
    spanning = [
        key
        for (key,) in connection.execute(
            select(entry.name_key).select_from(joined).where(*keyed).group_by(entry.name_key).having(func.min(entry.target_id) != func.max(entry.target_id))
        )
    ]
    beside = plain.keyed_names(
        [
            *connection.execute(
                select(alias_.name, alias_.folded, entry.target_id).select_from(joined.join(alias_table, alias_.entry_id == entry.id)).where(*counted)
            ),
            *connection.execute(
                select(entry.item_name, literal(None), entry.target_id)
                .select_from(joined)
                .where(*counted, entry.item_name.is_not(None), entry.name_key.is_(None))
            ),
        ]
    )
    keys = sorted({key for key, _, _ in beside})
    spans: list[tuple[str, str, str]] = []
    for start in range(0, len(keys), plain.BIND_CHUNK):
        spans += [
            tuple(row)
            for row in connection.execute(
                select(entry.name_key, func.min(entry.target_id), func.max(entry.target_id))
                .select_from(joined)
                .where(*keyed, entry.name_key.in_(keys[start : start + plain.BIND_CHUNK]))
                .group_by(entry.name_key)
            )
        ]
    names, unkeyed = plain.shared_names(spanning, beside, spans)
    cited = [*counted, or_(entry.item_id.is_not(None), entry.source.is_not(None))]
    spans_of = (func.min(entry.target_id), func.max(entry.target_id), func.min(entry.recorded_by), func.max(entry.recorded_by))
    grouped = union_all(
        select(entry.source, *spans_of).select_from(joined).where(*cited, entry.source.is_not(None)).group_by(entry.source),
        select(evidence_.text, *spans_of)
        .select_from(joined.join(evidence_table, and_(evidence_.entry_id == entry.id, evidence_.relation == "source", evidence_.text.is_not(None))))
        .where(*cited)
        .group_by(evidence_.text),
    )
    documents = plain.flagged_documents([tuple(row) for row in connection.execute(grouped)])
    if not names and not documents:
        return []
    flagged = plain.Flagged.of(names, documents, unkeyed)
    if flagged.narrow:
        cited.append(
            or_(
                entry.name_key.in_(flagged.names),
                entry.source.in_(flagged.documents),
                and_(entry.name_key.is_(None), entry.item_name.in_(flagged.unkeyed)),
                entry.id.in_(select(alias_.entry_id).where(alias_.folded.in_(flagged.names))),
                entry.id.in_(select(evidence_.entry_id).where(evidence_.relation == "source", evidence_.text.in_(flagged.documents))),
            )
        )
    rows = connection.execute(
        select(entry.id, entry.target_id, entry.recorded_by, entry.as_of, entry.item_name, entry.name_key, entry.source).select_from(joined).where(*cited)
    ).all()
    aliases = {entry_id: (name, key) for entry_id, name, key in connection.execute(select(alias_.entry_id, alias_.name, alias_.folded)).all()}
    sources: dict[int, list[str]] = {}
    for entry_id, text_ in connection.execute(
        select(t.EvidenceRecord.entry_id, t.EvidenceRecord.text).where(t.EvidenceRecord.relation == "source", t.EvidenceRecord.text.is_not(None))
    ).all():
        sources.setdefault(entry_id, []).append(text_)
    return plain.cited([tuple(row) for row in rows], aliases, sources)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _known(column, known_at: dt.datetime | None) -> list:
    return [] if known_at is None else [column <= known_at]


def uncounted_ids(session: Session, *, policy: str = "default", known_at: dt.datetime | None = None) -> frozenset[int]:
    """The entries that do not count under ``policy``, by their review state and grade as known at ``known_at``.

    Two small queries (the review and source tables); a ledger never reviewed nor graded yields an empty set
    under the default policy, and the aggregates then run exactly as before. Under ``verified`` every entry
    not verified is returned, so the caller should prefer :func:`verified_ids` then.

    Returns:
        Entry ids, for :func:`zsplan.store.ledger.progress_facts` ``uncounted``.
    """
    states = review_states(session, known_at=known_at)
    grades = entry_grades(session, known_at=known_at)
    ids = set(states) | set(grades)
    if policy == "verified":
        entry = t.ProgressEntry.__table__.c
        query = select(entry.id)
        if known_at is not None:
            query = query.where(*_known(entry.recorded_at, known_at))
        ids |= {row[0] for row in session.connection().execute(query).all()}
    return frozenset(entry_id for entry_id in ids if not rules.counts(states.get(entry_id, "reported"), rules.best_grade(grades.get(entry_id, ())), policy))


def review_states(session: Session, *, known_at: dt.datetime | None = None) -> dict[int, str]:
    """Entry id → its latest review state (``verified`` or ``rejected``) as known at ``known_at``; unreviewed entries are absent."""
    review = t.ReviewRecord.__table__.c
    states: dict[int, str] = {}
    for entry_id, state in (
        session.connection().execute(select(review.entry_id, review.state).where(*_known(review.recorded_at, known_at)).order_by(review.id)).all()
    ):
        states[entry_id] = state
    return states


def entry_grades(session: Session, *, known_at: dt.datetime | None = None) -> dict[int, list[str]]:
    """Entry id → the grades of its own source and its corroborations (conflicts do not raise a grade)."""
    source = t.EvidenceRecord.__table__.c
    grades: dict[int, list[str]] = {}
    for entry_id, grade in (
        session.connection()
        .execute(select(source.entry_id, source.grade).where(source.relation.in_(("source", "corroboration")), *_known(source.recorded_at, known_at)))
        .all()
    ):
        grades.setdefault(entry_id, []).append(grade)
    return grades


def record_source(
    session: Session,
    *,
    entry_id: int,
    relation: str,
    grade: str,
    number: str | None,
    title: str | None,
    location: str | None,
    published: dt.date | None,
    as_of: dt.date | None = None,
    value: float | None = None,
    note: str | None = None,
    now: dt.datetime,
    by: str,
) -> Source:
    """Keep one source of entry ``entry_id`` (checked by the caller), in the caller's transaction."""
    text_ = number or title or location
    row = t.EvidenceRecord(
        entry_id=entry_id,
        relation=relation,
        text=text_,
        folded=fold(text_) if text_ else None,
        grade=grade,
        as_of=as_of,
        value=value,
        recorded_at=now,
        recorded_by=by,
        number=number,
        title=title,
        location=location,
        published=published,
        note=note,
    )
    session.add(row)
    session.flush()
    return _source(row)


def _source(row: t.EvidenceRecord) -> Source:
    return Source(
        row.entry_id,
        row.relation,
        row.grade,
        row.text,
        row.number,
        row.title,
        row.location,
        row.published,
        row.as_of,
        row.value,
        row.note,
        _utc(row.recorded_at),
        row.recorded_by,
    )


def record_review(session: Session, *, entry_id: int, state: str, reason: str, now: dt.datetime, by: str) -> Review:
    """Keep an analyst's review of entry ``entry_id`` (the latest holds), in the caller's transaction."""
    session.add(t.ReviewRecord(entry_id=entry_id, state=state, reason=reason, recorded_at=now, recorded_by=by))
    session.flush()
    return Review(entry_id, state, reason, _utc(now), by)


def record_note(session: Session, *, target_id: str, item: str | None, as_of: dt.date, text_: str, now: dt.datetime, by: str) -> Note:
    """Keep a progress note (it counts nothing), in the caller's transaction."""
    row = t.NoteRecord(target_id=target_id, item_name=item, as_of=as_of, text=text_, recorded_at=now, recorded_by=by)
    session.add(row)
    session.flush()
    return Note(int(row.id or 0), target_id, item, as_of, text_, _utc(now), by)


def record_expectation(
    session: Session,
    *,
    target_id: str,
    kind: str,
    value: float,
    item: str | None,
    expected: dt.date,
    stated_on: dt.date,
    source: str | None,
    now: dt.datetime,
    by: str,
) -> Expectation:
    """Keep a forecast or a scheduled event (never counted), in the caller's transaction."""
    row = t.ForecastRecord(
        target_id=target_id, kind=kind, value=value, item_name=item, by_date=expected, stated_on=stated_on, source=source, recorded_at=now, recorded_by=by
    )
    session.add(row)
    session.flush()
    return _expectation(row)


def _expectation(row: t.ForecastRecord) -> Expectation:
    return Expectation(
        int(row.id or 0), row.target_id, row.kind, row.value, row.item_name, row.by_date, row.stated_on, row.source, _utc(row.recorded_at), row.recorded_by
    )


def beside(session: Session, target_ids: list[str] | None, *, known_at: dt.datetime | None = None, entries: bool = True) -> dict[str, Beside]:
    """Notes, forecasts, scheduled events, sources and reviews of the targets (None: every target), as known at ``known_at``.

    Returns:
        target id → :class:`Beside`; targets with nothing beside their entries are absent.
    """
    note, forecast = t.NoteRecord, t.ForecastRecord
    notes: dict[str, list[Note]] = {}
    query = select(note).where(*_known(note.recorded_at, known_at)).order_by(note.as_of, note.id)
    if target_ids is not None:
        query = query.where(note.target_id.in_(target_ids))
    for row in session.exec(query).all():
        notes.setdefault(row.target_id, []).append(
            Note(int(row.id or 0), row.target_id, row.item_name, row.as_of, row.text, _utc(row.recorded_at), row.recorded_by)
        )
    expected: dict[str, list[Expectation]] = {}
    query_ = select(forecast).where(*_known(forecast.recorded_at, known_at)).order_by(forecast.by_date, forecast.id)
    if target_ids is not None:
        query_ = query_.where(forecast.target_id.in_(target_ids))
    for row_ in session.exec(query_).all():
        expected.setdefault(row_.target_id, []).append(_expectation(row_))
    sources: dict[str, dict[int, list[Source]]] = {}
    reviews: dict[str, dict[int, list[Review]]] = {}
    if entries:
        entry, source, review = t.ProgressEntry, t.EvidenceRecord, t.ReviewRecord
        query__ = select(source, entry.target_id).join(entry, entry.id == source.entry_id).where(*_known(source.recorded_at, known_at)).order_by(source.id)
        if target_ids is not None:
            query__ = query__.where(entry.target_id.in_(target_ids))
        for found, target_id in session.exec(query__).all():
            sources.setdefault(target_id, {}).setdefault(found.entry_id, []).append(_source(found))
        query___ = select(review, entry.target_id).join(entry, entry.id == review.entry_id).where(*_known(review.recorded_at, known_at)).order_by(review.id)
        if target_ids is not None:
            query___ = query___.where(entry.target_id.in_(target_ids))
        for done, target_id in session.exec(query___).all():
            reviews.setdefault(target_id, {}).setdefault(done.entry_id, []).append(
                Review(done.entry_id, done.state, done.reason, _utc(done.recorded_at), done.recorded_by)
            )
    result = {}
    for target_id in set(notes) | set(expected) | set(sources) | set(reviews):
        result[target_id] = Beside(
            tuple(notes.get(target_id, ())),
            tuple(expected.get(target_id, ())),
            {key: tuple(value) for key, value in sources.get(target_id, {}).items()},
            {key: tuple(value) for key, value in reviews.get(target_id, {}).items()},
        )
    return result


#: The tables an export carries beside the entries (``evidence``: version 3; ``revisions``, the plan's amendments, from version 4), each as its records' fields.
EXPORTED = {
    "aliases": ("entry_id", "name"),
    "imported_files": ("id", "digest", "file_name", "imported_at", "imported_by", "rows", "first_entry", "last_entry"),
    "sources": (
        "id",
        "entry_id",
        "relation",
        "grade",
        "text",
        "number",
        "title",
        "location",
        "published",
        "as_of",
        "value",
        "note",
        "recorded_at",
        "recorded_by",
    ),
    "reviews": ("id", "entry_id", "state", "reason", "recorded_at", "recorded_by"),
    "notes": ("id", "target_id", "item", "as_of", "text", "recorded_at", "recorded_by"),
    "forecasts": ("id", "target_id", "kind", "value", "item", "expected", "stated", "source", "recorded_at", "recorded_by"),
    "revisions": ("id", "target_id", "recorded_at", "effective_from", "reason", "old_values", "new_values"),
}
#: Export field → table column, where they differ.
_COLUMNS = {
    "notes": {"item": "item_name"},
    "forecasts": {"item": "item_name", "expected": "by_date", "stated": "stated_on"},
}
_TABLES = {
    "aliases": t.AliasRecord,
    "imported_files": t.ImportedFileRecord,
    "sources": t.EvidenceRecord,
    "reviews": t.ReviewRecord,
    "notes": t.NoteRecord,
    "forecasts": t.ForecastRecord,
    "revisions": t.TargetRevisionRecord,
}
_DATES = {"published", "as_of", "expected", "stated", "effective_from"}
_TIMES = {"imported_at", "recorded_at"}
_WHOLE = {"id", "entry_id", "rows", "first_entry", "last_entry"}
_OPTIONAL = {"text", "number", "title", "location", "published", "as_of", "value", "note", "item", "source", "first_entry", "last_entry"}
_CHOICES = {
    ("sources", "relation"): ("source", "corroboration", "conflict"),
    ("sources", "grade"): rules.GRADES,
    ("reviews", "state"): ("verified", "rejected"),
    ("forecasts", "kind"): ("forecast", "scheduled"),
}


def export_rows(session: Session) -> dict[str, list[dict]]:
    """Every row of the evidence tables and the plan's amendments, in id order, as export records (:data:`EXPORTED`)."""
    connection = session.connection()
    found: dict[str, list[dict]] = {}
    for name, fields in EXPORTED.items():
        table = _TABLES[name].__table__
        columns = [table.c[_COLUMNS.get(name, {}).get(field_, field_)] for field_ in fields]
        order = table.c.entry_id if name == "aliases" else table.c.id
        rows = connection.execute(select(*columns).order_by(order)).all()
        found[name] = [
            {field_: (_utc(value) if field_ in _TIMES and isinstance(value, dt.datetime) else value) for field_, value in zip(fields, row, strict=True)}
            for row in rows
        ]
    return found


def check_evidence(document: object, *, entries: dict[int, str], targets: set[str], now: dt.datetime, display: str) -> tuple[dict[str, list[dict]], list[str]]:
    """Check an export's ``evidence`` (trusted in nothing) against the entries and targets being restored.

    Every record's fields are read as :func:`export_rows` writes them; an entry or target must be one of the
    restore's; a grade, relation, state or kind one of its words; text without control characters; no time after
    ``now``; ids unique per table.

    Returns:
        ``(rows per table as column → value, problems)``: problems are ``FILE: evidence.TABLE[N], field F: …`` lines.
    """
    from zsplan.errors import UsageError
    from zsplan.store.ledger import check_text

    problems: list[str] = []
    rows: dict[str, list[dict]] = {}
    if not isinstance(document, dict):
        return rows, [f"{display}: field evidence: not an object of tables ({', '.join(EXPORTED)})"]
    problems += [f"{display}: evidence: unknown table {str(name)[:64]!r}; an export has {', '.join(EXPORTED)}" for name in document if name not in EXPORTED]
    for name, fields in EXPORTED.items():
        records = document.get(name, [])
        if not isinstance(records, list):
            problems.append(f"{display}: evidence.{name}: not a list")
            continue
        seen: set[int] = set()
        for index, record in enumerate(records):
            where = f"{display}: evidence.{name}[{index}]"
            if not isinstance(record, dict):
                problems.append(f"{where}: not an object")
                continue
            unknown = [key for key in record if key not in fields]
            if unknown:
                problems.append(f"{where}: unknown field {str(unknown[0])[:64]!r}")
                continue
            row: dict[str, Any] = {}
            bad: tuple[str, str] | None = None
            for field_ in fields:
                value = record.get(field_)
                if value is None:
                    if field_ not in _OPTIONAL:
                        bad = (field_, "missing")
                        break
                elif field_ in _WHOLE:
                    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
                        bad = (field_, f"{str(value)[:40]!r} is not a whole number from 1")
                        break
                elif field_ in _DATES or field_ in _TIMES:
                    try:
                        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if field_ in _TIMES else dt.date.fromisoformat(value)
                    except (AttributeError, TypeError, ValueError):
                        bad = (field_, f"{str(value)[:40]!r} is not an ISO {'time' if field_ in _TIMES else 'date'}")
                        break
                    if isinstance(parsed, dt.datetime):
                        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
                        if parsed > now:
                            bad = (field_, f"{value} is in the future")
                            break
                    value = parsed
                elif field_ == "value":
                    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0 or value > 1e15:
                        bad = (field_, f"{str(value)[:40]!r} is not a count of 0 or more")
                        break
                    value = float(value)
                elif not isinstance(value, str):
                    bad = (field_, "not text")
                    break
                else:
                    try:
                        check_text("note", value)
                    except UsageError as exc:
                        bad = (field_, str(exc).replace("note ", "", 1))
                        break
                    if (name, field_) in _CHOICES and value not in _CHOICES[name, field_]:
                        bad = (field_, f"{value[:40]!r} is not one of {', '.join(_CHOICES[name, field_])}")
                        break
                row[_COLUMNS.get(name, {}).get(field_, field_)] = value
            if bad is None and name == "revisions":
                bad = _revision_values(row)
            if bad is None and "entry_id" in row and row["entry_id"] not in entries:
                bad = ("entry_id", f"entry {row['entry_id']} is not among the export's entries")
            if bad is None and "target_id" in row and row["target_id"] not in targets:
                bad = ("target_id", f"target {row['target_id'][:64]!r} is not in the export's plan")
            key = row.get("id", row.get("entry_id"))
            if bad is None and key in seen:
                bad = ("id" if "id" in row else "entry_id", f"{key} appears twice")
            if bad is not None:
                problems.append(f"{where}, field {bad[0]}: {bad[1]}")
                continue
            seen.add(key)
            if name == "aliases":
                row["folded"] = fold(row["name"])
            if name == "sources":
                row["folded"] = fold(row["text"]) if row.get("text") else None
            rows.setdefault(name, []).append(row)
    return rows, problems


def _revision_values(row: dict[str, Any]) -> tuple[str, str] | None:
    """An amendment's ``old_values`` and ``new_values``: JSON objects of the same target columns (``load`` writes them)."""
    import json

    parsed = []
    for field_ in ("old_values", "new_values"):
        try:
            values = json.loads(row[field_])
        except ValueError:
            return field_, "not a JSON object of changed columns"
        if not isinstance(values, dict) or not values or any(not isinstance(key, str) or len(key) > 64 for key in values):
            return field_, "not a JSON object of changed columns"
        parsed.append(values)
    if set(parsed[0]) != set(parsed[1]):
        return "new_values", "names other columns than old_values"
    columns = set(t.TargetRecord.__table__.c.keys()) - {"id", "plan_id", "position"}
    unknown = sorted(set(parsed[0]) - columns)
    if unknown:
        return "old_values", f"{unknown[0][:64]!r} is not a column of a target"
    return None


def restore_rows(session: Session, rows: dict[str, list[dict]]) -> None:
    """Insert checked evidence rows with their own ids (a restore); on PostgreSQL move each id sequence past them."""
    from sqlalchemy import insert
    from sqlalchemy import text as sql_text

    for name, found in rows.items():
        if not found:
            continue
        table = _TABLES[name].__table__
        session.execute(insert(table), found)
        if name != "aliases" and session.get_bind().dialect.name == "postgresql":
            session.execute(sql_text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"))
