"""A value the database column cannot hold is refused with a message, not a database error."""

from decimal import Decimal

import pytest

from datavalues.models import DataValue
from lib.errors import DomainError
from tests.datavalues.conftest import enter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["1e30", "100000000000000", "0.0000001", "Infinity"])
def test_a_value_the_column_cannot_hold_is_refused(tay_ninh, value):
    with pytest.raises(DomainError) as refused:
        enter("M2.1", "denominator", tay_ninh, 2026, Decimal(value))
    assert refused.value.field == "value"
    assert not DataValue.objects.exists()


def test_a_large_value_within_the_column_is_kept(tay_ninh):
    # the whole population of the country, with decimals: within 14 + 6 digits (SQLite keeps it as a float, so
    # the test stays within a float's 15 significant digits)
    stored = enter("M2.1", "denominator", tay_ninh, 2026, Decimal("101234567.125"))
    assert stored.value == Decimal("101234567.125")
