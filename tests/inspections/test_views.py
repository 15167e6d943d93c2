"""Inspection pages: who may read and write, the focal officer's round trip through the forms, confirmation
before deleting, the filters, and the downloads read back."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from audit.models import AuditEntry
from inspections.models import Inspection, InspectionPlan, Recommendation, RecommendationUpdate
from inspections.services import (
    inspection_cancel,
    inspection_create,
    recommendation_create,
    recommendation_set_status,
)
from inspections.xlsx import InspectionPlanExport

pytestmark = pytest.mark.django_db


def test_the_focal_officer_plans_records_results_and_follows_up_in_the_forms(
    client_as, tay_ninh, agency, ward
):
    client = client_as("focal")
    assert client.get("/inspections/").status_code == 200  # the current year's page, with its empty state
    response = client.post("/inspections/80/2025/create/")
    plan = InspectionPlan.objects.get(province=tay_ninh, year=2025)
    assert response.status_code == 302 and response["Location"] == "/inspections/80/2025/"

    form = {
        "unit": f"commune:{ward.pk}",
        "topics": "Tháng hành động vì bình đẳng giới",
        "planned_from": "2025-11-20",
        "planned_to": "2025-11-21",
        "lead_agency": agency("noi_vu").pk,
        "team_members": "Bà A",
    }
    assert client.post(f"/inspections/plans/{plan.pk}/new/", form).status_code == 302
    inspection = Inspection.objects.get(plan=plan)
    assert inspection.commune == ward and inspection.agency is None

    # a date outside the plan's year is refused on its field, and nothing changes
    bad = form | {"planned_from": "2026-01-05", "planned_to": "", "lock_version": inspection.lock_version}
    response = client.post(f"/inspections/visits/{inspection.pk}/edit/", bad)
    assert response.status_code == 200 and "planned_from" in response.context["form"].errors
    inspection.refresh_from_db()
    assert inspection.planned_from == date(2025, 11, 20)

    # two people editing: the second save, made from the version first opened, is refused
    opened = inspection.lock_version
    edit = form | {"unit": f"agency:{agency('y_te').pk}", "lock_version": opened}
    assert client.post(f"/inspections/visits/{inspection.pk}/edit/", edit).status_code == 302
    stale = client.post(
        f"/inspections/visits/{inspection.pk}/edit/", form | {"topics": "X", "lock_version": opened}
    )
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    inspection.refresh_from_db()
    assert inspection.agency == agency("y_te") and inspection.topics != "X"

    results = {
        "lock_version": inspection.lock_version,
        "done_on": "2025-11-21",
        "findings": "Đã tổ chức tốt",
        "violations_count": "0",
        "violations": "",
    }
    assert client.post(f"/inspections/visits/{inspection.pk}/results/", results).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == "done"

    recommendation = {
        "text": "Bổ sung số liệu",
        "responsible": f"agency:{agency('y_te').pk}",
        "due_on": "2025-12-31",
    }
    assert (
        client.post(f"/inspections/visits/{inspection.pk}/recommendations/new/", recommendation).status_code
        == 302
    )
    made = Recommendation.objects.get(inspection=inspection)
    page = client.get(f"/inspections/recommendations/{made.pk}/status/")
    assert page.status_code == 200 and page.context["form"]["status"].value() == "in_progress"
    status = {"lock_version": made.lock_version, "status": "done", "note": "Đã bổ sung"}
    assert client.post(f"/inspections/recommendations/{made.pk}/status/", status).status_code == 302
    made.refresh_from_db()
    assert made.status == "done"
    # from done, the only way is back to "in progress" (reopening), with a note
    choices = (
        client.get(f"/inspections/recommendations/{made.pk}/status/").context["form"].fields["status"].choices
    )
    assert [value for value, _label in choices] == ["in_progress"]
    update = RecommendationUpdate.objects.get(recommendation=made)
    assert (update.by.username, update.note, update.to_status) == ("focal", "Đã bổ sung", "done")

    page = client.get("/inspections/80/2025/").content.decode()
    assert "Bổ sung số liệu" in page and f"/inspections/plans/{plan.pk}/new/" in page
    doc = {
        "lock_version": plan.lock_version,
        "title": plan.title,
        "document_number": "12/KH-SNV",
        "issued_on": "2025-02-01",
    }
    assert client.post(f"/inspections/plans/{plan.pk}/edit/", doc).status_code == 302
    plan.refresh_from_db()
    assert plan.document_number == "12/KH-SNV"
    assert set(AuditEntry.objects.filter(unit=tay_ninh).values_list("action", flat=True)) >= {
        "inspection_plan.create",
        "inspection_plan.update",
        "inspection.create",
        "inspection.update",
        "inspection.results",
        "recommendation.create",
        "recommendation.status",
    }


def test_an_agency_from_another_province_cannot_be_posted(client_as, plan, persona):
    from agencies.models import Agency

    other = Agency.objects.get(province=persona("outsider").unit, kind__code="y_te")
    form = {
        "unit": f"agency:{other.pk}",
        "topics": "x",
        "planned_from": "2025-09-01",
        "lead_agency": other.pk,
    }
    response = client_as("focal").post(f"/inspections/plans/{plan.pk}/new/", form)
    assert response.status_code == 200 and set(response.context["form"].errors) == {"unit", "lead_agency"}
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    "who", ["department", "commune", "province_viewer", "ministry_officer", "ministry_viewer"]
)
def test_readers_read_but_cannot_write(client_as, who, recommendation, done, plan):
    client = client_as(who)
    page = client.get("/inspections/80/2025/")
    assert page.status_code == 200 and not page.context["can_edit"]
    content = page.content.decode()
    assert "Bổ sung số liệu của hai bệnh viện." in content
    assert f"/inspections/plans/{plan.pk}/new/" not in content and "/status/" not in content
    assert client.get(f"/inspections/visits/{done.pk}/").status_code == 200
    writes = [
        ("/inspections/80/2026/create/", {}),
        (f"/inspections/plans/{plan.pk}/new/", {"topics": "x"}),
        (f"/inspections/visits/{done.pk}/cancel/", {"reason": "x", "lock_version": done.lock_version}),
        (f"/inspections/visits/{done.pk}/delete/", {}),
        (
            f"/inspections/recommendations/{recommendation.pk}/status/",
            {"status": "done", "note": "x", "lock_version": 0},
        ),
        (f"/inspections/recommendations/{recommendation.pk}/delete/", {}),
    ]
    for path, data in writes:
        assert client.post(path, data).status_code == 403, path
    assert InspectionPlan.objects.count() == 1 and Inspection.objects.get().status == "done"
    assert Recommendation.objects.get().status == "open"


def test_another_province_sees_neither_the_page_nor_the_objects(client_as, recommendation, done, plan):
    client = client_as("outsider")
    assert client.get("/inspections/80/2025/").status_code == 403
    assert client.get(f"/inspections/visits/{done.pk}/").status_code == 403
    assert client.get(f"/inspections/plans/{plan.pk}/download.xlsx").status_code == 403
    assert (
        client.post(f"/inspections/visits/{done.pk}/cancel/", {"reason": "x", "lock_version": 1}).status_code
        == 403
    )
    home = client.get("/inspections/?year=2025")
    assert home.status_code == 200 and home.context["province"].code == "01" and home.context["plan"] is None


def test_the_ministry_sees_every_province_with_counts(client_as, recommendation):
    response = client_as("ministry_viewer").get("/inspections/?year=2025")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.context["summary"]["by_province"]}
    assert rows["80"]["inspections"]["done"] == 1 and rows["80"]["recommendations"]["total"] == 1
    assert "/inspections/80/2025/" in response.content.decode()


def test_deleting_asks_first_and_an_inspection_with_results_is_refused(client_as, plan, done, focal, agency):
    client = client_as("focal")
    planned = inspection_create(
        plan=plan,
        by=focal,
        agency=agency("giao_duc"),
        topics="x",
        planned_from=date(2025, 12, 1),
        lead_agency=agency("noi_vu"),
    )
    confirm = client.get(f"/inspections/visits/{planned.pk}/delete/")
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    assert Inspection.objects.filter(pk=planned.pk).exists()  # asking deletes nothing
    assert client.post(f"/inspections/visits/{planned.pk}/delete/").status_code == 302
    assert not Inspection.objects.filter(pk=planned.pk).exists()

    refusal = client.get(f"/inspections/visits/{done.pk}/delete/")
    assert (
        refusal.status_code == 200
        and refusal.context["refused"]
        and b'method="post" class="card"' not in refusal.content
    )
    response = client.post(f"/inspections/visits/{done.pk}/delete/", follow=True)
    assert Inspection.objects.filter(pk=done.pk).exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_the_recommendations_filter(client_as, done, focal, agency):
    def make(text, due, *statuses):
        r = recommendation_create(
            inspection=done, by=focal, text=text, responsible_agency=agency("y_te"), due_on=due
        )
        for status in statuses:
            recommendation_set_status(recommendation=r, by=focal, status=status, note="x")

    make("Kiến nghị quá hạn", date(2025, 12, 31))
    make("Kiến nghị đã xong", date(2025, 12, 31), "done")
    make("Kiến nghị còn hạn", date(2030, 12, 31), "in_progress")
    client = client_as("focal")

    def texts(query):
        response = client.get(f"/inspections/80/2025/{query}")
        return sorted(r.text for r in response.context["recommendations"])

    assert texts("") == ["Kiến nghị còn hạn", "Kiến nghị quá hạn", "Kiến nghị đã xong"]
    assert texts("?follow_up=overdue") == ["Kiến nghị quá hạn"]
    assert texts("?follow_up=not_done") == ["Kiến nghị còn hạn", "Kiến nghị quá hạn"]
    assert texts("?follow_up=done") == ["Kiến nghị đã xong"]
    assert texts("?follow_up=nonsense") == texts("")


def test_the_xlsx_export_reads_back_in_vietnamese(client_as, plan, done, recommendation, focal, agency, ward):
    later = inspection_create(
        plan=plan,
        by=focal,
        commune=ward,
        topics='=HYPERLINK("x")',
        planned_from=date(2025, 12, 2),
        lead_agency=agency("noi_vu"),
    )
    inspection_cancel(inspection=later, by=focal, reason="Hoãn sang năm 2026")
    response = client_as("province_viewer").get(f"/inspections/plans/{plan.pk}/download.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-kiem-tra-80-2025.xlsx"'
    assert InspectionPlanExport(plan).file_name == "ke-hoach-kiem-tra-80-2025"  # the exporter names it too
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Kế hoạch kiểm tra", "Kết quả", "Kiến nghị"]

    ws = wb["Kế hoạch kiểm tra"]
    assert ws["A1"].value == plan.title and ws["A1"].font.b and ws["A2"].font.i
    assert ws.freeze_panes == "A5" and all(c.font.b for c in ws[4])  # the header under the title, frozen
    header = [c.value for c in ws[4]]
    assert header[:4] == ["TT", "Đơn vị được kiểm tra", "Loại đơn vị", "Nội dung kiểm tra"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert [r[1] for r in rows] == ["Sở Y tế", ward.name]
    assert rows[0][2] == "Sở, ban, ngành" and rows[1][2] == "Xã, phường"
    assert rows[0][6].date() == date(2025, 9, 10) and rows[0][7].date() == date(2025, 9, 11)
    assert rows[0][8] == "Sở Nội vụ" and rows[0][10] == "Đã kiểm tra"
    assert rows[1][10] == "Đã hủy" and rows[1][11] == "Hoãn sang năm 2026"
    injected = ws.cell(row=6, column=4)
    assert injected.value == '=HYPERLINK("x")' and injected.data_type == "s" and injected.quotePrefix

    ws = wb["Kết quả"]
    results = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert len(results) == 1  # the cancelled one has no results
    assert results[0][1] == "Sở Y tế" and results[0][2].date() == date(2025, 9, 11) and results[0][4] == 1

    ws = wb["Kiến nghị"]
    recommendations = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert recommendations == [
        [
            1,
            "Sở Y tế",
            "Bổ sung số liệu của hai bệnh viện.",
            "Sở Y tế",
            recommendations[0][4],
            "Quá hạn",
            None,
            None,
        ]
    ]
    assert recommendations[0][4].date() == date(2025, 12, 31)


def test_the_docx_is_the_official_plan(client_as, plan, done, focal, agency, ward):
    later = inspection_create(
        plan=plan,
        by=focal,
        commune=ward,
        topics="Hoãn",
        planned_from=date(2025, 12, 2),
        lead_agency=agency("noi_vu"),
    )
    inspection_cancel(inspection=later, by=focal, reason="Hoãn")
    response = client_as("ministry_officer").get(f"/inspections/plans/{plan.pk}/download.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "KẾ HOẠCH" in text and "I. MỤC ĐÍCH, YÊU CẦU" in text and "V. TỔ CHỨC THỰC HIỆN" in text
    assert "Sở Y tế: từ ngày 10/09/2025 đến ngày 11/09/2025." in text
    assert "SỞ NỘI VỤ" in cells and ward.name not in text + cells  # the cancelled inspection is left out
    assert client_as("focal").get(f"/inspections/plans/{plan.pk}/download.pdf").status_code == 404
