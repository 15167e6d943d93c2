"""The DHIS2 mapping: which data element and category option combo of a DHIS2 instance carry each part, sex and
disaggregation of an indicator, and which organisation unit each administrative unit is. A row overrides the
generated default (``interchange.dhis2``), so the exchange works before the ministry has entered anything."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from datavalues.models import Sex
from indicators.models import PartKind
from lib.models import Versioned

UID_PATTERN = r"^[a-zA-Z][a-zA-Z0-9]{10}$"
uid_validator = RegexValidator(
    UID_PATTERN,
    _("A DHIS2 identifier is 11 letters and digits, the first a letter (for example fbfJHSPpUQD)."),
)


class Dhis2Mapping(Versioned):
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+"
    )
    part = models.CharField(_("part"), max_length=12, choices=PartKind.choices)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, default=Sex.TOTAL)
    option = models.CharField(_("disaggregation"), max_length=80, blank=True, default="")
    data_element = models.CharField(_("data element"), max_length=11, validators=[uid_validator])
    category_option_combo = models.CharField(
        _("category option combo"), max_length=11, validators=[uid_validator]
    )

    class Meta:
        verbose_name = _("DHIS2 mapping")
        verbose_name_plural = _("DHIS2 mappings")
        ordering = ["indicator__code", "part", "sex", "option"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "part", "sex", "option"], name="dhis2_mapping_key"),
            models.UniqueConstraint(
                fields=["data_element", "category_option_combo"], name="dhis2_mapping_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.part} {self.sex} {self.option} → {self.data_element}.{self.category_option_combo}"


class Dhis2OrgUnit(Versioned):
    unit_code = models.CharField(_("unit code"), max_length=10, unique=True)
    org_unit = models.CharField(
        _("organisation unit"), max_length=11, unique=True, validators=[uid_validator]
    )

    class Meta:
        verbose_name = _("DHIS2 organisation unit")
        verbose_name_plural = _("DHIS2 organisation units")
        ordering = ["unit_code"]

    def __str__(self) -> str:
        return f"{self.unit_code} → {self.org_unit}"
