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


def source_record(source: Any) -> dict[str, Any]:
    """One source of an entry as JSON: ``{relation, grade, number, title, location, published, text, as_of, value, note, recorded_at, recorded_by}``."""
    return {
        "relation": source.relation,
        "grade": source.grade,
        "number": source.number,
        "title": source.title,
        "location": source.location,
        "published": None if source.published is None else source.published.isoformat(),
        "text": source.text,
        "as_of": None if source.as_of is None else source.as_of.isoformat(),
        "value": None if source.value is None else _count(source.value),
        "note": source.note,
        "recorded_at": None if source.recorded_at is None else _utc(source.recorded_at),
        "recorded_by": source.recorded_by,
    }


def review_record(review: Any) -> dict[str, Any]:
    """One review as JSON: ``{state, reason, recorded_at, recorded_by}``."""
    return {"state": review.state, "reason": review.reason, "recorded_at": _utc(review.recorded_at), "recorded_by": review.recorded_by}


def _evidence_of(entry_id: int, beside: Any, uncounted: frozenset[int]) -> dict[str, Any]:
    from zsplan.analysis.evidence import best_grade

    sources = (beside.sources or {}).get(entry_id, ()) if beside is not None else ()
    reviews = (beside.reviews or {}).get(entry_id, ()) if beside is not None else ()
    return {
        "review_state": reviews[-1].state if reviews else "reported",
        "grade": best_grade(source.grade for source in sources if source.relation != "conflict"),
        "counted": entry_id not in uncounted,
        "sources": [source_record(source) for source in sources],
        "reviews": [review_record(review) for review in reviews],
    }


def history_json(spec: TargetSpec, rows: list[HistoryRow], beside: Any = None, uncounted: frozenset[int] = frozenset()) -> str:
    """The ``zsplan-history`` JSON document (docs/schemas/history.schema.json): the target, then every entry with its
    evidence (``review_state``, ``grade``, ``counted`` under the default counting, ``sources``, ``reviews``)."""
    from zsplan.render.jsonout import document_text

    records = (entry_record(row.entry, row.superseded_by, spec.baseline_date) | _evidence_of(row.entry.id, beside, uncounted) for row in rows)
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


def render_history(console: Console, spec: TargetSpec, rows: list[HistoryRow], beside: Any = None, uncounted: frozenset[int] = frozenset()) -> None:
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
        elif entry.id in uncounted:
            reviews = (beside.reviews or {}).get(entry.id, ()) if beside is not None else ()
            state = "rejected: never counts" if reviews and reviews[-1].state == "rejected" else "not counted: unverified"
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
    for line in _evidence_lines(beside):
        console.print(Text(terminal_text(line)))


def _evidence_lines(beside: Any) -> list[str]:
    """The lines under a history: each entry's sources (corroborations, conflicts) and reviews, then notes and expectations."""
    if beside is None:
        return []
    from zsplan.render.explain import source_text

    lines = []
    for entry_id, sources in sorted((beside.sources or {}).items()):
        for source in sources:
            word = {"source": "source", "corroboration": "corroboration", "conflict": "CONFLICT (an analyst settles it)"}.get(source.relation, source.relation)
            lines.append(f"#{entry_id} {word}: {source_text(source)}")
    for entry_id, reviews in sorted((beside.reviews or {}).items()):
        for review in reviews:
            lines.append(f"#{entry_id} {review.state} by {review.recorded_by} at {_utc(review.recorded_at)[:19].replace('T', ' ')}: {review.reason}")
    for note in beside.notes:
        lines.append(f"note {note.as_of}" + (f" [{note.item}]" if note.item else "") + f": {note.text} ({note.recorded_by}; counts nothing)")
    for e in beside.expectations:
        what = e.item or f"{number(e.value)}"
        lines.append(f"{e.kind} #{e.id}: {what} by {e.expected}, stated {e.stated_on}" + (f" by {e.source}" if e.source else "") + " (not counted)")
    return lines


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
