"""The inspection plan in the browser: the focal officer creates the year's plan, plans an inspection, records
its results and a recommendation, and follows the recommendation up; the ministry sees the counts."""

import pytest

from inspections.models import Inspection, Recommendation, RecommendationUpdate
from tests.browser.conftest import shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in


def fill(page, label: str, value: str) -> None:
    page.get_by_label(vi(label) + ":", exact=True).fill(value)


@pytest.mark.browser
def test_plan_an_inspection_record_results_and_follow_up(page):
    log_in(page, "focal")
    page.goto(page.base_url + "/inspections/80/2025/")
    page.get_by_role("button", name=vi("Create the inspection plan for %(y)s") % {"y": 2025}).click()
    page.get_by_role("link", name=vi("Add an inspection")).click()

    page.get_by_label(vi("Unit inspected") + ":", exact=True).select_option(label="Sở Y tế")
    fill(page, "Topics", "Thống kê y tế tách biệt theo giới")
    fill(page, "Planned from", "2025-09-10")
    fill(page, "Planned until", "2025-09-11")
    fill(page, "Team members", "Bà Nguyễn Thị A – Trưởng đoàn")
    page.get_by_role("button", name=vi("Save")).click()
    page.get_by_text(vi("The inspection is added to the plan.")).wait_for()

    page.get_by_role("link", name=vi("Record results")).click()
    fill(page, "Date done", "2025-09-11")
    fill(page, "Findings", "Số liệu khám chữa bệnh chưa tách biệt theo giới ở hai bệnh viện.")
    fill(page, "Number of violations", "1")
    fill(page, "Violations", "Báo cáo 6 tháng chậm hạn.")
    page.get_by_role("button", name=vi("Save")).click()
    page.get_by_text(vi("The results are recorded; add the recommendations made.")).wait_for()

    page.get_by_role("link", name=vi("Add a recommendation")).click()
    fill(page, "Recommendation", "Bổ sung số liệu của hai bệnh viện.")
    fill(page, "Due date", "2025-12-31")
    page.get_by_role("button", name=vi("Save")).click()
    page.get_by_text(vi("The recommendation is recorded.")).wait_for()

    page.get_by_role("link", name=vi("Update follow-up")).click()
    page.get_by_label(vi("New status") + ":", exact=True).select_option("done")
    fill(page, "Note", "Đã nhận đủ số liệu.")
    page.get_by_role("button", name=vi("Record")).click()
    page.get_by_text(vi("The follow-up is recorded.")).wait_for()
    shoot(page, "vi-focal-inspection")

    inspection = Inspection.objects.get()
    assert inspection.status == "done" and inspection.agency.kind.code == "y_te"
    assert Recommendation.objects.get().status == "done"
    assert RecommendationUpdate.objects.get().note == "Đã nhận đủ số liệu."

    page.context.clear_cookies()
    log_in(page, "ministry_officer")
    page.goto(page.base_url + "/inspections/?year=2025")
    row = page.get_by_role("row").filter(has_text="Tây Ninh")
    assert row.get_by_role("cell").nth(3).inner_text().strip() == "1"  # done
    shoot(page, "vi-ministry-inspections")
