from decimal import Decimal

from datavalues.services import value_set
from indicators.models import Indicator


def enter(code, part, unit, year, value, sex="total", source=""):
    """Enter a value as the server's administrator would (no user, no comment required)."""
    return value_set(
        indicator=Indicator.objects.get(code=code),
        part=part,
        unit=unit,
        year=year,
        value=Decimal(value),
        sex=sex,
        by=None,
        require_comment=False,
        source=source,
    )
