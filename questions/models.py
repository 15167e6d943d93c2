"""Questions a province raises with the ministry ("nếu có khó khăn, vướng mắc, đề nghị các địa phương phản ánh
về Bộ", letter 1116), the thread of messages and status changes, files attached to messages, and the guidance
the ministry may publish from an answer for every province to read.

A thread belongs to the province that asked: only its people and the ministry read it (``accounts.access``).
Guidance is a separate, edited copy, so publishing never exposes the province's own messages or files."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.models import Versioned


class Topic(models.TextChoices):
    PLAN = "plan", _("Plan")
    INDICATORS = "indicators", _("Indicators and data")
    REPORTING = "reporting", _("Reporting")
    COMMUNICATION = "communication", _("Communication")
    INSPECTIONS = "inspections", _("Inspections")
    FUNDING = "funding", _("Funding")
    SYSTEM = "system", _("The system itself")
    OTHER = "other", _("Other")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the ministry")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Question(Versioned):
    """One question of one province. Its text is the first message of the thread."""

    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="questions"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title of the question"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"))
    waiting_since = models.DateTimeField(
        _("waiting for the ministry since"),
        null=True,
        blank=True,
        help_text=_("When the question last became open: asked, followed up or reopened."),
    )
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [
            models.Index(fields=["status", "waiting_since"], name="question_status_waiting"),
            models.Index(fields=["province", "status"], name="question_province_status"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def waiting_days(self) -> int | None:
        """Whole days the question has been waiting for the ministry (None when it is not open)."""
        if self.status != QuestionStatus.OPEN or self.waiting_since is None:
            return None
        return (timezone.localdate() - timezone.localdate(self.waiting_since)).days


class Message(models.Model):
    """A message in a thread, from the province or from the ministry (as the author's role was when writing)."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    from_ministry = models.BooleanField(_("from the ministry"))
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.question} – {self.created_at:%Y-%m-%d %H:%M}"


class StatusChange(models.Model):
    """A change of a question's status, shown in the thread (the audit log keeps it too)."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=10, choices=QuestionStatus.choices)
    to_status = models.CharField(_("to"), max_length=10, choices=QuestionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.question}: {self.from_status} → {self.to_status}"


class Attachment(models.Model):
    """A file attached to a message. The bytes live in the database, so any web process can serve them; list
    attachments with ``.defer("data")`` and read the bytes only in the download view."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["message", "id"]

    def __str__(self) -> str:
        return self.name


class Guidance(Versioned):
    """The ministry's edited version of a question and its answer, for every province. Unpublishing keeps the
    text, so it can be published again. ``search_text`` is the text folded for search (no accents, lower case)."""

    question = models.OneToOneField(Question, on_delete=models.PROTECT, related_name="guidance")
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title of the guidance"), max_length=200)
    question_text = models.TextField(_("question"))
    answer_text = models.TextField(_("the ministry's answer"))
    attachments = models.ManyToManyField(
        Attachment, verbose_name=_("files published with it"), blank=True, related_name="guidances"
    )
    search_text = models.TextField(editable=False, blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
