"""Sex-disaggregated values of indicator parts (letter 1116, section 4).

One row is one part (numerator, denominator or single value) of one series of an indicator, for one
administrative unit, year, sex and disaggregation option. Indicator values are never stored: they are computed
from parts, after summing parts across units (see ``datavalues.selectors.rollup``)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import PartKind
from lib.models import Versioned


class Sex(models.TextChoices):
    TOTAL = "total", _("Total")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class ValueStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    SUBMITTED = "submitted", _("Submitted by the agency")
    APPROVED = "approved", _("Approved by the province")
    ACCEPTED = "accepted", _("Accepted by the ministry")
    RETURNED = "returned", _("Returned")


def value_status_label(code: str) -> str:
    """A workflow status in the current language; an unknown code as it is."""
    return str(ValueStatus(code).label) if code in ValueStatus.values else code


LOCKED = frozenset({ValueStatus.APPROVED, ValueStatus.ACCEPTED})
# A change from last year larger than this share needs a comment (a warning, not an error).
CHANGE_NEEDS_COMMENT = Decimal(str(getattr(settings, "DATA_CHANGE_NEEDS_COMMENT", "0.5")))


class Series(models.Model):
    """A way of measuring an indicator. Where two sources measure it with different methods (the sex ratio at
    birth from surveys and from civil registration) each is a series; one is primary, used for status and reports."""

    indicator = models.ForeignKey("indicators.Indicator", on_delete=models.CASCADE, related_name="series")
    code = models.SlugField(_("code"), max_length=30, default="main")
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    method = models.TextField(_("method"), blank=True)
    is_primary = models.BooleanField(_("used for status and reports"), default=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["indicator", "-is_primary", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="series_code_unique"),
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(is_primary=True), name="series_one_primary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}/{self.code}"


class DataValue(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="values")
    part = models.CharField(_("part"), max_length=12, choices=PartKind.choices)
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
        help_text=_(
            "'area=urban' or 'area=urban;ethnicity=minority' (indicators.cuts); empty for the total."
        ),
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(_("source"), max_length=300, blank=True)
    as_of = models.DateField(_("refers to"), null=True, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.ENTERED
    )
    comment = models.TextField(_("comment"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "part", "unit", "year", "sex", "option"], name="data_value_unique"
            ),
        ]
        indexes = [models.Index(fields=["series", "year", "part"]), models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return value_repr(
            self.series.indicator.code,
            self.part,
            self.unit.code,
            self.year,
            self.sex,
            self.value,
            self.option,
        )

    @property
    def locked(self) -> bool:
        return self.status in LOCKED


def value_repr(indicator: str, part: str, unit: str, year: int, sex: str, value, option: str = "") -> str:
    """How a value is named in the audit log ("M1.1 numerator · 80 · 2026 · total = 60", with its
    disaggregation after the sex: "· total · area=urban = 40"), from its codes: an import names thousands without
    a query each."""
    shown = f"{value.normalize():f}" if isinstance(value, Decimal) else value
    cut = f" · {option}" if option else ""
    return f"{indicator} {part} · {unit} · {year} · {sex}{cut} = {shown}"


class PartAssignment(Versioned):
    """Which agency of a province provides an indicator part. Without a row, the framework's usual provider."""

    province = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="+")
    part = models.ForeignKey("indicators.IndicatorPart", on_delete=models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="assigned_parts")

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["province", "part"], name="part_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.part} → {self.agency}"


class QualityCheck(models.TextChoices):
    HISTORY = "history", _("Far from its own history")
    PEERS = "peers", _("Far from similar units")


class ReviewState(models.TextChoices):
    OPEN = "open", _("To check")
    CONFIRMED = "confirmed", _("Checked and confirmed")
    CORRECTED = "corrected", _("Corrected")


class QualityReview(Versioned):
    """The follow-up of a value the data-quality checks flagged (``datavalues.quality``): whether someone checked
    it and found it right, or had it corrected, with a note. Named by what the flag names (a part's value, or the
    indicator's value where ``part`` is empty), so it outlives a correction that makes the flag go away."""

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    part = models.CharField(_("part"), max_length=12, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    option = models.CharField(_("disaggregation"), max_length=80, blank=True, default="")
    kind = models.CharField(_("check"), max_length=10, choices=QualityCheck.choices)
    state = models.CharField(
        _("follow-up"), max_length=10, choices=ReviewState.choices, default=ReviewState.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("data-quality review")
        verbose_name_plural = _("data-quality reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year", "part", "sex", "option", "kind"],
                name="quality_review_unique",
            ),
        ]
        indexes = [models.Index(fields=["year", "unit"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.part or '—'} · {self.unit_id} · {self.year} · {self.sex} · {self.kind}"

    @property
    def key(self) -> tuple[int, int, int, str, str, str, str]:
        """As ``datavalues.quality.Flag.key``."""
        return (self.indicator_id, self.unit_id, self.year, self.part, self.sex, self.option, self.kind)
