"""Every progress entry carries a hash chained to the one before it (tamper evidence).

The column is added empty; zsplan fills it for the entries recorded before it
existed, in id order, in the same transaction as the upgrade (see
zsplan.store.chain.seal_unchained).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("progress_entry") as batch:
        batch.add_column(sa.Column("entry_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("progress_entry") as batch:
        batch.drop_column("entry_hash")
