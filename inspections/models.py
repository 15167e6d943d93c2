"""Inspections of the Strategy's implementation (section 4 of letter 1116/LĐTBXH-BĐG): each province's annual
inspection plan, the inspections in it (an agency of the province or one of its communes), their results, the
recommendations made and the follow-up of each recommendation, with its history.

A recommendation's stored status is what someone last recorded (open, in progress, done); "overdue" is never
stored: it is computed from the due date by ``inspections.selectors.follow_up_status``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lib.models import Versioned


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class RecommendationStatus(models.TextChoices):
    """What is recorded. The follow-up status adds "overdue" (computed, never stored)."""

    OPEN = "open", pgettext_lazy("follow-up", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class FollowUp(models.TextChoices):
    """The follow-up status of a recommendation as shown and counted: the recorded one, or overdue."""

    OPEN = "open", pgettext_lazy("follow-up", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class InspectionPlan(Versioned):
    """A province's inspection plan for one year. The document number and date are filled in once the
    province issues it."""

    province = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=400)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    organisation = models.TextField(_("organisation of implementation"), blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["province__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="inspection_plan_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Inspection(Versioned):
    """One inspection in a plan: of an agency of the province or of a commune of the province (one of the
    two), with its topics, planned dates, team and, once done, its results."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency inspected"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    commune = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("commune inspected"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    topics = models.TextField(_("topics"))
    tasks = models.ManyToManyField(
        "plans.Task", verbose_name=_("plan tasks"), blank=True, related_name="inspections"
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("indicators"), blank=True, related_name="inspections"
    )
    planned_from = models.DateField(_("planned from"))
    planned_to = models.DateField(_("planned until"))
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("team lead agency"),
        on_delete=models.PROTECT,
        related_name="led_inspections",
    )
    team_members = models.TextField(_("team members"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    done_on = models.DateField(_("date done"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    violations_count = models.PositiveIntegerField(_("number of violations"), default=0)
    violations = models.TextField(_("violations"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["plan", "planned_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(agency__isnull=False) & Q(commune__isnull=True))
                | (Q(agency__isnull=True) & Q(commune__isnull=False)),
                name="inspection_one_unit",
            ),
            models.CheckConstraint(
                condition=Q(planned_to__gte=models.F("planned_from")), name="inspection_planned_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} ({self.plan.year})"

    @property
    def unit_name(self) -> str:
        return self.agency.name if self.agency_id else self.commune.name

    @property
    def has_results(self) -> bool:
        return self.done_on is not None


class Recommendation(Versioned):
    """A recommendation made by an inspection, to an agency or a commune of the province, with a due date."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    responsible_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    responsible_commune = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("responsible commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["inspection", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(responsible_agency__isnull=False) & Q(responsible_commune__isnull=True))
                | (Q(responsible_agency__isnull=True) & Q(responsible_commune__isnull=False)),
                name="recommendation_one_responsible",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def responsible_name(self) -> str:
        return self.responsible_agency.name if self.responsible_agency_id else self.responsible_commune.name


class RecommendationUpdate(models.Model):
    """One change of a recommendation's status: who, when, from what to what, and the note. Kept for good."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    from_status = models.CharField(_("from"), max_length=12, choices=RecommendationStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=RecommendationStatus.choices)
    note = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")
        ordering = ["recommendation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"
