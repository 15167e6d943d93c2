from decimal import Decimal

from datavalues.services import value_set
from indicators.models import Indicator


def enter(code, part, unit, year, value, sex="total", source="", *, by=None):
    """Enter a value as the server's administrator would (no user, no comment required), or as ``by``."""
    return value_set(
        indicator=Indicator.objects.get(code=code),
        part=part,
        unit=unit,
        year=year,
        value=Decimal(value),
        sex=sex,
        by=by,
        require_comment=False,
        source=source,
    )
