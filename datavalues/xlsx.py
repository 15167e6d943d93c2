"""The pre-filled Excel template of a province (or one of its agencies) for a year.

Its first sheet has the exchange columns, so the filled file is imported like any exchange file. Only the value,
source and as_of cells are unlocked; the value cells accept only non-negative numbers; last year's value stands
beside each row for reference."""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from datavalues.models import DataValue
from datavalues.selectors import assignments_of, province_parts, sexes_of
from datavalues.services import COLUMNS, OPTIONAL
from lib.numbers import format_number
from lib.xlsx import inert_text

REFERENCE = ("indicator_name", "part_name", "last_year", "status")
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
INPUT_FILL = PatternFill("solid", fgColor="FFF7D6")


def entry_template(*, province, year: int, agency=None) -> bytes:
    assigned = assignments_of(province)
    parts = [
        p
        for p in province_parts(province)
        if agency is None or (assigned.get(p.pk) and assigned[p.pk].pk == agency.pk)
    ]
    stored = {
        (v.series.indicator_id, v.part, v.year, v.sex): v
        for v in DataValue.objects.filter(
            unit=province, year__in=[year, year - 1], option="", series__is_primary=True
        ).select_related("series")
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So lieu"
    header = [*COLUMNS, *OPTIONAL, *REFERENCE]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    sheet["F1"].comment = Comment("Nhập số, dấu phẩy thập phân hoặc dấu chấm; không âm.", "BDG")
    value_check = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error="Nhập một số không âm.",
    )
    sheet.add_data_validation(value_check)
    for part in parts:
        for sex in sexes_of(part.indicator):
            current = stored.get((part.indicator_id, part.kind, year, sex))
            last = stored.get((part.indicator_id, part.kind, year - 1, sex))
            sheet.append(
                [
                    part.indicator.code,
                    part.kind,
                    province.code,
                    year,
                    sex,
                    current.value if current else None,
                    current.source if current else "",
                    current.as_of.isoformat() if current and current.as_of else "",
                    inert_text(part.indicator.name_vi),
                    inert_text(part.name_vi),
                    format_number(last.value) if last else "",
                    current.get_status_display() if current else "",
                ]
            )
            row = sheet.max_row
            for column in ("F", "G", "H"):
                sheet[f"{column}{row}"].protection = Protection(locked=False)
                sheet[f"{column}{row}"].fill = INPUT_FILL
            value_check.add(f"F{row}")
    for column, width in zip("ABCDEFGHIJKL", (9, 12, 7, 6, 7, 14, 24, 12, 60, 50, 12, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2, min_col=9, max_col=10):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True  # locked cells cannot be changed; no password: it guards against slips only
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
