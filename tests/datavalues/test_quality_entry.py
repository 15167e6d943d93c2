"""A value far from its own history is a warning that needs a comment on the grid and the API, like a large
change from last year (``datavalues.entry``, ``datavalues.quality``)."""

import pytest

from accounts.services import api_token_issue
from datavalues.models import DataValue
from tests.conftest import vi_text
from tests.datavalues.test_data_views import cell
from tests.datavalues.test_quality import _history

pytestmark = pytest.mark.django_db

FAR = (
    "The value is far from its own history (median %(median)s over %(n)s years): values from %(low)s to "
    "%(high)s are expected."
)


# --- at entry: a warning that needs a comment ---------------------------------------------------------------------


@pytest.fixture
def steady(tay_ninh):
    """Five steady years of Tây Ninh's M6.1 denominator: 1,300 in 2026 changes by 30% (below the large-change
    warning) but is far from the history."""
    _history(tay_ninh, ["1000", "1000", "1001", "999", "1000"])
    return tay_ninh


def test_the_grid_asks_for_a_comment_on_a_value_far_from_its_history_and_saves_it_with_one(client_as, steady):
    client = client_as("focal")
    refused = cell(client, "M6.1", "denominator", steady, 2026, "1300")
    assert refused.status_code == 422
    page = refused.content.decode()
    assert vi_text(FAR) % {"median": "1.000", "n": 6, "low": "997,41", "high": "1.002,59"} in page
    assert not DataValue.objects.filter(unit=steady, year=2026).exists()
    saved = cell(
        client, "M6.1", "denominator", steady, 2026, "1300", comment="Điều tra mới, phạm vi rộng hơn"
    )
    assert saved.status_code == 200
    assert DataValue.objects.get(unit=steady, year=2026).value == 1300
    # a value within the history needs no comment
    assert cell(client, "M6.1", "numerator", steady, 2026, "600").status_code == 200


def test_the_api_refuses_a_value_far_from_its_history_without_a_comment(client, persona, steady):
    headers = {"Authorization": f"Bearer {api_token_issue(user=persona('focal'))}"}
    body = {
        "indicator": "M6.1",
        "part": "denominator",
        "unit": "80",
        "year": 2026,
        "value": "1300",
        "version": 0,
    }

    def post(data):
        return client.post("/api/v1/values", data=data, headers=headers, content_type="application/json")

    refused = post(body)
    assert refused.status_code == 422 and refused.json()["field"] == "comment"
    assert not DataValue.objects.filter(unit=steady, year=2026).exists()
    assert post({**body, "comment": "Điều tra mới"}).status_code == 200
    assert post({**body, "value": "1002", "version": 1}).status_code == 200  # within the history: no comment


FAR_FROM_PEERS = (
    "The indicator's value (%(value)s) is far from similar units' this year (median %(median)s over %(n)s "
    "units): values from %(low)s to %(high)s are expected."
)


def test_the_grid_asks_for_a_comment_on_a_rate_far_from_the_other_provinces(client_as, tay_ninh):
    from datetime import date

    from tests.datavalues.conftest import enter
    from tests.datavalues.test_quality import _shares
    from units.selectors import provinces_on

    others = [p for p in provinces_on(date(2026, 12, 31)) if p.pk != tay_ninh.pk][:6]
    _shares(others, [50, 52, 49, 51, 48, 50])
    enter("M2.1", "denominator", tay_ninh, 2026, "1000")
    client = client_as("focal")
    refused = cell(client, "M2.1", "numerator", tay_ninh, 2026, "950")
    assert refused.status_code == 422
    expected = vi_text(FAR_FROM_PEERS) % {
        "value": "95",
        "median": "50",
        "n": 7,
        "low": "44,81",
        "high": "55,19",
    }
    assert expected in refused.content.decode()
    assert not DataValue.objects.filter(unit=tay_ninh, part="numerator").exists()
    assert (
        cell(client, "M2.1", "numerator", tay_ninh, 2026, "950", comment="Khảo sát riêng").status_code == 200
    )
    assert (
        cell(client, "M2.1", "numerator", tay_ninh, 2026, "505", version=1).status_code == 200
    )  # within range
