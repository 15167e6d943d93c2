"""Asking, the thread's statuses and who may change them; every change audited and kept in the thread."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import ACTION_LABELS, AuditEntry
from lib.errors import DomainError
from questions.models import Question, QuestionStatus
from questions.selectors import open_question_count, question_thread
from questions.services import question_ask, question_close, question_reopen, question_reply
from tests.questions.conftest import ask

pytestmark = pytest.mark.django_db


def _statuses(question) -> list[tuple[str, str]]:
    return [(c.from_status, c.to_status) for c in question.status_changes.order_by("at", "id")]


@pytest.mark.parametrize("who", ["focal", "department"])
def test_the_provinces_focal_and_department_officers_ask(who, persona, tay_ninh):
    question = ask(persona, tay_ninh, who=who)
    assert question.status == QuestionStatus.OPEN and question.waiting_since == question.asked_at
    (message,) = question.messages.all()
    assert not message.from_ministry and message.author == persona(who)
    entry = AuditEntry.objects.get(action="question.ask")
    assert entry.unit == tay_ninh and entry.after["status"] == "open"


@pytest.mark.parametrize(
    "who", ["province_viewer", "commune", "outsider", "ministry_admin", "ministry_officer", "ministry_viewer"]
)
def test_nobody_else_asks_for_tay_ninh(who, persona, tay_ninh):
    with pytest.raises(DomainError):
        ask(persona, tay_ninh, who=who)
    assert not Question.objects.exists() and not AuditEntry.objects.filter(action="question.ask").exists()


@pytest.mark.parametrize(
    "field, data",
    [
        ("topic", {"topic": "weather"}),
        ("title", {"title": "   "}),
        ("title", {"title": "x" * 201}),
        ("text", {"text": ""}),
    ],
)
def test_a_question_needs_a_topic_a_title_and_a_text(field, data, persona, tay_ninh):
    fields = {"topic": "plan", "title": "Tiêu đề", "text": "Nội dung"} | data
    with pytest.raises(DomainError) as refused:
        question_ask(province=tay_ninh, by=persona("focal"), **fields)
    assert refused.value.field == field
    assert not Question.objects.exists()


def test_open_answered_follow_up_answered_closed_reopened(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    officer, focal = persona("ministry_officer"), persona("focal")

    question_reply(question=question, by=officer, text="Tính theo số liệu của Cục Thống kê.")
    assert question.status == QuestionStatus.ANSWERED and question.waiting_since is None
    assert question.answered_at is not None

    question_reply(question=question, by=persona("department"), text="Số liệu năm nào?")
    assert question.status == QuestionStatus.OPEN and question.waiting_since is not None

    question_reply(question=question, by=officer, text="Năm báo cáo.")
    question_reply(question=question, by=officer, text="Bổ sung: số liệu chính thức.")
    assert question.status == QuestionStatus.ANSWERED

    question_close(question=question, by=focal, note="Đã rõ.", expected_version=question.lock_version)
    assert question.status == QuestionStatus.CLOSED and question.closed_at is not None

    question_reopen(
        question=question,
        by=focal,
        reason="Cục Thống kê chưa công bố số liệu.",
        expected_version=question.lock_version,
    )
    assert question.status == QuestionStatus.OPEN and question.closed_at is None

    assert _statuses(question) == [
        ("open", "answered"),
        ("answered", "open"),
        ("open", "answered"),
        ("answered", "closed"),
        ("closed", "open"),
    ]
    actions = list(
        AuditEntry.objects.for_object(question).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == ["question.ask"] + ["question.reply"] * 4 + ["question.close", "question.reopen"]
    assert AuditEntry.objects.get(action="question.reopen").reason == "Cục Thống kê chưa công bố số liệu."
    assert AuditEntry.objects.get(action="question.close").reason == "Đã rõ."
    assert all(action in ACTION_LABELS for action in actions)


def test_the_thread_shows_messages_and_status_changes_in_order(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    question_reply(question=question, by=persona("ministry_officer"), text="Trả lời.")
    question_close(
        question=question,
        by=persona("ministry_officer"),
        note="Đã trả lời.",
        expected_version=question.lock_version,
    )
    kinds = [
        ("message", i.message.text) if i.message else ("status", i.change.to_status)
        for i in question_thread(question)
    ]
    assert kinds == [
        ("message", "Đề nghị Bộ hướng dẫn cách tính số nữ giám đốc doanh nghiệp."),
        ("message", "Trả lời."),
        ("status", "answered"),
        ("status", "closed"),
    ]


@pytest.mark.parametrize("who", ["focal", "department", "ministry_admin", "ministry_officer"])
def test_either_side_closes(who, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    question_close(question=question, by=persona(who), expected_version=question.lock_version)
    assert question.status == QuestionStatus.CLOSED
    assert question.status_changes.get().note == ""


@pytest.mark.parametrize("who", ["province_viewer", "commune", "outsider", "ministry_viewer"])
def test_readers_and_other_provinces_neither_write_nor_close(who, persona, tay_ninh):
    question = ask(persona, tay_ninh)
    with pytest.raises(DomainError):
        question_reply(question=question, by=persona(who), text="Xin chào")
    with pytest.raises(DomainError):
        question_close(question=question, by=persona(who), expected_version=question.lock_version)
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and question.messages.count() == 1
    assert not question.status_changes.exists() and question.lock_version == 0


def test_a_closed_question_takes_no_message_until_the_province_reopens_it(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    question_close(
        question=question,
        by=persona("ministry_officer"),
        note="Trùng câu hỏi số 3.",
        expected_version=question.lock_version,
    )
    for who in ("focal", "ministry_officer"):
        with pytest.raises(DomainError, match="closed"):
            question_reply(question=question, by=persona(who), text="Thêm")
    with pytest.raises(DomainError, match="already closed"):
        question_close(question=question, by=persona("focal"), expected_version=question.lock_version)
    for who in ("ministry_officer", "ministry_admin", "province_viewer", "outsider", "commune"):
        with pytest.raises(DomainError, match="Only the province"):
            question_reopen(
                question=question, by=persona(who), reason="Lý do", expected_version=question.lock_version
            )
    with pytest.raises(DomainError) as refused:
        question_reopen(
            question=question, by=persona("focal"), reason="  ", expected_version=question.lock_version
        )
    assert refused.value.field == "reason"
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED and question.messages.count() == 1
    question_reopen(
        question=question,
        by=persona("department"),
        reason="Chưa rõ cách tính.",
        expected_version=question.lock_version,
    )
    assert question.status == QuestionStatus.OPEN


def test_only_a_closed_question_is_reopened(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    with pytest.raises(DomainError, match="Only a closed question"):
        question_reopen(
            question=question, by=persona("focal"), reason="Lý do", expected_version=question.lock_version
        )


def test_a_decision_taken_on_a_stale_page_is_refused(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    seen = question.lock_version
    question_reply(question=question, by=persona("ministry_officer"), text="Trả lời.")
    with pytest.raises(DomainError, match="Someone changed this question"):
        question_close(question=question, by=persona("focal"), expected_version=seen)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    question_close(question=question, by=persona("focal"), expected_version=question.lock_version)
    assert question.status == QuestionStatus.CLOSED


def _question_rows(question) -> tuple:
    """What a refused save must leave as it was: the question's row, its thread and its audit entries."""
    return (
        tuple(Question.objects.filter(pk=question.pk).values_list()),
        tuple(question.status_changes.values_list()),
        tuple(question.messages.values_list()),
        AuditEntry.objects.count(),
    )


def test_two_saves_at_the_same_moment_cannot_both_pass(persona, tay_ninh):
    """The check is the database's (a conditional UPDATE), not Python's: a save that read the question before
    another one committed, and so saw the old version, is still refused."""
    question = ask(persona, tay_ninh)
    loaded = Question.objects.get(pk=question.pk)  # what the second session read
    seen = loaded.lock_version
    Question.objects.filter(pk=question.pk).update(
        lock_version=seen + 1
    )  # the first session's save, meanwhile
    before = _question_rows(question)
    with pytest.raises(DomainError, match="Someone changed this question"):
        question_close(question=loaded, by=persona("focal"), note="Đã rõ.", expected_version=seen)
    assert _question_rows(question) == before
    with pytest.raises(DomainError, match="Someone changed this question"):
        question_reopen(question=loaded, by=persona("focal"), reason="Lý do", expected_version=seen)
    assert _question_rows(question) == before
    assert loaded.lock_version == seen  # the caller's copy is not touched by a refused save


def test_guidance_saved_meanwhile_is_not_overwritten_nor_withdrawn(persona, tay_ninh):
    from questions.models import Guidance
    from questions.services import NO_GUIDANCE, guidance_publish, guidance_unpublish

    question = ask(persona, tay_ninh)
    officer = persona("ministry_officer")
    question_reply(question=question, by=officer, text="Trả lời.")
    texts = {"topic": "plan", "title": "Tiêu đề", "question_text": "Hỏi", "answer_text": "Đáp"}
    guidance = guidance_publish(question=question, by=officer, expected_version=NO_GUIDANCE, **texts)
    loaded = Guidance.objects.get(pk=guidance.pk)
    seen = loaded.lock_version
    Guidance.objects.filter(pk=guidance.pk).update(lock_version=seen + 1)
    rows = (tuple(Guidance.objects.values_list()), AuditEntry.objects.count())
    with pytest.raises(DomainError, match="Someone else saved this guidance"):
        guidance_publish(question=question, by=officer, expected_version=seen, **texts | {"title": "Khác"})
    with pytest.raises(DomainError, match="Someone else saved this guidance"):
        guidance_unpublish(guidance=loaded, by=officer, expected_version=seen)
    with pytest.raises(DomainError, match="Someone else saved this guidance"):  # "none yet", but there is one
        guidance_publish(question=question, by=officer, expected_version=NO_GUIDANCE, **texts)
    assert (tuple(Guidance.objects.values_list()), AuditEntry.objects.count()) == rows
    withdrawn = guidance_unpublish(guidance=loaded, by=officer, expected_version=seen + 1)
    assert not withdrawn.published and withdrawn.lock_version == seen + 2


def test_open_question_count_counts_what_waits_for_the_ministry(persona, tay_ninh, hanoi):
    first = ask(persona, tay_ninh)
    ask(persona, tay_ninh, title="Câu hỏi hai")
    ask(persona, hanoi, who="outsider")
    assert open_question_count() == 3
    assert open_question_count(province=tay_ninh) == 2
    question_reply(question=first, by=persona("ministry_officer"), text="Trả lời.")
    assert open_question_count() == 2


def test_waiting_days_count_from_when_the_question_last_became_open(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    Question.objects.filter(pk=question.pk).update(waiting_since=timezone.now() - timedelta(days=9))
    question.refresh_from_db()
    assert question.waiting_days == 9
    question_reply(question=question, by=persona("ministry_officer"), text="Trả lời.")
    assert question.waiting_days is None
