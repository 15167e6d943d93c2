"""Progress of every indicator of a unit for a year: the series from the roll-up, the national and provincial
targets, and an assessment against each target (progress.method)."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Literal, TypeVar, overload

from django.conf import settings
from django.db.models import F, Q

from datavalues import rollup_cache
from datavalues.selectors import rollup_indicators
from indicators.models import MILESTONE_YEARS, Indicator
from plans.models import PlanKind, PlanStatus, PlanTarget
from progress.method import NO_DATA, Assessment, ConfigurationError, Target, assess
from units.models import AdminUnit, Level
from units.selectors import current_province

_T = TypeVar("_T")


def nearest_milestone(year: int) -> int:
    """2025 for years up to 2025, then 2030."""
    return next((m for m in MILESTONE_YEARS if m >= year), MILESTONE_YEARS[-1])


def provincial_targets(province: AdminUnit, year: int) -> dict[int, dict[int, tuple[Target, str]]]:
    """indicator id → {target year: (target, source)} from the province's issued plans: the five-year plans'
    milestone targets and the annual plan's target for ``year``."""
    rows = (
        PlanTarget.objects.filter(
            plan_indicator__plan__province=province, plan_indicator__plan__status=PlanStatus.ISSUED
        )
        .filter(
            Q(plan_indicator__plan__kind=PlanKind.FIVE_YEAR, year__in=MILESTONE_YEARS)
            | Q(plan_indicator__plan__kind=PlanKind.ANNUAL, plan_indicator__plan__start_year=year, year=year)
        )
        .select_related("plan_indicator__plan")
        .order_by("plan_indicator__plan__version")
    )
    out: dict[int, dict[int, tuple[Target, str]]] = {}
    for t in rows:
        kind = t.plan_indicator.plan.kind
        source = "province_annual" if kind == PlanKind.ANNUAL else "province"
        out.setdefault(t.plan_indicator.indicator_id, {})[t.year] = (
            Target(t.year, t.comparator, t.value),
            source,
        )
    return out


def followed_indicators(province: AdminUnit | None) -> list[Indicator]:
    """The active indicators followed in ``province`` (the national ones first, then its own), with their
    national targets and parts: kept in each process until reference data changes (the indicators, their parts
    and targets are reference data: ``datavalues.rollup_cache``)."""

    def read() -> list[Indicator]:
        return list(
            Indicator.objects.filter(active=True)
            .filter(Q(province__isnull=True) | Q(province=province))
            .select_related("objective")
            .prefetch_related("targets", "parts")  # parts: the report lists them for each indicator
            .order_by(F("province").asc(nulls_first=True), "objective__number", "order")  # national first
        )

    return rollup_cache.kept_while_units_stay(("followed indicators", getattr(province, "pk", None)), read)


def years_to(year: int) -> list[int]:
    """The Strategy's base year to ``year``: the values a unit's progress is assessed on."""
    return list(range(getattr(settings, "STRATEGY_BASE_YEAR", 2020), year + 1))


@overload
def cached_to_year(
    name: str,
    unit: AdminUnit,
    year: int,
    spec: tuple,
    compute: Callable[[], _T],
    *,
    stamped: Literal[False] = False,
) -> _T: ...
@overload
def cached_to_year(
    name: str, unit: AdminUnit, year: int, spec: tuple, compute: Callable[[], _T], *, stamped: Literal[True]
) -> tuple[_T, str | None]: ...
@overload
def cached_to_year(
    name: str, unit: AdminUnit, year: int, spec: tuple, compute: Callable[[], _T], *, stamped: bool
) -> _T | tuple[_T, str | None]: ...
def cached_to_year(
    name: str, unit: AdminUnit, year: int, spec: tuple, compute: Callable[[], _T], *, stamped: bool = False
) -> _T | tuple[_T, str | None]:
    """``rollup_cache.cached`` for what is computed from ``unit``'s values from the base year to ``year`` (and the
    work and reference data): kept until one of them changes; a save in another province leaves it."""
    return rollup_cache.cached(
        name,
        (unit.pk, year, *spec),
        compute,
        years=years_to(year),
        province=rollup_cache.scope_of(unit),
        stamped=stamped,
    )


def progress_for(unit: AdminUnit, year: int, *, indicators: Iterable[Indicator] | None = None) -> list[dict]:
    """Every indicator of the unit (or only ``indicators``, for a page about one of them). Kept in the shared cache
    until the unit's values, its plans' targets or reference data change (``cached_to_year``)."""
    only = None if indicators is None else tuple(sorted(i.pk for i in indicators))
    return cached_to_year(
        "progress", unit, year, (only,), lambda: _progress_for(unit, year, indicators=indicators)
    )


def _progress_for(unit: AdminUnit, year: int, *, indicators: Iterable[Indicator] | None = None) -> list[dict]:
    base_year = getattr(settings, "STRATEGY_BASE_YEAR", 2020)
    province = current_province(unit)
    only = indicators
    indicators = followed_indicators(province)
    if only is not None:
        wanted = {i.pk for i in only}
        indicators = [i for i in indicators if i.pk in wanted]
    provincial = (
        provincial_targets(province, year) if province is not None and unit.level == Level.PROVINCE else {}
    )
    years = list(range(base_year, year + 1))
    rolled_all = rollup_indicators(indicators, unit, years)  # a few grouped queries for all of them
    rows = []
    for indicator in indicators:
        rolled = rolled_all[indicator.pk]
        series = [(y, v) for y in years if (v := rolled[y].value()) is not None]
        targets: list[tuple[Target, str]] = [
            (Target(t.year, t.comparator, t.value), "national") for t in indicator.targets.all()
        ]
        targets += list(provincial.get(indicator.pk, {}).values())
        statuses = []
        for target, source in sorted(targets, key=lambda pair: (pair[0].year, pair[1])):
            statuses.append(
                {"target_year": target.year, "source": source, **_assessment(indicator, series, target)}
            )
        milestone = nearest_milestone(year)
        main = (
            next((s for s in statuses if s["target_year"] == milestone and s["source"] == "province"), None)
            or next(
                (s for s in statuses if s["target_year"] == milestone and s["source"] == "national"), None
            )
            # a local indicator with only the annual plan's target: judged against it, not without a target
            or next(
                (s for s in statuses if s["target_year"] == year and s["source"] == "province_annual"), None
            )
        )
        if main is None:
            main = {"target_year": None, "source": None, **_assessment(indicator, series, None)}
        value = rolled[year].value()
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "series": series,
                "baseline": series[0] if series else None,
                "targets": [t for t, _s in targets],
                "target_sources": [s for _t, s in targets],
                "status": main["status"],
                "main": main,
                "statuses": statuses,
                "rolled": rolled,
            }
        )
    return rows


def _assessment(indicator: Indicator, series: list[tuple[int, Decimal]], target: Target | None) -> dict:
    try:
        result = assess(series, direction=indicator.direction, target=target)
    except ConfigurationError as exc:
        result = Assessment(status=NO_DATA, reason=f"configuration error: {exc}")
    return {"status": result.status, "assessment": result}
