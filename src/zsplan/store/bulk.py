"""Bulk reports from a sheet: check every row first, then write all rows in one statement.

A sheet is accepted whole or not at all: :func:`check_rows` returns every
problem as ``row N, column X: message``; only a sheet without problems is
written, as one multi-row insert inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from zsplan.errors import FIELDS, UsageError
from zsplan.io.sheets import COLUMNS, INFO_COLUMNS, SheetRow, cell_text
from zsplan.store import ledger
from zsplan.store import tables as t
from zsplan.text import fold, fold_many, read_number

#: How many problems are listed before the rest are only counted.
MAX_LISTED = 200


@dataclass
class CheckedSheet:
    """The outcome of checking a sheet: rows ready to insert, or the problems.

    Attributes:
        rows: tuples of :class:`~zsplan.store.tables.ProgressEntry` columns in
            :data:`COLUMNS_ORDER`, in sheet order.
        problems: ``row N, column X: message`` lines (all of them).
        bad_rows: the sheet rows those problems are in (1 is the header).
        per_target: how many rows go to each target id.
    """

    rows: list[tuple] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)
    per_target: Counter = field(default_factory=Counter)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not _ISO_DATE.fullmatch(text):  # as log's --date: not 20210630 nor 2021-W26-3, which Python would also read
        raise UsageError(f"{text!r} is not a date; write YYYY-MM-DD", "date")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date; write YYYY-MM-DD", "date") from None


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise UsageError(f"{value!r} is not a number", "value")
    if isinstance(value, (int, float)):
        return float(value)
    text = cell_text(value)
    if "," in text:
        if not _GROUPED.fullmatch(text):  # 1,5 or 1,00 is a slip, not fifteen or a hundred
            raise UsageError(f"{text!r} is not a number; commas may only group thousands, as in 1,000", "value")
        text = text.replace(",", "")
    try:
        number = read_number(text)  # as log reads VALUE: no 1_000, no 1e-400
    except ValueError as exc:
        raise UsageError(str(exc), "value") from None
    if not math.isfinite(number):
        raise UsageError(f"{text!r} is not a finite number", "value")
    return number


#: What a value cell may say for a nil report (nothing new this period), compared after folding script, width and case.
NIL_WORDS = ("nil", "無新增", "本期無新增")
_NIL_KEYS = frozenset(fold(word) for word in NIL_WORDS)


def is_nil(value: Any) -> bool:
    """Whether a value cell says "nothing new this period" (:data:`NIL_WORDS`, either script)."""
    return value.__class__ is str and _folded(value) in _NIL_KEYS


@lru_cache(maxsize=4096)
def _folded(value: str) -> str:
    return fold(value)  # a sheet's value column repeats a few texts ("1", "2", "無新增") thousands of times


def _reported(value: Any) -> tuple[bool, float | None]:
    """What a filled value cell reports: (True, None) for a nil report, else (False, the number)."""
    return (True, None) if is_nil(value) else (False, _number(value))


#: What a basis cell may say: the value is the level reached (累計) or the increment since the last report (本期新增).
BASIS_WORDS = {"累計": "cumulative", "cumulative": "cumulative", "level": "cumulative", "本期新增": "increment", "increment": "increment", "新增": "increment"}
_BASIS_KEYS = {fold(word): basis for word, basis in BASIS_WORDS.items()}


def _basis(value: Any) -> str:
    basis = _BASIS_KEYS.get(fold(cell_text(value)))
    if basis is None:
        raise UsageError(
            f"{cell_text(value)!r} is not a basis; write 累計 (cumulative: the level reached) or 本期新增 (increment since the last report)", "basis"
        )
    return basis


class _Memo(dict):
    """Results of a checking function by cell value: a sheet repeats its targets and dates on every row."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        super().__init__()
        self.function = function

    def __missing__(self, value: Any) -> Any:
        result = self.function(value)
        if value.__class__ is str:  # other cells (numbers, dates from XLSX) are cheap and may be unhashable
            self[value] = result
        return result


def check_rows(
    session: Session,
    columns: list[str],
    rows: Iterable[SheetRow],
    *,
    headers: Mapping[str, str] | None = None,
    today: dt.date,
    now: dt.datetime,
    default_by: str,
    on_row: Callable[[int], None] | None = None,
    allow_duplicates: bool = False,
) -> CheckedSheet:
    """Check every row of a sheet against the plan and the ledger.

    Rules of the header: every column is known, none is named twice, and there
    are target and date columns. Rules per row: those of
    :func:`zsplan.store.ledger.check_entry`, plus: the target and date columns are filled; an item appears once per target in the
    file and is not already recorded in the ledger; a value row is not already in the
    ledger (same target, date, value or nil, and ``by``) unless ``allow_duplicates``.
    ``basis`` 累計 (cumulative) on a flow target is recorded as the increment: the level
    minus what is achieved so far (the ledger's, then this sheet's earlier rows of the
    target dated by then), refused when it goes down; 本期新增 (increment) on a stock
    target is refused. A row with nothing reported
    (no value, item, date, note or evidence: a template row left unfilled) is skipped.

    Args:
        columns: the header's column names; unknown ones are a problem of row 1.
        headers: column name → the header as written, to word messages as the user
            sees the sheet (default: the column names).
        on_row: called with each row number checked (for a progress bar).
    """
    result = CheckedSheet()
    written = dict(headers or {})
    words = {name: f"the {written.get(name, name)} column" for name in FIELDS}  # how a message names a field
    known = set(COLUMNS) | set(INFO_COLUMNS)
    position_of: dict[str, int] = {}
    for position, column in enumerate(columns, start=1):
        if column and column not in known:
            result.problems.append(f"row 1, column {position}: unknown column {column!r}; use {', '.join(COLUMNS)}")
        elif column and position_of.setdefault(column, position) != position:  # the later column would silently win
            result.problems.append(f"row 1, column {position}: the column {column!r} is already column {position_of[column]}; keep one of them")
    for required in ("target", "date"):
        if required not in columns:
            result.problems.append(f"row 1: no {required!r} column; the header needs {', '.join(COLUMNS)}")
    if result.problems:
        result.bad_rows.add(1)
        return result
    index = ledger.TargetIndex(ledger.fetch_specs(session))
    targets = _Memo(lambda cell: index.find(cell_text(cell)))
    dates = _Memo(_date)
    reported = _Memo(_reported)
    problems: list[tuple[int, str]] = []
    items: dict[tuple[str, str], tuple[int, str | None]] = {}  # (target id, item key) → (first row, name)
    checked_names: set[str] = set()
    bases = _Memo(_basis)
    so_far: dict[tuple[str, dt.date], float] = {}  # (flow target, date) → achieved as the ledger has it
    added: dict[str, list[tuple[dt.date, float]]] = {}  # flow target → (date, increment) of this sheet's rows so far
    # check_entry's verdict by (target, value cell, item, date, evidence): a sheet repeats them on many rows. The note
    # is checked on each row with check_text, as check_entry checks it first (and uses it for nothing else).
    verdicts: dict[tuple[str, str | None, str | None, dt.date, str | None], ledger.CheckedEntry] = {}
    numbers: list[int] = []  # the sheet row of each of result.rows
    rows_out = result.rows
    check_entry, check_text, check_recorder = ledger.check_entry, ledger.check_text, ledger.check_recorder
    date_class = dt.date
    for row in rows:
        number = row.number
        if on_row is not None:
            on_row(number)
        cells = row.cells
        get = cells.get
        target, value, item, date, note, evidence = get("target"), get("value"), get("item"), get("date"), get("note"), get("evidence")
        if value is None and item is None and date is None and note is None and evidence is None:
            continue  # a template row left unfilled: nothing reported for that target
        if "?extra" in cells:
            problems.append((number, f"row {number}, column {cells['?extra']}: a value outside the named columns; put it under a header"))
            continue
        try:
            if target is None:
                raise UsageError("empty; give a target id or name", "target")
            spec = targets[target]
            if date is None:
                raise UsageError("empty; give the as-of date as YYYY-MM-DD", "date")
            as_of = date if date.__class__ is date_class else dates[date]
            nil, figure = (False, None) if value is None else reported[value]
            if item is not None:
                item = cell_text(item)
            if note is not None:
                note = note.strip() if note.__class__ is str else cell_text(note)
            if evidence is not None:
                evidence = cell_text(evidence)
            if value is None or value.__class__ is str:
                check_text("note", note)
                asked = (spec.id, value, item, as_of, evidence)
                checked = verdicts.get(asked)
                if checked is None:
                    checked = verdicts[asked] = check_entry(spec, value=figure, item=item, as_of=as_of, today=today, source=evidence, nil=nil)
            else:  # a number or date cell of a workbook (-0.0 and 0.0 are one key, and are stored apart)
                checked = check_entry(spec, value=figure, item=item, as_of=as_of, today=today, note=note, source=evidence, nil=nil)
            basis = get("basis")
            if basis is not None and checked.kind == "log" and spec.mode == "value" and spec.kind != "milestone":
                checked = _on_basis(session, spec, checked, bases[basis], as_of, so_far, added)
            item_id = checked.item_id
            if item_id is not None:
                first, _ = items.setdefault((spec.id, item_id), (number, checked.item_name))
                if first != number:
                    raise UsageError(f"{checked.item_name!r} of {spec.id!r} is also in row {first}; an item counts once", "item")
            by = get("by")
            by = default_by if by is None else cell_text(by)
            if by not in checked_names:
                check_recorder(by)
                checked_names.add(by)
        except UsageError as error:
            problems.append((number, f"row {number}, column {written.get(error.field or '?', error.field or '?')}: {error.worded(words)}"))
            continue
        if item_id is None and checked.kind == "log" and spec.progress == "flow":
            added.setdefault(spec.id, []).append((as_of, checked.value))
        numbers.append(number)
        rows_out.append((spec.id, checked.value, item_id, checked.item_name, as_of, now, by, note, evidence, checked.kind, None, None))
    result.per_target.update(row[0] for row in rows_out)
    if items:  # named items already in the ledger: one look-up for the targets the sheet names
        recorded = ledger.effective_item_keys(session, {target_id for target_id, _ in items})
        for (target_id, key), (number, name) in items.items():
            earlier = recorded.get((target_id, key))
            if earlier is not None:
                problems.append(
                    (
                        number,
                        (
                            f"row {number}, column {written.get('item', 'item')}: {name!r} of {target_id!r} is already recorded "
                            f"(entry #{earlier}); an item counts once"
                        ),
                    )
                )
    value_targets = set() if allow_duplicates else {row[0] for row in rows_out if row[2] is None}
    if value_targets:  # reports already in the ledger: one look-up for the targets the sheet names
        recorded_values = ledger.effective_value_keys(session, value_targets)
        if recorded_values:  # (none for targets reported for the first time)
            for number, (target_id, figure, item_id, _, day, _, by, _, _, kind, _, _) in zip(numbers, rows_out, strict=True):
                if item_id is not None:
                    continue
                earlier = recorded_values.get((target_id, day, "nil" if kind == "nil" else figure, by))
                if earlier is not None:
                    said = "nil" if kind == "nil" else f"{figure:g}"
                    problems.append(
                        (
                            number,
                            (
                                f"row {number}: {target_id} {said} as of {day} by {by} is already in the ledger (entry #{earlier}); "
                                "give --allow-duplicates to record it again"
                            ),
                        )
                    )
    problems.sort(key=lambda problem: problem[0])  # in sheet order
    result.problems.extend(message for _, message in problems)
    result.bad_rows.update(number for number, _ in problems)
    return result


def _on_basis(
    session: Session,
    spec: Any,
    checked: ledger.CheckedEntry,
    basis: str,
    as_of: dt.date,
    so_far: dict[tuple[str, dt.date], float],
    added: dict[str, list[tuple[dt.date, float]]],
) -> ledger.CheckedEntry:
    """The entry a value on ``basis`` stands for: a flow target's cumulative level becomes the increment over what is achieved so far.

    Raises:
        UsageError: an increment for a stock target, or a cumulative level below what is achieved so far.
    """
    if spec.progress == "stock":
        if basis == "increment":
            raise UsageError(f"{spec.id!r} is a level (stock): write the level reached as of the date with basis 累計, not an increment", "basis")
        return checked
    if basis == "increment":
        return checked
    key = (spec.id, as_of)
    if key not in so_far:
        facts = ledger.progress_facts(session, as_of, [spec.id]).get(spec.id)
        so_far[key] = spec.baseline_value + (facts.total if facts else 0.0)
    achieved = so_far[key] + sum(amount for day, amount in added.get(spec.id, []) if day <= as_of)
    increment = checked.value - achieved
    if increment < 0:
        raise UsageError(
            f"the cumulative level {checked.value:g} is below the {achieved:g} {spec.unit} already achieved as of {as_of} for {spec.id!r}; "
            "a cumulative total cannot go down (correct the earlier entry if it was wrong)",
            "value",
        )
    return ledger.CheckedEntry(increment, kind=checked.kind)


#: The order of the columns in :attr:`CheckedSheet.rows`.
COLUMNS_ORDER = ("target_id", "value", "item_id", "item_name", "as_of", "recorded_at", "recorded_by", "note", "source", "kind", "supersedes", "reason")


def _stored_forms(column, dialect, values: set) -> dict:
    """value → what the column's type sends to the driver for it (the value itself when the type has no processor)."""
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return {value: process(value) if process else value for value in values}


def insert_rows(session: Session, rows: list[tuple]) -> None:
    """Append checked rows to the ledger in one multi-row insert, inside the caller's transaction.

    On SQLite the rows go to the driver's ``executemany`` as tuples, dates and
    times converted by the column types' own SQLite processors (so they are
    stored exactly as an ORM insert stores them): at 100,000 rows the per-row
    work of an ORM or Core insert would dominate the import.
    """
    if not rows:
        return
    from zsplan.store import chain, roles

    stamp = roles.server_stamp(session)
    if stamp is not None:  # the server's trigger records its own clock and the authenticated role
        rows = [(*row[:5], stamp[0], stamp[1], *row[7:]) for row in rows]
    hashed = itemgetter(*(COLUMNS_ORDER.index(name) for name in chain.HASHED))  # a row's HASHED fields, in order
    hashes = chain.chain(chain.chain_head(session), map(hashed, rows))
    names = sorted({row[3] for row in rows if row[3]})  # the items' names (revision 0015 keeps each folded), each folded once
    keys: dict[str | None, str | None] = dict(zip(names, fold_many(names), strict=True))
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(
            insert(t.ProgressEntry),
            [
                dict(zip(COLUMNS_ORDER, row, strict=True)) | {"entry_hash": digest, "name_key": keys.get(row[3])}
                for row, digest in zip(rows, hashes, strict=True)
            ],
        )
        return
    columns = t.ProgressEntry.__table__.c
    dialect = connection.dialect
    # the column types' own SQLite processors (the same text an ORM insert writes), once per distinct value
    day_text = _stored_forms(columns.as_of, dialect, {row[4] for row in rows})
    at_text = _stored_forms(columns.recorded_at, dialect, {row[5] for row in rows})
    values = [
        (target_id, value, item_id, item_name, day_text[day], at_text[moment], by, note, source, kind, supersedes, reason, digest, keys.get(item_name))
        for (target_id, value, item_id, item_name, day, moment, by, note, source, kind, supersedes, reason), digest in zip(rows, hashes, strict=True)
    ]
    columns_out = (*COLUMNS_ORDER, "entry_hash", "name_key")
    placeholders = ", ".join("?" for _ in columns_out)
    connection.exec_driver_sql(f"INSERT INTO progress_entry ({', '.join(columns_out)}) VALUES ({placeholders})", values)
