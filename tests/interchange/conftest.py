from decimal import Decimal

from datavalues.models import DataValue, ValueStatus
from tests.portal.conftest import pair, put, unit

__all__ = ["pair", "put", "unit", "accepted_with_option", "snapshot"]


def accepted_with_option(code, part, at, year, value, option, sex="total"):
    """A value with a disaggregation, entered as a total and given its option directly (no cut-add-up check),
    then accepted."""
    saved = put(code, part, at, year, value, sex=sex)
    DataValue.objects.filter(pk=saved.pk).update(option=option, status=ValueStatus.ACCEPTED)
    return saved


def snapshot(**scope) -> list[tuple]:
    """Every value as what an exchange must keep: indicator, part, unit, year, sex, option and value."""
    return sorted(
        (v.series.indicator.code, v.part, v.unit.code, v.year, v.sex, v.option, v.value.normalize())
        for v in DataValue.objects.filter(**scope).select_related("series__indicator", "unit")
    )


def decimal(text: str) -> Decimal:
    return Decimal(text).normalize()
