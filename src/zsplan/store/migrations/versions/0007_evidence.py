"""Evidence behind the entries, kept beside them (never in them): sources with their grade and second sources
(corroboration, conflict), review states, the names achievements were realised under, progress notes, forecasts and
scheduled events, and a digest of every imported sheet.

Entries themselves are unchanged (the hash chain covers them as before); every new table
links to an entry or a target and is append-only.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_evidence",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("progress_entry.id"), nullable=False),
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("folded", sa.Text(), nullable=True),
        sa.Column("grade", sa.String(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
    )
    op.create_index("ix_evidence_entry", "entry_evidence", ["entry_id"])
    op.create_index("ix_evidence_folded", "entry_evidence", ["folded"])
    op.create_table(
        "entry_review",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("progress_entry.id"), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
    )
    op.create_index("ix_review_entry", "entry_review", ["entry_id", "id"])
    op.create_table(
        "entry_alias",
        sa.Column("entry_id", sa.Integer(), sa.ForeignKey("progress_entry.id"), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("folded", sa.String(), nullable=False),
    )
    op.create_index("ix_alias_folded", "entry_alias", ["folded"])
    op.create_table(
        "progress_note",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("target_id", sa.String(), sa.ForeignKey("target.id"), nullable=False),
        sa.Column("item_name", sa.String(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
    )
    op.create_index("ix_note_target", "progress_note", ["target_id"])
    op.create_table(
        "forecast",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("target_id", sa.String(), sa.ForeignKey("target.id"), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("item_name", sa.String(), nullable=True),
        sa.Column("by_date", sa.Date(), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(), nullable=False),
    )
    op.create_index("ix_forecast_target", "forecast", ["target_id"])
    op.create_table(
        "imported_file",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("first_entry", sa.Integer(), nullable=True),
        sa.Column("last_entry", sa.Integer(), nullable=True),
    )
    op.create_index("ix_imported_digest", "imported_file", ["digest"])


def downgrade() -> None:
    for table in ("imported_file", "forecast", "progress_note", "entry_alias", "entry_review", "entry_evidence"):
        op.drop_table(table)
