"""Funding: planned, allocated and spent amounts; the spending flag; totals for a province and the nation; the
pages, their access and the Excel table."""

import io
import json
from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts import access
from agencies.models import Agency
from audit.models import ACTION_LABELS, AuditEntry
from indicators.models import Indicator
from lib.errors import DomainError
from plans.funding import (
    FLAGGED,
    NO_ALLOCATION,
    OVER_ALLOCATED,
    funding_lines,
    funding_totals,
    funding_totals_nation,
    plan_in_force,
    spending_flag,
)
from plans.models import BudgetLine, PlanKind, PlanStatus
from plans.services import (
    budget_execution_set,
    budget_line_set,
    plan_copy_from,
    plan_create,
    plan_indicator_set,
    plan_issue,
    plan_revise,
    plan_submit,
    plan_target_set,
    task_create,
)
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db
M = 1_000_000


# --- the flag ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("allocated", "spent", "flag"),
    [
        (None, None, None),  # nothing recorded
        (D(100), None, None),  # allocated, spending not recorded yet
        (None, D(0), None),  # nothing spent
        (D(0), D(0), None),
        (D(100), D(0), None),
        (D(100), D(50), None),  # within the allocation
        (D(100), D(100), None),  # exactly the allocation
        (D(100), D(101), OVER_ALLOCATED),
        (D(0), D(1), NO_ALLOCATION),  # spent with a zero allocation
        (None, D(1), NO_ALLOCATION),  # spent with no allocation recorded
    ],
)
def test_the_spending_flag(allocated, spent, flag):
    assert spending_flag(allocated, spent) == flag


# --- helpers ----------------------------------------------------------------------------------------------------


def make_plan(
    province, focal, lead, *, kind=PlanKind.ANNUAL, start=2026, lines=(), title="Truyền thông", issue=True
):
    """A plan with one indicator, one task and its planned lines ((year, source, amount)), issued unless told."""
    plan = plan_create(province=province, kind=kind, start_year=start, by=focal)
    indicator = Indicator.objects.get(code="M2.1")
    pi = plan_indicator_set(plan=plan, indicator=indicator, by=focal, lead_agency=lead)
    national = indicator.targets.filter(year=plan.end_year).first()
    plan_target_set(
        plan_indicator=pi,
        year=plan.end_year,
        comparator=national.comparator if national else ">=",
        value=national.value if national else D(50),
        by=focal,
    )
    task = task_create(plan=plan, by=focal, category="communication", title=title, lead_agency=lead)
    for year, source, amount in lines:
        budget_line_set(task=task, year=year, source=source, amount=amount, by=focal)
    if issue:
        issue_plan(plan, focal)
    return plan


def issue_plan(plan, focal, number="10/KH-UBND"):
    plan_submit(plan=plan, by=focal)
    plan_issue(
        plan=plan,
        by=focal,
        document_number=number,
        issued_on=min(date(plan.start_year, 1, 15), date.today()),
        signer_name="Nguyễn Văn A",
        signer_title="Phó Chủ tịch",
    )


def line_of(plan, year, source, title=None):
    lines = BudgetLine.objects.filter(task__plan=plan, year=year, source=source)
    if title:
        lines = lines.filter(task__title=title)
    return lines.get()


@pytest.fixture
def scenario(tay_ninh, persona, agency):
    """Tây Ninh: the 2026-2030 five-year plan (100 M a year, local recurrent; 50 M international in 2026) and the
    2026 annual plan copied from it with a second task (30 M from society), both issued; allocation and spending
    recorded for 2026 on the annual plan and for 2027 on the five-year plan.

    Hand-computed, 2026 (annual plan): local recurrent 100 / 90 / 95 (over); international 50 / 50 / 20;
    society 30 / — / 5 (no allocation). 2027 (five-year plan): 100 / 100 / —. 2028-2030: 100 planned each."""
    focal = persona("focal")
    five = make_plan(
        tay_ninh,
        focal,
        agency("y_te"),
        kind=PlanKind.FIVE_YEAR,
        lines=[(y, "local_recurrent", 100 * M) for y in range(2026, 2031)]
        + [(2026, "international", 50 * M)],
        issue=False,
    )
    issue_plan(five, focal, "18/KH-UBND")
    annual = plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2026, by=focal)
    plan_copy_from(plan=annual, source=five, by=focal)
    society = task_create(
        plan=annual, by=focal, category="models", title="Mô hình", lead_agency=agency("hoi_phu_nu")
    )
    budget_line_set(task=society, year=2026, source="society", amount="30.000.000", by=focal)
    issue_plan(annual, focal, "25/KH-UBND")
    budget_execution_set(
        line=line_of(annual, 2026, "local_recurrent"), allocated=90 * M, spent=95 * M, by=focal
    )
    budget_execution_set(
        line=line_of(annual, 2026, "international"), allocated=50 * M, spent=20 * M, by=focal
    )
    budget_execution_set(line=line_of(annual, 2026, "society"), allocated=None, spent=5 * M, by=focal)
    budget_execution_set(line=line_of(five, 2027, "local_recurrent"), allocated=100 * M, spent=None, by=focal)
    return {"five": five, "annual": annual}


def figures(planned, allocated, spent, flag, lines, flagged):
    text = lambda v: None if v is None else str(v * M)  # noqa: E731
    return {
        "planned": text(planned),
        "allocated": text(allocated),
        "spent": text(spent),
        "flag": flag,
        "lines": lines,
        "flagged_lines": flagged,
    }


# --- recording allocation and spending ----------------------------------------------------------------------------


def test_allocation_and_spending_are_recorded_on_an_issued_plan_whose_planned_amount_stays_locked(
    tay_ninh, persona, agency
):
    focal = persona("focal")
    plan = make_plan(tay_ninh, focal, agency("y_te"), lines=[(2026, "local_recurrent", 150 * M)])
    line = line_of(plan, 2026, "local_recurrent")
    saved = budget_execution_set(
        line=line, allocated="120.000.000", spent="1.234.567", by=focal, expected_version=line.lock_version
    )
    assert (saved.amount, saved.allocated, saved.spent) == (150 * M, 120 * M, 1_234_567)
    assert saved.lock_version == line.lock_version + 1
    with pytest.raises(DomainError):  # the planned amount changes only by revision
        budget_line_set(task=line.task, year=2026, source="local_recurrent", amount=1, by=focal)
    line.refresh_from_db()
    assert line.amount == 150 * M
    entry = AuditEntry.objects.get(action="plan.budget_execution")
    assert entry.unit == tay_ninh and entry.after["allocated"] == "120000000"
    assert entry.before == {"allocated": None, "spent": None}
    assert ACTION_LABELS["plan.budget_execution"]
    # spending above the allocation is allowed, and flagged
    budget_execution_set(line=saved, allocated=120 * M, spent="130.000.000", by=focal)
    assert (
        AuditEntry.objects.filter(action="plan.budget_execution").latest("pk").after["flag"] == OVER_ALLOCATED
    )


@pytest.mark.parametrize(
    ("allocated", "spent", "field", "words"),
    [
        ("abc", "", "allocated", "Allocated"),
        ("", "-5", "spent", "Spent"),
        ("12,5", "", "allocated", "Allocated"),
        ("", "1.234,5", "spent", "Spent"),
        (True, "", "allocated", "Allocated"),
        ("10" * 10, "", "allocated", "Allocated"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_amounts_are_refused_naming_the_field_and_change_nothing(
    tay_ninh, persona, agency, allocated, spent, field, words
):
    focal = persona("focal")
    plan = make_plan(tay_ninh, focal, agency("y_te"), lines=[(2026, "local_recurrent", 150 * M)])
    line = line_of(plan, 2026, "local_recurrent")
    budget_execution_set(line=line, allocated=7, spent=3, by=focal)
    with pytest.raises(DomainError) as caught:
        budget_execution_set(line=line, allocated=allocated, spent=spent, by=focal)
    assert caught.value.field == field and words in str(caught.value.message)
    line.refresh_from_db()
    assert (line.allocated, line.spent, line.lock_version) == (7, 3, 1)


@pytest.mark.usefixtures("english")
def test_a_save_from_an_older_version_is_refused(tay_ninh, persona, agency):
    focal, officer = persona("focal"), persona("department")
    plan = make_plan(tay_ninh, focal, agency("y_te"), lines=[(2026, "local_recurrent", 150 * M)])
    line = line_of(plan, 2026, "local_recurrent")
    opened = line.lock_version
    budget_execution_set(line=line, allocated=100 * M, spent=None, by=officer, expected_version=opened)
    with pytest.raises(DomainError, match="Someone else"):
        budget_execution_set(line=line, allocated=90 * M, spent=10 * M, by=focal, expected_version=opened)
    line.refresh_from_db()
    assert (line.allocated, line.spent) == (100 * M, None)


@pytest.mark.usefixtures("english")
def test_only_the_plan_in_force_that_year_takes_allocation_and_spending(scenario, persona):
    focal = persona("focal")
    five, annual = scenario["five"], scenario["annual"]
    assert plan_in_force(five.province, 2026) == annual
    assert plan_in_force(five.province, 2027) == five
    with pytest.raises(DomainError, match="plan in force"):  # 2026 is the annual plan's
        budget_execution_set(line=line_of(five, 2026, "local_recurrent"), allocated=1, spent=1, by=focal)
    # a revision being drafted is not in force: the issued version still is
    revision = plan_revise(plan=annual, by=focal, reason="Điều chỉnh")
    assert plan_in_force(five.province, 2026) == annual
    with pytest.raises(DomainError, match="plan in force"):
        budget_execution_set(line=line_of(revision, 2026, "society"), allocated=1, spent=1, by=focal)
    # the revision starts with what was recorded; what is recorded meanwhile moves to it when it is issued
    assert line_of(revision, 2026, "local_recurrent").spent == 95 * M
    budget_execution_set(line=line_of(annual, 2026, "society"), allocated=4 * M, spent=5 * M, by=focal)
    issue_plan(revision, focal, "30/KH-UBND")
    annual.refresh_from_db()
    assert annual.status == PlanStatus.SUPERSEDED and plan_in_force(five.province, 2026) == revision
    moved = line_of(revision, 2026, "society")
    assert (moved.allocated, moved.spent) == (4 * M, 5 * M)
    assert AuditEntry.objects.filter(action="plan.budget_carry").exists()
    with pytest.raises(DomainError, match="replaced by a revision"):
        budget_execution_set(line=line_of(annual, 2026, "society"), allocated=1, spent=1, by=focal)


def test_a_copy_for_another_year_starts_without_allocation_and_spending(scenario, persona, tay_ninh):
    focal = persona("focal")
    next_year = plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2027, by=focal)
    plan_copy_from(plan=next_year, source=scenario["annual"], by=focal)
    lines = BudgetLine.objects.filter(task__plan=next_year)
    assert lines.count() == 3 and not lines.exclude(allocated=None, spent=None).exists()


def test_a_drafts_zero_planned_amount_keeps_a_line_that_has_spending(tay_ninh, persona, agency):
    focal = persona("focal")
    draft = make_plan(tay_ninh, focal, agency("y_te"), lines=[(2026, "society", 10 * M)], issue=False)
    line = line_of(draft, 2026, "society")  # nothing issued: the draft is the plan in force
    budget_execution_set(line=line, allocated=None, spent=2 * M, by=focal)
    budget_line_set(task=line.task, year=2026, source="society", amount="", by=focal)
    line.refresh_from_db()
    assert (line.amount, line.spent) == (0, 2 * M)


# --- totals ---------------------------------------------------------------------------------------------------------


def test_province_totals_by_source_and_year_equal_the_hand_computed_figures(scenario, tay_ninh):
    one = funding_totals(tay_ninh, 2026)
    assert json.loads(json.dumps(one)) == one  # JSON-safe: a report can freeze it
    assert [(p["year"], p["id"]) for p in one["plans"]] == [(2026, scenario["annual"].pk)]
    assert [(c["year"], c["source"]) for c in one["cells"]] == [
        (2026, "local_recurrent"),
        (2026, "international"),
        (2026, "society"),
    ]
    cells = {c["source"]: {k: c[k] for k in figures(0, 0, 0, 0, 0, 0)} for c in one["cells"]}
    assert cells == {
        "local_recurrent": figures(100, 90, 95, OVER_ALLOCATED, 1, 1),
        "international": figures(50, 50, 20, None, 1, 0),
        "society": figures(30, None, 5, NO_ALLOCATION, 1, 1),
    }
    assert one["total"] == figures(180, 140, 120, None, 3, 2)
    assert one["by_year"] == [{"year": 2026, **figures(180, 140, 120, None, 3, 2)}]

    every = funding_totals(tay_ninh)
    assert [p["year"] for p in every["plans"]] == [2026, 2027, 2028, 2029, 2030]
    assert [(y["year"], y["planned"], y["allocated"], y["spent"]) for y in every["by_year"]] == [
        (2026, "180000000", "140000000", "120000000"),
        (2027, "100000000", "100000000", None),
        (2028, "100000000", None, None),
        (2029, "100000000", None, None),
        (2030, "100000000", None, None),
    ]
    by_source = {s["source"]: {k: s[k] for k in figures(0, 0, 0, 0, 0, 0)} for s in every["by_source"]}
    assert by_source == {
        "local_recurrent": figures(
            500, 190, 95, None, 5, 1
        ),  # the five-year plan's own 2026 line is not counted
        "local_investment": figures(None, None, None, None, 0, 0),
        "programmes": figures(None, None, None, None, 0, 0),
        "international": figures(50, 50, 20, None, 1, 0),
        "society": figures(30, None, 5, NO_ALLOCATION, 1, 1),
    }
    assert every["total"] == figures(580, 240, 120, None, 7, 2)
    assert [s["label"] for s in every["by_source"]][0].startswith("Ngân sách")  # documents' Vietnamese


def test_the_lines_behind_the_totals(scenario, tay_ninh):
    lines = funding_lines(tay_ninh, 2026)
    assert json.loads(json.dumps(lines)) == lines
    assert [(line["task"], line["source"], line["flag"]) for line in lines] == [
        ("Truyền thông", "local_recurrent", OVER_ALLOCATED),
        ("Truyền thông", "international", None),
        ("Mô hình", "society", NO_ALLOCATION),
    ]
    assert {line["plan_id"] for line in lines} == {scenario["annual"].pk}


def test_the_database_flags_the_same_lines_as_spending_flag(tay_ninh, persona, agency):
    focal = persona("focal")
    cases = [
        (None, None),
        (100, None),
        (None, 0),
        (0, 0),
        (100, 50),
        (100, 100),
        (100, 101),
        (0, 1),
        (None, 1),
    ]
    sources = ["local_recurrent", "local_investment", "programmes", "international", "society"]
    plan = make_plan(
        tay_ninh,
        focal,
        agency("y_te"),
        kind=PlanKind.FIVE_YEAR,
        lines=[(2026 + i // 5, sources[i % 5], 1000) for i in range(len(cases))],
    )
    lines = list(BudgetLine.objects.filter(task__plan=plan).order_by("year", "pk"))
    for line, (allocated, spent) in zip(lines, cases, strict=True):
        budget_execution_set(line=line, allocated=allocated, spent=spent, by=focal)
    flagged = set(BudgetLine.objects.filter(task__plan=plan).filter(FLAGGED).values_list("pk", flat=True))
    expected = {line.pk for line, case in zip(lines, cases, strict=True) if spending_flag(*map(_d, case))}
    assert flagged == expected and len(expected) == 3


def _d(value):
    return None if value is None else D(value)


def test_national_totals_by_province_and_source_with_a_constant_number_of_queries(scenario, persona):
    hanoi = unit_resolve(code="01", on=date.today())
    with CaptureQueriesContext(connection) as one_province:
        funding_totals_nation(2026)
    focal = persona("outsider")  # Hà Nội's focal officer
    plan = make_plan(
        hanoi, focal, Agency.objects.filter(province=hanoi).first(), lines=[(2026, "programmes", 70 * M)]
    )
    budget_execution_set(line=line_of(plan, 2026, "programmes"), allocated=60 * M, spent=60 * M, by=focal)
    with CaptureQueriesContext(connection) as two_provinces:
        nation = funding_totals_nation(2026)
    assert len(two_provinces) == len(one_province) <= 4
    assert json.loads(json.dumps(nation)) == nation
    assert nation["total"] == figures(250, 200, 180, None, 4, 2)
    national = {s["source"]: (s["planned"], s["allocated"], s["spent"]) for s in nation["by_source"]}
    assert national["local_recurrent"] == ("100000000", "90000000", "95000000")
    assert national["programmes"] == ("70000000", "60000000", "60000000")
    assert national["local_investment"] == (None, None, None)
    rows = {row["code"]: row for row in nation["provinces"]}
    assert len(rows) == 34
    assert rows["80"]["total"] == figures(180, 140, 120, None, 3, 2)
    assert rows["80"]["plan"]["id"] == scenario["annual"].pk
    assert rows["01"]["total"] == figures(70, 60, 60, None, 1, 0)
    assert [c["planned"] for c in rows["01"]["by_source"]] == [None, None, "70000000", None, None]
    assert rows["92"]["plan"] is None and rows["92"]["total"] == figures(None, None, None, None, 0, 0)
    assert funding_totals_nation(2027)["total"] == figures(100, 100, None, None, 1, 0)


# --- pages, access and the Excel table -----------------------------------------------------------------------------


def post_execution(client, line, allocated, spent, version=None):
    return client.post(
        f"/tasks/{line.task_id}/budget/execution/",
        {
            f"allocated-{line.pk}": allocated,
            f"spent-{line.pk}": spent,
            f"version-{line.pk}": line.lock_version if version is None else version,
        },
    )


def test_who_may_record_allocation_and_spending(tay_ninh, persona, agency, client_as):
    focal = persona("focal")
    plan = make_plan(tay_ninh, focal, agency("y_te"), lines=[(2026, "local_recurrent", 150 * M)])
    other = task_create(
        plan=make_plan(tay_ninh, focal, agency("van_hoa"), start=2027, issue=False),
        by=focal,
        category="communication",
        title="Khác",
        lead_agency=agency("van_hoa"),
    )
    line = line_of(plan, 2026, "local_recurrent")
    task = line.task
    assert access.can_record_spending(persona("focal"), task)
    assert access.can_record_spending(persona("department"), task)  # Department of Health leads the task
    assert not access.can_record_spending(persona("department"), other)
    for who in ("ministry_officer", "ministry_admin", "province_viewer", "commune", "outsider", "no_role"):
        assert not access.can_record_spending(persona(who), task), who
        response = post_execution(client_as(who), line, "1", "1")
        assert response.status_code == 403, who
    line.refresh_from_db()
    assert line.allocated is None
    response = post_execution(client_as("department"), line, "100.000.000", "")
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.allocated == 100 * M
    # the department officer records spending but does not plan
    assert client_as("department").post(f"/tasks/{task.pk}/budget/", {}).status_code == 403
    response = post_execution(client_as("focal"), line, "100.000.000", "120.000.000")
    line.refresh_from_db()
    assert line.spent == 120 * M
    page = client_as("province_viewer").get(f"/tasks/{task.pk}/budget/").content.decode()
    assert "120.000.000" in page and 'class="badge warn"' in page and f'name="spent-{line.pk}"' not in page
    page = client_as("department").get(f"/tasks/{task.pk}/budget/").content.decode()
    assert f'name="spent-{line.pk}"' in page and 'name="amount-2026-society"' not in page


@pytest.mark.usefixtures("english")
def test_the_budget_page_saves_every_line_or_none_and_refuses_a_stale_form(
    tay_ninh, persona, agency, client_as
):
    focal = persona("focal")
    plan = make_plan(
        tay_ninh,
        focal,
        agency("y_te"),
        lines=[(2026, "local_recurrent", 150 * M), (2026, "international", 20 * M)],
    )
    first, second = line_of(plan, 2026, "local_recurrent"), line_of(plan, 2026, "international")
    client = client_as("focal")
    response = client.post(
        f"/tasks/{first.task_id}/budget/execution/",
        {
            f"allocated-{first.pk}": "150.000.000",
            f"spent-{first.pk}": "",
            f"version-{first.pk}": first.lock_version,
            f"allocated-{second.pk}": "hai mươi",
            f"spent-{second.pk}": "",
            f"version-{second.pk}": second.lock_version,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "hai mươi" in page and "Allocated" in page  # the message names the field
    first.refresh_from_db()
    assert first.allocated is None  # nothing saved
    stale = first.lock_version
    assert post_execution(client, first, "150.000.000", "", version=stale).status_code == 302
    response = post_execution(client, first, "140.000.000", "", version=stale)
    assert response.status_code == 200 and "Someone else" in response.content.decode()
    first.refresh_from_db()
    assert first.allocated == 150 * M


def test_the_province_page_shows_totals_lines_and_flags(scenario, client_as):
    page = client_as("focal").get("/funding/?year=2026").content.decode()
    assert "180.000.000" in page and "140.000.000" in page and "120.000.000" in page
    assert page.count('class="badge warn"') >= 3  # two lines and the flagged count
    assert f"/tasks/{scenario['annual'].tasks.first().pk}/budget/" in page
    page = client_as("ministry_viewer").get("/funding/?province=80").content.decode()
    assert "580.000.000" in page
    assert client_as("outsider").get("/funding/?province=80").status_code == 403
    empty = client_as("ministry_officer").get("/funding/")
    assert empty.status_code == 200 and 'name="province"' in empty.content.decode()
    page = client_as("outsider").get("/funding/").content.decode()  # Hà Nội has no plan
    assert "card muted" in page


def test_the_national_page_lists_provinces_by_source(scenario, client_as):
    response = client_as("ministry_officer").get("/funding/nation/?year=2026&measure=planned")
    page = response.content.decode()
    assert response.status_code == 200
    assert "180.000.000" in page and "?province=80&amp;year=2026" in page
    assert page.count("<tr") >= 34 + 1
    assert client_as("focal").get("/funding/nation/").status_code == 403


def test_the_navigation_offers_funding(client_as):
    assert 'href="/funding/"' in client_as("focal").get("/").content.decode()
    assert 'href="/funding/nation/"' in client_as("ministry_officer").get("/").content.decode()


def test_the_province_table_reads_back_from_excel(scenario, client_as):
    response = client_as("focal").get("/funding/download.xlsx?province=80&year=2026")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('kinh-phi-bdg-80-2026.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Theo năm và nguồn", "Theo nguồn", "Chi tiết", "Ghi chú"]
    rows = list(wb["Theo năm và nguồn"].iter_rows(values_only=True))
    assert rows[0] == (
        "Năm",
        "Nguồn kinh phí",
        "Dự kiến (đồng)",
        "Được giao (đồng)",
        "Đã chi (đồng)",
        "Cảnh báo",
    )
    assert rows[1][2:] == (100 * M, 90 * M, 95 * M, "Chi vượt số được giao")
    assert rows[-1] == (2026, "Cộng năm 2026", 180 * M, 140 * M, 120 * M, None)
    by_source = list(wb["Theo nguồn"].iter_rows(values_only=True))
    assert by_source[-1] == ("Tổng cộng", 180 * M, 140 * M, 120 * M, None)
    assert by_source[5][1:] == (30 * M, None, 5 * M, "Có chi nhưng chưa được giao")
    detail = list(wb["Chi tiết"].iter_rows(values_only=True))
    assert len(detail) == 4 and detail[3][1] == "Mô hình"
    assert "25/KH-UBND" in " ".join(str(c.value) for c in wb["Ghi chú"]["A"])


def test_the_plan_workbook_shows_allocated_and_spent(scenario):
    from plans.xlsx import plan_xlsx

    wb = load_workbook(io.BytesIO(plan_xlsx(scenario["annual"])))
    rows = list(wb["Kinh phí"].iter_rows(values_only=True))
    assert rows[0][3:] == ("Số tiền (đồng)", "Được giao (đồng)", "Đã chi (đồng)", "Cảnh báo")
    assert (2026, 100 * M, 90 * M, 95 * M, "Chi vượt số được giao") in [(r[1], *r[3:]) for r in rows]
