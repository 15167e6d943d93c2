"""Exporters yield rows; renderers make the files (in the spirit of pretix's ``ListExporter``).

An exporter names its file and yields its sheets (``Sheet``): a name, the column headers and the rows, plus how the
sheet is laid out (widths, number formats, lines of title above the header, an autofilter). A row is a list of
plain values, or of ``Cell``s where one cell needs more (a format, bold, a fill, an unlocked input cell). The
renderers write every download the same way:

- ``render_xlsx``: one worksheet a sheet, written as a stream (openpyxl's write-only mode); the header bold and
  frozen, the widths given, dates as ``DD/MM/YYYY``, ``Decimal`` as a number (an integral one as an integer),
  text that a spreadsheet would read as a formula kept as text (a string cell with Excel's leading-apostrophe
  style, ``quotePrefix``), characters XML forbids replaced by "?". Input templates use the extension points:
  ``Cell(unlocked=True)``, ``Sheet.protect``, ``Sheet.validations``, ``Sheet.comments``.
- ``render_csv``: the one sheet's header and rows, UTF-8 with a byte order mark so that Excel shows Vietnamese
  letters (``bom=False`` for a machine file), lines ended CRLF as RFC 4180 says, text made inert with a leading
  apostrophe (``lib.xlsx.inert_text``), numbers as machine numbers, dates in ISO form.

Columns are counted from 1, as in a spreadsheet (column 6 is F). Plain Python, no models: an app's exporter reads
its selectors and yields rows; no module outside this one builds a ``Workbook`` for a download
(``tests/lib/test_no_hand_built_workbooks.py``)."""

import csv
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lib.xlsx import FORMULA_START, inert_text

INTEGER = "#,##0"
NUMBER = "#,##0.##"
DECIMAL = "#,##0.######"
PERCENT = "0.0%"
DATE = "DD/MM/YYYY"
FORMATS = {"integer": INTEGER, "number": NUMBER, "decimal": DECIMAL, "percent": PERCENT, "date": DATE}
COMMENT_AUTHOR = "binhdanggioi"
MAX_SHEET_NAME = 31  # Excel refuses a longer one
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Cell:
    """A value with what its cell needs beyond the default. ``format``: a name of ``FORMATS`` or an Excel number
    format; ``align``: a horizontal alignment ("center"); ``fill``: an RGB colour ("FDE2E1"); ``unlocked``: a cell
    a person may change on a protected sheet (an input cell of a template)."""

    value: Any = None
    format: str | None = None
    bold: bool = False
    italic: bool = False
    size: float | None = None
    wrap: bool = False
    align: str | None = None
    fill: str | None = None
    unlocked: bool = False


@dataclass(frozen=True, slots=True)
class Validation:
    """A check Excel makes on the cells of ``column`` in every row below the header (openpyxl's data validation;
    the default accepts a number not below zero, or an empty cell)."""

    column: int
    type: str = "decimal"
    operator: str = "greaterThanOrEqual"
    formula1: str = "0"
    error_title: str = ""
    error: str = ""


@dataclass
class Sheet:
    """One sheet of an exporter: ``headers`` on one row (none: the rows start at the top, as for notes), the
    ``rows`` below it (any iterable, read once), ``title`` lines above the header followed by an empty line.

    ``formats``: a number format by column, for the numbers and dates in it; ``wrap``: the columns whose text
    wraps (``True``: all); ``freeze_columns``: columns kept in view beside the frozen header; ``autofilter``:
    Excel's filter buttons on the header; ``protect``: only ``Cell(unlocked=True)`` may be changed (no password:
    it guards against slips)."""

    name: str
    headers: Sequence[str | Cell] = ()
    rows: Iterable[Sequence[Any]] = ()
    title: Sequence[str | Cell] = ()
    widths: Sequence[float] = ()
    comments: Mapping[str, str] = field(default_factory=dict)
    formats: Mapping[int, str] = field(default_factory=dict)
    wrap: Collection[int] | bool = ()
    header_fill: str | None = None
    freeze: bool = True
    freeze_columns: int = 0
    autofilter: bool = False
    validations: Sequence[Validation] = ()
    protect: bool = False

    @property
    def header_row(self) -> int:
        """The row of the header (1 without title lines; below the title and an empty line otherwise)."""
        return len(self.title) + 2 if self.title else 1


class Exporter:
    """A download: its file name and its sheets. Subclasses yield ``Sheet``s from ``sheets()``."""

    file_name = "export"

    def sheets(self) -> Iterable[Sheet]:
        raise NotImplementedError

    def xlsx(self) -> bytes:
        return render_xlsx(self)

    def xlsx_response(self) -> HttpResponse:
        """The workbook as a download named ``file_name``.xlsx: what every view that offers one answers."""
        response = HttpResponse(self.xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{self.file_name}.xlsx")
        return response

    def csv(self, *, bom: bool = True) -> bytes:
        return render_csv(self, bom=bom)


class ListExporter(Exporter):
    """An exporter of one sheet: ``headers()`` and ``rows()``, laid out by the class's attributes."""

    sheet_name = "Sheet"
    widths: Sequence[float] = ()
    formats: Mapping[int, str] = {}
    wrap: Collection[int] | bool = ()
    autofilter = False

    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def title(self) -> Sequence[str | Cell]:
        return ()

    def sheets(self) -> Iterable[Sheet]:
        yield Sheet(
            name=self.sheet_name,
            headers=self.headers(),
            rows=self.rows(),
            title=self.title(),
            widths=self.widths,
            formats=self.formats,
            wrap=self.wrap,
            autofilter=self.autofilter,
        )


def bold(values: Iterable[Any]) -> list[Cell]:
    """A row in bold: a heading inside a sheet, or its totals."""
    return [Cell(value, bold=True) for value in values]


def notes(name: str, lines: Iterable[str], *, width: float = 120) -> Sheet:
    """A sheet of explanations: one line a row in a wide column, wrapped, the first in bold."""
    return Sheet(
        name=name,
        rows=([Cell(line, bold=n == 0, wrap=True)] for n, line in enumerate(lines)),
        widths=[width],
        freeze=False,
    )


# --- XLSX --------------------------------------------------------------------------------------------------------


def render_xlsx(exporter: Exporter | Iterable[Sheet]) -> bytes:
    """The workbook of an exporter (or of sheets), every sheet written as a stream."""
    sheets = exporter.sheets() if isinstance(exporter, Exporter) else exporter
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write_sheet(workbook, sheet: Sheet) -> None:
    ws = workbook.create_sheet(sheet.name[:MAX_SHEET_NAME])
    for column, width in enumerate(sheet.widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    header_row = sheet.header_row
    if sheet.headers and sheet.freeze:
        ws.freeze_panes = f"{get_column_letter(sheet.freeze_columns + 1)}{header_row + 1}"
    rows = sheet.rows
    if isinstance(
        rows, Sequence
    ):  # the size is known: say it, as Excel does (readers use it for progress bars)
        width = max([len(sheet.headers), 1 if sheet.title else 0, *(len(r) for r in rows)], default=0)
        height = (header_row if sheet.headers else header_row - 1) + len(rows)
        ref = f"A1:{get_column_letter(max(width, 1))}{max(height, 1)}"
        ws.calculate_dimension = lambda: ref  # openpyxl's writer asks the sheet for it before the rows

    for line in sheet.title:  # in the first column, overflowing to the right: no column's wrap or format
        spec = line if isinstance(line, Cell) else Cell(line)
        ws.append([_styled(ws, spec, _plain(spec.value), spec.format)])
    if sheet.title:
        ws.append([])
    if sheet.headers:
        ws.append(
            [_header_cell(ws, name, column, sheet) for column, name in enumerate(sheet.headers, start=1)]
        )
    last_row, last_column = header_row if sheet.headers else header_row - 1, len(sheet.headers)
    cell = _cell_writer(ws, sheet)
    for values in rows:
        ws.append([cell(value, column) for column, value in enumerate(values, start=1)])
        last_row += 1
        last_column = max(last_column, len(values))

    if sheet.autofilter and sheet.headers:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(last_column)}{last_row}"
    first = header_row + 1 if sheet.headers else 1
    for check in sheet.validations:
        rule = DataValidation(
            type=check.type,
            operator=check.operator,
            formula1=check.formula1,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=check.error_title or None,
            error=check.error or None,
        )
        if last_row >= first:
            letter = get_column_letter(check.column)
            rule.add(f"{letter}{first}:{letter}{last_row}")
        ws.data_validations.append(rule)
    if sheet.protect:
        ws.protection.sheet = True


def _header_cell(ws, name, column: int, sheet: Sheet):
    given = name if isinstance(name, Cell) else Cell(name)
    text = given.value
    spec = replace(given, bold=True, fill=given.fill or sheet.header_fill, unlocked=False)
    cell = _styled(ws, spec, _plain(text), None)
    if text in sheet.comments:
        cell.comment = Comment(sheet.comments[text], COMMENT_AUTHOR)
    return cell


def _plain(value):
    """A value as a worksheet holds it: ``Decimal`` normalised (an integral one as ``int``), text without the
    control characters XML 1.0 forbids (from a damaged upload; the workbook still opens)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("?", value)
    if isinstance(value, Decimal):
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else value
    return value


def _default_format(value, column: int, sheet: Sheet) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if column in sheet.formats:
        return sheet.formats[column]
    if isinstance(value, date | datetime):
        return DATE
    return None


def _wraps(column: int, sheet: Sheet) -> bool:
    return sheet.wrap is True or (sheet.wrap is not False and column in sheet.wrap)


def _cell_writer(ws, sheet: Sheet):
    """``cell(value, column)`` for the rows of ``sheet``: plain text and numbers that need nothing more go to the
    sheet as they are (most cells of a large download), anything else through ``_xlsx_cell``."""
    formats, wrap_all = sheet.formats, sheet.wrap is True
    wrapped = frozenset() if isinstance(sheet.wrap, bool) else frozenset(sheet.wrap)

    def cell(value, column: int):
        kind = type(value)
        if value is None:
            return None
        if kind is str:
            if not value.isprintable():  # every character XML forbids is a control character, not printable
                value = ILLEGAL_CHARACTERS_RE.sub("?", value)
            if wrap_all or column in wrapped or value.startswith(FORMULA_START):
                return _xlsx_cell(ws, value, column, sheet)
            return value
        if (kind is int or kind is float) and not (wrap_all or column in wrapped or column in formats):
            return value
        return _xlsx_cell(ws, value, column, sheet)

    return cell


def _xlsx_cell(ws, value, column: int, sheet: Sheet):
    """A plain value when nothing is needed beyond it (the fast path); otherwise a styled write-only cell."""
    if isinstance(value, Cell):
        plain = _plain(value.value)
        number_format = value.format or _default_format(value.value, column, sheet)
        wrap = value.wrap or _wraps(column, sheet)
        return _styled(ws, replace(value, wrap=wrap) if wrap != value.wrap else value, plain, number_format)
    plain = _plain(value)
    number_format = _default_format(value, column, sheet)
    wrap = _wraps(column, sheet) and plain is not None
    if (
        number_format is None
        and not wrap
        and not (isinstance(plain, str) and plain.startswith(FORMULA_START))
    ):
        return plain
    return _styled(ws, Cell(plain, wrap=wrap), plain, number_format)


def _styled(ws, spec: Cell, plain, number_format: str | None):
    cell = WriteOnlyCell(ws, value=plain)
    quoted = isinstance(plain, str) and plain.startswith(FORMULA_START)
    if quoted:
        cell.data_type = "s"  # text, never a formula
    key = (
        quoted,
        number_format,
        spec.bold,
        spec.italic,
        spec.size,
        spec.wrap,
        spec.align,
        spec.fill,
        spec.unlocked,
    )
    styles = _styles_of(ws.parent)
    style = styles.get(key)
    if style is None:  # the first cell of this look in the workbook: register its style, then copy it
        if quoted:
            cell.quotePrefix = True
        if number_format:
            cell.number_format = FORMATS.get(number_format, number_format)
        if spec.bold or spec.italic or spec.size:
            cell.font = _font(spec.bold, spec.italic, spec.size)
        if spec.wrap or spec.align:
            cell.alignment = _alignment(spec.wrap, spec.align)
        if spec.fill:
            cell.fill = _fill(spec.fill)
        if spec.unlocked:
            cell.protection = UNLOCKED
        styles[key] = style = copy(cell._style)
    else:
        cell._style = copy(style)
    return cell


def _styles_of(workbook) -> dict:
    """The styles already registered in ``workbook``, by look: setting a font or a format on a cell looks it up in
    the workbook's lists each time, copying the resulting indices is several times faster."""
    styles = getattr(workbook, "_exporter_styles", None)
    if styles is None:
        styles = workbook._exporter_styles = {}
    return styles


UNLOCKED = Protection(locked=False)


@lru_cache(maxsize=64)
def _font(bold: bool, italic: bool, size: float | None) -> Font:
    return Font(bold=bold, italic=italic, size=size)


@lru_cache(maxsize=64)
def _alignment(wrap: bool, horizontal: str | None) -> Alignment:
    return Alignment(wrap_text=wrap or None, vertical="top" if wrap else None, horizontal=horizontal)


@lru_cache(maxsize=64)
def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=colour)


# --- CSV ---------------------------------------------------------------------------------------------------------


def render_csv(exporter: Exporter | Iterable[Sheet], *, bom: bool = True) -> bytes:
    """The header and rows of the exporter's one sheet as CSV (a CSV has no title lines and no second sheet)."""
    sheets = list(exporter.sheets() if isinstance(exporter, Exporter) else exporter)
    if len(sheets) != 1:
        raise ValueError(f"A CSV file holds one sheet; this exporter has {len(sheets)}.")
    sheet = sheets[0]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if sheet.headers:
        writer.writerow([csv_cell(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def csv_cell(value) -> str:
    """A value as CSV text: nothing for None, a machine number, an ISO date, inert text."""
    kind = type(value)
    if kind is str:  # the common cases first: a large file is mostly text and whole numbers
        return inert_text(value)
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if kind is Cell:
        return csv_cell(value.value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str):
        return inert_text(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)
