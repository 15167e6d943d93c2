"""Funding: planned, allocated and spent amounts per task, source and year; totals for a province and the nation.

Which lines count. A province's money for a year is read from one plan only, the *plan in force* that year
(``plan_in_force``): of the plans covering the year that are not superseded, an issued annual plan, else an issued
five-year plan, else (nothing issued yet) the annual plan being drafted, else the five-year plan being drafted; of
a plan with an open revision, the issued version. An annual plan repeats its five-year plan's lines for its year,
so counting one plan per year never counts money twice. Allocated and spent amounts are recorded on that plan
(``plans.services.budget_execution_set`` refuses the others).

Shapes. Every selector returns plain dicts and lists that ``json.dumps`` accepts, so a report can freeze them.
Amounts are strings of whole đồng (``"150000000"``); ``None`` means nothing recorded (no line; or no allocation,
no spending entered). A *figures* dict is::

    {"planned": str | None, "allocated": str | None, "spent": str | None,
     "flag": None | "over_allocated" | "no_allocation",   # spending_flag() of the allocated and spent totals
     "lines": int,                                         # budget lines counted
     "flagged_lines": int}                                 # of which flagged one by one

``label`` is the source's Vietnamese name (documents are Vietnamese); pages translate ``source`` themselves.
``funding_totals(province, year=None)`` gives::

    {"province": {"code", "name"}, "year": int | None,
     "plans": [{"year", "id", "title", "kind", "version", "status", "document_number"}],  # the plan in force
     "cells": [{"year", "source", "label", **figures}],   # one per year and source that has a line
     "by_source": [{"source", "label", **figures}],       # the five sources, in the letter's order
     "by_year": [{"year", **figures}],                    # the years that have a plan in force
     "total": figures}

``funding_totals_nation(year)`` gives::

    {"year": int, "by_source": [{"source", "label", **figures}], "total": figures,
     "provinces": [{"code", "name", "plan": {...} | None,
                    "by_source": [{"source", "label", **figures}], "total": figures}]}  # every current province

``funding_lines(province, year=None)`` gives the lines themselves, one dict each::

    {"line_id", "task_id", "task", "lead_agency", "plan_id", "year", "source", "label", **figures}
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from plans.models import BudgetLine, FundingSource, Plan, PlanKind, PlanStatus

OVER_ALLOCATED = "over_allocated"
NO_ALLOCATION = "no_allocation"
FLAG_LABELS = {
    OVER_ALLOCATED: _("Spent above allocated"),
    NO_ALLOCATION: _("Spent without allocation"),
}
FLAG_LABELS_VI = {
    OVER_ALLOCATED: "Chi vượt số được giao",
    NO_ALLOCATION: "Có chi nhưng chưa được giao",
}
STRATEGY_YEARS = range(2021, 2031)

# the database's version of spending_flag(), to count flagged lines in the same grouped query
FLAGGED = Q(spent__gt=F("allocated")) | (Q(spent__gt=0) & (Q(allocated__isnull=True) | Q(allocated=0)))


def spending_flag(allocated: Decimal | None, spent: Decimal | None) -> str | None:
    """``"over_allocated"`` when more was spent than allocated, ``"no_allocation"`` when something was spent and
    nothing (or zero) was allocated, else None. Nothing spent, or spending not recorded, is never flagged."""
    if spent is None or spent <= 0:
        return None
    if allocated is None or allocated == 0:
        return NO_ALLOCATION
    if spent > allocated:
        return OVER_ALLOCATED
    return None


# --- the plan in force ---------------------------------------------------------------------------------------------


def _rank(plan: Plan) -> tuple:
    """Smaller is preferred: issued before drafts, annual before five-year, newer versions first."""
    return (
        plan.status != PlanStatus.ISSUED,
        plan.kind != PlanKind.ANNUAL,
        -plan.version,
    )


def _pick(plans, year: int) -> Plan | None:
    covering = [p for p in plans if p.start_year <= year <= p.end_year and p.status != PlanStatus.SUPERSEDED]
    return min(covering, key=_rank) if covering else None


def _candidates(**filters):
    return Plan.objects.filter(**filters).exclude(status=PlanStatus.SUPERSEDED)


def plans_in_force(province, years=STRATEGY_YEARS) -> dict[int, Plan]:
    """year → the plan in force that year, for the years that have one. One query."""
    years = list(years)
    if not years:
        return {}
    plans = list(_candidates(province=province, start_year__lte=max(years), end_year__gte=min(years)))
    picked = {year: _pick(plans, year) for year in years}
    return {year: plan for year, plan in picked.items() if plan is not None}


def plan_in_force(province, year: int) -> Plan | None:
    return plans_in_force(province, [year]).get(year)


def plans_in_force_by_province(year: int, provinces: Iterable[int] | None = None) -> dict[int, Plan]:
    """province id → the plan in force in ``year``, for every province (or the ids given) that has one. One
    query whatever the number of provinces."""
    candidates = _candidates(start_year__lte=year, end_year__gte=year)
    if provinces is not None:
        candidates = candidates.filter(province_id__in=list(provinces))
    grouped: dict[int, list[Plan]] = {}
    for plan in candidates:
        grouped.setdefault(plan.province_id, []).append(plan)
    picked = {pid: _pick(group, year) for pid, group in grouped.items()}
    return {pid: plan for pid, plan in picked.items() if plan is not None}


def _plan_info(plan: Plan | None) -> dict | None:
    if plan is None:
        return None
    return {
        "id": plan.pk,
        "title": plan.title,
        "kind": plan.kind,
        "version": plan.version,
        "status": plan.status,
        "document_number": plan.document_number,
    }


# --- figures -------------------------------------------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(int(value))


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


class _Sum:
    """Running totals of planned, allocated and spent amounts, with None kept for "nothing recorded"."""

    def __init__(self):
        self.planned = self.allocated = self.spent = None
        self.lines = self.flagged_lines = 0

    def add(self, row: dict) -> "_Sum":
        """Add a grouped row (``sum_planned``…) or another _Sum's ``vars()`` (``planned``…)."""
        self.planned = _add(self.planned, row.get("sum_planned", row.get("planned")))
        self.allocated = _add(self.allocated, row.get("sum_allocated", row.get("allocated")))
        self.spent = _add(self.spent, row.get("sum_spent", row.get("spent")))
        self.lines += row["lines"]
        self.flagged_lines += row["flagged_lines"]
        return self

    def figures(self) -> dict:
        return {
            "planned": _text(self.planned),
            "allocated": _text(self.allocated),
            "spent": _text(self.spent),
            "flag": spending_flag(self.allocated, self.spent),
            "lines": self.lines,
            "flagged_lines": self.flagged_lines,
        }


def _grouped(lines, *keys):
    return (
        lines.values(*keys)
        # the sums are not named after the fields: FLAGGED must read the lines' own columns
        .annotate(
            sum_planned=Sum("amount"),
            sum_allocated=Sum("allocated"),
            sum_spent=Sum("spent"),
            lines=Count("pk"),
            flagged_lines=Count("pk", filter=FLAGGED),
        )
        .order_by(*keys)
    )


def _labels() -> dict[str, str]:
    with translation.override("vi"):  # Vietnamese whatever the page language, as in the documents
        return {source: str(FundingSource(source).label) for source in FundingSource.values}


def _by_source(sums: dict[str, _Sum], labels: dict[str, str]) -> list[dict]:
    return [
        {"source": source, "label": labels[source], **sums.get(source, _Sum()).figures()}
        for source in FundingSource.values
    ]


def _lines_in_force(in_force: dict[int, Plan]):
    condition = Q()
    for year, plan in in_force.items():
        condition |= Q(task__plan_id=plan.pk, year=year)
    return BudgetLine.objects.filter(condition) if in_force else BudgetLine.objects.none()


# --- selectors -----------------------------------------------------------------------------------------------------


def funding_totals(province, year: int | None = None) -> dict:
    """A province's planned, allocated and spent amounts by year and source, by source, by year and in all, for
    one year or (``year=None``) every year of the strategy. Two queries. Shape in the module's docstring."""
    in_force = plans_in_force(province, [year] if year is not None else STRATEGY_YEARS)
    labels = _labels()
    cells, by_source, by_year, total = [], {}, {}, _Sum()
    for row in _grouped(_lines_in_force(in_force), "year", "source"):
        cells.append({"year": row["year"], "source": row["source"], "label": labels[row["source"]]})
        cells[-1].update(_Sum().add(row).figures())
        by_source.setdefault(row["source"], _Sum()).add(row)
        by_year.setdefault(row["year"], _Sum()).add(row)
        total.add(row)
    order = {source: i for i, source in enumerate(FundingSource.values)}
    cells.sort(key=lambda c: (c["year"], order[c["source"]]))
    return {
        "province": {"code": province.code, "name": province.name},
        "year": year,
        "plans": [{"year": y, **_plan_info(plan)} for y, plan in sorted(in_force.items())],
        "cells": cells,
        "by_source": _by_source(by_source, labels),
        "by_year": [{"year": y, **by_year.get(y, _Sum()).figures()} for y in sorted(in_force)],
        "total": total.figures(),
    }


def funding_lines(province, year: int | None = None) -> list[dict]:
    """The budget lines counted in ``funding_totals``, with their task, amounts and flag, by year, task and
    source. Three queries. Shape in the module's docstring."""
    in_force = plans_in_force(province, [year] if year is not None else STRATEGY_YEARS)
    lines = (
        _lines_in_force(in_force)
        .select_related("task", "task__lead_agency", "task__lead_agency__kind")
        .prefetch_related("task__lead_agency__names")
    )
    labels = _labels()
    order = {source: i for i, source in enumerate(FundingSource.values)}
    rows = []
    for line in lines:
        flag = spending_flag(line.allocated, line.spent)
        rows.append(
            {
                "line_id": line.pk,
                "task_id": line.task_id,
                "task": line.task.title,
                "task_order": line.task.order,
                "lead_agency": line.task.lead_agency.name,
                "plan_id": line.task.plan_id,
                "year": line.year,
                "source": line.source,
                "label": labels[line.source],
                "planned": _text(line.amount),
                "allocated": _text(line.allocated),
                "spent": _text(line.spent),
                "flag": flag,
                "lines": 1,
                "flagged_lines": int(flag is not None),
            }
        )
    rows.sort(key=lambda r: (r["year"], r["task_order"], r["task_id"], order[r["source"]]))
    return rows


def funding_totals_nation(year: int) -> dict:
    """Every current province's planned, allocated and spent amounts for ``year`` by source, with the nation's
    totals. Three queries whatever the number of provinces (plans, grouped lines, provinces with their names)."""
    from units.selectors import provinces_on, units_with_names

    in_force = plans_in_force_by_province(year)
    ids = [plan.pk for plan in in_force.values()]
    lines = BudgetLine.objects.filter(task__plan_id__in=ids, year=year)
    per_province: dict[int, dict[str, _Sum]] = {}
    national: dict[str, _Sum] = {}
    total = _Sum()
    for row in _grouped(lines, "task__plan__province_id", "source"):
        per_province.setdefault(row["task__plan__province_id"], {}).setdefault(row["source"], _Sum()).add(row)
        national.setdefault(row["source"], _Sum()).add(row)
        total.add(row)
    provinces = list(provinces_on(date.today()))
    missing = set(per_province) - {p.pk for p in provinces}
    if missing:  # a former province that still holds the plan of a year before 2025
        provinces += list(units_with_names().filter(pk__in=missing).order_by("code"))
    labels = _labels()
    rows = []
    for province in provinces:
        sums = per_province.get(province.pk, {})
        province_total = _Sum()
        for source_sum in sums.values():
            province_total.add(vars(source_sum))
        rows.append(
            {
                "code": province.code,
                "name": province.name,
                "plan": _plan_info(in_force.get(province.pk)),
                "by_source": _by_source(sums, labels),
                "total": province_total.figures(),
            }
        )
    return {
        "year": year,
        "by_source": _by_source(national, labels),
        "total": total.figures(),
        "provinces": rows,
    }
