"""The national indicator framework: strategy, objectives, indicators, their parts and targets.

All of it is editable data (the authorities amend it and some indicators are still unconfirmed); every change
goes through ``indicators.services`` and is written to the audit log."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lib.models import Versioned

# The Strategy's milestones: mid-term (2025) and final (2030) reviews.
MILESTONE_YEARS = (2025, 2030)


class Comparator(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "=", "="


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class Confirmed(models.TextChoices):
    YES = "yes", _("Confirmed")
    PARTLY = "partly", _("Partly confirmed")
    NO = "no", _("Not confirmed")


class PartKind(models.TextChoices):
    NUMERATOR = "numerator", _("Numerator")
    DENOMINATOR = "denominator", _("Denominator")
    VALUE = "value", _("Value")


class LocalTag(models.TextChoices):
    CLIMATE = "climate_change", _("Climate change")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minorities")
    OTHER = "other", _("Other")


class Derivation(models.TextChoices):
    ENTERED = "", _("Entered as data")
    PROGRAMME_REGISTER = "programme_register", _("Counted from the programme register")


class Bilingual:
    """``name`` in the active language, falling back to Vietnamese."""

    def localized(self, field: str) -> str:
        if (get_language() or "vi").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_vi")
        return getattr(self, f"{field}_vi") or getattr(self, f"{field}_en")

    @property
    def name(self) -> str:
        return self.localized("name")


class Strategy(Bilingual, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    base_year = models.PositiveSmallIntegerField(_("baseline year"))
    milestone_years = models.JSONField(_("milestone years"), default=list)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")

    def __str__(self) -> str:
        return self.name_vi


class Objective(Bilingual, models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.PROTECT, related_name="objectives")
    number = models.PositiveSmallIntegerField(_("number"))
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=400)
    name_en = models.CharField(_("name (English)"), max_length=400)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["strategy", "number"]
        constraints = [models.UniqueConstraint(fields=["strategy", "number"], name="objective_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name_vi}"


class Dimension(Bilingual, models.Model):
    """A disaggregation other than sex (urban/rural, age group, level, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_vi


class DimensionOption(Bilingual, models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("code"), max_length=40)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("disaggregation option")
        verbose_name_plural = _("disaggregation options")
        ordering = ["dimension", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="dimension_option_unique")]

    def __str__(self) -> str:
        return self.name_vi


class Indicator(Bilingual, Versioned):
    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    unit_label = models.CharField(_("unit of measure"), max_length=60)
    factor = models.DecimalField(
        _("factor"),
        max_digits=12,
        decimal_places=4,
        default=1,
        help_text=_("The indicator is factor × numerator / denominator (100 for a percentage)."),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    by_sex = models.BooleanField(_("disaggregated by sex"), default=False)
    dimensions = models.ManyToManyField(Dimension, verbose_name=_("other disaggregations"), blank=True)
    disaggregation_note = models.CharField(_("disaggregations as written"), max_length=400, blank=True)
    additive = models.BooleanField(
        _("can be summed across units"),
        default=True,
        help_text=_("When off (a ratio of means, a yes/no milestone), a higher level needs its own value."),
    )
    # The value checks of ``datavalues.entry`` (the same on every path), from the reference data's columns.
    part_of_whole = models.BooleanField(
        _("numerator counted within the denominator"),
        default=False,
        help_text=_(
            "On when what the numerator counts is part of, or happens among, what the denominator counts (a "
            "share; maternal deaths among live births): the numerator can then never exceed the denominator."
        ),
    )
    whole_numbers = models.BooleanField(
        _("parts are whole numbers"),
        default=False,
        help_text=_("On when the parts count people, events or bodies: 12.5 is refused."),
    )
    value_min = models.DecimalField(
        _("lowest valid value of a part"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Empty unless the ministry set a range; each entered part is checked against it."),
    )
    value_max = models.DecimalField(
        _("highest valid value of a part"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Empty unless the ministry set a range; each entered part is checked against it."),
    )
    definition_vi = models.TextField(_("definition (Vietnamese)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    collection_level = models.CharField(_("usual collection level"), max_length=200, blank=True)
    usual_provider = models.CharField(_("usual provider"), max_length=300, blank=True)
    frequency = models.CharField(_("frequency"), max_length=100, blank=True)
    confirmed = models.CharField(
        _("confirmed"), max_length=10, choices=Confirmed.choices, default=Confirmed.YES
    )
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    province = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("province (local indicator)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_indicators",
        help_text=_("Empty for a national indicator; the province that added it for a local one."),
    )
    local_tag = models.CharField(_("local tag"), max_length=20, choices=LocalTag.choices, blank=True)
    derivation = models.CharField(
        _("where the values come from"), max_length=30, choices=Derivation.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["objective__number", "order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_vi[:80]}"

    @property
    def definition(self) -> str:
        return self.localized("definition")

    @property
    def milestone_targets(self) -> list[tuple[int, "NationalTarget | None"]]:
        """(year, target or None) for each milestone, from the prefetched targets."""
        by_year = {t.year: t for t in self.targets.all()}
        return [(year, by_year.get(year)) for year in MILESTONE_YEARS]

    @property
    def is_ratio(self) -> bool:
        return any(p.kind == PartKind.DENOMINATOR for p in self.parts.all())


class IndicatorPart(Bilingual, models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(_("part"), max_length=12, choices=PartKind.choices)
    name_vi = models.TextField(_("name (Vietnamese)"))
    name_en = models.TextField(_("name (English)"), blank=True)

    class Meta:
        verbose_name = _("indicator part")
        verbose_name_plural = _("indicator parts")
        ordering = ["indicator", "kind"]
        constraints = [models.UniqueConstraint(fields=["indicator", "kind"], name="indicator_part_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.kind}"


class NationalTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("target year"))
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    wording = models.CharField(_("official wording"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="national_target_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.comparator} {self.value.normalize():f}"
