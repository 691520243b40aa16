"""Check the entries of an export before a restore writes them: the rules ``log``, ``correct`` and ``retract`` apply.

An export is a file anyone can edit, so a restore trusts none of it. Each entry is read
field by field (types, ids, dates, timestamps), then the ledger is replayed in id order
with the rules of the commands that made it: :func:`zsplan.store.ledger.check_entry` for
every log and correction (no negative, fractional, too large or non-finite value, no date
in the future or before the baseline, a milestone takes 0 or 1, an item's name is text),
a named item counts once among the entries in effect, and a correction or retraction
supersedes an earlier entry of the same target that is still in effect. Every fault is
reported, as ``FILE: entries[N] (id M), field F: message``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from zsplan.analysis.standing import TargetSpec
from zsplan.errors import UsageError
from zsplan.store import ledger

#: Entry kinds, as the commands that record them name them.
KINDS = ("log", "nil", "correction", "retraction")
#: Largest id a database stores (64-bit integers).
MAX_ID = 2**63 - 1
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class CheckedRestore:
    """The outcome of checking an export's entries.

    Attributes:
        rows: column → value dicts of :class:`~zsplan.store.tables.ProgressEntry`, ids
            included, in id order; item keys and names as ``log`` would store them.
        problems: ``FILE: entries[N] (id M), field F: message`` lines, in the order of the file.
        per_target: how many entries go to each target id.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    per_target: Counter = field(default_factory=Counter)


class _Fault(Exception):
    def __init__(self, field_name: str | None, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name
        self.message = message


def _shown(value: Any) -> str:
    """A value as a message quotes it: short, and only a JSON scalar in full."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _whole(record: Mapping[str, Any], name: str, *, optional: bool = False) -> int | None:
    value = record[name]
    if value is None and optional:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Fault(name, f"{_shown(value)} is not an entry id (a whole number)")
    if not 1 <= value <= MAX_ID:
        raise _Fault(name, f"{_shown(value)} is not an entry id: ids run from 1 to {MAX_ID}")
    return value


def _text(record: Mapping[str, Any], name: str, *, optional: bool = True) -> str | None:
    value = record[name]
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _Fault(name, f"{_shown(value)} is not text")
    return value


def _parse(record: Any, evidence: str, fields: tuple[str, ...], specs: Mapping[str, TargetSpec], now: dt.datetime) -> dict[str, Any]:
    """An entry's fields as Python values (the shape and types of an export entry).

    Raises:
        _Fault: naming the field at fault.
    """
    if not isinstance(record, dict):
        raise _Fault(None, f"an entry is an object of {', '.join(fields)}, not {_shown(record)}")
    unknown = next((name for name in record if name not in fields and name != "hash"), None)  # hash: optional, version 2
    if unknown is not None:
        raise _Fault(str(unknown), f"unknown field; an entry has {', '.join(fields)}")
    missing = next((name for name in fields if name not in record), None)
    if missing is not None:
        raise _Fault(missing, "missing")
    values: dict[str, Any] = {"id": _whole(record, "id"), "supersedes": _whole(record, "supersedes", optional=True)}
    carried = record.get("hash")
    if carried is not None and not (isinstance(carried, str) and len(carried) == 64 and all(char in "0123456789abcdef" for char in carried)):
        raise _Fault("hash", "not a SHA-256 in hex (64 characters 0-9 a-f)")
    values["entry_hash"] = carried
    target_id = _text(record, "target_id", optional=False)
    if target_id not in specs:
        raise _Fault("target_id", f"unknown target {_shown(target_id)}; the export's plan has no such target")
    values["target_id"] = target_id
    kind = record["kind"]
    if kind not in KINDS:
        raise _Fault("kind", f"unknown entry kind {_shown(kind)}; use {', '.join(KINDS)}")
    values["kind"] = kind
    value = record["value"]
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise _Fault("value", f"{_shown(value)} is not a number")
    try:
        values["value"] = float(value)
    except OverflowError:
        raise _Fault("value", f"value {_shown(value)} is not a finite number") from None
    for name in ("item_id", "item_name", "note", "reason"):
        values[name] = _text(record, name)
    values["evidence"] = _text(record, evidence)
    values["recorded_by"] = _text(record, "recorded_by", optional=False)
    as_of = _text(record, "as_of", optional=False)
    try:
        if not _ISO_DATE.fullmatch(as_of or ""):
            raise ValueError
        values["as_of"] = dt.date.fromisoformat(as_of or "")
    except ValueError:
        raise _Fault("as_of", f"{_shown(as_of)} is not a date; write YYYY-MM-DD") from None
    recorded = _text(record, "recorded_at", optional=False) or ""
    try:
        moment = dt.datetime.fromisoformat(recorded.replace("Z", "+00:00"))
        moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise _Fault("recorded_at", f"{_shown(recorded)} is not a UTC timestamp; write e.g. 2021-07-05T09:00:00Z") from None
    if moment > now:
        moment_now = now.isoformat().replace("+00:00", "Z")
        raise _Fault("recorded_at", f"{recorded} is in the future (it is now {moment_now}); an entry is recorded before it is exported")
    values["recorded_at"] = moment
    return values


def _reason(values: Mapping[str, Any]) -> None:
    text = " ".join((values["reason"] or "").split())
    if not text:
        raise UsageError(f"{{reason}} is empty; a {values['kind']} says why it was made", "reason")
    ledger.check_text("reason", values["reason"])


def check_entries(session: Session, records: list[Any], *, evidence: str, today: dt.date, now: dt.datetime, display: str) -> CheckedRestore:
    """Check an export's entries against the plan just loaded into ``session`` and against each other.

    Args:
        records: the export's ``entries`` (parsed JSON, trusted in nothing).
        evidence: the name of the evidence field (``evidence``; ``source`` in version 1 exports).
        today: no entry may be dated after it; now: nor recorded after it (UTC).
        display: how problems name the file.

    Returns:
        The rows to insert, or the problems (see :class:`CheckedRestore`).
    """
    specs = {spec.id: spec for spec in ledger.fetch_specs(session)}
    fields = ("id", "target_id", "kind", "value", "item_id", "item_name", "as_of", "recorded_at", "recorded_by", "note", evidence, "supersedes", "reason")
    words = {"item": "item_name", "date": "as_of", "evidence": evidence, "by": "recorded_by", "note": "note", "reason": "reason", "target": "target_id"}
    result = CheckedRestore()
    problems: list[tuple[int, str]] = []

    def problem(index: int, record: Any, field_name: str | None, message: str) -> None:
        entry_id = record.get("id") if isinstance(record, dict) else None
        where = f"entries[{index}]" + (f" (id {entry_id})" if isinstance(entry_id, int) and not isinstance(entry_id, bool) else "")
        problems.append((index, f"{display}: {where}" + (f", field {field_name}" if field_name else "") + f": {message}"))

    parsed: list[tuple[int, dict[str, Any]]] = []
    first_of: dict[int, int] = {}
    unreadable: set[int] = set()  # ids of entries refused before the replay
    for index, record in enumerate(records):
        try:
            values = _parse(record, evidence, fields, specs, now)
        except _Fault as fault:
            problem(index, record, fault.field_name, fault.message)
            if isinstance(record, dict) and isinstance(record.get("id"), int):
                unreadable.add(record["id"])
            continue
        earlier = first_of.setdefault(values["id"], index)
        if earlier != index:
            problem(index, record, "id", f"id {values['id']} is also the id of entries[{earlier}]; every entry has its own")
            continue
        parsed.append((index, values))
    ids = set(first_of)
    replayed: dict[int, dict[str, Any]] = {}  # id → values, in id order so far
    superseded_by: dict[int, int] = {}
    in_effect: dict[tuple[str, str], int] = {}  # (target id, item key) → the entry in effect that records it
    key_of: dict[int, tuple[str, str]] = {}
    item_names: dict[int, str | None] = {}  # entry id → the item name it records, as the message names it
    for index, values in sorted(parsed, key=lambda pair: pair[1]["id"]):
        record = records[index]
        entry_id = values["id"]
        replayed[entry_id] = values
        spec = specs[values["target_id"]]
        try:
            original = _superseded(values, replayed, superseded_by, ids, unreadable)
            ledger.check_text("by", values["recorded_by"])
            if not values["recorded_by"].strip():
                raise UsageError("{by} is empty; an entry says who recorded it", "by")
            row = _retraction(values, original) if values["kind"] == "retraction" else _report(values, spec, original, in_effect, item_names, today)
        except UsageError as error:
            values["refused"] = True
            problem(index, record, words.get(error.field or "", error.field), error.worded(words))
            continue
        if original is not None:
            superseded_by[original["id"]] = entry_id
            gone = key_of.pop(original["id"], None)
            if gone is not None and in_effect.get(gone) == original["id"]:
                del in_effect[gone]
        if row["kind"] != "retraction" and row["item_id"] is not None:
            in_effect[(row["target_id"], row["item_id"])] = entry_id
            key_of[entry_id] = (row["target_id"], row["item_id"])
            item_names[entry_id] = row["item_name"]
        result.rows.append(row)
        result.per_target[row["target_id"]] += 1
    problems.sort(key=lambda pair: pair[0])
    result.problems = [message for _, message in problems]
    return result


def _superseded(
    values: dict[str, Any], replayed: Mapping[int, dict[str, Any]], superseded_by: Mapping[int, int], ids: set[int], unreadable: set[int]
) -> dict[str, Any] | None:
    """The entry a correction or retraction supersedes, after the rules of ``correct`` and ``retract``.

    Raises:
        UsageError: with field ``supersedes`` (an error of its own kind for a log).
    """
    supersedes = values["supersedes"]
    if values["kind"] in ("log", "nil"):
        if supersedes is not None:
            raise UsageError(f"a {values['kind']} entry supersedes nothing (a correction or retraction does); leave it null", "supersedes")
        return None
    if supersedes is None:
        raise UsageError(f"a {values['kind']} names the entry it supersedes", "supersedes")
    if supersedes == values["id"]:
        raise UsageError(f"entry #{supersedes} supersedes itself; a {values['kind']} supersedes an earlier entry", "supersedes")
    original = replayed.get(supersedes)
    if original is None and supersedes in unreadable:
        raise UsageError(f"it supersedes entry #{supersedes}, which is refused itself", "supersedes")
    if original is None:
        where = "comes later (an entry supersedes an earlier one)" if supersedes in ids else "is not in the export"
        raise UsageError(f"it supersedes entry #{supersedes}, which {where}", "supersedes")
    if original.get("refused"):
        raise UsageError(f"it supersedes entry #{supersedes}, which is refused itself", "supersedes")
    if original["target_id"] != values["target_id"]:
        raise UsageError(f"entry #{supersedes} it supersedes is of target {original['target_id']!r}, not {values['target_id']!r}", "target")
    if original["kind"] == "retraction":
        raise UsageError(f"entry #{supersedes} is a retraction; a retraction cannot be corrected or retracted", "supersedes")
    later = superseded_by.get(supersedes)
    if later is not None:
        raise UsageError(f"entry #{supersedes} was already {'retracted' if replayed[later]['kind'] == 'retraction' else 'corrected'} by #{later}", "supersedes")
    if values["recorded_at"] < original["recorded_at"]:
        raise UsageError(f"it is recorded before entry #{supersedes}, which it supersedes", "recorded_at")
    _reason(values)
    return original


def _retraction(values: dict[str, Any], original: dict[str, Any] | None) -> dict[str, Any]:
    """A retraction as ``retract`` records it: value 0, no item key, the original's date."""
    assert original is not None  # checked by _superseded
    if values["value"] != 0:
        raise UsageError(f"a retraction's value is 0, not {values['value']:g}", "value")
    if values["item_id"] is not None:
        raise UsageError("a retraction has no item_id (it cancels the item of the entry it supersedes)", "item_id")
    if values["as_of"] != original["as_of"]:
        raise UsageError(f"a retraction is dated as the entry it cancels ({original['as_of']}), not {values['as_of']}", "date")
    for name in ("note", "evidence"):
        ledger.check_text(name, values[name])
    ledger.check_text("item", values["item_name"])
    return _row(values, value=0.0, item_id=None, item_name=values["item_name"])


def _report(
    values: dict[str, Any],
    spec: TargetSpec,
    original: dict[str, Any] | None,
    in_effect: Mapping[tuple[str, str], int],
    item_names: Mapping[int, str | None],
    today: dt.date,
) -> dict[str, Any]:
    """A log or correction checked as ``log`` and ``correct`` check one, with its item key as they store it."""
    if values["kind"] == ledger.NIL:  # a nil report (nothing new): as log --nil stores it, value 0 and no item
        if values["value"] != 0 or values["item_id"] is not None or values["item_name"] is not None:
            raise UsageError("a nil report has value 0 and no item", "value")
        ledger.check_entry(spec, value=None, item=None, as_of=values["as_of"], today=today, note=values["note"], source=values["evidence"], nil=True)
        return _row(values, value=0.0, item_id=None, item_name=None)
    if spec.mode == "items":
        item = values["item_id"] if spec.kind == "checklist" and values["item_id"] is not None else values["item_name"]
        if item is None:
            item = values["item_id"]
        value = None if values["value"] == 1 else values["value"]
    else:
        item = values["item_name"] if values["item_name"] is not None else values["item_id"]
        value = values["value"]
        if not math.isfinite(value):
            raise UsageError(f"value {value} is not a finite number", "value")
    checked = ledger.check_entry(spec, value=value, item=item, as_of=values["as_of"], today=today, note=values["note"], source=values["evidence"])
    if checked.item_id is not None:
        holder = in_effect.get((spec.id, checked.item_id))
        if holder is not None and (original is None or holder != original["id"]):
            name = item_names.get(holder) or checked.item_id
            raise UsageError(f"item {name!r} of {spec.id!r} is already recorded (entry #{holder}); an item counts once", "item")
    return _row(values, value=checked.value, item_id=checked.item_id, item_name=checked.item_name)


def _row(values: Mapping[str, Any], *, value: float, item_id: str | None, item_name: str | None) -> dict[str, Any]:
    return {
        "id": values["id"],
        "target_id": values["target_id"],
        "kind": values["kind"],
        "value": value,
        "item_id": item_id,
        "item_name": item_name,
        "as_of": values["as_of"],
        "recorded_at": values["recorded_at"],
        "recorded_by": values["recorded_by"],
        "note": values["note"],
        "source": values["evidence"],
        "supersedes": values["supersedes"],
        "reason": values["reason"],
        "entry_hash": values["entry_hash"],
    }
