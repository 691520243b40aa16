"""Render standings: a terminal table grouped by chapter, stable JSON, and CSV.

JSON contract (``zsplan status --format json``): a list, one object per target, in
plan order, with the keys of :func:`standing_record`. Numbers are counts in the
target's ``unit``; ``percent`` is 0–100 (above 100 when exceeded), rounded to 0.1;
``time_elapsed`` is a fraction 0–1; dates are ISO 8601 (``YYYY-MM-DD``).
Keys are only ever added, never renamed or removed, within a major version.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zsplan.analysis.standing import STATUS_ORDER, Standing, Status, summarise

STATUS_STYLE = {
    Status.MET: "green",
    Status.ON_TRACK: "cyan",
    Status.BEHIND: "yellow",
    Status.MISSED: "bold red",
    Status.NO_DATA: "dim",
}


def number(value: float | None) -> str:
    """Format a count: whole numbers without decimals, others with up to two."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def target_label(standing: Standing) -> str:
    """The target as a person reads it: ``≥4家``, ``2–3家``, ``1家/年×3=3``, ``5 items``, ``milestone``."""
    spec = standing.target
    if spec.kind == "range":
        return f"{number(spec.minimum)}–{number(spec.maximum)}{spec.unit}"
    if spec.kind == "per_year":
        return f"{number(spec.per_year)}{spec.unit}/年×{len(spec.years)}={number(standing.target_value)}"
    if spec.kind == "checklist":
        return f"{len(spec.items)} items"
    if spec.kind == "milestone":
        return "milestone"
    sign = "≤" if spec.comparator == "at_most" else "≥"
    return f"{sign}{number(spec.value)}{spec.unit}"


def achieved_label(standing: Standing) -> str:
    """Achieved as a person reads it: ``3``, ``2/5`` for checklists, ``done``/``not done`` for milestones."""
    spec = standing.target
    if spec.kind == "milestone":
        return "done" if standing.achieved >= 1 else "not done"
    if spec.kind == "checklist":
        return f"{len(standing.items_done)}/{len(spec.items)}"
    return number(standing.achieved)


def _round(value: float, digits: int = 1) -> float | int:
    rounded = round(value, digits)
    return int(rounded) if float(rounded).is_integer() else rounded


def standing_record(standing: Standing) -> dict[str, Any]:
    """One target's standing as a JSON-ready dict (the documented contract)."""
    spec = standing.target
    if spec.kind == "range":
        target: Any = {"min": _round(spec.minimum or 0, 6), "max": _round(spec.maximum or 0, 6)}
    else:
        target = _round(standing.target_value, 6)
    lead = spec.lead_unit
    record: dict[str, Any] = {
        "id": spec.id,
        "name": spec.name,
        "measure": spec.measure_id,
        "chapter": spec.chapter[1],
        "category": spec.category,
        "unit": spec.unit,
        "kind": spec.kind,
        "comparator": spec.comparator,
        "progress": spec.progress,
        "strength": spec.strength,
        "target": target,
        "baseline": _round(spec.baseline_value, 6),
        "baseline_date": spec.baseline_date.isoformat(),
        "as_of": standing.as_of.isoformat(),
        "achieved": _round(standing.achieved, 6),
        "gap": _round(standing.gap, 6),
        "surplus": _round(standing.surplus, 6),
        "percent": _round(standing.percent, 1),
        "expected": _round(standing.expected, 2),
        "time_elapsed": _round(standing.time_elapsed, 4),
        "deadline": spec.deadline.isoformat(),
        "deadline_inferred": spec.deadline_inferred,
        "days_left": standing.days_left,
        "status": standing.status.value,
        "entries": standing.entries,
        "last_reported": standing.last_as_of.isoformat() if standing.last_as_of else None,
        "lead_unit": lead.id if lead else None,
        "lead_unit_name": lead.name if lead else None,
        "units": [{"id": unit.id, "name": unit.name, "role": unit.role} for unit in spec.units],
        "source_text": spec.source_text,
    }
    if spec.kind == "per_year":
        record["years"] = [
            {"year": year.year, "target": _round(year.target, 6), "achieved": _round(year.achieved, 6), "status": year.status.value}
            for year in standing.years
        ]
    if spec.kind == "checklist":
        done = set(standing.items_done)
        record["items"] = [{"id": item_id, "name": name, "done": item_id in done} for item_id, name in spec.items]
    return record


def status_json(standings: Iterable[Standing]) -> str:
    """The JSON document for ``status --format json`` (UTF-8 text, Chinese unescaped)."""
    return json.dumps([standing_record(standing) for standing in standings], ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id", "name", "chapter", "measure", "category", "unit", "kind", "target", "baseline", "achieved",
    "gap", "percent", "deadline", "days_left", "status", "lead_unit", "lead_unit_name",
)


def status_csv(standings: Iterable[Standing]) -> str:
    """CSV with one row per target; a range target's ``target`` is written ``min-max``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for standing in standings:
        record = standing_record(standing)
        target = record["target"]
        record["target"] = f"{target['min']}-{target['max']}" if isinstance(target, dict) else target
        writer.writerow([record[column] if record[column] is not None else "" for column in CSV_COLUMNS])
    return out.getvalue()


def status_word(status: Status) -> Text:
    """The status as a word, coloured where colour is on (the word carries the meaning)."""
    return Text(status.value, style=STATUS_STYLE[status])


def summary_line(standings: list[Standing]) -> str:
    """``40 targets: 2 missed, 1 behind, …`` in order of urgency."""
    counts = summarise(standings)
    parts = ", ".join(f"{counts[status]} {status.value}" for status in STATUS_ORDER)
    return f"{len(standings)} target{'s' if len(standings) != 1 else ''}: {parts}"


def render_status_table(console: Console, title: str, standings: list[Standing]) -> None:
    """Print the standings grouped by chapter, then the summary line."""
    chapters: dict[tuple[str, str, str], list[Standing]] = {}
    for standing in standings:
        chapters.setdefault(standing.target.chapter, []).append(standing)
    console.print(Text(title, style="bold"))
    for (_, number_, heading), rows in chapters.items():
        table = Table(title=f"{number_}、{heading}", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("id", overflow="fold", no_wrap=False, min_width=12)
        table.add_column("name", overflow="fold", min_width=10, ratio=3)
        table.add_column("target", justify="right")
        table.add_column("achieved", justify="right")
        table.add_column("gap", justify="right")
        table.add_column("%", justify="right")
        table.add_column("deadline")
        table.add_column("days left", justify="right")
        table.add_column("status")
        table.add_column("lead unit", overflow="fold", ratio=1)
        for standing in rows:
            spec = standing.target
            table.add_row(
                spec.id,
                spec.name,
                target_label(standing),
                achieved_label(standing),
                number(standing.gap),
                f"{standing.percent:.0f}%",
                spec.deadline.isoformat() + ("*" if spec.deadline_inferred else ""),
                str(standing.days_left),
                status_word(standing.status),
                spec.lead_unit.name if spec.lead_unit else "",
            )
        console.print(table)
    console.print(summary_line(standings))
    if any(standing.target.deadline_inferred for standing in standings):
        console.print(Text("* deadline inferred: the plan gives none, so the plan horizon's end is used", style="dim"))


def render_log_result(console: Console, entry_id: int, standing: Standing) -> None:
    """Print what was recorded and the target's new standing."""
    spec = standing.target
    console.print(f"recorded entry #{entry_id} for {spec.id} ({spec.name}) as of {standing.as_of}")
    console.print(
        Text.assemble(
            f"achieved {achieved_label(standing)} / target {target_label(standing)}, gap {number(standing.gap)}, {standing.percent:.0f}%, status ",
            status_word(standing.status),
        )
    )
