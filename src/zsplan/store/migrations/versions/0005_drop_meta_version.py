"""Drop the schema_version row of zsplan_meta: Alembic's revision is the one schema version.

The row was written by every revision since the first release and read by
nothing. The zsplan_meta table itself stays: its presence is how zsplan tells
its own database from another application's.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM zsplan_meta WHERE key = 'schema_version'")


def downgrade() -> None:
    op.execute("INSERT INTO zsplan_meta (key, value) VALUES ('schema_version', '4')")
