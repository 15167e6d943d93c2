from datetime import date

import pytest

from audit.models import AuditEntry
from datavalues.selectors import data_deadline
from reports.models import ReportingCycle
from reports.selectors import current_cycle_year, deadline_of

pytestmark = pytest.mark.django_db


def test_without_a_cycle_the_deadline_is_10_december():
    assert deadline_of(2026) == date(2026, 12, 10)
    assert current_cycle_year(date(2026, 12, 10)) == 2026
    assert current_cycle_year(date(2026, 12, 11)) == 2027


def test_the_ministry_sets_a_cycle_and_completeness_follows_its_deadline(client_as):
    response = client_as("ministry_officer").post(
        "/cycles/",
        {"year": 2026, "deadline": "2026-12-05", "call_letter": "4567/BNV-CTTN&BĐG", "outline": "I. ..."},
    )
    assert response.status_code == 302
    assert data_deadline(2026) == date(2026, 12, 5)
    assert AuditEntry.objects.filter(action="cycle.set").exists()


def test_a_province_cannot_set_a_cycle_and_a_deadline_outside_the_year_is_refused(client_as):
    assert client_as("focal").post("/cycles/", {"year": 2026, "deadline": "2026-12-05"}).status_code == 403
    response = client_as("ministry_admin").post("/cycles/", {"year": 2026, "deadline": "2028-01-01"})
    assert response.status_code == 200 and response.context["form"].errors["deadline"]
    assert not ReportingCycle.objects.exists()


def test_the_home_page_counts_down_to_the_deadline(client_as):
    page = client_as("focal").get("/")
    assert page.context["days_left"] == (page.context["deadline"] - date.today()).days
