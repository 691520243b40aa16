"""``zsplan log`` without SQLAlchemy, where that is the same: the usual report on an up-to-date SQLite file.

:func:`log_fast` records a value, a named item or a nil report (with a note and evidence) through
:mod:`zsplan.store.fastwrite`, with the checks, refusals, row and chain hash of
:func:`zsplan.service.ledger.log_progress`, and returns the same :class:`LogResult`. It returns None,
having written nothing, where the ORM path must record it: a grade or a realised-as name, a second
source for an item already recorded, a ledger with reporting rounds (the round lock), a database the
fast reader does not read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zsplan.analysis.entries import Entry
from zsplan.analysis.evidence import Source
from zsplan.analysis.standing import ProgressFacts, Standing, TargetSpec, assess
from zsplan.store import fastread, fastwrite
from zsplan.store.checks import check_entry, check_recorder


@dataclass(frozen=True)
class LogResult:
    """A recorded entry and the target's standing right after it (as of the entry's date).

    ``notice`` says the database was initialised from the bundled plan on the way.
    ``second_source``: the report named an item already recorded and cited a source, so no
    entry was written and the source was kept for ``entry`` as a corroboration (same date)
    or a conflict (another date). ``counted``: False when the entry's grade (C, D) keeps it
    from counting until it is verified.
    """

    entry: Entry
    standing: Standing
    notice: str | None = None
    second_source: Source | None = None
    counted: bool = True


def standing_after(session: Any, store: Any, spec: TargetSpec, as_of: dt.date) -> Standing:
    """One target's standing as of ``as_of``, inside the transaction that just wrote to it (``store``: the session's store)."""
    uncounted = store.uncounted_ids(session)
    facts = store.progress_facts(session, as_of, [spec.id], uncounted=uncounted)
    facts = store.judged_facts(session, as_of, [spec], facts, uncounted=uncounted)
    return assess(spec, facts.get(spec.id, ProgressFacts()), as_of)


def log_fast(
    database: fastread.Database,
    *,
    target: str,
    value: float | None,
    item: str | None,
    as_of: dt.date,
    today: dt.date,
    now: dt.datetime,
    recorded_by: str,
    note: str | None,
    source: str | None,
    nil: bool = False,
) -> LogResult | None:
    """:func:`zsplan.service.ledger.log_progress` without a grade, a realised-as name or ``--late`` (no rounds here),
    on the fast path; None (nothing written) where the ORM path must record it.

    Raises:
        UsageError: as :func:`zsplan.service.ledger.log_progress` (nothing written).
        DatabaseError: the database cannot be written.
    """
    check_recorder(recorded_by)
    try:
        with fastwrite.write_session(database) as session:
            if fastwrite.has_rounds(session):
                raise fastwrite.Unsupported("the round lock")
            spec = fastread.find_target(session, target)
            checked = check_entry(spec, value=value, item=item, as_of=as_of, today=today, note=note, source=source, nil=nil)
            if source is not None and fastwrite.recorded_item(session, spec, checked) is not None:
                raise fastwrite.Unsupported("a second source for an item already recorded")
            fastwrite.refuse_duplicate_item(session, spec, checked)
            fastwrite.refuse_alias_clash(session, spec, checked, None)
            entry = fastwrite.record_entry(
                session,
                target_id=spec.id,
                value=checked.value,
                item_id=checked.item_id,
                item_name=checked.item_name,
                as_of=as_of,
                recorded_at=now,
                recorded_by=recorded_by,
                note=note,
                evidence=source,
                kind=checked.kind,
            )
            standing = standing_after(session, fastread, spec, as_of)
    except fastwrite.Unsupported:
        return None
    return LogResult(entry=entry, standing=standing)
