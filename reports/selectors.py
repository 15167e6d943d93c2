from datetime import date

from django.conf import settings

from reports.models import Report, ReportingCycle


def deadline_of(year: int) -> date:
    """The annual report's deadline for ``year``: the ministry's cycle, else 10 December (letter 1116)."""
    cycle = ReportingCycle.objects.filter(year=year).only("deadline").first()
    if cycle is not None:
        return cycle.deadline
    month, day = getattr(settings, "DATA_DEADLINE", (12, 10))
    return date(year, month, day)


def plan_deadline_of(year: int) -> date:
    """When the annual plan for ``year`` must be issued: the cycle's date, else 31 March of the year."""
    cycle = ReportingCycle.objects.filter(year=year).only("plan_deadline").first()
    if cycle is not None and cycle.plan_deadline is not None:
        return cycle.plan_deadline
    month, day = getattr(settings, "PLAN_DEADLINE", (3, 31))
    return date(year, month, day)


def data_deadline_of(year: int) -> date:
    """When the year's figures must be entered: the cycle's data date, else the report's deadline."""
    cycle = ReportingCycle.objects.filter(year=year).only("data_deadline").first()
    if cycle is not None and cycle.data_deadline is not None:
        return cycle.data_deadline
    return deadline_of(year)


def current_cycle_year(today: date | None = None) -> int:
    """The year being reported on: this year until its deadline has passed, then the next."""
    today = today or date.today()
    return today.year if today <= deadline_of(today.year) else today.year + 1


def report_or_draft(unit, kind: str, year: int) -> Report:
    """The unit's report of that kind and year, or an unsaved one when nobody has written in it yet (reading a
    report opens nothing: ``reports.services.report_for`` does, on the first write)."""
    return Report.objects.filter(unit=unit, kind=kind, year=year).first() or Report(
        unit=unit, kind=kind, year=year
    )
