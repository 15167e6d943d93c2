"""The pages: asking with files, replying (htmx and plain), closing and reopening, downloads, the inbox, the
guidance form and search, and the menu."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from questions.models import Attachment, Guidance, Message, Question, QuestionStatus
from questions.services import NO_GUIDANCE, guidance_publish, question_close, question_reply
from tests.questions.conftest import PDF, PNG, ask, upload

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_focal_officer_asks_with_files_and_downloads_them_back(client_as, tay_ninh):
    client = client_as("focal")
    assert client.get("/questions/new/").status_code == 200
    response = client.post(
        "/questions/new/",
        {
            "topic": "funding",
            "title": "Nguồn kinh phí cho truyền thông",
            "text": "Có được dùng kinh phí chương trình mục tiêu không?",
            "attachments": [upload('../Dự toán "2026".pdf'), upload("so-do.png", PNG)],
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/questions/{question.pk}/"
    assert question.province == tay_ninh and question.topic == "funding"
    pdf = Attachment.objects.get(content_type="application/pdf")
    assert pdf.name == "Dự toán 2026.pdf"
    download = client.get(f"/questions/files/{pdf.pk}/")
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''D%E1%BB%B1%20to%C3%A1n%202026.pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/questions/{question.pk}/").content.decode()
    assert "Dự toán 2026.pdf" in page and "so-do.png" in page


def test_a_bad_file_is_named_on_the_form_and_nothing_is_created(client_as):
    client = client_as("department")
    response = client.post(
        "/questions/new/",
        {
            "topic": "plan",
            "title": "Tiêu đề",
            "text": "Nội dung",
            "attachments": [upload("ke-hoach.pdf", b"MZ")],
        },
    )
    assert response.status_code == 200
    assert "“ke-hoach.pdf” is not a real PDF file" in response.content.decode()
    assert not Question.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize(
    "who", ["province_viewer", "commune", "ministry_officer", "ministry_viewer", "no_role"]
)
def test_who_may_not_ask_gets_403_and_nothing_is_created(who, client_as):
    response = client_as(who).post("/questions/new/", {"topic": "plan", "title": "T", "text": "N"})
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_the_ministry_answers_with_htmx_and_the_thread_comes_back_in_place(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    client = client_as("ministry_officer")
    response = client.post(
        f"/questions/{question.pk}/reply/",
        {"text": "Theo số liệu của Cục Thống kê.", "attachments": [upload("huong-dan.pdf")]},
        **HTMX,
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "questions/_thread.html"
    html = response.content.decode()
    assert "Theo số liệu của Cục Thống kê." in html and "huong-dan.pdf" in html and "<html" not in html
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_an_empty_htmx_reply_answers_422_and_changes_nothing(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    client = client_as("ministry_officer")
    response = client.post(f"/questions/{question.pk}/reply/", {"text": " "}, **HTMX)
    assert response.status_code == 422 and "errorlist" in response.content.decode()
    response = client.post(
        f"/questions/{question.pk}/reply/", {"text": "Có", "attachments": [upload("x.docx", PDF)]}, **HTMX
    )
    assert (
        response.status_code == 422 and "“x.docx” is not a real Word (DOCX) file" in response.content.decode()
    )
    assert Message.objects.count() == 1
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_a_plain_reply_redirects_to_the_thread(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    response = client_as("department").post(
        f"/questions/{question.pk}/reply/", {"text": "Bổ sung thông tin."}
    )
    assert response.status_code == 302 and response["Location"] == f"/questions/{question.pk}/#reply"
    assert Message.objects.count() == 2


@pytest.mark.parametrize("who", ["province_viewer", "commune", "outsider", "ministry_viewer"])
def test_readers_cannot_post_reply_close_or_reopen(who, client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    client = client_as(who)
    assert client.post(f"/questions/{question.pk}/reply/", {"text": "X"}).status_code == 403
    assert client.post(f"/questions/{question.pk}/close/", {"lock_version": 0}).status_code == 403
    question_close(question=question, by=persona("focal"), expected_version=question.lock_version)
    assert (
        client.post(f"/questions/{question.pk}/reopen/", {"reason": "X", "lock_version": 2}).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED and Message.objects.count() == 1


def test_close_and_reopen_through_the_page(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    officer = client_as("ministry_officer")
    page = officer.get(f"/questions/{question.pk}/")
    assert page.context["can_close"] and not page.context["can_reopen"]
    officer.post(f"/questions/{question.pk}/close/", {"note": "Trùng câu hỏi khác.", "lock_version": 0})
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    page = officer.get(f"/questions/{question.pk}/")
    assert not page.context["can_reply"] and not page.context["can_reopen"]
    assert "Trùng câu hỏi khác." in page.content.decode()
    assert (
        officer.post(f"/questions/{question.pk}/reopen/", {"reason": "X", "lock_version": 1}).status_code
        == 403
    )

    focal = client_as("focal")
    assert focal.get(f"/questions/{question.pk}/").context["can_reopen"]
    response = focal.post(f"/questions/{question.pk}/reopen/", {"reason": "", "lock_version": 1})
    assert response.status_code == 422
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    focal.post(f"/questions/{question.pk}/reopen/", {"reason": "Cần hướng dẫn thêm.", "lock_version": 1})
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert "Cần hướng dẫn thêm." in focal.get(f"/questions/{question.pk}/").content.decode()


def test_closing_from_a_stale_page_is_refused(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    question_reply(question=question, by=persona("ministry_officer"), text="Trả lời.")
    client_as("focal").post(f"/questions/{question.pk}/close/", {"lock_version": 0})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED


def test_the_inbox_puts_the_longest_waiting_first_and_filters(client_as, persona, tay_ninh, hanoi):
    recent = ask(persona, tay_ninh, title="Mới")
    old = ask(persona, hanoi, who="outsider", title="Cũ", topic="plan")
    answered = ask(persona, tay_ninh, title="Đã trả lời")
    question_reply(question=answered, by=persona("ministry_officer"), text="Trả lời.")
    Question.objects.filter(pk=old.pk).update(waiting_since=timezone.now() - timedelta(days=20))
    client = client_as("ministry_viewer")
    response = client.get("/questions/")
    assert [q.pk for q in response.context["page"]] == [old.pk, recent.pk, answered.pk]
    assert response.context["counts"] == {"open": 2, "answered": 1, "closed": 0}
    assert "20" in response.content.decode()
    assert [q.pk for q in client.get("/questions/?province=80").context["page"]] == [recent.pk, answered.pk]
    assert [q.pk for q in client.get("/questions/?status=answered").context["page"]] == [answered.pk]
    assert [q.pk for q in client.get("/questions/?topic=plan").context["page"]] == [old.pk]
    assert [q.pk for q in client.get("/questions/?status=bogus&topic=bogus").context["page"]] == [
        old.pk,
        recent.pk,
        answered.pk,
    ]


def test_the_province_filters_its_list_by_status(client_as, persona, tay_ninh):
    first = ask(persona, tay_ninh, title="Một")
    ask(persona, tay_ninh, title="Hai")
    question_reply(question=first, by=persona("ministry_officer"), text="Trả lời.")
    client = client_as("province_viewer")
    response = client.get("/questions/")
    assert response.context["counts"] == {"open": 1, "answered": 1, "closed": 0}
    assert not response.context["can_ask"]
    assert [q.title for q in client.get("/questions/?status=answered").context["page"]] == ["Một"]


def test_empty_lists_say_so(client_as):
    assert "has not asked the ministry anything yet" in client_as("focal").get("/questions/").content.decode()
    assert (
        "No province has asked anything yet"
        in client_as("ministry_officer").get("/questions/").content.decode()
    )
    assert "has not published any guidance yet" in client_as("commune").get("/guidance/").content.decode()


def test_the_ministry_publishes_edited_guidance_choosing_the_files(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh, files=[upload("danh-sach-rieng.pdf")])
    client = client_as("ministry_officer")
    assert not client.get(f"/questions/{question.pk}/guidance/").context["has_answer"]
    response = client.post(
        f"/questions/{question.pk}/guidance/",
        {"topic": "plan", "title": "T", "question_text": "Q", "answer_text": "A", "lock_version": 0},
    )
    assert response.status_code == 200 and not Guidance.objects.exists()  # nothing answered yet

    question_reply(
        question=question, by=persona("ministry_officer"), text="Trả lời.", files=[upload("mau.pdf")]
    )
    form = client.get(f"/questions/{question.pk}/guidance/").context["form"]
    ministry_file = Attachment.objects.get(name="mau.pdf")
    assert form.initial["answer_text"] == "Trả lời."
    assert form.initial["attachments"] == [ministry_file.pk]  # the province's file is not chosen by default
    assert form.initial["lock_version"] == -1
    response = client.post(
        f"/questions/{question.pk}/guidance/",
        {
            "topic": "indicators",
            "title": "Cách tính số nữ giám đốc",
            "question_text": "Cách tính chỉ tiêu M2.3?",
            "answer_text": "Theo số liệu của Cục Thống kê.",
            "attachments": [ministry_file.pk],
            "lock_version": -1,  # no guidance yet when the form was opened
        },
    )
    guidance = Guidance.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/guidance/{guidance.pk}/"
    assert guidance.published and [a.name for a in guidance.attachments.all()] == ["mau.pdf"]
    assert AuditEntry.objects.filter(action="guidance.publish", unit=tay_ninh).count() == 1

    for seen in (-1, 5):  # opened before it was first published, or an old version: both refused
        stale = client.post(
            f"/questions/{question.pk}/guidance/",
            {
                "topic": "indicators",
                "title": "Khác",
                "question_text": "Q",
                "answer_text": "A",
                "lock_version": seen,
            },
        )
        assert "Someone else saved this guidance" in stale.content.decode()
    guidance.refresh_from_db()
    assert guidance.title == "Cách tính số nữ giám đốc"

    client.post(f"/questions/{question.pk}/guidance/withdraw/", {"lock_version": guidance.lock_version})
    guidance.refresh_from_db()
    assert not guidance.published
    assert AuditEntry.objects.filter(action="guidance.unpublish").count() == 1


def test_only_the_ministrys_officers_publish_or_withdraw(client_as, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    question_reply(question=question, by=persona("ministry_officer"), text="Trả lời.")
    data = {"topic": "plan", "title": "T", "question_text": "Q", "answer_text": "A", "lock_version": 0}
    for who in ("ministry_viewer", "focal", "department", "province_viewer", "outsider", "commune"):
        assert client_as(who).post(f"/questions/{question.pk}/guidance/", data).status_code == 403, who
    assert not Guidance.objects.exists()
    guidance_publish(
        question=question,
        by=persona("ministry_admin"),
        **{k: v for k, v in data.items() if k != "lock_version"},
        expected_version=NO_GUIDANCE,
    )
    for who in ("ministry_viewer", "focal", "outsider"):
        response = client_as(who).post(f"/questions/{question.pk}/guidance/withdraw/", {"lock_version": 0})
        assert response.status_code == 403, who
    assert Guidance.objects.get().published


def test_guidance_search_forgives_missing_accents(client_as, persona, tay_ninh):
    officer = persona("ministry_officer")
    for title, topic in (("Hạn gửi báo cáo năm", "reporting"), ("Kinh phí truyền thông", "funding")):
        question = ask(persona, tay_ninh, title=title)
        question_reply(question=question, by=officer, text="Trả lời.")
        guidance_publish(
            question=question,
            by=officer,
            topic=topic,
            title=title,
            question_text="Hỏi",
            answer_text="Đáp",
            expected_version=NO_GUIDANCE,
        )
    client = client_as("commune")

    def found(query: str) -> list[str]:
        return [g.title for g in client.get("/guidance/", {"q": query}).context["page"]]

    assert found("bao cao") == ["Hạn gửi báo cáo năm"]
    assert found("BÁO CÁO năm") == ["Hạn gửi báo cáo năm"]
    assert found("kinh phi") == ["Kinh phí truyền thông"]
    assert found("đáp") == ["Kinh phí truyền thông", "Hạn gửi báo cáo năm"]
    assert found("không có") == []
    assert [g.title for g in client.get("/guidance/?topic=funding").context["page"]] == [
        "Kinh phí truyền thông"
    ]


@pytest.mark.parametrize(
    "who, questions",
    [
        ("ministry_admin", True),
        ("ministry_officer", True),
        ("ministry_viewer", True),
        ("focal", True),
        ("department", True),
        ("province_viewer", True),
        ("outsider", True),
        ("commune", False),
    ],
)
def test_the_menu_offers_questions_to_those_who_take_part_and_guidance_to_everyone(who, questions, client_as):
    names = [name for name, _label in client_as(who).get("/guidance/").context["nav_items"]]
    assert ("question_list" in names) == questions
    assert "guidance_list" in names


def test_a_download_of_a_missing_file_is_404(client_as):
    assert client_as("ministry_officer").get("/questions/files/999999/").status_code == 404
