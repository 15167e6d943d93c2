"""The roll-up of disaggregations other than sex (``option``, ``indicators.cuts``): each option's parts are summed
over the units below exactly as each sex's are, its value computed from its own summed parts, and the totals are
the same whether cut values are stored beside them or not."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datavalues import rollup_cache
from datavalues.models import DataValue
from datavalues.selectors import rollup, rollup_cuts, rollup_indicators, rollup_provinces, rollup_series
from datavalues.services import series_primary
from indicators import cuts
from indicators.models import Indicator
from tests.datavalues.conftest import enter
from units.models import AdminUnit, Level
from units.selectors import communes_of, nation, unit_resolve

pytestmark = pytest.mark.django_db
D = Decimal
URBAN, RURAL, KINH, MINORITY = "area=urban", "area=rural", "ethnicity=kinh", "ethnicity=minority"


def store(code, unit, year, parts, sex="total"):
    """Bulk-insert values {(part, option): value}, as the entry paths will (none writes cuts in this branch yet)."""
    series = series_primary(Indicator.objects.get(code=code))
    DataValue.objects.bulk_create(
        DataValue(series=series, part=part, unit=unit, year=year, sex=sex, option=option, value=D(value))
        for (part, option), value in parts.items()
    )
    rollup_cache.data_changed(year=year)  # bulk writes send no signal


def split(code, unit, year, by_option):
    """A total and its urban/rural cuts: {option: (numerator, denominator)}, the total their sum."""
    parts = {}
    for option, (num, den) in by_option.items():
        parts[("numerator", option)], parts[("denominator", option)] = num, den
    parts[("numerator", "")] = sum(num for num, _d in by_option.values())
    parts[("denominator", "")] = sum(den for _n, den in by_option.values())
    store(code, unit, year, parts)


def nd(num, den):
    return {("numerator", "total"): D(num), ("denominator", "total"): D(den)}


def test_a_cut_rolls_up_from_communes_to_the_province_and_the_nation_on_its_own():
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    hanoi = unit_resolve(code="01", on=date(2026, 1, 1))
    a, b = communes_of(tay_ninh)[:2]
    c = communes_of(hanoi)[0]
    split("M4.3", a, 2026, {URBAN: (3, 100), RURAL: (7, 300)})
    split("M4.3", b, 2026, {URBAN: (1, 50), RURAL: (9, 150)})
    split("M4.3", c, 2026, {URBAN: (2, 200), RURAL: (0, 100)})
    m43, m21 = Indicator.objects.get(code="M4.3"), Indicator.objects.get(code="M2.1")
    assert rollup(m43, tay_ninh, 2026, option=URBAN).parts == nd(4, 150)
    assert rollup(m43, tay_ninh, 2026, option=RURAL).parts == nd(16, 450)
    assert rollup(m43, nation(), 2026, option=URBAN).parts == nd(6, 350)
    # the value of a cut is factor × its summed numerator over its summed denominator, never an average
    assert rollup(m43, nation(), 2026, option=URBAN).value() == D(1000) * 6 / 350
    for unit in (tay_ninh, nation()):
        by_option = rollup_cuts(m43, unit, [2025, 2026])
        assert list(by_option) == ["", *cuts.declared(m43).rows()]
        for option in ("", URBAN, RURAL):
            expected = rollup_series(m43, unit, [2026], option=option)[2026].parts
            assert by_option[option][2026].parts == expected
            assert rollup_indicators([m43, m21], unit, [2026], option=option)[m43.pk][2026].parts == expected
        assert by_option[KINH][2026].parts == {} and by_option[URBAN][2025].parts == {}
    assert rollup_cuts(m43, nation(), [2026])[""][2026].parts == nd(22, 900)
    together = rollup_provinces(m43, [tay_ninh, hanoi], [2026], option=RURAL)
    assert together[(tay_ninh.pk, 2026)].parts == nd(16, 450)
    assert together[(hanoi.pk, 2026)].parts == nd(0, 100)


def test_a_province_own_cut_wins_over_its_communes_option_by_option_and_former_provinces_fold_in():
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    a, b = communes_of(tay_ninh)[:2]
    split("M4.3", a, 2026, {URBAN: (3, 100), RURAL: (7, 300)})
    split("M4.3", b, 2026, {URBAN: (1, 50), RURAL: (9, 150)})
    store("M4.3", tay_ninh, 2026, {("numerator", URBAN): 5, ("denominator", URBAN): 160})  # urban only
    m43 = Indicator.objects.get(code="M4.3")
    by_option = rollup_cuts(m43, tay_ninh, [2026], options=[URBAN, RURAL])
    assert by_option[URBAN][2026].parts == nd(5, 160)
    assert by_option[RURAL][2026].parts == nd(16, 450)  # still its communes' sum
    assert by_option[""][2026].parts == nd(20, 600)
    assert rollup_cuts(m43, nation(), [2026], options=[URBAN])[URBAN][2026].parts == nd(5, 160)
    # 2024: the two former provinces merged into today's Tây Ninh, each with its cuts
    long_an = unit_resolve(code="80", on=date(2024, 6, 1))
    old_tay_ninh = unit_resolve(code="72", on=date(2024, 6, 1))
    split("M4.3", long_an, 2024, {URBAN: (2, 20), RURAL: (4, 40)})
    split("M4.3", old_tay_ninh, 2024, {URBAN: (1, 10), RURAL: (3, 30)})
    for unit in (tay_ninh, nation()):
        got = rollup_cuts(m43, unit, [2024], options=[URBAN, RURAL])
        assert got[URBAN][2024].parts == nd(3, 30) and got[RURAL][2024].parts == nd(7, 70)
        assert got[""][2024].parts == nd(10, 100)


def test_a_non_additive_indicator_shows_a_unit_own_cut_only():
    today = unit_resolve(code="80", on=date(2026, 1, 1))
    m31 = Indicator.objects.get(code="M3.1")
    store("M3.1", today, 2026, {("numerator", URBAN): 4, ("denominator", URBAN): 2})
    store("M3.1", communes_of(today)[0], 2026, {("numerator", URBAN): 9, ("denominator", URBAN): 3})
    assert rollup(m31, today, 2026, option=URBAN).parts == nd(4, 2)
    assert rollup(m31, nation(), 2026, option=URBAN).parts == {}


def test_the_totals_are_the_same_with_cut_values_beside_them():
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    a, b = communes_of(tay_ninh)[:2]
    m43, m21 = Indicator.objects.get(code="M4.3"), Indicator.objects.get(code="M2.1")
    for commune, num, den in ((a, 10, 100), (b, 30, 300)):
        enter("M4.3", "numerator", commune, 2026, num)
        enter("M4.3", "denominator", commune, 2026, den)

    def totals():
        return {
            unit.pk: (
                rollup(m43, unit, 2026).parts,
                rollup_indicators([m43, m21], unit, [2026])[m43.pk][2026].parts,
                rollup_cuts(m43, unit, [2026])[""][2026].parts,
                rollup_provinces(m43, [tay_ninh], [2026])[(tay_ninh.pk, 2026)].parts,
            )
            for unit in (a, tay_ninh, nation())
        }

    before = totals()
    assert before[nation().pk][0] == nd(40, 400)
    for commune in (a, b):
        store("M4.3", commune, 2026, {("numerator", URBAN): 1, ("denominator", URBAN): 10})
        store("M4.3", commune, 2026, {("numerator", KINH): 2, ("denominator", KINH): 20})
    assert totals() == before


def test_the_cache_keeps_each_option_apart(django_capture_on_commit_callbacks, django_assert_num_queries):
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    m43, m21 = Indicator.objects.get(code="M4.3"), Indicator.objects.get(code="M2.1")
    with django_capture_on_commit_callbacks(execute=True):  # no write pending: the cache is used
        split("M4.3", communes_of(tay_ninh)[0], 2026, {URBAN: (1, 10), RURAL: (3, 30)})

    country = nation()

    def national(option=""):
        return rollup_indicators([m43, m21], country, [2026], option=option)[m43.pk][2026].parts

    assert national() == nd(4, 40)
    with django_assert_num_queries(0):
        assert national() == nd(4, 40)
    assert national(URBAN) == nd(1, 10)  # not the total kept under the same indicators, unit and year
    with django_assert_num_queries(0):
        assert national(URBAN) == nd(1, 10)
    assert national(RURAL) == nd(3, 30)
    with django_capture_on_commit_callbacks(execute=True):
        store("M4.3", communes_of(tay_ninh)[1], 2026, {("numerator", URBAN): 2, ("denominator", URBAN): 5})
    assert national(URBAN) == nd(3, 15) and national() == nd(4, 40)


def test_the_queries_do_not_grow_with_the_cuts_the_years_or_the_provinces():
    m43 = Indicator.objects.get(code="M4.3")
    provinces = list(AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code"))

    def fill(first, last):
        for province in provinces[first:last]:
            for commune in communes_of(province)[:2]:
                split("M4.3", commune, 2026, {URBAN: (1, 10), RURAL: (2, 20)})
                store("M4.3", commune, 2026, {("numerator", KINH): 1, ("denominator", KINH): 10})

    def queries(options, years, unit):
        rollup_cuts(m43, unit, years, options=options)  # the units below are kept after the first call
        with CaptureQueriesContext(connection) as captured:
            got = rollup_cuts(m43, unit, years, options=options)
        return len(captured), got

    fill(0, 1)
    few, _got = queries([URBAN], [2026], nation())
    fill(1, 5)
    many, got = queries(cuts.declared(m43).rows(), [2024, 2025, 2026], nation())
    assert many == few
    assert got[URBAN][2026].parts == nd(10, 100) and got[KINH][2026].parts == nd(10, 100)
    province_few, _got = queries([URBAN], [2026], provinces[0])
    province_many, _got = queries(cuts.declared(m43).rows(), [2025, 2026], provinces[0])
    assert province_many == province_few


counts = st.integers(min_value=0, max_value=10_000)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.integers(0, 39), counts, counts, counts, counts),
        min_size=1,
        max_size=20,
        unique_by=lambda t: t[0],
    )
)
def test_cuts_at_communes_add_up_exactly_at_the_province_and_the_nation(data):
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, parent__code__in=["80", "01"]).order_by("code")[:40]
    )
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    m43 = Indicator.objects.get(code="M4.3")
    with transaction.atomic():
        sid = transaction.savepoint()
        for index, a, b, c, d in data:
            split(
                "M4.3", communes[index], 2026, {URBAN: (min(a, b), max(a, b)), RURAL: (min(c, d), max(c, d))}
            )
        national = rollup_cuts(m43, nation(), [2026])
        province = rollup_cuts(m43, tay_ninh, [2026])
        in_tay_ninh = {i for i, commune in enumerate(communes) if commune.parent_id == tay_ninh.pk}
        for option, (first, second) in ((URBAN, (1, 2)), (RURAL, (3, 4))):
            for got, rows in ((national, data), (province, [r for r in data if r[0] in in_tay_ninh])):
                num = sum(min(r[first], r[second]) for r in rows)
                den = sum(max(r[first], r[second]) for r in rows)
                rolled = got[option][2026]
                if rows:
                    assert rolled.parts == nd(num, den)
                    assert rolled.value() == (D(1000) * num / den if den else None)
                else:
                    assert rolled.parts == {}
            # the options add up to the total, part by part
        for got in (national, province):
            for part in ("numerator", "denominator"):
                total = got[""][2026].parts.get((part, "total"))
                cut_sum = sum(got[o][2026].parts.get((part, "total"), 0) for o in (URBAN, RURAL))
                assert (total or 0) == cut_sum
        transaction.savepoint_rollback(sid)
