"""A value saved from an older version is refused with the value now stored, on the grid and the API (issue 13,
finding 2): the grid always sends the version its cell shows, the API requires it."""

import json

import pytest

from accounts.services import api_token_issue
from datavalues.models import DataValue
from tests.conftest import table_digest, vi_text
from tests.datavalues.test_data_views import cell

pytestmark = pytest.mark.django_db
TABLES = ("datavalues_datavalue", "audit_auditentry")
CONFLICT = (
    "Someone else saved this value (%(value)s, by %(user)s) after you opened it. Check it, then save again if "
    "yours is right."
)


def conflict_opening() -> str:
    """The Vietnamese message's words before it names the value."""
    return vi_text(CONFLICT).split("(")[0].strip()


def test_a_stale_save_on_the_grid_gets_409_showing_the_value_now_stored(client_as, tay_ninh):
    first, second = client_as("focal"), client_as("focal")
    assert cell(first, "M2.1", "denominator", tay_ninh, 2026, "1000", version=0).status_code == 200
    before = table_digest(*TABLES)
    response = second.post(
        "/data/cell/",
        {
            "indicator": "M2.1",
            "part": "denominator",
            "unit": tay_ninh.pk,
            "year": 2026,
            "sex": "total",
            "value": "2000",
            "version": 0,  # the cell was empty when this page opened
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'role="alert"' in page and "1.000" in page  # the other person's value, named in the message
    assert conflict_opening() in page
    assert 'name="version" value="1"' in page  # saving again from here is a choice made knowing it
    assert table_digest(*TABLES) == before
    assert DataValue.objects.get().value == 1000


def test_a_grid_save_without_the_version_is_refused(client_as, tay_ninh):
    client = client_as("focal")
    cell(client, "M2.1", "denominator", tay_ninh, 2026, "1000")
    before = table_digest(*TABLES)
    response = cell(client, "M2.1", "denominator", tay_ninh, 2026, "2000", version="")
    assert response.status_code == 422
    assert vi_text("The page is out of date; reload it before saving.") in response.content.decode()
    assert table_digest(*TABLES) == before


@pytest.fixture
def api(client, persona):
    token = api_token_issue(user=persona("focal"))

    def call(body):
        return client.post(
            "/api/v1/values",
            data=json.dumps(body),
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )

    return call


BODY = {"indicator": "M2.1", "part": "denominator", "unit": "80", "year": 2026, "value": "1000"}


def test_the_api_requires_the_version(api):
    before = table_digest(*TABLES)
    response = api(BODY)
    assert response.status_code == 422 and response.json()["field"] == "version"
    assert table_digest(*TABLES) == before


def test_a_stale_save_on_the_api_gets_409_with_the_value_now_stored(api):
    assert api({**BODY, "version": 0}).status_code == 200
    before = table_digest(*TABLES)
    conflict = api({**BODY, "value": "2000", "version": 0})
    assert conflict.status_code == 409
    answer = conflict.json()
    assert answer["field"] == "version"
    assert answer["current"]["value"] == "1000.000000" and answer["current"]["version"] == 1
    assert conflict_opening() in answer["detail"]
    assert table_digest(*TABLES) == before
    # the caller saves again over it knowingly, with the version it was shown
    assert api({**BODY, "value": "2000", "version": 1}).status_code == 200
    assert DataValue.objects.get().value == 2000
