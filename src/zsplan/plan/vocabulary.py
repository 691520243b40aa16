"""The plan format's fixed vocabularies, kept apart from the pydantic models so commands that
only read the database need not build the models."""

from __future__ import annotations

#: Units of count the plan itself uses (家 institutions, 個 teams/items, 項 technologies/results,
#: 人/名 people, 所 schools, 屆 editions of an event).
UNITS_OF_COUNT: tuple[str, ...] = ("家", "個", "項", "人", "名", "所", "屆")

#: Simplified forms of units of count a plan may write (个 for 個, 项 for 項): accepted as those units.
SIMPLIFIED_UNITS: dict[str, str] = {"个": "個", "项": "項"}

#: What a unit of measure measures: ``count`` (whole things: 家, 個, 萬家), ``share`` (a percentage, 0–100: %),
#: ``amount`` (money or another quantity: 億元, 萬元) or ``rate`` (per something: 件/萬人).
UNIT_KINDS: tuple[str, ...] = ("count", "share", "amount", "rate")

#: Words that scale a unit: 萬 = 10,000 and 億 = 100,000,000 (萬億 = 10^12), in either script.
SCALE_WORDS: dict[str, int] = {"萬億": 10**12, "万亿": 10**12, "億": 10**8, "亿": 10**8, "萬": 10**4, "万": 10**4}

#: Comparators of a number target: reach at least N, fall to at most N, or reach approximately N (左右).
COMPARATORS: tuple[str, ...] = ("at_least", "at_most", "approximately")

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
TARGET_KINDS: tuple[str, ...] = ("number", "range", "per_year", "checklist", "milestone", "annual", "pending")
