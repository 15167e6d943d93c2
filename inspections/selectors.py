"""Reads of inspections: a province's plan of a year with its inspections and recommendations, the follow-up
status of a recommendation, and the summaries the annual report and the ministry's overview use."""

from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from agencies.models import AgencyName
from indicators.models import Indicator
from inspections.models import (
    FollowUp,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
)
from lib.dates import year_end
from plans.models import PlanStatus, Task
from units.models import AdminUnit, UnitName
from units.selectors import provinces_on

FINDINGS_SHORT = 200  # characters of the findings the summaries carry


def follow_up_status(recommendation: Recommendation, today: date) -> str:
    """The follow-up status of a recommendation on ``today``: ``done`` once recorded done (even if late);
    ``overdue`` when its due date has passed (due before today) and it is not done; else the recorded status,
    ``open`` or ``in_progress``. Reads only ``status`` and ``due_on``."""
    if recommendation.status == RecommendationStatus.DONE:
        return FollowUp.DONE
    if recommendation.due_on < today:
        return FollowUp.OVERDUE
    if recommendation.status == RecommendationStatus.IN_PROGRESS:
        return FollowUp.IN_PROGRESS
    return FollowUp.OPEN


def follow_up_q(status: str, today: date) -> Q:
    """The same rule as a query filter on recommendations, for counting in the database."""
    not_done = ~Q(status=RecommendationStatus.DONE)
    if status == FollowUp.DONE:
        return Q(status=RecommendationStatus.DONE)
    if status == FollowUp.OVERDUE:
        return not_done & Q(due_on__lt=today)
    if status == FollowUp.IN_PROGRESS:
        return Q(status=RecommendationStatus.IN_PROGRESS, due_on__gte=today)
    if status == FollowUp.OPEN:
        return Q(status=RecommendationStatus.OPEN, due_on__gte=today)
    raise ValueError(status)


def inspection_plan_of(province: AdminUnit, year: int) -> InspectionPlan | None:
    return InspectionPlan.objects.filter(province=province, year=year).select_related("province").first()


def inspections_of(plan: InspectionPlan) -> QuerySet[Inspection]:
    """The plan's inspections in date order, with what their rows show."""
    return (
        plan.inspections.select_related(
            "agency", "agency__kind", "commune", "lead_agency", "lead_agency__kind"
        )
        .prefetch_related(
            Prefetch("agency__names", queryset=AgencyName.objects.order_by("valid_from")),
            Prefetch("lead_agency__names", queryset=AgencyName.objects.order_by("valid_from")),
            Prefetch("commune__names", queryset=UnitName.objects.order_by("valid_from")),
            "tasks",
            "indicators",
            Prefetch("recommendations", queryset=recommendations_query()),
        )
        .order_by("planned_from", "id")
    )


def recommendations_query() -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.select_related(
            "responsible_agency", "responsible_agency__kind", "responsible_commune"
        )
        .prefetch_related(
            Prefetch("responsible_agency__names", queryset=AgencyName.objects.order_by("valid_from")),
            Prefetch("responsible_commune__names", queryset=UnitName.objects.order_by("valid_from")),
            Prefetch(
                "updates", queryset=RecommendationUpdate.objects.select_related("by").order_by("at", "id")
            ),
        )
        .order_by("due_on", "id")
    )


def recommendations_of(plan: InspectionPlan, *, today: date, follow_up: str = "") -> list[Recommendation]:
    """The recommendations of the plan's done inspections, each with ``follow_up`` set. ``follow_up`` filters:
    ``not_done`` (still to do: open, in progress or overdue), or one follow-up status."""
    qs = (
        recommendations_query()
        .filter(inspection__plan=plan, inspection__status=InspectionStatus.DONE)
        .select_related("inspection", "inspection__agency", "inspection__agency__kind", "inspection__commune")
        .prefetch_related(
            Prefetch("inspection__agency__names", queryset=AgencyName.objects.order_by("valid_from")),
            Prefetch("inspection__commune__names", queryset=UnitName.objects.order_by("valid_from")),
        )
    )
    if follow_up == "not_done":
        qs = qs.exclude(status=RecommendationStatus.DONE)
    elif follow_up in FollowUp.values:
        qs = qs.filter(follow_up_q(follow_up, today))
    return with_follow_up(list(qs), today)


def with_follow_up(rows: list[Recommendation], today: date) -> list[Recommendation]:
    """Set ``follow_up`` (the status on ``today``) and ``last_update`` (None if never changed) on each row; the
    rows come with their updates prefetched (``recommendations_query``)."""
    for row in rows:
        # attributes of the rows for their pages, not fields of the model
        row.follow_up = follow_up_status(row, today)  # type: ignore[attr-defined]
        updates = list(row.updates.all())
        row.last_update = updates[-1] if updates else None  # type: ignore[attr-defined]
    return rows


def tasks_for(province: AdminUnit, year: int) -> QuerySet[Task]:
    """Tasks of the province's plans covering ``year`` that no revision has replaced (to link inspections to)."""
    return (
        Task.objects.filter(plan__province=province, plan__start_year__lte=year, plan__end_year__gte=year)
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .select_related("plan")
        .order_by("plan__kind", "plan__start_year", "order", "id")
    )


def indicators_for(province: AdminUnit) -> QuerySet[Indicator]:
    """The national indicators and the province's own, in use."""
    return Indicator.objects.filter(Q(province__isnull=True) | Q(province=province), active=True).order_by(
        "province", "objective__number", "order", "code"
    )


def recommendation_history(recommendation: Recommendation) -> QuerySet[RecommendationUpdate]:
    return recommendation.updates.select_related("by").order_by("at", "id")


# --- summaries ------------------------------------------------------------------------------------------------------


def _inspection_counts(rows: dict) -> dict:
    counts = {s: int(rows.get(s) or 0) for s in InspectionStatus.values}
    return {"total": sum(counts.values()), **counts}


def _recommendation_counts(rows: dict) -> dict:
    counts = {s: int(rows.get(s) or 0) for s in FollowUp.values}  # plain strings, as the query's keys
    return {
        "total": sum(counts.values()),
        "done": counts["done"],
        "open": counts["open"] + counts["in_progress"],
        "in_progress": counts["in_progress"],
        "overdue": counts["overdue"],
    }


def _inspection_aggregates() -> dict[str, Count]:
    return {s: Count("id", filter=Q(status=s)) for s in InspectionStatus.values}


def _recommendation_aggregates(today: date) -> dict[str, Count]:
    return {s: Count("id", filter=follow_up_q(s, today)) for s in FollowUp.values}


def _short(text: str, limit: int = FINDINGS_SHORT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def inspection_summary(province: AdminUnit, year: int, *, today: date | None = None) -> dict:
    """What the province's annual report says about inspections of ``year``, JSON-safe (dates as ISO strings).

    Shape::

        {
          "province": {"code": "80", "name": "Tỉnh Tây Ninh"},
          "year": 2025,
          "as_of": "2026-11-27",                      # the day the follow-up statuses are computed for
          "plan": {"title": str, "document_number": str, "issued_on": "2025-01-15" | None} | None,
          "inspections": {"total": 4, "planned": 0, "done": 3, "cancelled": 1},
          "done": [                                    # done inspections, by date done
            {"unit": "Sở Y tế", "unit_kind": "agency" | "commune", "done_on": "2025-05-20",
             "topics": str, "findings": str (at most 200 characters), "violations": 2,
             "recommendations": 3},
          ],
          "recommendations": {"total": 7, "done": 3, "open": 3, "in_progress": 1, "overdue": 1},
        }

    Inspections are counted by status: ``planned`` is planned and not yet done. Recommendations are those of the
    done inspections, counted by follow-up status on ``as_of``: ``total = done + open + overdue``; ``open`` is
    not done and not yet due (started or not), ``in_progress`` the part of ``open`` already started; ``overdue``
    is not done and past its due date. A province without a plan for the year gives zeros and ``"plan": None``."""
    today = today or date.today()
    plan = inspection_plan_of(province, year)
    result = {
        "province": {"code": province.code, "name": province.name},
        "year": year,
        "as_of": today.isoformat(),
        "plan": None,
        "inspections": _inspection_counts({}),
        "done": [],
        "recommendations": _recommendation_counts({}),
    }
    if plan is None:
        return result
    result["plan"] = {
        "title": plan.title,
        "document_number": plan.document_number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
    }
    result["inspections"] = _inspection_counts(plan.inspections.aggregate(**_inspection_aggregates()))
    done = (
        plan.inspections.filter(status=InspectionStatus.DONE)
        .select_related("agency", "agency__kind", "commune")
        .prefetch_related(
            Prefetch("agency__names", queryset=AgencyName.objects.order_by("valid_from")),
            Prefetch("commune__names", queryset=UnitName.objects.order_by("valid_from")),
        )
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("done_on", "id")
    )
    result["done"] = [
        {
            "unit": inspection.unit_name,
            "unit_kind": "agency" if inspection.agency_id else "commune",
            "done_on": inspection.done_on.isoformat() if inspection.done_on else None,
            "topics": inspection.topics,
            "findings": _short(inspection.findings),
            "violations": inspection.violations_count,
            "recommendations": inspection.recommendation_count,
        }
        for inspection in done
    ]
    result["recommendations"] = _recommendation_counts(
        Recommendation.objects.filter(
            inspection__plan=plan, inspection__status=InspectionStatus.DONE
        ).aggregate(**_recommendation_aggregates(today))
    )
    return result


def inspection_summary_nation(year: int, *, today: date | None = None) -> dict:
    """The provinces' inspections of ``year`` summed for the ministry, JSON-safe, in three grouped queries.

    Shape::

        {
          "year": 2025,
          "as_of": "2026-11-27",
          "provinces": 34,                             # provinces in force on 31 December of the year
          "provinces_with_plan": 1,
          "inspections": {"total": 4, "planned": 0, "done": 3, "cancelled": 1},
          "recommendations": {"total": 7, "done": 3, "open": 3, "in_progress": 1, "overdue": 1},
          "by_province": [                              # every province, by code, zeros where nothing is planned
            {"code": "01", "name": "Thành phố Hà Nội", "has_plan": False, "document_number": "",
             "issued_on": None, "inspections": {...}, "recommendations": {...}},
          ],
        }

    The counts mean what they mean in ``inspection_summary``; the national figures are the sums of the
    provinces'."""
    today = today or date.today()
    provinces = list(provinces_on(year_end(year)))
    plans = {
        p["province_id"]: p
        for p in InspectionPlan.objects.filter(year=year).values(
            "province_id", "document_number", "issued_on"
        )
    }
    inspections = {
        row["plan__province_id"]: row
        for row in Inspection.objects.filter(plan__year=year)
        .values("plan__province_id")
        .annotate(**_inspection_aggregates())
    }
    recommendations = {
        row["inspection__plan__province_id"]: row
        for row in Recommendation.objects.filter(
            inspection__plan__year=year, inspection__status=InspectionStatus.DONE
        )
        .values("inspection__plan__province_id")
        .annotate(**_recommendation_aggregates(today))
    }
    by_province: list[dict[str, Any]] = []
    for province in provinces:
        plan = plans.get(province.pk)
        by_province.append(
            {
                "code": province.code,
                "name": province.name,
                "has_plan": plan is not None,
                "document_number": plan["document_number"] if plan else "",
                "issued_on": plan["issued_on"].isoformat() if plan and plan["issued_on"] else None,
                "inspections": _inspection_counts(inspections.get(province.pk, {})),
                "recommendations": _recommendation_counts(recommendations.get(province.pk, {})),
            }
        )

    def total(key: str) -> dict:
        keys = by_province[0][key].keys() if by_province else []
        return {k: sum(row[key][k] for row in by_province) for k in keys}

    return {
        "year": year,
        "as_of": today.isoformat(),
        "provinces": len(provinces),
        "provinces_with_plan": sum(1 for row in by_province if row["has_plan"]),
        "inspections": total("inspections") if by_province else _inspection_counts({}),
        "recommendations": total("recommendations") if by_province else _recommendation_counts({}),
        "by_province": by_province,
    }
