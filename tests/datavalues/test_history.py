"""A value's history: the page reached from the grid, the dashboard and the report, drawn from the audit log."""

from datetime import date
from decimal import Decimal

import pytest

from audit.services import log_action
from datavalues.exchange import read_rows
from datavalues.history import value_history
from datavalues.models import DataValue
from datavalues.services import import_rows, series_primary, value_set, values_transition
from indicators.models import Indicator
from tests.conftest import vi_text
from tests.datavalues.test_data_views import cell
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def tay_ninh_now():
    return unit_resolve(code="80", on=date(2026, 1, 1))


def url(code, part, unit, year, sex="total"):
    return f"/data/values/history/?indicator={code}&part={part}&unit={unit.pk}&year={year}&sex={sex}"


def stored(code, part, unit, year, sex="total"):
    return DataValue.objects.get(
        series__indicator__code=code, series__is_primary=True, part=part, unit=unit, year=year, sex=sex
    )


def test_the_grid_edit_and_the_upload_with_its_file_name_are_listed(client_as, persona, tay_ninh_now):
    client = client_as("focal")
    assert cell(client, "M2.1", "denominator", tay_ninh_now, 2026, "10000").status_code == 200
    assert cell(client, "M2.1", "numerator", tay_ninh_now, 2026, "1452,5").status_code == 200
    rows = read_rows(b"indicator,part,unit,year,sex,value\nM2.1,numerator,80,2026,total,1234.5\n", "x.csv")
    import_rows(rows, by=persona("focal"), context={"via": "upload", "file": "so-lieu-80-2026.xlsx"})

    page = client.get(url("M2.1", "numerator", tay_ninh_now, 2026))
    assert page.status_code == 200
    text = page.content.decode()
    history = page.context["rows"]
    assert [r.action for r in history] == [vi_text("Value changed"), vi_text("Value entered")]
    upload, grid = history
    assert (upload.old_value, upload.new_value) == (Decimal("1452.5"), Decimal("1234.5"))
    assert upload.via == vi_text("File upload") and upload.file == "so-lieu-80-2026.xlsx"
    assert grid.old_value is None and grid.new_value == Decimal("1452.5") and grid.who == "Focal"
    assert "so-lieu-80-2026.xlsx" in text
    assert "1.234,5" in text and "1.452,5" in text  # Vietnamese number format
    assert tay_ninh_now.name in text and Indicator.objects.get(code="M2.1").name_vi in text


def test_each_path_is_named_and_an_entry_without_one_says_unknown(persona, tay_ninh_now):
    value = value_set(
        indicator=Indicator.objects.get(code="M2.1"),
        part="numerator",
        unit=tay_ninh_now,
        year=2026,
        value=Decimal("10"),
        by=None,
        require_comment=False,
    )
    for n, context in enumerate(
        [
            {"via": "api"},
            {"via": "command", "file": "lich-su-2020.csv"},
            {"via": "demo"},
            {"via": "upload", "file": "a.xlsx", "job": 7},
        ],
        start=11,
    ):
        log_action(
            actor=persona("focal"),
            action="value.set",
            obj=value,
            unit=tay_ninh_now,
            before={"value": str(n - 1), "status": "entered"},
            after={"value": str(n), "status": "entered"},
            context=context,
        )
    rows = value_history(value)
    assert [(r.via, r.file, r.job) for r in rows] == [
        (vi_text("File upload"), "a.xlsx", "7"),
        (vi_text("Demonstration data"), "", ""),
        (vi_text("Server command"), "lich-su-2020.csv", ""),
        (vi_text("Programming interface (API)"), "", ""),
        (vi_text("unknown"), "", ""),  # value_set without a context, as older entries are
    ]
    assert rows[-1].who == vi_text("The system")


def test_workflow_steps_show_the_status_change_and_the_reason(client_as, persona, tay_ninh_now):
    client = client_as("focal")
    cell(client, "M2.1", "denominator", tay_ninh_now, 2026, "1000")
    value = stored("M2.1", "denominator", tay_ninh_now, 2026)
    values_transition(values=[value], action="submit", by=persona("focal"))
    values_transition(values=[value], action="return", by=persona("focal"), reason="Thiếu nguồn số liệu")
    rows = value_history(value)
    assert [r.action for r in rows] == [
        vi_text("Values returned"),
        vi_text("Values submitted"),
        vi_text("Value entered"),
    ]
    returned = rows[0]
    assert (returned.old_status, returned.new_status) == (
        vi_text("Submitted by the agency"),
        vi_text("Returned"),
    )
    assert returned.reason == "Thiếu nguồn số liệu" and not returned.value_changed
    text = client.get(url("M2.1", "denominator", tay_ninh_now, 2026)).content.decode()
    assert "Thiếu nguồn số liệu" in text and vi_text("Returned") in text


def test_a_value_with_no_recorded_change_and_a_missing_value_say_so(client_as, tay_ninh_now):
    # A value stored before the audit log existed: no entry is about it.
    indicator = Indicator.objects.get(code="M2.1")
    DataValue.objects.create(
        series=series_primary(indicator), part="numerator", unit=tay_ninh_now, year=2019, value=Decimal("5")
    )
    client = client_as("province_viewer")
    page = client.get(url("M2.1", "numerator", tay_ninh_now, 2019))
    assert page.status_code == 200 and page.context["rows"] == []
    assert vi_text("No change of this value is recorded.") in page.content.decode()
    page = client.get(url("M2.1", "numerator", tay_ninh_now, 2018))
    assert page.status_code == 200 and page.context["value"] is None
    assert vi_text("No value is stored for this part, unit, year and sex.") in page.content.decode()


def test_who_may_open_it_and_a_bad_key(client_as, tay_ninh_now):
    path = url("M2.1", "numerator", tay_ninh_now, 2026)
    for who in ("commune", "outsider", "no_role"):
        assert client_as(who).get(path).status_code == 403, who
    client = client_as("ministry_viewer")
    assert client.get(path).status_code == 200
    for bad in (
        "/data/values/history/",
        path.replace("M2.1", "Z9"),
        path.replace("numerator", "ratio"),
        path.replace("sex=total", "sex=x"),
        path.replace("year=2026", "year=abc"),
    ):
        assert client.get(bad).status_code == 404, bad


def test_the_grid_the_dashboard_and_the_report_link_to_it(client_as, tay_ninh_now):
    client = client_as("focal")
    cell(client, "M2.1", "denominator", tay_ninh_now, 2026, "1000")
    saved = cell(client, "M2.1", "numerator", tay_ninh_now, 2026, "450").content.decode()
    link = url("M2.1", "numerator", tay_ninh_now, 2026).replace("&", "&amp;")
    assert link in saved  # the saved cell, swapped in by htmx
    assert link in client.get(f"/data/M2.1/2026/?unit={tay_ninh_now.pk}").content.decode()
    dashboard = client.get("/dashboard/80/indicators/M2.1/?year=2026").content.decode()
    assert link.removesuffix("&amp;sex=total") in dashboard
    report = client.get("/reports/80/annual/2026/").content.decode()
    assert link in report
    nation = client_as("ministry_officer").get("/dashboard/VN/indicators/M2.1/?year=2026").content.decode()
    assert "/data/values/history/" not in nation  # the nation's figures are sums, not one stored value
