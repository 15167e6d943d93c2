"""The letter's key dates of a year: a pure function of the year and the rules, and the rules as data the
ministry keeps."""

from datetime import date

import pytest
from django.core.management import call_command

from communication.keydates import Rule, action_month_of, key_dates
from communication.models import KeyDateRule
from communication.selectors import key_dates_for
from communication.services import key_date_update, key_dates_load_reference


def test_2026_has_the_four_dates_of_the_letter():
    dates = key_dates(2026)
    assert [(k.start, k.end) for k in dates] == [
        (date(2026, 3, 8), date(2026, 3, 8)),
        (date(2026, 6, 28), date(2026, 6, 28)),
        (date(2026, 10, 20), date(2026, 10, 20)),
        (date(2026, 11, 15), date(2026, 12, 15)),
    ]
    assert [k.name_vi for k in dates][:3] == [
        "Ngày Quốc tế Phụ nữ",
        "Ngày Gia đình Việt Nam",
        "Ngày Phụ nữ Việt Nam",
    ]
    month = action_month_of(dates)
    assert (
        month is not None
        and month.is_period
        and month.name_vi.startswith("Tháng hành động vì bình đẳng giới")
    )
    assert [k.code for k in dates if k.action_month] == ["action_month"]


@pytest.mark.parametrize("year", range(2021, 2031))
def test_every_year_of_the_strategy_gets_the_same_days(year):
    assert [(k.start.day, k.start.month, k.end.day, k.end.month) for k in key_dates(year)] == [
        (8, 3, 8, 3),
        (28, 6, 28, 6),
        (20, 10, 20, 10),
        (15, 11, 15, 12),
    ]


def test_a_period_over_new_year_ends_the_next_year_and_29_february_falls_on_the_28th():
    rules = [
        Rule(code="tet", name_vi="Tết", name_en="", start_month=12, start_day=20, end_month=1, end_day=5),
        Rule(code="leap", name_vi="Ngày nhuận", name_en="", start_month=2, start_day=29),
    ]
    leap, tet = key_dates(2027, rules)
    assert (tet.start, tet.end) == (date(2027, 12, 20), date(2028, 1, 5))
    assert leap.start == date(2027, 2, 28)
    assert key_dates(2028, rules)[0].start == date(2028, 2, 29)


def test_an_activity_overlapping_the_action_month_belongs_to_it():
    month = action_month_of(key_dates(2026))
    assert month.overlaps(date(2026, 11, 10), date(2026, 11, 15))  # ends on the first day
    assert month.overlaps(date(2026, 12, 15))
    assert not month.overlaps(date(2026, 11, 1), date(2026, 11, 14))
    assert not month.overlaps(date(2026, 12, 16))


@pytest.mark.django_db
def test_the_rules_are_loaded_once_and_the_ministrys_edits_are_kept(persona):
    rule = KeyDateRule.objects.get(code="family_day")
    key_date_update(rule=rule, by=persona("ministry_officer"), name_vi="Ngày Gia đình Việt Nam 28/6")
    assert key_dates_load_reference() == 0
    call_command("load_reference", verbosity=0)
    assert KeyDateRule.objects.get(code="family_day").name_vi == "Ngày Gia đình Việt Nam 28/6"
    assert "Ngày Gia đình Việt Nam 28/6" in [k.name_vi for k in key_dates_for(2027)]


@pytest.mark.django_db
def test_a_key_date_taken_off_the_calendar_is_not_shown_and_a_bad_day_is_refused(persona):
    from lib.errors import DomainError

    officer = persona("ministry_officer")
    rule = KeyDateRule.objects.get(code="women_day")
    key_date_update(rule=rule, by=officer, active=False)
    assert "women_day" not in [k.code for k in key_dates_for(2026)]
    with pytest.raises(DomainError) as refused:
        key_date_update(rule=rule, by=officer, start_month=2, start_day=30)
    assert refused.value.field == "start_day"
    rule.refresh_from_db()
    assert (rule.start_month, rule.start_day) == (3, 8)
