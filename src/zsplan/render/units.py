"""``zsplan units``: responsible-unit scorecards, worst first, as a table or JSON."""

from __future__ import annotations

import datetime as dt

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from zsplan.analysis.assessment import UnitScorecard
from zsplan.analysis.standing import STATUS_ORDER, Status
from zsplan.render.labels import Labels
from zsplan.render.safe import terminal_text


def scorecards_json(cards: list[UnitScorecard], *, as_of: dt.date | None = None, known_at: dt.datetime | None = None) -> str:
    """The ``zsplan-units`` JSON document (docs/schemas/units.schema.json), worst unit first.

    Records: ``{rank, unit_id, unit_name, lead: {status: n}, co: {status: n}, worst: [target ids…]}``.
    """
    from zsplan.render.jsonout import document_text

    records = (
        {
            "rank": rank,
            "unit_id": card.unit_id,
            "unit_name": card.unit_name,
            "lead": {status.value: card.lead.get(status, 0) for status in STATUS_ORDER},
            "co": {status.value: card.co.get(status, 0) for status in STATUS_ORDER},
            "worst": [item.standing.target.id for item in card.items if item.standing.status.value in ("missed", "behind", "no_data")][:5],
        }
        for rank, card in enumerate(cards, start=1)
    )
    return document_text("units", records, as_of=as_of, known_at=known_at)


def _shown(cards: list[UnitScorecard]) -> tuple[Status, ...]:
    """The statuses the table counts: ``scheduled`` only when some unit has one (it is rare)."""
    scheduled = any(card.lead.get(Status.SCHEDULED, 0) or card.co.get(Status.SCHEDULED, 0) for card in cards)
    return tuple(status for status in STATUS_ORDER if status is not Status.SCHEDULED or scheduled)


def _counts(counts: dict, shown: tuple[Status, ...]) -> str:
    return " ".join(str(counts.get(status, 0)) for status in shown)


def render_scorecards(console: Console, title: str, cards: list[UnitScorecard], labels: Labels = Labels()) -> None:
    """Print the units ranked worst first: their targets by status as lead and as co-responsible unit, and the worst items
    (stored text escaped, see :mod:`zsplan.render.safe`)."""
    console.print(Text(terminal_text(labels.text(title)), style="bold"))
    shown = _shown(cards)
    order = "/".join(labels.status(status.value) for status in shown)
    console.print(Text(f"counts are {order}", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("unit", overflow="fold")
    table.add_column("as lead", no_wrap=True)
    table.add_column("as co-responsible", no_wrap=True)
    table.add_column("worst items", overflow="fold", ratio=1)
    for rank, card in enumerate(cards, start=1):
        worst = [f"{item.standing.target.id} ({labels.status(item.standing.status.value)})" for item in card.items[:3] if item.standing.status.value != "met"]
        table.add_row(
            str(rank), terminal_text(labels.text(f"{card.unit_name} ({card.unit_id})")), _counts(card.lead, shown), _counts(card.co, shown), ", ".join(worst)
        )
    console.print(table)
