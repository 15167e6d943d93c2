"""The public portal in the browser: the ministry publishes 2024 from its publication page; an anonymous visitor
then reads the figures (checked against the data), in Vietnamese and English, with and without scripts, by
keyboard, and downloads them."""

import csv
from decimal import Decimal

import pytest

from datavalues.models import DataValue, ValueStatus
from portal.models import Publication
from tests.browser.conftest import menu, shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in
from tests.portal.conftest import pair, put, unit


def _data() -> None:
    """M2.1 2024 accepted for Long An (210/600) and old Tây Ninh (164/400): Tây Ninh and the nation 37,4%.
    Hà Nội's 613/1000 only approved, Cần Thơ's numerator accepted over a denominator only submitted: neither may
    show. M3.2a 2024 by sex accepted for old Tây Ninh."""
    pair("M2.1", unit("80", 2024), 2024, 210, 600)
    pair("M2.1", unit("72", 2024), 2024, 164, 400)
    pair("M2.1", unit("01", 2024), 2024, 613, 1000, status="approved")
    put("M2.1", "numerator", unit("92", 2024), 2024, 77)
    put("M2.1", "denominator", unit("92", 2024), 2024, 100, status="submitted")
    for sex, numerator, denominator in (("total", 90, 100), ("female", 70, 76), ("male", 20, 24)):
        pair("M3.2a", unit("72", 2024), 2024, numerator, denominator, sex=sex)


def _expected_m21() -> Decimal:
    """The national M2.1 of 2024 computed by hand from the accepted pairs in the database."""
    accepted = DataValue.objects.filter(
        series__indicator__code="M2.1", year=2024, status=ValueStatus.ACCEPTED
    ).values_list("unit_id", "part", "value")
    parts: dict[int, dict[str, Decimal]] = {}
    for unit_id, part, value in accepted:
        parts.setdefault(unit_id, {})[part] = value
    complete = [p for p in parts.values() if {"numerator", "denominator"} <= set(p)]
    return 100 * sum(p["numerator"] for p in complete) / sum(p["denominator"] for p in complete)


@pytest.mark.browser
def test_the_ministry_publishes_and_an_anonymous_visitor_reads_and_downloads(page, browser):
    _data()
    expected = _expected_m21()
    assert expected == Decimal("37.4")
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish these figures of 2024? ..."

    log_in(page, "ministry_officer")
    menu(page, vi("Publication")).click()
    page.get_by_role("link", name=vi("Preview and publish %(y)s").replace("%(y)s", "2024")).click()
    row = page.get_by_role("row").filter(has_text="M2.1")
    assert "37,4" in row.inner_text() and "374" in row.inner_text()
    shoot(page, "vi-ministry-publication-preview")
    page.get_by_label(vi("Note for the public (optional)") + ":").fill(
        "Số liệu năm 2024 đã được Bộ chấp nhận."
    )
    page.get_by_role("button", name=vi("Publish year %(year)s").replace("%(year)s", "2024")).click()
    page.wait_for_url(page.base_url + "/publication/")
    assert Publication.objects.get().year == 2024
    shoot(page, "vi-ministry-publication-done")

    page.context.clear_cookies()  # an anonymous visitor from here on
    page.goto(page.base_url + "/public/")
    assert page.locator("h1").count() == 1
    m21 = page.get_by_role("row").filter(has_text="M2.1")
    assert "37,4" in m21.inner_text() and "2024" in m21.inner_text()
    body = page.locator("main").inner_text()
    assert "61,3" not in body and "49,35" not in body and "45,1" not in body
    shoot(page, "vi-portal-home")

    # by keyboard: the skip link comes first, then the page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    m21.get_by_role("link").click()
    page.locator("[data-indicator-charts] canvas").first.wait_for()  # ECharts from the project's static files
    assert page.evaluate("typeof window.echarts") == "object"
    table = page.get_by_role("table", name=vi("National figures by year"))
    assert table.get_by_role("row").filter(has_text="2024").get_by_role("cell").first.inner_text() == "37,4"
    provinces = page.locator("#provinces table")
    assert "Tỉnh Tây Ninh" in provinces.inner_text() and "Hà Nội" not in provinces.inner_text()
    label = page.locator(".indicator-chart-canvas").first.get_attribute("aria-label")
    assert "2024: 37,4%" in label
    shoot(page, "vi-portal-indicator-M2.1")

    with page.expect_download() as download:
        page.get_by_role(
            "link", name=vi("All published figures of %(code)s (CSV)").replace("%(code)s", "M2.1")
        ).click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        rows = list(csv.reader(saved))
    national = next(r for r in rows if r[3] == "VN")
    assert Decimal(national[7]) == expected and len(rows) == 3  # the header, the nation, Tây Ninh

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("table", name="National figures by year").get_by_text("37.4").wait_for()
    shoot(page, "en-portal-indicator-M2.1")
    page.goto(page.base_url + "/public/indicators/M3.2a/")
    female_male = page.get_by_role("table", name="National figures by year").get_by_role("row").nth(1)
    assert "92.11" in female_male.inner_text() and "83.33" in female_male.inner_text()
    assert page.locator(".indicator-chart").count() == 3  # total, female, male
    shoot(page, "en-portal-indicator-M3.2a")

    no_scripts = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", java_script_enabled=False
    )
    plain = no_scripts.new_page()
    plain.goto(page.base_url + "/public/indicators/M2.1/")
    assert plain.locator("canvas").count() == 0
    assert "37,4" in plain.get_by_role("table", name=vi("National figures by year")).inner_text()
    shoot(plain, "vi-portal-indicator-M2.1-without-scripts")
    no_scripts.close()
