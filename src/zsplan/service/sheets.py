"""Many entries at once: sheet imports, templates, and the export that restores a whole ledger."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from zsplan.analysis.entries import Entry
from zsplan.analysis.standing import TargetSpec
from zsplan.collector import without_cycle_collection
from zsplan.errors import ImportRefused, UsageError
from zsplan.service.database import ensure_plan
from zsplan.store import db, ledger, migrate


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (or, with ``dry_run``, would write): entry counts per target id; ``encoding``: the
    encoding a CSV sheet was read in (``utf-8``, ``gb18030`` …; ``""`` for a workbook or an export)."""

    written: int
    per_target: dict[str, int]
    dry_run: bool
    notice: str | None = None
    encoding: str = ""


@without_cycle_collection
def import_sheet(
    engine: Engine,
    path: Path,
    *,
    dry_run: bool,
    today: dt.date,
    now: dt.datetime,
    recorded_by: str,
    on_row: Callable[[int], None] | None = None,
    allow_duplicates: bool = False,
    encoding: str = "auto",
    late: bool = False,
) -> ImportResult:
    """Check every row of a CSV/XLSX/XLS sheet, then record all of them in one transaction.

    A CSV sheet is read as ``encoding`` (:data:`zsplan.io.sheets.CSV_ENCODINGS`; ``auto``: UTF-8, else GB18030).

    The file's SHA-256 is kept with the entries it wrote; the same file imported again is
    refused (naming when it was imported), as are rows already in the ledger, unless
    ``allow_duplicates``. Rows dated inside a closed reporting round are refused unless ``late``
    (then they are recorded as late entries of that round). Runs without cycle collection: 100,000 rows
    are read, checked and written, and hold no cycles (:mod:`zsplan.collector`).

    Raises:
        UsageError: the file cannot be read as a sheet.
        ImportRefused: one or more rows are bad (``problems`` lists them), or the file was
            imported before; nothing written.
        RoundRefused: a row is dated inside a closed reporting round and ``late`` is not given; nothing written.
        DatabaseError: the database cannot be written.
    """
    import hashlib

    from zsplan.io.sheets import SheetError, read_sheet
    from zsplan.store import bulk, evidence, rounds

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        sheet = read_sheet(path, encoding=encoding)
    except OSError as error:
        raise UsageError(f"{path}: cannot read: {error.strerror}") from None
    except SheetError as error:
        raise UsageError(str(error)) from None
    with db.write_session(engine) as session:
        notice = ensure_plan(session, now=now)
        before = evidence.find_imported_file(session, digest)
        if before is not None and not allow_duplicates:
            entries = f"entries #{before.first_entry}–#{before.last_entry}" if before.first_entry is not None else "no entries"
            raise ImportRefused(
                f"{path}: this file was already imported on {before.imported_at:%Y-%m-%d %H:%M:%S} UTC by {before.imported_by} "
                f"(as {before.file_name}: {entries}); nothing was imported",
                ["give --allow-duplicates to import it again"],
            )
        try:
            checked = bulk.check_rows(
                session,
                sheet.columns,
                sheet.rows,
                headers=sheet.headers,
                today=today,
                now=now,
                default_by=recorded_by,
                on_row=on_row,
                allow_duplicates=allow_duplicates,
            )
        except SheetError as error:
            raise UsageError(str(error)) from None
        if checked.problems:
            count = len(checked.bad_rows)
            raise ImportRefused(f"{path}: {count} bad row{'s' if count != 1 else ''}; nothing was imported", checked.problems)
        locked = rounds.refuse_locked(session, [row[4] for row in checked.rows], late=late)
        if dry_run:
            session.rollback()
            notice = None  # the bundled plan was loaded only to check the rows against it, and is not kept
        else:
            first = evidence.last_entry_id(session) + 1
            bulk.insert_rows(session, checked.rows)
            last = evidence.last_entry_id(session)
            if locked:
                dated = zip(range(first, last + 1), (row[4] for row in checked.rows), strict=False)
                for entry_id, day in dated:
                    if day in locked:
                        rounds.mark_late(session, entry_ids=[entry_id], round_id=locked[day], now=now, by=recorded_by)
            evidence.record_imported_file(
                session,
                digest=digest,
                file_name=path.name,
                now=now,
                by=recorded_by,
                rows=len(checked.rows),
                first_entry=first if last >= first else None,
                last_entry=last if last >= first else None,
            )
    return ImportResult(written=len(checked.rows), per_target=dict(checked.per_target), dry_run=dry_run, notice=notice, encoding=sheet.encoding)


def template_targets(engine: Engine, *, unit: str | None) -> list[TargetSpec]:
    """The targets a ready-to-fill sheet lists: every target, or those ``unit`` leads or co-owns, in plan order.

    Raises:
        UsageError: unknown unit.
    """
    from zsplan.service.reading import reading

    with reading(engine) as (session, store, _):
        chosen = store.find_unit(session, unit) if unit else None
        return store.fetch_specs(session, unit_id=chosen.id if chosen else None)


#: The export versions a restore reads: 1 (entries cite their evidence as ``source``) and 2 (as ``evidence``).
EXPORT_FORMAT = "zsplan-export"
READABLE_EXPORT_VERSIONS = (1, 2, 3, 4)


@dataclass(frozen=True)
class LedgerExport:
    """The whole database as plain data: the plan file as JSON-ready data, and every entry in id order."""

    plan: dict[str, Any] | None
    entries: list[Entry]
    evidence: dict[str, list[dict[str, Any]]] | None = None


def export_ledger(engine: Engine) -> LedgerExport:
    """The plan definitions and the full ledger (superseded entries included), for ``zsplan export``.

    Raises:
        UsageError: the database holds several plans: an export carries one plan and the whole
            hash-chained ledger, so such a database is copied with ``zsplan backup`` instead.
    """
    from zsplan.store import evidence, load, plans

    with db.read_session(engine) as session:
        held = plans.stored_plans(session) if db.schema_state(session) != "empty" else []
        if len(held) > 1:
            raise UsageError(
                f"this database holds {len(held)} plans ({', '.join(plan.id for plan in held)}); an export carries one plan and the whole ledger: "
                "copy the database with 'zsplan backup FILE' instead"
            )
        plan = load.stored_definitions(session)
        entries = ledger.all_entries(session)
        kept = evidence.export_rows(session)
    return LedgerExport(plan=plan.model_dump(mode="json") if plan else None, entries=entries, evidence=kept)


#: The fields of an export document.
EXPORT_FIELDS = ("format", "version", "exported_at", "chain_head", "plan", "evidence", "entries")


def import_export(engine: Engine, path: Path, *, now: dt.datetime, today: dt.date | None = None, dry_run: bool = False) -> ImportResult:
    """Restore an export (see :func:`zsplan.render.export.export_json`) into a database that has no progress entries.

    Entry ids, recording times and supersession links are kept, so status,
    history and ``--known-at`` read exactly as in the exported database. Nothing in
    the file is trusted: its plan is validated as a plan file is (without
    traceability, see :func:`zsplan.plan.validate.check_plan_data`), and its entries
    by the rules of ``log``, ``correct`` and ``retract`` (:func:`zsplan.store.restore.check_entries`).

    Args:
        today: no entry may be dated after it (default: ``now``'s date).

    Raises:
        UsageError: the file is not readable JSON (or nested too deeply), not a zsplan export,
            or the database already has entries.
        ImportRefused: the plan or entries break a rule; ``problems`` lists each as
            ``FILE: plan.targets[N] (id X), field F: …`` or ``FILE: entries[N] (id M), field F: …``;
            nothing written.
        DatabaseError: the database cannot be written.
    """
    from zsplan.plan.validate import LoadedPlan, check_plan_data
    from zsplan.store import load, restore

    shown = str(path)
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except RecursionError:
        raise UsageError(f"{path}: not a readable JSON export (it is nested too deeply)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else exc
        raise UsageError(f"{path}: not a readable JSON export ({reason})") from None
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT or isinstance(version, bool) or version not in READABLE_EXPORT_VERSIONS:
        *earlier, last = (str(version) for version in READABLE_EXPORT_VERSIONS)
        versions = f"{', '.join(earlier)} or {last}" if earlier else last
        raise UsageError(f"{path}: not a zsplan export (format {EXPORT_FORMAT!r}, version {versions})")
    problems = [f"{shown}: unknown field {str(key)[:64]!r}; an export has {', '.join(EXPORT_FIELDS)}" for key in document if key not in EXPORT_FIELDS]
    if "plan" not in document:
        problems.append(f"{shown}: field plan: missing; a restore needs the plan the entries are for")
        checked_plan = None
    else:
        try:
            checked_plan = check_plan_data(document["plan"], shown)
        except RecursionError:
            raise UsageError(f"{path}: not a readable JSON export (its plan is nested too deeply)") from None
        problems += [f"{problem.path}: {problem.message}" for problem in checked_plan.problems]
    entries = document.get("entries", [])
    if not isinstance(entries, list):
        problems.append(f"{shown}: field entries: not a list of entries")
    if problems or checked_plan is None or checked_plan.plan is None:
        raise _refused(path, problems)
    with db.write_session(engine) as session:
        if db.schema_state(session) == "empty":
            migrate.upgrade(session)
        if ledger.has_entries(session):
            raise UsageError("the database already has progress entries; restore an export into a new database (--db NEW.db)")
        from zsplan.store import plans

        others = [plan.id for plan in plans.stored_plans(session) if plan.id != checked_plan.plan.plan.id] if db.schema_state(session) == "loaded" else []
        if others:
            raise UsageError(f"the database holds another plan ({', '.join(others)}); restore an export into a new database (--db NEW.db)")
        loaded = LoadedPlan(plan=checked_plan.plan, path=path, content_hash="")
        load.load_definitions(session, loaded, now=now, display_path=f"(export) {path.name}")
        evidence = "source" if version == 1 else "evidence"
        checked = restore.check_entries(session, entries, evidence=evidence, today=today or now.date(), now=now, display=shown)
        if checked.problems:
            raise _refused(path, checked.problems)
        from zsplan.store import evidence as kept

        ids = {row["id"]: row["target_id"] for row in checked.rows}
        targets = {spec.id for spec in ledger.fetch_specs(session)}
        rows, faults = kept.check_evidence(document.get("evidence", {}), entries=ids, targets=targets, now=now, display=shown)
        if faults:
            raise _refused(path, faults)
        ledger.restore_entries(session, checked.rows)
        kept.restore_rows(session, rows)
        if dry_run:
            session.rollback()
    return ImportResult(written=len(checked.rows), per_target=dict(checked.per_target), dry_run=dry_run)


def _refused(path: Path, problems: list[str]) -> ImportRefused:
    count = len(problems)
    return ImportRefused(f"{path}: {count} problem{'s' if count != 1 else ''} in the export; nothing was restored", problems)
