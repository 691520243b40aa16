"""The report as a Word document in the official-document layout of GB/T 9704-2012 (黨政機關公文格式).

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm).
- 22 lines of 28 characters a page: a line grid (``w:docGrid`` of type ``lines``, line
  pitch 28.95 pt) and body lines at an exact 28.95 pt; characters are condensed by
  0.25 pt to 15.75 pt, so that 28 fill the 156 mm line (442 pt). Not a character grid
  (``linesAndChars``): LibreOffice then snaps every Arabic digit and space to a cell of
  its own (``2021　年6 月30　日``) and spreads the first line of many paragraphs over the
  whole width (checked on the pages LibreOffice draws); Word and WPS lay out 28 to a
  line either way.
- Title in 2號 (22 pt) 小標宋 (方正小标宋简体; Word falls back to 华文中宋, then 宋体),
  centred, on two lines (the plan, then the period); then one blank line.
- Body in 3號 (16 pt) 仿宋 (仿宋_GB2312, falling back to 仿宋 / FangSong), each
  paragraph indented two characters. Headings: 一、 in 黑体, （一） in 楷体
  (楷体_GB2312 / 楷体 / KaiTi), 1. and (1) in 仿宋, as the body.
- After the body, one blank line, then the 附件說明 ("附件：1. …", later items
  aligned under the first), and the 成文日期 in Arabic numerals (2021年7月10日),
  four characters from the right edge.
- Page numbers 「— 1 —」 in 4號 (14 pt) 宋体, under the text: odd pages on the right,
  even pages on the left, one character in from the edge (even and odd footers).
- The attachments, each from a new page, in a landscape section (the 版心 turned:
  225 mm wide): 附件1 in 黑体 at the top left, its title centred in 小標宋, then its
  table (五號 仿宋, header row repeated on every page).

Font names are the ones the fonts register (Simplified: 仿宋_GB2312, 黑体, 楷体_GB2312,
宋体), set for East Asian text too (``w:eastAsia``), so Word and WPS pick them for the
Chinese; each is listed in the font table with its fallbacks (``w:altName``).
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import quoteattr

from zsplan.render.labels import Labels
from zsplan.render.report import Report, ReportInput, Table, build_report

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

#: Each font and the ones Word and WPS substitute when it is not installed.
FALLBACKS = {
    TITLE_FONT: ("华文中宋", "宋体"),
    BODY_FONT: ("仿宋", "FangSong"),
    HEADING_FONT: ("SimHei",),
    SUBHEADING_FONT: ("楷体", "KaiTi"),
    PAGE_NUMBER_FONT: ("SimSun",),
}

TITLE_PT = 22  # 2號
BODY_PT = 16  # 3號
PAGE_NUMBER_PT = 14  # 4號
TABLE_PT = 10.5  # 5號
CONDENSE_TWIPS = -5  # character spacing, in twentieths of a point
LINE_PITCH_TWIPS = 579  # 28.95 pt: 22 lines in the 225 mm of the 版心
CHARS_PER_LINE = 28
TEXT_WIDTH_MM = 210 - 28 - 26  # 156 mm
LANDSCAPE_WIDTH_MM = 297 - 37 - 35  # 225 mm: the attachments' pages, turned


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _fonts(rpr, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set a run's (or style's) font for Latin and East Asian text, its size, and bold."""
    from docx.oxml import OxmlElement

    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(_qn(key), name)
    fonts.set(_qn("w:hint"), "eastAsia")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(_qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(_qn("w:val"), str(round(size * 2)))
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = rpr.find(_qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.insert(1, element)
            element.set(_qn("w:val"), "1" if bold else "0")


def _ppr(
    paragraph,
    *,
    first_chars: int = 0,
    left_chars: int = 0,
    hanging_chars: int = 0,
    right_chars: int = 0,
    align: str | None = None,
    exact: int | None = LINE_PITCH_TWIPS,
    snap: bool = True,
    keep_next: bool = False,
    char_pt: float = BODY_PT,
) -> None:
    """Indent in characters (``w:firstLineChars`` and the like, with the twips for readers that ignore them), spacing, alignment."""
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    if keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if not snap:
        element = OxmlElement("w:snapToGrid")
        element.set(_qn("w:val"), "0")
        ppr.append(element)
    spacing = OxmlElement("w:spacing")
    spacing.set(_qn("w:before"), "0")
    spacing.set(_qn("w:after"), "0")
    if exact is not None:
        spacing.set(_qn("w:line"), str(exact))
        spacing.set(_qn("w:lineRule"), "exact")
    else:
        spacing.set(_qn("w:line"), "240")
        spacing.set(_qn("w:lineRule"), "auto")
    ppr.append(spacing)
    twips = round(char_pt * 20)
    ind = OxmlElement("w:ind")
    if left_chars:
        ind.set(_qn("w:leftChars"), str(left_chars * 100))
        ind.set(_qn("w:left"), str(left_chars * twips))
    if right_chars:
        ind.set(_qn("w:rightChars"), str(right_chars * 100))
        ind.set(_qn("w:right"), str(right_chars * twips))
    if hanging_chars:
        ind.set(_qn("w:hangingChars"), str(hanging_chars * 100))
        ind.set(_qn("w:hanging"), str(hanging_chars * twips))
    elif first_chars:
        ind.set(_qn("w:firstLineChars"), str(first_chars * 100))
        ind.set(_qn("w:firstLine"), str(first_chars * twips))
    else:
        ind.set(_qn("w:firstLine"), "0")
    ppr.append(ind)
    if align is not None:
        jc = OxmlElement("w:jc")
        jc.set(_qn("w:val"), align)
        ppr.append(jc)


def _run(paragraph, text: str, font: str, size: float, bold: bool = False):
    run = paragraph.add_run(text)
    _fonts(run._r.get_or_add_rPr(), font, size, bold)
    return run


def _page_number(paragraph) -> None:
    """「— N —」: a PAGE field between two em dashes, in 4號 宋体."""
    from docx.oxml import OxmlElement

    _run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(_qn("w:fldCharType"), kind)
            run._r.append(element)
        elif instruction == " PAGE ":
            element = OxmlElement("w:instrText")
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = instruction
            run._r.append(element)
        else:
            run.text = instruction or ""
    _run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)


def _section_layout(section) -> None:
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(21)
    sect = section._sectPr
    grid = sect.find(_qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(_qn("w:type"), "lines")  # not linesAndChars: see the module's docstring
    grid.set(_qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    if _qn("w:charSpace") in grid.attrib:
        del grid.attrib[_qn("w:charSpace")]
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        _ppr(paragraph, align="right" if odd else "left", exact=None, snap=False, char_pt=PAGE_NUMBER_PT, right_chars=int(odd), left_chars=int(not odd))
        _page_number(paragraph)


def _font_table(document) -> None:
    """List the fonts with their fallbacks (``w:altName``) in the font table, where Word and WPS look for substitutes."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            entries = "".join(
                f"<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(alts[0])}/>"
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                for name, alts in FALLBACKS.items()
            )
            blob = part.blob.decode("utf-8")
            part._blob = re.sub(r"(</w:fonts>)", entries + r"\1", blob).encode("utf-8")


def _defaults(document) -> None:
    """The document's defaults: 仿宋 3號 for all text (East Asian included, language zh-CN), exact 28.95 pt lines, no spacing."""
    from docx.oxml import OxmlElement

    styles = document.styles.element
    rpr = styles.find(f"{_qn('w:docDefaults')}/{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
    _fonts(rpr, BODY_FONT, BODY_PT)
    condensed = OxmlElement("w:spacing")  # −0.25 pt: 28 characters of 16 pt fill the 156 mm line
    condensed.set(_qn("w:val"), str(CONDENSE_TWIPS))
    rpr.append(condensed)
    lang = rpr.find(_qn("w:lang"))
    lang.set(_qn("w:eastAsia"), "zh-CN")
    ppr = styles.find(f"{_qn('w:docDefaults')}/{_qn('w:pPrDefault')}/{_qn('w:pPr')}")
    for child in list(ppr):
        ppr.remove(child)
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):  # no space added between Chinese and digits: 2021年7月10日, not 2021 年 7 月
        element = OxmlElement(tag)
        element.set(_qn("w:val"), "0")
        ppr.append(element)
    spacing = OxmlElement("w:spacing")
    spacing.set(_qn("w:after"), "0")
    spacing.set(_qn("w:line"), str(LINE_PITCH_TWIPS))
    spacing.set(_qn("w:lineRule"), "exact")
    ppr.append(spacing)
    normal = document.styles["Normal"].element.get_or_add_rPr()
    _fonts(normal, BODY_FONT, BODY_PT)


def _landscape(document) -> None:
    """A new section, from a new page, in A4 landscape for the attachments' tables (the 版心 turned with the page)."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)
    section.footer_distance = Mm(14)


def _table(document, table: Table, zh: bool, width_mm: float = TEXT_WIDTH_MM) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    total = sum(table.widths) or len(table.headers)
    widths = [Mm(width_mm * (w / total)) for w in (table.widths or (1,) * len(table.headers))]
    for column, width in zip(grid._tbl.tblGrid.findall(_qn("w:gridCol")), widths, strict=False):
        column.set(_qn("w:w"), str(width.twips))

    def fill(cell, text: str, *, font: str = BODY_FONT, bold: bool = False, align: str = "left") -> None:
        paragraph = cell.paragraphs[0]
        _ppr(paragraph, exact=None, snap=False, align=align, char_pt=TABLE_PT)
        _run(paragraph, text, font, TABLE_PT, bold)

    header = grid.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(_qn("w:val"), "1")
    trpr.append(repeat)
    for index, text in enumerate(table.headers):
        fill(header.cells[index], text, font=HEADING_FONT if zh else BODY_FONT, align="center")
    for row in table.rows:
        cells = grid.add_row().cells
        if row.group:
            merged = cells[0].merge(cells[-1])
            fill(merged, row.cells[0], font=HEADING_FONT if zh else BODY_FONT)
            continue
        for index, text in enumerate(row.cells):
            fill(cells[index], text, align="right" if index in table.numeric else "left")
    for row_ in grid.rows:
        for index, cell in enumerate(row_.cells):
            cell.width = widths[min(index, len(widths) - 1)]


#: Characters of 2號 (22 pt) a title line holds in the 156 mm line (442 pt / 22 pt).
TITLE_CHARS = 20
#: Words a Chinese title line may end with, so that a long title breaks between words (GB/T 9704 7.3.3: 回行時要做到詞意完整),
#: not inside one (``…創新中心建 / 設專項…``).
_TITLE_BREAKS = ("中心", "關於", "关于", "的", "和", "與", "与", "、", "推進", "推进", "建設", "建设", "方案", "計劃", "计划")


def title_lines(line: str, width: int = TITLE_CHARS) -> list[str]:
    """A title line as the lines it is set in: lines of at most ``width`` characters, each broken after a word of
    :data:`_TITLE_BREAKS` where one ends within the width (the last such), else at the width.

    Example: ``中山市推進粵港澳大灣區國際科技創新中心建設專項行動計劃`` → ``中山市推進粵港澳大灣區國際科技創新中心`` and ``建設專項行動計劃``.
    """
    lines = []
    while len(line) > width:
        ends = [index + len(word) for word in _TITLE_BREAKS for index in range(len(line)) if line.startswith(word, index)]
        fitting = [end for end in ends if width // 2 <= end <= width and end < len(line)]
        cut = max(fitting) if fitting else width
        lines.append(line[:cut])
        line = line[cut:]
    return [*lines, line]


def docx_paragraphs(report: Report) -> list[tuple[str, str]]:
    """The document's paragraphs before the attachments, as ``(kind, text)``: title, blank, heading, subheading, body, attachments, dated.

    A Chinese title line longer than a line of 2號 characters is set as several, broken between words (:func:`title_lines`).
    """
    out: list[tuple[str, str]] = []
    for line in report.title_lines:
        out += [("title", piece) for piece in (title_lines(line) if report.lang == "zh" else [line])]
    out.append(("blank", ""))
    for section in report.sections:
        out.append(("heading", section.heading))
        out += [("body", line) for line in section.paragraphs]
        for sub in section.subsections:
            out.append(("subheading", sub.heading))
            out += [("body", f"{n}. {line}") for n, line in enumerate(sub.items, start=1)] or [("body", report.none)]
        out += [("body", f"{n}. {line}") for n, line in enumerate(section.items, start=1)]
    if report.attachments:
        out.append(("blank", ""))
        sep = "" if report.lang == "zh" else " "
        for n, table in enumerate(report.attachments, start=1):
            out.append(("attachments" if n == 1 else "attachments_more", (f"{report.attachments_word}{sep}" if n == 1 else "") + f"{n}. {table.title}"))
    if report.dated:
        out += [("blank", ""), ("blank", ""), ("dated", report.dated)]
    return out


def docx_report(data: ReportInput, labels: Labels = Labels(lang="zh")) -> bytes:
    """The report as a .docx in the GB/T 9704 layout (see the module docstring)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    report = build_report(data, labels)
    zh = labels.lang == "zh"
    document = Document()
    document.settings.odd_and_even_pages_header_footer = True
    _defaults(document)
    _font_table(document)
    _section_layout(document.sections[0])
    document.core_properties.title = report.title
    document.core_properties.language = "zh-CN" if zh else "en"
    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    attachments_indent = len(report.attachments_word) if zh else 0
    for kind, text in docx_paragraphs(report):
        paragraph = document.add_paragraph()
        if kind == "title":
            _ppr(paragraph, align="center", keep_next=True, snap=False)
            _run(paragraph, text, TITLE_FONT, TITLE_PT)
        elif kind == "heading":
            _ppr(paragraph, first_chars=2, keep_next=True, align="both")
            _run(paragraph, text, HEADING_FONT if zh else BODY_FONT, BODY_PT, bold=not zh)
        elif kind == "subheading":
            _ppr(paragraph, first_chars=2, keep_next=True, align="both")
            _run(paragraph, text, SUBHEADING_FONT if zh else BODY_FONT, BODY_PT)
        elif kind == "body":
            _ppr(paragraph, first_chars=2, align="both")
            _run(paragraph, text, BODY_FONT, BODY_PT)
        elif kind == "attachments":
            hanging = attachments_indent
            _ppr(paragraph, left_chars=2 + hanging, hanging_chars=hanging, first_chars=0 if hanging else 2, keep_next=True)
            _run(paragraph, text, BODY_FONT, BODY_PT)
        elif kind == "attachments_more":
            _ppr(paragraph, left_chars=2 + attachments_indent, keep_next=True)
            _run(paragraph, text, BODY_FONT, BODY_PT)
        elif kind == "dated":
            _ppr(paragraph, align="right", right_chars=4)
            _run(paragraph, text, BODY_FONT, BODY_PT)
        else:
            _ppr(paragraph, keep_next=kind == "blank" and bool(report.dated))
    if report.attachments:
        _landscape(document)
    for n, table in enumerate(report.attachments, start=1):
        paragraph = document.add_paragraph()
        _ppr(paragraph, keep_next=True)
        if n > 1:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        _run(paragraph, labels.text(report.attachment_word.format(n=n)), HEADING_FONT if zh else BODY_FONT, BODY_PT)
        blank = document.add_paragraph()
        _ppr(blank, keep_next=True)
        heading = document.add_paragraph()
        _ppr(heading, align="center", keep_next=True, snap=False)
        _run(heading, table.title, TITLE_FONT, TITLE_PT)
        blank = document.add_paragraph()
        _ppr(blank, keep_next=True)
        _table(document, table, zh, LANDSCAPE_WIDTH_MM)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


__all__ = ["docx_paragraphs", "docx_report"]
