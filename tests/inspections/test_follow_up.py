"""The follow-up status of a recommendation: recorded open / in progress / done, or overdue once the due date
has passed and it is not done. The pure function and the database filter agree on every case."""

from datetime import date
from types import SimpleNamespace

import pytest

from inspections.models import Recommendation
from inspections.selectors import follow_up_q, follow_up_status

DUE = date(2026, 6, 30)
BEFORE, ON, AFTER = date(2026, 6, 29), DUE, date(2026, 7, 1)

# (recorded status, today) -> follow-up status
CASES = [
    ("open", BEFORE, "open"),
    ("open", ON, "open"),  # due today is not yet overdue
    ("open", AFTER, "overdue"),
    ("in_progress", BEFORE, "in_progress"),
    ("in_progress", ON, "in_progress"),
    ("in_progress", AFTER, "overdue"),
    ("done", BEFORE, "done"),
    ("done", ON, "done"),
    ("done", AFTER, "done"),  # done late is done, never overdue
]


@pytest.mark.parametrize(("status", "today", "expected"), CASES)
def test_follow_up_status(status, today, expected):
    recommendation = SimpleNamespace(status=status, due_on=DUE)
    assert follow_up_status(recommendation, today) == expected


def test_every_follow_up_status_is_reached():
    assert {expected for _s, _t, expected in CASES} == {"open", "in_progress", "done", "overdue"}


def test_an_unsaved_model_instance_works_too():
    assert follow_up_status(Recommendation(status="open", due_on=DUE), AFTER) == "overdue"


@pytest.mark.django_db
@pytest.mark.parametrize("today", [BEFORE, ON, AFTER])
def test_the_database_filter_agrees_with_the_function(recommendation, focal, today):
    """The counts of the summaries use ``follow_up_q``: each recommendation falls in exactly the status the
    function gives, whatever its recorded status."""
    from inspections.services import recommendation_set_status, recommendation_update

    recommendation_update(recommendation=recommendation, by=focal, due_on=DUE)
    for status in ("open", "in_progress", "done"):
        if status != recommendation.status:
            recommendation_set_status(recommendation=recommendation, by=focal, status=status, note="x")
        recommendation.refresh_from_db()
        expected = follow_up_status(recommendation, today)
        matches = {
            s
            for s in ("open", "in_progress", "done", "overdue")
            if Recommendation.objects.filter(follow_up_q(s, today)).exists()
        }
        assert matches == {expected}
