"""Reads of administrative units. A code plus a date (or a year) resolves to exactly one unit."""

from datetime import date

from django.db.models import Model, Prefetch, QuerySet

from lib.dates import year_end
from units.models import AdminUnit, DatedQuerySet, Level, RegionTag, UnitName


class UnitNotFound(LookupError):
    pass


def units_with_names() -> DatedQuerySet:
    # django-stubs 5.2 cannot type a Prefetch on a manager made by as_manager() (typeddjango/django-stubs#3263)
    return AdminUnit.objects.prefetch_related(
        Prefetch("names", queryset=UnitName.objects.order_by("valid_from"))  # type: ignore[arg-type]
    )


def unit_resolve(*, code: str, on: date) -> AdminUnit:
    """The unit that carried ``code`` on ``on``. Raises UnitNotFound when none did."""
    matches = list(units_with_names().on(on).filter(code=code)[:2])
    if not matches:
        raise UnitNotFound(code)
    if (
        len(matches) > 1
    ):  # the loader and the services never let this happen; fail loudly if data was hand-edited
        raise UnitNotFound(f"{code} is ambiguous on {on.isoformat()}")
    return matches[0]


def unit_for_year(*, code: str, year: int) -> AdminUnit:
    """Yearly figures refer to the units in force at the end of the year: code 80 is Long An for 2024 and
    Tây Ninh for 2025."""
    return unit_resolve(code=code, on=year_end(year))


def current_province(unit: AdminUnit) -> AdminUnit | None:
    """The province of today a unit's figures belong to: a commune's province, the province a former province
    went into, or the province itself; None for the nation."""
    if unit.level == Level.COMMUNE:
        return unit.parent
    if unit.level == Level.PROVINCE:
        return unit.merged_into or unit
    return None


def provinces_on(day: date) -> QuerySet[AdminUnit]:
    return units_with_names().on(day).filter(level=Level.PROVINCE).order_by("code")


def province_today(code: str) -> AdminUnit | None:
    """The province in force today under ``code`` (a page's address), with its names, or None."""
    return provinces_on(date.today()).filter(code=code).first()


def former_provinces() -> QuerySet[AdminUnit]:
    """The 63 provinces that ended on 30 June 2025, with the unit each went into."""
    return (
        units_with_names()
        .filter(level=Level.PROVINCE, merged_into__isnull=False)
        .select_related("merged_into")
        .prefetch_related(Prefetch("merged_into__names", queryset=UnitName.objects.order_by("valid_from")))
        .order_by("code")
    )


def communes_of(province: AdminUnit, *, on: date | None = None, search: str = "") -> DatedQuerySet:
    qs = units_with_names().filter(parent=province, level=Level.COMMUNE)
    if on is not None:
        qs = qs.on(on)
    if search:
        qs = qs.filter(names__name__icontains=search).distinct()
    return qs.order_by("code")


def nation() -> AdminUnit:
    return units_with_names().get(level=Level.NATION, code="VN")


def region_tags_of(unit: AdminUnit) -> QuerySet[RegionTag]:
    return unit.region_tags.order_by("valid_from", "region")


def kept_names(model: type[Model], owner: str) -> dict[int, list] | None:
    """Every row of a dated names ``model`` (``UnitName``, ``AgencyName``), oldest first, by the id of its
    ``owner``: read in one query and kept in each process until reference data changes (``datavalues.rollup_cache``).
    None inside a transaction that wrote (it reads the database)."""
    from datavalues import rollup_cache

    if rollup_cache.writing():
        return None

    def read() -> dict[int, list]:
        table: dict[int, list] = {}
        for row in model._default_manager.order_by(f"{owner}_id", "valid_from"):
            table.setdefault(getattr(row, f"{owner}_id"), []).append(row)
        return table

    return rollup_cache.kept_while_units_stay(("names", model._meta.label), read)


def names_by_unit() -> dict[int, list[UnitName]] | None:
    """Every unit's names, oldest first, by unit id (``kept_names``)."""
    return kept_names(UnitName, "unit")
