"""The checks of a progress report before it is recorded (what ``log``, ``correct``, sheet imports and restores
refuse), and of free text. Standard library only: the fast log path (:mod:`zsplan.store.fastwrite`) runs the same
checks without SQLAlchemy; :mod:`zsplan.store.ledger` keeps them under its names.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from zsplan.analysis.standing import TargetSpec
from zsplan.errors import UsageError
from zsplan.store.plain import NIL
from zsplan.text import fold, unsafe_character, visible

#: Largest count accepted in one report; anything above is a typing slip (the plan's largest target is 60).
MAX_VALUE = 1_000_000
#: Longest note or source text accepted, in characters.
MAX_TEXT = 2000


def check_text(field: str, text: str | None) -> None:
    """Refuse free text over :data:`MAX_TEXT` characters or with a character that
    :data:`zsplan.text.UNSAFE_CHARACTERS` lists (newline and tab allowed): control characters
    (terminal escapes, CR, backspace, C1 controls), bidirectional controls and marks (they make
    text display in another order than it is stored) and lone surrogates (bytes that were not UTF-8).

    Raises:
        UsageError: naming the field (one of :data:`zsplan.errors.FIELDS`) and what to fix.
    """
    if text is None:
        return
    if len(text) <= MAX_TEXT and text.isprintable():  # the usual case, checked in C
        return
    if len(text) > MAX_TEXT:
        raise UsageError(f"{{{field}}} is {len(text)} characters long; keep it under {MAX_TEXT} (cite a document instead)", field)
    bad = unsafe_character(text, "\n\t")
    if bad is not None and "\ud800" <= bad <= "\udfff":
        raise UsageError(f"{{{field}}} is not valid text: it holds U+{ord(bad):04X}, a lone surrogate (bytes that are not UTF-8); write it as UTF-8", field)
    if bad is not None:
        raise UsageError(f"{{{field}}} contains the control character U+{ord(bad):04X}; remove it", field)


def check_line(field: str, text: str | None) -> None:
    """:func:`check_text`, and one line: a line break is refused (evidence and recorders are shown one to a line;
    a note may have several).

    Raises:
        UsageError: naming the field and what to fix.
    """
    check_text(field, text)
    if text is not None and ("\n" in text or "\t" in text):
        raise UsageError(f"{{{field}}} holds a line break or a tab; write it on one line (a note may have several)", field)


def check_recorder(by: str | None) -> None:
    """Who records an entry or a step (``--by``): one line, not blank (an export and a bundle refuse an entry
    recorded by nobody, so nothing may be recorded so).

    Raises:
        UsageError: blank, a line break, a control character, or too long.
    """
    check_line("by", by)
    if by is not None and not by.strip():
        raise UsageError("{by} is blank; give who records it, or leave it out (the login name is recorded)", "by")


@dataclass(frozen=True)
class CheckedEntry:
    """A report that passed :func:`check_entry`: the value to store and, for named items, key and name."""

    value: float
    item_id: str | None = None
    item_name: str | None = None
    kind: str = "log"


#: Longest name of a named achievement, in characters.
MAX_ITEM_NAME = 200


def _named_item(spec: TargetSpec, item: str) -> CheckedEntry:
    if spec.kind == "checklist":
        key = fold(item)
        for item_id, name in spec.items:
            if key in (item_id.casefold(), fold(name)):
                return CheckedEntry(1.0, item_id, name)
        raise UsageError(f"unknown item {item!r} of {spec.id!r}; items: " + ", ".join(f"{item_id} ({name})" for item_id, name in spec.items), "item")
    check_text("item", item)  # before invisible characters are dropped: a bidirectional control is refused, not hidden
    name = " ".join(visible(item).split())
    if not name:
        raise UsageError("{item} is empty; give the name of the achievement (e.g. the incubator's name)", "item")
    if len(name) > MAX_ITEM_NAME:
        raise UsageError(f"{{item}} is {len(name)} characters long; keep names under {MAX_ITEM_NAME}", "item")
    return CheckedEntry(1.0, fold(name), name)


def check_entry(
    spec: TargetSpec,
    *,
    value: float | None,
    item: str | None,
    as_of: dt.date,
    today: dt.date,
    note: str | None = None,
    source: str | None = None,
    nil: bool = False,
) -> CheckedEntry:
    """Check a progress report against its target and return what to store.

    Rules: the date is not after ``today``; a date before the target's baseline date
    records a **baseline fact** (what stood before the plan; docs/method.md, "Baseline
    facts"), which needs ``source`` (its evidence), and is never moved to the baseline date. Targets
    tracked by items (``mode: items``, and checklists) take ``item`` and no value:
    a checklist's item by id or name, a ledger item by its name (compared after
    folding white space, width and script). Other targets take a value: a finite,
    non-negative whole count (every unit of the plan, 家/個/項/人/名/所/屆, counts
    whole things) up to :data:`MAX_VALUE`, or, in a unit of measure declared with a
    precision (3.54 in % of precision 2), a number of at most that many decimals; a milestone takes 1 (done) or 0 (not
    yet; default 1). Notes and sources are at most :data:`MAX_TEXT` characters
    without control characters other than newline and tab. With ``nil`` (nothing new this
    period, any target) neither value nor item is given; the entry is stored as kind
    :data:`NIL` with value 0, which no aggregate of levels reads.

    Raises:
        UsageError: the report breaks a rule; the message says how to fix it.
    """
    check_text("note", note)
    check_line("evidence", source)
    if source is not None and not source.strip():
        raise UsageError("{evidence} is blank; give the document (number, URL or file), or leave it out", "evidence")
    if as_of > today:
        raise UsageError(f"date {as_of} is in the future (today is {today}); progress is reported as of a past or present date", "date")
    if spec.kind == "pending":
        raise UsageError(
            f"{spec.id!r} has no target value yet (目標值待定): it is listed, never judged; amend the plan with its value, then record progress", "value"
        )
    if as_of < spec.baseline_date and not (source or "").strip():
        raise UsageError(
            f"date {as_of} is before the baseline date {spec.baseline_date} of {spec.id!r}: it is recorded as a baseline fact, "
            "which needs its evidence; give {evidence} (the document that shows it)",
            "evidence",
        )
    if nil:
        if item is not None:
            raise UsageError(f"a nil report says nothing new for {spec.id!r}; leave {{item}} out", "item")
        if value is not None:
            raise UsageError(f"a nil report says nothing new for {spec.id!r}; leave the value out (a level of 0 is a figure, not a nil report)", "value")
        return CheckedEntry(0.0, kind=NIL)
    if spec.mode == "items":
        if value == 0:
            raise UsageError(
                f"{spec.id!r} is tracked by named items and 0 is not an item; to report nothing new this period, send a nil report "
                "(log --nil, or nil in a sheet's value column)",
                "value",
            )
        if item is None:
            if spec.kind == "checklist":
                listing = ", ".join(f"{item_id} ({name})" for item_id, name in spec.items)
                raise UsageError(f"{spec.id!r} is a checklist; name one of its items in {{item}}: {listing}", "item")
            raise UsageError(f"{spec.id!r} is tracked by named items (台賬); name each achievement in {{item}}, one per entry", "item")
        if value is not None and value != 1:
            raise UsageError(
                f"{spec.id!r} is tracked by named items; leave the value out and name the achievement in {{item}} (the count comes from the items)", "value"
            )
        return _named_item(spec, item)
    if item is not None:
        raise UsageError(f"{{item}} is for targets tracked by named items; {spec.id!r} takes a value", "item")
    if value is None:
        if spec.kind == "milestone":
            return CheckedEntry(1.0)
        raise UsageError(
            f"give a value for {spec.id!r} ({'level reached' if spec.progress == 'stock' else 'increment since the last report'}, in {spec.unit})", "value"
        )
    if not math.isfinite(value):
        raise UsageError(f"value {value} is not a finite number; give the figure as a number such as 3 or 2.5", "value")
    if value < 0:
        raise UsageError(f"value {value:g} is negative; {spec.id!r} counts {spec.unit} and cannot go below 0", "value")
    if value > MAX_VALUE:
        raise UsageError(f"value {value:g} is implausibly large for {spec.id!r} (at most {MAX_VALUE:,} {spec.unit} per report)", "value")
    if spec.precision == 0 and not float(value).is_integer():
        raise UsageError(f"value {value:g} is not a whole number; {spec.id!r} counts {spec.unit}", "value")
    if spec.precision > 0 and Decimal(repr(float(value))).as_tuple().exponent < -spec.precision:  # type: ignore[operator]
        raise UsageError(
            f"value {value!r} has more decimals than {spec.unit} takes in {spec.id!r} ({spec.precision}); give it as the plan states it, e.g. "
            f"{Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-spec.precision), rounding=ROUND_HALF_UP)}",
            "value",
        )
    if spec.kind == "milestone" and value not in (0, 1):
        raise UsageError(f"{spec.id!r} is a milestone; give 1 (done) or 0 (not yet), got {value:g}", "value")
    return CheckedEntry(float(value) + 0.0)  # -0 is kept as 0: SQLite stores no negative zero, and the hash is of what is stored


def check_realised_as(spec: TargetSpec, name: str | None) -> str | None:
    """The name an achievement was realised under (``--as``), tidied; only for targets tracked by named items.

    Raises:
        UsageError: the target is counted by value, or the name is empty, too long or has control characters.
    """
    if name is None:
        return None
    if spec.mode != "items":
        raise UsageError(f"--as names an achievement; {spec.id!r} takes a value")
    tidy = " ".join(visible(name).split())
    if not tidy:
        raise UsageError("--as is empty; give the name the achievement was realised under")
    if len(tidy) > MAX_ITEM_NAME:
        raise UsageError(f"--as is {len(tidy)} characters long; keep names under {MAX_ITEM_NAME}")
    check_text("item", tidy)
    return tidy
