"""Reads of the exchange formats: the accepted values a statistics office receives, in one query."""

from collections.abc import Iterator

from datavalues.models import DataValue, ValueStatus
from lib.dates import year_end
from units.models import AdminUnit, Level


def accepted_values(*, unit: AdminUnit, year: int) -> Iterator[DataValue]:
    """The values the ministry accepted for ``year`` of ``unit`` and the units below it (its communes and the former
    provinces merged into it; every unit for the nation), primary series only, every disaggregation, in one query
    ordered by indicator, unit, option, part and sex. Units not in force on 31 December of the year are left out,
    as in the exchange file."""
    if unit.level == Level.NATION:
        scope = DataValue.objects.all()
    else:
        scope = DataValue.objects.filter(
            unit__in=AdminUnit.objects.filter(pk=unit.pk)
            | AdminUnit.objects.filter(parent=unit)
            | AdminUnit.objects.filter(merged_into=unit)
        )
    day = year_end(year)
    values = (
        scope.filter(year=year, status=ValueStatus.ACCEPTED, series__is_primary=True)
        .select_related("series__indicator", "unit")
        .order_by("series__indicator__code", "unit__code", "option", "part", "sex")
    )
    for value in values.iterator(chunk_size=2000):
        if value.unit.valid_on(day):
            yield value
