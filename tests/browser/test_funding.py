"""Funding in the browser: the lead agency's officer records what was allocated and spent on an issued plan, sees
the flag, and the focal officer finds it on the province's funding page."""

from datetime import date

import pytest

from agencies.models import Agency
from plans.models import BudgetLine
from tests.browser.conftest import menu, shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in
from tests.plans.test_funding import make_plan
from units.selectors import unit_resolve

M = 1_000_000


@pytest.mark.browser
def test_the_lead_agency_records_spending_above_the_allocation_and_the_province_sees_the_flag(page):
    from accounts.models import User

    tay_ninh = unit_resolve(code="80", on=date.today())
    health = Agency.objects.get(province=tay_ninh, kind__code="y_te")
    make_plan(
        tay_ninh,
        User.objects.get(username="focal"),
        health,
        lines=[(2026, "local_recurrent", 150 * M)],
        title="Thống kê y tế theo giới",
    )
    line = BudgetLine.objects.get()

    log_in(page, "department")
    menu(page, vi("My tasks")).click()
    page.get_by_role("link", name=vi("Allocated and spent")).click()
    page.get_by_label(f"{vi('Allocated')} {vi('Local budget, recurrent spending')} 2026").fill("100.000.000")
    page.get_by_label(f"{vi('Spent')} {vi('Local budget, recurrent spending')} 2026").fill("112.500.000")
    page.get_by_role("button", name=vi("Save allocated and spent")).click()
    page.get_by_text(vi("Allocated and spent amounts are saved.")).wait_for()
    assert page.locator(".badge.warn").inner_text() == vi("Spent above allocated")
    line.refresh_from_db()
    assert (line.amount, line.allocated, line.spent) == (150 * M, 100 * M, 112_500_000)
    shoot(page, "vi-department-task-budget")

    page.context.clear_cookies()
    log_in(page, "focal")
    menu(page, vi("Funding")).click()
    page.get_by_label(vi("Year")).select_option("2026")
    page.get_by_role("button", name=vi("Show")).click()
    assert "112.500.000" in page.locator("#lines").inner_text()
    assert page.locator("#lines .badge.warn").count() == 1
    shoot(page, "vi-focal-funding")
