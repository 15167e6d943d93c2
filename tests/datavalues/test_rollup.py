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


# --- disaggregations beside the totals, and provinces entering their own totals ------------------------------------


def disaggregate(code, part, unit, year, options, sex="total"):
    """Values of disaggregation options ({"area=urban": 7, ...}) beside a total. No service enters them yet
    (the grid and the import write totals); the national-scale seed bulk-inserts them the same way."""
    from datavalues import rollup_cache
    from datavalues.models import DataValue
    from datavalues.services import series_primary

    series = series_primary(Indicator.objects.get(code=code))
    DataValue.objects.bulk_create(
        DataValue(series=series, part=part, unit=unit, year=year, sex=sex, option=option, value=D(value))
        for option, value in options.items()
    )
    rollup_cache.data_changed(year=year)  # bulk writes send no signal


def test_a_province_total_wins_over_its_communes_and_disaggregations_never_join_the_totals():
    from datavalues.selectors import rollup_indicators, rollup_provinces, rollup_series

    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    hanoi = unit_resolve(code="01", on=date(2026, 1, 1))
    a, b = communes_of(tay_ninh)[:2]
    (c,) = communes_of(hanoi)[:1]
    for commune, num, den in ((a, 10, 100), (b, 30, 100), (c, 5, 50)):
        enter("M6.1", "numerator", commune, 2026, num)
        enter("M6.1", "denominator", commune, 2026, den)
        # options that would double the sums if they leaked into them
        disaggregate("M6.1", "numerator", commune, 2026, {"area=urban": num, "area=rural": 0})
        disaggregate("M6.1", "denominator", commune, 2026, {"area=urban": den, "area=rural": 0})
    m61 = Indicator.objects.get(code="M6.1")
    m21 = Indicator.objects.get(
        code="M2.1"
    )  # a second indicator, so the many-indicator path runs (and caches)
    assert rollup(m61, tay_ninh, 2026).parts == {("numerator", "total"): 40, ("denominator", "total"): 200}
    assert rollup(m61, nation(), 2026).parts == {("numerator", "total"): 45, ("denominator", "total"): 250}

    # Tây Ninh enters its own total, and its own options: its figure replaces its communes' sum
    enter("M6.1", "numerator", tay_ninh, 2026, 90)
    enter("M6.1", "denominator", tay_ninh, 2026, 300)
    disaggregate("M6.1", "numerator", tay_ninh, 2026, {"area=urban": 60, "area=rural": 30})
    disaggregate("M6.1", "denominator", tay_ninh, 2026, {"area=urban": 200, "area=rural": 100})
    own = {("numerator", "total"): 90, ("denominator", "total"): 300}
    national = {
        ("numerator", "total"): 95,
        ("denominator", "total"): 350,
    }  # Tây Ninh's own + Hà Nội's commune
    assert rollup(m61, tay_ninh, 2026).parts == own
    assert rollup(m61, nation(), 2026).value() == D(100) * 95 / 350
    for unit, expected in ((tay_ninh, own), (nation(), national)):
        assert rollup_series(m61, unit, [2025, 2026])[2026].parts == expected
        assert rollup_indicators([m61, m21], unit, [2026])[m61.pk][2026].parts == expected
    together = rollup_provinces(m61, [tay_ninh, hanoi], [2026])
    assert together[(tay_ninh.pk, 2026)].parts == own
    assert together[(hanoi.pk, 2026)].parts == {("numerator", "total"): 5, ("denominator", "total"): 50}
    assert rollup(m61, a, 2026).parts == {("numerator", "total"): 10, ("denominator", "total"): 100}


def test_the_own_value_wins_part_by_part_and_sex_by_sex():
    from datavalues.selectors import rollup_indicators

    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    a, b = communes_of(tay_ninh)[:2]
    for commune, female, male in ((a, 3, 4), (b, 5, 6)):
        for part, factor in (("numerator", 1), ("denominator", 10)):
            enter("M5.1", part, commune, 2026, (female + male) * factor)
            enter("M5.1", part, commune, 2026, female * factor, sex="female")
            enter("M5.1", part, commune, 2026, male * factor, sex="male")
            disaggregate("M5.1", part, commune, 2026, {"x:y": 999}, sex="female")
    # the province enters only its women's numerator: that part wins, the others stay its communes' sums
    enter("M5.1", "numerator", tay_ninh, 2026, 7, sex="female")
    expected = {
        ("numerator", "total"): 18,
        ("numerator", "female"): 7,
        ("numerator", "male"): 10,
        ("denominator", "total"): 180,
        ("denominator", "female"): 80,
        ("denominator", "male"): 100,
    }
    m51, m61 = Indicator.objects.get(code="M5.1"), Indicator.objects.get(code="M6.1")
    assert rollup(m51, tay_ninh, 2026).parts == expected
    assert rollup(m51, nation(), 2026).parts == expected
    assert rollup_indicators([m51, m61], nation(), [2026])[m51.pk][2026].parts == expected


def test_former_provinces_and_a_non_additive_indicator_with_disaggregations_beside_them():
    long_an = unit_resolve(code="80", on=date(2024, 6, 1))
    old_tay_ninh = unit_resolve(code="72", on=date(2024, 6, 1))
    today = unit_resolve(code="80", on=date(2025, 7, 1))
    for unit, num, den in ((long_an, 300, 600), (old_tay_ninh, 100, 400)):
        enter("M2.1", "numerator", unit, 2024, num)
        enter("M2.1", "denominator", unit, 2024, den)
        disaggregate("M2.1", "numerator", unit, 2024, {"area=urban": num})
        disaggregate("M2.1", "denominator", unit, 2024, {"area=urban": den})
    m21 = Indicator.objects.get(code="M2.1")
    summed = {("numerator", "total"): 400, ("denominator", "total"): 1000}
    assert rollup(m21, today, 2024).parts == summed
    assert rollup(m21, nation(), 2024).parts == summed
    m31 = Indicator.objects.get(code="M3.1")  # a ratio of two means: the unit's own value only
    enter("M3.1", "numerator", today, 2026, 4)
    enter("M3.1", "denominator", today, 2026, 2)
    disaggregate("M3.1", "numerator", today, 2026, {"area=urban": 5})
    assert rollup(m31, today, 2026).parts == {("numerator", "total"): 4, ("denominator", "total"): 2}
    assert rollup(m31, nation(), 2026).parts == {}


def test_communes_numbered_apart_and_a_commune_merged_away_are_rolled_up_the_same():
    """The roll-up reads a province's communes as one range of ids when they are numbered one after the other;
    a commune added later (numbered after every unit) or one merged into another in the middle of the range
    makes it join them to the units instead, with the same result."""
    from datavalues.selectors import _tree, rollup_indicators

    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    hanoi = unit_resolve(code="01", on=date(2026, 1, 1))
    assert tay_ninh.pk in {p for p, _lo, _hi in _tree(nation()).ranges}
    first, middle, last = communes_of(tay_ninh)[:3]
    m61, m21 = Indicator.objects.get(code="M6.1"), Indicator.objects.get(code="M2.1")

    def national():
        return rollup_indicators([m61, m21], nation(), [2026])[m61.pk][2026].parts

    for commune, num in ((first, 10), (middle, 20), (last, 30), (communes_of(hanoi)[0], 1)):
        enter("M6.1", "numerator", commune, 2026, num)
        enter("M6.1", "denominator", commune, 2026, 100)
    assert national() == {("numerator", "total"): 61, ("denominator", "total"): 400}
    # units change outside the services in this test: the unit loader and its successor replace every token
    from datavalues import rollup_cache

    added = AdminUnit.objects.create(
        code="99901", level=Level.COMMUNE, parent=tay_ninh, valid_from=date(2025, 7, 1)
    )
    enter("M6.1", "numerator", added, 2026, 5)
    enter("M6.1", "denominator", added, 2026, 50)
    rollup_cache.data_changed()
    assert _tree(nation()).apart == [tay_ninh.pk] and _tree(tay_ninh).apart == [tay_ninh.pk]
    assert rollup(m61, tay_ninh, 2026).parts == {("numerator", "total"): 65, ("denominator", "total"): 350}
    assert national() == {("numerator", "total"): 66, ("denominator", "total"): 450}
    AdminUnit.objects.filter(pk=middle.pk).update(merged_into=first, valid_to=date(2025, 12, 31))
    rollup_cache.data_changed()
    assert rollup(m61, tay_ninh, 2026).parts == {("numerator", "total"): 45, ("denominator", "total"): 250}
    assert national() == {("numerator", "total"): 46, ("denominator", "total"): 350}
