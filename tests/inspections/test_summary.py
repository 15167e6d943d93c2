"""The summaries the annual report uses equal figures computed by hand from a known set of inspections."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from demo.inspections import demo_inspections_load
from inspections.models import Inspection, InspectionPlan, Recommendation
from inspections.selectors import inspection_summary, inspection_summary_nation
from inspections.services import (
    inspection_cancel,
    inspection_create,
    inspection_plan_create,
    inspection_plan_update,
    inspection_record_results,
    recommendation_create,
    recommendation_set_status,
)
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


@pytest.fixture
def two_provinces(tay_ninh, persona, agency, ward):
    """Tây Ninh 2025: 4 inspections (2 done, 1 planned, 1 cancelled), 5 recommendations: on 1 March 2026 one
    done, one in progress not yet due, one open not yet due, one open overdue and one in progress overdue.
    Hà Nội 2025: 1 done inspection with 1 overdue recommendation. Both also have a 2026 plan that must not count."""
    focal, outsider = persona("focal"), persona("outsider")
    hanoi = unit_resolve(code="01", on=date.today())
    plan = inspection_plan_create(province=tay_ninh, year=2025, by=focal)
    inspection_plan_update(
        plan=plan, by=focal, data={"document_number": "85/KH-SNV", "issued_on": date(2025, 7, 21)}
    )

    def visit(plan, by, unit, day, lead, **kwargs):
        key = "commune" if unit.__class__.__name__ == "AdminUnit" else "agency"
        return inspection_create(
            plan=plan, by=by, topics="Nội dung", planned_from=day, lead_agency=lead, **{key: unit}
        )

    lead = agency("noi_vu")
    health = visit(plan, focal, agency("y_te"), date(2025, 8, 12), lead)
    inspection_record_results(
        inspection=health,
        by=focal,
        done_on=date(2025, 8, 13),
        findings="Tốt " * 100,
        violations_count=2,
        violations="a",
    )
    commune = visit(plan, focal, ward, date(2025, 10, 7), lead)
    inspection_record_results(inspection=commune, by=focal, done_on=date(2025, 10, 7), findings="Khá")
    visit(plan, focal, agency("giao_duc"), date(2025, 12, 1), lead)  # still planned
    cancelled = visit(plan, focal, agency("cong_an"), date(2025, 12, 2), lead)
    inspection_cancel(inspection=cancelled, by=focal, reason="Hoãn")

    def rec(inspection, due, *statuses, by=focal):
        r = recommendation_create(
            inspection=inspection,
            by=by,
            text="Kiến nghị",
            due_on=due,
            **(
                {"responsible_agency": inspection.agency}
                if inspection.agency_id
                else {"responsible_commune": inspection.commune}
            ),
        )
        for status in statuses:
            recommendation_set_status(recommendation=r, by=by, status=status, note="x")
        return r

    rec(health, date(2025, 10, 31), "in_progress", "done")  # done
    rec(health, date(2026, 6, 30), "in_progress")  # in progress, not due
    rec(
        commune,
        date(2026, 3, 1),
    )  # open, due today: not overdue
    rec(commune, date(2026, 2, 28))  # open, overdue
    rec(health, date(2025, 12, 31), "in_progress")  # in progress, overdue

    hanoi_plan = inspection_plan_create(province=hanoi, year=2025, by=outsider)
    hanoi_health = Agency.objects.get(province=hanoi, kind__code="y_te")
    hanoi_visit = visit(hanoi_plan, outsider, hanoi_health, date(2025, 9, 1), hanoi_health)
    inspection_record_results(inspection=hanoi_visit, by=outsider, done_on=date(2025, 9, 1), findings="Đạt")
    rec(hanoi_visit, date(2025, 12, 1), by=outsider)

    for province, by in ((tay_ninh, focal), (hanoi, outsider)):  # other years are not counted
        later = inspection_plan_create(province=province, year=2026, by=by)
        visit(
            later,
            by,
            Agency.objects.get(province=province, kind__code="y_te"),
            date(2026, 5, 1),
            lead if by == focal else hanoi_health,
        )
    return tay_ninh, hanoi


def test_the_province_summary_equals_the_hand_count(two_provinces):
    tay_ninh, _hanoi = two_provinces
    summary = inspection_summary(tay_ninh, 2025, today=TODAY)
    assert summary["inspections"] == {"total": 4, "planned": 1, "done": 2, "cancelled": 1}
    assert summary["recommendations"] == {"total": 5, "done": 1, "open": 2, "in_progress": 1, "overdue": 2}
    r = summary["recommendations"]
    assert r["total"] == r["done"] + r["open"] + r["overdue"]
    assert summary["plan"] == {
        "title": InspectionPlan.objects.get(province=tay_ninh, year=2025).title,
        "document_number": "85/KH-SNV",
        "issued_on": "2025-07-21",
    }
    assert [
        (d["unit"], d["unit_kind"], d["done_on"], d["violations"], d["recommendations"])
        for d in summary["done"]
    ] == [
        ("Sở Y tế", "agency", "2025-08-13", 2, 3),
        (Inspection.objects.get(commune__isnull=False).commune.name, "commune", "2025-10-07", 0, 2),
    ]
    assert len(summary["done"][0]["findings"]) == 200 and summary["done"][0]["findings"].endswith("…")
    assert summary["as_of"] == "2026-03-01" and summary["year"] == 2025
    assert json.loads(json.dumps(summary)) == summary  # JSON-safe as it is


def test_the_follow_up_counts_move_with_the_day(two_provinces):
    tay_ninh, _hanoi = two_provinces
    early = inspection_summary(tay_ninh, 2025, today=date(2025, 10, 1))["recommendations"]
    assert early == {"total": 5, "done": 1, "open": 4, "in_progress": 2, "overdue": 0}
    late = inspection_summary(tay_ninh, 2025, today=date(2026, 7, 1))["recommendations"]
    assert late == {"total": 5, "done": 1, "open": 0, "in_progress": 0, "overdue": 4}


def test_a_province_without_a_plan_gives_zeros(tay_ninh):
    summary = inspection_summary(tay_ninh, 2024, today=TODAY)
    assert summary["plan"] is None and summary["done"] == []
    assert summary["inspections"] == {"total": 0, "planned": 0, "done": 0, "cancelled": 0}
    assert summary["recommendations"] == {"total": 0, "done": 0, "open": 0, "in_progress": 0, "overdue": 0}


def test_the_national_summary_sums_the_provinces_in_grouped_queries(two_provinces):
    tay_ninh, hanoi = two_provinces
    with CaptureQueriesContext(connection) as queries:
        nation = inspection_summary_nation(2025, today=TODAY)
    assert (
        len(queries) <= 5
    )  # provinces (+ their names), plans, inspections, recommendations: not per province
    assert nation["provinces"] == 34 and nation["provinces_with_plan"] == 2
    assert nation["inspections"] == {"total": 5, "planned": 1, "done": 3, "cancelled": 1}
    assert nation["recommendations"] == {"total": 6, "done": 1, "open": 2, "in_progress": 1, "overdue": 3}
    rows = {row["code"]: row for row in nation["by_province"]}
    assert len(rows) == 34
    for province in (tay_ninh, hanoi):
        own = inspection_summary(province, 2025, today=TODAY)
        assert rows[province.code]["inspections"] == own["inspections"]
        assert rows[province.code]["recommendations"] == own["recommendations"]
    assert rows["80"]["document_number"] == "85/KH-SNV" and rows["80"]["issued_on"] == "2025-07-21"
    assert rows["01"]["has_plan"] and not rows["92"]["has_plan"]
    assert rows["92"]["inspections"]["total"] == 0
    for key in ("inspections", "recommendations"):
        for field in nation[key]:
            assert nation[key][field] == sum(row[key][field] for row in nation["by_province"])
    assert json.loads(json.dumps(nation)) == nation


def test_the_demo_loads_once_with_an_overdue_recommendation(tay_ninh, persona):
    focal = persona("focal")
    demo_inspections_load(province=tay_ninh, focal=focal)
    demo_inspections_load(province=tay_ninh, focal=focal)  # idempotent
    assert InspectionPlan.objects.filter(province=tay_ninh).count() == 2
    on = date(2026, 11, 27)
    summary_2025 = inspection_summary(tay_ninh, 2025, today=on)
    assert summary_2025["inspections"] == {"total": 4, "planned": 0, "done": 3, "cancelled": 1}
    assert summary_2025["recommendations"] == {
        "total": 6,
        "done": 3,
        "open": 2,
        "in_progress": 1,
        "overdue": 1,
    }
    summary_2026 = inspection_summary(tay_ninh, 2026, today=on)
    assert summary_2026["inspections"] == {"total": 3, "planned": 2, "done": 1, "cancelled": 0}
    assert Recommendation.objects.filter(inspection__plan__province=tay_ninh).count() == 7
    assert all("demo" in i.findings for i in Inspection.objects.filter(status="done"))
