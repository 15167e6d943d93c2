"""Reads of questions, threads and guidance. Lists never load the files' bytes (``defer("data")``)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, IntegerField, Max, Prefetch, QuerySet, Value, When

from accounts import access
from accounts.models import User
from questions.models import Attachment, Guidance, Message, Question, QuestionStatus, StatusChange, Topic
from questions.search import terms
from units.models import AdminUnit

STATUS_RANK = Case(
    When(status=QuestionStatus.OPEN, then=Value(0)),
    When(status=QuestionStatus.ANSWERED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _listed(qs: QuerySet[Question]) -> QuerySet[Question]:
    return qs.select_related("province", "asked_by").annotate(
        message_count=Count("messages", distinct=True), last_message_at=Max("messages__created_at")
    )


def _filtered(
    user: User, *, province: AdminUnit | None, status: str = "", topic: str = ""
) -> QuerySet[Question]:
    qs = access.scope_questions(user, Question.objects.all())
    if province is not None:
        qs = qs.filter(province=province)
    if status in QuestionStatus.values:
        qs = qs.filter(status=status)
    if topic in Topic.values:
        qs = qs.filter(topic=topic)
    return qs


def questions_of_province(user: User, *, province: AdminUnit, status: str = "") -> QuerySet[Question]:
    """A province's questions as its people see them, the latest activity first, optionally by status."""
    return _listed(_filtered(user, province=province, status=status)).order_by("-updated_at", "-id")


def question_inbox(
    user: User, *, province: AdminUnit | None = None, status: str = "", topic: str = ""
) -> QuerySet[Question]:
    """The ministry's inbox: open questions first, the longest waiting first, then answered ones and closed ones,
    the latest activity first."""
    qs = _filtered(user, province=province, status=status, topic=topic)
    return _listed(qs).annotate(rank=STATUS_RANK).order_by("rank", "waiting_since", "-updated_at", "-id")


def status_counts(user: User, *, province: AdminUnit | None = None, topic: str = "") -> dict[str, int]:
    """How many of the questions ``user`` may read are in each status (every status present, zero when none)."""
    rows = _filtered(user, province=province, topic=topic).order_by().values("status").annotate(n=Count("id"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in QuestionStatus.values}


def open_question_count(*, province: AdminUnit | None = None) -> int:
    """Questions waiting for the ministry (for the ministry's dashboard; for one province when given)."""
    qs = Question.objects.filter(status=QuestionStatus.OPEN)
    if province is not None:
        qs = qs.filter(province=province)
    return qs.count()


def _files() -> Prefetch:
    return Prefetch("attachments", queryset=Attachment.objects.defer("data").order_by("id"))


@dataclass(frozen=True)
class ThreadItem:
    """One line of a thread: a message (with its files) or a change of status."""

    at: datetime
    message: Message | None = None
    change: StatusChange | None = None


def question_thread(question: Question) -> list[ThreadItem]:
    """Messages and status changes in the order they happened (a reply before the status change it caused)."""
    messages = Message.objects.filter(question=question).select_related("author").prefetch_related(_files())
    changes = StatusChange.objects.filter(question=question).select_related("by")
    items = [(m.created_at, 0, m.pk, ThreadItem(at=m.created_at, message=m)) for m in messages]
    items += [(c.at, 1, c.pk, ThreadItem(at=c.at, change=c)) for c in changes]
    return [item for *_key, item in sorted(items, key=lambda row: row[:3])]


def question_attachments(question: Question) -> list[Attachment]:
    """Every file of a thread, without its bytes, with the message it came with."""
    return list(
        Attachment.objects.filter(message__question=question)
        .defer("data")
        .select_related("message")
        .order_by("message__created_at", "id")
    )


def question_for(pk: int) -> Question | None:
    return Question.objects.select_related("province", "asked_by").filter(pk=pk).first()


def guidance_of(question: Question) -> Guidance | None:
    return (
        Guidance.objects.filter(question=question)
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("data").order_by("id")))
        .first()
    )


def published_guidance(*, query: str = "", topic: str = "") -> QuerySet[Guidance]:
    """Published guidance, the latest first; ``query`` matches every word, with or without accents."""
    qs = Guidance.objects.filter(published=True)
    for word in terms(query):
        qs = qs.filter(search_text__contains=word)
    if topic:
        qs = qs.filter(topic=topic)
    return qs.order_by("-published_at", "-id")


def published_guidance_page(pk: int) -> Guidance | None:
    """One published guidance with its chosen files (never the province's other files or messages)."""
    return (
        Guidance.objects.filter(pk=pk, published=True)
        .select_related("question")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("data").order_by("id")))
        .first()
    )


def attachment_for_download(pk: int) -> Attachment | None:
    return Attachment.objects.select_related("message__question").filter(pk=pk).first()


def guidance_counts_by_topic() -> dict[str, int]:
    rows = Guidance.objects.filter(published=True).values("topic").annotate(n=Count("id"))
    return {row["topic"]: row["n"] for row in rows}
