from decimal import Decimal

from datavalues.models import DataValue, ValueStatus
from datavalues.services import value_set, values_transition
from indicators.models import Indicator
from tests.portal.conftest import STEPS, pair, put, unit

__all__ = ["pair", "put", "unit", "accepted_with_option", "snapshot"]


def accepted_with_option(code, part, at, year, value, option, sex="total"):
    """A value of a disaggregation, entered through the service as any value is, then accepted."""
    saved = value_set(
        indicator=Indicator.objects.get(code=code),
        part=part,
        unit=at,
        year=year,
        value=Decimal(value),
        sex=sex,
        option=option,
        by=None,
        require_comment=False,
    )
    for action in STEPS["accepted"]:
        values_transition(values=[saved], action=action, by=None)
    saved.refresh_from_db()
    assert saved.status == ValueStatus.ACCEPTED
    return saved


def snapshot(**scope) -> list[tuple]:
    """Every value as what an exchange must keep: indicator, part, unit, year, sex, option and value."""
    return sorted(
        (v.series.indicator.code, v.part, v.unit.code, v.year, v.sex, v.option, v.value.normalize())
        for v in DataValue.objects.filter(**scope).select_related("series__indicator", "unit")
    )


def decimal(text: str) -> Decimal:
    return Decimal(text).normalize()
