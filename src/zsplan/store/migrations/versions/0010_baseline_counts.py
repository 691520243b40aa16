"""What a target counts at its baseline: the total (存量) or only what is new (新增), whether that reading
is ambiguous (and why), and whether the baseline already meets it.

Four columns of the ``target`` table, filled by the next load of the plan; existing rows
read as before (the total counts, not ambiguous, not met at baseline).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: the target table is referenced by the ledger's foreign keys)
    op.add_column("target", sa.Column("counts", sa.String(), nullable=True))
    op.add_column("target", sa.Column("counts_ambiguous", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("target", sa.Column("counts_note", sa.Text(), nullable=True))
    op.add_column("target", sa.Column("met_at_baseline", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("target") as batch:
        for column in ("met_at_baseline", "counts_note", "counts_ambiguous", "counts"):
            batch.drop_column(column)
