"""Units of measure and new comparators: each target keeps its unit's kind and precision, the tolerance of an
approximately (左右) target, the year of an annual target and the horizon in years of an approximate deadline.

A table ``target_revision`` keeps every amendment of a target made after progress exists: when it was
recorded, from which date it takes effect, why, and the changed columns' old and new values (JSON).

Existing rows keep null in the new columns, which reads as before: a count of precision 0, no tolerance, no year.

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("target") as batch:
        batch.add_column(sa.Column("unit_kind", sa.String(), nullable=True))
        batch.add_column(sa.Column("precision", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("tolerance", sa.Float(), nullable=True))
        batch.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("within_years", sa.Integer(), nullable=True))
    op.create_table(
        "target_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("target_id", sa.String(), sa.ForeignKey("target.id"), nullable=False, index=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("old_values", sa.Text(), nullable=False),
        sa.Column("new_values", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("target_revision")
    with op.batch_alter_table("target") as batch:
        for name in ("within_years", "year", "tolerance", "precision", "unit_kind"):
            batch.drop_column(name)
