"""Each named entry keeps its folded name (``progress_entry.name_key``), and the counted-twice check reads
the named entries in the order of that key (``ix_progress_name_key``, in place of 0014's ``ix_progress_item_name``).
``ix_progress_unkeyed`` holds the named entries without a key (written outside zsplan; usually none), which
the check folds as it reads them.

The check asks which achievements are recorded under two targets, by folded name (:func:`zsplan.text.fold`:
script, width, spacing and case do not matter). Until now it grouped the names as written and folded every
distinct one on each read: a ledger of 1,000,000 entries has 170,000 names, and reading, folding and
regrouping them was a third of a status. A name is now folded once, when its entry is written, and the check
is one ordered read of this index. The key is derived from ``item_name`` alone; it is not in the hash chain
(``zsplan verify`` checks each key against its name). Existing entries are given their keys here, each
distinct name folded once; entries without a name keep none.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

#: Distinct names folded and written at a time.
_CHUNK = 10_000
_WHERE = "item_name IS NOT NULL"


def fold(text: str, convert) -> str:
    """The key of ``text`` as zsplan folded names when this revision was written (``zsplan.text.fold``: NFKC, no
    white space nor invisible format characters, OpenCC t2s, case-folded). A migration keeps its own copy, so
    that a later change of the application's code cannot change what it writes; a test holds the two equal."""
    compact = "".join(char for char in unicodedata.normalize("NFKC", text) if unicodedata.category(char) != "Cf")
    return convert("".join(compact.split())).casefold()


def fold_many(texts: list[str]) -> list[str]:
    """:func:`fold` of each of ``texts``, with one OpenCC converter."""
    import opencc

    convert = opencc.OpenCC("t2s").convert
    return [fold(text, convert) for text in texts]


def upgrade() -> None:
    connection = op.get_bind()
    op.add_column("progress_entry", sa.Column("name_key", sa.String(), nullable=True))
    names = [name for (name,) in connection.execute(sa.text(f"SELECT DISTINCT item_name FROM progress_entry WHERE {_WHERE}"))]
    update = sa.text("UPDATE progress_entry SET name_key = :key WHERE item_name = :name")  # through 0014's index of the names
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        connection.execute(update, [{"key": key, "name": name} for name, key in zip(chunk, fold_many(chunk), strict=True)])
    op.drop_index("ix_progress_item_name", table_name="progress_entry")
    keyed = sa.text("name_key IS NOT NULL")
    op.create_index("ix_progress_name_key", "progress_entry", ["name_key", "target_id", "as_of", "kind"], sqlite_where=keyed, postgresql_where=keyed)
    unkeyed = sa.text(f"{_WHERE} AND name_key IS NULL")
    op.create_index("ix_progress_unkeyed", "progress_entry", ["target_id"], sqlite_where=unkeyed, postgresql_where=unkeyed)


def downgrade() -> None:
    op.drop_index("ix_progress_unkeyed", table_name="progress_entry")
    op.drop_index("ix_progress_name_key", table_name="progress_entry")
    where = sa.text(_WHERE)
    op.create_index(
        "ix_progress_item_name",
        "progress_entry",
        ["item_name", "target_id", "recorded_by", "as_of", "kind", "item_id"],
        sqlite_where=where,
        postgresql_where=where,
    )
    op.drop_column("progress_entry", "name_key")
