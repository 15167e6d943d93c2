import pytest

from indicators.models import Indicator
from plans.models import PlanKind
from plans.services import plan_add_national_indicators, plan_create, task_create


@pytest.fixture
def five_year(tay_ninh, persona):
    return plan_create(province=tay_ninh, kind=PlanKind.FIVE_YEAR, start_year=2021, by=persona("focal"))


@pytest.fixture
def full_plan(five_year, persona, agency):
    """A five-year draft with every national indicator, its national 2025 targets and one task."""
    focal = persona("focal")
    plan_add_national_indicators(plan=five_year, by=focal)
    task_create(
        plan=five_year,
        by=focal,
        category="communication",
        title="Chiến dịch truyền thông Tháng hành động",
        lead_agency=agency("van_hoa"),
        partner_agencies=[agency("hoi_phu_nu")],
        indicators=[Indicator.objects.get(code="M6.1")],
    )
    return five_year
