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

    Records: ``{rank, unit_id, unit_name, lead: {status: n}, co: {status: n}, share_behind: {lead, co} (0–1, 4 decimals),
    worst: [target ids…]}``.
    """
    from zsplan.render.jsonout import document_text

    records = (
        {
            "rank": rank,
            "unit_id": card.unit_id,
            "unit_name": card.unit_name,
            "lead": {status.value: card.lead.get(status, 0) for status in STATUS_ORDER},
            "co": {status.value: card.co.get(status, 0) for status in STATUS_ORDER},
            "share_behind": {role: round(card.share_behind(role), 4) for role in ("lead", "co")},
            "worst": [item.standing.target.id for item in card.items if item.standing.status.value in ("missed", "behind", "no_data")][:5],
        }
        for rank, card in enumerate(cards, start=1)
    )
    return document_text("units", records, as_of=as_of, known_at=known_at)


#: The table's words: headers and the two roles.
WORDS = {
    "en": {
        "unit": "unit",
        "role": "as",
        "lead": "lead",
        "co": "co",
        "share": "% behind",
        "total": "total",
        "worst": "worst items",
        "title": "responsible units as of {date}",
    },
    "zh": {
        "unit": "責任單位",
        "role": "角色",
        "lead": "牽頭",
        "co": "配合",
        "share": "滯後佔比",
        "total": "合計",
        "worst": "需關注的指標",
        "title": "責任單位情況（數據截至{date}）",
    },
}


def scorecards_title(plan_title: str, as_of: dt.date, labels: Labels = Labels()) -> str:
    """The units table's title: ``<plan> — responsible units as of 2021-06-30`` / ``<plan> — 責任單位情況（數據截至2021年6月30日）``."""
    return f"{plan_title} — {WORDS[labels.lang]['title'].format(date=labels.date(as_of))}"


def _shown(cards: list[UnitScorecard]) -> tuple[Status, ...]:
    """The statuses the table counts: ``scheduled`` only when some unit has one (it is rare)."""
    scheduled = any(card.lead.get(Status.SCHEDULED, 0) or card.co.get(Status.SCHEDULED, 0) for card in cards)
    return tuple(status for status in STATUS_ORDER if status is not Status.SCHEDULED or scheduled)


def render_scorecards(console: Console, title: str, cards: list[UnitScorecard], labels: Labels = Labels()) -> None:
    """Print the units ranked worst first (:attr:`UnitScorecard.rank_key`): one column per status, a row for the targets a
    unit leads and one for those it co-owns, each with the share missed or behind (``behind``, %) and the total, then the
    worst items (named; ids only in English). Stored text is escaped, see :mod:`zsplan.render.safe`."""
    words = WORDS[labels.lang]
    console.print(Text(terminal_text(labels.text(title)), style="bold"))
    shown = _shown(cards)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column(labels.text(words["unit"]), overflow="fold")
    table.add_column(labels.text(words["role"]), no_wrap=True)
    table.add_column(labels.text(words["share"]), justify="right", no_wrap=True)
    for status in shown:
        table.add_column(labels.status(status.value), justify="right", no_wrap=True)
    table.add_column(labels.text(words["total"]), justify="right", no_wrap=True)
    table.add_column(labels.text(words["worst"]), overflow="fold", ratio=1)
    for rank, card in enumerate(cards, start=1):
        troubled = [item.standing for item in card.items[:3] if item.standing.status.value != "met"]
        if labels.lang == "zh":
            worst = "、".join(f"{labels.name(s.target.name)}（{labels.status(s.status.value)}）" for s in troubled)
            name = labels.name(card.unit_name)
        else:
            worst = ", ".join(f"{s.target.id} ({labels.status(s.status.value)})" for s in troubled)
            name = labels.text(f"{card.unit_name} ({card.unit_id})")
        for role, counts in (("lead", card.lead), ("co", card.co)):
            total = sum(counts.values())
            share = f"{card.share_behind(role) * 100:.0f}%" if total else "—"
            first = role == "lead"
            table.add_row(
                str(rank) if first else "",
                terminal_text(name) if first else "",
                labels.text(words[role]),
                share,
                *(str(counts.get(status, 0)) for status in shown),
                str(total),
                terminal_text(worst) if first else "",
                end_section=not first,
            )
    console.print(table)
