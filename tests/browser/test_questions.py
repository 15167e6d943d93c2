"""A question's round trip in the browser: the province asks with a file, the ministry answers in place (htmx)
and publishes the answer as guidance, another province reads the guidance but not the thread."""

import pytest

from questions.models import Guidance, Question, QuestionStatus
from tests.browser.conftest import menu, shoot
from tests.browser.test_data_grid import vi
from tests.browser.test_roles_and_languages import log_in
from tests.questions.conftest import PDF


def _switch(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


@pytest.mark.browser
def test_ask_answer_in_place_publish_and_read_the_guidance_elsewhere(page, tmp_path):
    private_file = tmp_path / "Danh sách cán bộ.pdf"
    private_file.write_bytes(PDF)

    log_in(page, "focal")
    menu(page, vi("Questions")).click()
    page.get_by_role("link", name=vi("Ask the ministry")).click()
    page.locator("#id_topic").select_option("reporting")
    page.locator("#id_title").fill("Phụ lục có cần đóng dấu không?")
    page.locator("#id_text").fill("Phụ lục số liệu gửi kèm báo cáo năm có cần đóng dấu từng trang không?")
    page.locator("#id_attachments").set_input_files(str(private_file))
    page.get_by_role("button", name=vi("Send the question")).click()
    page.get_by_text(vi("Your question is sent to the Ministry of Home Affairs.")).wait_for()
    page.get_by_role("link", name="Danh sách cán bộ.pdf").wait_for()
    question = Question.objects.get()
    shoot(page, "vi-focal-question-asked")

    _switch(page, "ministry_officer")
    page.goto(page.base_url + "/questions/")
    page.get_by_role("link", name="Phụ lục có cần đóng dấu không?").click()
    page.evaluate("window.__samePage = true")
    page.locator("#id_text").fill("Không cần: bản gửi qua hệ thống được lưu kèm mã SHA-256.")
    page.get_by_role("button", name=vi("Send the answer")).click()
    page.get_by_text(vi("Your message is posted.")).wait_for()
    assert page.evaluate("window.__samePage") is True  # answered in place, without reloading the page
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    shoot(page, "vi-ministry-question-answered")

    page.get_by_role("link", name=vi("Publish as guidance")).click()
    assert not page.get_by_label("Danh sách cán bộ.pdf", exact=False).is_checked()
    page.locator("#id_question_text").fill("Phụ lục số liệu có cần đóng dấu từng trang không?")
    page.get_by_role("button", name=vi("Publish for every province")).click()
    page.get_by_text(vi("The guidance is published for every province.")).wait_for()
    guidance = Guidance.objects.get()
    assert guidance.published and not guidance.attachments.exists()
    shoot(page, "vi-ministry-guidance-published")

    _switch(page, "outsider")
    menu(page, vi("Guidance")).click()
    page.locator("#guidance-q").fill("dong dau")
    page.get_by_role("button", name=vi("Search")).click()
    page.get_by_role("link", name="Phụ lục có cần đóng dấu không?").click()
    page.get_by_text("Không cần: bản gửi qua hệ thống được lưu kèm mã SHA-256.").wait_for()
    assert page.get_by_text("Danh sách cán bộ.pdf").count() == 0
    shoot(page, "vi-outsider-guidance")
    assert page.goto(page.base_url + f"/questions/{question.pk}/").status == 403
