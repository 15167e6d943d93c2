import pytest

from accounts.services import api_token_issue
from datavalues.models import DataValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, persona):
    def call(who, method, path, **kwargs):
        headers = {"Authorization": f"Bearer {api_token_issue(user=persona(who))}"}
        return getattr(client, method)(path, headers=headers, content_type="application/json", **kwargs)

    return call


def test_values_are_written_and_read_with_the_same_validation_as_the_grid(api):
    body = {
        "indicator": "M2.1",
        "part": "denominator",
        "unit": "80",
        "year": 2026,
        "value": "1000",
        "version": 0,
    }
    saved = api("focal", "post", "/api/v1/values", data=body)
    assert saved.status_code == 200 and saved.json()["version"] == 1
    too_big = {**body, "part": "numerator", "value": "1200"}
    refused = api("focal", "post", "/api/v1/values", data=too_big)
    assert refused.status_code == 422 and refused.json()["field"] == "value"
    api("focal", "post", "/api/v1/values", data={**too_big, "value": "450", "version": 0})
    rows = api("department", "get", "/api/v1/values?unit=80&year=2026").json()
    assert {(r["part"], r["value"]) for r in rows} == {
        ("denominator", "1000.000000"),
        ("numerator", "450.000000"),
    }
    rolled = api("ministry_officer", "get", "/api/v1/rollup?indicator=M2.1&unit=80&year=2026").json()
    assert float(rolled["value"]) == 45.0


def test_a_stale_version_is_a_conflict(api):
    body = {
        "indicator": "M2.1",
        "part": "denominator",
        "unit": "80",
        "year": 2026,
        "value": "1000",
        "version": 0,
    }
    api("focal", "post", "/api/v1/values", data=body)
    api("focal", "post", "/api/v1/values", data={**body, "value": "1100", "version": 1})
    conflict = api("focal", "post", "/api/v1/values", data={**body, "value": "1200", "version": 1})
    assert conflict.status_code == 409
    assert DataValue.objects.get().value == 1100


def test_the_api_refuses_writes_outside_the_users_scope(api):
    body = {"indicator": "M2.1", "part": "numerator", "unit": "80", "year": 2026, "value": "10", "version": 0}
    assert api("outsider", "post", "/api/v1/values", data=body).status_code == 403
    assert api("department", "post", "/api/v1/values", data=body).status_code == 403  # M2.1 is not Health's
    assert api("province_viewer", "post", "/api/v1/values", data=body).status_code == 403
    assert api("outsider", "get", "/api/v1/values?unit=80&year=2026").status_code == 403
    assert not DataValue.objects.exists()
