"""The fast log path: one progress entry appended to an up-to-date SQLite file over :mod:`sqlite3`.

What ``zsplan log`` writes in the usual case (a value, an item or a nil report, with a note and evidence,
no grade, no realised-as name, in a ledger without reporting rounds), written as the ORM writes it: the
same checks (:mod:`zsplan.store.checks`), the same refusals of a duplicate item or name, the same row
and chain hash (:func:`zsplan.store.chain.entry_hash` over the same values), in one ``BEGIN IMMEDIATE``
transaction that commits or leaves nothing. Everything else goes the ORM way
(:mod:`zsplan.service.fastlog` decides).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator

from zsplan.analysis.entries import Entry
from zsplan.analysis.standing import TargetSpec
from zsplan.errors import DatabaseError, UsageError
from zsplan.store import chain
from zsplan.store.checks import CheckedEntry
from zsplan.store.fastread import SCHEMA, Database, Session, _as_entry, _bind_moment, _effective, _marks
from zsplan.store.plain import lock_timeout_s
from zsplan.text import fold


class Unsupported(Exception):
    """What is asked needs the ORM path (raised inside :func:`write_session`: nothing is written)."""


@contextlib.contextmanager
def write_session(database: Database) -> Iterator[Session]:
    """One write transaction (``BEGIN IMMEDIATE``: writers queue on the busy timeout), committed if the block succeeds.

    After the commit the file is put in WAL mode, as :func:`zsplan.store.db.write_session` does.

    Raises:
        DatabaseError: the database cannot be written, worded as the ORM path words it.
        Unsupported: the schema changed meanwhile, or the block raised it (rolled back).
    """
    try:
        connection = sqlite3.connect(database.path, timeout=lock_timeout_s(), isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("BEGIN IMMEDIATE")
            try:
                if connection.execute("SELECT version_num FROM alembic_version").fetchall() != [(SCHEMA,)]:
                    raise Unsupported("the schema changed")
                yield Session(connection)
                connection.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise
            _switch_to_wal(connection)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseError(f"database {database.shown}: {reason}") from None


def _switch_to_wal(connection: sqlite3.Connection) -> None:
    """:func:`zsplan.store.db._switch_to_wal`: WAL mode for a zsplan database after a committed write (once)."""
    try:
        if (
            connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
            and connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'zsplan_meta'").fetchone()
        ):
            connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError:
        pass  # read-only or busy: a later run switches


def has_rounds(session: Session) -> bool:
    """:func:`zsplan.store.rounds.has_rounds`."""
    return bool(session.all("SELECT reporting_round.id FROM reporting_round LIMIT 1"))


def _effective_item(session: Session, spec: TargetSpec, checked: CheckedEntry, *, ignore: int | None = None) -> Entry | None:
    """The first effective entry of ``spec`` recording ``checked``'s item (the query of :func:`zsplan.store.ledger.recorded_item`)."""
    effective, parameters = _effective("progress_entry", None)
    conditions = ["progress_entry.target_id = ?", "progress_entry.item_id = ?", *effective]
    parameters = [spec.id, checked.item_id, *parameters]
    if ignore is not None:
        conditions.append("progress_entry.id != ?")
        parameters.append(ignore)
    from zsplan.store.fastread import _ENTRY_COLUMNS

    rows = session.all(f"SELECT {_ENTRY_COLUMNS} FROM progress_entry WHERE {' AND '.join(conditions)} ORDER BY progress_entry.id LIMIT 1", parameters)
    return _as_entry(rows[0]) if rows else None


def recorded_item(session: Session, spec: TargetSpec, checked: CheckedEntry) -> Entry | None:
    """:func:`zsplan.store.ledger.recorded_item`."""
    return None if checked.item_id is None else _effective_item(session, spec, checked)


def refuse_duplicate_item(session: Session, spec: TargetSpec, checked: CheckedEntry) -> None:
    """:func:`zsplan.store.ledger.refuse_duplicate_item`.

    Raises:
        UsageError: the item is already recorded; the message names the entry.
    """
    if checked.item_id is None:
        return
    earlier = _effective_item(session, spec, checked)
    if earlier is not None:
        raise UsageError(
            f"item {earlier.item_name or earlier.item_id!r} of {spec.id!r} is already recorded "
            f"(entry #{earlier.id}, as of {earlier.as_of}); an item counts once",
            "item",
        )


def refuse_alias_clash(session: Session, spec: TargetSpec, checked: CheckedEntry, realised_as: str | None) -> None:
    """:func:`zsplan.store.ledger.refuse_alias_clash`.

    Raises:
        UsageError: naming the entry that has the name.
    """
    if checked.item_id is None:
        return
    keys = sorted({fold(name) for name in (checked.item_name, realised_as) if name})
    marks, values = _marks(keys)
    effective, parameters = _effective("progress_entry", None)
    rows = session.all(
        "SELECT progress_entry.id, progress_entry.item_name, entry_alias.name FROM progress_entry "
        "LEFT OUTER JOIN entry_alias ON entry_alias.entry_id = progress_entry.id "
        f"WHERE progress_entry.target_id = ? AND (progress_entry.item_id IN ({marks}) OR entry_alias.folded IN ({marks})) "
        f"AND {' AND '.join(effective)} ORDER BY progress_entry.id",
        [spec.id, *values, *values, *parameters],
    )
    for entry_id, item_name, alias in rows:
        if entry_id is not None:
            raise UsageError(
                f"{item_name!r} of {spec.id!r} already has that name (entry #{entry_id}{f', realised as {alias!r}' if alias else ''}); an item counts once",
                "item",
            )


def record_entry(
    session: Session,
    *,
    target_id: str,
    value: float,
    as_of: dt.date,
    recorded_at: dt.datetime,
    recorded_by: str,
    item_id: str | None = None,
    item_name: str | None = None,
    note: str | None = None,
    evidence: str | None = None,
    kind: str = "log",
) -> Entry:
    """:func:`zsplan.store.ledger.record_entry` on SQLite (no server stamp there): the row, its chain hash, the entry as stored."""
    rows = session.all("SELECT entry_hash FROM progress_entry WHERE id = (SELECT max(id) FROM progress_entry)")
    previous = chain.GENESIS if not rows or rows[0][0] is None else rows[0][0]
    digest = chain.entry_hash(previous, [target_id, kind, value, item_id, item_name, as_of, recorded_at, recorded_by, note, evidence, None, None])
    cursor = session.connection.execute(
        "INSERT INTO progress_entry (target_id, value, item_id, item_name, as_of, recorded_at, recorded_by, note, source, kind, supersedes, reason, "
        "entry_hash, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            target_id,
            value,
            item_id,
            item_name,
            as_of.isoformat(),
            _bind_moment(recorded_at),
            recorded_by,
            note,
            evidence,
            kind,
            None,
            None,
            digest,
            fold(item_name) if item_name else None,
        ),
    )
    recorded = recorded_at if recorded_at.tzinfo else recorded_at.replace(tzinfo=dt.UTC)
    return Entry(
        id=int(cursor.lastrowid or 0),
        target_id=target_id,
        kind=kind,
        value=value,
        item_id=item_id,
        item_name=item_name,
        as_of=as_of,
        recorded_at=recorded.astimezone(dt.UTC),
        recorded_by=recorded_by,
        note=note,
        evidence=evidence,
        entry_hash=digest,
    )
