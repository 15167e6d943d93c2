import pytest
from django.utils import translation
from django.utils.translation import gettext

from datavalues.models import DataValue, ValueStatus
from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in


def vi(text: str) -> str:
    with translation.override("vi"):
        return gettext(text)


@pytest.mark.browser
def test_a_focal_officer_enters_a_value_sees_the_error_corrects_it_and_submits(page):
    log_in(page, "focal")
    page.goto(page.base_url + "/data/M2.1/2026/")
    denominator = page.locator("[id$=-denominator-total] input[name=value]")
    denominator.fill("1.000")
    denominator.press("Tab")
    page.locator("[id$=-denominator-total]").get_by_text(vi("Saved.")).wait_for()
    numerator = page.locator("[id$=-numerator-total] input[name=value]")
    numerator.fill("1200")
    numerator.press("Tab")
    alert = page.locator("[id$=-numerator-total] [role=alert]")
    alert.wait_for()
    assert "1.200" in alert.inner_text() and "1.000" in alert.inner_text()
    shoot(page, "vi-focal-data-grid-error")
    assert not DataValue.objects.filter(part="numerator").exists()
    numerator = page.locator("[id$=-numerator-total] input[name=value]")
    numerator.fill("452,5")
    numerator.press("Tab")
    page.locator("[id$=-numerator-total]").get_by_text(vi("Saved.")).wait_for()
    page.get_by_role("button", name=vi("Submit to the focal officer")).click()
    page.wait_for_load_state()
    assert page.locator("#result").inner_text().startswith("45,25")
    shoot(page, "vi-focal-data-grid-submitted")
    assert set(DataValue.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}


@pytest.mark.browser
def test_problem_6_the_result_and_the_row_status_update_when_a_part_is_saved_without_a_reload(page):
    """Problem 6 (issue 16): the computed result used to need a page reload ("tải lại trang để cập nhật"). Saving
    the numerator after the denominator shows the row's and the grid's result and the row's status at once, on the
    same page (a marker set on the page survives, so no reload happened)."""
    log_in(page, "focal")
    page.goto(page.base_url + "/data/M2.1/2026/")
    assert "tải lại trang" not in page.content()
    page.evaluate("window.__notReloaded = true")
    row = page.locator("td.row-result").first
    assert row.locator("strong").inner_text() == "—"
    denominator = page.locator("[id$=-denominator-total] input[name=value]")
    denominator.fill("1000")
    denominator.press("Tab")
    page.locator("[id$=-denominator-total]").get_by_text(vi("Saved.")).wait_for()
    numerator = page.locator("[id$=-numerator-total] input[name=value]")
    numerator.fill("452,5")
    numerator.press("Tab")
    page.locator("[id$=-numerator-total]").get_by_text(vi("Saved.")).wait_for()
    page.wait_for_function("document.getElementById('result').textContent.startsWith('45,25')")
    assert page.locator("td.row-result").first.locator("strong").inner_text() == "45,25"
    assert vi("Entered") in page.locator("td.row-result").first.inner_text()
    assert vi("Entered") in page.locator("#grid-statuses").inner_text()
    assert page.evaluate("window.__notReloaded") is True
    shoot(page, "vi-focal-data-grid-live-result")
