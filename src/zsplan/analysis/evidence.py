"""Rules on the evidence behind entries: achievements or documents that may be counted twice.

Pure functions on plain data; the store supplies :class:`Cited` rows for the effective
entries, the renderers word the :class:`Flag` results. A flag is never a refusal: the same
name under two targets may be two things, and one approval document may list several
achievements; an analyst decides (docs/method.md, "Counted twice?").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cited:
    """An effective entry as the evidence rules see it.

    Attributes:
        names: ``(key, name)`` of the achievement it records: the item's name, and the name it
            was realised under (``--as``), each with its folded key; empty for values.
        documents: ``(key, text)`` of each evidence cited, folded key first.
    """

    entry_id: int
    target_id: str
    recorded_by: str
    as_of: dt.date
    names: tuple[tuple[str, str], ...] = ()
    documents: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    """Something one target shares with other entries, for an analyst to check.

    Attributes:
        kind: ``item`` (the same named achievement under two or more targets) or ``evidence``
            (the same document cited under two or more targets, or by two or more recorders).
        key: the name or document as first written.
        target_id: the target this flag is shown for.
        entries: every entry sharing it, in id order (this target's and the others').
        targets: the targets sharing it, sorted.
        recorded_by: who recorded those entries, sorted.
    """

    kind: str
    key: str
    target_id: str
    entries: tuple[int, ...]
    targets: tuple[str, ...]
    recorded_by: tuple[str, ...]


def counted_twice(cited: Iterable[Cited]) -> dict[str, list[Flag]]:
    """Flags per target id: named achievements (folded names) recorded under more than one target, and
    evidence documents (folded text) cited under more than one target or by more than one recorder.

    Returns:
        target id → its flags (items first, then evidence; each by key as first written); targets without flags are absent.
    """
    groups: dict[tuple[str, str], list[tuple[Cited, str]]] = defaultdict(list)
    for entry in cited:
        for kind, keyed in (("item", entry.names), ("evidence", entry.documents)):
            seen = set()
            for key, text in keyed:
                if key and key not in seen:
                    seen.add(key)
                    groups[kind, key].append((entry, text))
    flags: dict[str, list[Flag]] = defaultdict(list)
    shared = [(key, members) for key, members in groups.items() if len(members) > 1]  # one entry alone is never counted twice
    for (kind, _), members in sorted(shared, key=lambda group: (group[0][0] != "item", min(entry.entry_id for entry, _ in group[1]))):
        targets = tuple(sorted({entry.target_id for entry, _ in members}))
        recorders = tuple(sorted({entry.recorded_by for entry, _ in members}))
        if len(targets) < 2 and (kind == "item" or len(recorders) < 2):
            continue
        ordered = sorted(members, key=lambda member: member[0].entry_id)
        entries = tuple(entry.entry_id for entry, _ in ordered)
        for target_id in targets:
            flags[target_id].append(Flag(kind, ordered[0][1], target_id, entries, targets, recorders))
    return dict(flags)


#: Source grades, strongest first (docs/method.md, "Evidence states"): ``A`` an official document or official
#: statistics (a 文號, a statistical bulletin); ``B`` an official announcement, or a report by the responsible unit
#: itself (what a unit's own ``log`` or sheet is, and so the grade of an entry given none); ``C`` the media or a
#: third party; ``D`` an unverified claim (hearsay, a plan to do it, a social-media post).
GRADES = ("A", "B", "C", "D")
#: The grade of an entry recorded without one: the responsible unit's own report.
DEFAULT_GRADE = "B"
#: Grades that count without a review.
COUNTED_GRADES = frozenset({"A", "B"})
#: Review states: every entry is ``reported`` until an analyst reviews it (``zsplan review``); the latest review holds.
STATES = ("reported", "verified", "rejected")
#: What counts (``--verified-only``, ``--include-unverified``): see :func:`counts`.
POLICIES = ("default", "verified", "all")


def best_grade(grades: Iterable[str]) -> str:
    """The strongest of an entry's grades (its own source's and its corroborations'); :data:`DEFAULT_GRADE` for none."""
    found = [grade for grade in grades if grade in GRADES]
    return min(found, key=GRADES.index) if found else DEFAULT_GRADE


def counts(state: str, grade: str, policy: str = "default") -> bool:
    """Whether an entry in review ``state`` with source ``grade`` counts towards its target under ``policy``.

    A rejected entry never counts. ``default``: a verified entry, or a reported one graded A or B (an official
    source, or the unit's own report); a reported claim graded C or D waits for a review. ``verified``
    (``--verified-only``): verified entries only. ``all`` (``--include-unverified``): every entry not rejected.

    Raises:
        ValueError: an unknown state, grade or policy.
    """
    if state not in STATES or grade not in GRADES or policy not in POLICIES:
        raise ValueError(f"unknown evidence state {state!r}, grade {grade!r} or policy {policy!r}")
    if state == "rejected":
        return False
    if policy == "verified":
        return state == "verified"
    return policy == "all" or state == "verified" or grade in COUNTED_GRADES


@dataclass(frozen=True, slots=True)
class Source:
    """One source of an entry.

    Attributes:
        relation: ``source`` (given when the entry was recorded), ``corroboration`` (a second source that agrees:
            the same figure, or the same item on the same date) or ``conflict`` (it gives another figure or date:
            ``value``/``as_of``), for an analyst to settle.
        grade: one of :data:`GRADES`.
        number, title, location, published: the document number (文號), title, URL or file, and the date it bears.
        text: the source as one line (its number, title or location, as first given).
    """

    entry_id: int
    relation: str
    grade: str
    text: str | None
    number: str | None = None
    title: str | None = None
    location: str | None = None
    published: dt.date | None = None
    as_of: dt.date | None = None
    value: float | None = None
    note: str | None = None
    recorded_at: dt.datetime | None = None
    recorded_by: str = ""


@dataclass(frozen=True, slots=True)
class Review:
    """An analyst's review of an entry: ``state`` ``verified`` or ``rejected``, why, by whom and when (UTC)."""

    entry_id: int
    state: str
    reason: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Note:
    """A progress note on a target, or on one of its items (``item``): counts nothing ("construction started")."""

    id: int
    target_id: str
    item: str | None
    as_of: dt.date
    text: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Expectation:
    """A forecast or a scheduled event for a target; never counted as achievement.

    Attributes:
        kind: ``forecast`` (``value`` expected by ``expected``, or ``item`` done by then; a milestone: done by then)
            or ``scheduled`` (an event scheduled for ``expected`` and not confirmed: the item or milestone).
        value: the figure expected (a level or a total, in the target's unit); 1 for an item or a milestone.
        item: the item expected (its name as the plan's item or as written), None for values and milestones.
        stated_on: the date the expectation was stated (published).
        source: who stated it and where.
    """

    id: int
    target_id: str
    kind: str
    value: float
    item: str | None
    expected: dt.date
    stated_on: dt.date
    source: str | None
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Score:
    """How a forecast came out, as of a date.

    Attributes:
        result: ``pending`` (its date has not come), ``hit`` or ``missed``.
        outcome: for a value, achieved as of the expected date; for an item or milestone, 1 done by then, else 0.
        done_on: for an item or milestone, the date it was done (None: not done by the as-of date).
        difference: for a value, outcome − expected value (in the target's unit); for an item or milestone,
            days from the expected date to the date done (positive: late), or to the as-of date when not done.
    """

    result: str
    outcome: float | None = None
    done_on: dt.date | None = None
    difference: float | None = None


def score_value(expected: Expectation, achieved: float | None, as_of: dt.date, *, lower_is_better: bool = False) -> Score:
    """Score a value forecast against ``achieved`` as of its expected date (None: not computed, the date has not come).

    A forecast is scored once its date has come (``as_of`` ≥ expected date): ``hit`` when achieved then reaches
    the expected value (``lower_is_better``: falls to it), else ``missed``.
    """
    if as_of < expected.expected or achieved is None:
        return Score("pending")
    reached = achieved <= expected.value if lower_is_better else achieved >= expected.value
    return Score("hit" if reached else "missed", outcome=achieved, difference=achieved - expected.value)


def score_done(expected: Expectation, done_on: dt.date | None, as_of: dt.date) -> Score:
    """Score a forecast that an item or milestone is done by its expected date, given the date it was done.

    ``hit`` when done on or before the expected date; ``missed`` when done later (days late) or, once the date
    has passed, not done by ``as_of`` (days overdue so far); ``pending`` while the date has not come and it is not done.
    """
    if done_on is not None and done_on <= as_of:
        late = (done_on - expected.expected).days
        return Score("hit" if late <= 0 else "missed", outcome=1.0, done_on=done_on, difference=float(late))
    if as_of < expected.expected:
        return Score("pending")
    return Score("missed", outcome=0.0, difference=float((as_of - expected.expected).days))


@dataclass(frozen=True, slots=True)
class Scored:
    """A forecast or scheduled event beside its outcome (:class:`Score`) as of a date."""

    expectation: Expectation
    score: Score


@dataclass(frozen=True, slots=True)
class TargetEvidence:
    """What is kept beside one target's entries, as of a date, for ``explain``, ``status`` and reports.

    Attributes:
        notes: progress notes dated by the as-of date, oldest first.
        expectations: forecasts and scheduled events stated by the as-of date, each scored.
        sources: entry id → its sources (own, corroborations, conflicts).
        states: entry id → its review state, for the entries reviewed.
        reviews: entry id → its reviews, oldest first.
        uncounted: ids of this target's entries that do not count by their evidence state (rejected, or
            graded C/D and not verified under the default policy).
        conflicts: ids of this target's entries with a conflicting source, for an analyst to settle.
    """

    notes: tuple[Note, ...] = ()
    expectations: tuple[Scored, ...] = ()
    sources: dict[int, tuple[Source, ...]] = field(default_factory=dict)
    states: dict[int, str] = field(default_factory=dict)
    reviews: dict[int, tuple[Review, ...]] = field(default_factory=dict)
    uncounted: tuple[int, ...] = ()
    conflicts: tuple[int, ...] = ()

    @property
    def last_note(self) -> Note | None:
        """The latest note (by date, then as recorded), or None."""
        return self.notes[-1] if self.notes else None
