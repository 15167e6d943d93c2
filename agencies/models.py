"""The departments and bodies of a province that take part, with names valid over dates."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.models import Versioned
from units.models import DatedQuerySet, names_in_order, valid_row_on


class AgencyKind(models.Model):
    """A kind of body every province has (Department of Health, the Women's Union, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_focal = models.BooleanField(_("focal point for gender equality"), default=False)

    class Meta:
        verbose_name = _("kind of agency")
        verbose_name_plural = _("kinds of agency")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


class Agency(Versioned):
    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="agencies"
    )
    kind = models.ForeignKey(
        AgencyKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="agencies"
    )
    is_focal = models.BooleanField(_("focal point for gender equality"), default=False)
    active = models.BooleanField(_("takes part"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["province__code", "kind__order", "kind__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "kind"], name="agency_province_kind_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def name_on(self, day: date) -> "AgencyName | None":
        from agencies.selectors import names_by_agency

        rows = names_in_order(self, names_by_agency)
        return valid_row_on(rows, day) or (rows[0] if rows else None)

    @property
    def name(self) -> str:
        row = self.name_on(date.today())
        return row.name if row else self.kind.name_vi


class AgencyName(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency name")
        verbose_name_plural = _("agency names")
        ordering = ["agency", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["agency", "valid_from"], name="agency_name_unique")]

    def __str__(self) -> str:
        return self.name
