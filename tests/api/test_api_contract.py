"""The API keeps to its OpenAPI description (CI fuzzes it with schemathesis: .ci/fuzz-api). Each test here is a
problem the fuzzer found, or one it would find on PostgreSQL: odd input gets a 4xx naming the input, never a 500,
and every status an operation answers is declared with the shape it has."""

from decimal import Decimal

import pytest

from accounts.services import api_token_issue
from api.api import _clean
from api.schemas import LevelIn, PartKindIn, SexIn
from datavalues.models import DataValue, PartKind, Sex
from units.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(client, persona):
    def call(method, path, who="ministry_officer", **kwargs):
        headers = {"Authorization": f"Bearer {api_token_issue(user=persona(who))}"}
        kwargs.setdefault("content_type", "application/json")
        return getattr(client, method)(path, headers=headers, **kwargs)

    return call


@pytest.fixture
def schema(client):
    return client.get("/api/v1/openapi.json").json()


def test_every_operation_declares_every_status_it_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"200", "401", "429"} <= declared, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in declared, (method, path)
            if "{" in path or "unit" in {p["name"] for p in operation.get("parameters", [])}:
                assert "404" in declared, (method, path)
    assert {"400", "403", "404", "409", "422"} <= set(schema["paths"]["/api/v1/values"]["post"]["responses"])


def test_the_description_states_the_limits_of_the_input(schema):
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/values"]["get"]["parameters"]}
    assert (params["year"]["minimum"], params["year"]["maximum"]) == (2000, 2100)
    assert params["unit"]["pattern"] == "^[0-9A-Za-z]{1,10}$"
    body = schema["components"]["schemas"]["ValueIn"]["properties"]
    assert body["part"]["enum"] == ["numerator", "denominator", "value"]
    assert body["source"]["maxLength"] == 300


def test_the_enumerations_follow_the_models():
    assert list(PartKindIn.__args__) == PartKind.values
    assert list(SexIn.__args__) == Sex.values
    assert list(LevelIn.__args__) == Level.values


def test_input_that_does_not_match_is_a_422_naming_the_input(call):
    answer = call("get", "/api/v1/units?year=abc")
    assert answer.status_code == 422
    body = answer.json()
    assert body["field"] == "year" and "year" in body["detail"] and isinstance(body["detail"], str)
    assert body["errors"][0]["loc"] == ["query", "year"]
    out_of_range = call("get", "/api/v1/values?unit=80&year=1999")
    assert out_of_range.status_code == 422 and out_of_range.json()["field"] == "year"
    both = call("get", "/api/v1/units?code=80&year=2026&on=2026-01-01")
    assert both.status_code == 422 and both.json()["field"] == "on"


def test_a_number_is_not_read_as_a_date(call):
    assert call("get", "/api/v1/units?on=0").status_code == 422  # was 1970-01-01, a Unix time
    assert call("get", "/api/v1/units?code=80&on=2026-01-01").json()[0]["name"] == "Tỉnh Tây Ninh"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/units?code=%00",
        "/api/v1/units?parent=8%000",
        "/api/v1/agencies?province=%00",
        "/api/v1/indicators/M1.%00",
        "/api/v1/values?unit=80&year=2026&indicator=%00",
        "/api/v1/rollup?indicator=M2.1&unit=8%000&year=2026",
        "/api/v1/progress?unit=80%27%20OR%201=1&year=2026",
    ],
)
def test_codes_with_odd_characters_are_refused_not_a_server_error(call, path):
    """A NUL character reached PostgreSQL, which refuses it: a 500."""
    assert call("get", path).status_code == 422


def test_ids_outside_the_column_are_refused(call):
    assert call("get", "/api/v1/units/0").status_code == 422
    assert call("get", "/api/v1/units/99999999999999999999").status_code == 422
    missing = call("get", "/api/v1/units/9999999")
    assert missing.status_code == 404 and missing.json()["field"] == "unit_id"


def test_not_found_says_what_is_missing(call):
    unit = call("get", "/api/v1/values?unit=99&year=2026")
    assert unit.status_code == 404 and unit.json()["field"] == "unit"
    indicator = call("get", "/api/v1/indicators/NOPE")
    assert indicator.status_code == 404 and "NOPE" in indicator.json()["detail"]
    scope = call("get", "/api/v1/rollup?indicator=M2.1&unit=80&year=2026", who="outsider")
    assert scope.status_code == 403 and scope.json()["field"] == "unit"


BODY = {"indicator": "M2.1", "part": "denominator", "unit": "80", "year": 2026, "value": "1000", "version": 0}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": "1e30", "comment": "huge"}, "value"),  # numeric(20, 6): an overflow on PostgreSQL
        ({"value": "0.0000001"}, "value"),  # more decimals than the column keeps
        ({"value": "NaN"}, "value"),
        ({"source": "x" * 301}, "source"),  # varchar(300): an overflow on PostgreSQL
        ({"comment": "a\x00b"}, "comment"),
        ({"as_of": 0}, "as_of"),
        ({"part": "zzz"}, "part"),
        ({"sex": "x"}, "sex"),
        ({"year": 0}, "year"),
        ({"version": -1}, "version"),
    ],
)
def test_a_value_the_database_cannot_hold_is_refused_and_nothing_is_saved(call, change, field):
    answer = call("post", "/api/v1/values", who="focal", data={**BODY, **change})
    assert answer.status_code == 422, answer.content
    assert answer.json()["field"] == field
    assert not DataValue.objects.exists()


def test_a_missing_or_unreadable_body_is_refused_with_a_sentence(call):
    missing = call("post", "/api/v1/values", who="focal")
    assert missing.status_code == 422 and isinstance(missing.json()["detail"], str)
    garbled = call("post", "/api/v1/values", who="focal", data=b"\x00")
    assert garbled.status_code == 400 and isinstance(garbled.json()["detail"], str)


def test_rates_of_any_size_are_written_plainly():
    assert _clean(Decimal("45.000000")) == Decimal(45)
    assert str(_clean(Decimal("1E+2"))) == "100"
    assert _clean(Decimal("0.123456789012345")) == Decimal("0.123456789")
    huge = Decimal("123456789012345678901234567890.123456789012345")  # was InvalidOperation: a 500
    assert _clean(huge) == Decimal("123456789012345678901234567890.123456789")
    assert str(_clean(Decimal("1E+40"))) == "1" + "0" * 40
    assert _clean(Decimal("Infinity")) is None and _clean(Decimal("NaN")) is None
