"""Administrative units as dated data.

A code is not a timeless key: codes were reused on 1 July 2025 (80 was Long An, is now Tây Ninh). A code plus a
date resolves to exactly one unit. Names and types change without boundary changes, so they are dated too."""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


class UnitType(models.TextChoices):
    NATION = "quoc_gia", _("Nation")
    PROVINCE = "tinh", _("Province")
    CITY = "thanh_pho", _("Centrally-run city")
    COMMUNE = "xa", _("Commune")
    WARD = "phuong", _("Ward")
    SPECIAL_ZONE = "dac_khu", _("Special zone")


class Region(models.TextChoices):
    MEKONG_DELTA = "mekong_delta", _("Mekong Delta")
    ETHNIC_MINORITY = "ethnic_minority", _("Area with a large ethnic-minority population")


def valid_row_on(rows, day: date):
    """The row valid on ``day`` among dated rows (latest start first), or None. Works on prefetched rows."""
    for row in sorted(rows, key=lambda r: r.valid_from, reverse=True):
        if row.valid_from <= day and (row.valid_to is None or row.valid_to >= day):
            return row
    return None


def names_in_order(owner, kept) -> list:
    """``owner``'s names (a unit's, an agency's), oldest first: the prefetched ones when the query asked for them,
    else from ``kept()``, the table of every owner's names each process keeps (one query for all, not one per
    owner shown; None inside a transaction that wrote, which reads its own)."""
    if "names" not in getattr(owner, "_prefetched_objects_cache", {}):
        table = kept()
        if table is not None:
            return table.get(owner.pk, [])
    return sorted(owner.names.all(), key=lambda r: r.valid_from)


class DatedQuerySet(models.QuerySet):
    def on(self, day: date):
        """Rows valid on ``day`` (``valid_to`` is the last day of validity, inclusive)."""
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class AdminUnit(models.Model):
    code = models.CharField(_("code"), max_length=10, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text=_("For a unit that ended in a merger: the unit that took it over."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_valid_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def name_on(self, day: date) -> "UnitName | None":
        rows = self.names_in_order()
        return valid_row_on(rows, day) or (rows[-1] if rows else None)

    def names_in_order(self) -> list["UnitName"]:
        from units.selectors import names_by_unit

        return names_in_order(self, names_by_unit)

    @property
    def current_name(self) -> "UnitName | None":
        """The latest name the unit has had (for an ended unit, the one it ended with)."""
        return self.name_on(self.valid_to or date.today())

    @property
    def name(self) -> str:
        row = self.current_name
        return row.name if row else self.code

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= date.today()

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class UnitName(models.Model):
    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    unit_type = models.CharField(_("type"), max_length=12, choices=UnitType.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit name")
        verbose_name_plural = _("unit names")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="unit_name_valid_from_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class RegionTag(models.Model):
    """Membership of a unit in a region the letter names, valid over dates."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="region_tags")
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    partial = models.BooleanField(
        _("part of the unit only"),
        default=False,
        help_text=_(
            "Set when only part of the unit lies in the region (for example former Long An in Tây Ninh)."
        ),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("region tag")
        verbose_name_plural = _("region tags")
        ordering = ["region", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "region", "valid_from"], name="region_tag_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.get_region_display()}"
