"""Bulk reports from a sheet: check every row first, then write all rows in one statement.

A sheet is accepted whole or not at all: :func:`check_rows` returns every
problem as ``row N, column X: message``; only a sheet without problems is
written, as one multi-row insert inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from zsplan.errors import UsageError
from zsplan.io.sheets import COLUMNS, INFO_COLUMNS, SheetRow, cell_text
from zsplan.store import ledger
from zsplan.store import tables as t

#: How many problems are listed before the rest are only counted.
MAX_LISTED = 200


@dataclass
class CheckedSheet:
    """The outcome of checking a sheet: rows ready to insert, or the problems.

    Attributes:
        rows: tuples of :class:`~zsplan.store.tables.ProgressEntry` columns in
            :data:`COLUMNS_ORDER`, in sheet order.
        problems: ``row N, column X: message`` lines (all of them).
        per_target: how many rows go to each target id.
    """

    rows: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    per_target: Counter = field(default_factory=Counter)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date; write YYYY-MM-DD", "date") from None


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise UsageError(f"{value!r} is not a number", "value")
    if isinstance(value, (int, float)):
        return float(value)
    text = cell_text(value).replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a number; give a count such as 3", "value") from None
    if not math.isfinite(number):
        raise UsageError(f"{text!r} is not a finite number", "value")
    return number


def check_rows(
    session: Session,
    columns: list[str],
    rows: Iterable[SheetRow],
    *,
    today: dt.date,
    now: dt.datetime,
    default_by: str,
    on_row: Callable[[int], None] | None = None,
) -> CheckedSheet:
    """Check every row of a sheet against the plan and the ledger.

    Rules per row: those of :func:`zsplan.store.ledger.check_entry`, plus: the
    target and date columns are filled; an item appears once per target in the
    file and is not already recorded in the ledger. A row with nothing reported
    (no value, item, date, note or evidence: a template row left unfilled) is skipped.

    Args:
        columns: the header's column names; unknown ones are a problem of row 1.
        on_row: called with each row number checked (for a progress bar).
    """
    result = CheckedSheet()
    known = set(COLUMNS) | set(INFO_COLUMNS)
    for position, column in enumerate(columns, start=1):
        if column and column not in known:
            result.problems.append(f"row 1, column {position}: unknown column {column!r}; use {', '.join(COLUMNS)}")
    for required in ("target", "date"):
        if required not in columns:
            result.problems.append(f"row 1: no {required!r} column; the header needs {', '.join(COLUMNS)}")
    if result.problems:
        return result
    index = ledger.TargetIndex(ledger.fetch_specs(session))
    recorded = ledger.effective_item_keys(session)
    seen: dict[tuple[str, str], int] = {}
    checked_names: set[str] = set()
    for row in rows:
        if on_row is not None:
            on_row(row.number)
        cells = row.cells
        if all(cells.get(column) is None for column in ("value", "item", "date", "note", "evidence")):
            continue  # a template row left unfilled: nothing reported for that target
        if "?extra" in cells:
            result.problems.append(f"row {row.number}, column {cells['?extra']}: a value outside the named columns; put it under a header")
            continue
        try:
            if cells.get("target") is None:
                raise UsageError("empty; give a target id or name", "target")
            spec = index.find(cell_text(cells["target"]))
            if cells.get("date") is None:
                raise UsageError("empty; give the as-of date as YYYY-MM-DD", "date")
            as_of = _date(cells["date"])
            value = None if cells.get("value") is None else _number(cells["value"])
            item = None if cells.get("item") is None else cell_text(cells["item"])
            note = None if cells.get("note") is None else cell_text(cells["note"])
            evidence = None if cells.get("evidence") is None else cell_text(cells["evidence"])
            checked = ledger.check_entry(spec, value=value, item=item, as_of=as_of, today=today, note=note, source=evidence)
            if checked.item_id is not None:
                earlier = recorded.get(spec.id, {}).get(checked.item_id)
                if earlier is not None:
                    raise UsageError(f"{checked.item_name!r} of {spec.id!r} is already recorded (entry #{earlier.id}); an item counts once", "item")
                first = seen.setdefault((spec.id, checked.item_id), row.number)
                if first != row.number:
                    raise UsageError(f"{checked.item_name!r} of {spec.id!r} is also in row {first}; an item counts once", "item")
            by = default_by if cells.get("by") is None else cell_text(cells["by"])
            if by not in checked_names:
                ledger.check_text("by", by)
                checked_names.add(by)
        except UsageError as error:
            result.problems.append(f"row {row.number}, column {error.field or '?'}: {error}")
            continue
        result.per_target[spec.id] += 1
        result.rows.append((spec.id, checked.value, checked.item_id, checked.item_name, as_of, now, by, note, evidence, "log", None, None))
    return result


#: The order of the columns in :attr:`CheckedSheet.rows`.
COLUMNS_ORDER = ("target_id", "value", "item_id", "item_name", "as_of", "recorded_at", "recorded_by", "note", "source", "kind", "supersedes", "reason")


def insert_rows(session: Session, rows: list[tuple]) -> None:
    """Append checked rows to the ledger in one multi-row insert, inside the caller's transaction.

    On SQLite the rows go to the driver's ``executemany`` as tuples, dates and
    times converted by the column types' own SQLite processors (so they are
    stored exactly as an ORM insert stores them): at 100,000 rows the per-row
    work of an ORM or Core insert would dominate the import.
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(insert(t.ProgressEntry), [dict(zip(COLUMNS_ORDER, row)) for row in rows])
        return
    columns = t.ProgressEntry.__table__.c
    dialect = connection.dialect
    # the column types' own SQLite processors (the same text an ORM insert writes), once per distinct value
    converters = [(column.type.dialect_impl(dialect).bind_processor(dialect) or (lambda value: value), {}) for column in (columns.as_of, columns.recorded_at)]

    def stored(position: int, value):
        convert, seen = converters[position]
        text = seen.get(value)
        if text is None:
            text = seen[value] = convert(value)
        return text

    values = [
        (target_id, value, item_id, item_name, stored(0, day), stored(1, at), by, note, source, kind, supersedes, reason)
        for target_id, value, item_id, item_name, day, at, by, note, source, kind, supersedes, reason in rows
    ]
    placeholders = ", ".join("?" for _ in COLUMNS_ORDER)
    connection.exec_driver_sql(f"INSERT INTO progress_entry ({', '.join(COLUMNS_ORDER)}) VALUES ({placeholders})", values)
