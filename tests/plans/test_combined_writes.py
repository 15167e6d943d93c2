"""What a page saves in one go is one service, atomic: a refusal anywhere leaves nothing behind (issue 14)."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from indicators.models import Indicator
from lib.errors import DomainError
from plans.models import BudgetLine, Plan, PlanIndicator, PlanKind, PlanStatus, PlanTarget
from plans.services import (
    budget_execution_save,
    local_indicator_add,
    plan_create,
    plan_indicator_save,
    plan_start,
    task_create,
)
from reports.models import Report
from reports.services import report_open_and_submit, report_texts_save
from tests.conftest import table_digest, vi_text
from tests.plans.test_funding import line_of, make_plan
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db
M = 1_000_000


def test_a_plan_copied_from_another_is_created_with_its_contents_or_not_at_all(full_plan, persona, tay_ninh):
    focal = persona("focal")
    annual = plan_start(
        province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2022, copy_from=full_plan, by=focal
    )
    assert annual.plan_indicators.count() == full_plan.plan_indicators.count() > 0
    assert AuditEntry.objects.filter(action="plan.copy").count() == 1
    elsewhere = plan_create(
        province=unit_resolve(code="01", on=date(2026, 1, 1)), kind="annual", start_year=2023, by=focal
    )
    count = Plan.objects.count()
    with pytest.raises(DomainError):  # the copy refuses another province's plan: the draft goes with it
        plan_start(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2023, copy_from=elsewhere, by=focal)
    assert Plan.objects.count() == count


def test_an_indicator_and_its_targets_are_saved_together_or_not_at_all(five_year, persona):
    focal = persona("focal")
    indicator = Indicator.objects.get(code="M2.1")
    blank = {"comparator": "", "value": "", "reason": ""}
    targets = {2023: {"comparator": ">=", "value": "45", "reason": ""}, 2024: blank}
    pi = plan_indicator_save(
        plan=five_year,
        indicator=indicator,
        by=focal,
        targets=targets,
        baseline_value="40",
        baseline_year=2020,
    )
    assert [(t.year, t.value) for t in pi.targets.all()] == [(2023, Decimal(45))]
    bad = {2023: blank, 2024: {"comparator": ">=", "value": "forty", "reason": ""}}
    with pytest.raises(DomainError) as error:
        plan_indicator_save(
            plan=five_year,
            indicator=indicator,
            by=focal,
            targets=bad,
            expected_version=pi.lock_version,
            baseline_value="41",
        )
    assert list(error.value.years) == [2024]
    pi.refresh_from_db()  # the removal of 2023 and the new baseline were rolled back with the refused year
    assert pi.baseline_value == Decimal(40)
    assert list(PlanTarget.objects.filter(plan_indicator=pi).values_list("year", flat=True)) == [2023]


def test_a_local_indicator_is_created_only_when_the_plan_takes_it(five_year, persona, tay_ninh):
    focal = persona("focal")
    pi = local_indicator_add(plan=five_year, by=focal, template="ethnic_vocational")
    assert pi.indicator.province == tay_ninh and pi.plan == five_year
    five_year.status = PlanStatus.ISSUED  # a plan no longer a draft refuses the indicator
    count = Indicator.objects.filter(province=tay_ninh).count()
    with pytest.raises(DomainError):
        local_indicator_add(
            plan=five_year, by=focal, code="X9", tag="other", name_vi="Chỉ tiêu thử", direction="increase"
        )
    assert Indicator.objects.filter(province=tay_ninh).count() == count
    assert PlanIndicator.objects.filter(plan=five_year).count() == 1


def test_allocations_of_a_tasks_lines_are_saved_together_or_not_at_all(tay_ninh, persona, agency):
    focal = persona("focal")
    plan = make_plan(
        tay_ninh, focal, agency("y_te"), lines=[(2026, "local_recurrent", 150 * M), (2026, "society", 30 * M)]
    )
    recurrent, society = line_of(plan, 2026, "local_recurrent"), line_of(plan, 2026, "society")
    entry = lambda line, allocated: {"allocated": allocated, "spent": "", "version": line.lock_version}  # noqa: E731
    task = recurrent.task
    assert (
        budget_execution_save(task=task, amounts={recurrent.pk: entry(recurrent, "100.000.000")}, by=focal)
        == 1
    )
    recurrent.refresh_from_db()
    with pytest.raises(DomainError) as error:
        budget_execution_save(
            task=task,
            amounts={recurrent.pk: entry(recurrent, "90.000.000"), society.pk: entry(society, "-5")},
            by=focal,
        )
    assert list(error.value.lines) == [society.pk]
    assert BudgetLine.objects.get(pk=recurrent.pk).allocated == 100 * M
    other = make_plan(tay_ninh, focal, agency("y_te"), start=2027, lines=[(2027, "society", M)])
    foreign = line_of(other, 2027, "society")
    with pytest.raises(DomainError):
        budget_execution_save(task=task, amounts={foreign.pk: entry(foreign, "1")}, by=focal)
    assert BudgetLine.objects.get(pk=foreign.pk).allocated is None


def test_a_refused_report_save_or_submission_opens_no_report(tay_ninh, persona):
    focal = persona("focal")
    with pytest.raises(DomainError):  # a stale version: the report was not opened yet
        report_texts_save(unit=tay_ninh, kind="annual", year=2026, by=focal, data={}, expected_version=5)
    with pytest.raises(DomainError):  # nothing written: the submission is refused
        report_open_and_submit(unit=tay_ninh, kind="annual", year=2026, by=focal)
    assert not Report.objects.filter(unit=tay_ninh).exists()
    report = report_texts_save(
        unit=tay_ninh, kind="annual", year=2026, by=focal, data={"signer_name": "Nguyễn Văn An"}
    )
    assert Report.objects.get(unit=tay_ninh).signer_name == "Nguyễn Văn An" == report.signer_name


def test_a_budget_posted_without_the_tasks_version_is_refused_and_saves_nothing(
    client_as, full_plan, persona, agency
):
    task = task_create(
        plan=full_plan,
        by=persona("focal"),
        category="statistics",
        title="Thống kê",
        lead_agency=agency("y_te"),
    )
    cell = f"amount-{full_plan.start_year}-local_recurrent"
    client = client_as("focal")
    before = table_digest("plans_budgetline", "plans_task", "audit_auditentry")
    response = client.post(f"/tasks/{task.pk}/budget/", {cell: "111000000"}, follow=True)
    assert response.status_code == 200
    assert vi_text("This form was opened from an old page; reload it and enter your changes again.") in (
        response.content.decode()
    )
    assert table_digest("plans_budgetline", "plans_task", "audit_auditentry") == before
    response = client.post(
        f"/tasks/{task.pk}/budget/", {cell: "111.000.000", "lock_version": task.lock_version}
    )
    assert response.status_code == 302
    assert [int(line.amount) for line in task.budget_lines.all()] == [111_000_000]
