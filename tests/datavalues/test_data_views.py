from datetime import date

import pytest

from datavalues.models import DataValue, ValueStatus
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


def shown_version(code, part, unit, year, sex="total") -> int:
    """The version the grid's cell carries: the stored value's, 0 when there is none."""
    stored = DataValue.objects.filter(
        series__indicator__code=code,
        series__is_primary=True,
        part=part,
        unit=unit,
        year=year,
        sex=sex,
        option="",
    ).first()
    return stored.version if stored else 0


def cell(client, code, part, unit, year, value, sex="total", version=None, comment=""):
    """Save a cell as the grid does, with the version the page shows unless the test gives another."""
    if version is None:
        version = shown_version(code, part, unit, year, sex)
    return client.post(
        "/data/cell/",
        {
            "indicator": code,
            "part": part,
            "unit": unit.pk,
            "year": year,
            "sex": sex,
            "value": value,
            "version": version,
            "comment": comment,
        },
    )


@pytest.fixture
def tay_ninh_now():
    return unit_resolve(code="80", on=date(2026, 1, 1))


def test_the_department_of_health_enters_its_parts_and_only_those(client_as, tay_ninh_now):
    client = client_as("department")
    items = client.get("/data/?year=2026").context["items"]
    codes = {item.indicator.code for item in items}
    assert {
        "M4.1",
        "M4.2",
        "M4.3",
        "M3.4",
    } <= codes and "M2.1" not in codes  # M2.1 is the statistics office's
    assert cell(client, "M4.1", "numerator", tay_ninh_now, 2026, "11.245").status_code == 200
    assert DataValue.objects.get(part="numerator").value == 11245
    assert cell(client, "M2.1", "numerator", tay_ninh_now, 2026, "10").status_code == 403
    assert not DataValue.objects.filter(series__indicator__code="M2.1").exists()


def test_a_bad_cell_answers_with_the_message_in_place_and_saves_nothing(client_as, tay_ninh_now):
    client = client_as("focal")
    cell(client, "M2.1", "denominator", tay_ninh_now, 2026, "100")
    response = cell(client, "M2.1", "numerator", tay_ninh_now, 2026, "120")
    assert response.status_code == 422
    page = response.content.decode()
    assert 'role="alert"' in page and "120" in page  # the typed value stays in the cell with the message
    assert not DataValue.objects.filter(part="numerator").exists()
    assert cell(client, "M2.1", "numerator", tay_ninh_now, 2026, "45,5").status_code == 200


def test_submit_approve_and_accept_from_the_grid(client_as, tay_ninh_now):
    focal = client_as("focal")
    cell(focal, "M2.1", "denominator", tay_ninh_now, 2026, "100")
    url = "/data/M2.1/2026/action/"
    focal.post(url, {"unit": tay_ninh_now.pk, "action": "submit"})
    assert DataValue.objects.get().status == ValueStatus.SUBMITTED
    focal.post(url, {"unit": tay_ninh_now.pk, "action": "approve"})
    assert DataValue.objects.get().status == ValueStatus.APPROVED
    assert focal.post(url, {"unit": tay_ninh_now.pk, "action": "accept"}).status_code == 403
    client_as("ministry_officer").post(url, {"unit": tay_ninh_now.pk, "action": "accept"})
    assert DataValue.objects.get().status == ValueStatus.ACCEPTED
    assert cell(client_as("focal"), "M2.1", "denominator", tay_ninh_now, 2026, "90").status_code == 422


def test_the_focal_officer_reassigns_a_part(client_as, tay_ninh_now):
    from agencies.models import Agency
    from indicators.models import IndicatorPart

    part = IndicatorPart.objects.get(indicator__code="M2.1", kind="numerator")
    agency = Agency.objects.get(province=tay_ninh_now, kind__code="noi_vu")
    client_as("focal").post("/data/assignments/", {"part": part.pk, "agency": agency.pk, "lock_version": 0})
    assert (
        client_as("department").post("/data/assignments/", {"part": part.pk, "agency": agency.pk}).status_code
        == 403
    )
    items = client_as("focal").get("/data/?year=2026").context["items"]
    assert next(i for i in items if i.part == part).agency == agency


def test_only_the_ministry_adds_a_series_and_chooses_the_one_used(client_as):
    from datavalues.models import Series

    assert (
        client_as("focal").post("/data/series/M4.1/", {"code": "survey", "name_vi": "Điều tra"}).status_code
        == 403
    )
    client = client_as("ministry_admin")
    client.post("/data/series/M4.1/", {"code": "survey", "name_vi": "Điều tra biến động dân số"})
    assert set(Series.objects.filter(indicator__code="M4.1").values_list("code", "is_primary")) == {
        ("main", True),
        ("survey", False),
    }
    client.post("/data/series/M4.1/survey/primary/", {"reason": "Phương pháp mới"})
    assert Series.objects.get(indicator__code="M4.1", is_primary=True).code == "survey"
    assert "Điều tra biến động dân số" in client.get("/indicators/M4.1/").content.decode()


def test_the_province_enters_commune_values_in_one_grid_with_bounded_queries(client_as, tay_ninh_now):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from units.selectors import communes_of

    client = client_as("focal")
    commune = communes_of(tay_ninh_now).first()
    assert cell(client, "M6.1", "denominator", commune, 2026, "15000").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/data/M6.1/2026/?unit={tay_ninh_now.pk}&rows=communes")
    assert response.status_code == 200
    assert len(response.context["rows"]) == 96  # every commune of Tây Ninh
    assert f'id="cell-{commune.pk}-denominator-total"' in response.content.decode()
    assert len(queries) < 40


def test_only_the_ministry_reopens_what_it_accepted(client_as, tay_ninh_now):
    focal = client_as("focal")
    cell(focal, "M2.1", "denominator", tay_ninh_now, 2026, "100")
    url = "/data/M2.1/2026/action/"
    for action in ("submit", "approve"):
        focal.post(url, {"unit": tay_ninh_now.pk, "action": action})
    client_as("ministry_officer").post(url, {"unit": tay_ninh_now.pk, "action": "accept"})
    client_as("focal").post(url, {"unit": tay_ninh_now.pk, "action": "reopen", "reason": "Sửa"})
    assert DataValue.objects.get().status == ValueStatus.ACCEPTED
    client_as("ministry_officer").post(
        url, {"unit": tay_ninh_now.pk, "action": "reopen", "reason": "Tỉnh đề nghị"}
    )
    assert DataValue.objects.get().status == ValueStatus.ENTERED


def test_the_worklist_names_statuses_and_sexes_in_vietnamese_not_codes(client_as, tay_ninh_now):
    from tests.conftest import vi_text
    from tests.datavalues.conftest import enter

    enter("M1.1", "numerator", tay_ninh_now, 2026, 12)
    page = client_as("focal").get("/data/?year=2026").content.decode()
    assert f"{vi_text('Entered')}: 1<" in page  # the count of entered parts
    missing = vi_text("not entered")
    assert f"{missing[:1].upper()}{missing[1:]}: " in page  # a chip begins with a capital, as the others do
    assert f"<small>{vi_text('Total')}: 12</small>" in page
    for code in ("entered:", "missing:", "total:", ">entered<"):
        assert code not in page, code
