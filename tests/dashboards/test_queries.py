"""The pages about all provinces issue a fixed number of queries: as many with data in 2 provinces as in 34."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.dashboards.conftest import all_provinces, data_in, reports_in

pytestmark = pytest.mark.django_db

PAGES = (
    "/compare/M2.1/?year=2026",
    "/cockpit/?year=2026",
    "/dashboard/VN/?year=2026",
    "/cockpit/80/?year=2026",
)
BOUND = {"/compare/M2.1/?year=2026": 25, "/cockpit/?year=2026": 25, "/cockpit/80/?year=2026": 35}


def _queries(client) -> dict[str, int]:
    counts = {}
    for url in PAGES:
        client.get(url)  # the first request fills caches (session, translations); count the second
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


@pytest.mark.slow
def test_the_comparison_and_the_cockpit_make_as_many_queries_for_2_provinces_as_for_34(
    client_as, persona, sent_copy
):
    provinces = all_provinces()
    client = client_as("ministry_officer")
    data_in(provinces[:2])
    reports_in(provinces[:2], persona, sent_copy)
    few = _queries(client)
    data_in(provinces[2:])
    reports_in(provinces[2:], persona, sent_copy)
    many = _queries(client)
    assert many == few, (few, many)
    for url, bound in BOUND.items():
        assert many[url] <= bound, (url, many[url])
