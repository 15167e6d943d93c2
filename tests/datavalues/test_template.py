import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from datavalues.models import DataValue
from datavalues.services import value_set
from indicators.models import Indicator
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


def workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_the_department_template_holds_only_its_parts_with_last_year_and_locked_cells(client_as):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    value_set(
        indicator=Indicator.objects.get(code="M4.1"),
        part="numerator",
        unit=tay_ninh,
        year=2025,
        value=11000,
        by=None,
    )
    sheet = workbook(client_as("department").get("/data/template.xlsx?year=2026")).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"M3.4", "M4.1", "M4.2", "M4.3", "M4.4"}  # Health's parts only
    m41 = next(r for r in rows if r[0] == "M4.1" and r[1] == "numerator")
    assert m41[11] == "11.000"  # last year's value for reference
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and not sheet["F2"].protection.locked
    assert sheet.data_validations.dataValidation[0].type == "decimal"


def test_a_filled_template_uploads_all_rows_and_a_bad_one_changes_nothing(client_as):
    client = client_as("department")
    book = workbook(client.get("/data/template.xlsx?year=2026"))
    sheet = book.active
    for row in range(2, sheet.max_row + 1):
        if sheet[f"A{row}"].value == "M4.1" and not sheet[f"I{row}"].value:  # the totals, not the cuts
            sheet[f"F{row}"] = 11200 if sheet[f"B{row}"].value == "numerator" else 10000
    out = io.BytesIO()
    book.save(out)
    response = client.post("/data/upload/", {"file": SimpleUploadedFile("filled.xlsx", out.getvalue())})
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert DataValue.objects.filter(series__indicator__code="M4.1").count() == 2
    sheet[f"F{2}"] = -5
    bad = io.BytesIO()
    book.save(bad)
    before = list(DataValue.objects.values_list("pk", "value"))
    response = client.post("/data/upload/", {"file": SimpleUploadedFile("bad.xlsx", bad.getvalue())})
    assert response.status_code == 400
    assert "value" in response.content.decode()
    assert list(DataValue.objects.values_list("pk", "value")) == before


def test_the_template_records_its_size_checks_every_value_cell_and_explains_the_value_column(client_as):
    """The template is written as a stream; it still says how many rows it holds (the upload's choice between now
    and a background job reads it), and the check and the comment cover the value column."""
    from datavalues.exchange import count_rows

    data = client_as("department").get("/data/template.xlsx?year=2026").content
    sheet = load_workbook(io.BytesIO(data)).active
    rows = sheet.max_row - 1
    assert rows > 0 and count_rows(data, "template.xlsx") == rows
    (check,) = sheet.data_validations.dataValidation
    assert str(check.sqref) == f"F2:F{rows + 1}"
    assert sheet["F1"].comment is not None and sheet["F1"].font.b and sheet.freeze_panes == "A2"
    assert sheet["J2"].alignment.wrap_text and sheet["G2"].fill.fgColor.rgb == "00FFF7D6"
