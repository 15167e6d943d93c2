"""Reporting cycles set by the ministry (for each year, the deadline of the provinces' annual report and the
outline it follows: the call letter comes each year with its own); the reports themselves, written in the system;
and their submissions, frozen copies the ministry accepts or returns."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.models import Versioned


class ReportingCycle(models.Model):
    year = models.PositiveSmallIntegerField(_("year reported on"), unique=True)
    deadline = models.DateField(_("deadline"))
    call_letter = models.CharField(
        _("call letter"),
        max_length=200,
        blank=True,
        help_text=_("The ministry's letter that opens the cycle, e.g. 1234/BNV-CTTN&BĐG."),
    )
    outline = models.TextField(_("outline of the report"), blank=True)
    data_deadline = models.DateField(
        _("data due"),
        null=True,
        blank=True,
        help_text=_("When the year's figures must be entered; the report's deadline when empty."),
    )
    plan_deadline = models.DateField(
        _("annual plan due"),
        null=True,
        blank=True,
        help_text=_("When the year's annual plan must be issued; 31 March of the year when empty."),
    )

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} → {self.deadline:%d/%m/%Y}"


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("Annual report")
    MIDTERM = "midterm", _("Mid-term review (2021-2025)")
    FINAL = "final", _("Final review (2021-2030)")


# The year a review reports on: the mid-term review looks at 2021-2025, the final review at 2021-2030.
REVIEW_YEARS = {ReportKind.MIDTERM: 2025, ReportKind.FINAL: 2030}


class Report(Versioned):
    """A report being written: one per unit (a province, or the nation for the ministry's consolidation), kind
    and year. The figures are read from the data whenever the report is shown or generated; the texts here are
    what people write. Submitting freezes a copy (``Submission``)."""

    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year reported on"))
    achievements = models.TextField(_("achievements"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    causes = models.TextField(_("causes of the shortcomings"), blank=True)
    communication = models.TextField(_("communication activities"), blank=True)
    inspections = models.TextField(_("inspections"), blank=True)
    recommendations = models.TextField(_("recommendations to the ministry"), blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "kind", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "year"], name="report_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} – {self.unit.name}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting the ministry")
    RETURNED = "returned", _("Returned by the ministry")
    ACCEPTED = "accepted", _("Accepted by the ministry")
    SUPERSEDED = "superseded", _("Replaced by a correction")


class Submission(models.Model):
    """A frozen copy of a report as it was sent: the figures and texts (``snapshot``), the Word document and its
    SHA-256. Those never change: the model refuses it and a database trigger refuses UPDATEs of those columns.
    Only the ministry's decision (status, who, when, why) is written later, once."""

    FROZEN = ("report_id", "number", "submitted_at", "snapshot", "docx", "sha256", "changes", "reason")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("deadline"))
    on_time = models.BooleanField(_("on time"))
    reason = models.TextField(_("reason for the correction"), blank=True)
    snapshot = models.JSONField(_("figures and texts as submitted"))
    docx = models.BinaryField(_("document as submitted"))
    sha256 = models.CharField(_("SHA-256 of the document"), max_length=64)
    changes = models.JSONField(_("figures changed since the previous version"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason given by the ministry"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="submission_number_unique")]

    def __str__(self) -> str:
        return f"{self.report} – v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Submission.objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored is not None:
                for name in self.FROZEN:
                    mine = getattr(self, name)
                    theirs = stored[name]
                    if isinstance(mine, memoryview):
                        mine = mine.tobytes()
                    if isinstance(theirs, memoryview):
                        theirs = theirs.tobytes()
                    if mine != theirs:
                        raise FrozenSubmissionError(f"a submitted copy cannot change ({name})")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenSubmissionError("a submitted copy cannot be deleted")

    @property
    def document_bytes(self) -> bytes:
        return bytes(self.docx)


class FrozenSubmissionError(Exception):
    pass
