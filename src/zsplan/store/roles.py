"""Who may write what on a shared PostgreSQL database: roles, grants and row-level security.

The database enforces it, not the CLI: a unit's staff connect as their own login
role, a member of their unit's group role, and PostgreSQL itself refuses a
progress entry for a target whose responsible units (``target_unit``: the
target's measure's 責任單位, lead and co-responsible) do not include that unit.

Roles made by :func:`set_up_roles` (``P`` is the prefix, ``zsplan`` by default,
kept in ``zsplan_meta`` under ``role_prefix``):

* ``P_admin`` — loads plans and restores exports: every privilege on zsplan's tables.
* ``P_analyst`` — reads everything and records for any target (reviews, corrections).
* ``P_reporter`` — reads everything; records only through its unit roles.
* ``P_unit_<unit id>`` — one per responsible unit, member of ``P_reporter``;
  staff login roles are made members of it (:func:`grant_reporter`).

Nobody but the tables' owner may update or delete a progress entry: the ledger
is append-only. A trigger stamps every new entry with the connection's
authenticated role (``session_user``) as ``recorded_by`` and the server's clock
as ``recorded_at``, whatever the client sends; only an administrator's restore
(:func:`allow_restore`) keeps the exported values.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import text
from sqlmodel import Session

from zsplan.errors import UsageError
from zsplan.store import tables as t

DEFAULT_PREFIX = "zsplan"
_PREFIX = re.compile(r"[a-z][a-z0-9_]{0,30}")
_LOGIN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
#: Tables a reporter may only read; progress_entry is the one table reporters and analysts insert into.
_READ_ONLY_FOR_STAFF = "ALL TABLES IN SCHEMA public"
#: Append-only tables beside the ledger that reporters and analysts insert into (entry_review: analysts only).
_BESIDE_ENTRIES = ("entry_evidence", "entry_alias", "progress_note", "forecast", "imported_file")
#: Reporting rounds (revision 0012): reporters add their task reports and late entries; analysts run the rounds.
_ROUND_REPORTER = ("unit_report", "late_entry")
_ROUND_ANALYST = ("reporting_round", "round_unit", "round_event", "submission", "submission_row", "unit_report", "submission_entry", "late_entry")
_ROUND_SEQUENCES = ("round_event_id_seq", "submission_id_seq", "submission_row_id_seq", "unit_report_id_seq")


def _quoted(name: str) -> str:
    """A role name as an SQL identifier (names are checked against a strict pattern before they get here)."""
    return '"' + name.replace('"', '""') + '"'


def _create_role(session: Session, name: str, *, login: bool) -> None:
    """Create role ``name`` unless it exists (roles are the server's, shared by its databases)."""
    literal = name.replace("'", "''")
    create = f"CREATE ROLE {_quoted(name)} {'LOGIN' if login else 'NOLOGIN'}"
    session.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{literal}') THEN {create}; END IF; END $$"))


def role_names(prefix: str, unit_ids: list[str]) -> dict[str, str]:
    """The group roles for ``prefix``: ``admin``, ``analyst``, ``reporter`` and ``unit:<id>`` → role name."""
    names = {"admin": f"{prefix}_admin", "analyst": f"{prefix}_analyst", "reporter": f"{prefix}_reporter"}
    names |= {f"unit:{unit_id}": f"{prefix}_unit_{unit_id}" for unit_id in unit_ids}
    return names


def require_postgresql(session: Session) -> None:
    """Refuse role administration on anything but PostgreSQL.

    Raises:
        UsageError: the session's database is not PostgreSQL.
    """
    if session.get_bind().dialect.name != "postgresql":
        raise UsageError("roles and row-level security are PostgreSQL's; an SQLite file has one user (see README, Security model)")


def stored_prefix(session: Session) -> str | None:
    """The role prefix :func:`set_up_roles` recorded, or None before roles were set up."""
    row = session.get(t.MetaRecord, "role_prefix")
    return row.value if row else None


def set_up_roles(session: Session, *, prefix: str = DEFAULT_PREFIX) -> dict[str, str]:
    """Create (or bring up to date) the roles, grants, policies and the stamping trigger, in the session's transaction.

    Run it as the owner of zsplan's tables (the role that loaded the plan), again
    after a plan adds units. Idempotent.

    Returns:
        The group roles, as :func:`role_names` gives them.

    Raises:
        UsageError: the database is not PostgreSQL, or the prefix is not a plain lower-case name.
    """
    require_postgresql(session)
    if not _PREFIX.fullmatch(prefix):
        raise UsageError(f"role prefix {prefix!r} must be lower-case letters, digits and _, starting with a letter (at most 31)")
    unit_ids = [row[0] for row in session.execute(text("SELECT id FROM unit ORDER BY position"))]
    names = role_names(prefix, unit_ids)
    for name in names.values():
        _create_role(session, name, login=False)
    admin, analyst, reporter = (_quoted(names[key]) for key in ("admin", "analyst", "reporter"))
    for key, name in names.items():
        if key.startswith("unit:"):
            session.execute(text(f"GRANT {reporter} TO {_quoted(name)}"))
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {admin}, {analyst}, {reporter}",
        f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {admin}",
        f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {admin}",
        f"GRANT SELECT ON {_READ_ONLY_FOR_STAFF} TO {analyst}, {reporter}",
        f"GRANT INSERT ON progress_entry TO {analyst}, {reporter}",
        f"GRANT USAGE ON SEQUENCE progress_entry_id_seq TO {analyst}, {reporter}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON progress_entry FROM {analyst}, {reporter}, PUBLIC",
        # what is kept beside the entries (revision 0007): units add sources, notes, forecasts and imports; only analysts review
        f"GRANT INSERT ON {', '.join(_BESIDE_ENTRIES)} TO {analyst}, {reporter}",
        f"GRANT USAGE ON SEQUENCE {', '.join(f'{name}_id_seq' for name in _BESIDE_ENTRIES if name != 'entry_alias')} TO {analyst}, {reporter}",
        f"GRANT INSERT ON entry_review TO {analyst}",
        f"GRANT USAGE ON SEQUENCE entry_review_id_seq TO {analyst}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(_BESIDE_ENTRIES)}, entry_review FROM {analyst}, {reporter}, PUBLIC",
        f"GRANT INSERT ON {', '.join(_ROUND_REPORTER)} TO {reporter}",
        f"GRANT USAGE ON SEQUENCE unit_report_id_seq TO {reporter}",
        f"GRANT INSERT ON {', '.join(_ROUND_ANALYST)} TO {analyst}",
        f"GRANT USAGE ON SEQUENCE {', '.join(_ROUND_SEQUENCES)} TO {analyst}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(_ROUND_ANALYST)} FROM {analyst}, {reporter}, PUBLIC",
        "ALTER TABLE progress_entry ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS zsplan_read ON progress_entry",
        "CREATE POLICY zsplan_read ON progress_entry FOR SELECT USING (true)",
        "DROP POLICY IF EXISTS zsplan_admin_all ON progress_entry",
        f"CREATE POLICY zsplan_admin_all ON progress_entry FOR ALL TO {admin} USING (true) WITH CHECK (true)",
        "DROP POLICY IF EXISTS zsplan_analyst_insert ON progress_entry",
        f"CREATE POLICY zsplan_analyst_insert ON progress_entry FOR INSERT TO {analyst} WITH CHECK (true)",
        "DROP POLICY IF EXISTS zsplan_unit_insert ON progress_entry",
        # A reporter records for a target only when one of the target's responsible units is a role it belongs to.
        f"""CREATE POLICY zsplan_unit_insert ON progress_entry FOR INSERT TO {reporter} WITH CHECK (
            EXISTS (SELECT 1 FROM target_unit tu JOIN pg_roles r ON r.rolname = '{prefix}_unit_' || tu.unit_id
                    WHERE tu.target_id = progress_entry.target_id AND pg_has_role(current_user, r.oid, 'MEMBER')))""",
        f"""CREATE OR REPLACE FUNCTION zsplan_stamp_entry() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF current_setting('zsplan.restore', true) = 'on' AND pg_has_role(session_user, '{names["admin"]}', 'MEMBER') THEN
                RETURN NEW;
              END IF;
              NEW.recorded_by := session_user;
              NEW.recorded_at := now() AT TIME ZONE 'UTC';
              RETURN NEW;
            END $$""",
        "DROP TRIGGER IF EXISTS zsplan_stamp_entry ON progress_entry",
        "CREATE TRIGGER zsplan_stamp_entry BEFORE INSERT ON progress_entry FOR EACH ROW EXECUTE FUNCTION zsplan_stamp_entry()",
    ]
    for statement in statements:
        session.execute(text(statement))
    meta = session.get(t.MetaRecord, "role_prefix")
    if meta is None:
        session.add(t.MetaRecord(key="role_prefix", value=prefix))
    else:
        meta.value = prefix
    session.flush()
    return names


def grant_reporter(session: Session, *, login: str, unit_id: str | None, analyst: bool = False, admin: bool = False) -> str:
    """Let login role ``login`` report for ``unit_id`` (or review as an analyst, or administer); create it if missing.

    A new login role gets no password: set one with ``ALTER ROLE … PASSWORD`` or use
    the server's own authentication (peer, certificates) as its ``pg_hba.conf`` says.

    Returns:
        The group role granted.

    Raises:
        UsageError: not PostgreSQL, roles not set up yet, or the login name is not a plain lower-case name.
    """
    require_postgresql(session)
    prefix = stored_prefix(session)
    if prefix is None:
        raise UsageError("roles are not set up on this database yet; run 'zsplan admin setup' first, as the owner of its tables")
    if not _LOGIN.fullmatch(login):
        raise UsageError(f"login {login!r} must be lower-case letters, digits and _ (a PostgreSQL role name)")
    if admin:
        group = f"{prefix}_admin"
    elif analyst:
        group = f"{prefix}_analyst"
    else:
        group = f"{prefix}_unit_{unit_id}"
    _create_role(session, login, login=True)
    session.execute(text(f"GRANT {_quoted(group)} TO {_quoted(login)}"))
    return group


def server_stamp(session: Session) -> tuple[dt.datetime, str] | None:
    """Where roles are set up, what the server's trigger will record: (its clock, UTC; the authenticated role).

    The same values, read in the same transaction (``now()`` is the transaction's
    start), let the client compute an entry's chain hash over exactly what is stored.
    None where the client's own values are stored (SQLite, or no roles set up).
    """
    if session.get_bind().dialect.name != "postgresql" or stored_prefix(session) is None:
        return None
    moment, who = session.execute(text("SELECT now() AT TIME ZONE 'UTC', session_user")).one()
    return moment.replace(tzinfo=dt.UTC), who


def allow_restore(session: Session) -> None:
    """Within this transaction, let an administrator's inserts keep their recorded times and names (a restore)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('zsplan.restore', 'on', true)"))
