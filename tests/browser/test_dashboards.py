"""The dashboards in the browser, each opened by the role it is for: the figures on the page are the data's, the
charts are drawn from the project's own scripts, and without scripts every figure is still in the tables."""

from datetime import date

import pytest
from django.utils import translation

from accounts.models import User
from progress.labels import STATUS_LABELS
from reports.services import report_for, report_update
from tests.browser.conftest import menu, shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in
from tests.dashboards.conftest import ratio
from tests.reports.conftest import TEXTS
from units.selectors import unit_resolve


def _history():
    """M2.1 in Tây Ninh 2023-2026 (2023 and 2024 entered for the two former provinces) and in Hà Nội 2026; M3.2a
    in Tây Ninh by sex, 2025 and 2026."""
    tay_ninh = unit_resolve(code="80", on=date.today())
    long_an, old_tay_ninh = (unit_resolve(code=c, on=date(2024, 1, 1)) for c in ("80", "72"))
    ratio("M2.1", long_an, 2023, 100, 300)
    ratio("M2.1", old_tay_ninh, 2023, 60, 100)
    ratio("M2.1", long_an, 2024, 110, 300)
    ratio("M2.1", old_tay_ninh, 2024, 70, 100)
    ratio("M2.1", tay_ninh, 2025, 184, 400)
    ratio("M2.1", tay_ninh, 2026, 192, 400)
    ratio("M2.1", unit_resolve(code="01", on=date.today()), 2026, 300, 500)
    for year, (f_num, f_den, m_num, m_den) in ((2025, (60, 80, 15, 20)), (2026, (70, 80, 18, 20))):
        ratio("M3.2a", tay_ninh, year, f_num, f_den, sex="female")
        ratio("M3.2a", tay_ninh, year, m_num, m_den, sex="male")
        ratio("M3.2a", tay_ninh, year, f_num + m_num, f_den + m_den)
    return tay_ninh


def _vi_status(code: str) -> str:
    with translation.override("vi"):
        return str(STATUS_LABELS[code])


def _charts_drawn(page, count: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.indicator-chart-canvas canvas').length >= {count}", timeout=10_000
    )


@pytest.mark.browser
def test_the_focal_officer_reads_the_province_overview_and_an_indicator_page(page):
    _history()
    log_in(page, "focal")
    menu(page, vi("Dashboard")).click()
    page.wait_for_url("**/dashboard/")
    row = page.locator('tr[data-indicator="M2.1"]')
    assert row.locator("td.value").inner_text().strip() == "48"
    status = row.locator(".badge[class*=status-]")
    assert status.inner_text().strip() in {_vi_status(s) for s in STATUS_LABELS}  # the status in words
    assert page.locator('tr[data-indicator="M3.2a"] td.value').inner_text().strip() == "88"
    shoot(page, "vi-focal-dashboard-overview")

    row.get_by_role("link", name="M2.1").click()
    page.wait_for_url("**/dashboard/80/indicators/M2.1/**")
    _charts_drawn(page, 1)
    figures = {
        r.locator("th").inner_text(): r.locator("td.value").inner_text()
        for r in page.locator("table.figures tbody tr").all()
    }
    assert figures == {"2023": "40", "2024": "45", "2025": "46", "2026": "48"}
    summary = page.locator(".indicator-chart-canvas").get_attribute("aria-label")
    assert "2023: 40%" in summary and "2026: 48%" in summary and "2030: ≥ 60%" in summary
    assert "Tỉnh Long An" in page.locator("#figures").inner_text()
    shoot(page, "vi-focal-dashboard-indicator-m21")

    page.goto(page.base_url + "/dashboard/80/indicators/M3.2a/?year=2026")
    _charts_drawn(page, 1)
    cells = page.locator('table.figures tr[data-year="2026"] td')
    assert [cells.nth(i).inner_text() for i in range(3)] == ["88", "87,5", "90"]
    legend = page.locator(".indicator-charts-legend").inner_text()
    assert vi("Female") in legend and vi("Male") in legend
    assert "87,5" in page.locator(".indicator-chart-canvas").get_attribute("aria-label")
    page.locator("#status details").first.wait_for()
    assert page.locator("#status").get_by_text(vi("How it was computed")).is_visible()
    shoot(page, "vi-focal-dashboard-indicator-m32a-by-sex")


@pytest.mark.browser
def test_a_department_officer_compares_the_provinces(page):
    _history()
    log_in(page, "department")
    page.goto(page.base_url + "/compare/M2.1/?year=2026")
    _charts_drawn(page, 2)
    assert page.locator(".indicator-chart").count() == 2  # the provinces with figures: Hà Nội and Tây Ninh
    page.locator("table.compare thead a.sort").nth(2).click()  # the 2026 column
    page.locator("table.compare thead a.sort").nth(2).click()  # again: highest first
    page.wait_for_url("**dir=desc**")
    first = page.locator("table.compare tbody tr").first
    assert first.get_attribute("data-province") == "01" and first.locator("td.value").inner_text() == "60"
    tay_ninh = page.locator('table.compare tbody tr[data-province="80"]')
    assert [c.inner_text() for c in tay_ninh.locator("td.history").all()][-3:] == ["40", "45", "46"]
    assert page.locator("table.compare tfoot td.value").inner_text() == "54,67"  # summed parts, not averaged
    assert page.locator("table.compare tbody tr").count() == 2  # the 32 others are named in one line instead
    assert page.locator("#without-values").inner_text().startswith("32 ")
    shoot(page, "vi-department-compare-m21")


@pytest.mark.browser
def test_the_ministry_follows_the_deadline_and_drills_into_a_province(page):
    tay_ninh = _history()
    focal = User.objects.get(username="focal")
    report_update(report=report_for(unit=tay_ninh, kind="annual", year=2026), by=focal, data=TEXTS)
    log_in(page, "ministry_officer")
    menu(page, vi("Deadline cockpit")).click()
    page.wait_for_url("**/cockpit/")
    days = (date(2026, 12, 10) - date.today()).days
    if days >= 0:
        assert page.locator("#countdown .stat").inner_text() == str(days)
    assert page.locator("table.cockpit tbody tr").count() == 34
    row = page.locator('table.cockpit tr[data-province="80"]')
    assert row.locator(".report-state").get_attribute("data-state") == "drafting"
    assert row.locator("strong.share").inner_text() == "17%"  # 8 of the 48 cells expected: M2.1 and M3.2a
    shoot(page, "vi-ministry-cockpit")

    row.get_by_role("link", name=vi("What is owed")).click()
    page.wait_for_url("**/cockpit/80/**")
    owed = page.locator("#owed").inner_text()
    assert "M3.3" in owed and "M2.1" in owed  # missing, and entered but not yet sent
    shoot(page, "vi-ministry-cockpit-tay-ninh")


@pytest.mark.browser
def test_without_scripts_the_figures_are_in_the_tables(browser, live_server, live_data):
    _history()
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", java_script_enabled=False
    )
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, "province_viewer")
        page.goto(page.base_url + "/dashboard/80/indicators/M2.1/?year=2026")
        assert page.locator(".indicator-chart-canvas").count() == 0  # nothing drew the chart
        assert page.locator('table.figures tr[data-year="2024"] td.value').inner_text() == "45"
        page.goto(page.base_url + "/compare/M2.1/?year=2026&sort=value&dir=desc")
        assert page.locator("table.compare tbody tr").first.get_attribute("data-province") == "01"
        shoot(page, "vi-viewer-compare-without-scripts")
    finally:
        context.close()
