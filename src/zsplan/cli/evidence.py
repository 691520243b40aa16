"""Evidence commands: ``review``, ``source``, ``note``, ``forecast`` (kept beside the ledger; none changes an entry)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from zsplan.cli import shared
from zsplan.cli.shared import BY, ENTRY_ID, NUMBER, REASON, TARGET

_ENTRY = typer.Argument(click_type=ENTRY_ID, metavar="ENTRY", help="Id of the entry (see zsplan history).", show_default=False)
_GRADE = typer.Option(
    "--grade",
    metavar="A|B|C|D",
    help="Source grade: A official document or statistics, B official announcement or the unit's own report, C media or third party, D unverified claim.",
    show_default=False,
)


def review(
    entry: Annotated[int, _ENTRY],
    verify: Annotated[bool, typer.Option("--verify", help="The entry is verified against its evidence: it counts.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The entry is rejected: it never counts.")] = False,
    reason: Annotated[str | None, REASON] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Verify or reject an entry (who, when and why are kept; zsplan history shows them).

    Entries are 'reported' until reviewed; the latest review holds.

    \b
    Examples:
      zsplan review 12 --verify --reason "核對國科發區〔2020〕355號名單"
      zsplan review 14 --reject --reason "媒體報道有誤，園區尚未通過認定"
    """
    from zsplan.errors import UsageError
    from zsplan.render.console import echo
    from zsplan.service.evidence import review_entry

    if verify == reject:
        raise UsageError("give one of --verify or --reject")
    result = review_entry(
        shared.engine(),
        entry_id=entry,
        state="verified" if verify else "rejected",
        reason=shared.required(reason, "--reason"),
        now=shared.now(),
        recorded_by=by or shared.login(),
    )
    shared.committed()
    echo(f"entry #{result.entry.id} ({result.entry.target_id}): {result.before} → {result.review.state} by {result.review.recorded_by}")


def source(
    entry: Annotated[int, _ENTRY],
    grade: Annotated[str, _GRADE],
    number: Annotated[str | None, typer.Option("--number", metavar="TEXT", help="Document number (文號).", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The document's title.", show_default=False)] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL|FILE", help="Where it is: a URL or a file.", show_default=False)] = None,
    published: Annotated[
        dt.date | None, typer.Option("--published", click_type=shared.DATE, metavar="YYYY-MM-DD", help="The date the document bears.", show_default=False)
    ] = None,
    value: Annotated[
        float | None, typer.Option("--value", click_type=NUMBER, metavar="N", help="The figure this source gives, if another.", show_default=False)
    ] = None,
    date: Annotated[
        dt.date | None,
        typer.Option("--date", click_type=shared.DATE, metavar="YYYY-MM-DD", help="The date this source gives, if another.", show_default=False),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A remark on the source.", show_default=False)] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Add a source to an entry: a corroboration when it agrees, a conflict (flagged) when it gives another figure or date.

    \b
    Examples:
      zsplan source 12 --grade A --number "國科發區〔2020〕355號" --title "科技部關於公布國家級科技企業孵化器的通知" --published 2020-12-01
      zsplan source 15 --grade C --url https://example.org/news/1 --value 35
    """
    from zsplan.render.console import echo
    from zsplan.service.evidence import add_source

    result = add_source(
        shared.engine(),
        entry_id=entry,
        grade=grade,
        number=number,
        title=title,
        location=url,
        published=published,
        value=value,
        as_of=date,
        note=note,
        now=shared.now(),
        recorded_by=by or shared.login(),
    )
    shared.committed()
    kept = result.source
    flag = "; sources disagree: an analyst settles it" if kept.relation == "conflict" else ""
    echo(f"entry #{result.entry.id} ({result.entry.target_id}): {kept.relation} graded {kept.grade} recorded{flag}")


def note(
    target: Annotated[str, TARGET],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note (it counts nothing).", show_default=False)],
    item: Annotated[str | None, typer.Option("--item", metavar="NAME", help="The item the note is about.", show_default=False)] = None,
    date: Annotated[
        dt.date | None, typer.Option("--date", click_type=shared.DATE, metavar="YYYY-MM-DD", help="Date of the news (default: today).", show_default=False)
    ] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Keep a progress note on a target or one of its items: shown in explain, status and reports, counting nothing.

    \b
    Examples:
      zsplan note cuiheng_science_city "翠亨科學城起步區開工建設" --date 2021-03-15
      zsplan note drug_institute_five_ones "產業園一期主體結構封頂" --item industrial_park --date 2021-06-01
    """
    from zsplan.render.console import echo
    from zsplan.service.evidence import add_note

    today = shared.today()
    result = add_note(
        shared.engine(), target=target, item=item, text=text, as_of=date or today, today=today, now=shared.now(), recorded_by=by or shared.login()
    )
    shared.committed()
    echo(f"note #{result.note.id} on {result.target.id} as of {result.note.as_of} recorded (counts nothing)")


def forecast(
    target: Annotated[str, TARGET],
    expected_date: Annotated[
        dt.date, typer.Option("--expected-date", click_type=shared.DATE, metavar="YYYY-MM-DD", help="When it is expected.", show_default=False)
    ],
    stated: Annotated[
        dt.date, typer.Option("--stated", click_type=shared.DATE, metavar="YYYY-MM-DD", help="When the forecast was stated.", show_default=False)
    ],
    value: Annotated[
        float | None, typer.Option("--value", click_type=NUMBER, metavar="N", help="The level or total expected by then.", show_default=False)
    ] = None,
    item: Annotated[str | None, typer.Option("--item", metavar="NAME", help="The item expected done by then.", show_default=False)] = None,
    source: Annotated[str | None, typer.Option("--source", metavar="TEXT", help="Who stated it, and where.", show_default=False)] = None,
    by: Annotated[str | None, BY] = None,
) -> None:
    """Keep a published forecast: a value, an item or a milestone expected by a date. Never counted; scored once the date comes.

    \b
    Examples:
      zsplan forecast torch_national_incubators --value 4 --expected-date 2022-06-30 --stated 2021-03-01 --source "火炬區管委會工作報告"
      zsplan forecast second_prai_conference --expected-date 2020-11-30 --stated 2020-06-01 --source "市政府新聞發布會"
    """
    _expect("forecast", target, value, item, expected_date, stated, source, by)


def _expect(kind: str, target: str, value: float | None, item: str | None, expected: dt.date, stated: dt.date, source: str | None, by: str | None) -> None:
    from zsplan.render.console import echo
    from zsplan.service.evidence import add_expectation

    result = add_expectation(
        shared.engine(),
        target=target,
        kind=kind,
        value=value,
        item=item,
        expected=expected,
        stated_on=stated,
        source=source,
        today=shared.today(),
        now=shared.now(),
        recorded_by=by or shared.login(),
    )
    shared.committed()
    e = result.expectation
    what = e.item or ("done" if result.target.kind == "milestone" else f"{e.value:g} {result.target.unit}")
    echo(f"{kind} #{e.id} on {result.target.id}: {what} by {e.expected}, stated {e.stated_on} (not counted)")


def register(app: Any) -> None:
    """Add this module's commands to ``app``."""
    app.command()(review)
    app.command()(source)
    app.command()(note)
    app.command()(forecast)
