"""Cached roll-ups (datavalues.rollup_cache): kept until the data changes, never read stale, never cached from a
transaction that wrote."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from datavalues import rollup_cache
from datavalues.selectors import rollup_indicators
from datavalues.services import value_set
from indicators.models import Indicator
from units.selectors import nation

pytestmark = pytest.mark.django_db


def pair():
    return list(Indicator.objects.filter(code__in=["M2.1", "M2.2"]).order_by("code"))


def m21(unit, year: int = 2026) -> dict:
    """M2.1's parts, rolled up with M2.2 (a single indicator is not cached: quick to sum)."""
    indicators = pair()
    return rollup_indicators(indicators, unit, [year])[indicators[0].pk][year].parts


def enter(unit, value, by, part="numerator"):
    return value_set(
        indicator=Indicator.objects.get(code="M2.1"), part=part, unit=unit, year=2026, value=value, by=by
    )


def test_a_roll_up_is_computed_once_until_the_data_changes(
    tay_ninh, persona, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enter(tay_ninh, 400, persona("focal"), part="denominator")
    indicators, country = pair(), nation()
    rollup_indicators(indicators, country, [2026])
    with django_assert_num_queries(0):  # kept: no query at all (the test cache is in memory)
        rollup_indicators(indicators, country, [2026])
    token = rollup_cache.token()
    with django_capture_on_commit_callbacks(execute=True):
        rollup_cache.data_changed()  # what bulk writes call; the token changes at the commit
        assert rollup_cache.token() == token
    assert rollup_cache.token() != token
    # computed again: the primary series, the units below the nation, their values
    with django_assert_num_queries(3):
        rollup_indicators(indicators, country, [2026])
    with django_assert_num_queries(1):  # 2026 is kept; 2024 and 2025 are summed together (series, units kept)
        rollup_indicators(indicators, country, [2024, 2025, 2026])
    with django_assert_num_queries(0):
        rollup_indicators(indicators, country, [2025])
    with django_capture_on_commit_callbacks(execute=True):
        rollup_cache.data_changed(year=2025)  # a value of 2025 saved: that year alone is summed again
    with django_assert_num_queries(1):
        rollup_indicators(indicators, country, [2025, 2026])
    keys = set(cache._cache)
    with django_assert_num_queries(2):  # one indicator alone is summed every time, and not kept
        rollup_indicators(indicators[:1], country, [2026])
    assert set(cache._cache) == keys


def test_the_units_below_a_roll_up_are_read_again_once_a_unit_changes(
    tay_ninh, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from datavalues.selectors import _tree
    from units.models import AdminUnit, Level

    country = nation()
    before = _tree(country)
    with django_assert_num_queries(0):  # kept in the process (the test cache is in memory)
        assert _tree(country) is before
    with django_capture_on_commit_callbacks(execute=True):
        added = AdminUnit.objects.create(
            code="99902", level=Level.COMMUNE, parent=tay_ninh, valid_from=date(2025, 7, 1)
        )
        assert _tree(country).apart == [tay_ninh.pk]  # the transaction that wrote reads its own writes
    after = _tree(country)  # committed: the token of everything changed
    assert after is not before and after.apart == [tay_ninh.pk]
    with django_capture_on_commit_callbacks(execute=True):
        added.delete()
    assert _tree(country).apart == []


def test_only_the_years_not_kept_are_computed():
    computed = []

    def compute(years):
        computed.append(list(years))
        return {y: y * 10 for y in years}

    assert rollup_cache.cached_by_year("t", ("a",), [2025, 2026], compute) == {2025: 20250, 2026: 20260}
    assert rollup_cache.cached_by_year("t", ("a",), [2024, 2025, 2026], compute) == {
        2024: 20240,
        2025: 20250,
        2026: 20260,
    }
    assert rollup_cache.cached_by_year("t", ("b",), [2025], compute) == {2025: 20250}
    assert computed == [[2025, 2026], [2024], [2025]]  # another spec is another entry


def test_a_committed_value_changes_the_token_and_the_next_roll_up(
    tay_ninh, persona, django_capture_on_commit_callbacks
):
    focal = persona("focal")
    with django_capture_on_commit_callbacks(execute=True):
        enter(tay_ninh, 400, focal, part="denominator")
    before = m21(nation())
    tokens = rollup_cache.token(), rollup_cache.year_token(2025), rollup_cache.year_token(2026)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enter(tay_ninh, 100, focal)
        enter(tay_ninh, 450, focal, part="denominator")
    assert len(callbacks) == 1  # once a transaction and year, however many values it writes
    # only 2026's roll-ups are computed again
    assert (rollup_cache.token(), rollup_cache.year_token(2025)) == tokens[:2]
    assert rollup_cache.year_token(2026) != tokens[2]
    after = m21(nation())
    assert after != before and after[("numerator", "total")] == 100 and after[("denominator", "total")] == 450


def test_the_transaction_that_wrote_reads_its_own_values_and_caches_nothing(tay_ninh, persona):
    focal = persona("focal")
    m21(tay_ninh)  # cached under the current token
    keys = set(cache._cache)  # the test cache is local memory
    enter(tay_ninh, 400, focal, part="denominator")  # the test's transaction never commits
    assert m21(tay_ninh)[("denominator", "total")] == 400
    assert set(cache._cache) == keys


def test_a_narrowed_set_of_values_is_never_cached(tay_ninh, persona):
    from datavalues.models import DataValue

    keys = set(cache._cache)
    rollup_indicators(pair(), tay_ninh, [2026], values=DataValue.objects.filter(status="accepted"))
    assert set(cache._cache) == keys


def test_a_unit_change_invalidates_too(tay_ninh, django_capture_on_commit_callbacks):
    from units.models import AdminUnit

    token = rollup_cache.token()
    with django_capture_on_commit_callbacks(execute=True):
        unit = AdminUnit.objects.get(pk=tay_ninh.pk)
        unit.valid_from = date(2025, 7, 1)
        unit.save()
    assert rollup_cache.token() != token


def test_a_save_in_one_province_leaves_the_others_roll_ups_kept_and_the_nations_computed_again(
    tay_ninh, persona, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from units.selectors import communes_of, unit_resolve

    ha_noi = unit_resolve(code="01", on=date.today())
    commune = communes_of(tay_ninh).first()
    with django_capture_on_commit_callbacks(execute=True):
        enter(tay_ninh, 400, persona("focal"), part="denominator")
    country, indicators = nation(), pair()

    def m21(unit) -> dict:  # the indicators read once, out of the counted queries
        return rollup_indicators(indicators, unit, [2026])[indicators[0].pk][2026].parts

    for unit in (tay_ninh, ha_noi, country):
        m21(unit)
    with django_assert_num_queries(0):
        assert m21(ha_noi) == {} and m21(country)[("denominator", "total")] == 400
    with django_capture_on_commit_callbacks(execute=True):  # a commune of Tây Ninh: counts in Tây Ninh only
        enter(commune, 7, persona("focal"), part="numerator")
    with django_assert_num_queries(0):  # Hà Nội's roll-up is still good: nothing of it changed
        assert m21(ha_noi) == {}
    assert m21(tay_ninh)[("numerator", "total")] == 7
    assert m21(country)[("numerator", "total")] == 7
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # a bulk write: every province's year is computed again
        rollup_cache.data_changed(year=2026)
    with django_assert_num_queries(1):
        m21(ha_noi)


def test_a_values_province_is_its_own_a_communes_or_the_one_a_former_province_merged_into(tay_ninh):
    from units.selectors import communes_of, unit_resolve

    long_an = unit_resolve(code="80", on=date(2024, 1, 1))  # merged into today's Tây Ninh
    commune, country = communes_of(tay_ninh).first(), nation()
    assert long_an.pk != tay_ninh.pk
    assert rollup_cache.province_scopes([tay_ninh.pk, long_an.pk, commune.pk, country.pk]) == {
        tay_ninh.pk: tay_ninh.pk,
        long_an.pk: tay_ninh.pk,
        commune.pk: tay_ninh.pk,
        country.pk: None,
    }


@pytest.mark.django_db
def test_a_token_the_cache_did_not_keep_computes_the_value_instead_of_failing(monkeypatch, tay_ninh):
    """Two web processes on SQLite: the database cache refuses a write while the other holds the lock, so the token
    one process adds is not there when it reads it back (found by the API fuzz, GET /progress, as a 500)."""
    cache.clear()
    monkeypatch.setattr(rollup_cache.cache, "add", lambda *args, **kwargs: False)
    calls = []

    def compute():
        calls.append(1)
        return 42

    assert (
        rollup_cache.cached("probe", (tay_ninh.pk,), compute, years=[2025, 2026], province=tay_ninh.pk) == 42
    )
    assert (
        rollup_cache.cached("probe", (tay_ninh.pk,), compute, years=[2025, 2026], province=tay_ninh.pk) == 42
    )
    assert len(calls) == 2  # nothing kept under a token nobody holds


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's own limit (no commit while a statement runs); needs DDL rights",
)
@pytest.mark.django_db(transaction=True)
def test_a_row_created_outside_a_transaction_is_kept_and_replaces_the_token(settings):
    """On SQLite an INSERT ... RETURNING is still running when the execute wrapper sees it: writing the cache's
    token then (through the same connection, the production cache being the database's) failed to commit, and the
    rollback took the new row with it."""
    from django.conf import settings as project

    from config import settings as production
    from datavalues.models import Series

    assert (
        project.CACHES != production.CACHES
    )  # the tests' cache is in memory: the database's is put back here
    settings.CACHES = production.CACHES
    call_command("createcachetable")

    indicator = Indicator.objects.get(code="M2.1")
    before = cache.get(rollup_cache._key(None))
    series = Series.objects.create(indicator=indicator, code="probe", name_vi="probe", is_primary=False)
    assert Series.objects.filter(pk=series.pk).exists()
    assert cache.get(rollup_cache._key(None)) != before
