"""Typed models of ``plan.yaml``: the plan, its responsible units, measures and targets.

Every model forbids unknown fields and is strict about types, so a typo such as
``deadlne`` or a bare ``no`` where text is meant is an error, not a silent
default. The shape mirrors the 2019 plan: chapters (一…六) hold sections
((一)…), sections hold numbered measures (1., 2., …) and columns (專欄1–4);
targets hang off the measure that carries them out.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from zsplan.plan.vocabulary import CATEGORIES, TARGET_KINDS, UNITS_OF_COUNT  # noqa: F401  (re-exported)

AsciiId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.\-]*$", max_length=64)]
"""A stable identifier: lower-case ASCII letters, digits, ``_``, ``.``, ``-``; starts with a letter."""

Text = Annotated[str, StringConstraints(min_length=1)]

#: Largest target or baseline value accepted (the plan's largest target is 60).
MAX_COUNT = 1_000_000

Count = Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)]
"""A count in the target's unit: finite, 0 to :data:`MAX_COUNT`."""

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
"""What a target counts: one of :data:`zsplan.plan.vocabulary.CATEGORIES` (the JSON Schema lists them)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Horizon(_Model):
    """The period the plan covers: from its issue date to its last deadline (inclusive dates)."""

    start: dt.date
    end: dt.date


class Vision(_Model):
    """A qualitative long-range goal (the plan's 2035 vision); tracked as text, not scored."""

    year: int
    text: Text


class PlanMeta(_Model):
    """Plan metadata: what document this file encodes and the period it covers.

    ``source_file`` is the plan's full text, relative to the plan file; every
    target's ``source_text`` must occur in it.
    """

    id: AsciiId
    title: Text
    issuer: Text
    issued: dt.date
    source_url: Text
    source_file: Text
    horizon: Horizon
    vision: Vision


class Unit(_Model):
    """A responsible unit (責任單位), named in full as the plan first writes it."""

    id: AsciiId
    name: Text
    name_en: Text


class Measure(_Model):
    """A node of the plan's outline: chapter, section, numbered measure or column (專欄).

    ``units`` lists the responsible units as the plan does, lead unit first; it is
    empty where the plan names none (chapters, columns, chapter 六).
    """

    id: AsciiId
    parent: AsciiId | None = None
    level: Literal["chapter", "section", "measure", "column"]
    number: Text
    title: Text
    text: Text | None = None
    units: list[AsciiId] = Field(default_factory=list)


class Baseline(_Model):
    """The indicator's value at the start of tracking (0 at the plan's issue date unless known)."""

    value: Count
    date: dt.date


class _TargetBase(_Model):
    """Fields every target kind has.

    Baseline facts (docs/method.md, "Baseline facts"): ``counts`` says whether the target
    counts the total in place at a date (存量, ``total``: what stood at the baseline counts,
    facts recorded before the baseline date included) or only what is new since the
    baseline (新增, ``new``); a file that does not say counts the total, as zsplan always did.
    ``counts_ambiguous`` flags a sentence that reads either way, with ``counts_note`` saying
    why and what the other reading would be; ``explain`` and reports show it.
    ``met_at_baseline`` says the baseline already meets the target (valid only when said).
    """

    id: AsciiId
    name: Text
    measure: AsciiId
    stated_in: AsciiId | None = None
    category: Category
    unit: Text
    deadline: dt.date
    deadline_inferred: bool = False
    baseline: Baseline
    progress: Literal["stock", "flow"]
    strength: Literal["binding", "expected", "aspirational"]
    units: list[AsciiId] | None = None
    source_text: Text
    note: Text | None = None
    counts: Literal["total", "new"] | None = None
    counts_ambiguous: bool = False
    counts_note: Text | None = None
    met_at_baseline: bool = False


Mode = Literal["value", "items"]
"""How progress on a count is recorded: ``value`` (a number per report) or ``items``
(one named achievement per report, a ledger 台賬; the count derives from the items).
Organisations, platforms, labs, teams, technologies and projects are items; counts
of people stay values (no personal names are stored)."""


class NumberTarget(_TargetBase):
    """Reach a number: ``at_least`` N (…以上, or a plain N to reach) or ``at_most`` N."""

    kind: Literal["number"]
    mode: Mode
    comparator: Literal["at_least", "at_most"]
    value: Count


class RangeTarget(_TargetBase):
    """Reach a range such as 2-3家; met at the lower bound ``min``."""

    kind: Literal["range"]
    mode: Mode
    min: Count
    max: Count


class PerYearTarget(_TargetBase):
    """Add ``per_year`` every year listed in ``years`` (每年新增1家); the total is ``per_year × len(years)``."""

    kind: Literal["per_year"]
    mode: Mode
    per_year: Annotated[float, Field(gt=0, le=MAX_COUNT, allow_inf_nan=False)]
    years: list[int] = Field(min_length=1)


class ChecklistItem(_Model):
    """One named deliverable of a checklist target."""

    id: AsciiId
    name: Text


class ChecklistTarget(_TargetBase):
    """Deliver every named item (the "五個一" of the drug-innovation institute)."""

    kind: Literal["checklist"]
    items: list[ChecklistItem] = Field(min_length=1)


class MilestoneTarget(_TargetBase):
    """A named platform, base or event to be set up, unveiled or held: done or not."""

    kind: Literal["milestone"]


Target = Annotated[
    NumberTarget | RangeTarget | PerYearTarget | ChecklistTarget | MilestoneTarget,
    Field(discriminator="kind"),
]


class PlanFile(_Model):
    """The whole plan file: metadata, responsible units, the measure outline and targets."""

    plan: PlanMeta
    units: list[Unit]
    measures: list[Measure]
    targets: list[Target]
