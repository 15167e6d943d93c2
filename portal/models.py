"""What the public sees: the ministry's publications of a year's figures, and the figures each one froze.

Publishing is an explicit act of the ministry, separate from accepting values: a ``Publication`` computes the
figures of the nation and of every province for one year from the values the ministry accepted (and only those),
and stores them as ``PublishedFigure`` rows. The public portal reads those rows, of publications still in force,
and nothing else; a value accepted later is public only once the ministry publishes the year again (the new
publication replaces the previous one). A publication can be withdrawn, with a reason: the year then has no
public figures until it is published again. Rows are never deleted, so what was public on any day is known."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from datavalues.models import Sex
from lib.models import Lockable


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a later publication")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublicationScope(models.TextChoices):
    NATIONAL = "national", _("The nation and every province")


class Publication(Lockable):
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(
        _("scope"), max_length=20, choices=PublicationScope.choices, default=PublicationScope.NATIONAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.PUBLISHED
    )
    published_at = models.DateTimeField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(
        _("note for the public"), blank=True, help_text=_("Shown on the portal beside the year's figures.")
    )
    digest = models.CharField(
        _("fingerprint of the figures"),
        max_length=64,
        help_text=_("SHA-256 of the figures published, to tell whether a new publication changes anything."),
    )
    figure_count = models.PositiveIntegerField(_("figures"), default=0)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "scope"],
                condition=models.Q(status="published"),
                name="publication_one_in_force_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {timezone.localtime(self.published_at):%d/%m/%Y %H:%M}"

    @property
    def in_force(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class PublishedFigure(models.Model):
    """One indicator's value for one unit (the nation or one of today's provinces), year, sex and disaggregation
    option ('' the total), frozen when the year was published, with the summed numerator and denominator it was
    computed from."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="figures")
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    option = models.CharField(
        _("disaggregation"),
        max_length=80,
        blank=True,
        default="",
        help_text=_("Empty for the total; else one declared option such as 'area=urban' (indicators.cuts)."),
    )
    value = models.DecimalField(_("value"), max_digits=26, decimal_places=6)
    numerator = models.DecimalField(_("numerator"), max_digits=26, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(
        _("denominator"), max_digits=26, decimal_places=6, null=True, blank=True
    )
    provinces = models.PositiveSmallIntegerField(
        _("provinces with figures"),
        null=True,
        blank=True,
        help_text=_("For the nation: how many provinces' accepted figures the national figure sums."),
    )

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        ordering = ["publication", "indicator", "unit__code", "sex"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "indicator", "unit", "sex", "option"], name="published_figure_unique"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"]), models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        cut = f" · {self.option}" if self.option else ""
        return f"{self.indicator_id} · {self.unit_id} · {self.year} · {self.sex}{cut} = {self.value.normalize():f}"
