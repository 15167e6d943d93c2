import pytest

from accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, persona):
    token = api_token_issue(user=persona("department"))

    def get(path):
        return client.get(path, headers={"Authorization": f"Bearer {token}"})

    return get


def test_the_openapi_description_lists_the_endpoints_and_bearer_auth(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/agencies", "/api/v1/indicators"} <= set(
        schema["paths"]
    )
    assert any(s.get("scheme") == "bearer" for s in schema["components"]["securitySchemes"].values())


def test_a_code_with_a_year_resolves_to_the_unit_in_force_then(api):
    [before] = api("/api/v1/units?code=80&year=2024").json()
    [after] = api("/api/v1/units?code=80&year=2025").json()
    assert before["names"][0]["name"] == "Tỉnh Long An" and before["merged_into_code"] == "80"
    assert after["name"] == "Tỉnh Tây Ninh" and after["merged_into_code"] is None
    assert before["id"] != after["id"]


def test_a_code_alone_lists_every_unit_that_carried_it(api):
    rows = api("/api/v1/units?code=80").json()
    assert [r["valid_from"] for r in rows] == ["2008-08-01", "2025-07-01"]


def test_communes_of_a_province_by_parent_code(api):
    rows = api("/api/v1/units?level=commune&parent=80&year=2026").json()
    assert len(rows) == 96
    assert all(r["parent_code"] == "80" for r in rows)


def test_bad_filters_are_refused_with_422(api):
    assert api("/api/v1/units?level=district").status_code == 422
    assert api("/api/v1/units?year=abc").status_code == 422


def test_indicators_carry_parts_targets_and_direction(api):
    m41 = api("/api/v1/indicators/M4.1").json()
    assert m41["direction"] == "decrease"
    assert {t["year"]: (t["comparator"], float(t["value"])) for t in m41["targets"]} == {
        2025: ("<=", 111.0),
        2030: ("<=", 109.0),
    }
    assert {p["kind"] for p in m41["parts"]} == {"numerator", "denominator"}
    assert api("/api/v1/indicators/NOPE").status_code == 404
