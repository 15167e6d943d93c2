"""The roll-up of a disaggregation through the API: ``GET /rollup?disaggregation=`` and ``GET /rollup/breakdown``,
checked against the indicator's declared options, in the OpenAPI description with every status they answer."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.services import api_token_issue
from datavalues import rollup_cache
from datavalues.models import DataValue
from datavalues.services import series_primary
from indicators.models import Indicator
from units.selectors import communes_of, unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, persona):
    def call(who, path, **kwargs):
        headers = {"Authorization": f"Bearer {api_token_issue(user=persona(who))}"}
        return client.get(path, headers=headers, **kwargs)

    return call


@pytest.fixture
def m43_cuts(db):
    """M4.3 in two communes of Tây Ninh for 2026: totals 10/400 and 30/600, urban and rural adding up to them."""
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    series = series_primary(Indicator.objects.get(code="M4.3"))
    rows = []
    for commune, cells in zip(
        communes_of(tay_ninh)[:2],
        (
            {"": (10, 400), "area=urban": (4, 100), "area=rural": (6, 300)},
            {"": (30, 600), "area=urban": (20, 200), "area=rural": (10, 400)},
        ),
        strict=True,
    ):
        for option, (numerator, denominator) in cells.items():
            for part, value in (("numerator", numerator), ("denominator", denominator)):
                rows.append(
                    DataValue(
                        series=series, part=part, unit=commune, year=2026, option=option, value=Decimal(value)
                    )
                )
    DataValue.objects.bulk_create(rows)
    rollup_cache.data_changed(year=2026)
    return tay_ninh


def test_the_rollup_of_one_option_and_the_total(api, m43_cuts):
    urban = api("focal", "/api/v1/rollup?indicator=M4.3&unit=80&year=2026&disaggregation=area%3Durban").json()
    assert urban["disaggregation"] == "area=urban"
    assert urban["parts"] == {"denominator:total": "300.000000", "numerator:total": "24.000000"}
    assert Decimal(urban["value"]) == Decimal(1000) * 24 / 300
    total = api("focal", "/api/v1/rollup?indicator=M4.3&unit=80&year=2026").json()
    assert total["disaggregation"] == "" and total["parts"]["numerator:total"] == "40.000000"
    spaced = api(
        "ministry_officer",
        "/api/v1/rollup?indicator=M4.3&unit=VN&year=2026&disaggregation=%20area%20%3D%20rural",
    )
    assert (
        spaced.json()["disaggregation"] == "area=rural"
        and spaced.json()["parts"]["numerator:total"] == "16.000000"
    )


@pytest.mark.parametrize(
    "text, names",
    [
        ("area%3Dmountain", "mountain"),  # not an option of area
        ("age%3D0-15", "age"),  # M4.3 declares area and ethnicity only
        ("area", "area=urban"),  # not in the form dimension=option: the message shows one
    ],
)
def test_an_undeclared_disaggregation_is_422_naming_the_field(api, m43_cuts, text, names):
    response = api("focal", f"/api/v1/rollup?indicator=M4.3&unit=80&year=2026&disaggregation={text}")
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "disaggregation" and names in body["detail"]


def test_the_breakdown_gives_each_option_beside_the_total(api, m43_cuts):
    body = api("focal", "/api/v1/rollup/breakdown?indicator=M4.3&unit=80&year=2026&dimension=area").json()
    assert body["dimension"] == "area" and body["total"]["parts"]["denominator:total"] == "1000.000000"
    assert [(o["disaggregation"], o["label"]) for o in body["options"]] == [
        ("area=urban", "Thành thị/nông thôn: Thành thị"),
        ("area=rural", "Thành thị/nông thôn: Nông thôn"),
    ]
    numerators = [Decimal(o["parts"]["numerator:total"]) for o in body["options"]]
    assert sum(numerators) == Decimal(body["total"]["parts"]["numerator:total"])  # they add up to the total
    every = api("focal", "/api/v1/rollup/breakdown?indicator=M4.3&unit=80&year=2026").json()
    assert [o["disaggregation"] for o in every["options"]] == [
        "area=urban",
        "area=rural",
        "ethnicity=kinh",
        "ethnicity=minority",
    ]
    assert every["options"][2]["value"] is None and every["options"][2]["parts"] == {}
    refused = api("focal", "/api/v1/rollup/breakdown?indicator=M4.3&unit=80&year=2026&dimension=age")
    assert refused.status_code == 422 and refused.json()["field"] == "dimension"
    outside = api("focal", "/api/v1/rollup/breakdown?indicator=M4.3&unit=01&year=2026&dimension=area")
    assert outside.status_code == 403


def test_the_description_declares_the_parameters_and_every_status(client):
    spec = client.get("/api/v1/openapi.json").json()
    rollup = spec["paths"]["/api/v1/rollup"]["get"]
    assert "disaggregation" in {p["name"] for p in rollup["parameters"]}
    breakdown = spec["paths"]["/api/v1/rollup/breakdown"]["get"]
    assert {p["name"] for p in breakdown["parameters"]} == {"indicator", "unit", "year", "dimension"}
    assert set(breakdown["responses"]) == {"200", "401", "403", "404", "422", "429"}
