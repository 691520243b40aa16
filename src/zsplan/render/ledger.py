"""Render the ledger: a target's history and its named items, as tables or JSON.

History JSON (``zsplan history --format json``): a ``zsplan-history`` document
(:mod:`zsplan.render.jsonout`) whose records are, in the order recorded,
``{id, target_id, kind, value, item, as_of, recorded_at, recorded_by, supersedes,
superseded_by, reason, note, evidence, effective, realised_as}``; ``kind`` is log, nil (nothing new this
period), correction or retraction; ``recorded_at`` is UTC ISO 8601 with a ``Z``; ``value`` is null
for items and retractions, ``item`` null for values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zsplan.analysis.entries import Entry, HistoryRow
from zsplan.analysis.standing import TargetSpec
from zsplan.render.safe import terminal_text
from zsplan.render.status import number


def _utc(moment) -> str:
    """ISO 8601 in UTC with a ``Z`` (stored times are UTC; SQLite returns them without zone)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


def _count(value: float) -> float | int:
    """A reported count as written: ``32``, not ``32.0`` (every unit of the plan counts whole things)."""
    return int(value) if float(value).is_integer() else value


def entry_record(entry: Entry, superseded_by: int | None = None, baseline_date: dt.date | None = None) -> dict[str, Any]:
    """One ledger entry as a JSON-ready dict; ``value`` is a whole number (None for items and retractions).

    ``baseline_fact`` is True for an entry dated before ``baseline_date`` (the target's): a
    fact recorded as what stood at the baseline (docs/method.md, "Baseline facts").
    """
    is_item = entry.is_item
    return {
        "id": entry.id,
        "target_id": entry.target_id,
        "kind": entry.kind,
        "value": None if is_item or entry.kind in ("retraction", "nil") else _count(entry.value),
        "item": entry.item_name if is_item else None,
        "realised_as": entry.realised_as,
        "as_of": entry.as_of.isoformat(),
        "recorded_at": _utc(entry.recorded_at),
        "recorded_by": entry.recorded_by,
        "supersedes": entry.supersedes,
        "superseded_by": superseded_by,
        "reason": entry.reason,
        "note": entry.note,
        "evidence": entry.evidence,
        "effective": entry.kind != "retraction" and superseded_by is None,
        "baseline_fact": baseline_date is not None and entry.as_of < baseline_date,
    }


def history_json(spec: TargetSpec, rows: list[HistoryRow]) -> str:
    """The ``zsplan-history`` JSON document (docs/schemas/history.schema.json): the target, then every entry."""
    from zsplan.render.jsonout import document_text

    records = (entry_record(row.entry, row.superseded_by, spec.baseline_date) for row in rows)
    return document_text("history", records, target_id=spec.id, target_name=spec.name)


def items_json(spec: TargetSpec, entries: list[Entry], as_of: dt.date | None = None) -> str:
    """The ``zsplan-items`` JSON document (docs/schemas/items.schema.json): the named items that count."""
    from zsplan.render.jsonout import document_text

    return document_text("items", (entry_record(entry, None, spec.baseline_date) for entry in entries), target_id=spec.id, target_name=spec.name, as_of=as_of)


def _what(entry: Entry) -> str:
    if entry.kind == "retraction":
        return f"cancels #{entry.supersedes}"
    if entry.kind == "nil":
        return "nothing new"
    if entry.item_name is not None:
        return entry.item_name + (f" (as {entry.realised_as})" if entry.realised_as and entry.realised_as != entry.item_name else "")
    return number(entry.value)


def render_history(console: Console, spec: TargetSpec, rows: list[HistoryRow]) -> None:
    """Print a target's entries with who, when and why; superseded ones are marked, not hidden (stored text escaped, see :mod:`zsplan.render.safe`)."""
    console.print(Text(terminal_text(f"{spec.id} ({spec.name}) — {len(rows)} entr{'y' if len(rows) == 1 else 'ies'}"), style="bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("#", "kind", "value / item", "as of", "recorded at (UTC)", "by", "state", "reason / note", "evidence"):
        table.add_column(column, overflow="fold", justify="right" if column == "#" else "left")
    for row in rows:
        entry = row.entry
        baseline_fact = entry.as_of < spec.baseline_date
        if entry.kind == "retraction":
            state = "retraction"
        elif row.superseded_by is not None:
            state = f"superseded by #{row.superseded_by}"
        elif baseline_fact and spec.counts == "new":
            state = "baseline fact (not counted: counts new)"
        elif baseline_fact:
            state = "baseline fact (counts)"
        else:
            state = "counts"
        table.add_row(
            str(entry.id),
            entry.kind if entry.supersedes is None else f"{entry.kind} of #{entry.supersedes}",
            terminal_text(_what(entry)),
            entry.as_of.isoformat(),
            _utc(entry.recorded_at)[:19].replace("T", " "),
            terminal_text(entry.recorded_by),
            Text(state, style="" if state.startswith(("counts", "baseline fact (counts)")) else "dim"),
            terminal_text(entry.reason or entry.note or ""),
            terminal_text(entry.evidence or ""),
        )
    console.print(table)


def render_items(console: Console, spec: TargetSpec, entries: list[Entry]) -> None:
    """Print the named achievements that count for a target (stored text escaped, see :mod:`zsplan.render.safe`)."""
    console.print(Text(terminal_text(f"{spec.id} ({spec.name}) — {len(entries)} item{'s' if len(entries) != 1 else ''}"), style="bold"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("#", "item", "as of", "evidence", "by"):
        table.add_column(column, overflow="fold", justify="right" if column == "#" else "left")
    for entry in entries:
        as_of = entry.as_of.isoformat() + (" (baseline fact)" if entry.as_of < spec.baseline_date else "")
        table.add_row(str(entry.id), terminal_text(_what(entry)), as_of, terminal_text(entry.evidence or ""), terminal_text(entry.recorded_by))
    console.print(table)
