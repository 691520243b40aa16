"""Render standings: a terminal table grouped by chapter, stable JSON, and CSV.

JSON contract (``zsplan status --format json``): a list, one object per target, in
plan order, with the keys of :func:`standing_record`. Numbers are counts in the
target's ``unit``; ``percent`` is 0–100 (above 100 when exceeded), rounded to 0.1;
``time_elapsed`` is a fraction 0–1; dates are ISO 8601 (``YYYY-MM-DD``).
Keys are only ever added, never renamed or removed, within a major version.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from zsplan.analysis.pace import DEFAULT_STALE_DAYS, is_stale, needed_per_month, pace_of
from zsplan.analysis.standing import STATUS_ORDER, Standing, Status, TargetSpec, summarise
from zsplan.render.labels import Labels
from zsplan.render.safe import spreadsheet_row, terminal_text

if TYPE_CHECKING:  # rich's console and tables are imported only when drawing for a terminal
    from rich.console import Console
    from rich.text import Text

STATUS_STYLE = {
    Status.MET: "green",
    Status.ON_TRACK: "cyan",
    Status.BEHIND: "yellow",
    Status.MISSED: "bold red",
    Status.NO_DATA: "dim",
    Status.SCHEDULED: "magenta",
}


def number(value: float | None) -> str:
    """Format a figure: whole numbers without decimals, others with up to two, rounded half up (3.545 → 3.55)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    from decimal import ROUND_HALF_UP, Decimal

    text = str(Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return text.rstrip("0").rstrip(".")


def target_text(spec: TargetSpec, labels: Labels = Labels()) -> str:
    """The target as a person reads it.

    ``≥4家``, ``≈3.5%`` (左右), ``≥5000億元 in 2025``/``≥5000億元（2025年）`` (annual), ``2–3家``, ``1家/年×3=3``,
    ``5 items``/``5項``, ``milestone``/``按期完成``.
    """
    if spec.kind == "range":
        return f"{number(spec.minimum)}–{number(spec.maximum)}{spec.unit}"
    if spec.kind == "per_year":
        return f"{number(spec.per_year)}{spec.unit}/年×{len(spec.years)}={number(spec.target_value)}"
    if spec.kind == "checklist":
        return labels.word("items", n=len(spec.items))
    if spec.kind == "milestone":
        return labels.word("milestone")
    sign = {"at_most": "≤", "approximately": "≈"}.get(spec.comparator, "≥")
    year = ""
    if spec.kind == "annual":
        year = f"（{spec.year}年）" if labels.lang == "zh" else f" in {spec.year}"
    return f"{sign}{number(spec.value)}{spec.unit}{year}"


def target_label(standing: Standing, labels: Labels = Labels()) -> str:
    """:func:`target_text` of a standing's target."""
    return target_text(standing.target, labels)


def achieved_label(standing: Standing, labels: Labels = Labels()) -> str:
    """Achieved as a person reads it: ``3``, ``2/5`` for checklists, ``done``/``not done`` (已完成/尚未完成) for milestones."""
    spec = standing.target
    if spec.kind == "milestone":
        return labels.word("done" if standing.achieved >= 1 else "not_done")
    if spec.kind == "checklist":
        return f"{len(standing.items_done)}/{len(spec.items)}"
    return number(standing.achieved)


def _round(value: float, digits: int = 1) -> float | int:
    """``value`` rounded to ``digits`` decimals; a whole number as an int (``3``, not ``3.0``)."""
    whole = int(value)
    if whole == value:  # most counts: skip round(), which works through decimal digits
        return whole
    rounded = round(value, digits)
    return int(rounded) if rounded.is_integer() else rounded


def flag_record(flag: Any) -> dict[str, Any]:
    """A :class:`zsplan.analysis.evidence.Flag` as JSON-ready data (status records' ``counted_twice``)."""
    return {"kind": flag.kind, "key": flag.key, "entries": list(flag.entries), "targets": list(flag.targets), "recorded_by": list(flag.recorded_by)}


def standing_record(standing: Standing, stale_days: int = DEFAULT_STALE_DAYS, flags: Iterable[Any] = ()) -> dict[str, Any]:
    """One target's standing as a dict of the documented contract's fields (``flags``: what may be counted twice).

    Dates are ``datetime.date`` values: the JSON encoder writes them as ISO 8601
    (``YYYY-MM-DD``), and so does the CSV writer.
    """
    spec = standing.target
    pace, ratio = pace_of(standing)
    needed = needed_per_month(standing)
    if spec.kind == "range":
        target: Any = {"min": _round(spec.minimum or 0, 6), "max": _round(spec.maximum or 0, 6)}
    else:
        target = _round(standing.target_value, 6)
    lead = spec.lead_unit
    record: dict[str, Any] = {
        "target_id": spec.id,
        "name": spec.name,
        "measure": spec.measure_id,
        "chapter": spec.chapter[1],
        "category": spec.category,
        "unit": spec.unit,
        "kind": spec.kind,
        "comparator": spec.comparator,
        "progress": spec.progress,
        "mode": spec.mode,
        "strength": spec.strength,
        "target": target,
        "baseline": _round(spec.baseline_value, 6),
        "baseline_date": spec.baseline_date,
        "counts": spec.counts,
        "counts_ambiguous": spec.counts_ambiguous,
        "counts_note": spec.counts_note,
        "baseline_facts": standing.baseline_entries,
        "achieved_at_baseline": _round(standing.achieved_at_baseline, 6),
        "met_at_baseline": standing.met_at_baseline,
        "as_of": standing.as_of,
        "achieved": _round(standing.achieved, 6),
        "gap": _round(standing.gap, 6),
        "surplus": _round(standing.surplus, 6),
        "percent": _round(standing.percent, 1),
        "expected": _round(standing.expected, 2),
        "time_elapsed": _round(standing.time_elapsed, 4),
        "deadline": spec.deadline,
        "deadline_inferred": spec.deadline_inferred,
        "days_left": standing.days_left,
        "status": standing.status.value,
        "achieved_at_deadline": None if standing.achieved_at_deadline is None else _round(standing.achieved_at_deadline, 6),
        "unreported": standing.unreported,
        "completed_late": standing.completed_late,
        "completed_on": standing.completed_on,
        "days_late": standing.days_late,
        "pace": pace.value,
        "pace_ratio": None if ratio is None else _round(ratio, 3),
        "needed_per_month": None if needed is None else _round(needed, 2),
        "stale": is_stale(standing, stale_days),
        "entries": standing.entries,
        "last_reported": standing.last_as_of,
        "lead_unit": lead.id if lead else None,
        "lead_unit_name": lead.name if lead else None,
        "units": [{"id": unit.id, "name": unit.name, "role": unit.role} for unit in spec.units],
        "source_text": spec.source_text,
        "counted_twice": [flag_record(flag) for flag in flags],
    }
    if spec.kind == "per_year":
        record["years"] = [
            {"year": year.year, "target": _round(year.target, 6), "achieved": _round(year.achieved, 6), "status": year.status.value} for year in standing.years
        ]
    if spec.kind == "checklist":
        done = set(standing.items_done)
        record["items"] = [{"id": item_id, "name": name, "done": item_id in done} for item_id, name in spec.items]
    return record


def status_json(
    standings: Iterable[Standing],
    stale_days: int = DEFAULT_STALE_DAYS,
    *,
    plan_title: str = "",
    as_of: dt.date | None = None,
    known_at: dt.datetime | None = None,
    unit_id: str | None = None,
    category: str | None = None,
    flags: Mapping[str, Iterable[Any]] | None = None,
    evidence: Mapping[str, Any] | None = None,
) -> Iterator[bytes]:
    """The ``zsplan-status`` JSON document (docs/schemas/status.schema.json) as UTF-8 chunks to write in order.

    Context: ``plan``, ``as_of``, ``known_at``, ``stale_days``, ``unit``, ``category``;
    then one record per target (:func:`standing_record`, with ``flags`` per target id and the
    :func:`evidence_fields` of ``evidence`` per target id), one compact object per line.
    The records are encoded one at a time, so a provincial plan's 10,000 records are
    never all held at once.
    """
    from zsplan.render.jsonout import document

    return document(
        "status",
        (
            standing_record(standing, stale_days, (flags or {}).get(standing.target.id, ())) | evidence_fields((evidence or {}).get(standing.target.id))
            for standing in standings
        ),
        plan=plan_title,
        as_of=as_of,
        known_at=known_at,
        stale_days=stale_days,
        unit=unit_id,
        category=category,
    )


def evidence_fields(found: Any) -> dict[str, Any]:
    """A status record's evidence fields from a :class:`~zsplan.analysis.evidence.TargetEvidence` (None: nothing beside).

    ``notes`` (how many progress notes, counting nothing), ``last_note`` (``{date, item, text}`` or null),
    ``uncounted`` (ids of entries left out by their evidence state), ``conflicts`` (ids of entries with a
    conflicting source), ``forecasts`` (``{id, kind, value, item, expected, stated, source, result, outcome,
    done_on, difference}``: forecasts and scheduled events, scored).
    """
    if found is None:
        return {"notes": 0, "last_note": None, "uncounted": [], "conflicts": [], "forecasts": []}
    last = found.last_note
    return {
        "notes": len(found.notes),
        "last_note": None if last is None else {"date": last.as_of, "item": last.item, "text": last.text},
        "uncounted": list(found.uncounted),
        "conflicts": list(found.conflicts),
        "forecasts": [forecast_record(scored) for scored in found.expectations],
    }


def forecast_record(scored: Any) -> dict[str, Any]:
    """One forecast or scheduled event beside its outcome, as JSON (see :func:`evidence_fields`)."""
    e, score = scored.expectation, scored.score
    return {
        "id": e.id,
        "kind": e.kind,
        "value": _round(e.value, 6),
        "item": e.item,
        "expected": e.expected,
        "stated": e.stated_on,
        "source": e.source,
        "result": score.result,
        "outcome": None if score.outcome is None else _round(score.outcome, 6),
        "done_on": score.done_on,
        "difference": None if score.difference is None else _round(score.difference, 6),
    }


CSV_COLUMNS = (
    "target_id",
    "name",
    "chapter",
    "measure",
    "category",
    "unit",
    "kind",
    "target",
    "baseline",
    "as_of",
    "achieved",
    "gap",
    "percent",
    "expected",
    "deadline",
    "deadline_inferred",
    "days_left",
    "status",
    "pace",
    "needed_per_month",
    "stale",
    "lead_unit",
    "lead_unit_name",
)


def _csv_cell(value: Any) -> Any:
    """A CSV cell as the JSON output writes it: ``true``/``false``, empty for null."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return value


def status_csv(standings: Iterable[Standing], stale_days: int = DEFAULT_STALE_DAYS, *, excel: bool = False) -> str:
    """CSV with one row per target; a range target's ``target`` is written ``min-max``; booleans
    ``true``/``false`` and dates ``YYYY-MM-DD``, as in the JSON output. Text cells are
    :func:`zsplan.render.safe.spreadsheet_cell`: never a formula, control characters escaped.

    With ``excel`` (``zsplan status --format csv --excel``), the text is for Excel and WPS
    (:func:`zsplan.render.safe.excel_csv`): a UTF-8 byte-order mark and cells they would
    convert kept as text (the range ``2-3`` as ``="2-3"``, not 3 February)."""
    rows = ([_csv_cell(value) for value in _csv_values(standing, stale_days)] for standing in standings)
    if excel:
        from zsplan.render.safe import excel_csv

        return excel_csv([CSV_COLUMNS, *rows])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(spreadsheet_row(row))
    return out.getvalue()


def _csv_values(standing: Standing, stale_days: int) -> list[Any]:
    """A standing's :data:`CSV_COLUMNS` values, a range target written ``min-max``."""
    record = standing_record(standing, stale_days)
    target = record["target"]
    record["target"] = f"{target['min']}-{target['max']}" if isinstance(target, dict) else target
    return [record[column] for column in CSV_COLUMNS]


def status_word(status: Status, labels: Labels = Labels()) -> Text:
    """The status as a word, coloured where colour is on (the word carries the meaning)."""
    from rich.text import Text

    return Text(labels.status(status.value), style=STATUS_STYLE[status])


def summary_line(standings: list[Standing], labels: Labels = Labels()) -> str:
    """``40 targets: 2 missed, 1 behind, …`` (``共40項指標：未按期完成2項，進度滯後1項，…``) in order of urgency."""
    counts = summarise(standings)
    shown = [status for status in STATUS_ORDER if status is not Status.SCHEDULED or counts[status]]
    parts = labels.word("joint").join(labels.word("count", n=counts[status], word=labels.status(status.value)) for status in shown)
    return labels.word("summary", n=len(standings), s="s" if len(standings) != 1 else "", parts=parts)


_OPTIONAL_COLUMNS = ("needed/month", "days left", "lead unit", "deadline", "%")
"""Columns dropped, in this order, when the terminal is too narrow for all of them."""

_RIGHT = {"target", "achieved", "gap", "%", "days left", "needed/month"}
_NAME_MIN = 12


def _status_cells(standing: Standing, merged: bool, labels: Labels = Labels()) -> dict[str, str]:
    spec = standing.target
    cells: dict[str, str] = {}
    name = terminal_text(labels.text(spec.name))  # stored text, shown escaped (see zsplan.render.safe)
    if labels.lang == "zh":  # people read names; ids are for JSON and scripts
        cells["name"] = labels.name(terminal_text(spec.name))
    elif merged:
        cells["id / name"] = f"{spec.id}\n{name}"
    else:
        cells["id"] = spec.id
        cells["name"] = name
    needed = None if spec.kind == "milestone" else needed_per_month(standing)  # a milestone has a date, not a rate
    cells.update(
        {
            "target": target_label(standing, labels),
            "achieved": achieved_label(standing, labels),
            "gap": number(standing.gap),
            "%": f"{standing.percent:.0f}%",
            "deadline": ("~" if spec.within_years is not None else "") + spec.deadline.isoformat() + ("*" if spec.deadline_inferred else ""),
            "days left": str(standing.days_left),
            "needed/month": "" if needed is None else f"{needed:.2f}",
            "status": labels.status(standing.status.value),
            "lead unit": terminal_text(labels.name(spec.lead_unit.name)) if spec.lead_unit else "—",
        }
    )
    return cells


def _layout(width: int, standings: list[Standing], labels: Labels = Labels()) -> tuple[bool, list[str], dict[str, int]]:
    """Choose the layout for ``width`` cells: (id and name merged?, columns shown, fixed widths).

    Separate id and name columns when they fit with every other column; else one
    "id / name" column, leaving out optional columns until the rest fits. In Chinese
    there is no id column (people read names), so only optional columns are left out.
    """
    from rich.cells import cell_len

    names_only = labels.lang == "zh"
    for merged in (False,) if names_only else (False, True):
        rows = [_status_cells(standing, merged, labels) for standing in standings]
        headers = list(rows[0]) if rows else []
        widths = {column: max([cell_len(labels.header(column))] + [cell_len(str(cells[column]).split("\n")[0]) for cells in rows]) for column in headers}
        flexible = "id / name" if merged else "name"
        shown = list(headers)
        for optional in (None, *_OPTIONAL_COLUMNS):
            if optional is not None:
                shown.remove(optional)
            fixed = sum(widths[column] for column in shown if column != flexible)
            needed = fixed + widths[flexible] if merged else fixed + _NAME_MIN
            needed += 3 * (len(shown) - 1)
            if needed <= width:
                return merged, shown, widths
            if not merged and optional == "days left" and not names_only:
                break  # prefer merging id and name over losing more than one column
    return not names_only, shown, widths


def status_title(result: Any, labels: Labels = Labels()) -> str:
    """The status table's title: plan, as-of date, and the filters and snapshot used, in the chosen language.

    Args:
        result: a :class:`zsplan.service.assess.PlanAssessment` (plan_title, as_of, unit, category, known_at).
        labels: the language; in Chinese the unit is named without its id and the category by its word.
    """
    as_of = result.as_of.isoformat() if labels.lang == "en" else labels.date(result.as_of)
    parts = [result.plan_title, labels.word("as_of", date=as_of)]
    if result.unit is not None:
        parts.append(labels.word("unit", name=labels.name(result.unit.name), id=result.unit.id))
    if result.category:
        parts.append(labels.word("category", category=labels.category(result.category)))
    if result.known_at is not None:
        parts.append(labels.word("known_at", moment=result.known_at.isoformat().replace("+00:00", "Z")))
    return " — ".join(parts)


def render_status_table(
    console: Console, title: str, standings: list[Standing], labels: Labels = Labels(), *, evidence: Mapping[str, Any] | None = None
) -> None:
    """Print the standings under a heading per chapter, then the summary line.

    Every chapter's table has the same column widths. Ids never wrap on a wide
    terminal; Chinese names wrap (never cut) in the width left over. On a narrow
    terminal id and name share a column and the optional columns (days left,
    lead unit, deadline, %) are left out, in that order; status always shows.
    """
    from rich.cells import cell_len

    merged, shown, widths = _layout(console.width, standings, labels)
    flexible = "id / name" if merged else "name"
    room = console.width - sum(widths[column] for column in shown if column != flexible) - 3 * (len(shown) - 1)
    natural = max(
        [cell_len(terminal_text(labels.name(standing.target.name))) for standing in standings]
        + [cell_len(standing.target.id) for standing in standings if merged or labels.lang != "zh"]
        + [cell_len(labels.header(flexible))]
    )
    flexible_width = max(8, min(room, natural))
    chapters: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for standing in standings:
        chapters.setdefault(standing.target.chapter, []).append(_status_cells(standing, merged, labels))
    footnote = "deadline" in shown and any(standing.target.deadline_inferred for standing in standings)
    title = terminal_text(labels.text(title))
    if not console.is_terminal:
        _plain_table(console, title, chapters, shown, widths, flexible, flexible_width, labels)
        console.file.write(summary_line(standings, labels) + "\n")
        if footnote:
            console.file.write(labels.word("footnote") + "\n")
        for line in evidence_lines(standings, evidence or {}, labels):
            console.file.write(line + "\n")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style="bold"))
    styles = {labels.status(status.value): STATUS_STYLE[status] for status in Status}
    for (_, numeral, heading), chapter_rows in chapters.items():
        console.print()
        console.print(Text(terminal_text(labels.name(f"{numeral}、{heading}")), style="bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for column in shown:
            if column == flexible:
                table.add_column(labels.header(column), overflow="fold", width=flexible_width)
            else:
                table.add_column(labels.header(column), justify="right" if column in _RIGHT else "left", min_width=widths[column], overflow="fold")
        for cells in chapter_rows:
            table.add_row(*(Text(cells[column], style=styles[cells[column]]) if column == "status" else Text(cells[column]) for column in shown))
        console.print(table)
    console.print(summary_line(standings, labels))
    if footnote:
        console.print(Text(labels.word("footnote"), style="dim"))
    for line in evidence_lines(standings, evidence or {}, labels):
        console.print(Text(line))


def evidence_lines(standings: list[Standing], evidence: Mapping[str, Any], labels: Labels = Labels()) -> list[str]:
    """The lines under the status table about the evidence: per target with any, its notes (count and last),
    entries not counted and conflicting sources (stored text escaped, see :mod:`zsplan.render.safe`).

    In Chinese a line names the target (``火炬開發區國家級科技企業孵化器：進展備註2條（最近2021年5月1日：…）；未計入：#3``),
    in English its id (``torch_national_incubators: 2 notes (last 2021-05-01: …); not counted: #3``).
    """
    zh = labels.lang == "zh"
    lines = []
    for standing in standings:
        found = evidence.get(standing.target.id)
        if found is None:
            continue
        parts = []
        if found.notes:
            last = found.last_note
            if zh:
                parts.append(f"進展備註{len(found.notes)}條（最近{labels.date(last.as_of)}：{terminal_text(last.text)}）")
            else:
                parts.append(f"{len(found.notes)} note{'s' if len(found.notes) != 1 else ''} (last {last.as_of}: {terminal_text(last.text)})")
        if found.uncounted:
            parts.append(("未計入：" if zh else "not counted: ") + ", ".join(f"#{entry_id}" for entry_id in found.uncounted))
        if found.conflicts:
            parts.append(("來源不一致：" if zh else "conflicting sources: ") + ", ".join(f"#{entry_id}" for entry_id in found.conflicts))
        if parts:
            if zh:
                lines.append(labels.text(f"{labels.name(standing.target.name)}：" + "；".join(parts)))
            else:
                lines.append(f"{standing.target.id}: " + "; ".join(parts))
    return lines


def _wrap_cells(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` terminal cells (CJK characters take two); never drops a character."""
    from rich.cells import cell_len

    lines, line, used = [], "", 0
    for char in text:
        size = cell_len(char)
        if used + size > width and line:
            lines.append(line)
            line, used = "", 0
        line += char
        used += size
    return [*lines, line] if line or not lines else lines


def _plain_table(console: Console, title: str, chapters, shown: list[str], widths: dict[str, int], flexible: str, flexible_width: int, labels: Labels) -> None:
    """The status table as plain text (for pipes and files): the same columns and widths, no colour, no markup.

    Written straight to the console's file: this is what scripts and the benchmark
    read, and it costs a fraction of laying out rich tables.
    """
    from rich.cells import cell_len

    sizes = {column: (flexible_width if column == flexible else widths[column]) for column in shown}

    def pad(text: str, column: str) -> str:
        gap = " " * max(sizes[column] - cell_len(text), 0)
        return gap + text if column in _RIGHT else text + gap

    out = [title]
    rule = "─" * (sum(sizes.values()) + 3 * (len(shown) - 1))
    header = "   ".join(pad(labels.header(column), column) for column in shown)
    for (_, numeral, heading), rows in chapters.items():
        out += ["", terminal_text(labels.name(f"{numeral}、{heading}")), header, rule]
        for cells in rows:
            columns = {}
            for column in shown:
                text = str(cells[column])
                parts = text.split("\n")
                columns[column] = [piece for part in parts for piece in _wrap_cells(part, sizes[column])]
            height = max(len(lines) for lines in columns.values())
            for index in range(height):
                out.append("   ".join(pad(columns[column][index] if index < len(columns[column]) else "", column) for column in shown).rstrip())
    console.file.write("\n".join(out) + "\n")


def render_log_result(
    console: Console,
    entry_id: int,
    standing: Standing,
    *,
    supersedes: int | None = None,
    kind: str = "entry",
    headline: str | None = None,
    labels: Labels = Labels(),
) -> None:
    """Print what was recorded (an entry, or a correction/retraction of entry ``supersedes``; or ``headline``) and the
    target's new standing, in the language of ``labels`` (in Chinese the target is named, without its id).

    ``console``: a rich console, or the :class:`~zsplan.render.console.PlainLines` of a pipe (plain text: the status
    word is coloured only on a terminal)."""
    spec = standing.target
    if headline is not None:
        console.print(terminal_text(labels.text(headline)))
    elif labels.lang == "zh":
        what = {"correction": f"（更正第{supersedes}號）", "retraction": f"（撤銷第{supersedes}號）"}.get(kind, "")
        console.print(terminal_text(labels.text(f"已記錄第{entry_id}號記錄{what}：{labels.name(spec.name)}，數據截至{labels.date(standing.as_of)}")))
    if labels.lang == "zh":
        _print_with_status(
            console,
            labels.text(
                f"截至{labels.date(standing.as_of)}：完成{achieved_label(standing, labels)}，目標{target_label(standing, labels)}，"
                f"差距{number(standing.gap)}，完成率{standing.percent:.0f}%，狀態："
            ),
            standing.status,
            labels,
        )
        return
    if headline is None:
        what = f"{kind} #{entry_id}" + (f" of #{supersedes}" if supersedes is not None else "")
        console.print(terminal_text(f"recorded {what} for {spec.id} ({spec.name}) as of {standing.as_of}"))
    _print_with_status(
        console,
        f"standing as of {standing.as_of}: achieved {achieved_label(standing)} / target {target_label(standing)}, "
        f"gap {number(standing.gap)}, {standing.percent:.0f}%, status ",
        standing.status,
        Labels(),
    )


def _print_with_status(console: Any, text: str, status: Status, labels: Labels) -> None:
    """``text`` then the status word (:func:`status_word`: coloured on a terminal), as one line."""
    from zsplan.render.console import PlainLines

    if isinstance(console, PlainLines):
        console.print(text + labels.status(status.value))
        return
    from rich.text import Text

    console.print(Text.assemble(text, status_word(status, labels)))


def render_pending_list(console: Any, pending: list[TargetSpec], labels: Labels = Labels()) -> None:
    """Write the targets whose value the plan leaves to be set (目標值待定), after the status table: listed, never judged.

    ``console`` is what :func:`render_status_table` draws on (a rich console, or the plain one of a pipe)."""
    if labels.lang == "zh":  # named, without ids: ``目標值待定、暫不考核的指標1項：`` then ``  數字經濟…（%，期限2025年12月31日；牽頭單位：未明確）``
        lines = [f"目標值待定、暫不考核的指標{len(pending)}項："]
        for spec in pending:
            lead = labels.name(spec.lead_unit.name) if spec.lead_unit else "未明確"
            lines.append(terminal_text(labels.text(f"  {labels.name(spec.name)}（{spec.unit}，期限{labels.date(spec.deadline)}；牽頭單位：{lead}）")))
    else:
        lines = [f"{len(pending)} pending (目標值待定, not judged):"]
        for spec in pending:
            lead = spec.lead_unit.name if spec.lead_unit else "no lead unit named"
            lines.append(terminal_text(f"  {spec.id}  {labels.text(spec.name)}  ({spec.unit}, by {spec.deadline}; {labels.text(lead)})"))
    console.file.write("\n".join(lines) + "\n")
