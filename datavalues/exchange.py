"""The data exchange file: CSV, or XLSX with the same columns on the first sheet, one value a row:
indicator,part,unit,year,sex,value[,source,as_of,disaggregation]. ``disaggregation`` names the value's cut other than
sex in the syntax of ``indicators.cuts`` (``area=urban;age=0-15``); empty, or no such column, is the total."""

import csv
import io
import re
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from datavalues.models import DataValue
from datavalues.services import COLUMNS, OPTIONAL, ImportRefused
from lib.dates import year_end
from lib.exporters import ListExporter, Sheet, render_csv
from units.models import AdminUnit, Level


def read_rows(data: bytes, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs from a CSV or XLSX file, read as a stream; a file without the required columns is
    refused at once, before any row is read."""
    table = _xlsx_table(data) if name.lower().endswith(".xlsx") else _csv_table(data)
    first = next(table, None)
    if first is None:
        raise ImportRefused([(1, "", _("The file is empty."))])
    header = [str(h or "").strip().lower() for h in first]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        table.close()
        raise ImportRefused([(1, c, _("The column “%(c)s” is missing.") % {"c": c}) for c in missing])
    return _rows(table, header, whole=not name.lower().endswith(".xlsx"))


def _rows(table: Iterator[list], header: list[str], *, whole: bool) -> Iterator[tuple[int, dict[str, str]]]:
    """``whole``: every line of a CSV has the header's cells (a quotation mark left open or a comma too many
    shifts the cells, and the file is refused rather than read into the wrong columns)."""
    wanted = [(i, h) for i, h in enumerate(header) if h in (*COLUMNS, *OPTIONAL)]
    try:
        for number, cells in enumerate(table, start=2):
            if whole and _shifted(cells, len(header)):
                raise ImportRefused(
                    [
                        (
                            number,
                            "",
                            _(
                                "Line %(line)s has %(cells)s cells but the header has %(columns)s: a comma or a "
                                "quotation mark too many or too few."
                            )
                            % {"line": number, "cells": len(cells), "columns": len(header)},
                        )
                    ]
                )
            if whole and any("\n" in c or "\r" in c for c in cells):
                raise ImportRefused(
                    [
                        (
                            number,
                            "",
                            _(
                                "Line %(line)s: a cell runs over several lines, most likely a quotation mark that "
                                "is opened and not closed."
                            )
                            % {"line": number},
                        )
                    ]
                )
            row = {h: _text(cells[i]) if i < len(cells) else "" for i, h in wanted}
            if any(row.values()):
                yield number, row
    finally:
        table.close()  # the workbook of an XLSX, even when the reader stops early


def _shifted(cells: list, columns: int) -> bool:
    """A line that is not empty and has fewer cells than the header, or more that hold something."""
    if not any(str(c).strip() for c in cells):
        return False
    return len(cells) < columns or any(str(c).strip() for c in cells[columns:])


def count_rows(data: bytes, name: str) -> int | None:
    """How many rows the file says it has below its header (for a progress bar), without reading them: the lines
    of a CSV, the sheet's recorded size of an XLSX (None when the workbook does not record it)."""
    if not name.lower().endswith(".xlsx"):
        return max(data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1, 0)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - reading the rows will say what is wrong with the file
        return None
    try:
        rows = workbook.worksheets[0].max_row
        return rows - 1 if rows else None
    except Exception:  # noqa: BLE001 - no sheet, a sheet that cannot be parsed: reading the rows will say so
        return None
    finally:
        workbook.close()


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return format(Decimal(repr(cell)).normalize(), "f")
    if hasattr(cell, "isoformat"):
        return cell.isoformat()[:10]
    return str(cell).strip()


def _csv_table(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([(0, "", _("The file is not a CSV file in UTF-8."))]) from exc
    control = CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise ImportRefused(
            [
                (
                    line,
                    "",
                    _(
                        "Line %(line)s holds a control character (code %(code)s) that a file of figures cannot "
                        "contain: the file is damaged. Save it again from Excel as “CSV UTF-8”."
                    )
                    % {"line": line, "code": ord(control.group())},
                )
            ]
        )
    try:
        yield from csv.reader(io.StringIO(text))
    except csv.Error as exc:
        raise ImportRefused([(0, "", _("The file is not a CSV file in UTF-8."))]) from exc


# characters no text a person typed holds (tab, line feed and carriage return are allowed): a damaged or binary file
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _xlsx_table(data: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same answer
        raise ImportRefused([(0, "", _("The file is not an Excel workbook (.xlsx)."))]) from exc
    try:
        try:
            rows = workbook.worksheets[0].iter_rows(values_only=True)
        except IndexError as exc:  # a workbook without a sheet
            raise ImportRefused([(0, "", _("The file is not an Excel workbook (.xlsx)."))]) from exc
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - a sheet is parsed as it is read: broken XML, cut-off archive
                raise ImportRefused([(0, "", _("The file is not an Excel workbook (.xlsx)."))]) from exc
            yield list(row)
    finally:
        workbook.close()


class ValuesExport(ListExporter):
    """The values of ``unit`` and the units below it (communes; former provinces merged into it) for ``year``, in
    the exchange format, primary series only: every cell text, as the file is read back."""

    sheet_name = "values"

    def __init__(self, unit: AdminUnit, year: int):
        self.unit, self.year = unit, year
        self.file_name = f"values-{unit.code}-{year}"

    def headers(self) -> list[str]:
        return [*COLUMNS, *OPTIONAL]

    def rows(self) -> Iterator[list[str]]:
        unit, year = self.unit, self.year
        if unit.level == Level.NATION:
            scope = DataValue.objects.all()
        else:
            scope = DataValue.objects.filter(
                unit__in=AdminUnit.objects.filter(pk=unit.pk)
                | AdminUnit.objects.filter(parent=unit)
                | AdminUnit.objects.filter(merged_into=unit)
            )
        values = (
            scope.filter(year=year, series__is_primary=True)
            .select_related("series__indicator", "unit")
            .order_by("series__indicator__code", "unit__code", "part", "sex", "option")
        )
        for v in values:
            if not v.unit.valid_on(year_end(year)):
                continue
            yield [
                v.series.indicator.code,
                v.part,
                v.unit.code,
                str(year),
                v.sex,
                format(v.value.normalize(), "f"),
                v.source,
                v.as_of.isoformat() if v.as_of else "",
                v.option,
            ]


def write_csv(rows: list[list[str]]) -> str:
    """The exchange CSV of ``rows`` (the header first), without a byte order mark, lines ended as RFC 4180 says
    (CRLF): the writer then quotes a cell holding a carriage return, which a reader would otherwise take for the
    end of the row."""
    if not rows:
        return ""
    return render_csv([Sheet("values", headers=rows[0], rows=rows[1:])], bom=False).decode("utf-8")
