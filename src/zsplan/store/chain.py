"""Tamper evidence: every ledger entry carries a hash chained to the one before it.

``entry_hash`` of entry *n* is the SHA-256 (hex) of a canonical JSON array (compact, UTF-8): the
previous entry's hash (:data:`GENESIS` for the first), then the entry's target,
kind, value, item id and name, as-of date, recording time (UTC, microseconds),
who recorded it, note, evidence, the entry it supersedes and the reason. Entries
are chained in id order, so changing any stored field, deleting an entry or
inserting one behind zsplan's back breaks the chain from that entry on, and
:func:`verify_ledger` names the first entry that does not match.

The plan is checked too: the stored definitions must match their SHA-256
(``plan.definition_hash``), and the target rows and their responsible units must
be the ones those definitions give (a kind set to 'banana' with sqlite3 is found).

The chain head (the last entry's hash) identifies a ledger: exports and reports
print it, so a report says which ledger it was computed from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:  # the hash itself is computed without SQLAlchemy (the fast log path, store.fastwrite)
    from sqlmodel import Session

#: The "previous hash" of the first entry.
GENESIS = "0" * 64

#: The canonical text of an entry's hash: compact JSON, UTF-8, Chinese unescaped (the bytes the
#: standard library writes with ensure_ascii=False and separators (",", ":"), at a fifth of the cost).
_encode = orjson.dumps

#: The columns an entry's hash covers, in order (see the module docstring).
HASHED = ("target_id", "kind", "value", "item_id", "item_name", "as_of", "recorded_at", "recorded_by", "note", "source", "supersedes", "reason")


@lru_cache(maxsize=4096)  # an import stamps every row with the same time; a ledger repeats its dates
def _utc_text(moment: dt.datetime | str) -> str:
    if isinstance(moment, str):  # SQLite read through plain SQL: "2021-07-05 09:00:00.123456"
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="microseconds")


def _day_text(day: dt.date | str) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _sql(statement: str) -> Any:
    from sqlalchemy import text

    return text(statement)


def entry_hash(previous: str, fields: Sequence[Any]) -> str:
    """The hash of one entry given the previous entry's hash and its :data:`HASHED` fields, in that order.

    Args:
        previous: 64 hex digits (:data:`GENESIS` for the first entry).
        fields: values of :data:`HASHED`; dates may be ``date`` or ISO text, times ``datetime`` or SQLite text.
    """
    target_id, kind, value, item_id, item_name, as_of, recorded_at, recorded_by, note, source, supersedes, reason = fields
    payload = [
        previous,
        target_id,
        kind,
        repr(float(value)),
        item_id,
        item_name,
        _day_text(as_of),
        _utc_text(recorded_at),
        recorded_by,
        note,
        source,
        supersedes,
        reason,
    ]
    return hashlib.sha256(_encode(payload)).hexdigest()


def chain_head(session: Session) -> str:
    """The last entry's hash (:data:`GENESIS` for an empty ledger), read under the caller's lock."""
    row = session.connection().execute(_sql("SELECT entry_hash FROM progress_entry WHERE id = (SELECT max(id) FROM progress_entry)")).first()
    return GENESIS if row is None or row[0] is None else row[0]


def chain(previous: str, rows: Iterable[Sequence[Any]]) -> list[str]:
    """The hashes of ``rows`` (each the :data:`HASHED` fields) appended after ``previous``, in order."""
    hashes = []
    for fields in rows:
        previous = entry_hash(previous, fields)
        hashes.append(previous)
    return hashes


def seal_unchained(session: Session) -> int:
    """Give every entry recorded before the chain existed (``entry_hash`` null) its hash, in id order.

    Called once after the upgrade that adds the column; entries that already have a
    hash are left as they are (a broken chain stays broken, for :func:`verify_ledger` to report).

    Returns:
        How many entries were sealed.
    """
    connection = session.connection()
    rows = connection.execute(_sql(f"SELECT id, entry_hash, {', '.join(HASHED)} FROM progress_entry ORDER BY id")).all()
    previous, sealed = GENESIS, []
    for row in rows:
        stored = row[1]
        if stored is None:
            stored = entry_hash(previous, row[2:])
            sealed.append({"id": row[0], "h": stored})
        previous = stored
    if sealed:
        connection.execute(_sql("UPDATE progress_entry SET entry_hash = :h WHERE id = :id"), sealed)
    return len(sealed)


@dataclass(frozen=True)
class Verification:
    """What :func:`verify_ledger` found.

    Attributes:
        entries: how many entries were checked.
        head: the chain head (the last entry's stored hash).
        first_bad: the id of the first entry whose hash does not match, or None.
        plan_problems: what does not match in the plan's tables (empty when all match).
        plan_checked: False when the database holds no stored definitions to compare the tables with
            (made by the first release and not loaded since).
        key_problems: the entries whose kept name key (``name_key``, revision 0015; not in the chain) is not
            their name folded, each named with both (empty when all match; an entry kept without a key is
            folded when read, and is no problem).
    """

    entries: int
    head: str
    first_bad: int | None
    plan_problems: list[str]
    plan_checked: bool = True
    key_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the ledger and the plan are as zsplan wrote them."""
        return self.first_bad is None and not self.plan_problems and not self.key_problems


def verify_ledger(session: Session) -> Verification:
    """Recompute the chain over every entry in id order, and check the plan's digest and tables."""
    connection = session.connection()
    previous, count, first_bad = GENESIS, 0, None
    result = connection.execute(_sql(f"SELECT id, entry_hash, {', '.join(HASHED)} FROM progress_entry ORDER BY id"))
    for row in result:
        count += 1
        expected = entry_hash(previous, row[2:])
        if first_bad is None and row[1] != expected:
            first_bad = row[0]
        previous = row[1] or expected
    stored = connection.execute(_sql("SELECT count(*) FROM plan WHERE definition_json IS NOT NULL")).scalar()
    return Verification(
        entries=count,
        head=previous,
        first_bad=first_bad,
        plan_problems=_plan_problems(session),
        plan_checked=bool(stored),
        key_problems=_key_problems(session),
    )


#: Entries named by :func:`_key_problems` at most (the first, in id order).
_KEY_PROBLEMS_SHOWN = 10


def _key_problems(session: Session) -> list[str]:
    """The entries whose kept name keys are not their names folded (:func:`zsplan.text.fold`), first ten by id.

    Two keys are kept: an entry's item name's (``progress_entry.name_key``, revision 0015) and its realised-as
    name's (``entry_alias.folded``). The counted-twice check groups names by them; a key changed outside
    zsplan would hide an achievement counted under two targets, and the hash chain does not cover them. An
    entry without a name keeps no key. Each distinct name is folded once.
    """
    from zsplan.text import fold_many

    connection = session.connection()
    rows = [
        ("item name", entry_id, name, key)
        for entry_id, name, key in connection.execute(
            _sql("SELECT id, item_name, name_key FROM progress_entry WHERE name_key IS NOT NULL OR item_name IS NOT NULL ORDER BY id")
        )
    ]
    rows += [("realised-as name", entry_id, name, key) for entry_id, name, key in connection.execute(_sql("SELECT entry_id, name, folded FROM entry_alias"))]
    names = list(dict.fromkeys(name for _, _, name, _ in rows if name is not None))
    folded = dict(zip(names, fold_many(names), strict=True))
    wrong = []
    for what, entry_id, name, key in sorted(rows, key=lambda row: row[1]):
        if name is None:
            wrong.append(f"entry #{entry_id} has no item name but keeps the name key {key!r}: the key was written outside zsplan")
        elif key is not None and folded[name] != key:
            wrong.append(
                f"entry #{entry_id} keeps the key {key!r} for its {what} {name!r}, which folds to {folded[name]!r}: "
                "the name or its key was changed outside zsplan"
            )
        # an item name without a key (written outside zsplan) is folded when read: no problem
    problems = wrong[:_KEY_PROBLEMS_SHOWN]
    if len(wrong) > _KEY_PROBLEMS_SHOWN:
        problems.append(f"and {len(wrong) - _KEY_PROBLEMS_SHOWN} more entries whose name keys are not their names folded")
    return problems


def _plan_problems(session: Session) -> list[str]:
    """What differs between each stored plan's definitions and its tables (every plan of the database)."""
    connection = session.connection()
    problems: list[str] = []
    for plan_id, definition, digest in connection.execute(_sql("SELECT id, definition_json, definition_hash FROM plan ORDER BY id")).all():
        problems.extend(_one_plan_problems(session, plan_id, definition, digest))
    return problems


def _one_plan_problems(session: Session, plan_id: str, definition: str | None, digest: str) -> list[str]:
    from zsplan.plan import models as m
    from zsplan.store import load
    from zsplan.store import tables as t

    if definition is None:  # a database from before the definitions were stored (revision 0002): nothing to compare
        return []
    if hashlib.sha256(definition.encode("utf-8")).hexdigest() != digest:
        return ["the plan's stored definitions do not match their digest"]
    plan = load.stored_definitions(session, plan_id)
    assert plan is not None
    plan = load.keyed_plan(session, plan)
    connection = session.connection()
    problems = []
    declared = m.unit_table(plan.units_of_measure)
    expected = {row["id"]: row for row in (load.target_row(target, position, plan_id=plan_id, units=declared) for position, target in enumerate(plan.targets))}
    columns = list(next(iter(expected.values())).keys()) if expected else []
    table = t.TargetRecord.__table__
    stored_rows = (
        (
            dict(zip(columns, row, strict=True))
            for row in connection.execute(table.select().with_only_columns(*(table.c[name] for name in columns)).where(table.c.plan_id == plan_id))
        )
        if columns
        else ()
    )
    actual = {row["id"]: row for row in stored_rows}
    for target_id in sorted(set(expected) | set(actual)):
        if target_id not in actual:
            problems.append(f"target {target_id!r} of the plan is missing from the database")
        elif target_id not in expected:
            problems.append(f"target {target_id!r} is in the database but not in the plan")
        else:
            stored, defined = actual[target_id], expected[target_id]
            # equal values are equal normalised too: only the others are normalised
            changed = [name for name in columns if stored[name] != defined[name] and _normal(stored[name]) != _normal(defined[name])]
            if changed:
                problems.append(f"target {target_id!r} differs from the plan in {', '.join(changed)}")
    units = {
        (row[0], row[1], row[2])
        for row in connection.execute(
            _sql("SELECT tu.target_id, tu.unit_id, tu.role FROM target_unit tu JOIN target ON target.id = tu.target_id WHERE target.plan_id = :plan"),
            {"plan": plan_id},
        )
    }
    if units != load.target_units(plan):
        problems.append("the targets' responsible units differ from the plan's")
    return problems


def _normal(value: Any) -> Any:
    """Values as both sides give them: dates as ISO text, numbers as floats."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return float(value)
    return value
