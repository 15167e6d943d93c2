"""Two people who opened the same form: the first save wins, the second is refused and changes nothing (issue 13,
finding 2). Each test repeats the tester's exact requests."""

import pytest

from plans.models import Plan, PlanIndicator, Programme, Task
from plans.services import programme_save, task_create
from tests.conftest import table_digest, vi_text

pytestmark = pytest.mark.django_db
STALE = "Someone else saved this after you opened it. Reload the page to see their changes."


@pytest.fixture
def task(full_plan, persona, agency):
    return task_create(
        plan=full_plan,
        by=persona("focal"),
        category="statistics",
        title="Thống kê",
        lead_agency=agency("y_te"),
    )


def task_form(task, title, version):
    return {
        "order": task.order,
        "category": task.category,
        "model_type": "",
        "title": title,
        "description": "",
        "lead_agency": task.lead_agency_id,
        "start_date": "",
        "end_date": "",
        "expected_outputs": "",
        "lock_version": version,
    }


def test_two_sessions_saving_a_task_the_second_is_refused_and_changes_nothing(client_as, task):
    first, second = client_as("focal"), client_as("focal")
    version = Task.objects.get(pk=task.pk).lock_version  # both opened /tasks/<id>/edit/ at this version
    assert f'name="lock_version" value="{version}"' in first.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert first.post(f"/tasks/{task.pk}/edit/", task_form(task, "Tên thứ nhất", version)).status_code == 302
    before = table_digest("plans_task", "audit_auditentry")
    response = second.post(f"/tasks/{task.pk}/edit/", task_form(task, "Tên thứ hai", version))
    assert response.status_code == 200
    assert vi_text(STALE) in response.content.decode()
    assert table_digest("plans_task", "audit_auditentry") == before
    assert Task.objects.get(pk=task.pk).title == "Tên thứ nhất"


def test_a_task_form_without_its_version_is_refused(client_as, task):
    form = task_form(task, "Không có phiên bản", 0)
    del form["lock_version"]
    before = table_digest("plans_task")
    response = client_as("focal").post(f"/tasks/{task.pk}/edit/", form)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert table_digest("plans_task") == before


def budget_form(plan, amount, version):
    return {f"amount-{plan.start_year}-local_recurrent": amount, "lock_version": version}


def test_two_sessions_saving_a_tasks_budget_the_second_is_refused_and_changes_nothing(client_as, task):
    first, second = client_as("focal"), client_as("focal")
    plan = task.plan
    version = Task.objects.get(pk=task.pk).lock_version
    page = first.get(f"/tasks/{task.pk}/budget/").content.decode()
    assert f'name="lock_version" value="{version}"' in page
    assert first.post(f"/tasks/{task.pk}/budget/", budget_form(plan, "111000000", version)).status_code == 302
    before = table_digest("plans_budgetline", "plans_task", "audit_auditentry")
    response = second.post(f"/tasks/{task.pk}/budget/", budget_form(plan, "222000000", version), follow=True)
    assert vi_text(STALE) in response.content.decode()
    assert table_digest("plans_budgetline", "plans_task", "audit_auditentry") == before
    assert [int(b.amount) for b in task.budget_lines.all()] == [111_000_000]
    # reloaded, the page carries the new version and the save goes through
    fresh = Task.objects.get(pk=task.pk).lock_version
    assert second.post(f"/tasks/{task.pk}/budget/", budget_form(plan, "222000000", fresh)).status_code == 302
    assert [int(b.amount) for b in task.budget_lines.all()] == [222_000_000]


def test_an_amount_refused_on_the_budget_keeps_the_version_for_the_corrected_save(client_as, task):
    client = client_as("focal")
    plan = task.plan
    version = Task.objects.get(pk=task.pk).lock_version
    response = client.post(f"/tasks/{task.pk}/budget/", budget_form(plan, "-5", version))
    assert response.status_code == 200
    assert f'name="lock_version" value="{version}"' in response.content.decode()
    assert client.post(f"/tasks/{task.pk}/budget/", budget_form(plan, "5000000", version)).status_code == 302


def test_two_sessions_saving_a_plan_indicator_the_second_is_refused(client_as, full_plan):
    first, second = client_as("focal"), client_as("focal")
    pi = PlanIndicator.objects.filter(plan=full_plan).select_related("indicator").first()
    url = f"/plans/{full_plan.pk}/indicators/{pi.pk}/"
    assert f'name="lock_version" value="{pi.lock_version}"' in first.get(url).content.decode()
    form = {"baseline_value": "41", "baseline_year": "2020", "lock_version": pi.lock_version}
    assert first.post(url, form).status_code == 302
    before = table_digest("plans_planindicator", "plans_plantarget")
    response = second.post(url, {**form, "baseline_value": "42"})
    assert response.status_code == 200 and vi_text(STALE) in response.content.decode()
    assert table_digest("plans_planindicator", "plans_plantarget") == before
    assert PlanIndicator.objects.get(pk=pi.pk).baseline_value == 41


def test_two_sessions_saving_a_programme_the_second_is_refused(client_as, tay_ninh, persona):
    programme = programme_save(
        province=tay_ninh, by=persona("focal"), name="Chương trình A", start_year=2021, end_year=2025
    )
    first, second = client_as("focal"), client_as("focal")
    url = f"/programmes/{programme.pk}/"
    page = first.get(url)
    assert page.status_code == 200
    form = {k: ("" if v is None else v) for k, v in page.context["form"].initial.items()}
    assert form["lock_version"] == programme.lock_version
    assert first.post(url, {**form, "name": "Tên một"}).status_code == 302
    before = table_digest("plans_programme")
    response = second.post(url, {**form, "name": "Tên hai"})
    assert response.status_code == 200 and vi_text(STALE) in response.content.decode()
    assert table_digest("plans_programme") == before
    assert Programme.objects.get(pk=programme.pk).name == "Tên một"


def test_the_plan_texts_still_refuse_a_stale_save(client_as, five_year):
    before = Plan.objects.get(pk=five_year.pk).lock_version
    client = client_as("focal")
    base = {"title": five_year.title, "lock_version": before}
    assert client.post(f"/plans/{five_year.pk}/edit/", {**base, "general_objective": "A"}).status_code == 302
    assert client.post(f"/plans/{five_year.pk}/edit/", {**base, "general_objective": "B"}).status_code == 200


def test_two_sessions_renaming_an_agency_the_second_is_refused(client_as, agency):
    health = agency("y_te")
    first, second = client_as("focal"), client_as("focal")
    url = f"/agencies/{health.pk}/rename/"
    version = health.lock_version
    assert f'name="lock_version" value="{version}"' in first.get(url).content.decode()
    form = {"valid_from": "2026-07-01", "reason": "Quyết định số 12/QĐ-UBND", "lock_version": version}
    assert first.post(url, {**form, "name": "Sở Y tế (tên một)"}).status_code == 302
    before = table_digest("agencies_agency", "agencies_agencyname", "audit_auditentry")
    response = second.post(url, {**form, "name": "Sở Y tế (tên hai)", "valid_from": "2026-08-01"})
    assert response.status_code == 200 and vi_text(STALE) in response.content.decode()
    assert table_digest("agencies_agency", "agencies_agencyname", "audit_auditentry") == before
    assert not health.names.filter(name="Sở Y tế (tên hai)").exists()


INDICATOR_EDIT = {
    "objective": "2",
    "order": "1",
    "unit_label": "%",
    "factor": "100",
    "direction": "increase",
    "confirmed": "yes",
    "reason": "Điều chỉnh theo Thông tư",
}


def test_two_ministry_sessions_editing_an_indicator_the_second_is_refused(client_as):
    from indicators.models import Indicator

    first, second = client_as("ministry_officer"), client_as("ministry_officer")
    version = Indicator.objects.get(code="M2.1").lock_version
    page = first.get("/indicators/M2.1/edit/").content.decode()
    assert f'name="lock_version" value="{version}"' in page
    form = {**INDICATOR_EDIT, "lock_version": version}
    assert first.post("/indicators/M2.1/edit/", {**form, "name_vi": "Tên một"}).status_code == 302
    before = table_digest("indicators_indicator", "indicators_nationaltarget", "audit_auditentry")
    response = second.post("/indicators/M2.1/edit/", {**form, "name_vi": "Tên hai"})
    assert response.status_code == 200 and vi_text(STALE) in response.content.decode()
    # the target page opened before the edit carries the indicator's old version too: refused
    target = {"comparator": ">=", "value": "70", "reason": "Điều chỉnh", "lock_version": version}
    assert second.post("/indicators/M2.1/targets/2030/", target).status_code == 200
    assert table_digest("indicators_indicator", "indicators_nationaltarget", "audit_auditentry") == before
    assert Indicator.objects.get(code="M2.1").name_vi == "Tên một"
    assert Indicator.objects.get(code="M2.1").targets.get(year=2030).value == 60


def test_two_sessions_assigning_a_part_the_second_is_refused(client_as, agency):
    from datavalues.models import PartAssignment
    from indicators.models import IndicatorPart

    part = IndicatorPart.objects.get(indicator__code="M2.1", kind="numerator")
    first, second = client_as("focal"), client_as("focal")
    version = 0  # no assignment of this part in the province yet: both pages show version 0
    assert (
        first.post(
            "/data/assignments/", {"part": part.pk, "agency": agency("noi_vu").pk, "lock_version": version}
        ).status_code
        == 302
    )
    before = table_digest("datavalues_partassignment", "audit_auditentry")
    response = second.post(
        "/data/assignments/",
        {"part": part.pk, "agency": agency("y_te").pk, "lock_version": version},
        follow=True,
    )
    assert vi_text(STALE) in response.content.decode()
    assert table_digest("datavalues_partassignment", "audit_auditentry") == before
    assert PartAssignment.objects.get(part=part).agency == agency("noi_vu")
