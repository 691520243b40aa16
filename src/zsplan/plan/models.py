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

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, SerializerFunctionWrapHandler, StringConstraints, model_serializer

from zsplan.plan.vocabulary import CATEGORIES, SIMPLIFIED_UNITS, TARGET_KINDS, UNIT_KINDS, UNITS_OF_COUNT  # noqa: F401  (re-exported)

AsciiId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.\-]*$", max_length=64)]
"""A stable identifier: lower-case ASCII letters, digits, ``_``, ``.``, ``-``; starts with a letter."""

Text = Annotated[str, StringConstraints(min_length=1)]

PlanRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.\-]*:[a-z][a-z0-9_.\-]*$", max_length=129)]
"""A record of another plan: ``<plan id>:<its own id>`` (``gd-sti-2021:rd_intensity``)."""

#: Largest target or baseline value accepted (the plan's largest target is 60).
MAX_COUNT = 1_000_000

Count = Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)]
"""A count in the target's unit: finite, 0 to :data:`MAX_COUNT`."""

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
"""What a target counts: one of :data:`zsplan.plan.vocabulary.CATEGORIES` (the JSON Schema lists them)."""


CategoryId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_.\-]*$", max_length=64),
    Field(json_schema_extra={"examples": list(CATEGORIES)}),
]
"""A target's category: one of :data:`~zsplan.plan.vocabulary.CATEGORIES`, or one the plan file declares under ``categories``."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    #: Fields added after plans were first stored: left out of a dump while at their default, so the
    #: stored definitions (and their digest) of a plan that does not use them stay what they were.
    _OMIT_AT_DEFAULT: frozenset[str] = frozenset()

    @model_serializer(mode="wrap")
    def _omit_new_defaults(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> dict[str, object]:
        data = handler(self)
        for name in self._OMIT_AT_DEFAULT:
            if name in data and getattr(self, name) == type(self).model_fields[name].get_default(call_default_factory=True):
                del data[name]
        return data


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

    ``vision`` is optional: a plan without a long-range goal leaves it out (shown as "no vision stated").

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
    vision: Vision | None = None


class Unit(_Model):
    """A responsible unit (責任單位), named in full as the plan first writes it."""

    id: AsciiId
    name: Text
    name_en: Text


class Measure(_Model):
    """A node of the plan's outline: chapter, section, numbered measure or column (專欄).

    ``units`` lists the responsible units as the plan does, lead unit first; it is
    empty where the plan names none (chapters, columns, chapter 六).

    ``under``: the measure of another plan this one carries out (``plan id:measure id``): a task
    of the annual work points (年度工作要點) under a measure of the action plan. ``explain`` shows it.
    """

    _OMIT_AT_DEFAULT = frozenset({"under"})

    id: AsciiId
    parent: AsciiId | None = None
    level: Literal["chapter", "section", "measure", "column"]
    number: Text
    title: Text
    text: Text | None = None
    units: list[AsciiId] = Field(default_factory=list)
    under: PlanRef | None = None


class UnitOfMeasure(_Model):
    """A unit of measure a plan's targets use, as the plan file's ``units_of_measure`` table declares it.

    ``kind``: ``count`` (whole things), ``share`` (a percentage on a 0–100 scale: ``%``),
    ``amount`` (億元, 萬元) or ``rate``. ``precision``: how many decimals a value in the unit
    takes (0 for counts; 3.54% takes 2). ``base`` and ``scale``: 萬家 is ``base: 家, scale: 10000``
    (5萬家 = 50,000家), so traceability reads either. Without a table, the plan's own units of
    count (家 個 項 人 名 所 屆, and 个 项 in Simplified script) are counts of precision 0.
    """

    name: Text
    kind: Literal[UNIT_KINDS]  # type: ignore[valid-type]
    precision: Annotated[int, Field(ge=0, le=6)] = 0
    base: Text | None = None
    scale: Annotated[float, Field(gt=0, le=10**12, allow_inf_nan=False)] = 1.0


class CategoryDef(_Model):
    """A category a plan file declares beside the built-in ones (macro indicators: ``rd_input``, ``output``)."""

    id: AsciiId
    name: Text


class Amendment(_Model):
    """Why a plan file amends targets that already have progress, and from which date (中期評估調整)."""

    reason: Text
    effective: dt.date


class Baseline(_Model):
    """The indicator's value at the start of tracking (0 at the plan's issue date unless known)."""

    value: Count
    date: dt.date


class _TargetBase(_Model):
    """Fields every target kind has.

    ``within_years``: an approximate deadline, a horizon in years after the plan's issue date
    (力爭經過5年左右): the deadline is then the issue date plus that many years (the rule checks
    it) and is shown marked approximate.

    Baseline facts (docs/method.md, "Baseline facts"): ``counts`` says whether the target
    counts the total in place at a date (存量, ``total``: what stood at the baseline counts,
    facts recorded before the baseline date included) or only what is new since the
    baseline (新增, ``new``); a file that does not say counts the total, as zsplan always did.
    ``counts_ambiguous`` flags a sentence that reads either way, with ``counts_note`` saying
    why and what the other reading would be; ``explain`` and reports show it.
    ``met_at_baseline`` says the baseline already meets the target (valid only when said).

    ``feeds``: targets of other plans this one contributes to (``plan id:target id``): a city
    target that feeds a provincial one. ``explain`` shows the link both ways when both plans are loaded.
    """

    _OMIT_AT_DEFAULT = frozenset({"within_years", "feeds"})

    id: AsciiId
    name: Text
    measure: AsciiId
    stated_in: AsciiId | None = None
    category: CategoryId
    unit: Text
    deadline: dt.date
    deadline_inferred: bool = False
    within_years: Annotated[int, Field(ge=1, le=100)] | None = None
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
    feeds: list[PlanRef] = Field(default_factory=list)


Mode = Literal["value", "items"]
"""How progress on a count is recorded: ``value`` (a number per report) or ``items``
(one named achievement per report, a ledger 台賬; the count derives from the items).
Organisations, platforms, labs, teams, technologies and projects are items; counts
of people stay values (no personal names are stored)."""


class NumberTarget(_TargetBase):
    """Reach a number: ``at_least`` N (…以上, or a plain N to reach), ``at_most`` N, or ``approximately`` N (N左右).

    ``tolerance`` (approximately only): how far below N still counts as reaching it, in the
    target's unit; by default half a unit of the last digit N is written with (3.5%左右: 0.05,
    so 3.45% reaches it), the rounded-value comparison (修約值比較法) of GB/T 8170-2008.
    """

    _OMIT_AT_DEFAULT = frozenset({"tolerance", "within_years", "feeds"})

    kind: Literal["number"]
    mode: Mode
    comparator: Literal["at_least", "at_most", "approximately"]
    value: Count
    tolerance: Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)] | None = None


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


class AnnualTarget(_TargetBase):
    """A figure of one calendar year ``year`` (技術合同成交額2025年達到N億元): judged within its own year.

    ``progress: flow``: the increments dated in that year add up (an annual flow, such as a
    year's turnover); ``progress: stock``: the level reached, as reported in that year. Entries
    dated in other years do not count. The deadline is that year's 31 December.
    """

    _OMIT_AT_DEFAULT = frozenset({"tolerance", "within_years", "feeds"})

    kind: Literal["annual"]
    mode: Literal["value"] = "value"
    comparator: Literal["at_least", "at_most", "approximately"]
    value: Count
    year: int
    tolerance: Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)] | None = None


class PendingTarget(_TargetBase):
    """An indicator the plan declares with its value still to be set (目標值待定): listed, never judged.

    Its ``source_text`` must say 待定 (or 另行制定/另定); progress cannot be logged until the plan
    states a value (amend the plan: kind number with the value).
    """

    kind: Literal["pending"]
    mode: Literal["value"] = "value"


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
    NumberTarget | RangeTarget | PerYearTarget | ChecklistTarget | MilestoneTarget | AnnualTarget | PendingTarget,
    Field(discriminator="kind"),
]


class PlanFile(_Model):
    """The whole plan file: metadata, responsible units, the measure outline and targets,
    and (optional) the units of measure its targets use beyond the plan's own units of count."""

    _OMIT_AT_DEFAULT = frozenset({"units_of_measure", "categories", "amendment"})

    plan: PlanMeta
    units: list[Unit]
    measures: list[Measure]
    targets: list[Target]
    units_of_measure: list[UnitOfMeasure] = Field(default_factory=list)
    categories: list[CategoryDef] = Field(default_factory=list)
    amendment: Amendment | None = None

    def unit_of_measure(self, name: str) -> UnitOfMeasure | None:
        """The declared or default unit called ``name`` (see :func:`unit_table`), or None."""
        return unit_table(self.units_of_measure).get(name)


def unit_table(declared: list[UnitOfMeasure]) -> dict[str, UnitOfMeasure]:
    """Units of measure by name: the plan's own units of count (precision 0; 个 项 as 個 項) and the declared ones,
    a declared unit replacing a default of the same name."""
    table = {name: UnitOfMeasure(name=name, kind="count") for name in (*UNITS_OF_COUNT, *SIMPLIFIED_UNITS)}
    table.update({unit.name: unit for unit in declared})
    return table
