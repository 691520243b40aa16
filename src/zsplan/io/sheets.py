"""Read progress sheets (CSV or XLSX) into rows, and write ready-to-fill templates.

A sheet has a header row naming its columns (:data:`COLUMNS`; Chinese headers
from :data:`ALIASES` work too) and one report per row below it. Row numbers are
the spreadsheet's own (the header is row 1), so messages point where the user looks.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from zsplan.text import fold

#: Columns a sheet may have. ``target`` and ``date`` are required; ``value`` or ``item`` per target.
COLUMNS = ("target", "value", "item", "date", "note", "evidence", "by", "basis")
#: Columns a template adds for the reader's information; ignored on import.
INFO_COLUMNS = ("name", "unit", "mode", "target_value", "deadline", "lead_unit", "how_to_fill")
#: Other spellings accepted in a header row.
ALIASES = {
    "指標": "target",
    "目標": "target",
    "target_id": "target",
    "id": "target",
    "數值": "value",
    "数值": "value",
    "完成值": "value",
    "事項": "item",
    "名稱清單": "item",
    "台賬": "item",
    "台账": "item",
    "日期": "date",
    "as_of": "date",
    "截至日期": "date",
    "備註": "note",
    "备注": "note",
    "證明材料": "evidence",
    "证明材料": "evidence",
    "source": "evidence",
    "依據": "evidence",
    "口徑": "basis",
    "填報口徑": "basis",
    "填報說明": "how_to_fill",
    "填報人": "by",
    "填报人": "by",
    "recorded_by": "by",
    "名稱": "name",
    "名称": "name",
    "單位": "unit",
    "单位": "unit",
}


class SheetError(Exception):
    """The file cannot be read as a sheet at all (format, encoding, no header)."""


@dataclass(frozen=True)
class SheetRow:
    """One data row: its spreadsheet row number and its cells by column name (None when blank)."""

    number: int
    cells: dict[str, Any]


def _column_name(header: Any) -> str:
    text = "" if header is None else str(header).strip()
    key = text.lower().replace(" ", "_")
    name = ALIASES.get(text, ALIASES.get(key, key))
    if name in COLUMNS or name in INFO_COLUMNS or not name:
        return name
    return _folded_aliases().get(fold(text), name)  # 指标 as well as 指標, full-width letters, …


@lru_cache(maxsize=1)
def _folded_aliases() -> dict[str, str]:
    return {fold(alias): column for alias, column in ALIASES.items()}


def _blank(value: Any) -> bool:
    if value is None:
        return True
    return value.__class__ is str and (not value or value.isspace())


@dataclass(frozen=True)
class Sheet:
    """An opened sheet.

    Attributes:
        columns: the header's column names, normalised (see :data:`ALIASES`); ``""`` for a blank header.
        headers: each normalised column name → the header as the user wrote it (``指標`` for ``target``),
            so that messages name the column the user sees.
        rows: the non-blank data rows, read lazily.
        encoding: the encoding a CSV file was read in (``utf-8``, ``gb18030`` …); ``""`` for a workbook.
    """

    columns: list[str]
    headers: dict[str, str]
    rows: Iterator[SheetRow]
    encoding: str = ""


#: Dates as officials write them in sheets, besides ISO 8601: 2021/6/30, 2021-6-30, 2021.6.30, 2021年6月30日.
_WRITTEN_DATE = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?)")
#: Excel serial day numbers read as dates in a workbook's date column: 1970-01-01 (25569) to 2199-12-31 (109574);
#: other numbers there (2021, 20210630) are not taken for days.
SERIAL_DAYS = (25569, 109574)


@lru_cache(maxsize=4096)
def _written_date(value: str) -> dt.date | str:
    """A date written as text (:data:`_WRITTEN_DATE`), or the text as it was; a sheet repeats a few dates thousands of times."""
    match = _WRITTEN_DATE.fullmatch(unicodedata.normalize("NFKC", value).strip())
    if match is None:
        return value
    year, month, day = (int(part) for part in (match.group(1), match.group(2) or match.group(4), match.group(3) or match.group(5)))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return value


def sheet_date(value: Any, serial_base: dt.date | None = None) -> Any:
    """A date cell as a date where it is one, else as it was (for the checks after to refuse, naming the cell).

    Read as dates: text in :data:`_WRITTEN_DATE` forms (full-width digits too) that is a real calendar day; a whole
    number in :data:`SERIAL_DAYS` in a workbook (``serial_base``: 1899-12-30, or 1904-01-01 for a workbook in the 1904
    date system), as Excel counts days when a date cell is formatted as a number. ``YYYY-MM-DD`` text and date cells are
    read after, as before; ``2021/2/30`` stays text and is refused there.
    """
    if value.__class__ is str:
        return _written_date(value)
    serial = serial_base is not None and isinstance(value, int | float) and not isinstance(value, bool)
    if serial and serial_base is not None and float(value).is_integer() and SERIAL_DAYS[0] <= value <= SERIAL_DAYS[1]:
        return serial_base + dt.timedelta(days=int(value))
    return value


def _csv_text(path: Path, encoding: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in (``auto``: UTF-8, else GB18030).

    Raises:
        SheetError: the file cannot be read, or is not text in the encoding(s) tried; naming the row and the fix.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError(f"{path}: cannot read: {exc.strerror}") from None
    tried = ("utf-8", "gb18030") if encoding == "auto" else (encoding,)
    first: UnicodeDecodeError | None = None
    for name in tried:
        try:
            return data.decode("utf-8-sig" if name == "utf-8" else name), name
        except UnicodeDecodeError as exc:
            first = first or exc
    assert first is not None
    row = data.count(b"\n", 0, first.start) + 1
    if encoding == "auto":
        raise SheetError(
            f"{path}: row {row}: neither UTF-8 nor GB18030/GBK text (byte {first.start}); save the sheet as CSV UTF-8, "
            "or give its encoding with --encoding big5"
        )
    raise SheetError(f"{path}: row {row}: not {encoding} text (byte {first.start}); give the file's encoding with --encoding ({', '.join(CSV_ENCODINGS)})")


#: Encodings ``zsplan import --encoding`` takes for CSV files; ``auto`` tries UTF-8 (with or without BOM), then GB18030
#: (which contains GBK and GB2312: what Excel and WPS on Chinese Windows save as "CSV"). Big5 (Hong Kong, Macao, Taiwan)
#: decodes many GBK files too, so it is never guessed: give ``--encoding big5``.
CSV_ENCODINGS = ("auto", "utf-8", "gb18030", "gbk", "big5")


def read_sheet(path: Path, *, encoding: str = "auto") -> Sheet:
    """Open a CSV (UTF-8 with or without BOM, or GB18030/GBK), XLSX or XLS file.

    Args:
        encoding: for CSV: one of :data:`CSV_ENCODINGS`; ``auto`` reads UTF-8, else GB18030.

    Returns:
        The sheet's columns, headers as written, its non-blank data rows, and the encoding a CSV was read in.

    Raises:
        SheetError: unknown file type, unreadable file, text in no encoding tried, or no header row.
    """
    suffix = path.suffix.lower()
    serial_base: dict[str, dt.date] = {}  # a workbook's date system, set when it is opened
    used = ""
    if suffix == ".csv":
        text, used = _csv_text(path, encoding)
        raw_rows = _csv_rows(path, text)
    elif suffix in (".xlsx", ".xlsm"):
        raw_rows = _xlsx_rows(path, serial_base)
    elif suffix == ".xls":
        raw_rows = _xls_rows(path, serial_base)
    else:
        raise SheetError(f"{path}: unknown sheet type {suffix or '(none)'}; give a .csv, .xlsx or .xls file")
    header_row = next(raw_rows, None)
    if header_row is None or all(_blank(cell) for cell in header_row[1]):
        raise SheetError(f"{path}: the first row must name the columns ({', '.join(COLUMNS)})")
    columns = [_column_name(cell) for cell in header_row[1]]
    headers: dict[str, str] = {}
    for column, cell in zip(columns, header_row[1], strict=False):
        if column:
            headers.setdefault(column, str(cell).strip())
    blank = [position for position, column in enumerate(columns) if not column]

    width = len(columns)
    # A CSV row is all text, and under a header without blank or repeated names a row with every cell
    # filled (the usual row) is its values by column name: built in one step, the same cells as the loop below.
    whole_rows = suffix == ".csv" and not blank and len(set(columns)) == width
    dated = "date" in columns

    def rows() -> Iterator[SheetRow]:
        for number, values in raw_rows:
            if whole_rows and values and "" not in values and not any(map(str.isspace, values)):
                cells: dict[str, Any] = dict(zip(columns, values, strict=False))
                if dated and "date" in cells:
                    cells["date"] = _written_date(cells["date"])  # sheet_date of a text cell
                if len(values) > width:
                    cells["?extra"] = width + 1  # the first value past the header, filled as every cell is
                yield SheetRow(number, cells)
                continue
            cells = {}
            filled = False
            for column, raw in zip(columns, values, strict=False):
                value = None if raw is None or (raw.__class__ is str and (not raw or raw.isspace())) else raw
                filled = filled or value is not None
                if column == "date" and value is not None:
                    value = sheet_date(value, serial_base.get("base"))
                if column:
                    cells[column] = value
            extra = next((position + 1 for position in blank if position < len(values) and not _blank(values[position])), None)
            if extra is None and len(values) > width:
                extra = next((width + offset + 1 for offset, value in enumerate(values[width:]) if not _blank(value)), None)
            if not filled and extra is None:
                continue
            if extra is not None:
                cells["?extra"] = extra
            yield SheetRow(number, cells)

    return Sheet(columns, headers, rows(), used)


#: Longest CSV cell read, in characters; longer ones are refused (notes are far shorter, see ``zsplan.store.ledger.MAX_TEXT``).
MAX_CELL = 1_000_000


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a CSV text with their line numbers; strict quoting, so an unclosed quote is an error, not swallowed rows."""
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(io.StringIO(text), strict=True)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as exc:
        raise SheetError(
            f"{path}: row {number + 1}: not valid CSV ({exc}); check the quotes in that row "
            "(a cell with a comma, quote or line break must be quoted whole, a quote inside it doubled)"
        ) from None


#: Most a workbook's parts may hold once inflated, all together, in bytes: a sheet of 100,000
#: reports is about 30 MB of XML. A 300 KB file that inflates to 300 MB (a zip bomb) is refused
#: from the sizes its zip directory declares, before anything is inflated.
MAX_XLSX_INFLATED = 256 * 1024 * 1024
#: Most parts (files inside the zip) a workbook may have; one made by Excel has about a dozen.
MAX_XLSX_PARTS = 10_000

#: What openpyxl and the zip and XML readers under it raise for a file that is not a sound workbook
#: (``SyntaxError`` covers ``xml.etree.ElementTree.ParseError``).
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, KeyError, ValueError, TypeError, IndexError, SyntaxError)


def _check_inflated_size(path: Path) -> None:
    """Refuse a workbook whose parts declare more than :data:`MAX_XLSX_INFLATED` bytes (or
    :data:`MAX_XLSX_PARTS` parts). Python's zip reader never inflates a part beyond its declared
    size (more is a CRC error), so this bounds all that reading the workbook inflates.

    Raises:
        SheetError: the file is not a zip archive, or holds too much.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except _UNREADABLE as exc:
        raise SheetError(f"{path}: cannot open as an Excel workbook ({exc})") from None
    if len(parts) > MAX_XLSX_PARTS:
        raise SheetError(f"{path}: a workbook of {len(parts):,} parts is not a progress sheet (at most {MAX_XLSX_PARTS:,}); save it again from Excel")
    inflated = sum(part.file_size for part in parts)
    if inflated > MAX_XLSX_INFLATED:
        raise SheetError(
            f"{path}: the workbook would inflate to {inflated:,} bytes, more than the {MAX_XLSX_INFLATED:,} a progress sheet may hold; "
            "split it into smaller sheets"
        )


def _xlsx_rows(path: Path, serial_base: dict[str, dt.date]) -> Iterator[tuple[int, list[Any]]]:
    """Rows of the workbook's first visible worksheet (hidden and very hidden sheets are never read);
    ``serial_base["base"]`` is set to the day Excel's serial numbers count from in this workbook.

    Raises:
        SheetError: the file is not a sound workbook, is too large inflated, or has no visible worksheet.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_inflated_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_UNREADABLE) as exc:
        raise SheetError(f"{path}: cannot open as an Excel workbook ({exc})") from None
    serial_base["base"] = dt.date(1904, 1, 1) if getattr(workbook, "epoch", None) == dt.datetime(1904, 1, 1) else dt.date(1899, 12, 30)
    try:
        sheet = first_visible_sheet(workbook)
        if sheet is None:
            raise SheetError(f"{path}: the workbook has no visible worksheet; show the sheet of reports in Excel and save it")
        number = 0
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(row)
        except _UNREADABLE as exc:
            raise SheetError(f"{path}: cannot read row {number + 1} of sheet {sheet.title!r} ({exc})") from None
    finally:
        workbook.close()


def _xls_rows(path: Path, serial_base: dict[str, dt.date]) -> Iterator[tuple[int, list[Any]]]:
    """Rows of the first visible worksheet of an Excel 97–2003 workbook (``.xls``, read by xlrd 2), cells as
    openpyxl gives them: text, numbers (whole ones as int), dates for cells formatted as dates, None for blanks.

    Raises:
        SheetError: the file is not a sound .xls workbook, or has no visible worksheet.
    """
    import struct

    import xlrd

    broken = (xlrd.XLRDError, xlrd.compdoc.CompDocError, struct.error, AssertionError, *_UNREADABLE)
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except broken as exc:
        raise SheetError(f"{path}: cannot open as an Excel 97–2003 workbook ({exc}); save it as .xlsx") from None
    serial_base["base"] = dt.date(1904, 1, 1) if book.datemode == 1 else dt.date(1899, 12, 30)
    try:
        try:
            index = next((i for i in range(book.nsheets) if book.sheet_by_index(i).visibility == 0), None)
            if index is None:
                raise SheetError(f"{path}: the workbook has no visible worksheet; show the sheet of reports in Excel and save it")
            sheet = book.sheet_by_index(index)
        except broken as exc:
            raise SheetError(f"{path}: cannot read the worksheets of this Excel 97–2003 workbook ({exc}); save it as .xlsx") from None
        for number in range(sheet.nrows):
            yield number + 1, [_xls_cell(cell, book.datemode) for cell in sheet.row(number)]
    finally:
        book.release_resources()


def _xls_cell(cell: Any, datemode: int) -> Any:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(cell.value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return cell.value
        return moment.date() if moment.time() == dt.time() else moment
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    return cell.value


def first_visible_sheet(workbook: Any) -> Any:
    """The first worksheet of an openpyxl workbook that Excel shows (``sheet_state`` visible), or None."""
    return next((sheet for sheet in workbook.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"), None)


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value.__class__ is str:
        return value.strip()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


TEMPLATE_COLUMNS = (
    "target", "name", "unit", "mode", "target_value", "deadline", "lead_unit", "how_to_fill", "basis", "value", "item", "date", "note", "evidence", "by",
)  # fmt: skip

#: What a template's instructions say (the XLSX's second sheet, 填報說明), line by line.
TEMPLATE_INSTRUCTIONS = (
    "One report per row: target, date (YYYY-MM-DD), and value or item; note, evidence and by are optional. 每行填報一項。",
    "basis 口徑 says what the value is: 本期新增 (increment) = what was added since the last report; 累計 (cumulative) = the level reached as of the date.",
    (
        "Stock targets (a level) take the cumulative level (累計). Flow targets take the increment (本期新增), "
        "or the cumulative level when basis says 累計: zsplan records level − achieved so far, and refuses a level that goes down."
    ),
    "Targets tracked by named items (mode items) take one achievement's name per row in item, no value.",
    "Milestones take 1 (done) or 0 (not yet). Nothing new this period: write nil (無新增) in value.",
)


def template_content(rows: list[dict[str, Any]], fmt: str, *, bom: bool = False) -> bytes | str:
    """A ready-to-fill sheet with :data:`TEMPLATE_COLUMNS`: CSV text or XLSX bytes.

    Args:
        rows: one dict per target with the informational columns filled in.
        fmt: ``csv`` or ``xlsx``.
        bom: start CSV text with a byte-order mark, so that Excel opens a file as UTF-8.
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(TEMPLATE_COLUMNS)
        for row in rows:
            writer.writerow([row.get(column, "") for column in TEMPLATE_COLUMNS])
        return ("\ufeff" if bom else "") + buffer.getvalue()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "progress"
    sheet.append(list(TEMPLATE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(column) for column in TEMPLATE_COLUMNS])
    widths = {"target": 32, "name": 40, "lead_unit": 16, "how_to_fill": 40, "item": 30, "note": 24, "evidence": 24, "date": 12}
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(column, 10)
    sheet.freeze_panes = "A2"
    instructions = workbook.create_sheet("填報說明")
    for line in TEMPLATE_INSTRUCTIONS:
        instructions.append([line])
    instructions.column_dimensions["A"].width = 120
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()
