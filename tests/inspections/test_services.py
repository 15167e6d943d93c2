"""The plan, its inspections, their results and recommendations: what is checked, what is refused, and that a
refused write changes nothing (no row, no audit entry)."""

from datetime import date, datetime, timedelta

import pytest

from agencies.models import Agency
from audit.models import AuditEntry
from indicators.models import Indicator
from inspections.models import Inspection, InspectionPlan, Recommendation, RecommendationUpdate
from inspections.services import (
    inspection_cancel,
    inspection_create,
    inspection_delete,
    inspection_plan_create,
    inspection_plan_update,
    inspection_record_results,
    inspection_update,
    recommendation_create,
    recommendation_delete,
    recommendation_set_status,
    recommendation_update,
)
from lib.errors import DomainError
from plans.services import plan_create, task_create
from units.selectors import communes_of, unit_resolve

pytestmark = pytest.mark.django_db


def audit_count() -> int:
    return (
        AuditEntry.objects.filter(action__startswith="inspection").count()
        + AuditEntry.objects.filter(action__startswith="recommendation").count()
    )


def refused(call, field=None):
    """The call raises a DomainError naming ``field`` and leaves the inspection tables and the log as they were."""
    counts = (
        InspectionPlan.objects.count(),
        Inspection.objects.count(),
        Recommendation.objects.count(),
        RecommendationUpdate.objects.count(),
        audit_count(),
    )
    with pytest.raises(DomainError) as info:
        call()
    assert info.value.field == field, info.value.message
    assert str(info.value.message)
    assert counts == (
        InspectionPlan.objects.count(),
        Inspection.objects.count(),
        Recommendation.objects.count(),
        RecommendationUpdate.objects.count(),
        audit_count(),
    )
    return info.value


@pytest.fixture
def hanoi():
    return unit_resolve(code="01", on=date.today())


# --- the plan ---------------------------------------------------------------------------------------------------


def test_a_plan_is_created_once_per_province_and_year_with_a_default_title(plan, tay_ninh, focal):
    assert (
        plan.title.startswith("Kế hoạch kiểm tra")
        and "năm 2025" in plan.title
        and "tỉnh Tây Ninh" in plan.title
    )
    assert AuditEntry.objects.filter(action="inspection_plan.create", unit=tay_ninh).count() == 1
    refused(lambda: inspection_plan_create(province=tay_ninh, year=2025, by=focal), "year")
    refused(lambda: inspection_plan_create(province=tay_ninh, year=2031, by=focal), "year")
    commune = communes_of(tay_ninh).first()
    refused(lambda: inspection_plan_create(province=commune, year=2026, by=focal), "province")


def test_the_plan_records_its_document_with_optimistic_locking(plan, focal):
    version = plan.lock_version
    inspection_plan_update(
        plan=plan,
        by=focal,
        data={
            "document_number": "85/KH-SNV",
            "issued_on": date(2025, 7, 21),
            "signer_name": "Nguyễn Thị Lan",
        },
        expected_version=version,
    )
    plan.refresh_from_db()
    assert (plan.document_number, plan.issued_on, plan.lock_version) == (
        "85/KH-SNV",
        date(2025, 7, 21),
        version + 1,
    )
    entry = AuditEntry.objects.get(action="inspection_plan.update")
    assert entry.after["document_number"] == "85/KH-SNV" and entry.before["document_number"] == ""
    # a second person saving from the version they opened earlier is refused
    refused(
        lambda: inspection_plan_update(plan=plan, by=focal, data={"title": "X"}, expected_version=version),
        None,
    )
    plan.refresh_from_db()
    assert plan.title != "X"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"issued_on": date(2023, 12, 30), "document_number": "1/KH"}, "issued_on"),
        ({"issued_on": date.today() + timedelta(days=1), "document_number": "1/KH"}, "issued_on"),
        ({"issued_on": date(2025, 1, 5)}, "document_number"),
        ({"title": "  "}, "title"),
        ({"document_number": "9" * 61}, "document_number"),
    ],
)
def test_bad_plan_input_changes_nothing(plan, focal, data, field):
    refused(lambda: inspection_plan_update(plan=plan, by=focal, data=data), field)
    plan.refresh_from_db()
    assert plan.document_number == "" and plan.issued_on is None and plan.lock_version == 0


# --- inspections ------------------------------------------------------------------------------------------------


def test_an_inspection_of_an_agency_or_a_commune_is_planned_and_audited(plan, focal, agency, ward):
    task_plan = plan_create(province=plan.province, kind="annual", start_year=2025, by=focal)
    task = task_create(
        plan=task_plan, by=focal, category="inspection", title="Kiểm tra", lead_agency=agency("noi_vu")
    )
    of_agency = inspection_create(
        plan=plan,
        by=focal,
        agency=agency("giao_duc"),
        topics="Lồng ghép giới trong giảng dạy",
        planned_from=date(2025, 10, 1),
        lead_agency=agency("noi_vu"),
        tasks=[task],
        indicators=[Indicator.objects.get(code="M6.1")],
    )
    assert of_agency.planned_to == date(2025, 10, 1)  # one day when no end is given
    assert of_agency.status == "planned" and of_agency.unit_name == agency("giao_duc").name
    assert list(of_agency.tasks.all()) == [task]
    of_commune = inspection_create(
        plan=plan,
        by=focal,
        commune=ward,
        topics="Tháng hành động",
        planned_from=date(2025, 11, 3),
        planned_to=date(2025, 11, 4),
        lead_agency=agency("noi_vu"),
    )
    assert of_commune.unit_name == ward.name
    entries = AuditEntry.objects.filter(action="inspection.create", unit=plan.province)
    assert entries.count() == 2 and entries.filter(after__topics="Tháng hành động").exists()


def _inspection_args(plan, agency_of, **overrides):
    args = {
        "plan": plan,
        "agency": agency_of("y_te"),
        "topics": "Thống kê",
        "planned_from": date(2025, 9, 1),
        "lead_agency": agency_of("noi_vu"),
    }
    return args | overrides


def test_the_inspected_unit_must_belong_to_the_province(plan, focal, agency, hanoi, ward):
    other_agency = Agency.objects.get(province=hanoi, kind__code="y_te")
    other_commune = communes_of(hanoi).first()
    cases = [
        ({"agency": other_agency}, "unit"),
        ({"agency": None, "commune": other_commune}, "unit"),
        ({"agency": None, "commune": None}, "unit"),  # one of the two
        ({"commune": ward}, "unit"),  # not both
        ({"agency": None, "commune": plan.province}, "unit"),  # a province is not a commune
        ({"lead_agency": Agency.objects.get(province=hanoi, kind__code="noi_vu")}, "lead_agency"),
    ]
    for overrides, field in cases:
        refused(lambda o=overrides: inspection_create(by=focal, **_inspection_args(plan, agency, **o)), field)


def test_a_commune_must_be_in_force_on_the_planned_date(plan, focal, agency, ward):
    """Today's communes date from 1 July 2025; the former ones belonged to the former provinces."""
    refused(
        lambda: inspection_create(
            by=focal,
            **_inspection_args(plan, agency, agency=None, commune=ward, planned_from=date(2025, 3, 1)),
        ),
        "unit",
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_from": date(2024, 12, 31)}, "planned_from"),
        ({"planned_from": date(2026, 1, 1)}, "planned_from"),
        ({"planned_to": date(2026, 1, 2)}, "planned_to"),
        ({"planned_from": date(2025, 9, 5), "planned_to": date(2025, 9, 4)}, "planned_to"),
        ({"planned_from": None}, "planned_from"),
        ({"topics": "   "}, "topics"),
        ({"lead_agency": None}, "lead_agency"),
    ],
)
def test_dates_stay_within_the_year_and_bad_input_changes_nothing(plan, focal, agency, overrides, field):
    refused(lambda: inspection_create(by=focal, **_inspection_args(plan, agency, **overrides)), field)


def test_links_must_be_the_provinces_own(plan, focal, agency, hanoi, persona):
    outsider = persona("outsider")
    other_plan = plan_create(province=hanoi, kind="annual", start_year=2025, by=outsider)
    other_task = task_create(
        plan=other_plan,
        by=outsider,
        category="inspection",
        title="X",
        lead_agency=Agency.objects.get(province=hanoi, kind__code="noi_vu"),
    )
    refused(
        lambda: inspection_create(by=focal, **_inspection_args(plan, agency, tasks=[other_task])), "tasks"
    )


def test_editing_an_inspection_is_locked_and_audited(planned, focal, agency, ward):
    version = planned.lock_version
    inspection_update(inspection=planned, by=focal, expected_version=version, agency=None, commune=ward)
    planned.refresh_from_db()
    assert planned.agency is None and planned.commune == ward
    entry = AuditEntry.objects.get(action="inspection.update")
    assert entry.before["unit"] == agency("y_te").name and entry.after["unit"] == ward.name
    refused(lambda: inspection_update(inspection=planned, by=focal, expected_version=version, topics="X"))
    refused(
        lambda: inspection_update(inspection=planned, by=focal, planned_from=date(2026, 1, 1)), "planned_from"
    )
    refused(
        lambda: inspection_update(inspection=planned, by=focal, status="done")
    )  # not a field of this form
    planned.refresh_from_db()
    assert planned.topics != "X" and planned.status == "planned"


# --- results ----------------------------------------------------------------------------------------------------


def test_recording_results_makes_the_inspection_done(planned, focal):
    inspection_record_results(
        inspection=planned,
        by=focal,
        done_on=date(2025, 9, 11),
        findings="  Đạt yêu cầu  ",
        violations_count=2,
        violations="Hai báo cáo chậm",
        expected_version=planned.lock_version,
    )
    planned.refresh_from_db()
    assert (planned.status, planned.done_on, planned.findings, planned.violations_count) == (
        "done",
        date(2025, 9, 11),
        "Đạt yêu cầu",
        2,
    )
    entry = AuditEntry.objects.get(action="inspection.results")
    assert entry.before["status"] == "planned" and entry.after["violations_count"] == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"done_on": date(2024, 12, 20)}, "done_on"),
        ({"done_on": None}, "done_on"),
        ({"findings": " "}, "findings"),
        ({"violations_count": -1}, "violations_count"),
        ({"violations_count": 2, "violations": ""}, "violations"),
        ({"violations_count": 0, "violations": "Có vi phạm"}, "violations_count"),
    ],
)
def test_bad_results_change_nothing(planned, focal, overrides, field):
    args = {
        "done_on": date(2025, 9, 11),
        "findings": "Đạt",
        "violations_count": 0,
        "violations": "",
    } | overrides
    refused(lambda: inspection_record_results(inspection=planned, by=focal, **args), field)
    planned.refresh_from_db()
    assert planned.status == "planned" and planned.done_on is None


def test_results_cannot_be_dated_in_the_future(focal, agency, tay_ninh):
    tomorrow = date.today() + timedelta(days=1)
    plan = inspection_plan_create(province=tay_ninh, year=tomorrow.year, by=focal)
    inspection = inspection_create(by=focal, **_inspection_args(plan, agency, planned_from=tomorrow))
    refused(
        lambda: inspection_record_results(inspection=inspection, by=focal, done_on=tomorrow, findings="x"),
        "done_on",
    )


# --- cancelling and deleting -------------------------------------------------------------------------------------


def test_a_cancelled_inspection_keeps_its_reason_and_is_frozen(planned, focal):
    refused(lambda: inspection_cancel(inspection=planned, by=focal, reason="  "), "reason")
    inspection_cancel(
        inspection=planned, by=focal, reason="Đơn vị đang sáp nhập", expected_version=planned.lock_version
    )
    planned.refresh_from_db()
    assert planned.status == "cancelled" and planned.cancel_reason == "Đơn vị đang sáp nhập"
    assert AuditEntry.objects.get(action="inspection.cancel").reason == "Đơn vị đang sáp nhập"
    refused(lambda: inspection_update(inspection=planned, by=focal, topics="X"))
    refused(
        lambda: inspection_record_results(
            inspection=planned, by=focal, done_on=date(2025, 9, 11), findings="x"
        )
    )
    refused(lambda: inspection_cancel(inspection=planned, by=focal, reason="again"))


def test_a_planned_inspection_is_deleted_but_one_with_results_is_refused(
    planned, done, recommendation, focal, plan
):
    refused(lambda: inspection_delete(inspection=done, by=focal))
    assert Inspection.objects.filter(pk=done.pk).exists()
    # cancelling is the way: results and recommendations stay
    inspection_cancel(inspection=done, by=focal, reason="Kết quả không còn phù hợp")
    refused(lambda: inspection_delete(inspection=done, by=focal))
    assert Recommendation.objects.filter(pk=recommendation.pk).exists()

    other = inspection_create(
        plan=plan,
        by=focal,
        agency=done.agency,
        topics="Nhầm",
        planned_from=date(2025, 10, 1),
        lead_agency=done.lead_agency,
    )
    inspection_delete(inspection=other, by=focal)
    assert not Inspection.objects.filter(topics="Nhầm").exists()
    entry = AuditEntry.objects.get(action="inspection.delete")
    assert entry.before["topics"] == "Nhầm" and entry.object_id == str(plan.pk)


# --- recommendations and their follow-up -------------------------------------------------------------------------


def test_recommendations_belong_to_done_inspections(planned, focal, agency):
    refused(
        lambda: recommendation_create(
            inspection=planned,
            by=focal,
            text="x",
            responsible_agency=agency("y_te"),
            due_on=date(2025, 12, 1),
        )
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": ""}, "text"),
        ({"due_on": None}, "due_on"),
        ({"due_on": date(2025, 9, 10)}, "due_on"),  # before the inspection was done
        ({"responsible_agency": None}, "responsible"),
    ],
)
def test_bad_recommendations_change_nothing(done, focal, agency, overrides, field):
    args = {"text": "Bổ sung", "responsible_agency": agency("y_te"), "due_on": date(2025, 12, 31)} | overrides
    refused(lambda: recommendation_create(inspection=done, by=focal, **args), field)


def test_a_recommendation_is_addressed_within_the_province(done, focal, hanoi, ward):
    other = Agency.objects.get(province=hanoi, kind__code="y_te")
    refused(
        lambda: recommendation_create(
            inspection=done, by=focal, text="x", responsible_agency=other, due_on=date(2025, 12, 31)
        ),
        "responsible",
    )
    ok = recommendation_create(
        inspection=done, by=focal, text="x", responsible_commune=ward, due_on=date(2025, 12, 31)
    )
    assert ok.responsible_name == ward.name


def test_each_status_change_keeps_who_when_and_the_note(recommendation, focal):
    assert recommendation.status == "open"
    first = recommendation_set_status(
        recommendation=recommendation, by=focal, status="in_progress", note="Đã giao", expected_version=0
    )
    second = recommendation_set_status(recommendation=recommendation, by=focal, status="done", note="Đã xong")
    history = list(RecommendationUpdate.objects.filter(recommendation=recommendation).order_by("at", "id"))
    assert history == [first, second]
    assert [(u.from_status, u.to_status, u.note, u.by) for u in history] == [
        ("open", "in_progress", "Đã giao", focal),
        ("in_progress", "done", "Đã xong", focal),
    ]
    assert all(isinstance(u.at, datetime) for u in history)
    entries = AuditEntry.objects.filter(action="recommendation.status").order_by("at", "id")
    assert [(e.before["status"], e.after["status"], e.reason) for e in entries] == [
        ("open", "in_progress", "Đã giao"),
        ("in_progress", "done", "Đã xong"),
    ]
    # reopening goes back through "in progress"; "open" straight from "done" is refused
    refused(
        lambda: recommendation_set_status(recommendation=recommendation, by=focal, status="open", note="x"),
        "status",
    )
    recommendation_set_status(
        recommendation=recommendation, by=focal, status="in_progress", note="Phát sinh lại"
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress" and recommendation.updates.count() == 3


@pytest.mark.parametrize(
    ("status", "note", "version", "field"),
    [
        ("open", "x", None, "status"),  # already open
        ("closed", "x", None, "status"),
        ("done", " ", None, "note"),
        ("done", "x", 7, None),  # opened before someone else's change
    ],
)
def test_bad_status_changes_change_nothing(recommendation, focal, status, note, version, field):
    refused(
        lambda: recommendation_set_status(
            recommendation=recommendation, by=focal, status=status, note=note, expected_version=version
        ),
        field,
    )
    recommendation.refresh_from_db()
    assert recommendation.status == "open"


def test_a_recommendation_with_history_is_not_deleted(recommendation, focal, done, agency):
    recommendation_update(recommendation=recommendation, by=focal, due_on=date(2026, 3, 31))
    assert AuditEntry.objects.get(action="recommendation.update").after["due_on"] == "2026-03-31"
    recommendation_set_status(recommendation=recommendation, by=focal, status="in_progress", note="x")
    refused(lambda: recommendation_delete(recommendation=recommendation, by=focal))
    fresh = recommendation_create(
        inspection=done, by=focal, text="Nhầm", responsible_agency=agency("y_te"), due_on=date(2025, 12, 1)
    )
    recommendation_delete(recommendation=fresh, by=focal)
    assert not Recommendation.objects.filter(text="Nhầm").exists()
    assert AuditEntry.objects.get(action="recommendation.delete").before["text"] == "Nhầm"


def test_results_cannot_move_after_a_recommendations_due_date(recommendation, done, focal):
    recommendation_update(recommendation=recommendation, by=focal, due_on=date(2025, 10, 1))
    refused(
        lambda: inspection_record_results(
            inspection=done, by=focal, done_on=date(2025, 10, 15), findings="x"
        ),
        "done_on",
    )
