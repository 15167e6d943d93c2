"""``core.decorators.load_and_check``: the one way a view loads the object its address names and asks
``accounts.access`` about it (issue 14)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts import access
from core.decorators import load_and_check
from plans.models import PlanKind, Task
from plans.services import plan_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tay_ninh, persona):
    return plan_create(province=tay_ninh, kind=PlanKind.FIVE_YEAR, start_year=2026, by=persona("focal"))


def _call(view, user, **kwargs):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    return view(request, **kwargs)


def _view(request, obj, *args, **kwargs):
    return HttpResponse(f"{type(obj).__name__} {obj.pk} {args} {kwargs}")


def test_the_view_gets_the_object_when_the_check_allows(plan, persona):
    view = load_and_check(
        type(plan).objects.select_related("province"), access.can_edit_plans, of="province"
    )(_view)
    response = _call(view, persona("focal"), pk=plan.pk, fmt="docx")
    assert response.content.decode() == f"Plan {plan.pk} () {{'fmt': 'docx'}}"


def test_refused_is_403_missing_is_404_and_anonymous_goes_to_login(plan, persona):
    view = load_and_check(type(plan), access.can_edit_plans, of="province")(_view)
    for name in ("outsider", "province_viewer", "department"):
        with pytest.raises(PermissionDenied):
            _call(view, persona(name), pk=plan.pk)
    with pytest.raises(Http404):
        _call(view, persona("focal"), pk=plan.pk + 1000)
    response = _call(view, AnonymousUser(), pk=plan.pk + 1000)  # nothing is loaded before the login
    assert response.status_code == 302 and "next=/somewhere/%3Fx%3D1" in response["Location"]


def test_every_check_must_allow(plan, persona):
    view = load_and_check(type(plan), access.can_view_plans, access.can_edit_plans, of="province")(_view)
    assert _call(view, persona("focal"), pk=plan.pk).status_code == 200
    with pytest.raises(PermissionDenied):  # reads the plan, may not change it
        _call(view, persona("province_viewer"), pk=plan.pk)


def test_a_selector_loads_by_another_argument_and_none_or_does_not_exist_is_404(plan, persona):
    calls = []

    def load(value):
        calls.append(value)
        return {"1": plan, "2": None}.get(value) or Task.objects.get(pk=-1)

    view = load_and_check(load, access.can_view_plans, arg="code", of="province")(_view)
    assert _call(view, persona("ministry_viewer"), code="1").status_code == 200
    for code in ("2", "3"):
        with pytest.raises(Http404):
            _call(view, persona("ministry_viewer"), code=code)
    assert calls == ["1", "2", "3"]
