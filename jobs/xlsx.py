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
    try:
        rows = read_rows(data, name)
    except ImportRefused:
        rows = iter(())
    bold = Font(bold=True)
    for line, row in rows:
        problems = by_line.get(line)
        values = [line, *(row.get(c, "") for c in columns), "; ".join(problems) if problems else ""]
        if problems:
            cells = [write_only_cell(sheet, v, fill=ERROR_FILL) for v in values]
            cells[-1].font = bold
            sheet.append(cells)
        else:
            sheet.append(
                [
                    write_only_cell(sheet, v) if isinstance(v, str) and v.startswith(FORMULA_START) else v
                    for v in values
                ]
            )
    return to_bytes(workbook)
