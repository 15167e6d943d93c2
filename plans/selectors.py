"""Reads of plans: contents with their prefetches, flags on targets, the programme register's counts."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency
from indicators.models import MILESTONE_YEARS, Indicator, NationalTarget
from plans.checks import Bar, ComparatorMismatch, is_behind_path, is_weaker
from plans.models import Plan, PlanIndicator, PlanKind, PlanStatus, PlanTarget, Programme, Task
from units.models import AdminUnit

# The plan's texts, in the order of the document (services write them, selectors compare versions by them).
TEXT_FIELDS = ("title", "general_objective", "specific_objectives", "funding", "organisation", "reporting")


def plans_of(province: AdminUnit) -> QuerySet[Plan]:
    return Plan.objects.filter(province=province).order_by("-start_year", "kind", "-version")


def plans_all() -> QuerySet[Plan]:
    return (
        Plan.objects.select_related("province")
        .prefetch_related("province__names")
        .order_by("province__code", "-start_year", "kind", "-version")
    )


def plan_indicators(plan: Plan) -> QuerySet[PlanIndicator]:
    return (
        plan.plan_indicators.select_related(
            "indicator", "indicator__objective", "lead_agency", "lead_agency__kind"
        )
        .prefetch_related(
            Prefetch("targets", queryset=PlanTarget.objects.order_by("year")),
            Prefetch("indicator__targets", queryset=NationalTarget.objects.order_by("year")),
            "partner_agencies__names",
            "partner_agencies__kind",
            "lead_agency__names",
        )
        .order_by(
            "indicator__province", "indicator__objective__number", "indicator__order", "indicator__code"
        )
    )


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    return (
        plan.tasks.select_related("lead_agency", "lead_agency__kind")
        .prefetch_related(
            "lead_agency__names",
            "partner_agencies__names",
            "partner_agencies__kind",
            "indicators",
            "budget_lines",
            "progress",
        )
        .order_by("order", "id")
    )


def tasks_led_by(agency: Agency) -> QuerySet[Task]:
    """The tasks an agency leads in its province's current plans (drafts and issued versions)."""
    return (
        Task.objects.filter(lead_agency=agency)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("plan")
        .prefetch_related("progress", "indicators", "partner_agencies__names", "budget_lines")
        .order_by("-plan__start_year", "plan__kind", "order")
    )


@dataclass(frozen=True)
class TargetFlags:
    weaker: bool = False
    behind_path: bool = False
    national: NationalTarget | None = None
    mismatch: bool = False


# (baseline year, baseline value, milestone target) of a plan indicator, for the straight-path check
MilestoneSource = tuple[int | None, Decimal | None, PlanTarget | None]


def _milestone_sources(plan: Plan) -> dict[int, MilestoneSource] | None:
    """indicator id → (baseline year, baseline value, milestone target) of the covering five-year plan, for an
    annual plan's straight-path check; two queries for all its indicators (None for a five-year plan)."""
    if plan.kind == PlanKind.FIVE_YEAR:
        return None
    five = (
        Plan.objects.filter(
            province=plan.province,
            kind=PlanKind.FIVE_YEAR,
            start_year__lte=plan.start_year,
            end_year__gte=plan.start_year,
        )
        .exclude(status=PlanStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )
    if five is None:
        return {}
    return {
        other.indicator_id: (
            other.baseline_year,
            other.baseline_value,
            next((t for t in other.targets.all() if t.year == five.end_year), None),
        )
        for other in five.plan_indicators.prefetch_related("targets")
    }


def _milestone_source(
    plan: Plan, pi: PlanIndicator, sources: dict[int, MilestoneSource] | None
) -> MilestoneSource:
    """(baseline year, baseline value, milestone target) the straight-path check uses: the plan's own end-year
    target for a five-year plan, the covering five-year plan's for an annual one (``sources``)."""
    if sources is None:
        goal = next((t for t in pi.targets.all() if t.year == plan.end_year), None)
        return pi.baseline_year, pi.baseline_value, goal
    return sources.get(pi.indicator_id, (None, None, None))


def target_flags(plan: Plan, plan_indicators_list: list[PlanIndicator]) -> dict[int, TargetFlags]:
    """Per target id: weaker than the national target? behind the straight path to the milestone?"""
    flags = {}
    sources = _milestone_sources(plan)
    for pi in plan_indicators_list:
        indicator = pi.indicator
        national = {t.year: t for t in indicator.targets.all()} if indicator.province_id is None else {}
        base_year, base_value, goal = _milestone_source(plan, pi, sources)
        for target in pi.targets.all():
            nat = national.get(target.year) if target.year in MILESTONE_YEARS else None
            try:
                weaker = nat is not None and is_weaker(
                    indicator.direction, Bar(target.comparator, target.value), Bar(nat.comparator, nat.value)
                )
                behind = (
                    goal is not None
                    and base_value is not None
                    and base_year is not None
                    and target.year not in (goal.year,)
                    and base_year < target.year < goal.year
                    and is_behind_path(
                        indicator.direction,
                        base_year=base_year,
                        base_value=base_value,
                        goal_year=goal.year,
                        goal_value=goal.value,
                        year=target.year,
                        value=target.value,
                    )
                )
            except ComparatorMismatch:
                flags[target.pk] = TargetFlags(national=nat, mismatch=True)
                continue
            flags[target.pk] = TargetFlags(weaker=weaker, behind_path=behind, national=nat)
    return flags


def plan_snapshot(plan: Plan) -> dict:
    """Everything a version says, as plain values, for comparing versions."""
    indicators = {}
    for pi in plan_indicators(plan):
        indicators[pi.indicator.code] = {
            "baseline_value": _num(pi.baseline_value),
            "baseline_year": pi.baseline_year,
            "lead_agency": pi.lead_agency.name if pi.lead_agency else None,
            "partner_agencies": sorted(a.name for a in pi.partner_agencies.all()),
            "targets": {t.year: f"{t.comparator} {_num(t.value)}" for t in pi.targets.all()},
        }
    tasks = {}
    for task in plan_tasks(plan):
        tasks[task.lineage] = {
            "title": task.title,
            "category": task.category,
            "lead_agency": task.lead_agency.name,
            "partner_agencies": sorted(a.name for a in task.partner_agencies.all()),
            "start_date": task.start_date,
            "end_date": task.end_date,
            "expected_outputs": task.expected_outputs,
            "budget": sorted((b.year, b.source, _num(b.amount)) for b in task.budget_lines.all()),
        }
    return {"texts": {f: getattr(plan, f) for f in TEXT_FIELDS}, "indicators": indicators, "tasks": tasks}


def _num(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def programme_register(province: AdminUnit) -> QuerySet[Programme]:
    return Programme.objects.filter(province=province).order_by("-start_year", "name")


def climate_programme_counts(province: AdminUnit, year: int) -> tuple[int, int]:
    """(gender-mainstreamed, all) climate-change programmes of the province running in ``year``: the numerator
    and denominator of the letter's climate-change indicator, counted from the register."""
    from datavalues.selectors import register_counts

    return register_counts(province, [year])[year]


def province_targets(indicator: Indicator, year: int) -> list[dict]:
    """Every current province with its five-year-plan target for ``indicator`` and ``year`` beside the national
    one: the latest version that is not superseded. Two queries whatever the number of provinces."""
    from datetime import date

    from units.selectors import provinces_on

    national = next((t for t in indicator.targets.all() if t.year == year), None)
    targets = (
        PlanTarget.objects.filter(
            plan_indicator__indicator=indicator, year=year, plan_indicator__plan__kind=PlanKind.FIVE_YEAR
        )
        .exclude(plan_indicator__plan__status=PlanStatus.SUPERSEDED)
        .select_related("plan_indicator__plan")
        .order_by("plan_indicator__plan__version")
    )
    by_province = {t.plan_indicator.plan.province_id: t for t in targets}
    rows = []
    for province in provinces_on(date.today()):
        target = by_province.get(province.pk)
        weaker = None
        if target is not None and national is not None:
            try:
                weaker = is_weaker(
                    indicator.direction,
                    Bar(target.comparator, target.value),
                    Bar(national.comparator, national.value),
                )
            except ComparatorMismatch:
                weaker = None
        rows.append(
            {
                "province": province,
                "target": target,
                "plan": target.plan_indicator.plan if target else None,
                "weaker": weaker,
            }
        )
    return rows


def indicators_led_by(agency: Agency) -> QuerySet[PlanIndicator]:
    """The plan indicators an agency leads in its province's current plans, with their targets."""
    return (
        PlanIndicator.objects.filter(lead_agency=agency)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("plan", "indicator")
        .prefetch_related(Prefetch("targets", queryset=PlanTarget.objects.order_by("year")))
        .order_by("-plan__start_year", "plan__kind", "indicator__objective__number", "indicator__order")
    )


def plan_for_year(*, province: AdminUnit, year: int) -> Plan | None:
    """The plan a report for ``year`` refers to: the province's annual plan for the year (its latest version that
    is not superseded), else the five-year plan covering the year."""
    current = (
        Plan.objects.filter(province=province).exclude(status=PlanStatus.SUPERSEDED).order_by("-version")
    )
    annual = current.filter(kind=PlanKind.ANNUAL, start_year=year).first()
    if annual is not None:
        return annual
    return current.filter(kind=PlanKind.FIVE_YEAR, start_year__lte=year, end_year__gte=year).first()


@dataclass(frozen=True)
class Baseline:
    """A plan indicator's baseline: the value typed into the plan and the province's value for the same year drawn
    from the data by the roll-up the reports use (issue 16, problem 3: a baseline typed twice disagreed with the
    data). ``year``: the typed baseline's year, else the year before the plan starts."""

    year: int
    typed: Decimal | None
    data: Decimal | None

    @property
    def value(self) -> Decimal | None:
        """What the plan shows as its baseline: the data's value where there is one, else the typed one."""
        return self.data if self.data is not None else self.typed

    @property
    def differs(self) -> bool:
        """The typed value disagrees with the data, compared at the typed value's own precision (57,72 typed for
        57,7236 agrees; 52 for 60 does not)."""
        if self.typed is None or self.data is None:
            return False
        typed = self.typed.normalize()
        places = Decimal(1).scaleb(min(typed.as_tuple().exponent, 0))  # type: ignore[arg-type]
        return self.data.quantize(places) != typed.quantize(places)


def plan_baselines(plan: Plan, pis: list[PlanIndicator]) -> dict[int, Baseline]:
    """plan indicator id → its Baseline, the data drawn for all of them in one roll-up of the province (a few
    grouped queries, cached by year until the values change: ``datavalues.selectors.rollup_indicators``)."""
    from datavalues.selectors import rollup_indicators

    if not pis:
        return {}
    year_of = {pi.pk: pi.baseline_year or plan.start_year - 1 for pi in pis}
    indicators = list({pi.indicator_id: pi.indicator for pi in pis}.values())
    rolled = rollup_indicators(indicators, plan.province, sorted(set(year_of.values())))
    out = {}
    for pi in pis:
        year = year_of[pi.pk]
        by_year = rolled.get(pi.indicator_id, {})
        data = by_year[year].value() if year in by_year else None
        out[pi.pk] = Baseline(year=year, typed=pi.baseline_value, data=data)
    return out
