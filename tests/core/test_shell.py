from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from indicators.services import parse_decimal
from lib.dates import vn_long_date
from lib.numbers import format_number


@pytest.mark.django_db
def test_healthz_answers_json_once_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_official_dates_have_two_digit_days_and_months():
    assert vn_long_date(date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert vn_long_date(date(2025, 12, 10)) == "ngày 10 tháng 12 năm 2025"


def test_django_date_format_in_vietnamese_is_the_official_one():
    with translation.override("vi"):
        assert (
            Template("{{ d|date }}").render(Context({"d": date(2026, 1, 5)})) == "ngày 05 tháng 01 năm 2026"
        )


def test_numbers_use_the_vietnamese_separators():
    assert format_number(Decimal("1234.5")) == "1.234,5"
    assert format_number(Decimal("1234567.0000")) == "1.234.567"
    assert format_number(Decimal("-0.25")) == "-0,25"
    assert format_number(Decimal("1234.5"), lang="en") == "1,234.5"
    assert format_number(Decimal("60.0000")) == "60"


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9))
def test_a_formatted_number_reads_back_to_the_same_value(value):
    assert parse_decimal(format_number(value), field="value") == value
    assert parse_decimal(format_number(value, grouping=False), field="value") == value


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default_and_english_on_request(client_as):
    client = client_as("focal")
    assert "Chỉ tiêu" in client.get("/indicators/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/indicators/"})
    page = client.get("/indicators/").content.decode()
    assert "National indicator framework" in page
    assert 'lang="en"' in page


@pytest.mark.django_db
def test_navigation_depends_on_the_role(client_as):
    ministry = client_as("ministry_admin").get("/").content.decode()
    assert 'href="/audit/"' in ministry
    department = client_as("department").get("/").content.decode()
    assert 'href="/audit/"' not in department


@pytest.mark.django_db
def test_a_ministry_officer_changes_a_target_in_the_application(client_as):
    from audit.models import AuditEntry

    client = client_as("ministry_officer")
    response = client.post(
        "/indicators/M2.3/targets/2030/", {"comparator": ">=", "value": "31", "reason": "", "lock_version": 0}
    )
    assert response.status_code == 200  # the form comes back with the missing reason named
    assert response.context["form"].errors["reason"]
    response = client.post(
        "/indicators/M2.3/targets/2030/",
        {"comparator": ">=", "value": "31,5", "reason": "QĐ 99", "lock_version": 0},
    )
    assert response.status_code == 302
    page = client.get("/indicators/M2.3/").content.decode()
    assert "31,5" in page and "QĐ 99" in page
    assert AuditEntry.objects.get(action="indicator.target").before["value"] == "30.0000"


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client_as):
    client = client_as("focal")
    page = client.get("/indicators/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in page
