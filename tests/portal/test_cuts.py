"""Disaggregations other than sex on the public portal: frozen with the totals when a year is published (and only
then), offered as a filter on the indicator page, and in the downloads with their code and their name."""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from datavalues import rollup_cache
from datavalues.models import DataValue
from datavalues.services import series_primary
from indicators.models import Indicator
from portal.selectors import publication_preview
from tests.portal.conftest import unit

pytestmark = pytest.mark.django_db

CODE, WORDS = 12, 13  # the download's disaggregation columns (after the twelve it had before cuts)


def cuts_of(code, unit_, year, by_option, status="accepted"):
    series = series_primary(Indicator.objects.get(code=code))
    DataValue.objects.bulk_create(
        DataValue(
            series=series, part=part, unit=unit_, year=year, option=option, value=Decimal(v), status=status
        )
        for option, (numerator, denominator) in by_option.items()
        for part, v in (("numerator", numerator), ("denominator", denominator))
    )
    rollup_cache.data_changed(year=year)


@pytest.fixture
def with_cuts(mixed):
    """M2.1 in 2024 (Tây Ninh 374/1000 from Long An and old Tây Ninh) with accepted urban and rural cuts that add
    up to the totals, and Hà Nội's cuts only approved (as its totals)."""
    cuts_of("M2.1", unit("80", 2024), 2024, {"area=urban": (90, 200), "area=rural": (120, 400)})
    cuts_of("M2.1", unit("72", 2024), 2024, {"area=urban": (64, 150), "area=rural": (100, 250)})
    cuts_of("M2.1", unit("01", 2024), 2024, {"area=urban": (500, 600)}, status="approved")


def publish(persona, year=2024):
    from portal.services import publication_publish

    return publication_publish(year=year, by=persona("ministry_officer"))


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_download_has_the_cut_rows_and_they_add_up_to_the_total(client, with_cuts, persona):
    publish(persona)
    rows = rows_of(client.get("/public/data.csv?indicator=M2.1&unit=VN"))
    assert rows[0][CODE:] == ["Mã phân tổ", "Phân tổ"]
    national = {r[CODE]: r for r in rows[1:]}
    assert sorted(national) == ["", "area=rural", "area=urban"]
    assert national["area=urban"][WORDS] == "Thành thị/nông thôn: Thành thị"
    assert national["area=urban"][7:10] == ["44", "154", "350"]  # 100 × 154 / 350, Hà Nội's not accepted
    assert national[""][WORDS] == "" and national[""][7:10] == ["37.4", "374", "1000"]
    for column in (8, 9):  # the numerators and the denominators of the cuts add up to the total's
        assert Decimal(national["area=urban"][column]) + Decimal(national["area=rural"][column]) == Decimal(
            national[""][column]
        )
    # the totals come before their cuts, the framework's order of options
    assert [r[CODE] for r in rows[1:]] == ["", "area=urban", "area=rural"]
    sheet = load_workbook(
        io.BytesIO(client.get("/public/data.xlsx?indicator=M2.1&unit=80").content)
    ).worksheets[0]
    cells = {row[CODE].value or "": [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert cells["area=rural"][WORDS] == "Thành thị/nông thôn: Nông thôn"
    assert cells["area=rural"][7:10] == [33.846154, 220, 650]  # 100 × 220 / 650, six places


def test_the_download_filters_by_dimension_option_or_totals_and_refuses_what_was_not_published(
    client, with_cuts, persona
):
    publish(persona)

    def codes(query):
        return sorted({r[CODE] for r in rows_of(client.get(f"/public/data.csv?indicator=M2.1&{query}"))[1:]})

    assert codes("disaggregation=area") == ["area=rural", "area=urban"]
    assert codes("disaggregation=area%3Durban") == ["area=urban"]
    assert codes("disaggregation=total") == [""]
    assert codes("") == ["", "area=rural", "area=urban"]
    for refused in ("ethnicity", "area%3Dmountain", "area%3Durban%3Bethnicity%3Dkinh"):
        response = client.get(f"/public/data.csv?disaggregation={refused}")
        assert response.status_code == 400


def test_cuts_are_public_only_once_published_and_change_the_fingerprint(client, mixed, persona):
    before = publish(persona)
    cuts_of("M2.1", unit("80", 2024), 2024, {"area=urban": (90, 200), "area=rural": (120, 400)})
    rows = rows_of(client.get("/public/data.csv?indicator=M2.1"))
    assert {r[CODE] for r in rows[1:]} == {""}  # accepted after the publication: not public yet
    preview = publication_preview(2024)
    assert preview.digest != before.digest and preview.cut_count > 0
    # the preview's table compares the totals
    assert [f.option for f in preview.national if f.indicator.code == "M2.1"] == [""]
    again = publish(persona)
    assert again.figures.exclude(option="").count() == preview.cut_count
    assert {r[CODE] for r in rows_of(client.get("/public/data.csv?indicator=M2.1"))[1:]} == {
        "",
        "area=urban",
        "area=rural",
    }


def test_a_publication_without_cuts_keeps_its_fingerprint(mixed, persona):
    published = publish(persona)
    assert publication_preview(2024).digest == published.digest  # nothing changed: same figures, same digest


def test_the_indicator_page_offers_the_declared_cuts_as_a_filter(client, with_cuts, persona):
    publish(persona)
    html = re.sub(r"\s+", " ", client.get("/public/indicators/M2.1/").content.decode())
    assert '<option value="area">Thành thị/nông thôn</option>' in html and 'id="national-cuts"' not in html
    page = client.get("/public/indicators/M2.1/?disaggregation=area")
    html = re.sub(r"\s+", " ", page.content.decode())
    table = html[html.index('id="national-cuts"') : html.index("</table>", html.index('id="national-cuts"'))]
    assert '<th scope="col" class="num" data-option="area=urban">Thành thị</th>' in table
    assert '<th scope="row">2024</th><td class="num"><strong>37,4</strong></td>' in table
    assert '<td class="num">44</td><td class="num">33,85</td>' in table  # 154/350 and 220/650
    provinces = html[html.index('id="provinces"') :]
    assert '<td class="num">44</td><td class="num">33,85</td>' in provinces  # Tây Ninh's own cuts
    assert client.get("/public/indicators/M2.1/?disaggregation=nope").status_code == 200


def test_the_preview_makes_as_many_queries_whatever_the_provinces_with_cuts(mixed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counted():
        publication_preview(2024)  # the units below and the series are kept after the first call
        with CaptureQueriesContext(connection) as queries:
            preview = publication_preview(2024)
        return len(queries), preview.cut_count

    cuts_of("M2.1", unit("80", 2024), 2024, {"area=urban": (90, 200), "area=rural": (120, 400)})
    cuts_of("M4.3", unit("80", 2024), 2024, {"": (3, 150), "ethnicity=kinh": (1, 100)})
    few, cut_few = counted()
    for code in ("31", "48", "79"):  # three more provinces, with their totals and their cuts
        cuts_of(
            "M2.1", unit(code, 2024), 2024, {"": (20, 50), "area=urban": (10, 20), "area=rural": (10, 30)}
        )
        cuts_of(
            "M4.3",
            unit(code, 2024),
            2024,
            {"": (2, 50), "area=urban": (1, 20), "ethnicity=minority": (1, 30)},
        )
    many, cut_many = counted()
    assert cut_many > cut_few and many == few
