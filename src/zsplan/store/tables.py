"""The database tables (sqlmodel).

The tables are created and changed only by the Alembic migrations in
``zsplan/store/migrations``; a test checks that the migrations produce exactly
these models.

Definitions (plan, unit, measure, target, links, checklist items) mirror the plan
file and are replaced by ``zsplan load``; ``progress_entry`` is the append-only
ledger and is never updated or deleted; ``load_history`` records every load
that changed the definitions.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, false
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel
from sqlmodel.main import SQLModelConfig

#: Build each model's pydantic validator on first use, not at import: commands that only
#: read the database (status, reports) never need them, and start-up is felt on every keypress.
_LAZY = SQLModelConfig(defer_build=True)


class MetaRecord(SQLModel, table=True):
    """Key/value facts about the database itself; the table's presence marks a zsplan database
    (the schema version is Alembic's revision, in ``alembic_version``)."""

    model_config = _LAZY

    __tablename__ = "zsplan_meta"
    key: str = Field(primary_key=True)
    value: str


class PlanRecord(SQLModel, table=True):
    """A plan's metadata; one row per plan (revision 0013: several plans in one database).
    ``definition_json`` is the loaded plan file as JSON (what ``zsplan export`` writes), with the
    plan's own ids; ``definition_hash`` its SHA-256."""

    model_config = _LAZY

    __tablename__ = "plan"
    id: str = Field(primary_key=True)
    title: str
    issuer: str
    issued: dt.date
    source_url: str
    horizon_start: dt.date
    horizon_end: dt.date
    vision_year: int
    vision_text: str = Field(sa_column=Column(Text, nullable=False))
    definition_hash: str
    definition_json: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class UnitRecord(SQLModel, table=True):
    """A responsible unit (責任單位)."""

    model_config = _LAZY

    __tablename__ = "unit"
    id: str = Field(primary_key=True)
    name: str = Field(index=True)
    name_en: str
    position: int


class PlanUnitRecord(SQLModel, table=True):
    """A unit a plan lists in its unit table, in the plan's order (revision 0013). A unit is one
    organisation: plans that name the same unit id share its row in ``unit``."""

    model_config = _LAZY

    __tablename__ = "plan_unit"
    plan_id: str = Field(primary_key=True, foreign_key="plan.id")
    unit_id: str = Field(primary_key=True, foreign_key="unit.id")
    position: int


class PlanLinkRecord(SQLModel, table=True):
    """A link from a plan's target or measure to another plan's (revision 0013): a city target that
    ``feeds`` a provincial one, a task of the annual work points ``under`` a measure of the action plan.
    ``from_id`` is a key of this plan; ``to_plan``/``to_id`` name the far end by its plan's own id
    (that plan need not be loaded)."""

    model_config = _LAZY

    __tablename__ = "plan_link"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(index=True)
    from_kind: str
    from_id: str
    relation: str
    to_plan: str
    to_id: str
    position: int


class MeasureRecord(SQLModel, table=True):
    """A node of the outline: chapter, section, numbered measure or column (專欄)."""

    model_config = _LAZY

    __tablename__ = "measure"
    id: str = Field(primary_key=True)
    plan_id: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})
    parent_id: str | None = Field(default=None, index=True)
    level: str
    number: str
    title: str
    text: str | None = Field(default=None, sa_column=Column(Text))
    position: int


class MeasureUnitRecord(SQLModel, table=True):
    """A responsible unit of a measure; ``role`` is ``lead`` for the first listed, else ``co``."""

    model_config = _LAZY

    __tablename__ = "measure_unit"
    measure_id: str = Field(primary_key=True, foreign_key="measure.id")
    unit_id: str = Field(primary_key=True, foreign_key="unit.id")
    role: str
    position: int


class TargetRecord(SQLModel, table=True):
    """A target (indicator with its target value). Kind-specific columns are null where unused.

    Values are in the target's ``unit`` (家/個/項/人/名/所/屆, or a declared unit of measure such as %
    or 億元); ``years`` is a comma-separated list of calendar years for per-year targets. ``unit_kind``
    and ``precision`` are the unit's (null: a count, precision 0); ``tolerance`` is an approximately
    target's (in its unit); ``year`` an annual target's (revision 0011).
    """

    model_config = _LAZY

    __tablename__ = "target"
    id: str = Field(primary_key=True)
    plan_id: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})
    name: str = Field(index=True)
    measure_id: str = Field(foreign_key="measure.id", index=True)
    stated_in: str | None = None
    category: str
    unit: str
    kind: str
    comparator: str | None = None
    value: float | None = None
    min_value: float | None = None
    max_value: float | None = None
    per_year: float | None = None
    years: str | None = None
    deadline: dt.date
    deadline_inferred: bool = False
    baseline_value: float
    baseline_date: dt.date
    progress: str
    mode: str = "value"
    strength: str
    source_text: str = Field(sa_column=Column(Text, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text))
    position: int
    unit_kind: str | None = None
    precision: int | None = None
    tolerance: float | None = None
    year: int | None = None
    within_years: int | None = None
    counts: str | None = None
    counts_ambiguous: bool = False
    counts_note: str | None = Field(default=None, sa_column=Column(Text))
    met_at_baseline: bool = False


class TargetRevisionRecord(SQLModel, table=True):
    """An amendment of a target (revision 0011); append-only.

    ``old_values`` and ``new_values`` are JSON objects of the ``target`` columns that changed
    (dates as ISO text). The target row holds the newest definition; a reading as of a date
    before ``effective_from``, or as known before ``recorded_at``, uses ``old_values``.
    """

    model_config = _LAZY

    __tablename__ = "target_revision"
    id: int | None = Field(default=None, primary_key=True)
    target_id: str = Field(foreign_key="target.id", index=True)
    recorded_at: dt.datetime
    effective_from: dt.date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    old_values: str = Field(sa_column=Column(Text, nullable=False))
    new_values: str = Field(sa_column=Column(Text, nullable=False))


class TargetUnitRecord(SQLModel, table=True):
    """A responsible unit of a target (the target's own list, else its measure's), lead first."""

    model_config = _LAZY

    __tablename__ = "target_unit"
    target_id: str = Field(primary_key=True, foreign_key="target.id")
    unit_id: str = Field(primary_key=True, foreign_key="unit.id", index=True)
    role: str
    position: int


class ChecklistItemRecord(SQLModel, table=True):
    """A named deliverable of a checklist target."""

    model_config = _LAZY

    __tablename__ = "checklist_item"
    target_id: str = Field(primary_key=True, foreign_key="target.id")
    item_id: str = Field(primary_key=True)
    name: str
    position: int


class ProgressEntry(SQLModel, table=True):
    """One progress report; append-only: rows are never updated or deleted.

    ``value`` is in the target's unit of count: for a stock target the level as of
    ``as_of``, for a flow target the increment since the previous report, for a
    milestone 1 (done) or 0 (not yet), for a named item (checklist item or 台賬
    entry) 1, with ``item_id`` its key (a checklist item's id, or the folded name
    of a named achievement) and ``item_name`` its name as written.

    ``kind`` is ``log``, ``correction`` (replaces the entry ``supersedes`` points
    to) or ``retraction`` (cancels it); ``reason`` says why. ``recorded_at`` is
    UTC (stored without zone). ``source`` holds the evidence (document number, URL).
    ``name_key`` (revision 0015) is the folded ``item_name`` (:func:`zsplan.text.fold`), written with
    the entry, so the counted-twice check groups names in SQL; it is derived, and not in the hash chain.
    """

    model_config = _LAZY

    __tablename__ = "progress_entry"
    __table_args__ = (
        Index("ix_progress_target_asof", "target_id", "as_of", "value", "item_id"),  # covers the aggregates
        Index("ix_progress_target_item", "target_id", "item_id", "as_of"),  # covers checklist items as of a date
        Index("ix_progress_supersedes", "supersedes"),
        # revision 0015: the named entries in the order of their folded names (0014: of their names as written),
        # and (0014) the sourced entries in text order, for the counted-twice check
        Index(
            "ix_progress_name_key",
            "name_key",
            "target_id",
            "as_of",
            "kind",
            sqlite_where=sql_text("name_key IS NOT NULL"),
            postgresql_where=sql_text("name_key IS NOT NULL"),
        ),
        # revision 0015: the named entries kept without a key (written outside zsplan): usually none
        Index(
            "ix_progress_unkeyed",
            "target_id",
            sqlite_where=sql_text("item_name IS NOT NULL AND name_key IS NULL"),
            postgresql_where=sql_text("item_name IS NOT NULL AND name_key IS NULL"),
        ),
        Index(
            "ix_progress_source",
            "source",
            "target_id",
            "recorded_by",
            "as_of",
            "kind",
            "item_id",
            sqlite_where=sql_text("source IS NOT NULL"),
            postgresql_where=sql_text("source IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    target_id: str = Field(foreign_key="target.id")
    value: float
    item_id: str | None = None
    item_name: str | None = None
    as_of: dt.date
    recorded_at: dt.datetime
    recorded_by: str
    note: str | None = Field(default=None, sa_column=Column(Text))
    source: str | None = Field(default=None, sa_column=Column(Text))
    kind: str = "log"
    supersedes: int | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text))
    entry_hash: str | None = Field(default=None, max_length=64)  # see zsplan.store.chain
    name_key: str | None = None  # revision 0015: fold(item_name), written with the entry; not hashed


class EvidenceRecord(SQLModel, table=True):
    """A source cited for an entry, with its grade (revision 0007).

    ``relation`` is ``source`` (cited when the entry was recorded; the first is also the
    entry's own ``source``), ``corroboration`` (a second source for the same named item,
    same figure and date) or ``conflict`` (a second source giving another date or
    figure, ``as_of``/``value``). ``grade`` is one of
    :data:`zsplan.analysis.evidence.GRADES`; ``folded`` is the text's lookup key, to find the
    same document cited twice. Revision 0009 adds the source's parts: ``number`` (文號),
    ``title``, ``location`` (URL or file), ``published`` (the date it bears) and a ``note``.
    """

    model_config = _LAZY

    __tablename__ = "entry_evidence"
    __table_args__ = (Index("ix_evidence_entry", "entry_id"), Index("ix_evidence_folded", "folded"))
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="progress_entry.id")
    relation: str
    text: str | None = Field(default=None, sa_column=Column(Text))
    folded: str | None = Field(default=None, sa_column=Column(Text))
    grade: str
    as_of: dt.date | None = None
    value: float | None = None
    recorded_at: dt.datetime
    recorded_by: str
    number: str | None = Field(default=None, sa_column=Column(Text))  # revision 0009: the document number (文號)
    title: str | None = Field(default=None, sa_column=Column(Text))
    location: str | None = Field(default=None, sa_column=Column(Text))  # URL or file
    published: dt.date | None = None  # the date the document bears
    note: str | None = Field(default=None, sa_column=Column(Text))


class ReviewRecord(SQLModel, table=True):
    """A change of an entry's evidence state (``verified`` or ``rejected``; the latest counts), with why."""

    model_config = _LAZY

    __tablename__ = "entry_review"
    __table_args__ = (Index("ix_review_entry", "entry_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="progress_entry.id")
    state: str
    reason: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: dt.datetime
    recorded_by: str


class AliasRecord(SQLModel, table=True):
    """The name an achievement was realised under, beside the plan's name of it (``--as``)."""

    model_config = _LAZY

    __tablename__ = "entry_alias"
    __table_args__ = (Index("ix_alias_folded", "folded"),)
    entry_id: int = Field(foreign_key="progress_entry.id", primary_key=True)
    name: str
    folded: str


class NoteRecord(SQLModel, table=True):
    """A progress note on a target (or one of its items): kept, shown, never counted."""

    model_config = _LAZY

    __tablename__ = "progress_note"
    __table_args__ = (Index("ix_note_target", "target_id"),)
    id: int | None = Field(default=None, primary_key=True)
    target_id: str = Field(foreign_key="target.id")
    item_name: str | None = None
    as_of: dt.date
    text: str = Field(sa_column=Column(Text, nullable=False))
    recorded_at: dt.datetime
    recorded_by: str


class ForecastRecord(SQLModel, table=True):
    """A stated expectation: a ``forecast`` (``value`` by ``by_date``) or a ``scheduled`` event (on ``by_date``).

    Never counted as progress; scored against the outcome once ``by_date`` has passed.
    """

    model_config = _LAZY

    __tablename__ = "forecast"
    __table_args__ = (Index("ix_forecast_target", "target_id"),)
    id: int | None = Field(default=None, primary_key=True)
    target_id: str = Field(foreign_key="target.id")
    kind: str
    value: float
    item_name: str | None = None
    by_date: dt.date
    stated_on: dt.date
    source: str | None = Field(default=None, sa_column=Column(Text))
    recorded_at: dt.datetime
    recorded_by: str


class ImportedFileRecord(SQLModel, table=True):
    """A sheet imported into the ledger: its SHA-256, so the same file is recognised when it comes again."""

    model_config = _LAZY

    __tablename__ = "imported_file"
    __table_args__ = (Index("ix_imported_digest", "digest"),)
    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(max_length=64)
    file_name: str
    imported_at: dt.datetime
    imported_by: str
    rows: int
    first_entry: int | None = None
    last_entry: int | None = None


class LoadRecord(SQLModel, table=True):
    """One load of a plan file that changed the stored definitions."""

    model_config = _LAZY

    __tablename__ = "load_history"
    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(default="", sa_column_kwargs={"server_default": ""})
    loaded_at: dt.datetime
    path: str
    content_hash: str
    definition_hash: str
    summary: str


class RoundRecord(SQLModel, table=True):
    """A reporting round (revision 0012): a period (first and last day, inclusive) and the date its submissions are due.

    Whether it is open or closed is its latest ``open``/``close``/``reopen`` event (:class:`RoundEventRecord`).
    """

    model_config = _LAZY

    __tablename__ = "reporting_round"
    id: str = Field(primary_key=True)
    plan_id: str = Field(default="", sa_column_kwargs={"server_default": ""})
    kind: str
    period_start: dt.date
    period_end: dt.date
    due: dt.date
    opened_at: dt.datetime
    opened_by: str


class RoundUnitRecord(SQLModel, table=True):
    """A unit a round asks to report."""

    model_config = _LAZY

    __tablename__ = "round_unit"
    round_id: str = Field(primary_key=True, foreign_key="reporting_round.id")
    unit_id: str = Field(primary_key=True, foreign_key="unit.id")
    position: int


class SubmissionRecord(SQLModel, table=True):
    """A unit's submission to a round: when it was received (timeliness is judged on it) and entered; append-only."""

    model_config = _LAZY

    __tablename__ = "submission"
    __table_args__ = (Index("ix_submission_round", "round_id", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="reporting_round.id")
    unit_id: str = Field(foreign_key="unit.id")
    received_at: dt.datetime
    recorded_at: dt.datetime
    recorded_by: str
    file_name: str | None = None
    digest: str | None = Field(default=None, max_length=64)
    rows: int


class RoundEventRecord(SQLModel, table=True):
    """One step of a round: ``open``, ``close``, ``reopen`` (with reason), ``submit``, ``accept``, ``return`` (with reason), ``remind``."""

    model_config = _LAZY

    __tablename__ = "round_event"
    __table_args__ = (Index("ix_round_event_round", "round_id", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    round_id: str = Field(foreign_key="reporting_round.id")
    action: str
    unit_id: str | None = None
    submission_id: int | None = Field(default=None, foreign_key="submission.id")
    reason: str | None = Field(default=None, sa_column=Column(Text))
    at: dt.datetime
    by: str


class SubmissionRowRecord(SQLModel, table=True):
    """A row of a submission, kept as submitted (``cells``: JSON of column → text) until it is accepted or returned."""

    model_config = _LAZY

    __tablename__ = "submission_row"
    __table_args__ = (Index("ix_submission_row_submission", "submission_id"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submission.id")
    row_number: int
    subject_kind: str
    subject_id: str
    role: str
    cells: str = Field(sa_column=Column(Text, nullable=False))


class UnitReportRecord(SQLModel, table=True):
    """A unit's report for a period on a task (state, 進展情況, 存在問題, 下一步工作, evidence), or its narrative on a target."""

    model_config = _LAZY

    __tablename__ = "unit_report"
    __table_args__ = (Index("ix_unit_report_subject", "subject_kind", "subject_id", "as_of"),)
    id: int | None = Field(default=None, primary_key=True)
    subject_kind: str
    subject_id: str
    unit_id: str = Field(foreign_key="unit.id")
    role: str
    as_of: dt.date
    state: str | None = None
    progress: str | None = Field(default=None, sa_column=Column(Text))
    problems: str | None = Field(default=None, sa_column=Column(Text))
    next_steps: str | None = Field(default=None, sa_column=Column(Text))
    evidence: str | None = Field(default=None, sa_column=Column(Text))
    recorded_at: dt.datetime
    recorded_by: str
    submission_id: int | None = Field(default=None, foreign_key="submission.id")
    late: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class SubmissionEntryRecord(SQLModel, table=True):
    """A ledger entry written when a submission was accepted."""

    model_config = _LAZY

    __tablename__ = "submission_entry"
    __table_args__ = (Index("ix_submission_entry_submission", "submission_id"),)
    entry_id: int = Field(primary_key=True, foreign_key="progress_entry.id")
    submission_id: int = Field(foreign_key="submission.id")


class LateEntryRecord(SQLModel, table=True):
    """An entry recorded with ``--late``: dated inside a round that was closed when it was recorded."""

    model_config = _LAZY

    __tablename__ = "late_entry"
    entry_id: int = Field(primary_key=True, foreign_key="progress_entry.id")
    round_id: str = Field(foreign_key="reporting_round.id")
    recorded_at: dt.datetime
    recorded_by: str
