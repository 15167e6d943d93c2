"""Reads of communication activities: lists with their prefetches, the calendar of a year, and the totals
(``communication_summary``) that the page, the annual report and the M6.1 numerator are drawn from.

Totals of people reached are sums of person-contacts ("lượt người"), never averages; they are summed in the
database with grouped queries, for a province or, for the nation, over every province at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from agencies.models import Agency, AgencyName
from communication.keydates import KeyDate, action_month_of, key_dates
from communication.models import (
    Activity,
    ActivityCost,
    ActivityProduct,
    ActivityType,
    Campaign,
    KeyDateRule,
    Language,
    MediaKind,
)
from plans.models import FundingSource, PlanStatus, Task, TaskCategory
from units.models import AdminUnit, Level

# Vietnamese labels for the report (documents are in Vietnamese whatever the page language).
TYPE_VI = {
    "conference": "hội nghị, hội thảo",
    "training": "lớp tập huấn",
    "media_product": "sản phẩm truyền thông",
    "broadcast": "chương trình phát thanh, truyền hình",
    "event": "sự kiện, hội thi, mít tinh",
    "social_media": "hoạt động trên mạng xã hội",
    "loudspeaker": "buổi tuyên truyền trên loa truyền thanh cơ sở",
}
MEDIA_VI = {
    "leaflets": "tờ rơi",
    "posters": "áp phích và băng rôn",
    "publications": "sổ tay và ấn phẩm",
    "videos": "video và phóng sự",
    "radio_spots": "tin bài phát thanh",
    "articles": "tin bài trên báo chí",
    "social_posts": "bài đăng mạng xã hội",
    "other": "sản phẩm khác",
}
LANGUAGE_VI = {
    "vi": "tiếng Việt",
    "km": "tiếng Khmer",
    "cham": "tiếng Chăm",
    "hmong": "tiếng H'Mông",
    "thai": "tiếng Thái",
    "ede": "tiếng Ê Đê",
    "jarai": "tiếng Gia Rai",
    "bahnar": "tiếng Ba Na",
    "muong": "tiếng Mường",
    "tay": "tiếng Tày",
    "nung": "tiếng Nùng",
    "other": "ngôn ngữ khác",
}
SOURCE_VI = {
    "local_recurrent": "Ngân sách địa phương (chi thường xuyên)",
    "local_investment": "Ngân sách địa phương (chi đầu tư phát triển)",
    "programmes": "Chương trình mục tiêu quốc gia, chương trình, đề án",
    "international": "Viện trợ, tài trợ quốc tế",
    "society": "Huy động xã hội, cộng đồng",
}


# --- lists ----------------------------------------------------------------------------------------------------------


def activities_of(province: AdminUnit | None, *, year: int | None = None) -> QuerySet[Activity]:
    """A province's activities (every province's for ``None``), of a year when given, by date."""
    qs = Activity.objects.all()
    if province is not None and province.level != Level.NATION:
        qs = qs.filter(province=province)
    if year is not None:
        qs = qs.filter(start_date__year=year)
    return (
        qs.select_related("province", "commune", "campaign", "task", "agency", "agency__kind")
        .prefetch_related(
            "products",
            "costs",
            "commune__names",
            "province__names",
            Prefetch("agency__names", queryset=AgencyName.objects.order_by("valid_from")),
        )
        .order_by("start_date", "id")
    )


def activity_get(pk: int) -> Activity:
    return activities_of(None).get(pk=pk)


def campaigns_of(province: AdminUnit, *, year: int | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(province=province)
    if year is not None:
        qs = qs.filter(
            Q(start_date__year=year) | Q(end_date__year=year) | Q(activities__start_date__year=year)
        )
    return qs.distinct().order_by("start_date", "name")


def linkable_tasks(province: AdminUnit, *, agency: Agency | None = None) -> QuerySet[Task]:
    """Tasks an activity may be linked to: those of the province's plans not replaced by a revision, the
    communication tasks first; for a department officer only the tasks their agency leads or takes part in."""
    qs = Task.objects.filter(plan__province=province).exclude(plan__status=PlanStatus.SUPERSEDED)
    if agency is not None:
        qs = qs.filter(Q(lead_agency=agency) | Q(partner_agencies=agency)).distinct()
    return qs.select_related("plan").order_by(
        "-plan__start_year", "plan__kind", "-plan__version", "order", "id"
    )


def task_label(task: Task) -> str:
    plan = task.plan
    period = (
        str(plan.start_year) if plan.start_year == plan.end_year else f"{plan.start_year}-{plan.end_year}"
    )
    mark = "★ " if task.category == TaskCategory.COMMUNICATION else ""
    return f"{mark}{task.title} ({period}, v{plan.version})"


# --- key dates ---------------------------------------------------------------------------------------------------


def key_date_rules() -> QuerySet[KeyDateRule]:
    return KeyDateRule.objects.order_by("order", "start_month", "start_day")


def _active_rules() -> list[KeyDateRule] | None:
    """The rules the ministry keeps, those shown; ``None`` when none is loaded (the letter's defaults apply)."""
    rules = list(key_date_rules())
    return [r for r in rules if r.active] if rules else None


def key_dates_for(year: int) -> list[KeyDate]:
    """The key dates of a year from the rules the ministry keeps (the letter's defaults when none is loaded)."""
    return key_dates(year, _active_rules())


def in_action_month(activity: Activity, dates: list[KeyDate]) -> bool:
    month = action_month_of(dates)
    return month is not None and month.overlaps(activity.start_date, activity.end_date)


# --- the calendar ----------------------------------------------------------------------------------------------------


def calendar_of(province: AdminUnit, year: int) -> list[dict]:
    """Twelve months, each with its key dates and the activities on it (an activity over several months shows
    in each), in date order. An entry is ``{"kind": "key_date"|"activity", "start", "end", "item",
    "action_month"}``."""
    dates = key_dates_for(year)
    month = action_month_of(dates)
    activities = list(
        activities_of(province).filter(
            start_date__lte=dt.date(year, 12, 31), end_date__gte=dt.date(year, 1, 1)
        )
    )
    months = []
    for m in range(1, 13):
        first = dt.date(year, m, 1)
        last = (dt.date(year + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)
        entries: list[dict[str, Any]] = []
        for key in dates:
            if key.overlaps(first, last):
                entries.append(
                    {
                        "kind": "key_date",
                        "start": key.start,
                        "end": key.end,
                        "item": key,
                        "action_month": key.action_month,
                    }
                )
        for activity in activities:
            if activity.start_date <= last and activity.end_date >= first:
                entries.append(
                    {
                        "kind": "activity",
                        "start": activity.start_date,
                        "end": activity.end_date,
                        "item": activity,
                        "action_month": month is not None
                        and month.overlaps(activity.start_date, activity.end_date),
                    }
                )
        entries.sort(key=lambda e: (max(e["start"], first), e["kind"] != "key_date", e["end"]))
        months.append({"month": m, "first": first, "entries": entries})
    return months


# --- totals ------------------------------------------------------------------------------------------------------


def _dec(value: Decimal | int | None) -> str:
    value = Decimal(value or 0)
    return f"{value.normalize():f}" if value else "0"


def _reached(female: int | None, male: int | None, unknown: int | None) -> dict:
    female, male, unknown = int(female or 0), int(male or 0), int(unknown or 0)
    return {"female": female, "male": male, "unknown": unknown, "total": female + male + unknown}


REACHED_SUMS = {
    "female": Coalesce(Sum("reached_female"), 0),
    "male": Coalesce(Sum("reached_male"), 0),
    "unknown": Coalesce(Sum("reached_unknown"), 0),
}


def _products(rows: Iterable[dict[str, Any]]) -> list[dict]:
    totals = {row["kind"]: int(row["n"]) for row in rows}
    return [
        {"kind": kind, "label": MEDIA_VI[kind], "count": totals[kind]}
        for kind in MediaKind.values
        if totals.get(kind)
    ]


def _costs(rows: Iterable[dict[str, Any]]) -> list[dict]:
    totals = {row["source"]: Decimal(row["n"]) for row in rows}
    return [
        {"source": source, "label": SOURCE_VI[source], "amount": _dec(totals[source])}
        for source in FundingSource.values
        if totals.get(source)
    ]


def communication_summary(province: AdminUnit | None, year: int, *, since: int | None = None) -> dict:
    """The totals of a province's communication activities of ``year`` (an activity belongs to the year it
    starts in), or of the years ``since``-``year`` for a review; for the nation (``None`` or the nation's unit)
    every province's, summed in the same grouped queries. JSON-safe: counts are ints, money is decimal strings. Lists keep a fixed order (types, kinds and
    sources in the order of their choices) so a stored copy renders the same on every database.

    ``{"year", "since", "activities", "by_type": [{"type", "label", "count"}], "reached": {"female", "male", "unknown",
    "total"}, "products": [{"kind", "label", "count"}], "costs": [{"source", "label", "amount"}], "cost_total",
    "languages": [{"language", "label", "count"}], "ethnic_language_activities", "action_month": {"start",
    "end", "activities", "reached"}, "campaigns": [{"id", "name", "province", "start", "end", "activities",
    "reached", "products", "costs", "cost_total"}]}``."""
    national = province is None or province.level == Level.NATION
    first = min(since or year, year)
    activities = Activity.objects.filter(start_date__year__gte=first, start_date__year__lte=year)
    if not national:
        activities = activities.filter(province=province)

    by_type = {
        row["activity_type"]: row
        for row in activities.values("activity_type").annotate(n=Count("id"), **REACHED_SUMS)
    }
    reached = _reached(*(sum(int(row[k]) for row in by_type.values()) for k in ("female", "male", "unknown")))
    products = ActivityProduct.objects.filter(activity__in=activities)
    costs = ActivityCost.objects.filter(activity__in=activities)
    cost_rows = list(costs.values("source").annotate(n=Sum("amount")))

    languages: dict[str, int] = defaultdict(int)
    for row in activities.values_list("languages", flat=True):
        for code in row or []:
            languages[code] += 1
    ethnic = sum(1 for row in activities.values_list("languages", flat=True) if set(row or []) - {"vi"})

    rules = _active_rules()
    months = [m for y in range(first, year + 1) if (m := action_month_of(key_dates(y, rules))) is not None]
    action = None
    if months:
        during = Q()
        for month in months:
            during |= Q(start_date__lte=month.end, end_date__gte=month.start)
        row = activities.filter(during).aggregate(n=Count("id"), **REACHED_SUMS)
        action = {
            "name": months[-1].name_vi,
            "start": months[-1].start.isoformat(),
            "end": months[-1].end.isoformat(),
            "activities": row["n"],
            "reached": _reached(row["female"], row["male"], row["unknown"]),
        }

    # campaigns: those with activities in the year, and the province's campaigns dated in the year
    per_campaign = {
        row["campaign"]: row
        for row in activities.filter(campaign__isnull=False)
        .values("campaign")
        .annotate(n=Count("id"), **REACHED_SUMS)
    }
    campaign_products: dict[int, list] = defaultdict(list)
    for row in (
        products.filter(activity__campaign__isnull=False)
        .values("activity__campaign", "kind")
        .annotate(n=Sum("quantity"))
    ):
        campaign_products[row["activity__campaign"]].append(row)
    campaign_costs: dict[int, list] = defaultdict(list)
    for row in (
        costs.filter(activity__campaign__isnull=False)
        .values("activity__campaign", "source")
        .annotate(n=Sum("amount"))
    ):
        campaign_costs[row["activity__campaign"]].append(row)
    dated = Campaign.objects.filter(
        Q(start_date__year__gte=first, start_date__year__lte=year) | Q(pk__in=list(per_campaign))
    )
    if not national:
        dated = dated.filter(province=province)
    campaigns = []
    for campaign in (
        dated.select_related("province")
        .prefetch_related("province__names")
        .order_by("province__code", "start_date", "name")
    ):
        row = per_campaign.get(campaign.pk, {"n": 0, "female": 0, "male": 0, "unknown": 0})
        money = _costs(campaign_costs[campaign.pk])
        campaigns.append(
            {
                "id": campaign.pk,
                "name": campaign.name,
                "province": campaign.province.name,
                "start": campaign.start_date.isoformat(),
                "end": campaign.end_date.isoformat(),
                "activities": row["n"],
                "reached": _reached(row["female"], row["male"], row["unknown"]),
                "products": _products(campaign_products[campaign.pk]),
                "costs": money,
                "cost_total": _dec(sum((Decimal(c["amount"]) for c in money), Decimal(0))),
            }
        )
    money = _costs(cost_rows)
    return {
        "year": year,
        "since": first,
        "activities": sum(row["n"] for row in by_type.values()),
        "by_type": [
            {"type": code, "label": TYPE_VI[code], "count": by_type[code]["n"]}
            for code in ActivityType.values
            if code in by_type
        ],
        "reached": reached,
        "products": _products(products.values("kind").annotate(n=Sum("quantity"))),
        "costs": money,
        "cost_total": _dec(sum((Decimal(c["amount"]) for c in money), Decimal(0))),
        "languages": [
            {"language": code, "label": LANGUAGE_VI[code], "count": languages[code]}
            for code in Language.values
            if languages.get(code)
        ],
        "ethnic_language_activities": ethnic,
        "action_month": action,
        "campaigns": campaigns,
    }


def province_totals(year: int) -> list[dict]:
    """For the ministry: each current province's number of activities and people reached in ``year`` (one
    grouped query), the provinces with none included."""
    rows = {
        row["province"]: row
        for row in Activity.objects.filter(start_date__year=year)
        .values("province")
        .annotate(n=Count("id"), **REACHED_SUMS)
    }
    provinces = (
        AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
        .prefetch_related("names")
        .order_by("code")
    )
    out = []
    for province in provinces:
        row = rows.get(province.pk, {"n": 0, "female": 0, "male": 0, "unknown": 0})
        out.append(
            {
                "province": province,
                "activities": row["n"],
                "reached": _reached(row["female"], row["male"], row["unknown"]),
            }
        )
    return out


def m61_preview(province: AdminUnit, year: int) -> dict:
    """What "write the people reached into the M6.1 numerator" would do: the sum, and the value it replaces
    (with its status: an approved or accepted value is locked and will be refused)."""
    from datavalues.models import LOCKED, DataValue

    summary = communication_summary(province, year)
    parts = {
        v.part: v
        for v in DataValue.objects.filter(
            series__indicator__code="M6.1",
            series__indicator__province__isnull=True,
            series__is_primary=True,
            unit=province,
            year=year,
            sex="total",
            option="",
        )
    }
    current = parts.get("numerator")
    denominator = parts.get("denominator")
    return {
        "summary": summary,
        "total": summary["reached"]["total"],
        "current": current,
        "denominator": denominator,
        "locked": current is not None and current.status in LOCKED,
        "version": current.version if current is not None else 0,
        "unchanged": current is not None and current.value == summary["reached"]["total"],
        "big_change": current is not None
        and current.value > 0
        and abs(summary["reached"]["total"] - current.value) / current.value > Decimal("0.5"),
        "above_denominator": denominator is not None and summary["reached"]["total"] > denominator.value,
    }
