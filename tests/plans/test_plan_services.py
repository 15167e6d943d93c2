from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from datavalues.selectors import rollup
from indicators.models import Indicator
from lib.errors import DomainError
from plans.models import Plan, PlanKind, PlanStatus, PlanTarget, Programme
from plans.selectors import climate_programme_counts, plan_indicators, target_flags
from plans.services import (
    budget_line_set,
    local_indicator_create,
    plan_copy_from,
    plan_create,
    plan_diff,
    plan_indicator_set,
    plan_issue,
    plan_revise,
    plan_submit,
    plan_target_set,
    plan_update,
    programme_save,
    task_create,
    task_update,
)

pytestmark = pytest.mark.django_db
D = Decimal


def pi_of(plan, code):
    return plan.plan_indicators.get(indicator__code=code)


def test_national_indicators_start_with_the_national_targets_and_the_usual_provider(full_plan):
    assert full_plan.plan_indicators.count() == 18
    m21 = pi_of(full_plan, "M2.1")
    assert [(t.year, t.comparator, t.value) for t in m21.targets.all()] == [(2025, ">=", 50)]
    assert m21.lead_agency.kind.code == "thong_ke"
    assert pi_of(full_plan, "M4.1").lead_agency.kind.code == "y_te"
    assert pi_of(full_plan, "M1.1").lead_agency.kind.code == "noi_vu"


def test_a_weaker_target_needs_a_reason_and_is_then_kept_and_flagged(full_plan, persona):
    m21 = pi_of(full_plan, "M2.1")
    with pytest.raises(DomainError) as error:
        plan_target_set(plan_indicator=m21, year=2025, comparator=">=", value="40", by=persona("focal"))
    assert error.value.field == "reason"
    assert m21.targets.get(year=2025).value == 50
    plan_target_set(
        plan_indicator=m21,
        year=2025,
        comparator=">=",
        value="40",
        by=persona("focal"),
        reason="Cơ cấu kinh tế nông nghiệp của tỉnh",
    )
    pis = list(plan_indicators(full_plan))
    flags = target_flags(full_plan, pis)
    target = m21.targets.get(year=2025)
    assert target.reason == "Cơ cấu kinh tế nông nghiệp của tỉnh"
    assert flags[target.pk].weaker
    stricter = pi_of(full_plan, "M2.3")
    plan_target_set(plan_indicator=stricter, year=2025, comparator=">=", value="33", by=persona("focal"))
    flags = target_flags(full_plan, list(plan_indicators(full_plan)))
    assert not flags[stricter.targets.get(year=2025).pk].weaker


def test_interim_targets_behind_the_straight_path_are_flagged(full_plan, persona):
    focal = persona("focal")
    m21 = pi_of(full_plan, "M2.1")
    plan_indicator_set(
        plan=full_plan,
        indicator=m21.indicator,
        by=focal,
        baseline_value="40",
        baseline_year=2020,
        lead_agency=m21.lead_agency,
    )
    slow = plan_target_set(plan_indicator=m21, year=2022, comparator=">=", value="43", by=focal)
    on_path = plan_target_set(plan_indicator=m21, year=2023, comparator=">=", value="46", by=focal)
    flags = target_flags(full_plan, list(plan_indicators(full_plan)))
    assert flags[slow.pk].behind_path  # the path is 44 in 2022
    assert not flags[on_path.pk].behind_path  # and 46 in 2023


def test_an_annual_plan_is_checked_against_the_five_year_plan_path(full_plan, persona, tay_ninh):
    focal = persona("focal")
    m21 = pi_of(full_plan, "M2.1")
    plan_indicator_set(
        plan=full_plan,
        indicator=m21.indicator,
        by=focal,
        baseline_value="40",
        baseline_year=2020,
        lead_agency=m21.lead_agency,
    )
    annual = plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2022, by=focal)
    pi = plan_indicator_set(plan=annual, indicator=m21.indicator, by=focal, lead_agency=m21.lead_agency)
    target = plan_target_set(plan_indicator=pi, year=2022, comparator=">=", value="43.5", by=focal)
    assert target_flags(annual, list(plan_indicators(annual)))[target.pk].behind_path


def test_an_annual_plan_starts_as_a_copy_of_last_years(full_plan, persona, tay_ninh, agency):
    focal = persona("focal")
    last = plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2023, by=focal)
    pi = plan_indicator_set(
        plan=last, indicator=Indicator.objects.get(code="M6.1"), by=focal, lead_agency=agency("noi_vu")
    )
    plan_target_set(plan_indicator=pi, year=2023, comparator=">=", value="55", by=focal)
    task = task_create(
        plan=last,
        by=focal,
        category="communication",
        title="Tháng hành động 2023",
        lead_agency=agency("van_hoa"),
        start_date=date(2023, 11, 15),
        end_date=date(2023, 12, 15),
    )
    budget_line_set(task=task, year=2023, source="local_recurrent", amount="150.000.000", by=focal)
    new = plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2024, by=focal)
    plan_copy_from(plan=new, source=last, by=focal)
    copied = new.tasks.get()
    assert (copied.start_date, copied.end_date) == (date(2024, 11, 15), date(2024, 12, 15))
    assert [(b.year, b.amount) for b in copied.budget_lines.all()] == [(2024, D("150000000"))]
    assert [(t.year, t.value) for t in pi_of(new, "M6.1").targets.all()] == [(2024, 55)]
    assert last.tasks.get().start_date == date(2023, 11, 15)  # the source is untouched


def test_a_task_needs_a_lead_agency_of_the_province(five_year, persona):
    from agencies.models import Agency

    other = Agency.objects.get(province__code="01", province__valid_to__isnull=True, kind__code="y_te")
    with pytest.raises(DomainError):
        task_create(plan=five_year, by=persona("focal"), category="statistics", title="X", lead_agency=other)
    with pytest.raises(DomainError):
        task_create(plan=five_year, by=persona("focal"), category="statistics", title="X", lead_agency=None)
    assert not five_year.tasks.exists()


def test_a_budget_amount_must_be_whole_dong_of_a_known_source(full_plan, persona):
    task = full_plan.tasks.get()
    with pytest.raises(DomainError):
        budget_line_set(task=task, year=2022, source="lottery", amount=100, by=persona("focal"))
    with pytest.raises(DomainError):
        budget_line_set(task=task, year=2022, source="international", amount="12,5", by=persona("focal"))
    with pytest.raises(DomainError):
        budget_line_set(task=task, year=2031, source="international", amount=100, by=persona("focal"))
    assert not task.budget_lines.exists()


def test_the_workflow_issues_a_plan_and_then_it_changes_only_by_revision(full_plan, persona, agency):
    focal = persona("focal")
    plan_submit(plan=full_plan, by=focal)
    plan_issue(
        plan=full_plan,
        by=focal,
        document_number="45/KH-UBND",
        issued_on=date(2021, 6, 1),
        signer_name="Nguyễn Văn A",
        signer_title="Phó Chủ tịch",
    )
    with pytest.raises(DomainError):
        plan_update(plan=full_plan, by=focal, data={"general_objective": "changed"})
    with pytest.raises(DomainError):
        plan_target_set(
            plan_indicator=pi_of(full_plan, "M2.1"), year=2025, comparator=">=", value=60, by=focal
        )
    with pytest.raises(DomainError):
        plan_revise(plan=full_plan, by=focal, reason="")
    revision = plan_revise(plan=full_plan, by=focal, reason="Điều chỉnh theo sáp nhập tỉnh")
    assert (revision.version, revision.status, revision.previous) == (2, PlanStatus.DRAFT, full_plan)
    plan_target_set(plan_indicator=pi_of(revision, "M2.1"), year=2025, comparator=">=", value="55", by=focal)
    task_update(task=revision.tasks.get(), by=focal, expected_outputs="30 buổi truyền thông")
    task_create(
        plan=revision,
        by=focal,
        category="inspection",
        title="Kiểm tra liên ngành",
        lead_agency=agency("noi_vu"),
    )
    plan_submit(plan=revision, by=focal)
    plan_issue(
        plan=revision,
        by=focal,
        document_number="12/KH-UBND",
        issued_on=date(2025, 8, 1),
        signer_name="Trần Thị B",
        signer_title="Phó Chủ tịch",
    )
    full_plan.refresh_from_db()
    assert full_plan.status == PlanStatus.SUPERSEDED
    assert full_plan.document_number == "45/KH-UBND"  # the old version is intact
    assert pi_of(full_plan, "M2.1").targets.get(year=2025).value == 50
    diff = {
        (row["kind"], row["item"]): (row["before"], row["after"]) for row in plan_diff(full_plan, revision)
    }
    assert diff[("target", "M2.1 2025")] == (">= 50", ">= 55")
    assert diff[("task", "Kiểm tra liên ngành")][0] is None
    changed = diff[("task", "Chiến dịch truyền thông Tháng hành động")]
    assert (changed[0]["expected_outputs"], changed[1]["expected_outputs"]) == ("", "30 buổi truyền thông")
    assert len(diff) == 3
    actions = list(
        AuditEntry.objects.filter(unit=full_plan.province, action__startswith="plan.").values_list(
            "action", flat=True
        )
    )
    for action in ("plan.submit", "plan.issue", "plan.revise", "plan.supersede", "plan.target"):
        assert action in actions


def test_submitting_needs_indicators_targets_leads_and_tasks(five_year, persona):
    with pytest.raises(DomainError):
        plan_submit(plan=five_year, by=persona("focal"))
    assert Plan.objects.get(pk=five_year.pk).status == PlanStatus.DRAFT


def test_two_people_saving_the_same_plan_the_second_gets_a_conflict(five_year, persona):
    version = five_year.lock_version
    plan_update(
        plan=five_year, by=persona("focal"), data={"general_objective": "A"}, expected_version=version
    )
    with pytest.raises(DomainError):
        plan_update(
            plan=Plan.objects.get(pk=five_year.pk),
            by=persona("focal"),
            data={"general_objective": "B"},
            expected_version=version,
        )
    assert Plan.objects.get(pk=five_year.pk).general_objective == "A"


def test_the_climate_indicator_follows_the_programme_register(tay_ninh, persona):
    focal = persona("focal")
    indicator = local_indicator_create(province=tay_ninh, by=focal, template="climate_programmes")
    assert (indicator.code, indicator.local_tag, indicator.province) == (
        "80-KH1",
        "climate_change",
        tay_ninh,
    )
    assert rollup(indicator, tay_ninh, 2024).value() is None
    flood = programme_save(
        province=tay_ninh,
        by=focal,
        name="Chống ngập vùng hạ lưu",
        start_year=2021,
        end_year=2025,
        climate_related=True,
    )
    programme_save(
        province=tay_ninh,
        by=focal,
        name="Nước sạch nông thôn",
        start_year=2022,
        end_year=2026,
        climate_related=True,
        gender_mainstreamed=True,
    )
    programme_save(
        province=tay_ninh,
        by=focal,
        name="Chuyển đổi số",
        start_year=2021,
        end_year=2025,
        gender_mainstreamed=True,
    )
    assert climate_programme_counts(tay_ninh, 2024) == (1, 2)
    assert rollup(indicator, tay_ninh, 2024).value() == 50
    programme_save(province=tay_ninh, by=focal, programme=flood, gender_mainstreamed=True)
    assert rollup(indicator, tay_ninh, 2024).value() == 100
    assert climate_programme_counts(tay_ninh, 2021) == (1, 1)
    assert climate_programme_counts(tay_ninh, 2026) == (1, 1)
    assert Programme.objects.count() == 3


def test_local_indicators_get_targets_without_a_national_comparison(five_year, persona, tay_ninh, agency):
    focal = persona("focal")
    indicator = local_indicator_create(province=tay_ninh, by=focal, template="ethnic_vocational")
    pi = plan_indicator_set(plan=five_year, indicator=indicator, by=focal, lead_agency=agency("noi_vu"))
    target = plan_target_set(plan_indicator=pi, year=2025, comparator=">=", value="30", by=focal)
    assert not target_flags(five_year, list(plan_indicators(five_year)))[target.pk].weaker
    assert PlanTarget.objects.count() == 1


def test_a_local_indicator_code_longer_than_the_field_is_refused(tay_ninh, persona):
    with pytest.raises(DomainError) as error:
        local_indicator_create(
            province=tay_ninh,
            by=persona("focal"),
            code="a-very-long-local-code",
            tag="other",
            name_vi="X",
            direction="increase",
        )
    assert error.value.field == "code"
