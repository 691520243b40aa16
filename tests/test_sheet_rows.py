"""The rows :func:`zsplan.io.sheets.read_sheet` gives: cells by column, blanks as None, dates read, values past the header flagged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zsplan.io.sheets import read_sheet

CSV = (
    "target,date,value,note\n"
    "fudan_researchers,2021-06-30,3,a note\n"  # every cell filled
    "fudan_researchers,2021/6/30, 4 , \n"  # a blank (white space) note
    "fudan_researchers,2021年6月30日,5,n,past the header\n"  # a value past the header
    "fudan_researchers,2021-06-30,6,n,\n"  # an empty cell past the header
    "fudan_researchers,2021-02-30\n"  # a short row; a date that is no day stays text
    ",,,\n"  # nothing at all: skipped
    "\n"  # an empty line: skipped
    ",,,,x\n"  # only a value past the header
)


def cells_of(path: Path) -> list[tuple[int, dict]]:
    return [(row.number, row.cells) for row in read_sheet(path).rows]


def test_csv_rows_are_read_cell_by_cell(tmp_path: Path) -> None:
    sheet = tmp_path / "reports.csv"
    sheet.write_text(CSV, encoding="utf-8")
    day = dt.date(2021, 6, 30)
    assert cells_of(sheet) == [
        (2, {"target": "fudan_researchers", "date": day, "value": "3", "note": "a note"}),
        (3, {"target": "fudan_researchers", "date": day, "value": " 4 ", "note": None}),
        (4, {"target": "fudan_researchers", "date": day, "value": "5", "note": "n", "?extra": 5}),
        (5, {"target": "fudan_researchers", "date": day, "value": "6", "note": "n"}),
        (6, {"target": "fudan_researchers", "date": "2021-02-30"}),
        (9, {"target": None, "date": None, "value": None, "note": None, "?extra": 5}),
    ]


def test_a_header_with_a_blank_name_flags_what_is_under_it(tmp_path: Path) -> None:
    sheet = tmp_path / "reports.csv"
    sheet.write_text("target,,date\nfudan_researchers,,2021-06-30\nfudan_researchers,x,2021-06-30\n", encoding="utf-8")
    day = dt.date(2021, 6, 30)
    assert cells_of(sheet) == [
        (2, {"target": "fudan_researchers", "date": day}),
        (3, {"target": "fudan_researchers", "date": day, "?extra": 2}),
    ]
