"""The errors of a refused upload, beside the rows they are about."""

from collections import defaultdict

from django.utils.translation import gettext as _

from lib.exporters import Cell, Exporter, Sheet, render_xlsx

ERROR_FILL = "FDE2E1"


class UploadErrors(Exporter):
    """Every row of the file as it was read, its line number first and its errors last ("column: problem"), the
    rows with errors filled in red. Errors of the file as a whole (line 0 or 1) come first. The rows are read
    from the file as they are written (a large upload is never held in memory twice)."""

    def __init__(self, data: bytes, name: str, errors: list):
        self.data, self.name = data, name
        self.by_line: dict[int, list[str]] = defaultdict(list)
        for line, column, message in errors:
            self.by_line[int(line)].append(f"{column}: {message}" if column else message)
        self.file_name = f"{name.rsplit('.', 1)[0] or 'tep'}-loi"

    def sheets(self):
        from datavalues.services import COLUMNS, OPTIONAL

        columns = [*COLUMNS, *OPTIONAL]
        yield Sheet(name=_("Errors"), headers=[_("Row"), *columns, _("Errors")], rows=self._rows(columns))

    def _rows(self, columns: list[str]):
        from datavalues.exchange import read_rows
        from datavalues.services import ImportRefused

        by_line = self.by_line
        for line in (0, 1):
            if by_line.get(line):
                yield [line, *[""] * len(columns), "; ".join(by_line[line])]
        shown = {0, 1}
        try:
            for line, row in read_rows(self.data, self.name):
                shown.add(line)
                yield _row(line, [row.get(c, "") for c in columns], by_line.get(line))
        except ImportRefused:  # the file cannot be read further (the error that says why is listed below)
            pass
        for line in sorted(set(by_line) - shown):  # errors of lines the reader stopped before
            yield _row(line, [""] * len(columns), by_line[line])


def _row(line: int, cells: list, problems: list[str] | None) -> list:
    if not problems:
        return [line, *cells, ""]
    return [
        *(Cell(v, fill=ERROR_FILL) for v in [line, *cells]),
        Cell("; ".join(problems), fill=ERROR_FILL, bold=True),
    ]


def errors_workbook(data: bytes, name: str, errors: list) -> bytes:
    return render_xlsx(UploadErrors(data, name, errors))
