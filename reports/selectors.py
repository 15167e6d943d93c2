from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.conf import settings

from plans.models import Plan, PlanKind, PlanStatus
from reports.models import Report, ReportingCycle, ReportKind, Submission
from units.models import AdminUnit, Level


def _cycle_dates(year: int) -> Mapping[str, Any] | None:
    """The dates of the ministry's cycle for ``year`` (deadline, data_deadline, plan_deadline), or None: every
    cycle read in one query, kept in each process until reference data changes (``datavalues.rollup_cache``)."""
    from datavalues import rollup_cache

    def read() -> dict[int, Mapping[str, Any]]:
        rows = ReportingCycle.objects.values("year", "deadline", "data_deadline", "plan_deadline")
        return {row["year"]: row for row in rows}

    if rollup_cache.writing():
        return read().get(year)
    return rollup_cache.kept_while_units_stay(("reporting cycles",), read).get(year)


def deadline_of(year: int) -> date:
    """The annual report's deadline for ``year``: the ministry's cycle, else 10 December (letter 1116)."""
    cycle = _cycle_dates(year)
    if cycle is not None:
        return cycle["deadline"]
    month, day = getattr(settings, "DATA_DEADLINE", (12, 10))
    return date(year, month, day)


def plan_deadline_of(year: int) -> date:
    """When the annual plan for ``year`` must be issued: the cycle's date, else 31 March of the year."""
    cycle = _cycle_dates(year)
    if cycle is not None and cycle["plan_deadline"] is not None:
        return cycle["plan_deadline"]
    month, day = getattr(settings, "PLAN_DEADLINE", (3, 31))
    return date(year, month, day)


def data_deadline_of(year: int) -> date:
    """When the year's figures must be entered: the cycle's data date, else the report's deadline."""
    cycle = _cycle_dates(year)
    if cycle is not None and cycle["data_deadline"] is not None:
        return cycle["data_deadline"]
    return deadline_of(year)


def current_cycle_year(today: date | None = None) -> int:
    """The year being reported on: this year until its deadline has passed, then the next."""
    today = today or date.today()
    return today.year if today <= deadline_of(today.year) else today.year + 1


def report_or_draft(unit: AdminUnit, kind: str, year: int) -> Report:
    """The unit's report of that kind and year, or an unsaved one when nobody has written in it yet (reading a
    report opens nothing: ``reports.services.report_for`` does, on the first write)."""
    return Report.objects.filter(unit=unit, kind=kind, year=year).first() or Report(
        unit=unit, kind=kind, year=year
    )


def submission_states(kind: str, year: int) -> dict[int, Submission]:
    """province id → the latest submission of its report of this kind and year."""
    latest: dict[int, Submission] = {}
    subs = (
        Submission.objects.filter(report__kind=kind, report__year=year, report__unit__level=Level.PROVINCE)
        .select_related("report")
        .defer("docx", "snapshot", "changes")
        .order_by("report__unit_id", "number")
    )
    for sub in subs:
        latest[sub.report.unit_id] = sub
    return latest


def plans_covered(kind: str, year: int, provinces: Iterable[int]) -> dict[int, list[Plan]]:
    """province id → the plans a report of ``kind`` and ``year`` covers: the plan in force in an annual report's
    year (issued before drafts, ``plans.funding``), or the latest five-year plans of a review's periods. One query
    whatever the number of provinces."""
    provinces = list(provinces)
    if kind == ReportKind.ANNUAL:
        from plans.funding import plans_in_force_by_province

        return {pid: [plan] for pid, plan in plans_in_force_by_province(year, provinces).items()}
    periods = [2021] if kind == ReportKind.MIDTERM else [2021, 2026]
    latest: dict[tuple[int, int], Plan] = {}
    five_year = Plan.objects.filter(
        province_id__in=provinces, kind=PlanKind.FIVE_YEAR, start_year__in=periods
    )
    for plan in five_year.exclude(status=PlanStatus.SUPERSEDED).order_by("version"):
        latest[(plan.province_id, plan.start_year)] = plan  # the newest version wins
    covered: dict[int, list[Plan]] = {}
    for (province_id, _start), plan in sorted(latest.items(), key=lambda item: item[0][1]):
        covered.setdefault(province_id, []).append(plan)
    return covered


def province_plans(province: AdminUnit, kind: str, year: int) -> list[Plan]:
    """The plans a province's report of ``kind`` and ``year`` covers (``plans_covered``)."""
    return plans_covered(kind, year, [province.pk]).get(province.pk, [])
