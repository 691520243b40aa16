"""The first released schema: plan, outline, units, targets and the progress ledger.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("zsplan_meta", sa.Column("key", sa.String(), primary_key=True), sa.Column("value", sa.String(), nullable=False))
    op.create_table(
        "plan",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("issuer", sa.String(), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("source_url", sa.String(), nullable=False),
        sa.Column("horizon_start", sa.Date(), nullable=False),
        sa.Column("horizon_end", sa.Date(), nullable=False),
        sa.Column("vision_year", sa.Integer(), nullable=False),
        sa.Column("vision_text", sa.Text(), nullable=False),
        sa.Column("definition_hash", sa.String(), nullable=False),
    )
    op.create_table(
        "unit",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, index=True),
        sa.Column("name_en", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "measure",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("parent_id", sa.String(), nullable=True, index=True),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "measure_unit",
        sa.Column("measure_id", sa.String(), sa.ForeignKey("measure.id"), primary_key=True),
        sa.Column("unit_id", sa.String(), sa.ForeignKey("unit.id"), primary_key=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "target",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, index=True),
        sa.Column("measure_id", sa.String(), sa.ForeignKey("measure.id"), nullable=False, index=True),
        sa.Column("stated_in", sa.String(), nullable=True),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("comparator", sa.String(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("max_value", sa.Float(), nullable=True),
        sa.Column("per_year", sa.Float(), nullable=True),
        sa.Column("years", sa.String(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("deadline_inferred", sa.Boolean(), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=False),
        sa.Column("baseline_date", sa.Date(), nullable=False),
        sa.Column("progress", sa.String(), nullable=False),
        sa.Column("strength", sa.String(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "target_unit",
        sa.Column("target_id", sa.String(), sa.ForeignKey("target.id"), primary_key=True),
        sa.Column("unit_id", sa.String(), sa.ForeignKey("unit.id"), primary_key=True, index=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "checklist_item",
        sa.Column("target_id", sa.String(), sa.ForeignKey("target.id"), primary_key=True),
        sa.Column("item_id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "progress_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("target_id", sa.String(), sa.ForeignKey("target.id"), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("supersedes", sa.Integer(), nullable=True),
    )
    op.create_index("ix_progress_target_asof", "progress_entry", ["target_id", "as_of"])
    op.create_table(
        "load_history",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("definition_hash", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
    )
    op.bulk_insert(sa.table("zsplan_meta", sa.column("key"), sa.column("value")), [{"key": "schema_version", "value": "1"}])


def downgrade() -> None:
    for table in ("load_history", "progress_entry", "checklist_item", "target_unit", "target", "measure_unit", "measure", "unit", "plan", "zsplan_meta"):
        op.drop_table(table)
