"""What the command modules share: the database option's state, parameter types, common options.

Parameter types turn option text into values once, at parsing, and fail as
usage errors (exit 2) with a message that says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import typer

if TYPE_CHECKING:  # sqlalchemy is imported by the commands that open a database, not by --help
    from sqlalchemy.engine import Engine

#: How the CLI words the input fields that core messages name (see :data:`zsplan.errors.FIELDS`).
FIELD_WORDS = {
    "target": "TARGET",
    "item": "--item",
    "date": "--date",
    "note": "--note",
    "evidence": "--evidence",
    "grade": "--grade",
    "by": "--by",
    "reason": "--reason",
    "as_of": "--as-of",
    "known_at": "--known-at",
    "stale_days": "--stale-days",
    "unit": "--unit",
    "category": "--category",
    "output": "-o",
}


class State:
    """What the command group and its commands share during one invocation.

    Attributes:
        db: the ``--db`` value.
        plan: the ``--plan`` value (given before or after the command's name).
        committed: set by a command once its write is committed (``recorded``, ``wrote FILE``):
            output that fails after that is reported, but the command still succeeded (exit 0).
        labels: the language messages are shown in (:func:`use_labels`); None: the locale's.
    """

    db: str | None = None
    plan: str | None = None
    committed: str | None = None
    labels: Any = None


state = State()

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class DateType(click.ParamType):
    """A calendar date written ``YYYY-MM-DD`` (ISO 8601), nothing else."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if not _ISO_DATE.fullmatch(text):
            self.fail(f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2021-06-30", param, ctx)
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            self.fail(f"{text} is not a valid date ({exc})", param, ctx)


class TimestampType(click.ParamType):
    """An ISO 8601 moment, returned in UTC (one without a zone is taken as UTC)."""

    name = "TIMESTAMP"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 timestamp; write e.g. 2021-07-05T09:00:00Z", param, ctx)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            self.fail(f"{value!r} is outside the range of dates zsplan can use", param, ctx)


class NumberType(click.ParamType):
    """A reported figure: a number such as ``3``, read by :func:`zsplan.text.read_number` (no ``1_000``,
    no ``1e-400``); a negative one arrives here too (checked by the core)."""

    name = "VALUE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        from zsplan.text import read_number

        if isinstance(value, float):
            return value
        try:
            return read_number(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


#: The largest entry id a database stores (SQLite and PostgreSQL integers have 64 bits).
MAX_ENTRY_ID = 2**63 - 1


class EntryIdType(click.ParamType):
    """An entry's number as ``zsplan history`` shows it: 1 to :data:`MAX_ENTRY_ID`."""

    name = "ENTRY"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]+", text):
            self.fail(f"{value!r} is not an entry number; 'zsplan history TARGET' lists them", param, ctx)
        if len(text.lstrip("0")) > len(str(MAX_ENTRY_ID)) or not 1 <= int(text) <= MAX_ENTRY_ID:
            shown = text if len(text) <= 40 else text[:40] + "…"
            self.fail(f"{shown} is not an entry number: entries are numbered from 1 to {MAX_ENTRY_ID}", param, ctx)
        return int(text)


class PeriodType(click.ParamType):
    """A reporting period: ``2021H1`` (to 30 June), ``2021`` or ``2021H2`` (year-end), ``2021Q3``."""

    name = "PERIOD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from zsplan.render.report import Period, parse_period

        if isinstance(value, Period):
            return value
        try:
            return parse_period(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()
TIMESTAMP = TimestampType()
NUMBER = NumberType()
ENTRY_ID = EntryIdType()
PERIOD = PeriodType()


class Lang(str, Enum):
    """Languages of headers and status words."""

    zh = "zh"
    en = "en"


class Script(str, Enum):
    """Scripts of displayed Chinese."""

    hant = "hant"
    hans = "hans"


class TableOrJson(str, Enum):
    """Output formats of the commands that print a table for people or JSON for scripts."""

    table = "table"
    json = "json"


#: Days after which a last report is stale, when --stale-days is not given (the same as
#: zsplan.analysis.pace.DEFAULT_STALE_DAYS, which --help should not have to import; a test keeps them equal).
DEFAULT_STALE_DAYS = 180

TARGET = typer.Argument(metavar="TARGET", help="Target id, or its Chinese name (either script).", show_default=False)
AS_OF = typer.Option("--as-of", click_type=DATE, metavar="YYYY-MM-DD", help="Judge progress as of this date (default: today).", show_default=False)
KNOWN_AT = typer.Option(
    "--known-at",
    click_type=TIMESTAMP,
    metavar="TIMESTAMP",
    help="Use the ledger as recorded by this UTC time (ISO 8601, e.g. 2021-07-05T09:00:00Z): later entries and corrections are ignored.",
    show_default=False,
)
STALE = typer.Option("--stale-days", min=0, metavar="DAYS", help="A target whose last report is older than this is flagged stale.", show_default=True)
LANG = typer.Option("--lang", help="Language of what people read: zh or en (default: zh when the locale is zh*, else en).", show_default=False)
SCRIPT = typer.Option(
    "--script", help="Show Chinese in Traditional (hant, as the plan writes it) or Simplified (hans; default in a zh_CN or zh_SG locale).", show_default=False
)
FORCE = typer.Option("--force", help="Replace an existing -o FILE of another kind (never a database file).")
TABLE_OR_JSON = typer.Option("--format", "-f", help="table for people; json for scripts.")
VERIFIED_ONLY = typer.Option("--verified-only", help="Count only entries an analyst verified (zsplan review --verify).")
INCLUDE_UNVERIFIED = typer.Option("--include-unverified", help="Count claims graded C or D not yet verified too (rejected entries never count).")


def counting(verified_only: bool, include_unverified: bool) -> str:
    """The counting policy of ``--verified-only`` / ``--include-unverified`` (docs/method.md, "Evidence states")."""
    from zsplan.errors import UsageError

    if verified_only and include_unverified:
        raise UsageError("--verified-only and --include-unverified contradict each other; give one")
    return "verified" if verified_only else "all" if include_unverified else "default"


BY = typer.Option("--by", metavar="NAME", help="Who records it (default: the login name).", show_default=False)
LATE = typer.Option("--late", help="Record it although it is dated inside a closed reporting round; it is kept as a late entry of that round.")
REASON = typer.Option("--reason", metavar="TEXT", help="Why (required; kept in the history).", show_default=False)


def committed(what: str = "recorded") -> None:
    """Say that the command's write is committed: if printing the confirmation fails now, the
    command still exits 0, and stderr says ``<what>, but the confirmation could not be printed``."""
    state.committed = what


def now() -> dt.datetime:
    """The recording time, UTC."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date on this machine: the default as-of date."""
    return dt.date.today()


def login() -> str:
    """The operating-system login name, recorded as who reports unless ``--by`` says otherwise."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def required(text: str | None, option: str) -> str:
    """``text``, or a usage error saying that ``option`` must be given."""
    from zsplan.errors import UsageError

    if text is None:
        raise UsageError(f"{option} is required: say why, it is kept in the history")
    return text


def required_option(value: str | None, option: str) -> str:
    """``value``, or a usage error saying that ``option`` must be given."""
    from zsplan.errors import UsageError

    if value is None:
        raise UsageError(f"{option} is required")
    return value


#: The environment variable that names the plan, as ``--plan`` does.
PLAN_ENV_VAR = "ZSPLAN_PLAN"


def set_plan(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """``--plan``'s callback: keep the plan asked for (a command's own ``--plan`` wins over the group's)."""
    if value is not None:
        if not value.strip():
            raise click.BadParameter("is empty; give a plan id ('zsplan plans' lists them)", ctx=ctx, param_hint="'--plan'")
        if state.plan is not None and state.plan != value.strip():
            raise click.BadParameter(f"names {value.strip()!r} after the command, {state.plan!r} before it; give one plan", ctx=ctx, param_hint="'--plan'")
        state.plan = value.strip()


PLAN_HELP = "The plan to read when the database holds several (default: $ZSPLAN_PLAN, else the only plan); 'zsplan plans' lists them."


def plan_option() -> click.Option:
    """A fresh ``--plan ID`` option (every command has one; see :func:`set_plan`)."""
    return click.Option(["--plan"], metavar="ID", expose_value=False, callback=set_plan, help=PLAN_HELP)


def engine(*, initialise: bool = False) -> Engine:
    """The engine for --db / $ZSPLAN_DB / the default, its schema brought up to date, reading --plan / $ZSPLAN_PLAN.

    With ``initialise``, a new database gets the bundled plan first. What was
    upgraded or initialised is said once, on stderr.
    """
    from zsplan.config import DB_ENV_VAR, resolve_db_url
    from zsplan.render.console import error
    from zsplan.service.database import open_database

    is_default = not (state.db or os.environ.get(DB_ENV_VAR))
    plan = state.plan or os.environ.get(PLAN_ENV_VAR) or None
    result, notices = open_database(resolve_db_url(state.db), create_dirs=is_default, now=now(), initialise=initialise, plan=plan)
    for notice in notices:
        error(say(notice))
    return result


def ready_engine() -> Engine:
    """An engine on an up-to-date database holding a plan (see :func:`engine`)."""
    return engine(initialise=True)


def read_database(*, several: bool = False) -> Any:
    """The database a reading command (status, explain, items, history) reads: the fast SQLite reader's when it
    can serve (an existing SQLite file at the schema head holding a plan: no SQLAlchemy is imported), else
    :func:`ready_engine` (which initialises, upgrades and says so). ``ZSPLAN_READ_PATH=orm`` forces the engine.
    ``several``: the command reads one plan's rows only, so the fast reader may serve a database of several
    plans when ``--plan`` names one (``status``).
    """
    found = fast_database(several=several)
    return found if found is not None else ready_engine()


def fast_database(*, several: bool = False) -> Any:
    """The fast SQLite reader's database for --db / $ZSPLAN_DB / the default, or None where the engine must serve
    (see :func:`zsplan.service.reading.fast_database`)."""
    from zsplan.service.reading import fast_database as found

    return found(state.db, state.plan or os.environ.get(PLAN_ENV_VAR) or None, several=several)


def databases(engine: Engine) -> list[Path]:
    """The SQLite file in use, which no output may replace."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        return [Path(engine.url.database)]
    return []


def locale_name() -> str:
    """The locale messages are shown in: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (POSIX order)."""
    import os

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return value
    return ""


def labels(lang: Lang | None, script: Script | None) -> Any:
    """The :class:`zsplan.render.labels.Labels` for ``--lang`` and ``--script``; an option not given follows the locale.

    ``zh*`` (``zh_CN.UTF-8``, ``zh_TW``, ``zh_HK``…) gives Chinese, anything else English; ``zh_CN`` and
    ``zh_SG`` give Simplified, the others Traditional (as the plan writes it).
    """
    from zsplan.render.labels import Labels

    name = locale_name().lower().replace("-", "_")
    chosen = lang.value if lang is not None else ("zh" if name.startswith("zh") else "en")
    written = script.value if script is not None else ("hans" if name.startswith(("zh_cn", "zh_sg", "zh_hans")) else "hant")
    return Labels(lang=chosen, script=written)


def use_labels(lang: Lang | None, script: Script | None) -> Any:
    """:func:`labels`, also kept for this invocation's messages (errors, notices: :func:`message_labels`)."""
    state.labels = labels(lang, script)
    return state.labels


def message_labels() -> Any:
    """The language messages are shown in: the command's ``--lang``/``--script`` once it has read them, else the locale's."""
    return state.labels if state.labels is not None else labels(None, None)


def say(message: str) -> str:
    """A message (notice, refusal) in the language of :func:`message_labels` (:func:`zsplan.render.messages.say`)."""
    from zsplan.render.messages import say as worded

    return str(worded(message, message_labels()))
