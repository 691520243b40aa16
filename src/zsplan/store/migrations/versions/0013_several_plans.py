"""Several plans in one database: each plan's measures, targets, rounds and loads carry its id, and a plan's
units are listed in ``plan_unit`` (a responsible unit is one organisation, shared by the plans that name it); ``plan_link``
holds the links from a plan's targets and measures to other plans'.

An existing database holds one plan: every measure, target, round and load is given that plan's id, and
``plan_unit`` lists the plan's units in their order. Keys stay as they are: a measure or target keeps the
id it was stored under (an id another plan of the database already uses is stored as ``<plan id>:<id>``
when that plan is loaded). The ledger (progress_entry) and its hash chain are unchanged.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_SCOPED = ("measure", "target", "reporting_round", "load_history")


def upgrade() -> None:
    connection = op.get_bind()
    plan_id = connection.execute(sa.text("SELECT id FROM plan ORDER BY id LIMIT 1")).scalar() or ""
    for table in _SCOPED:  # plain ALTER TABLE (no table rebuild: other tables' foreign keys point here)
        op.add_column(table, sa.Column("plan_id", sa.String(), nullable=False, server_default=""))
        connection.execute(sa.text(f"UPDATE {table} SET plan_id = :plan"), {"plan": plan_id})
    op.create_index("ix_measure_plan_id", "measure", ["plan_id"])
    op.create_index("ix_target_plan_id", "target", ["plan_id"])
    op.create_table(
        "plan_unit",
        sa.Column("plan_id", sa.String(), sa.ForeignKey("plan.id"), primary_key=True),
        sa.Column("unit_id", sa.String(), sa.ForeignKey("unit.id"), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "plan_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.String(), nullable=False, index=True),
        sa.Column("from_kind", sa.String(), nullable=False),
        sa.Column("from_id", sa.String(), nullable=False),
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("to_plan", sa.String(), nullable=False),
        sa.Column("to_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    if plan_id:
        connection.execute(sa.text("INSERT INTO plan_unit (plan_id, unit_id, position) SELECT :plan, id, position FROM unit"), {"plan": plan_id})


def downgrade() -> None:
    op.drop_table("plan_link")
    op.drop_table("plan_unit")
    op.drop_index("ix_target_plan_id", "target")
    op.drop_index("ix_measure_plan_id", "measure")
    for table in _SCOPED:  # SQLite ≥ 3.35 drops a column in place
        op.drop_column(table, "plan_id")
