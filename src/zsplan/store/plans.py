"""Which plan a command is about, when one database holds several (revision 0013).

Every plan has an id (the plan file's ``plan.id``). A command reads one plan: the one named by
``--plan`` (or ``$ZSPLAN_PLAN``), else the only plan of the database. The choice rides on the
engine as the execution option :data:`PLAN_OPTION` (see :func:`zsplan.store.db.with_plan`), so
every query of the command sees it without threading it through each call.

Keys. A measure or target is stored under its own id unless another plan of the database already
uses that id; then it is stored as ``<plan id>:<id>`` (the plan file's ids may not hold ``:``, so a
key names one plan's record). Commands show and accept keys; a plan's own id, given with its plan
selected, finds the record too (:func:`qualified`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from zsplan.errors import UsageError

#: The engine execution option that carries ``--plan``.
PLAN_OPTION = "zsplan_plan"
#: What separates a plan id from a record id in a qualified key.
SEPARATOR = ":"


@dataclass(frozen=True)
class PlanInfo:
    """A stored plan: id, title, issue date (ISO text as stored), and its counts of targets and measures."""

    id: str
    title: str
    issued: str
    targets: int
    measures: int


def stored_plans(session: Session) -> list[PlanInfo]:
    """Every plan of the database, ordered by id."""
    connection = session.connection()
    counts: dict[str, dict[str, int]] = {
        table: {row[0]: row[1] for row in connection.execute(text(f"SELECT plan_id, count(*) FROM {table} GROUP BY plan_id")).all()}
        for table in ("target", "measure")
    }
    return [
        PlanInfo(id=row[0], title=row[1], issued=str(row[2]), targets=counts["target"].get(row[0], 0), measures=counts["measure"].get(row[0], 0))
        for row in connection.execute(text("SELECT id, title, issued FROM plan ORDER BY id")).all()
    ]


def asked_plan(session: Session) -> str | None:
    """The plan ``--plan`` (or ``$ZSPLAN_PLAN``) named, as given, or None."""
    asked = session.get_bind().get_execution_options().get(PLAN_OPTION)
    return asked or None


def selected_plan(session: Session) -> str | None:
    """The id of the plan this command reads: the one asked for, else the only one; None when no plan is loaded.

    Raises:
        UsageError: the plan asked for is not in the database, or the database holds several
            plans and none was asked for (the message lists them and says how to choose).
    """
    cached = session.info.get(PLAN_OPTION)
    if cached is not None:
        return cached or None
    ids = [row[0] for row in session.connection().execute(text("SELECT id FROM plan ORDER BY id")).all()]
    asked = asked_plan(session)
    if asked is not None:
        if asked not in ids:
            held = ", ".join(ids) if ids else "no plan"
            raise UsageError(f"no plan {asked!r} in this database (it holds {held}); 'zsplan plans' lists them", "plan")
        chosen = asked
    elif len(ids) > 1:
        raise UsageError(
            f"this database holds {len(ids)} plans ({', '.join(ids)}); choose one with --plan ID or $ZSPLAN_PLAN ('zsplan plans' lists them)",
            "plan",
        )
    else:
        chosen = ids[0] if ids else ""
    session.info[PLAN_OPTION] = chosen
    return chosen or None


def use_plan(session: Session, plan_id: str) -> None:
    """Make ``plan_id`` the plan the rest of the session reads (a round reads the plan it was opened for).

    A database from before revision 0013 gave its rounds no plan (``""``): nothing changes then.

    Raises:
        UsageError: ``--plan`` named another plan.
    """
    if not plan_id:
        return
    asked = asked_plan(session)
    if asked is not None and asked != plan_id:
        raise UsageError(f"this belongs to plan {plan_id!r}, not to the plan asked for ({asked!r}); give --plan {plan_id}", "plan")
    session.info[PLAN_OPTION] = plan_id


def narrowing_plan(session: Session) -> str | None:
    """The selected plan when the database holds several (queries over every target then keep its targets); else None.

    With one plan every target is the plan's, and queries stay as they were (their plans are tested).

    Raises:
        UsageError: as :func:`selected_plan`.
    """
    several = session.info.get("zsplan_several_plans")
    if several is None:
        several = (session.connection().execute(text("SELECT count(*) FROM plan")).scalar() or 0) > 1
        session.info["zsplan_several_plans"] = several
    return selected_plan(session) if several else None


def is_ambiguous(session: Session) -> bool:
    """Whether the database holds several plans and none is asked for or in use (reading "the plan" would fail)."""
    if session.info.get(PLAN_OPTION) or asked_plan(session) is not None:
        return False
    return (session.connection().execute(text("SELECT count(*) FROM plan")).scalar() or 0) > 1


def matching_keys(session: Session, table: str, query: str) -> list[tuple[str, str]]:
    """The ``(key, plan id)`` of every measure or target ``query`` names by key, by its plan's own id
    (stored qualified because another plan uses it), or as ``<plan id>:<own id>``; ordered by plan id.

    Args:
        table: ``measure`` or ``target``.
    """
    assert table in ("measure", "target")
    connection = session.connection()
    plan_ids = [row[0] for row in connection.execute(text("SELECT id FROM plan")).all()]
    wanted = {query: None} | {qualified(plan_id, query): plan_id for plan_id in plan_ids}
    if SEPARATOR in query:  # <plan id>:<own id> of a record stored under its own id
        plan_part, own = query.split(SEPARATOR, 1)
        if plan_part in plan_ids:
            wanted.setdefault(own, plan_part)
    found = []
    for key, plan_id in connection.execute(
        text(f"SELECT id, plan_id FROM {table} WHERE id IN ({', '.join(f':k{n}' for n in range(len(wanted)))}) ORDER BY plan_id"),
        {f"k{n}": key for n, key in enumerate(wanted)},
    ).all():
        owner = wanted[key]
        if key == query or owner == plan_id:
            found.append((key, plan_id))
    return found


def choose_key(session: Session, found: list[tuple[str, str]], query: str, what: str) -> str | None:
    """Of the keys :func:`matching_keys` found, the one of the plan asked for (or the only plan they are in).

    Returns:
        The key, with the rest of the session reading its plan; None when nothing matched.

    Raises:
        UsageError: the id is in several plans and none was asked for (or the one asked for is not
            among them: "this belongs to plan …").
    """
    if not found:
        return None
    asked = asked_plan(session)
    if asked is not None:
        mine = [key for key, plan_id in found if plan_id == asked]
        if mine:
            use_plan(session, asked)
            return mine[0]
    owners = sorted({plan_id for _, plan_id in found})
    if len(owners) > 1:
        raise UsageError(
            f"{what} id {query!r} is in {len(owners)} plans ({', '.join(owners)}); give --plan ID, or write it as "
            + " or ".join(f"{plan_id}{SEPARATOR}{local_id(key, plan_id)}" for key, plan_id in found),
            "plan",
        )
    use_plan(session, owners[0])
    return found[0][0]


def local_id(key: str, plan_id: str) -> str:
    """The plan's own id of a record stored under ``key`` (``key`` without a leading ``<plan_id>:``)."""
    prefix = plan_id + SEPARATOR
    return key[len(prefix) :] if plan_id and key.startswith(prefix) else key


def qualified(plan_id: str, record_id: str) -> str:
    """The key a record of ``plan_id`` is stored under when its own id is taken by another plan."""
    return f"{plan_id}{SEPARATOR}{record_id}"


def keys_of(session: Session, plan_id: str, ids: set[str], table: str) -> dict[str, str]:
    """The key each of ``plan_id``'s own ``ids`` (measures or targets) is or will be stored under.

    An id the plan already stores keeps its key; a new id is stored as it is when no other plan
    uses it, else qualified (``<plan id>:<id>``).

    Args:
        table: ``measure`` or ``target``.
    """
    assert table in ("measure", "target")
    connection = session.connection()
    mine = {local_id(row[0], plan_id): row[0] for row in connection.execute(text(f"SELECT id FROM {table} WHERE plan_id = :plan"), {"plan": plan_id})}
    taken = {row[0] for row in connection.execute(text(f"SELECT id FROM {table} WHERE plan_id <> :plan"), {"plan": plan_id})}
    return {record_id: mine.get(record_id) or (qualified(plan_id, record_id) if record_id in taken else record_id) for record_id in ids}


def links_of(session: Session, target_id: str, measure_id: str, plan_id: str) -> list:
    """The links between target ``target_id`` (or its measure ``measure_id``) of plan ``plan_id`` and other plans.

    Returns:
        :class:`zsplan.analysis.links.PlanLink` records: first what this target and its measure
        link to (in the plan file's order), then what links to them (by plan, then position).
    """
    from zsplan.analysis.links import PlanLink

    connection = session.connection()
    titles: dict[str, str] = {row[0]: row[1] for row in connection.execute(text("SELECT id, title FROM plan")).all()}

    def far_end(kind: str, to_plan: str, to_id: str) -> tuple[str, str, bool]:
        table = "target" if kind == "target" else "measure"
        columns = "id, name" if kind == "target" else "id, number || ' ' || title"
        for key in (to_id, qualified(to_plan, to_id)):
            row = connection.execute(text(f"SELECT {columns} FROM {table} WHERE id = :key AND plan_id = :plan"), {"key": key, "plan": to_plan}).first()
            if row is not None:
                return row[0], row[1], True
        return to_id, "", False

    found: list[PlanLink] = []
    outgoing = connection.execute(
        text("SELECT relation, to_plan, to_id FROM plan_link WHERE plan_id = :plan AND from_id IN (:target, :measure) ORDER BY position"),
        {"plan": plan_id, "target": target_id, "measure": measure_id},
    ).all()
    for relation, to_plan, to_id in outgoing:
        kind = "target" if relation == "feeds" else "measure"
        key, name, loaded = far_end(kind, to_plan, to_id)
        found.append(PlanLink(relation, "out", kind, to_plan, titles.get(to_plan, ""), key, name, loaded, to_plan in titles))
    own_target, own_measure = local_id(target_id, plan_id), local_id(measure_id, plan_id)
    incoming = connection.execute(
        text(
            "SELECT l.relation, l.from_kind, l.plan_id, l.from_id FROM plan_link l "
            "WHERE l.to_plan = :plan AND ((l.relation = 'feeds' AND l.to_id = :target) OR (l.relation = 'under' AND l.to_id = :measure)) "
            "ORDER BY l.plan_id, l.position"
        ),
        {"plan": plan_id, "target": own_target, "measure": own_measure},
    ).all()
    for relation, from_kind, from_plan, from_id in incoming:
        table = "target" if from_kind == "target" else "measure"
        columns = "name" if from_kind == "target" else "number || ' ' || title"
        name = connection.execute(text(f"SELECT {columns} FROM {table} WHERE id = :key"), {"key": from_id}).scalar() or ""
        found.append(PlanLink(relation, "in", from_kind, from_plan, titles.get(from_plan, ""), from_id, name, True))
    return found
