"""An indicator page broken down by one of its declared disaggregations: one line an option in the chart, in words,
beside the total, and the same figures in a table that needs no script."""

import json
import re
from decimal import Decimal

import pytest

from datavalues import rollup_cache
from datavalues.models import DataValue
from datavalues.services import series_primary
from indicators.models import Indicator
from tests.conftest import vi_text
from tests.dashboards.conftest import ratio

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def cut(code, unit, year, option, numerator, denominator):
    series = series_primary(Indicator.objects.get(code=code))
    DataValue.objects.bulk_create(
        DataValue(series=series, part=part, unit=unit, year=year, option=option, value=Decimal(value))
        for part, value in (("numerator", numerator), ("denominator", denominator))
    )
    rollup_cache.data_changed(year=year)


@pytest.fixture
def m21_by_area(m21_history):
    """M2.1 in Tây Ninh (48% in 2026 = 192/400) with its urban and rural cuts for 2025 and 2026."""
    tay_ninh = m21_history
    cut("M2.1", tay_ninh, 2025, "area=urban", 84, 150)  # 56%
    cut("M2.1", tay_ninh, 2025, "area=rural", 100, 250)  # 40%
    cut("M2.1", tay_ninh, 2026, "area=urban", 90, 150)  # 60%
    cut("M2.1", tay_ninh, 2026, "area=rural", 102, 250)  # 40.8%
    return tay_ninh


def test_the_page_breaks_the_trend_down_by_urban_and_rural_in_words_with_a_table(client_as, m21_by_area):
    response = client_as("province_viewer").get("/dashboard/80/indicators/M2.1/?year=2026&by=area")
    html = _text(response)
    assert '<option value="area" selected>Thành thị/nông thôn</option>' in html
    assert "<h3>Theo Thành thị/nông thôn</h3>" in html
    table = html[html.index('id="breakdown"') :]
    table = table[: table.index("</table>")]
    assert '<th scope="col" class="num" data-option="area=urban">Thành thị</th>' in table
    assert '<th scope="col" class="num" data-option="area=rural">Nông thôn</th>' in table
    # each option from its own summed parts; Vietnamese numbers
    assert '<tr data-year="2026"><th scope="row">2026</th><td class="num total">48</td>' in table
    assert '<td class="num">60</td><td class="num">40,8</td>' in table
    assert '<tr data-year="2025"><th scope="row">2025</th><td class="num total">46</td>' in table
    # before 2025 only the total has values (the former provinces entered no cut)
    assert (
        '<th scope="row">2024</th><td class="num total">45</td><td class="num">—</td><td class="num">—</td>'
        in table
    )
    assert 'data-year="2022"' not in table  # from the first year with a value
    (chart,) = response.context["charts"]
    assert [(line["label"], line["style"], line["series"]) for line in chart["lines"]] == [
        ("Thành thị", "cut0", [[2025, 56.0], [2026, 60.0]]),
        ("Nông thôn", "cut1", [[2025, 40.0], [2026, 40.8]]),
    ]
    data = json.loads(re.search(r'id="indicator-chart-data" type="application/json">(.*?)</script>', html)[1])
    assert data[0]["lines"][0]["label"] == "Thành thị"
    # the year form keeps the choice
    assert '<input type="hidden" name="by" value="area">' in html


def test_the_choices_are_the_declared_disaggregations_and_an_unknown_one_shows_the_total(
    client_as, m21_by_area
):
    client = client_as("province_viewer")
    response = client.get("/dashboard/80/indicators/M2.1/?year=2026")
    assert response.context["by_choices"] == [("area", "Thành thị/nông thôn")]
    assert response.context["breakdown"] is None and 'id="breakdown"' not in response.content.decode()
    assert response.context["charts"][0]["lines"] == []
    unknown = client.get("/dashboard/80/indicators/M2.1/?year=2026&by=ethnicity")
    assert unknown.status_code == 200 and unknown.context["breakdown"] is None
    assert "Phân tổ theo" in _text(response) and "Break down by" not in _text(response)


def test_an_indicator_by_sex_is_broken_down_by_sex_first_then_by_its_dimensions(client_as, tay_ninh):
    for sex, numerator, denominator in (("total", 30, 100), ("female", 20, 40), ("male", 10, 60)):
        ratio("M3.3", tay_ninh, 2026, numerator, denominator, sex=sex)
    cut("M3.3", tay_ninh, 2026, "age=0-15", 5, 10)
    cut("M3.3", tay_ninh, 2026, "age=16-59", 25, 90)
    client = client_as("province_viewer")
    response = client.get("/dashboard/80/indicators/M3.3/?year=2026")
    choices = response.context["by_choices"]
    assert choices[0] == ("sex", vi_text("Sex")) and ("age", "Nhóm tuổi") in choices
    assert response.context["by"] == "sex"
    by_sex = response.context["breakdown"]
    assert by_sex.columns == [("female", vi_text("Female")), ("male", vi_text("Male"))]
    assert [(r.year, r.total, r.values) for r in by_sex.rows] == [(2026, 30, [50, Decimal(100) * 10 / 60])]
    assert [line["style"] for line in response.context["charts"][0]["lines"]] == ["female", "male"]
    by_age = client.get("/dashboard/80/indicators/M3.3/?year=2026&by=age").context["breakdown"]
    assert [name for _c, name in by_age.columns] == [
        "Dưới 16 tuổi",
        "Từ 16 đến 59 tuổi",
        "Từ 60 tuổi trở lên",
    ]
    assert by_age.rows[-1].values == [50, Decimal(100) * 25 / 90, None]
    total_only = client.get("/dashboard/80/indicators/M3.3/?year=2026&by=")
    assert total_only.context["breakdown"] is None and total_only.context["charts"][0]["lines"] == []
