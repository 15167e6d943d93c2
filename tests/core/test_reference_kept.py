"""Reference data kept in each web process (names of units and agencies, who provides which part, the reporting
cycles' dates): read once, then served without a query, and read again as soon as a change to it commits."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client, override_settings

from agencies.models import Agency
from agencies.services import agency_rename
from datavalues import rollup_cache
from datavalues.selectors import assignments_of, province_parts
from datavalues.services import assignment_set
from reports.selectors import deadline_of
from reports.services import cycle_set
from units.models import AdminUnit, UnitName

pytestmark = pytest.mark.django_db


def test_a_unit_name_is_read_once_and_a_new_name_shows_as_soon_as_it_commits(
    tay_ninh, django_assert_num_queries, django_capture_on_commit_callbacks
):
    assert AdminUnit.objects.get(pk=tay_ninh.pk).name == "Tỉnh Tây Ninh"  # reads every unit's names once
    fresh = AdminUnit.objects.get(pk=tay_ninh.pk)  # another request's instance, nothing prefetched
    with django_assert_num_queries(0):
        assert fresh.name == "Tỉnh Tây Ninh"
    with django_capture_on_commit_callbacks(execute=True):
        current = UnitName.objects.filter(unit=tay_ninh, valid_to__isnull=True).get()
        current.valid_to = date(2026, 1, 31)
        current.save()
        UnitName.objects.create(
            unit=tay_ninh, name="Tỉnh Tây Ninh Mới", unit_type=current.unit_type, valid_from=date(2026, 2, 1)
        )
        # the transaction that wrote reads its own writes
        assert AdminUnit.objects.get(pk=tay_ninh.pk).name == "Tỉnh Tây Ninh Mới"
    assert AdminUnit.objects.get(pk=tay_ninh.pk).name == "Tỉnh Tây Ninh Mới"
    assert AdminUnit.objects.get(pk=tay_ninh.pk).name_on(date(2025, 12, 1)).name == "Tỉnh Tây Ninh"


def test_an_agency_renamed_shows_its_new_name_at_once(tay_ninh, persona, django_capture_on_commit_callbacks):
    agency = Agency.objects.filter(province=tay_ninh).select_related("kind").first()
    old = Agency.objects.get(pk=agency.pk).name
    with django_capture_on_commit_callbacks(execute=True):
        agency_rename(
            agency=agency,
            name="Sở Thử Nghiệm",
            valid_from=date.today(),
            by=persona("focal"),
            reason="Quyết định số 1/QĐ-UBND",
        )
    assert old != "Sở Thử Nghiệm"
    assert Agency.objects.select_related("kind").get(pk=agency.pk).name == "Sở Thử Nghiệm"


def test_who_provides_a_part_is_kept_until_an_assignment_commits(
    tay_ninh, persona, django_assert_num_queries, django_capture_on_commit_callbacks
):
    part = next(p for p in province_parts(tay_ninh) if p.indicator.code == "M1.1")
    before = assignments_of(tay_ninh)[part.pk]
    with django_assert_num_queries(0):  # kept (the token lives in the test's in-memory cache)
        assignments_of(tay_ninh)
        province_parts(tay_ninh)
    other = Agency.objects.filter(province=tay_ninh).exclude(pk=before.pk).first()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_set(province=tay_ninh, part=part, agency=other, by=persona("focal"))
    assert assignments_of(tay_ninh)[part.pk].pk == other.pk


def test_a_cycle_deadline_changed_shows_at_once(persona, django_capture_on_commit_callbacks):
    # no cycle for 2029 in the reference data: the letter's day
    assert deadline_of(2029) == date(2029, 12, 10)
    with django_capture_on_commit_callbacks(execute=True):
        cycle_set(year=2029, deadline=date(2029, 12, 5), by=persona("ministry_admin"))
    assert deadline_of(2029) == date(2029, 12, 5)


def test_within_a_request_the_token_is_read_once_and_again_after_this_process_changed_it(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    rollup_cache.request_started()
    try:
        first = rollup_cache._everything()
        cache.set("rollup:token", "changed by another process", None)
        assert rollup_cache._everything() == first  # one state of the reference data for the whole request
        with django_capture_on_commit_callbacks(execute=True):
            rollup_cache.data_changed()  # this process changes it: read again
        assert rollup_cache._everything() not in (first, "changed by another process")
    finally:
        rollup_cache.request_finished()


def test_server_timing_reports_cpu_sql_and_queries_when_turned_on(persona):
    off = Client()
    off.force_login(persona("focal"))
    assert "Server-Timing" not in off.get("/")  # off by default
    with override_settings(MIDDLEWARE=["core.middleware.ServerTimingMiddleware", *settings.MIDDLEWARE]):
        on = Client()  # a client loads the middleware on its first request
        on.force_login(persona("focal"))
        header = on.get("/")["Server-Timing"]
    parts = dict(item.strip().split(";dur=") for item in header.split(","))
    assert set(parts) == {"cpu", "db", "q", "total"}
    assert float(parts["cpu"]) > 0 and int(parts["q"]) >= 2  # the session and the user at least
    assert float(parts["total"]) >= float(parts["db"])
