"""The annual report's round trip in the browser: the province writes and sends, the ministry returns it with
a reason, the province corrects and sends again, the ministry accepts."""

import pytest
from docx import Document

from reports.models import Submission, SubmissionStatus
from tests.browser.conftest import menu, shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in
from tests.datavalues.conftest import enter
from tests.reports.conftest import TEXTS
from units.selectors import unit_resolve

LABELS = {
    "achievements": "Achievements",
    "communication": "Communication activities",
    "inspections": "Inspections",
    "shortcomings": "Shortcomings",
    "causes": "Causes of the shortcomings",
    "recommendations": "Recommendations to the ministry",
}


def _switch(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


@pytest.mark.browser
def test_write_send_return_correct_and_accept_an_annual_report(page):
    from datetime import date

    tay_ninh = unit_resolve(code="80", on=date(2026, 6, 1))
    enter("M2.1", "numerator", tay_ninh, 2026, 273)
    enter("M2.1", "denominator", tay_ninh, 2026, 600)
    page.on("dialog", lambda dialog: dialog.accept())  # "Send this report to the ministry now?"

    log_in(page, "focal")
    menu(page, vi("Reports")).click()
    page.get_by_role("link", name=f"{vi('Annual report')} 2026").click()
    send = page.get_by_role("button", name=vi("Send the report"))
    assert send.is_disabled()  # nothing written yet
    for field, label in LABELS.items():
        page.get_by_label(vi(label) + ":", exact=True).fill(TEXTS[field])
    page.get_by_label(vi("Signed by") + ":", exact=True).fill("Nguyễn Văn An")
    page.get_by_role("button", name=vi("Save the texts")).click()
    page.get_by_text(vi("The report's texts are saved.")).wait_for()

    with page.expect_download() as download:
        page.get_by_role("link", name=vi("Download the draft (DOCX)")).click()
    draft = Document(str(download.value.path()))
    assert "Kính gửi: Bộ Nội vụ" in [p.text for p in draft.paragraphs]
    shoot(page, "vi-focal-report-draft")

    page.get_by_role("button", name=vi("Send the report")).click()
    page.get_by_text(vi("Version %(n)s is sent to the ministry, on time.") % {"n": 1}).wait_for()
    first = Submission.objects.get()
    assert first.status == SubmissionStatus.SUBMITTED

    _switch(page, "ministry_officer")
    page.goto(page.base_url + "/reports/?year=2026")
    page.get_by_role("row", name="Tỉnh Tây Ninh").get_by_role("link", name=vi("Review")).click()
    page.get_by_label(vi("Decision") + ":", exact=True).select_option("return")
    page.get_by_label(vi("Reason") + ":", exact=True).fill("Đề nghị bổ sung kết quả kiểm tra tại các xã.")
    page.get_by_role("button", name=vi("Record the decision")).click()
    page.get_by_text(vi("Version %(n)s is returned to the province.") % {"n": 1}).wait_for()
    shoot(page, "vi-ministry-report-returned")

    _switch(page, "focal")
    page.goto(page.base_url + "/reports/80/annual/2026/")
    page.get_by_text("Đề nghị bổ sung kết quả kiểm tra tại các xã.").first.wait_for()
    page.get_by_label(vi("Reason for the correction") + ":", exact=True).fill(
        "Bổ sung kết quả kiểm tra tại 10 xã."
    )
    page.get_by_role("button", name=vi("Send the corrected version")).click()
    page.get_by_text(vi("Version %(n)s is sent to the ministry, on time.") % {"n": 2}).wait_for()

    _switch(page, "ministry_officer")
    page.goto(page.base_url + "/reports/80/annual/2026/")
    page.get_by_label(vi("Decision") + ":", exact=True).select_option("accept")
    page.get_by_role("button", name=vi("Record the decision")).click()
    page.get_by_text(vi("Version %(n)s is accepted.") % {"n": 2}).wait_for()
    shoot(page, "vi-ministry-report-accepted")

    statuses = dict(Submission.objects.values_list("number", "status"))
    assert statuses == {1: SubmissionStatus.RETURNED, 2: SubmissionStatus.ACCEPTED}
