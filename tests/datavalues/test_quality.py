"""Values far from their own history or from similar units (issue 15, data quality): the modified z-score's
arithmetic, the two checks over a province and the nation, and the warning that needs a comment on the grid and
the API."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from datavalues import quality
from datavalues.models import DataValue
from tests.datavalues.conftest import enter
from units.models import AdminUnit
from units.selectors import communes_of, provinces_on

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
samples = st.lists(amounts, min_size=1, max_size=30)


def _median(values):
    ordered = sorted(values)
    n = len(ordered)
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


# --- the arithmetic -----------------------------------------------------------------------------------------------


@given(samples)
def test_a_value_equal_to_the_median_is_never_flagged(sample):
    median = Fraction(_median([Fraction(x) for x in sample]))
    assert not quality.is_outlier(median, [*sample, median])
    found = quality.spread([*sample, median])
    assert found is None or found.score(median) == 0


@given(samples, st.fractions(min_value=Fraction(1, 1000), max_value=1000))
def test_scaling_every_value_changes_no_flag(sample, factor):
    scaled = [Fraction(x) * factor for x in sample]
    assert [quality.is_outlier(x, sample) for x in sample] == [quality.is_outlier(x, scaled) for x in scaled]


@given(amounts, st.integers(min_value=1, max_value=20))
def test_a_constant_series_never_flags(value, n):
    assert quality.spread([value] * n) is None
    assert not quality.is_outlier(value, [value] * n)


def test_the_method_is_iglewicz_and_hoaglins_with_the_mean_deviation_where_the_mad_is_zero():
    # 1, 2, 3, 4, 100: median 3, MAD 1, so 100 scores 0.6745 × 97 = 65.4 and 4 scores 0.6745
    found = quality.spread([1, 2, 3, 4, 100])
    assert found.median == 3 and found.score(100) == Fraction("0.6745") * 97
    assert quality.is_outlier(100, [1, 2, 3, 4, 100]) and not quality.is_outlier(4, [1, 2, 3, 4, 100])
    # 10, 10, 10, 10, 50: the MAD is 0; the mean absolute deviation (8) × 1.253314 scales: 40 / 10.03 = 3.99
    found = quality.spread([10, 10, 10, 10, 50])
    assert found.scale == Fraction("1.253314") * 8
    assert quality.is_outlier(50, [10, 10, 10, 10, 50])
    assert not quality.is_outlier(50, [10, 10, 10, 10, 50], threshold=4)
    low, high = found.expected()
    assert low == 0 and high == 10 + Fraction("3.5") * found.scale


# --- the history check --------------------------------------------------------------------------------------------


def _history(unit, values, code="M6.1", part="denominator"):
    """Enter ``values`` from 2021 on: before 2025 against the former provinces that went into ``unit`` (each its
    share: half for the first), as real history was entered."""
    former = list(AdminUnit.objects.filter(merged_into=unit).order_by("code"))
    for year, value in zip(range(2021, 2021 + len(values)), values, strict=False):
        if year >= 2025 or not former:
            enter(code, part, unit, year, value)
            continue
        first = Decimal(value) / 2
        enter(code, part, former[0], year, first)
        rest = (Decimal(value) - first) / (len(former) - 1)
        for other in former[1:]:
            enter(code, part, other, year, rest)


@pytest.mark.django_db
def test_a_value_far_from_its_own_history_across_the_merger_is_flagged_with_its_expected_range(tay_ninh):
    _history(tay_ninh, ["1000", "1010", "1020", "1000", "1030", "5000"])
    flags = quality.province_flags(tay_ninh, 2026)
    [flag] = [f for f in flags if f.check == quality.HISTORY]
    assert (flag.indicator.code, flag.unit_id, flag.part, flag.sex, flag.year) == (
        "M6.1",
        tay_ninh.pk,
        "denominator",
        "total",
        2026,
    )
    assert flag.value == 5000 and flag.median == Decimal("1015") and flag.low < 1000 < 1030 < flag.high < 5000
    assert flag.unit == tay_ninh
    # the year before, still within its history, is not flagged
    assert not [f for f in quality.province_flags(tay_ninh, 2025) if f.check == quality.HISTORY]
    # the nation sees the province's value too
    assert [f.key for f in quality.national_flags(2026) if f.check == quality.HISTORY] == [flag.key]


@pytest.mark.django_db
def test_fewer_than_four_earlier_years_flag_nothing(tay_ninh):
    _history(tay_ninh, ["1000", "1000", "1000", "9000"])
    assert not quality.province_flags(tay_ninh, 2024)
    assert quality.MIN_HISTORY == 4


# --- the peers check ----------------------------------------------------------------------------------------------


def _shares(units, shares, year=2026, code="M2.1"):
    for unit, share in zip(units, shares, strict=True):
        enter(code, "denominator", unit, year, "1000")
        enter(code, "numerator", unit, year, str(int(share * 10)))


@pytest.mark.django_db
def test_an_indicator_value_far_from_the_other_provinces_is_flagged_on_its_page_and_the_nations(tay_ninh):
    others = [p for p in provinces_on(date(2026, 12, 31)) if p.pk != tay_ninh.pk][:6]
    _shares([tay_ninh, *others], [95, 50, 52, 49, 51, 48, 50])
    [flag] = quality.province_flags(tay_ninh, 2026)
    assert (flag.check, flag.indicator.code, flag.part, flag.unit_id) == (
        quality.PEERS,
        "M2.1",
        "",
        tay_ninh.pk,
    )
    assert flag.value == Decimal("95") and flag.median == Decimal("50")  # the rate, never a raw part
    assert [f.key for f in quality.national_flags(2026)] == [flag.key]
    # another province that is within the others' range has nothing on its page
    assert quality.province_flags(others[0], 2026) == []


@pytest.mark.django_db
def test_a_province_without_its_own_value_is_compared_by_the_sum_of_its_communes(tay_ninh):
    others = [p for p in provinces_on(date(2026, 12, 31)) if p.pk != tay_ninh.pk][:6]
    _shares(others, [50, 52, 49, 51, 48, 50])
    communes = list(communes_of(tay_ninh))[:2]
    _shares(communes, [5, 6])
    [flag] = quality.province_flags(tay_ninh, 2026)
    assert flag.check == quality.PEERS and flag.value == Decimal("5.5")


@pytest.mark.django_db
def test_a_commune_far_from_the_other_communes_of_its_province_is_flagged(tay_ninh):
    communes = list(communes_of(tay_ninh))[:7]
    _shares(communes, [10, 50, 52, 49, 51, 48, 50])
    flags = [f for f in quality.province_flags(tay_ninh, 2026) if f.unit_id != tay_ninh.pk]
    assert [(f.check, f.unit_id, f.value) for f in flags] == [(quality.PEERS, communes[0].pk, Decimal(10))]
    # four other communes are too few peers
    DataValue.objects.filter(unit__in=communes[5:]).delete()
    assert [f for f in quality.province_flags(tay_ninh, 2026) if f.unit_id != tay_ninh.pk] == []


@pytest.mark.django_db
def test_the_nations_checks_read_a_fixed_number_of_queries_whatever_the_number_of_provinces(tay_ninh):
    provinces = list(provinces_on(date(2026, 12, 31)))
    _shares(provinces[:8], [95, 50, 52, 49, 51, 48, 50, 50])
    with CaptureQueriesContext(connection) as few:
        quality.national_flags(2026)
    _shares(provinces[8:20], [50] * 12)
    with CaptureQueriesContext(connection) as many:
        quality.national_flags(2026)
    assert len(many) == len(few) <= 12
