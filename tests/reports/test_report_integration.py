"""The annual report carries the inspections and the funds (planned, allocated, spent) of its year."""

import io
from datetime import date

import pytest
from docx import Document

from inspections.services import (
    inspection_create,
    inspection_plan_create,
    inspection_record_results,
    recommendation_create,
)
from plans.models import BudgetLine
from plans.services import budget_execution_set, budget_line_set, plan_create, task_create
from reports.assemble import assemble, changed_figures
from reports.content import canonical
from reports.documents import report_docx
from reports.services import report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026(tay_ninh, persona, agency):
    focal = persona("focal")
    plan = plan_create(province=tay_ninh, kind="annual", start_year=2026, by=focal)
    task = task_create(
        plan=plan, by=focal, category="capacity", title="Tập huấn", lead_agency=agency("noi_vu")
    )
    budget_line_set(task=task, year=2026, source="local_recurrent", amount="100.000.000", by=focal)
    line = BudgetLine.objects.get(task=task)
    budget_execution_set(line=line, allocated="80.000.000", spent="90.000.000", by=focal)
    inspections = inspection_plan_create(province=tay_ninh, year=2026, by=focal)
    visit = inspection_create(
        plan=inspections,
        by=focal,
        agency=agency("y_te"),
        topics="Thu thập số liệu tách biệt theo giới",
        planned_from=date(2026, 5, 4),
        planned_to=date(2026, 5, 5),
        lead_agency=agency("noi_vu"),
    )
    inspection_record_results(inspection=visit, by=focal, done_on=date(2026, 5, 5), findings="Đạt yêu cầu")
    recommendation_create(
        inspection=visit,
        by=focal,
        text="Bổ sung số liệu theo giới",
        responsible_agency=agency("y_te"),
        due_on=date(2026, 6, 30),
    )
    return report_for(unit=tay_ninh, kind="annual", year=2026)


def test_the_report_has_the_funds_and_the_inspections_of_its_year(year_2026):
    snapshot = assemble(year_2026)
    [fund] = snapshot["funds"]
    assert (fund["amount"], fund["allocated"], fund["spent"]) == ("100000000", "80000000", "90000000")
    assert fund["flag"] == "over_allocated"
    assert snapshot["funds_totals"] == {"planned": "100000000", "allocated": "80000000", "spent": "90000000"}
    inspections = snapshot["inspections"]
    assert inspections["inspections"]["done"] == 1 and inspections["recommendations"]["total"] == 1
    assert inspections["done"][0]["unit"] == "Sở Y tế"

    texts = [p.text for p in Document(io.BytesIO(report_docx(snapshot))).paragraphs]
    assert any("1 cuộc kiểm tra theo kế hoạch, đã thực hiện 1 cuộc" in t for t in texts)
    assert any(
        "được giao 80.000.000 đồng, đã chi 90.000.000 đồng (chi vượt số được giao)" in t for t in texts
    )


def test_an_older_snapshot_without_these_figures_still_renders_and_compares(year_2026):
    snapshot = assemble(year_2026)
    old = {k: v for k, v in snapshot.items() if k not in ("inspections", "funds_totals", "communication")}
    old["schema"] = 1
    old["funds"] = [
        {"source": f["source"], "label": f["label"], "amount": f["amount"]} for f in snapshot["funds"]
    ]
    assert report_docx(canonical(old)).startswith(
        b"PK"
    )  # read, as every frozen copy is, through its upgrader
    changed = {c["figure"] for c in changed_figures(canonical(old), snapshot)}
    assert "Kinh phí đã chi · Ngân sách địa phương (kinh phí thường xuyên)" in changed
