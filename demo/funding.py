"""Demo allocation and spending on the demo province's plans in force in 2025 and 2026 (the revised 2021-2025 plan,
the 2026 annual plan): 2025 nearly all spent, 2026 about two thirds by late in the year, and the 2026
communication campaign spent above its allocation, so the flag shows. Demo only; recorded with a "(demo)" reason
through the service, by the Department of Health's officer on the tasks it leads and by the focal officer on the
others. Does nothing once loaded."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from plans.funding import plans_in_force
from plans.models import BudgetLine
from plans.services import budget_execution_set

REASON = "Số liệu minh họa (demo)"
STEP = Decimal(100_000)  # round the demo amounts to hundreds of thousands of đồng


def _round(value: Decimal) -> Decimal:
    return (value / STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP) * STEP


def demo_funding_load(*, province, focal, health_officer) -> None:
    in_force = plans_in_force(province, [2025, 2026])
    if set(in_force) != {2025, 2026}:
        return
    lines = (
        BudgetLine.objects.filter(
            Q(task__plan=in_force[2025], year=2025) | Q(task__plan=in_force[2026], year=2026)
        )
        .select_related("task__lead_agency__kind")
        .order_by("year", "task__order", "source")
    )
    if lines.exclude(allocated=None, spent=None).exists():
        return
    over_done = False
    for line in lines:
        planned = line.amount
        if line.year == 2025:
            allocated = _round(planned * Decimal("0.8")) if line.source == "international" else planned
            spent = allocated if line.source == "international" else _round(planned * Decimal("0.96"))
        else:
            allocated = planned
            spent = _round(planned * Decimal("0.68"))
            if not over_done and line.task.category == "communication":
                spent = _round(allocated * Decimal("1.12"))  # the campaign cost more than allocated: flagged
                over_done = True
        officer = health_officer if line.task.lead_agency.kind.code == "y_te" else focal
        budget_execution_set(line=line, allocated=allocated, spent=spent, by=officer, reason=REASON)
