"""The plan format's fixed vocabularies, kept apart from the pydantic models so commands that
only read the database need not build the models."""

from __future__ import annotations

#: Units of count the plan itself uses (家 institutions, 個 teams/items, 項 technologies/results,
#: 人/名 people, 所 schools, 屆 editions of an event).
UNITS_OF_COUNT: tuple[str, ...] = ("家", "個", "項", "人", "名", "所", "屆")

#: What a target counts; used to filter ``zsplan status --category``.
CATEGORIES: tuple[str, ...] = (
    "infrastructure",
    "lab",
    "university",
    "discipline",
    "institution",
    "platform",
    "team",
    "technology",
    "transfer",
    "talent",
    "incubator",
    "enterprise",
    "base",
    "event",
    "policy",
    "organisation",
)

#: The kinds of target the format knows.
TARGET_KINDS: tuple[str, ...] = ("number", "range", "per_year", "checklist", "milestone")
