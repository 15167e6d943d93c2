"""The data-quality page (issue 15): each flagged value of a province, or of the provinces for the ministry, with
its follow-up mark, written through one service with the access decision and an optimistic lock."""

from datetime import date

import pytest

from audit.models import AuditEntry
from datavalues.models import QualityReview, ReviewState
from datavalues.services import quality_review_set
from indicators.models import Indicator
from lib.errors import DomainError
from tests.conftest import vi_text
from tests.datavalues.test_quality import _shares
from units.selectors import provinces_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(tay_ninh):
    """Tây Ninh's M2.1 far above six other provinces' in 2026."""
    others = [p for p in provinces_on(date(2026, 12, 31)) if p.pk != tay_ninh.pk and p.code != "01"][:6]
    _shares([tay_ninh, *others], [95, 50, 52, 49, 51, 48, 50])
    return tay_ninh


def mark(client, unit, state, note="", version=0, province=None):
    data = {
        "year": 2026,
        "indicator": Indicator.objects.get(code="M2.1").pk,
        "unit": unit.pk,
        "part": "",
        "sex": "total",
        "option": "",
        "check": "peers",
        "state": state,
        "note": note,
        "lock_version": version,
    }
    if province:
        data["province"] = province
    return client.post("/data/quality/review/", data)


def test_the_province_page_lists_the_flagged_value_in_words(client_as, flagged):
    page = client_as("focal").get("/data/quality/?year=2026").content.decode()
    assert Indicator.objects.get(code="M2.1").name in page and flagged.name in page
    assert "95,00" in page and "50,00" in page  # the value and the median, Vietnamese numbers
    assert vi_text("Far from similar units") in page and vi_text("the indicator's value") in page
    assert 'name="lock_version" value="0"' in page  # the focal officer may mark it


def test_the_ministry_sees_it_on_the_nations_page_and_marks_it(client_as, flagged):
    client = client_as("ministry_officer")
    assert flagged.name in client.get("/data/quality/?year=2026").content.decode()
    assert mark(client, flagged, "confirmed", "Khảo sát riêng của tỉnh", province="VN").status_code == 302
    review = QualityReview.objects.get()
    assert (review.state, review.note, review.lock_version) == ("confirmed", "Khảo sát riêng của tỉnh", 1)
    entry = AuditEntry.objects.get(action="quality.review")
    assert entry.after["state"] == "confirmed" and entry.unit_id == flagged.pk
    page = client.get("/data/quality/?year=2026&state=confirmed").content.decode()
    assert "Khảo sát riêng của tỉnh" in page
    empty = client.get("/data/quality/?year=2026&state=open").content.decode()
    assert vi_text("No flagged value has this follow-up for this year.") in empty


def test_another_provinces_officer_sees_only_their_own_province_and_cannot_mark_this_one(client_as, flagged):
    client = client_as("outsider")  # Hà Nội's focal officer
    page = client.get("/data/quality/?year=2026&province=80").content.decode()
    assert flagged.name not in page
    assert (
        vi_text(
            "Nothing is flagged for this year: every value is within its own history and close to similar units'."
        )
        in page
    )
    assert mark(client, flagged, "confirmed", "không phải tỉnh mình").status_code == 403
    assert not QualityReview.objects.exists()


def test_a_viewer_sees_the_page_but_cannot_mark(client_as, flagged):
    client = client_as("province_viewer")
    page = client.get("/data/quality/?year=2026").content.decode()
    assert flagged.name in page and 'name="lock_version"' not in page
    assert mark(client, flagged, "corrected").status_code == 403
    assert (
        not QualityReview.objects.exists() and not AuditEntry.objects.filter(action="quality.review").exists()
    )


def test_a_commune_officer_has_no_quality_page(client_as, flagged):
    assert client_as("commune").get("/data/quality/?year=2026").status_code == 403


def test_a_mark_made_from_an_older_version_is_refused(persona, flagged):
    indicator = Indicator.objects.get(code="M2.1")
    key = dict(indicator=indicator, unit=flagged, year=2026, part="", sex="total", option="", kind="peers")
    first = quality_review_set(by=persona("focal"), state="corrected", note="", expected_version=0, **key)
    # the ministry opened the page before the focal officer's mark: its version 0 is stale
    with pytest.raises(DomainError) as refused:
        quality_review_set(
            by=persona("ministry_officer"), state="confirmed", note="đúng", expected_version=0, **key
        )
    assert refused.value.field == "state"
    stored = QualityReview.objects.get()
    assert (stored.state, stored.lock_version) == (ReviewState.CORRECTED, first.lock_version)
    again = quality_review_set(
        by=persona("ministry_officer"), state="confirmed", note="đúng", expected_version=1, **key
    )
    assert (again.state, again.lock_version) == ("confirmed", 2)
    with pytest.raises(DomainError):
        quality_review_set(by=persona("focal"), state="open", note="", expected_version=1, **key)
    assert AuditEntry.objects.filter(action="quality.review").count() == 2


def test_confirming_needs_a_note_and_the_page_says_so(client_as, flagged):
    client = client_as("focal")
    response = mark(client, flagged, "confirmed", "  ")
    assert response.status_code == 302 and not QualityReview.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert vi_text("Say in the note why the value is right.") in page


def test_a_corrected_value_stays_on_the_page_as_no_longer_flagged(client_as, flagged):
    client = client_as("focal")
    mark(client, flagged, "corrected", "Đã nhập lại")
    from tests.datavalues.conftest import enter

    enter("M2.1", "numerator", flagged, 2026, "500")
    page = client.get("/data/quality/?year=2026").content.decode()
    assert vi_text("no longer flagged") in page and "Đã nhập lại" in page
