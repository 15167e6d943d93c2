"""Writing Excel cells safely, shared by every workbook the system produces.

Formula injection: a text cell whose content starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return)
is written as a string cell (``data_type = "s"``, never a formula) with the ``quotePrefix`` cell style, which is
what Excel sets when a user types a leading apostrophe: the text is shown and re-edited as text, never evaluated."""

import io
from decimal import Decimal

from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list for CSV and spreadsheet formula injection
HEADER_FONT = Font(bold=True)


def inert_text(text: str) -> str:
    """Text for a CSV cell, or a cell whose style cannot be set, that no spreadsheet runs as a formula: a leading
    apostrophe when it starts with ``FORMULA_START``, except a plain number such as ``-5`` (a number, not a
    formula, which a file read back must keep). The one escaping of every export."""
    if not text.startswith(FORMULA_START):
        return text
    if text[:1] in "+-":
        try:
            Decimal(text)
        except ArithmeticError:
            return "'" + text
        return text
    return "'" + text


def _cell_text(value):
    """Text as a worksheet can hold it: the control characters XML 1.0 forbids (and openpyxl refuses) become "?"
    (they come from a damaged file a person uploaded; the workbook of its errors still opens)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("?", value) if isinstance(value, str) else value


def put(ws, row: int, column: int, value):
    """Write a cell; text that a spreadsheet would read as a formula is stored as inert text."""
    value = _cell_text(value)
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = value.normalize()
        value = int(value) if value == value.to_integral_value() else value
    cell.value = value
    return _inert(cell, value)


def write_only_cell(ws, value, *, fill=None):
    """A cell of a write-only sheet (large workbooks), its text kept inert as ``put`` does."""
    from openpyxl.cell import WriteOnlyCell

    value = _cell_text(value)
    cell = _inert(WriteOnlyCell(ws, value=value), value)
    if fill is not None:
        cell.fill = fill
    return cell


def _inert(cell, value):
    """Text that a spreadsheet would read as a formula stays a string cell with Excel's leading-apostrophe style."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def header(
    ws,
    names: list[str],
    comments: dict[str, str] | None = None,
    widths: list[float] | None = None,
    *,
    row: int = 1,
):
    """Bold column names on ``row`` (frozen above the data), with optional comments and widths."""
    for i, name in enumerate(names, start=1):
        cell = put(ws, row, i, name)
        cell.font = HEADER_FONT
        if comments and name in comments:
            cell.comment = Comment(comments[name], "binhdanggioi")
        if widths:
            ws.column_dimensions[get_column_letter(i)].width = widths[i - 1]
    ws.freeze_panes = f"A{row + 1}"


def to_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
