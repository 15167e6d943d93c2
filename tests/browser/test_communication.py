"""A campaign activity in the browser: the focal officer opens a campaign, records one of its activities, finds
it on the calendar on its date, and sees it in the annual report's communication part and its Word document."""

import pytest
from docx import Document

from communication.models import Activity
from tests.browser.conftest import menu, shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in


def _fill(page, label: str, value: str) -> None:
    page.get_by_label(vi(label) + ":", exact=True).fill(value)


@pytest.mark.browser
def test_the_focal_officer_records_a_campaign_activity_and_finds_it_in_the_calendar_and_the_report(page):
    log_in(page, "focal")
    menu(page, vi("Communication")).click()
    page.wait_for_url(page.base_url + "/communication/")
    assert page.locator("#totals").is_visible()
    page.goto(page.base_url + "/communication/80/2026/")  # the year of the test, whatever today is

    page.get_by_role("link", name=vi("New campaign")).click()
    _fill(page, "Name", "Tháng hành động vì bình đẳng giới 2026")
    _fill(page, "Start", "2026-11-15")
    _fill(page, "End", "2026-12-15")
    page.get_by_role("button", name=vi("Save"), exact=True).click()
    page.get_by_text(vi("The campaign is created. Record its activities.")).wait_for()

    page.get_by_role("link", name=vi("Record an activity of this campaign")).click()
    _fill(page, "Name of the activity", "Tuyên truyền song ngữ Việt - Khmer tại các ấp")
    page.get_by_label(vi("Type") + ":", exact=True).select_option("loudspeaker")
    _fill(page, "Start", "2026-11-20")
    page.get_by_label(vi("Khmer"), exact=True).check()
    _fill(page, "Women and girls reached", "1200")
    _fill(page, "Men and boys reached", "800")
    _fill(page, "Reached, sex not known", "3000")
    _fill(page, "Leaflets", "500")
    _fill(page, "Local budget, recurrent spending", "15000000")
    shoot(page, "vi-focal-communication-activity-form")
    page.get_by_role("button", name=vi("Save the activity")).click()
    page.get_by_text(vi("The activity is recorded.")).wait_for()
    activity = Activity.objects.get()
    assert activity.reached_total == 5000 and activity.campaign.name.startswith("Tháng hành động")
    assert activity.languages == ["vi", "km"]

    page.get_by_role("link", name=vi("Calendar"), exact=True).click()
    entry = page.locator('li.activity[data-date="2026-11-20"]')
    assert entry.get_by_role("link", name="Tuyên truyền song ngữ Việt - Khmer tại các ấp").is_visible()
    assert entry.get_by_text(vi("Action Month")).is_visible()  # it falls in the Action Month
    november = page.locator("#month-11")
    assert (
        november.locator("li.key-date")
        .get_by_text("Tháng hành động vì bình đẳng giới", exact=False)
        .is_visible()
    )
    shoot(page, "vi-focal-communication-calendar")

    page.goto(page.base_url + "/reports/80/annual/2026/")
    section = page.locator("#communication")
    assert section.locator(".comm-stat .stat").nth(1).inner_text() == "5.000"  # person-contacts reached
    assert section.get_by_text("Tháng hành động vì bình đẳng giới 2026").is_visible()
    section.scroll_into_view_if_needed()
    shoot(page, "vi-focal-report-communication")
    with page.expect_download() as download:
        page.get_by_role("link", name=vi("Download the draft (DOCX)")).click()
    texts = [p.text for p in Document(str(download.value.path())).paragraphs]
    assert any(
        t.startswith(
            "Tổ chức 1 hoạt động truyền thông (1 buổi tuyên truyền trên loa truyền thanh cơ sở), tiếp cận 5.000 lượt người"
        )
        for t in texts
    )
