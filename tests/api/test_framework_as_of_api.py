"""GET /indicators?as_of= and /indicators/{code}?as_of=: the framework as it stood then."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import api_token_issue
from indicators.models import Direction, Indicator, Objective, PartKind
from indicators.services import indicator_create, indicator_update, target_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, persona):
    token = api_token_issue(user=persona("department"))

    def get(path):
        return client.get(path, headers={"Authorization": f"Bearer {token}"})

    return get


def test_the_past_framework_differs_from_today_by_the_recorded_edits(api, persona):
    admin = persona("ministry_admin")
    before = api("/api/v1/indicators").json()
    m21 = Indicator.objects.get(code="M2.1")
    target_set(indicator=m21, year=2030, comparator=">=", value="62,5", by=admin, reason="Nghị quyết sửa đổi")
    indicator_update(indicator=m21, by=admin, data={"name_vi": "Tên mới"}, reason="x")
    indicator_create(
        by=admin,
        objective=Objective.objects.get(number=1),
        code="M1.9",
        parts={PartKind.VALUE: "Giá trị"},
        name_vi="Chỉ tiêu mới",
        unit_label="%",
        direction=Direction.INCREASE,
    )
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    assert api(f"/api/v1/indicators?as_of={yesterday}").json() == before
    now = api("/api/v1/indicators").json()
    assert [i for i in now if i["code"] not in ("M2.1", "M1.9")] == [i for i in before if i["code"] != "M2.1"]
    then_m21 = api(f"/api/v1/indicators/M2.1?as_of={yesterday}").json()
    now_m21 = api("/api/v1/indicators/M2.1").json()
    assert now_m21["name_vi"] == "Tên mới" and then_m21["name_vi"] == next(
        i["name_vi"] for i in before if i["code"] == "M2.1"
    )
    assert {k for k in now_m21 if now_m21[k] != then_m21[k]} == {"name_vi", "targets"}
    assert [t["value"] for t in now_m21["targets"] if t["year"] == 2030] == ["62.5000"]
    assert [t["value"] for t in then_m21["targets"] if t["year"] == 2030] == ["60.0000"]

    missing = api(f"/api/v1/indicators/M1.9?as_of={yesterday}")
    assert missing.status_code == 404 and missing.json()["field"] == "code"
    assert api("/api/v1/indicators/M1.9").status_code == 200


@pytest.mark.parametrize("bad", ["2023-13-01", "01/06/2023", "0", "hôm qua"])
def test_a_bad_date_answers_422_naming_the_field(api, bad):
    for path in ("/api/v1/indicators", "/api/v1/indicators/M2.1"):
        answer = api(f"{path}?as_of={bad}")
        assert answer.status_code == 422
        assert answer.json()["field"] == "as_of"


def test_the_openapi_description_declares_as_of_and_the_statuses(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/indicators", "/api/v1/indicators/{code}"):
        operation = schema["paths"][path]["get"]
        assert "as_of" in [p["name"] for p in operation["parameters"]]
        assert "422" in operation["responses"]
    assert "404" in schema["paths"]["/api/v1/indicators/{code}"]["get"]["responses"]
