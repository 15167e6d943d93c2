from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datavalues.selectors import rollup
from indicators.models import Indicator
from tests.datavalues.conftest import enter
from units.models import AdminUnit, Level
from units.selectors import communes_of, nation, unit_resolve

pytestmark = pytest.mark.django_db
D = Decimal


def test_old_long_an_and_old_tay_ninh_sum_into_todays_tay_ninh_for_2024():
    long_an = unit_resolve(code="80", on=date(2024, 6, 1))
    old_tay_ninh = unit_resolve(code="72", on=date(2024, 6, 1))
    today = unit_resolve(code="80", on=date(2025, 7, 1))
    enter("M2.1", "numerator", long_an, 2024, 300)
    enter("M2.1", "denominator", long_an, 2024, 600)
    enter("M2.1", "numerator", old_tay_ninh, 2024, 100)
    enter("M2.1", "denominator", old_tay_ninh, 2024, 400)
    rolled = rollup(Indicator.objects.get(code="M2.1"), today, 2024)
    assert rolled.parts == {("numerator", "total"): 400, ("denominator", "total"): 1000}
    assert rolled.value() == 40  # 100 x 400 / 1000, not the average of 50% and 25%
    assert rollup(Indicator.objects.get(code="M2.1"), long_an, 2024).value() == 50


def test_a_province_value_entered_by_the_province_wins_over_the_sum_of_its_communes():
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    a, b = communes_of(tay_ninh)[:2]
    for commune, num, den in ((a, 10, 100), (b, 30, 100)):
        enter("M6.1", "numerator", commune, 2026, num)
        enter("M6.1", "denominator", commune, 2026, den)
    m61 = Indicator.objects.get(code="M6.1")
    assert rollup(m61, tay_ninh, 2026).value() == 20
    enter("M6.1", "numerator", tay_ninh, 2026, 500)
    enter("M6.1", "denominator", tay_ninh, 2026, 1000)
    assert rollup(m61, tay_ninh, 2026).value() == 50


counts = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(st.integers(0, 59), counts, counts), min_size=1, max_size=25, unique_by=lambda t: t[0])
)
def test_the_national_value_is_factor_times_summed_numerators_over_summed_denominators(data):
    from django.db import transaction

    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, parent__code__in=["80", "01"]).order_by("code")[:60]
    )
    m61 = Indicator.objects.get(code="M6.1")
    m31 = Indicator.objects.get(code="M3.1")  # a ratio of two means: not additive
    with transaction.atomic():
        sid = transaction.savepoint()
        for index, a, b in data:
            numerator, denominator = min(a, b), max(a, b)
            enter("M6.1", "numerator", communes[index], 2026, numerator)
            enter("M6.1", "denominator", communes[index], 2026, denominator)
            enter("M3.1", "numerator", communes[index], 2026, a)
            enter("M3.1", "denominator", communes[index], 2026, b)
        total_num = sum(min(a, b) for _i, a, b in data)
        total_den = sum(max(a, b) for _i, a, b in data)
        national = rollup(m61, nation(), 2026)
        if total_den:
            assert national.value() == D(100) * total_num / total_den
        else:
            assert national.value() is None
        assert national.parts[("numerator", "total")] == total_num
        assert rollup(m31, nation(), 2026).parts == {}  # never summed
        assert rollup(m31, unit_resolve(code="80", on=date(2026, 1, 1)), 2026).parts == {}
        transaction.savepoint_rollback(sid)
