"""Each role's home in the browser (issue 16): the to-do list ordered by deadline with links to where the work is
done (problem 4), the menu of at most six groups that opens by keyboard (problem 10), the unit named in the header
(problem 5's "80"). Screenshots: test-artifacts/screenshots/home-<role>.png."""

from datetime import date

import pytest

from reports.selectors import current_cycle_year, data_deadline_of
from reports.services import report_for, report_submit, report_update
from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in
from tests.datavalues.conftest import enter
from tests.reports.conftest import TEXTS
from units.selectors import unit_resolve


def _menu_is_grouped(page) -> None:
    groups = page.locator("nav.mainnav .nav-groups > li")
    assert 1 < groups.count() <= 6


@pytest.mark.browser
def test_the_department_officer_sees_what_his_department_owes_and_opens_the_grid(page):
    """Problem 4: the department officer sees M3.4 owed with its due date; the item opens the grid."""
    year = current_cycle_year()
    log_in(page, "department")
    _menu_is_grouped(page)
    assert page.locator(".who-unit").inner_text() == "Sở Y tế · Tỉnh Tây Ninh"
    item = page.locator(".todo-item", has=page.locator("a.todo-title", has_text="M3.4"))
    assert item.is_visible()
    assert data_deadline_of(year).strftime("%d/%m/%Y") in item.inner_text()
    shoot(page, "home-department")
    item.locator("a.todo-title").click()
    page.wait_for_url(f"**/data/M3.4/{year}/**")
    assert "M3.4" in page.locator("h1").inner_text()


@pytest.mark.browser
def test_the_focal_officer_sees_what_blocks_the_report_and_opens_a_menu_group_by_keyboard(page):
    """Problems 4 and 10: the focal officer sees the departments that still owe figures and the sections still to
    write; a menu group opens with the keyboard, without a click."""
    log_in(page, "focal")
    assert page.locator(".who-unit").inner_text() == "Tỉnh Tây Ninh"
    assert page.locator("a.todo-title", has_text="Sở Y tế").is_visible()
    assert page.locator(".todo-item", has_text="Còn phải viết").is_visible()
    shoot(page, "home-focal")
    _menu_is_grouped(page)
    summary = page.locator("nav.mainnav summary", has_text="Số liệu")
    link = page.locator("nav.mainnav a", has_text="Nhập số liệu")
    assert not link.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert link.is_visible()
    shoot(page, "home-focal-menu-open")
    page.keyboard.press("Escape")  # static/js/nav.js: Escape closes the group and gives focus back to it
    assert not link.is_visible()
    page.keyboard.press("Enter")
    assert link.is_visible()
    page.locator("nav.mainnav summary", has_text="Báo cáo").click()  # opening another group closes this one
    assert not link.is_visible()
    page.locator("h1").click()  # and a click elsewhere closes any
    assert not page.locator("nav.mainnav details[open]").count()
    summary.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/data/")


@pytest.mark.browser
def test_the_commune_officer_sees_what_the_commune_owes(page):
    """Problem 4: the commune officer's items open the commune's grid."""
    log_in(page, "commune")
    _menu_is_grouped(page)
    first = page.locator("a.todo-title").first
    assert first.is_visible()
    shoot(page, "home-commune")
    first.click()
    page.wait_for_url("**/data/**?unit=*")


@pytest.mark.browser
def test_the_ministry_sees_ha_noi_waiting_for_its_decision(page, django_user_model):
    """Problem 4: the ministry's home lists Hà Nội's report as waiting for its decision, and the link opens it."""
    year = current_cycle_year()
    ha_noi = unit_resolve(code="01", on=date.today())
    enter("M2.1", "numerator", ha_noi, year, 300)
    enter("M2.1", "denominator", ha_noi, year, 600)
    focal = django_user_model.objects.get(username="outsider")  # Hà Nội's focal officer
    report = report_update(report=report_for(unit=ha_noi, kind="annual", year=year), by=focal, data=TEXTS)
    report_submit(report=report, by=focal)
    log_in(page, "ministry_officer")
    _menu_is_grouped(page)
    assert page.locator(".who-unit").inner_text() == "Bộ Nội vụ"
    item = page.locator(".todo-item", has=page.locator("a.todo-title", has_text=f"Thành phố Hà Nội · {year}"))
    assert "chờ Bộ quyết định" in item.inner_text()
    shoot(page, "home-ministry")
    item.locator("a.todo-title").click()
    page.wait_for_url(f"**/reports/01/annual/{year}/**")
