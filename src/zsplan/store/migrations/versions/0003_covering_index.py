"""A covering index for the ledger's aggregates: (target, as-of date, value, item).

Status at provincial scale (10,000 targets, 1,000,000 entries) reads the index
alone instead of every row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_progress_target_asof", table_name="progress_entry")
    op.create_index("ix_progress_target_asof", "progress_entry", ["target_id", "as_of", "value", "item_id"])
    op.execute("UPDATE zsplan_meta SET value = '3' WHERE key = 'schema_version'")


def downgrade() -> None:
    op.drop_index("ix_progress_target_asof", table_name="progress_entry")
    op.create_index("ix_progress_target_asof", "progress_entry", ["target_id", "as_of"])
    op.execute("UPDATE zsplan_meta SET value = '2' WHERE key = 'schema_version'")
