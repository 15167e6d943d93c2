import pytest

from communication.models import Activity, Campaign
from communication.selectors import communication_summary
from demo.communication import demo_communication_load

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_both_action_months_and_khmer(tay_ninh, persona, culture_task):
    for _ in range(2):
        demo_communication_load(province=tay_ninh, focal=persona("focal"))
    assert Activity.objects.count() == 11 and Campaign.objects.count() == 2
    assert all("(demo)" in a.title for a in Activity.objects.all())
    for year in (2025, 2026):
        summary = communication_summary(tay_ninh, year)
        assert summary["action_month"]["activities"] >= 3
        assert summary["ethnic_language_activities"] >= 1
    assert Activity.objects.filter(task=culture_task, start_date__year=2026).count() == 6  # the plan's task
