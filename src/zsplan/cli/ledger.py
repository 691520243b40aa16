"""Ledger commands: ``log``, ``correct``, ``retract``, ``history``, ``items``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import BY, ENTRY_ID, LANG, NUMBER, REASON, SCRIPT, TABLE_OR_JSON, TARGET, Lang, Script, TableOrJson

_DATE = typer.Option("--date", click_type=shared.DATE, metavar="YYYY-MM-DD", help="As-of date of the figure, YYYY-MM-DD (default: today).", show_default=False)


def log(
    target: Annotated[str, TARGET],
    value: Annotated[
        float | None,
        typer.Argument(
            click_type=NUMBER,
            metavar="VALUE",
            help="Stock targets: the level reached. Flow targets: the increment since the last report. Milestones: 1 done (default) or 0.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[dt.date | None, _DATE] = None,
    item: Annotated[
        str | None,
        typer.Option(
            "--item",
            metavar="NAME",
            help="Targets tracked by named items (台賬) and checklists: the achievement's name (or checklist item id).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Free-text remark.", show_default=False)] = None,
    source: Annotated[
        str | None, typer.Option("--evidence", "--source", metavar="TEXT", help="Evidence: document number, URL or file.", show_default=False)
    ] = None,
    by: Annotated[str | None, BY] = None,
    nil: Annotated[
        bool, typer.Option("--nil", help="Nothing new this period (本期無新增): counts as a report, adds nothing, keeps a level as it was.")
    ] = False,
    realised_as: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="The name the achievement was realised under, beside the plan's item (either finds it).", show_default=False),
    ] = None,
    grade: Annotated[
        str | None,
        typer.Option(
            "--grade",
            metavar="A|B|C|D",
            help="Grade of the evidence (default B, the unit's own report): A official document, C media, D unverified claim (C, D count once verified).",
            show_default=False,
        ),
    ] = None,
    scheduled: Annotated[
        bool,
        typer.Option("--scheduled", help="Scheduled for --date, not confirmed: kept as a scheduled event (milestones, items), never counted."),
    ] = False,
    stated: Annotated[
        dt.date | None,
        typer.Option(
            "--stated", click_type=shared.DATE, metavar="YYYY-MM-DD", help="With --scheduled: when it was announced (default: today).", show_default=False
        ),
    ] = None,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
    late: Annotated[bool, shared.LATE] = False,
) -> None:
    """Record progress on a target, then show its new standing.

    Targets counted by value take VALUE; targets tracked by named items take
    --item, one achievement per entry (zsplan status --format json shows each
    target's mode). --nil reports nothing new for the period.

    \b
    Examples:
      zsplan log hit_research_staff 32 --date 2021-06-30 --evidence "哈工大中心人員名冊"
      zsplan log torch_national_incubators --item "中山火炬創新創業園" --date 2020-12-01 --evidence "國科發區〔2020〕355號"
      zsplan log drug_institute_five_ones --item industrial_park
      zsplan log drug_institute_five_ones --item public_platform --as "中山藥物創新公共技術服務平台"
      zsplan log second_prai_conference --date 2020-11-30
      zsplan log provincial_lab --nil --date 2021-06-30
      zsplan log torch_national_incubators --item "中山某孵化器" --evidence "某報道" --grade D
      zsplan log second_prai_conference --scheduled --date 2022-11-20 --evidence "市政府公告"
      zsplan log fudan_researchers 3 --date 2021-05-31 --late   # inside a closed round
    """
    from zsplan.render.console import error, line_console
    from zsplan.render.status import render_log_result

    words = shared.use_labels(lang, script)
    today = shared.today()
    if scheduled:
        from zsplan.cli.evidence import _expect
        from zsplan.errors import UsageError

        if value is not None or nil or realised_as is not None or grade is not None or note is not None:
            raise UsageError("--scheduled keeps an event to come; give TARGET, --item for an item, --date and --evidence only")
        if date is None:
            raise UsageError("--scheduled needs --date, the date the event is scheduled for")
        _expect("scheduled", target, None, item, date, stated or today, source, by)
        return
    if stated is not None:
        from zsplan.errors import UsageError

        raise UsageError("--stated is for --scheduled (when the event was announced)")
    result = None
    report: dict[str, Any] = {
        "target": target,
        "value": value,
        "item": item,
        "as_of": date or today,
        "today": today,
        "now": shared.now(),
        "recorded_by": by or shared.login(),
        "note": note,
        "source": source,
        "nil": nil,
    }
    database = shared.fast_database() if grade is None and realised_as is None else None
    if database is not None:  # the usual report, on an up-to-date SQLite file: without SQLAlchemy
        from zsplan.service.fastlog import log_fast

        result = log_fast(database, **report)
    if result is None:
        from zsplan.service.ledger import log_progress

        result = log_progress(shared.engine(), **report, realised_as=realised_as, grade=grade, late=late)
    shared.committed()
    if result.notice:
        error(shared.say(result.notice))
    headline = None
    if result.second_source is not None:
        kept = result.second_source
        what = "corroborates it" if kept.relation == "corroboration" else f"conflicts with it (it gives {date or today}): an analyst settles it"
        headline = (
            f"item already recorded as entry #{result.entry.id} (as of {result.entry.as_of}); no entry written: "
            f"this source, graded {kept.grade}, is kept for entry #{result.entry.id} and {what}"
        )
    elif not result.counted:
        error(f"graded {grade.upper() if grade else ''}: entry #{result.entry.id} is kept as reported and counts once verified (zsplan review)")
    render_log_result(line_console(), result.entry.id, result.standing, headline=headline, labels=words)


def correct(
    entry: Annotated[int, typer.Argument(click_type=ENTRY_ID, metavar="ENTRY", help="Id of the entry to correct (see zsplan history).", show_default=False)],
    value: Annotated[
        float | None, typer.Argument(click_type=NUMBER, metavar="VALUE", help="The corrected value (targets counted by value).", show_default=False)
    ] = None,
    item: Annotated[str | None, typer.Option("--item", metavar="NAME", help="The corrected item name (targets tracked by items).", show_default=False)] = None,
    date: Annotated[
        dt.date | None,
        typer.Option("--date", click_type=shared.DATE, metavar="YYYY-MM-DD", help="The corrected as-of date (default: the original's).", show_default=False),
    ] = None,
    reason: Annotated[str | None, REASON] = None,
    by: Annotated[str | None, BY] = None,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """Replace an entry's figure, item name or date; the original stays in the history.

    \b
    Examples:
      zsplan correct 12 35 --reason "複核: 35 人, not 32"
      zsplan correct 15 --item "中山翠亨新區創新中心" --reason "full registered name"
    """
    from zsplan.render.console import line_console
    from zsplan.render.status import render_log_result
    from zsplan.service.ledger import correct_entry

    words = shared.use_labels(lang, script)
    result = correct_entry(
        shared.engine(),
        entry_id=entry,
        value=value,
        item=item,
        as_of=date,
        reason=shared.required(reason, "--reason"),
        today=shared.today(),
        now=shared.now(),
        recorded_by=by or shared.login(),
    )
    shared.committed()
    render_log_result(line_console(), result.entry.id, result.standing, supersedes=result.entry.supersedes, kind="correction", labels=words)


def retract(
    entry: Annotated[int, typer.Argument(click_type=ENTRY_ID, metavar="ENTRY", help="Id of the entry to cancel (see zsplan history).", show_default=False)],
    reason: Annotated[str | None, REASON] = None,
    by: Annotated[str | None, BY] = None,
    lang: Annotated[Lang | None, LANG] = None,
    script: Annotated[Script | None, SCRIPT] = None,
) -> None:
    """Cancel an entry that should not count; it stays in the history.

    Example: zsplan retract 14 --reason "logged twice"
    """
    from zsplan.render.console import line_console
    from zsplan.render.status import render_log_result
    from zsplan.service.ledger import retract_entry

    words = shared.use_labels(lang, script)
    result = retract_entry(shared.engine(), entry_id=entry, reason=shared.required(reason, "--reason"), now=shared.now(), recorded_by=by or shared.login())
    shared.committed()
    render_log_result(line_console(), result.entry.id, result.standing, supersedes=result.entry.supersedes, kind="retraction", labels=words)


_ITEM_FILTER = typer.Option("--item", metavar="NAME", help="Only this item: its id, its name or the name it was realised under.", show_default=False)


def history(
    target: Annotated[str, TARGET],
    output: Annotated[TableOrJson, TABLE_OR_JSON] = TableOrJson.table,
    item: Annotated[str | None, _ITEM_FILTER] = None,
) -> None:
    """Show every entry of a target, corrected and retracted ones included: who, when, why.

    \b
    Examples:
      zsplan history torch_national_incubators --format json
      zsplan history drug_institute_five_ones --item 中山新藥創制産業園
    """
    from zsplan.render import ledger as render
    from zsplan.render.console import echo, stdout_console
    from zsplan.service.history import target_history

    result = target_history(shared.read_database(), target=target, item=item)
    if output is TableOrJson.json:
        echo(render.history_json(result.target, result.rows, result.beside, result.uncounted), newline=False)
    else:
        render.render_history(stdout_console(), result.target, result.rows, result.beside, result.uncounted)


def items(
    target: Annotated[str, TARGET],
    as_of: Annotated[
        dt.date | None, typer.Option("--as-of", click_type=shared.DATE, metavar="YYYY-MM-DD", help="Only items dated by this day.", show_default=False)
    ] = None,
    output: Annotated[TableOrJson, TABLE_OR_JSON] = TableOrJson.table,
    item: Annotated[str | None, _ITEM_FILTER] = None,
) -> None:
    """List the named achievements (台賬) that count for a target.

    \b
    Examples:
      zsplan items torch_national_incubators
      zsplan items drug_institute_five_ones --item 中山新藥創制産業園
    """
    from zsplan.render import ledger as render
    from zsplan.render.console import echo, stdout_console
    from zsplan.service.history import list_items

    result = list_items(shared.read_database(), target=target, as_of=as_of, item=item)
    if output is TableOrJson.json:
        echo(render.items_json(result.target, result.items, result.as_of), newline=False)
    else:
        render.render_items(stdout_console(), result.target, result.items)


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    negatives = {"ignore_unknown_options": True}  # VALUE may be negative (-3), refused by the core with a reason
    app.command(context_settings=negatives)(log)
    app.command(context_settings=negatives)(correct)
    app.command()(retract)
    app.command()(history)
    app.command()(items)
