"""Reporting rounds: periods with due dates, the units they ask, their events (open, close, reopen, submit, accept,
return, remind), the units' submissions and their rows, the units' reports on tasks (and narratives on targets), the
ledger entries each accepted submission wrote, and the entries recorded late inside a closed round.

The ledger (progress_entry) and its hash chain are unchanged; every new table is append-only.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reporting_round",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(), nullable=False),
    )
    op.create_table(
        "round_unit",
        sa.Column("round_id", sa.String(), sa.ForeignKey("reporting_round.id"), primary_key=True),
        sa.Column("unit_id", sa.String(), sa.ForeignKey("unit.id"), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.String(), sa.ForeignKey("reporting_round.id"), nullable=False),
        sa.Column("unit_id", sa.String(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=True),
        sa.Column("digest", sa.String(64), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
    )
    op.create_index("ix_submission_round", "submission", ["round_id", "unit_id"])
    op.create_table(
        "round_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.String(), sa.ForeignKey("reporting_round.id"), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("unit_id", sa.String(), nullable=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
    )
    op.create_index("ix_round_event_round", "round_event", ["round_id", "id"])
    op.create_table(
        "submission_row",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("cells", sa.Text(), nullable=False),
    )
    op.create_index("ix_submission_row_submission", "submission_row", ["submission_id"])
    op.create_table(
        "unit_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject_kind", sa.String(), nullable=False),
        sa.Column("subject_id", sa.String(), nullable=False),
        sa.Column("unit_id", sa.String(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("state", sa.String(), nullable=True),
        sa.Column("progress", sa.Text(), nullable=True),
        sa.Column("problems", sa.Text(), nullable=True),
        sa.Column("next_steps", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_unit_report_subject", "unit_report", ["subject_kind", "subject_id", "as_of"])
    op.create_table(
        "submission_entry",
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("progress_entry.id"), primary_key=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submission.id"), nullable=False),
    )
    op.create_index("ix_submission_entry_submission", "submission_entry", ["submission_id"])
    op.create_table(
        "late_entry",
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("progress_entry.id"), primary_key=True),
        sa.Column("round_id", sa.String(), sa.ForeignKey("reporting_round.id"), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
    )


def downgrade() -> None:
    for table in ("late_entry", "submission_entry", "unit_report", "submission_row", "round_event", "submission", "round_unit", "reporting_round"):
        op.drop_table(table)
