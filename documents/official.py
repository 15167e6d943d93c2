"""An administrative document in the layout of Decree 30/2020/NĐ-CP (Appendix I), as plain dataclasses, and its
DOCX renderer. Plans use it now; annual and review reports will use it later.

The model knows nothing of the database: callers build an ``OfficialDocument`` from their data and call
``render_docx``. Layout: A4 portrait, margins 2/2/3/1.5 cm, Times New Roman (East Asian and complex-script slots
too, so Vietnamese never falls back to another font), header and signature as borderless two-column tables, page
numbers centred at the top from page 2, each annex in its own section (landscape when its table asks for it). A
section may carry figures (PNG images, such as ``documents.charts.indicator_charts_png``), each centred after the
section's paragraphs with its caption below in italics."""

from __future__ import annotations

import io
import math
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from lib.dates import vn_long_date

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Times New Roman"
A4 = (Cm(21), Cm(29.7))
MARGINS = {"top": 2.0, "bottom": 2.0, "left": 3.0, "right": 1.5}  # cm
BODY_SIZE = 14
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NO_DATE = "ngày ... tháng ... năm ..."
DEFAULT_ARCHIVE = "Lưu: VT, ..."

# Column widths of the two borderless tables, in cm (the text block is 21 - 3 - 1.5 = 16.5 cm wide).
HEADER_COLUMNS = (6.4, 10.1)
CLOSING_COLUMNS = (7.6, 8.9)


@dataclass
class Table:
    """A table of text cells. ``widths_cm`` are relative widths: the table is scaled to the text width."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    widths_cm: list[float] | None = None
    landscape: bool = False
    align: list[str] | None = None  # per column: "left", "center" or "right" (header cells are centred)
    bold_rows: list[int] = field(default_factory=list)  # indexes into ``rows`` (totals)


@dataclass
class Figure:
    """A PNG image, centred, ``width_cm`` wide (at most the text width), with an optional caption below."""

    png: bytes
    width_cm: float = 16.0
    caption: str = ""


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # after the paragraphs, before the subsections


@dataclass
class Signature:
    collective: str = "TM. ỦY BAN NHÂN DÂN"
    deputy: str = "KT. CHỦ TỊCH"
    title: str = "PHÓ CHỦ TỊCH"
    name: str = ""


@dataclass
class Annex:
    heading: str
    title: str
    note: str
    table: Table


@dataclass
class OfficialDocument:
    parent_body: str
    issuing_body: str
    number: str
    place: str
    date: date | None
    kind_title: str
    subject: str
    recipient: str = ""
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)
    annexes: list[Annex] = field(default_factory=list)

    @property
    def number_line(self) -> str:
        number = self.number.strip()
        return number if number.startswith("Số") else f"Số: {self.number}"

    @property
    def place_and_date(self) -> str:
        when = vn_long_date(self.date) if self.date else NO_DATE
        return f"{self.place}, {when}" if self.place else when[0].upper() + when[1:]


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --- low-level helpers ---------------------------------------------------------------------------------------------


def _fonts_on(rpr) -> None:
    """Times New Roman in all four font slots of a run-properties element, no theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), FONT)


def _run(paragraph, text: str, *, size: float, bold=False, italic=False):
    """Add ``text`` (line breaks kept) in the document font."""
    run = paragraph.add_run()
    _write_lines(run._r, text)
    font = run.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    _fonts_on(run._r.get_or_add_rPr())
    return run


def _format(paragraph, *, align="center", size: float | None = None, before=0, after=0, line=1.0, indent=0.0):
    fmt = paragraph.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    fmt.first_line_indent = Cm(indent)
    fmt.widow_control = True
    if size is not None:  # the paragraph mark, which sets the height of an empty paragraph
        rpr = paragraph._p.get_or_add_pPr()
        mark = rpr.find(qn("w:rPr"))
        if mark is None:
            mark = OxmlElement("w:rPr")
            _insert_ppr(rpr, mark)
        _fonts_on(mark)
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(int(size * 2)))
        mark.append(sz)
    return paragraph


# The order of ``w:pPr`` children in the WordprocessingML schema (from python-docx's CT_PPr).
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _insert_ppr(ppr, element) -> None:
    """Insert a child of ``w:pPr`` at its place in the schema sequence (Word rejects misordered children)."""
    tag = element.tag.split("}")[1]
    successors = PPR_ORDER[PPR_ORDER.index(f"w:{tag}") + 1 :]
    ppr.insert_element_before(element, *successors)


def _line(container, text: str = "", *, size: float = BODY_SIZE, bold=False, italic=False, **fmt):
    paragraph = _next_paragraph(container)
    _format(paragraph, size=size, **fmt)
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _next_paragraph(container):
    """A new paragraph; in a table cell, the empty one every cell starts with is used first."""
    paragraphs = getattr(container, "paragraphs", None)
    if (
        hasattr(container, "_tc")
        and len(paragraphs) == 1
        and not paragraphs[0].runs
        and not getattr(container, "_used", False)
    ):
        container._used = True
        return paragraphs[0]
    return container.add_paragraph()


def _rule(container, width_cm: float, column_cm: float, *, before=0, after=0) -> None:
    """A short centred horizontal rule: the top border of an empty, tiny paragraph indented from both sides."""
    paragraph = _next_paragraph(container)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    _insert_ppr(ppr, borders)
    _format(paragraph, size=2, before=before, after=after)
    side = max((column_cm - width_cm) / 2 - 0.19, 0)  # minus the cell's own padding
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(2)


def _text_width_cm(text: str, size: float) -> float:
    """A rough width of bold Times text, enough to size a rule under a line."""
    em = 0.0
    for ch in text:
        if ch == " ":
            em += 0.25
        elif ch in "-.,:;":
            em += 0.33
        elif ch.isupper():
            em += 0.72
        else:
            em += 0.48
    return em * size / 72 * 2.54


def _balanced(text: str, size: float, width_cm: float) -> str:
    """Break a long centred bold line into lines of about equal length (no lone last word)."""
    total = _text_width_cm(text, size)
    usable = width_cm * 0.92
    if total <= usable:
        return text
    count = math.ceil(total / usable)
    target = total / count
    lines, current = [], ""
    for word in _groups(text.split()):
        candidate = f"{current} {word}".strip()
        if current and _text_width_cm(candidate, size) > target * 1.04 and len(lines) < count - 1:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return "\n".join(lines)


def _groups(words: list[str]) -> list[str]:
    """Words joined where a line should not break: "giai đoạn 2021 - 2025", "năm 2026", "tỉnh Tây Ninh"."""
    groups: list[str] = []
    for word in words:
        previous = groups[-1].split()[-1] if groups else ""
        glue = groups and (
            word in ("đoạn", "-")
            or word[:1].isdigit()
            or previous in ("-", "năm", "tỉnh", "phố", "giai")
            or (word[:1].isupper() and previous[:1].isupper())
        )
        if glue:
            groups[-1] += f" {word}"
        else:
            groups.append(word)
    return groups


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _insert_tblpr(tbl_pr, borders)


def _all_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            element.set(qn(f"w:{key}"), value)
        borders.append(element)
    _insert_tblpr(tbl_pr, borders)


def _insert_tblpr(tbl_pr, borders) -> None:
    """``w:tblBorders`` goes before shading, layout, cell margins and look in ``w:tblPr``."""
    existing = tbl_pr.find(qn("w:tblBorders"))
    if existing is not None:
        tbl_pr.remove(existing)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)


def _page_field(paragraph, *, size: float) -> None:
    """A PAGE field (Word and LibreOffice fill in the number)."""

    def fld(kind: str):
        run = _run(paragraph, "", size=size)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld("begin")
    instr_run = _run(paragraph, "", size=size)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_run._r.append(instr)
    fld("separate")
    _run(paragraph, "2", size=size)
    fld("end")


def _setup_page(section, *, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin = Cm(MARGINS["top"])
    section.bottom_margin = Cm(MARGINS["bottom"])
    section.left_margin = Cm(MARGINS["left"])
    section.right_margin = Cm(MARGINS["right"])
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def _text_width(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 360000


def _document_defaults(document) -> None:
    """Times New Roman 14 as the document default and in the Normal style, Vietnamese as the language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts_on(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    _fonts_on(normal.element.get_or_add_rPr())
    for name in ("Table Grid", "Header"):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        style.font.name = FONT
        _fonts_on(style.element.get_or_add_rPr())


# --- the parts of the document -------------------------------------------------------------------------------------


def _header(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, list(HEADER_COLUMNS))
    left, right = table.rows[0].cells
    left_width, right_width = HEADER_COLUMNS
    for line in filter(None, doc.parent_body.upper().split("\n")):
        _line(left, line, size=13)
    issuing = [x for x in doc.issuing_body.upper().split("\n") if x]
    for line in issuing:
        _line(left, line, size=13, bold=True)
    longest = max((_text_width_cm(x, 13) for x in issuing), default=3.0)
    _rule(left, min(max(longest * 0.45, 1.8), 3.0), left_width, before=4)
    _line(left, doc.number_line, size=13, before=4)

    _line(right, NATIONAL_TITLE, size=12, bold=True)
    _line(right, MOTTO, size=13, bold=True)
    _rule(right, _text_width_cm(MOTTO, 13), right_width, before=4)
    _line(right, doc.place_and_date, size=14, italic=True, before=6)


def _title(document, doc: OfficialDocument) -> None:
    _line(document, doc.kind_title.upper(), size=14, bold=True, before=18)
    subject = doc.subject.strip()
    if subject:
        _line(document, _balanced(subject, 14, _text_width(document.sections[0])), size=14, bold=True)
    _rule(document, 3.0, _text_width(document.sections[0]), before=5, after=6)
    if doc.recipient:
        _line(document, f"Kính gửi: {doc.recipient}", size=14, after=12)


def _body_paragraph(document, text: str, *, bold=False, italic=False):
    return _line(
        document,
        text,
        size=BODY_SIZE,
        bold=bold,
        italic=italic,
        align="justify",
        indent=1.27,
        after=6,
        line=1.15,
    )


def _sections(document, sections: list[Section], depth: int = 0) -> list:
    """Render sections; return the body paragraphs (not headings) in order, with ``None`` for each figure."""
    body = []
    for section in sections:
        if section.heading:
            _body_paragraph(document, section.heading, bold=depth < 2, italic=depth >= 2)
        for text in section.paragraphs:
            for line in text.split("\n"):
                if line.strip():
                    body.append(_body_paragraph(document, line.strip()))
        for figure in section.figures:
            _figure(document, figure)
            body.append(None)
        body += _sections(document, section.subsections, depth + 1)
    return body


def _figure(document, figure: Figure) -> None:
    """The picture in a centred paragraph of its own, kept on the page of its caption."""
    width = min(figure.width_cm, _text_width(document.sections[-1]))
    paragraph = _line(document, size=BODY_SIZE, before=6, after=0 if figure.caption else 6)
    paragraph.paragraph_format.keep_with_next = bool(figure.caption)
    paragraph.add_run().add_picture(io.BytesIO(figure.png), width=Cm(width))
    if figure.caption:
        _line(document, figure.caption, size=12, italic=True, before=3, after=6)


def _close_body(document, paragraphs: list) -> None:
    """Decree 30: the body ends with "./." (on a line of its own when it ends with a figure)."""
    if not paragraphs or paragraphs[-1] is None:
        _body_paragraph(document, "./.")
        return
    last = paragraphs[-1]
    runs = last.runs
    text = runs[-1].text.rstrip()
    if text.endswith("./."):
        return
    runs[-1].text = text.rstrip(".;:,") + "./."


def _closing(document, doc: OfficialDocument) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, list(CLOSING_COLUMNS))
    # the recipients and the signature stay together on one page
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", before=12)
    recipients = [r.strip().lstrip("-").strip() for r in doc.recipients if r.strip()]
    if not recipients or not recipients[-1].startswith("Lưu"):
        recipients.append(DEFAULT_ARCHIVE)
    for i, name in enumerate(recipients):
        last = i == len(recipients) - 1
        text = name.rstrip(";.") if not name.endswith("...") else name
        end = "" if last and text.endswith(".") else ("." if last else ";")
        _line(left, f"- {text}{end}", size=11, align="left")

    sig = doc.signature
    first = True
    for line in (sig.collective, sig.deputy, sig.title):
        if line.strip():
            _line(right, line.strip().upper(), size=14, bold=True, before=12 if first else 0)
            first = False
    for _ in range(4):
        _line(right, "", size=14)
    _line(right, sig.name, size=14, bold=True)


def _page_numbers(section) -> None:
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    _format(paragraph, align="center", size=13)
    _page_field(paragraph, size=13)
    # the first page keeps an empty header of its own
    first = section.first_page_header
    first.is_linked_to_previous = False
    _format(first.paragraphs[0], size=13)


def _table(document, table: Table, width_cm: float) -> None:
    """The table with its header row repeated on each page. The header is written cell by cell; the body rows are
    copies of a prepared row (one plain, one bold) whose cells hold an empty run, filled with each cell's text:
    python-docx formatting every cell cost about 1 ms a cell, a filled copy a small fraction of that (3,205
    cells: 10.3 s then 0.45 s, the whole document), for the same XML."""
    columns = len(table.columns)
    weights = table.widths_cm or [1.0] * columns
    scale = width_cm / sum(weights)
    widths = [w * scale for w in weights]
    out = document.add_table(rows=1, cols=columns)
    out.style = document.styles["Table Grid"]
    _all_borders(out)
    _widths(out, widths)
    header = out.rows[0]
    trpr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    align = table.align or ["left"] * columns
    for i, title in enumerate(table.columns):
        cell = header.cells[i]
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _line(cell, title, size=11, bold=True, before=2, after=2)
    bold_rows = set(table.bold_rows)
    templates = {
        bold: _row_template(out, widths, align, bold=bold)
        for bold in {r in bold_rows for r in range(len(table.rows))}
    }
    tbl = out._tbl
    for r, row in enumerate(table.rows):
        tbl.append(_filled_row(templates[r in bold_rows], row))


def _row_template(out, widths: list[float], align: list[str], *, bold: bool):
    """A body row as python-docx writes it (a row kept on one page; each cell its width, centred vertically, one
    paragraph in the table's format with one run in the cell's), taken out of the table to be copied: its runs
    hold only their properties."""
    row = out.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
    for i, cell in enumerate(row.cells):
        cell.width = Cm(widths[i])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        run = _line(cell, "-", size=11, bold=bold, align=align[i], before=2, after=2).runs[0]._r
        for text in run.findall(qn("w:t")):
            run.remove(text)
    out._tbl.remove(row._tr)
    return row._tr


T, BR, SPACE = qn("w:t"), qn("w:br"), qn("xml:space")


def _filled_row(template, row: list):
    """A copy of ``template`` holding ``row``'s texts (missing cells empty), written as ``_run`` writes them: each
    line a ``w:t``, a ``w:br`` between lines; an empty cell has no run, like ``_line`` with no text."""
    tr = deepcopy(template)
    for i, tc in enumerate(tr.iterchildren(qn("w:tc"))):
        text = str((row[i] if i < len(row) else "") or "")
        paragraph = tc[-1]
        run = paragraph[-1]
        if not text:
            paragraph.remove(run)
        else:
            _write_lines(run, text)
    return tr


def _write_lines(r, text: str) -> None:
    """``text`` into the run element ``r``, as python-docx's ``add_text`` and ``add_break`` write it: each line a
    ``w:t`` (its spaces kept when it has some at an end), a ``w:br`` between lines, nothing for an empty line."""
    for n, line in enumerate(text.split("\n")):
        if n:
            etree.SubElement(r, BR)
        if line:
            t = etree.SubElement(r, T)
            t.text = line
            if len(line.strip()) < len(line):
                t.set(SPACE, "preserve")


def _annex(document, annex: Annex) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _setup_page(section, landscape=annex.table.landscape)
    section.different_first_page_header_footer = False
    _line(document, annex.heading, size=14, bold=True)
    if annex.title:
        _line(document, annex.title, size=14, bold=True, before=2)
    if annex.note:
        _line(document, annex.note, size=14, italic=True, before=2)
    _rule(document, 3.0, _text_width(section), before=5, after=8)
    _table(document, annex.table, _text_width(section))


def render_docx(doc: OfficialDocument) -> bytes:
    document = Document()
    _document_defaults(document)
    section = document.sections[0]
    _setup_page(section)
    _page_numbers(section)
    core = document.core_properties
    core.title = f"{doc.kind_title.capitalize()} {doc.subject}".strip()
    core.author = " ".join(doc.issuing_body.split())
    core.language = "vi-VN"
    core.comments = ""

    _header(document, doc)
    _title(document, doc)
    body = _sections(document, doc.sections)
    _close_body(document, body)
    _closing(document, doc)
    for annex in doc.annexes:
        _annex(document, annex)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
