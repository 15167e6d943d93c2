"""A refused action on a plan's page (a button's post) says why in a message, goes back to the plan and changes
nothing (``core.form_post.act``)."""

import pytest
from django.contrib.messages import get_messages

from plans.models import Plan, PlanIndicator, PlanStatus, Task
from plans.services import plan_submit
from tests.conftest import vi_text

pytestmark = pytest.mark.django_db
NOT_DRAFT = "This version is %(status)s; an issued plan changes only by revision."


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_submitting_an_empty_plan_is_refused_with_what_it_lacks(five_year, client_as):
    response = client_as("focal").post(f"/plans/{five_year.pk}/submit/")
    assert response.status_code == 302 and response.url == f"/plans/{five_year.pk}/"
    assert _messages(response), "the refusal names what the plan lacks"
    assert Plan.objects.get(pk=five_year.pk).status == PlanStatus.DRAFT


@pytest.fixture
def submitted(full_plan, persona):
    return plan_submit(plan=full_plan, by=persona("focal"))


def test_deleting_a_task_of_a_submitted_plan_is_refused(submitted, client_as):
    task = Task.objects.filter(plan=submitted).first()
    response = client_as("focal").post(f"/tasks/{task.pk}/delete/")
    assert response.status_code == 302 and response.url.startswith(f"/plans/{submitted.pk}/")
    assert _messages(response) == [
        vi_text(NOT_DRAFT) % {"status": vi_text("Submitted to the People's Committee").lower()}
    ]
    assert Task.objects.filter(pk=task.pk).exists()


def test_removing_an_indicator_of_a_submitted_plan_is_refused(submitted, client_as):
    pi = PlanIndicator.objects.filter(plan=submitted).first()
    response = client_as("focal").post(f"/plans/{submitted.pk}/indicators/{pi.pk}/remove/")
    assert response.status_code == 302 and response.url.startswith(f"/plans/{submitted.pk}/")
    assert _messages(response) == [
        vi_text(NOT_DRAFT) % {"status": vi_text("Submitted to the People's Committee").lower()}
    ]
    assert PlanIndicator.objects.filter(pk=pi.pk).exists()
