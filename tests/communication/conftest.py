from datetime import date

import pytest

from communication.services import activity_create, campaign_create
from plans.models import PlanKind
from plans.services import plan_create, task_create


@pytest.fixture
def plan_2026(tay_ninh, persona):
    return plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2026, by=persona("focal"))


@pytest.fixture
def culture_task(plan_2026, persona, agency):
    """The plan's communication task, led by the Department of Culture with the Women's Union."""
    return task_create(
        plan=plan_2026,
        by=persona("focal"),
        category="communication",
        title="Tổ chức Tháng hành động vì bình đẳng giới",
        lead_agency=agency("van_hoa"),
        partner_agencies=[agency("hoi_phu_nu")],
    )


@pytest.fixture
def health_task(plan_2026, persona, agency):
    """A task of the Department of Health, the `department` persona's agency."""
    return task_create(
        plan=plan_2026,
        by=persona("focal"),
        category="communication",
        title="Truyền thông về mất cân bằng giới tính khi sinh",
        lead_agency=agency("y_te"),
    )


@pytest.fixture
def action_month(tay_ninh, persona):
    return campaign_create(
        province=tay_ninh,
        by=persona("focal"),
        name="Tháng hành động vì bình đẳng giới 2026",
        start_date=date(2026, 11, 15),
        end_date=date(2026, 12, 15),
    )


def record(province, by, **data):
    """An activity with sensible defaults; any field can be given."""
    defaults = {
        "title": "Hội nghị truyền thông",
        "activity_type": "conference",
        "start_date": date(2026, 3, 8),
        "languages": ["vi"],
    }
    return activity_create(province=province, by=by, **(defaults | data))


def communication_objects(*, province, focal, task) -> dict:
    """Ids for the access matrix: an activity under ``task`` (a task of the Department of Health, so the
    `department` persona may change it), a campaign, a key date."""
    from communication.models import KeyDateRule

    campaign = campaign_create(province=province, by=focal, name="Chiến dịch", start_date=date(2026, 11, 15))
    activity = record(province, focal, task=task, campaign=campaign)
    return {
        "activity": activity.pk,
        "campaign": campaign.pk,
        "key_date": KeyDateRule.objects.get(code="action_month").pk,
    }
