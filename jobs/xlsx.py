"""The errors of a refused upload, beside the rows they are about."""

from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from lib.xlsx import FORMULA_START, to_bytes, write_only_cell

ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def errors_workbook(data: bytes, name: str, errors: list) -> bytes:
    """Every row of the file as it was read, its line number first and its errors last ("column: problem"), the
    rows with errors filled in red. Errors of the file as a whole (line 0 or 1) come first."""
    from datavalues.exchange import read_rows
    from datavalues.services import COLUMNS, OPTIONAL, ImportRefused

    by_line: dict[int, list[str]] = defaultdict(list)
    for line, column, message in errors:
        by_line[int(line)].append(f"{column}: {message}" if column else message)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Errors"))
    columns = [*COLUMNS, *OPTIONAL]
    sheet.append([_("Row"), *columns, _("Errors")])
    for line in (0, 1):
        if by_line.get(line):
            sheet.append([line, *[""] * len(columns), "; ".join(by_line[line])])
    bold = Font(bold=True)
    shown = {0, 1}
    try:
        for line, row in read_rows(data, name):
            shown.add(line)
            _append(sheet, line, [row.get(c, "") for c in columns], by_line.get(line), bold)
    except ImportRefused:  # the file cannot be read further (the error that says why is listed below)
        pass
    for line in sorted(set(by_line) - shown):  # errors of lines the reader stopped before
        _append(sheet, line, [""] * len(columns), by_line[line], bold)
    return to_bytes(workbook)


def _append(sheet, line: int, cells: list, problems: list[str] | None, bold) -> None:
    values = [line, *cells, "; ".join(problems) if problems else ""]
    if problems:
        written = [write_only_cell(sheet, v, fill=ERROR_FILL) for v in values]
        written[-1].font = bold
        sheet.append(written)
    else:
        sheet.append(
            [
                write_only_cell(sheet, v) if isinstance(v, str) and v.startswith(FORMULA_START) else v
                for v in values
            ]
        )
