"""Provincial gender equality plans (section 1 of letter 1116/LĐTBXH-BĐG).

A plan is versioned: an issued plan changes only by revision, which makes a new draft version pointing to the
one it revises; the older version stays readable and becomes superseded when the new one is issued."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Comparator
from lib.models import Lockable, Versioned


class PlanKind(models.TextChoices):
    FIVE_YEAR = "five_year", _("Five-year plan")
    ANNUAL = "annual", _("Annual plan")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the People's Committee")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Replaced by a revision")


class TaskCategory(models.TextChoices):
    POLICY_REVIEW = "policy_review", _("Review and improvement of policies")
    MAINSTREAMING = "mainstreaming", _("Mainstreaming into socio-economic programmes")
    POLICY_DRAFTING = "policy_drafting", _("Gender mainstreaming in drafting policies")
    MODELS = "models", _("Models and pilots")
    LEADERSHIP = "leadership", _("Women in leadership and decision-making")
    COMMUNICATION = "communication", _("Communication")
    INSPECTION = "inspection", _("Inspection and supervision")
    STATISTICS = "statistics", _("Sex-disaggregated statistics")
    CAPACITY = "capacity", _("Capacity building")


class ModelType(models.TextChoices):
    """The six kinds of model the letter names."""

    CURRICULUM = "curriculum", _("Gender equality content in teaching, with teacher training")
    ETHNIC_CUSTOMS = "ethnic_customs", _("Changing village rules and customs in ethnic-minority communities")
    CLIMATE_LIVELIHOOD = "climate_livelihood", _("Sustainable livelihoods for people hit by climate change")
    INDUSTRIAL_WORKERS = "industrial_workers", _("Support for women workers in industrial zones")
    MEN_PIONEERS = "men_pioneers", _("Men as pioneers of gender equality")
    SELF_HELP = "self_help", _("Women's self-help groups against violence")


class FundingSource(models.TextChoices):
    """The five sources the letter names (section 5)."""

    LOCAL_RECURRENT = "local_recurrent", _("Local budget, recurrent spending")
    LOCAL_INVESTMENT = "local_investment", _("Local budget, development investment")
    PROGRAMMES = "programmes", _("National programmes, projects and schemes")
    INTERNATIONAL = "international", _("International grants and aid")
    SOCIETY = "society", _("Contributions mobilised from society and communities")


class Plan(Versioned):
    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PlanKind.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revision",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=400)
    general_objective = models.TextField(_("general objective"), blank=True)
    specific_objectives = models.TextField(_("specific objectives"), blank=True)
    funding = models.TextField(_("funding"), blank=True)
    organisation = models.TextField(_("organisation of implementation"), blank=True)
    reporting = models.TextField(_("reporting schedule"), blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    revision_reason = models.TextField(_("reason for the revision"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["province__code", "-start_year", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "start_year", "version"], name="plan_version_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class PlanIndicator(Versioned):
    """An indicator in a plan: baseline, lead and partner agencies, and its targets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_indicators")
    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.PROTECT, related_name="+")
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partner_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("partner agencies"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")
        ordering = ["plan", "indicator__province", "indicator__objective__number", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="plan_indicator_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.indicator.code}"


class PlanTarget(models.Model):
    plan_indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=16, decimal_places=4)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Required when the target is weaker than the national one.")
    )

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["plan_indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["plan_indicator", "year"], name="plan_target_unique")]

    def __str__(self) -> str:
        return f"{self.plan_indicator} {self.year} {self.comparator} {self.value}"


class Task(Versioned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Kept across plan versions.")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=20, choices=TaskCategory.choices)
    model_type = models.CharField(_("kind of model"), max_length=24, choices=ModelType.choices, blank=True)
    title = models.CharField(_("task"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    lead_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("lead agency"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    partner_agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("partner agencies"), blank=True, related_name="partner_tasks"
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    indicators = models.ManyToManyField(
        "indicators.Indicator", verbose_name=_("linked indicators"), blank=True
    )
    expected_outputs = models.TextField(_("expected outputs"), blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_progress(self):
        rows = sorted(self.progress.all(), key=lambda p: (p.reported_on, p.pk))
        return rows[-1] if rows else None


class TaskProgress(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("as of"))
    percent = models.PositiveSmallIntegerField(_("per cent done"))
    note = models.TextField(_("what was done"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["task", "reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.task} {self.reported_on}: {self.percent}%"


class BudgetLine(Lockable):
    """One task's money from one source in one year, in đồng.

    ``amount`` is the planned amount: it belongs to the plan (drafted with it; an issued plan changes it only by
    revision). ``allocated`` and ``spent`` are execution, recorded during the year on the plan in force, issued or
    not (``plans.services.budget_execution_set``); empty means not recorded yet. Spent above allocated is allowed
    and flagged (``plans.funding.spending_flag``). ``lock_version`` is raised by every change of allocated or spent."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("planned (VND)"), max_digits=18, decimal_places=0)
    allocated = models.DecimalField(
        _("allocated (VND)"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    spent = models.DecimalField(_("spent (VND)"), max_digits=18, decimal_places=0, null=True, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["task", "year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year", "source"], name="budget_line_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0)
                & (models.Q(allocated__isnull=True) | models.Q(allocated__gte=0))
                & (models.Q(spent__isnull=True) | models.Q(spent__gte=0)),
                name="budget_line_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.year} {self.source}: {self.amount}"


class Programme(Versioned):
    """The province's register of socio-economic programmes, projects and plans."""

    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("name"), max_length=400)
    decision = models.CharField(_("decision"), max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    climate_related = models.BooleanField(_("climate change response or adaptation"), default=False)
    gender_mainstreamed = models.BooleanField(_("gender mainstreamed"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["province", "-start_year", "name"]

    def __str__(self) -> str:
        return self.name
