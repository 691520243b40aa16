"""Sources as officials cite them: a source's document number, title, URL or file, and the date it bears,
beside its grade (revision 0007 kept a source as one line of text).

Rows already in ``entry_evidence`` keep their text; the new columns are empty for them.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = ("number", "title", "location", "published", "note")


def upgrade() -> None:
    with op.batch_alter_table("entry_evidence") as table:
        table.add_column(sa.Column("number", sa.Text(), nullable=True))
        table.add_column(sa.Column("title", sa.Text(), nullable=True))
        table.add_column(sa.Column("location", sa.Text(), nullable=True))
        table.add_column(sa.Column("published", sa.Date(), nullable=True))
        table.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entry_evidence") as table:
        for name in reversed(_COLUMNS):
            table.drop_column(name)
