"""The evidence behind entries: reviews (verified, rejected), further sources (corroboration, conflict), progress notes,
forecasts and scheduled events. Each is kept beside the ledger, in one write transaction, and none changes an entry.

The rules are in docs/method.md ("Evidence states", "Sources", "Progress notes", "Forecasts", "Scheduled events").
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from zsplan.analysis import evidence as rules
from zsplan.analysis.entries import Entry
from zsplan.analysis.evidence import Expectation, Note, Review, Source
from zsplan.analysis.standing import TargetSpec
from zsplan.errors import UsageError
from zsplan.service.database import ensure_plan
from zsplan.store import db, ledger
from zsplan.store import evidence as store
from zsplan.text import fold


def _text(field: str, text: str | None, what: str) -> str | None:
    if text is None:
        return None
    tidy = " ".join(text.split())
    if not tidy:
        raise UsageError(f"{{{field}}} is empty; give {what}", field)
    ledger.check_text(field, tidy)
    return tidy


def check_grade(grade: str) -> str:
    """The grade as stored (``A``–``D``, any case).

    Raises:
        UsageError: not one of :data:`zsplan.analysis.evidence.GRADES`.
    """
    found = grade.strip().upper()
    if found not in rules.GRADES:
        raise UsageError(
            f"unknown source grade {grade!r}; use A (official document or statistics), B (official announcement, or the unit's own report), "
            "C (media or a third party) or D (an unverified claim)",
            "grade",
        )
    return found


@dataclass(frozen=True)
class ReviewResult:
    """A review recorded, with the entry reviewed and the state it had before."""

    review: Review
    entry: Entry
    before: str


def review_entry(engine: Engine, *, entry_id: int, state: str, reason: str, now: dt.datetime, recorded_by: str) -> ReviewResult:
    """Record that entry ``entry_id`` is ``verified`` or ``rejected``, with why; the latest review holds.

    Raises:
        UsageError: no such entry, a retraction (nothing to verify), an unknown state, an empty reason,
            text with control characters, or the entry already in that state (nothing written).
    """
    if state not in ("verified", "rejected"):
        raise UsageError(f"unknown review state {state!r}; use --verify or --reject")
    why = _text("reason", reason, "why the entry is verified or rejected")
    assert why is not None
    ledger.check_recorder(recorded_by)
    with db.write_session(engine) as session:
        entry = ledger.find_entry(session, entry_id)
        if entry.kind == "retraction":
            raise UsageError(f"entry #{entry.id} is a retraction; review the entry it cancels (#{entry.supersedes}) instead")
        before = store.review_states(session).get(entry.id, "reported")
        if before == state:
            raise UsageError(f"entry #{entry.id} is already {state}; nothing to change")
        review = store.record_review(session, entry_id=entry.id, state=state, reason=why, now=now, by=recorded_by)
    return ReviewResult(review, entry, before)


@dataclass(frozen=True)
class SourceResult:
    """A source recorded for an entry: ``source.relation`` says whether it corroborates or conflicts."""

    source: Source
    entry: Entry


def _relation(entry: Entry, value: float | None, as_of: dt.date | None) -> str:
    """``conflict`` when the source gives another figure or date than the entry, else ``corroboration``."""
    differs = (value is not None and value != entry.value) or (as_of is not None and as_of != entry.as_of)
    return "conflict" if differs else "corroboration"


def add_source(
    engine: Engine,
    *,
    entry_id: int,
    grade: str,
    number: str | None,
    title: str | None,
    location: str | None,
    published: dt.date | None,
    value: float | None,
    as_of: dt.date | None,
    note: str | None,
    now: dt.datetime,
    recorded_by: str,
) -> SourceResult:
    """Keep a further source of entry ``entry_id``: a corroboration when it gives the entry's figure and date
    (or gives none), a conflict when it gives another (``value``, ``as_of``), flagged for an analyst.

    Raises:
        UsageError: no such entry, a retraction or nil report with a figure, no part of the source given,
            a bad grade, a value that is not a finite count ≥ 0, text with control characters.
    """
    found = check_grade(grade)
    parts = {
        name: _text("evidence", text_, "the document number, title or location")
        for name, text_ in (("number", number), ("title", title), ("location", location))
    }
    if not any(parts.values()):
        raise UsageError("a source needs a document number (--number), a title (--title) or a URL or file (--url)", "evidence")
    remark = _text("note", note, "a remark")
    ledger.check_recorder(recorded_by)
    if value is not None and (not math.isfinite(value) or value < 0):
        raise UsageError(f"value {value:g} is not a count of 0 or more", "value")
    with db.write_session(engine) as session:
        entry = ledger.find_entry(session, entry_id)
        if entry.kind == "retraction":
            raise UsageError(f"entry #{entry.id} is a retraction; cite the source on entry #{entry.supersedes} or a new entry")
        if value is not None and entry.is_item:
            raise UsageError(f"entry #{entry.id} records a named item; a conflicting source gives another {{date}}, not a value", "value")
        source = store.record_source(
            session,
            entry_id=entry.id,
            relation=_relation(entry, value, as_of),
            grade=found,
            number=parts["number"],
            title=parts["title"],
            location=parts["location"],
            published=published,
            as_of=as_of,
            value=value,
            note=remark,
            now=now,
            by=recorded_by,
        )
    return SourceResult(source, entry)


@dataclass(frozen=True)
class NoteResult:
    """A progress note recorded."""

    note: Note
    target: TargetSpec


def _item_name(spec: TargetSpec, item: str | None) -> str | None:
    """The item a note or expectation is about, as the plan names it (a checklist's item) or as written."""
    if item is None:
        return None
    if spec.mode != "items":
        raise UsageError(f"{{item}} is for targets tracked by named items; {spec.id!r} takes a value", "item")
    return ledger.check_entry(spec, value=None, item=item, as_of=spec.baseline_date, today=spec.baseline_date).item_name


def add_note(engine: Engine, *, target: str, item: str | None, text: str, as_of: dt.date, today: dt.date, now: dt.datetime, recorded_by: str) -> NoteResult:
    """Keep a progress note on ``target`` (or one of its items), dated ``as_of``: it counts nothing.

    Raises:
        UsageError: unknown target or item, an empty note, a date in the future or before the plan's baseline,
            text with control characters.
    """
    words = _text("note", text, "the note's text")
    assert words is not None
    ledger.check_recorder(recorded_by)
    with db.write_session(engine) as session:
        ensure_plan(session, now=now)
        spec = ledger.find_target(session, target)
        name = _item_name(spec, item)
        if as_of > today:
            raise UsageError(f"date {as_of} is in the future (today is {today}); a note is dated by what it reports", "date")
        if as_of < spec.baseline_date:
            raise UsageError(f"date {as_of} is before the baseline date {spec.baseline_date} of {spec.id!r}", "date")
        note = store.record_note(session, target_id=spec.id, item=name, as_of=as_of, text_=words, now=now, by=recorded_by)
    return NoteResult(note, spec)


@dataclass(frozen=True)
class ExpectationResult:
    """A forecast or scheduled event recorded."""

    expectation: Expectation
    target: TargetSpec


def add_expectation(
    engine: Engine,
    *,
    target: str,
    kind: str,
    value: float | None,
    item: str | None,
    expected: dt.date,
    stated_on: dt.date,
    source: str | None,
    today: dt.date,
    now: dt.datetime,
    recorded_by: str,
) -> ExpectationResult:
    """Keep a forecast (``kind`` ``forecast``) or a scheduled event (``scheduled``) for ``target``; neither counts.

    A forecast of a value target gives ``value`` (the level or total expected by ``expected``); of a target
    tracked by items, ``item`` (done by then); of a milestone, neither (done by then). A scheduled event is for
    a milestone or an item (``item``), on ``expected``.

    Raises:
        UsageError: unknown target or item; a value where an item is expected or the reverse; a value not a
            whole count ≥ 0; a statement dated in the future or before the plan's baseline; an expected date
            before the statement; the scheduled item already recorded; text with control characters.
    """
    said = _text("evidence", source, "who stated it and where")
    ledger.check_recorder(recorded_by)
    if stated_on > today:
        raise UsageError(f"--stated {stated_on} is in the future (today is {today})", "date")
    if expected < stated_on and kind == "forecast":
        raise UsageError(f"--expected-date {expected} is before the statement of {stated_on}; a forecast looks ahead", "date")
    with db.write_session(engine) as session:
        ensure_plan(session, now=now)
        spec = ledger.find_target(session, target)
        if stated_on < spec.baseline_date:
            raise UsageError(f"--stated {stated_on} is before the baseline date {spec.baseline_date} of {spec.id!r}", "date")
        name = _item_name(spec, item)
        if kind == "scheduled":
            if spec.kind != "milestone" and spec.mode != "items":
                raise UsageError(f"{spec.id!r} takes a value; a scheduled event is for a milestone or a named item (use 'zsplan forecast' for a figure)")
            if spec.mode == "items" and name is None:
                raise UsageError(f"{spec.id!r} is tracked by named items; name the scheduled one in {{item}}", "item")
            if value is not None:
                raise UsageError("a scheduled event has no value; it is an item or a milestone", "value")
            amount = 1.0
        elif spec.mode == "items":
            if (name is None) == (value is None):
                raise UsageError(f"{spec.id!r} is tracked by named items; forecast one item ({{item}}) or how many (--value)", "item")
            amount = 1.0 if value is None else value
        elif spec.kind == "milestone":
            if value not in (None, 1):
                raise UsageError(f"{spec.id!r} is a milestone; a forecast says when it is done (--expected-date), without --value", "value")
            amount = 1.0
        else:
            if value is None:
                raise UsageError(f"give the figure forecast for {spec.id!r} (--value, in {spec.unit})", "value")
            amount = value
        if not math.isfinite(amount) or amount < 0 or not float(amount).is_integer() or amount > ledger.MAX_VALUE:
            raise UsageError(f"value {amount:g} is not a whole count of 0 to {ledger.MAX_VALUE:,}", "value")
        if kind == "scheduled" and name is not None and any(fold(entry.item_name or "") == fold(name) for entry in ledger.effective_items(session, spec.id)):
            raise UsageError(f"{name!r} is already recorded for {spec.id!r}; nothing is left to schedule", "item")
        made = store.record_expectation(
            session, target_id=spec.id, kind=kind, value=amount, item=name, expected=expected, stated_on=stated_on, source=said, now=now, by=recorded_by
        )
    return ExpectationResult(made, spec)
