"""Totals: people reached summed by sex (never averaged), products by kind, cost by source, campaigns, the Action
Month, and the nation summed over the provinces."""

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communication.selectors import communication_summary
from tests.communication.conftest import record
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(tay_ninh, persona, action_month):
    focal = persona("focal")
    record(
        tay_ninh,
        focal,
        reached_female=100,
        reached_male=50,
        products={"leaflets": 1000},
        costs={"society": 2_000_000},
    )
    record(
        tay_ninh,
        focal,
        activity_type="broadcast",
        start_date=date(2026, 11, 20),
        campaign=action_month,
        reached_unknown=5000,
        languages=["vi", "km"],
        products={"radio_spots": 4},
        costs={"local_recurrent": 3_000_000},
    )
    record(
        tay_ninh,
        focal,
        activity_type="training",
        start_date=date(2026, 12, 1),
        campaign=action_month,
        reached_female=30,
        reached_male=20,
        reached_unknown=5,
        products={"leaflets": 200},
        costs={"local_recurrent": 1_000_000},
    )
    record(tay_ninh, focal, start_date=date(2025, 11, 20), reached_female=999)  # another year
    return tay_ninh


def test_people_reached_are_summed_by_sex(three):
    summary = communication_summary(three, 2026)
    assert summary["activities"] == 3
    assert summary["reached"] == {"female": 130, "male": 70, "unknown": 5005, "total": 5205}
    assert [(t["type"], t["count"]) for t in summary["by_type"]] == [
        ("conference", 1),
        ("training", 1),
        ("broadcast", 1),
    ]
    assert [(p["kind"], p["count"]) for p in summary["products"]] == [("leaflets", 1200), ("radio_spots", 4)]
    assert [(c["source"], c["amount"]) for c in summary["costs"]] == [
        ("local_recurrent", "4000000"),
        ("society", "2000000"),
    ]
    assert summary["cost_total"] == "6000000"
    assert summary["ethnic_language_activities"] == 1
    assert summary["action_month"]["activities"] == 2
    assert summary["action_month"]["reached"]["total"] == 5055
    assert json.loads(json.dumps(summary)) == summary  # JSON-safe as it is


def test_a_campaigns_totals(three, action_month):
    (campaign,) = communication_summary(three, 2026)["campaigns"]
    assert campaign["id"] == action_month.pk and campaign["activities"] == 2
    assert campaign["reached"] == {"female": 30, "male": 20, "unknown": 5005, "total": 5055}
    assert [(p["kind"], p["count"]) for p in campaign["products"]] == [("leaflets", 200), ("radio_spots", 4)]
    assert campaign["cost_total"] == "4000000"


def test_a_review_sums_its_years(three):
    summary = communication_summary(three, 2026, since=2021)
    assert summary["activities"] == 4 and summary["reached"]["female"] == 1129


def test_the_nation_sums_every_province_in_a_few_grouped_queries(three, persona):
    ha_noi = unit_resolve(code="01", on=date.today())
    record(ha_noi, persona("outsider"), reached_female=1, reached_male=2, start_date=date(2026, 11, 25))
    with CaptureQueriesContext(connection) as queries:
        national = communication_summary(None, 2026)
    assert national["activities"] == 4
    assert national["reached"] == {"female": 131, "male": 72, "unknown": 5005, "total": 5208}
    assert national["action_month"]["activities"] == 3
    assert len(queries) < 15  # the same queries whatever the number of provinces


def test_no_activity_gives_zeros_not_errors(tay_ninh):
    summary = communication_summary(tay_ninh, 2027)
    assert summary["activities"] == 0 and summary["reached"]["total"] == 0
    assert summary["by_type"] == [] and summary["campaigns"] == [] and summary["cost_total"] == "0"
