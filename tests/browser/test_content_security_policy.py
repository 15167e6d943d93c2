"""Pages work under the content security policy: no inline script or handler is refused, charts still draw, and
confirmations still ask (they moved from onsubmit attributes to static/js/app.js)."""

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in
from tests.reports.conftest import TEXTS

PAGES = [
    "/",
    "/reports/80/annual/2026/",
    "/dashboard/",
    "/dashboard/80/indicators/M2.1/",
    "/compare/M2.1/",
    "/communication/",
    "/coordination/",
    "/questions/",
    "/funding/",
    "/inspections/",
    "/agencies/",
    "/units/",
]


@pytest.mark.browser
def test_no_page_breaks_the_content_security_policy(page, live_server):
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    response = page.goto(page.base_url + "/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    log_in(page, "focal")
    for path in PAGES:
        page.goto(page.base_url + path)
        page.wait_for_load_state("networkidle")
    page.goto(page.base_url + "/public/")
    page.wait_for_load_state("networkidle")
    assert refused == []


@pytest.mark.browser
def test_a_confirmation_still_asks_before_sending_a_report(page):
    from datetime import date

    from accounts.models import User
    from reports.models import Submission
    from reports.services import report_for, report_update
    from units.selectors import unit_resolve

    tay_ninh = unit_resolve(code="80", on=date(2026, 6, 1))
    report_update(
        report=report_for(unit=tay_ninh, kind="annual", year=2026),
        by=User.objects.get(username="focal"),
        data=TEXTS,
    )
    log_in(page, "focal")
    page.goto(page.base_url + "/reports/80/annual/2026/")
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator("#submit button[type=submit]").click()
    page.wait_for_timeout(300)
    assert asked and not Submission.objects.exists()  # dismissed: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#submit button[type=submit]").click()
    page.wait_for_load_state()
    assert Submission.objects.count() == 1
    shoot(page, "vi-focal-report-sent-after-confirmation")
