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
