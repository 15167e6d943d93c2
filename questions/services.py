"""Writes of questions, their threads and the guidance published from them.

Status: a question is *open* when asked; the ministry's reply makes it *answered*; a follow-up from the province
makes it open again; either side may *close* it (with an optional note); the province may reopen a closed
question, giving a reason. Every change of status is kept in the thread (``StatusChange``) and in the audit log.
Who may do what is asked of ``accounts.access``; the services check it too, so a command or a script cannot
write in another province's thread."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from audit.services import log_action
from lib.errors import DomainError
from lib.locking import bump_version, write_transaction
from questions.files import CheckedFile, check_files
from questions.models import (
    Attachment,
    Guidance,
    Message,
    Question,
    QuestionStatus,
    StatusChange,
    Topic,
)
from questions.search import fold
from units.models import AdminUnit

TITLE_MAX = 200


def _log(question: Question, action: str, by: User, **kwargs: Any) -> None:
    log_action(actor=by, action=action, obj=question, unit=question.province, **kwargs)


def _files_summary(files: list[CheckedFile]) -> list[dict]:
    return [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in files]


def _attach(message: Message, files: list[CheckedFile]) -> None:
    for f in files:
        Attachment.objects.create(
            message=message,
            name=f.name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            data=f.data,
        )


def _locked(question: Question) -> Question:
    """The question, locked for this transaction (a fresh copy: the caller's is brought up to date by ``_save``)."""
    return Question.objects.select_for_update().select_related("province").get(pk=question.pk)


def _claimed(question: Question, expected_version: int | None) -> Question:
    """The question, locked, its version raised at once in the database by a conditional UPDATE
    (``lib.locking.bump_version``), which is refused when the stored version is no longer ``expected_version``,
    the one the page was opened at: two saves from the same page cannot both pass, even at the same moment.
    ``expected_version`` None only raises the version (a reply, whose form carries none)."""
    current = _locked(question)
    bump_version(
        current,
        expected_version,
        _("Someone changed this question after you opened it. Reload the page to see what changed."),
    )
    return current


def _set_status(question: Question, to: str, *, by: User, at: datetime, note: str = "") -> StatusChange:
    change = StatusChange.objects.create(
        question=question, from_status=question.status, to_status=to, by=by, at=at, note=note
    )
    question.status = to
    return change


def _save(current: Question, given: Question) -> Question:
    """Save the locked copy (its version raised by ``_claimed``) and bring the caller's copy up to date."""
    current.save()
    if given is not current:
        given.refresh_from_db()
    return current


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field)
    return value


@transaction.atomic
def question_ask(
    *,
    province: AdminUnit,
    by: User,
    topic: str,
    title: str,
    text: str,
    files: Iterable = (),
    at: datetime | None = None,
) -> Question:
    """A province's focal or department officer raises a question with the ministry, with up to 5 files."""
    own = access.province_of(by)
    if not access.can_ask_questions(by) or own is None or own.pk != province.pk:
        raise DomainError(_("Only the province's focal officer and department officers raise its questions."))
    if topic not in Topic.values:
        raise DomainError(_("Choose the topic of the question."), field="topic")
    title = _text(title, "title", _("Give the question a short title."))
    if len(title) > TITLE_MAX:
        raise DomainError(_("The title is at most %(n)s characters long.") % {"n": TITLE_MAX}, field="title")
    text = _text(text, "text", _("Write the question."))
    checked = check_files(files)
    now = at or timezone.now()
    question = Question.objects.create(
        province=province,
        topic=topic,
        title=title,
        status=QuestionStatus.OPEN,
        asked_by=by,
        asked_at=now,
        waiting_since=now,
    )
    message = Message.objects.create(
        question=question, author=by, from_ministry=False, text=text, created_at=now
    )
    _attach(message, checked)
    _log(
        question,
        "question.ask",
        by,
        after={
            "topic": topic,
            "title": title,
            "status": question.status,
            "attachments": _files_summary(checked),
        },
    )
    return question


@write_transaction()
def question_reply(
    *, question: Question, by: User, text: str, files: Iterable = (), at: datetime | None = None
) -> Message:
    """A message in the thread. The ministry's reply answers the question; the province's reply to an answered
    question (a follow-up) opens it again. Nobody writes in a closed question: the province reopens it first."""
    current = _claimed(question, None)
    if not access.can_write_in_question(by, current):
        raise DomainError(_("You may not write in this question."))
    if current.status == QuestionStatus.CLOSED:
        raise DomainError(_("This question is closed. The province may reopen it, giving a reason."))
    text = _text(text, "text", _("Write your reply."))
    checked = check_files(files)
    now = at or timezone.now()
    from_ministry = access.is_ministry(by)
    message = Message.objects.create(
        question=current, author=by, from_ministry=from_ministry, text=text, created_at=now
    )
    _attach(message, checked)
    before = current.status
    if from_ministry:
        current.answered_at = now
        current.waiting_since = None
        if current.status == QuestionStatus.OPEN:
            _set_status(current, QuestionStatus.ANSWERED, by=by, at=now)
    elif current.status == QuestionStatus.ANSWERED:
        current.waiting_since = now
        _set_status(current, QuestionStatus.OPEN, by=by, at=now)
    _save(current, question)
    _log(
        current,
        "question.reply",
        by,
        before={"status": before},
        after={
            "status": current.status,
            "message": message.pk,
            "from_ministry": from_ministry,
            "attachments": _files_summary(checked),
        },
    )
    return message


@write_transaction()
def question_close(
    *, question: Question, by: User, expected_version: int, note: str = "", at: datetime | None = None
) -> Question:
    """Either side closes an open or answered question, with an optional note. ``expected_version`` is the
    question's ``lock_version`` when the page was opened."""
    current = _claimed(question, expected_version)
    if not access.can_write_in_question(by, current):
        raise DomainError(_("You may not close this question."))
    if current.status == QuestionStatus.CLOSED:
        raise DomainError(_("This question is already closed."))
    now = at or timezone.now()
    note = (note or "").strip()
    before = current.status
    _set_status(current, QuestionStatus.CLOSED, by=by, at=now, note=note)
    current.closed_at, current.waiting_since = now, None
    _save(current, question)
    _log(
        current,
        "question.close",
        by,
        before={"status": before},
        after={"status": current.status},
        reason=note,
    )
    return current


@write_transaction()
def question_reopen(
    *, question: Question, by: User, reason: str, expected_version: int, at: datetime | None = None
) -> Question:
    """The province that asked reopens a closed question; the reason is shown in the thread. ``expected_version``
    is the question's ``lock_version`` when the page was opened."""
    current = _claimed(question, expected_version)
    if not access.can_reopen_question(by, current):
        raise DomainError(_("Only the province that asked may reopen this question."))
    if current.status != QuestionStatus.CLOSED:
        raise DomainError(_("Only a closed question can be reopened."))
    reason = _text(reason, "reason", _("Say why the question is reopened."))
    now = at or timezone.now()
    _set_status(current, QuestionStatus.OPEN, by=by, at=now, note=reason)
    current.closed_at, current.waiting_since = None, now
    _save(current, question)
    _log(
        current,
        "question.reopen",
        by,
        before={"status": QuestionStatus.CLOSED},
        after={"status": current.status},
        reason=reason,
    )
    return current


# --- guidance -------------------------------------------------------------------------------------------------------

GUIDANCE_TEXTS = ("topic", "title", "question_text", "answer_text")
NO_GUIDANCE = -1  # the version a form carries when no guidance existed yet as it was opened


@write_transaction()
def guidance_publish(
    *,
    question: Question,
    by: User,
    topic: str,
    title: str,
    question_text: str,
    answer_text: str,
    expected_version: int,
    attachments: Iterable[Attachment] = (),
    at: datetime | None = None,
) -> Guidance:
    """Publish (or edit the published version of) the ministry's answer as guidance for every province: the
    question and the answer as the ministry edits them, and only the files it chooses from the thread.
    ``expected_version`` is the guidance's ``lock_version`` when the form was opened (``NO_GUIDANCE`` if there
    was none): a save made from an older page is refused, by a conditional UPDATE of the version."""
    if not access.can_publish_guidance(by):
        raise DomainError(_("Only the ministry's officers publish guidance."))
    current = _locked(question)  # the question itself is not changed; locked, two first publications queue
    if not current.messages.filter(from_ministry=True).exists():
        raise DomainError(
            _("The ministry has not answered this question yet: there is no answer to publish.")
        )
    if topic not in Topic.values:
        raise DomainError(_("Choose the topic of the guidance."), field="topic")
    title = _text(title, "title", _("Give the guidance a title."))
    if len(title) > TITLE_MAX:
        raise DomainError(_("The title is at most %(n)s characters long.") % {"n": TITLE_MAX}, field="title")
    question_text = _text(question_text, "question_text", _("Write the question as it is to be published."))
    answer_text = _text(answer_text, "answer_text", _("Write the answer as it is to be published."))
    chosen = list(attachments)
    own = set(Attachment.objects.filter(message__question=current).values_list("pk", flat=True))
    if any(a.pk not in own for a in chosen):
        raise DomainError(
            _("Only files of this question's thread can be published with it."), field="attachments"
        )
    guidance = Guidance.objects.select_for_update().filter(question=current).first()
    stale = _("Someone else saved this guidance after you opened it. Reload the page to see their changes.")
    if guidance is None:
        if expected_version != NO_GUIDANCE:
            raise DomainError(stale)
    else:
        bump_version(guidance, expected_version, stale)
    now = at or timezone.now()
    if guidance is None:
        guidance = Guidance(question=current)
        before = None
        was_published = False
    else:
        before = {name: getattr(guidance, name) for name in GUIDANCE_TEXTS} | {
            "attachments": sorted(guidance.attachments.values_list("name", flat=True))
        }
        was_published = guidance.published
    guidance.topic, guidance.title = topic, title
    guidance.question_text, guidance.answer_text = question_text, answer_text
    guidance.search_text = fold(" ".join((title, question_text, answer_text)))
    if not was_published:
        guidance.published, guidance.published_at, guidance.published_by = True, now, by
    else:
        guidance.edited_at = now
    guidance.save()
    guidance.attachments.set(chosen)
    after = {name: getattr(guidance, name) for name in GUIDANCE_TEXTS} | {
        "attachments": sorted(a.name for a in chosen)
    }
    if before is not None:
        changed = [k for k in after if before.get(k) != after[k]]
        before, after = {k: before[k] for k in changed}, {k: after[k] for k in changed}
    log_action(
        actor=by,
        action="guidance.update" if was_published else "guidance.publish",
        obj=guidance,
        unit=current.province,
        before=before,
        after=after,
    )
    return guidance


@write_transaction()
def guidance_unpublish(*, guidance: Guidance, by: User, expected_version: int, reason: str = "") -> Guidance:
    """Withdraw published guidance. Its text is kept, so it can be published again."""
    if not access.can_publish_guidance(by):
        raise DomainError(_("Only the ministry's officers withdraw guidance."))
    current = Guidance.objects.select_for_update().select_related("question__province").get(pk=guidance.pk)
    bump_version(
        current,
        expected_version,
        _("Someone else saved this guidance after you opened it. Reload the page to see their changes."),
    )
    if not current.published:
        raise DomainError(_("This guidance is not published."))
    current.published = False
    current.save()
    log_action(
        actor=by,
        action="guidance.unpublish",
        obj=current,
        unit=current.question.province,
        before={"published": True},
        after={"published": False},
        reason=(reason or "").strip(),
    )
    guidance.published, guidance.lock_version = current.published, current.lock_version
    return current
