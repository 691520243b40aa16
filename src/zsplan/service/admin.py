"""Administering a shared PostgreSQL database: roles for the responsible units, analysts and administrators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from zsplan.errors import LedgerTampered, UsageError
from zsplan.store import chain, db, ledger, roles
from zsplan.store.chain import Verification


@dataclass(frozen=True)
class RoleSetup:
    """What ``zsplan admin setup`` made: the group roles by purpose (``admin``, ``analyst``, ``reporter``, ``unit:<id>``)."""

    prefix: str
    roles: dict[str, str]


def set_up_roles(engine: Engine, *, prefix: str = roles.DEFAULT_PREFIX) -> RoleSetup:
    """Create the roles, grants, row-level security policies and the stamping trigger (see :mod:`zsplan.store.roles`).

    Raises:
        UsageError: the database is not PostgreSQL, holds no plan, or the prefix is unusable.
        PermissionRefused: the connected role does not own zsplan's tables.
    """
    with db.write_session(engine) as session:
        roles.require_postgresql(session)
        if db.schema_state(session) != "loaded":
            raise UsageError("load a plan first ('zsplan load'): the roles are made from its units")
        return RoleSetup(prefix=prefix, roles=roles.set_up_roles(session, prefix=prefix))


def grant(engine: Engine, *, login: str, unit: str | None, analyst: bool, admin: bool) -> str:
    """Make ``login`` a reporter for ``unit`` (id or Chinese name), an analyst or an administrator.

    Returns:
        The group role granted.

    Raises:
        UsageError: not exactly one of unit, analyst and admin; an unknown unit; roles not set up.
    """
    if sum((unit is not None, analyst, admin)) != 1:
        raise UsageError("give exactly one of {unit} UNIT, --analyst or --admin", "unit")
    with db.write_session(engine) as session:
        unit_id = ledger.find_unit(session, unit).id if unit is not None else None
        return roles.grant_reporter(session, login=login, unit_id=unit_id, analyst=analyst, admin=admin)


def verify(engine: Engine) -> Verification:
    """Check the ledger's hash chain and the plan's digest and tables (see :mod:`zsplan.store.chain`).

    Returns:
        The verification, when everything matches.

    Raises:
        LedgerTampered: an entry or the plan's tables were changed outside zsplan; the
            message names the first entry that does not match.
    """
    with db.read_session(engine) as session:
        found = chain.verify_ledger(session)
    if found.ok:
        return found
    details = [*found.plan_problems, *found.key_problems]
    if found.first_bad is not None:
        message = (
            f"entry #{found.first_bad} does not match the ledger's hash chain: it, or an entry before it, was changed, "
            "removed or inserted outside zsplan; restore a backup or an export, and ask who had write access to the database"
        )
    elif found.plan_problems:
        message = "the plan's tables were changed outside zsplan; restore a backup or an export"
    else:
        message = "entries' name keys were changed outside zsplan (the counted-twice check reads them); restore a backup or an export"
    raise LedgerTampered(message, details)
