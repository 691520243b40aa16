"""Loading a plan file into the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine

from zsplan.store import db, migrate


def load_plan_file(engine: Engine, path: Path, *, display_path: str, now: dt.datetime, reason: str | None = None, effective: dt.date | None = None):
    """Validate ``path`` and load it into the database (one transaction).

    Returns:
        The :class:`zsplan.store.load.LoadOutcome`: counts and the targets added, updated, removed.

    Raises:
        PlanFileError: the plan file has problems (nothing written).
        ReloadRefused: it would drop or redefine targets with progress, or amend them without
            ``reason`` and ``effective`` (nothing written).
        DatabaseError: the database cannot be written, or belongs to another application.
    """
    from zsplan.plan.validate import load_plan
    from zsplan.store import load

    loaded = load_plan(path, display_path)
    with db.write_session(engine) as session:
        if db.schema_state(session) == "empty":
            migrate.upgrade(session)
        return load.load_definitions(session, loaded, now=now, display_path=display_path, reason=reason, effective=effective)


def list_plans(engine: Engine) -> list:
    """Every plan the database holds, ordered by id: :class:`zsplan.store.plans.PlanInfo` (id, title, issue date, counts).

    Raises:
        DatabaseError: the database cannot be read.
    """
    from zsplan.store import plans

    with db.read_session(engine) as session:
        if db.schema_state(session) == "empty":
            return []
        return plans.stored_plans(session)
