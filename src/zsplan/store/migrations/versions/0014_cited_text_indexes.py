"""Two partial indexes over the entries that name an achievement or cite a source, covering what the
counted-twice check reads of them: (item name | source, target, recorder, as-of date, kind, item id).

The check groups those entries by their text (:func:`zsplan.store.fastread.cited_entries`). Without an
index SQLite read every entry of the ledger and sorted the named ones: on a national ledger of 10,000,000
entries, 2,900,000 named, about 9 s of a 28 s status. Through these indexes it reads the named entries
alone, already in text order. Entries without a name or a source (most entries counted by value) are not
in them, so a log or an import of figures writes no more than before. The ledger and its hash chain are
unchanged.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

#: index name → (the text column, the columns the check reads beside it).
INDEXES = {
    "ix_progress_item_name": ("item_name", ["target_id", "recorded_by", "as_of", "kind", "item_id"]),
    "ix_progress_source": ("source", ["target_id", "recorded_by", "as_of", "kind", "item_id"]),
}


def upgrade() -> None:
    for name, (column, beside) in INDEXES.items():
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(name, "progress_entry", [column, *beside], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="progress_entry")
