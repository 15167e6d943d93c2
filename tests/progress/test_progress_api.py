from datetime import date
from decimal import Decimal

import pytest

from accounts.services import api_token_issue
from tests.datavalues.conftest import enter
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def tay_ninh_history():
    """M2.1 (wage employment of women): 40% in 2020 in old Long An, 45% in 2024 summed over the two old provinces."""
    long_an = unit_resolve(code="80", on=date(2020, 6, 1))
    old_tay_ninh = unit_resolve(code="72", on=date(2020, 6, 1))
    enter("M2.1", "numerator", long_an, 2020, 240)
    enter("M2.1", "denominator", long_an, 2020, 600)
    enter("M2.1", "numerator", long_an, 2024, 270)
    enter("M2.1", "denominator", long_an, 2024, 600)
    enter("M2.1", "numerator", old_tay_ninh, 2024, 180)
    enter("M2.1", "denominator", old_tay_ninh, 2024, 400)
    return unit_resolve(code="80", on=date(2026, 1, 1))


def get(client, persona, path):
    token = api_token_issue(user=persona("focal"))
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_progress_lists_value_baseline_targets_and_the_status_with_its_inputs(
    client, persona, tay_ninh_history
):
    rows = get(client, persona, "/api/v1/progress?unit=80&year=2024").json()
    m21 = next(r for r in rows if r["indicator"] == "M2.1")
    assert Decimal(m21["value"]) == 45  # 450 / 1000, summed over Long An and old Tây Ninh
    assert m21["baseline"] == {"year": 2020, "value": "40"}
    assert m21["milestone"]["target_year"] == 2025 and m21["milestone"]["source"] == "national"
    inputs = m21["inputs"]
    assert (inputs["base_year"], inputs["current_year"], inputs["target_year"], inputs["comparator"]) == (
        2020,
        2024,
        2025,
        ">=",
    )
    assert inputs["method"] == "rate" and inputs["direction"] == "increase"
    # 40 -> 45 over 4 years against 50 by 2025: observed 2.99%/year, required 4.56%/year, R 0.6548
    assert Decimal(inputs["ratio"]).quantize(Decimal("0.0001")) == Decimal("0.6548")
    assert m21["status"] == "needs_acceleration"
    assert {(s["target_year"], s["source"]) for s in m21["statuses"]} == {
        (2025, "national"),
        (2030, "national"),
    }
    m11 = next(r for r in rows if r["indicator"] == "M1.1")
    assert m11["status"] == "no_data" and m11["value"] is None


def test_after_2025_the_milestone_is_2030_and_an_issued_provincial_target_is_used(
    client, persona, tay_ninh_history, agency
):
    from indicators.models import Indicator
    from plans.models import PlanKind
    from plans.services import (
        plan_create,
        plan_indicator_set,
        plan_issue,
        plan_submit,
        plan_target_set,
        task_create,
    )

    focal = persona("focal")
    plan = plan_create(province=tay_ninh_history, kind=PlanKind.FIVE_YEAR, start_year=2026, by=focal)
    pi = plan_indicator_set(
        plan=plan, indicator=Indicator.objects.get(code="M2.1"), by=focal, lead_agency=agency("thong_ke")
    )
    plan_target_set(plan_indicator=pi, year=2030, comparator=">=", value="65", by=focal)
    task_create(plan=plan, by=focal, category="statistics", title="Thống kê", lead_agency=agency("thong_ke"))
    plan_submit(plan=plan, by=focal)
    plan_issue(
        plan=plan,
        by=focal,
        document_number="1/KH-UBND",
        issued_on=date(2026, 1, 5),
        signer_name="A",
        signer_title="PCT",
    )
    rows = get(client, persona, "/api/v1/progress?unit=80&year=2026").json()
    m21 = next(r for r in rows if r["indicator"] == "M2.1")
    assert m21["milestone"]["target_year"] == 2030 and m21["milestone"]["source"] == "province"
    assert Decimal(m21["milestone"]["inputs"]["target_value"]) == 65
    assert {(s["target_year"], s["source"]) for s in m21["statuses"]} == {
        (2025, "national"),
        (2030, "national"),
        (2030, "province"),
    }
    against_2025 = next(s for s in m21["statuses"] if s["target_year"] == 2025)
    # the latest observation is 2024, before the 2025 target year: still assessed by rate, not missed
    assert against_2025["inputs"]["current_year"] == 2024 and against_2025["status"] == "needs_acceleration"
