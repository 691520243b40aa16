"""The audit trail and named items: corrections/retractions with reasons, item names, target mode, stored definitions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.add_column(sa.Column("definition_json", sa.Text(), nullable=True))
    with op.batch_alter_table("target") as batch:
        batch.add_column(sa.Column("mode", sa.String(), nullable=False, server_default="value"))
    op.execute("UPDATE target SET mode = 'items' WHERE kind = 'checklist'")
    with op.batch_alter_table("progress_entry") as batch:
        batch.add_column(sa.Column("item_name", sa.String(), nullable=True))
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch.create_index("ix_progress_target_item", ["target_id", "item_id"])
        batch.create_index("ix_progress_supersedes", ["supersedes"])
    # checklist entries of the first schema carry only the item's id: give them its name
    op.execute(
        "UPDATE progress_entry SET item_name = (SELECT c.name FROM checklist_item c "
        "WHERE c.target_id = progress_entry.target_id AND c.item_id = progress_entry.item_id) "
        "WHERE item_id IS NOT NULL"
    )
    op.execute("UPDATE zsplan_meta SET value = '2' WHERE key = 'schema_version'")


def downgrade() -> None:
    with op.batch_alter_table("progress_entry") as batch:
        batch.drop_index("ix_progress_supersedes")
        batch.drop_index("ix_progress_target_item")
        batch.drop_column("reason")
        batch.drop_column("item_name")
    with op.batch_alter_table("target") as batch:
        batch.drop_column("mode")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("definition_json")
    op.execute("UPDATE zsplan_meta SET value = '1' WHERE key = 'schema_version'")
