"""The plan workbook: export, import of targets (all or nothing), and inert formula-looking text."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from plans.models import PlanTarget
from plans.services import plan_target_set, task_create
from plans.xlsx import TargetImportError, plan_targets_import, plan_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["indicator", "year", "comparator", "value", "reason", "name", "unit", "national_target", "baseline"]


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws, code: str, year: int) -> int:
    return next(
        r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code and ws.cell(r, 2).value == year
    )


def editable(ws) -> list[tuple]:
    rows = []
    for code, year, comparator, value, reason, *_rest in ws.iter_rows(min_row=2, values_only=True):
        number = Decimal(str(value).replace(",", ".")).normalize()
        rows.append((code, year, comparator, number, reason or ""))
    return sorted(rows)


def db_targets(plan) -> list[tuple]:
    return sorted(
        (t.plan_indicator.indicator.code, t.year, t.comparator, t.value.normalize(), t.reason)
        for t in PlanTarget.objects.filter(plan_indicator__plan=plan).select_related(
            "plan_indicator__indicator"
        )
    )


def test_export_has_machine_headers_and_one_row_per_target(full_plan):
    wb = workbook(plan_xlsx(full_plan))
    assert wb.sheetnames == ["Chỉ tiêu", "Nhiệm vụ", "Kinh phí", "Hướng dẫn"]
    ws = wb["Chỉ tiêu"]
    assert [c.value for c in ws[1]] == HEADER
    assert ws["A1"].comment is not None  # the Vietnamese name of the column
    assert ws.max_row - 1 == PlanTarget.objects.filter(plan_indicator__plan=full_plan).count() == 18
    m21 = row_of(ws, "M2.1", 2025)
    assert [c.value for c in ws[m21]][:4] == ["M2.1", 2025, ">=", 50]
    assert ws.cell(m21, 8).value == "≥ 50"
    assert wb["Nhiệm vụ"]["B2"].value == "Chiến dịch truyền thông Tháng hành động"


def test_targets_changed_in_the_workbook_are_imported_and_exported_again(full_plan, persona):
    wb = workbook(plan_xlsx(full_plan))
    ws = wb["Chỉ tiêu"]
    m21 = row_of(ws, "M2.1", 2025)
    ws.cell(m21, 4).value = 40
    ws.cell(m21, 5).value = "Cơ cấu kinh tế nông nghiệp của tỉnh"
    m61 = row_of(ws, "M6.1", 2025)
    ws.cell(m61, 4).value = "65,5"  # Vietnamese decimal comma, as text
    m41 = row_of(ws, "M4.1", 2025)
    ws.cell(m41, 3).value = "≤"
    ws.cell(m41, 4).value = 110
    new = ws.max_row + 1
    for column, value in enumerate(["M2.1", 2030, ">=", 62.5, ""], start=1):
        ws.cell(new, column).value = value
    expected = editable(ws)

    count = plan_targets_import(plan=full_plan, data=save(wb), by=persona("focal"))

    assert count == 19
    assert db_targets(full_plan) == [
        (c, y, "<=" if cmp == "≤" else cmp, v, r) for c, y, cmp, v, r in expected
    ]
    assert editable(workbook(plan_xlsx(full_plan))["Chỉ tiêu"]) == db_targets(full_plan)
    assert full_plan.plan_indicators.get(indicator__code="M6.1").targets.get(year=2025).value == Decimal(
        "65.5"
    )


def test_a_broken_workbook_saves_nothing_and_lists_every_error(full_plan, persona):
    wb = workbook(plan_xlsx(full_plan))
    ws = wb["Chỉ tiêu"]
    ws.cell(row_of(ws, "M6.1", 2025), 4).value = 70  # a good row: not saved either
    ws.cell(row_of(ws, "M1.1", 2025), 1).value = "M9.9"
    bad_year = row_of(ws, "M2.2", 2025)
    ws.cell(bad_year, 2).value = "hai nghìn"
    bad_comparator = row_of(ws, "M2.3", 2025)
    ws.cell(bad_comparator, 3).value = "~"
    bad_number = row_of(ws, "M3.1", 2025)
    ws.cell(bad_number, 4).value = "abc"
    weaker = row_of(ws, "M2.1", 2025)
    ws.cell(weaker, 4).value = 40
    unknown = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "M9.9")
    before, audit_before = db_targets(full_plan), AuditEntry.objects.count()

    with pytest.raises(TargetImportError) as error:
        plan_targets_import(plan=full_plan, data=save(wb), by=persona("focal"))

    found = {(row, column) for row, column, _message in error.value.errors}
    assert found == {
        (unknown, "indicator"),
        (bad_year, "year"),
        (bad_comparator, "comparator"),
        (bad_number, "value"),
        (weaker, "reason"),
    }
    messages = {(row, column): message for row, column, message in error.value.errors}
    assert messages[(bad_number, "value")] == f"Dòng {bad_number}, cột value: “abc” không phải là số."
    assert "thấp hơn chỉ tiêu quốc gia (≥ 50)" in messages[(weaker, "reason")]
    assert "M9.9" in messages[(unknown, "indicator")]
    assert db_targets(full_plan) == before
    assert AuditEntry.objects.count() == audit_before


def test_a_file_that_is_not_a_workbook_is_refused(full_plan, persona):
    with pytest.raises(TargetImportError) as error:
        plan_targets_import(plan=full_plan, data=b"indicator,year\nM2.1,2025\n", by=persona("focal"))
    assert error.value.errors == [(0, "", "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")]


def test_formula_looking_text_is_exported_as_inert_text_and_comes_back_unchanged(full_plan, persona, agency):
    focal = persona("focal")
    title = '=HYPERLINK("http://example.invalid","bấm vào đây")'
    outputs = "@SUM(A1:A9)"
    reason = "+cmd|' /C calc'!A0"
    task_create(
        plan=full_plan,
        by=focal,
        category="statistics",
        title=title,
        lead_agency=agency("thong_ke"),
        expected_outputs=outputs,
    )
    m21 = full_plan.plan_indicators.get(indicator__code="M2.1")
    plan_target_set(plan_indicator=m21, year=2025, comparator=">=", value="40", by=focal, reason=reason)
    m42 = full_plan.plan_indicators.get(indicator__code="M4.2")
    plan_target_set(plan_indicator=m42, year=2025, comparator="=", value="40", by=focal, reason="-1+1")

    data = plan_xlsx(full_plan)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    wb = workbook(data)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    for text in (title, outputs, reason, "-1+1", "="):
        matches = [c for c in cells if c.value == text]
        assert matches, text
        assert all(c.data_type == "s" and c.quotePrefix for c in matches), text

    plan_targets_import(plan=full_plan, data=data, by=focal)
    assert m21.targets.get(year=2025).reason == reason
    assert m42.targets.get(year=2025).comparator == "="


def test_a_broken_workbook_of_plan_targets_is_refused_in_vietnamese(client_as, full_plan):
    """Finding 4 of issue 13: a sheet whose XML is cut off gave a server error at /plans/<id>/import/."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from plans.models import PlanTarget
    from tests.datavalues.test_bad_files import broken_xlsx

    before = list(PlanTarget.objects.order_by("pk").values_list("pk", "value"))
    response = client_as("focal").post(
        f"/plans/{full_plan.pk}/import/", {"file": SimpleUploadedFile("broken.xlsx", broken_xlsx())}
    )
    assert response.status_code == 400
    assert "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ." in response.content.decode()
    assert list(PlanTarget.objects.order_by("pk").values_list("pk", "value")) == before
