"""Writes of communication activities, campaigns and key dates, and the M6.1 numerator compiled from them.

Every write is keyword-only, atomic and audited; an edit carries the ``lock_version`` the form was opened with
and is refused when someone saved in between. Bad input raises ``DomainError`` naming the field, and changes
nothing."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from communication.keydates import DATA as KEY_DATES_CSV
from communication.keydates import day_of
from communication.models import (
    Activity,
    ActivityCost,
    ActivityProduct,
    ActivityType,
    Audience,
    Campaign,
    KeyDateRule,
    Language,
    MediaKind,
)
from lib.errors import DomainError
from lib.locking import bump_version
from plans.models import FundingSource, PlanStatus
from units.models import AdminUnit, Level

if TYPE_CHECKING:
    from datavalues.models import DataValue

FIRST_YEAR, LAST_YEAR = 2021, 2030
M61_CODE = "M6.1"
M61_SOURCE = "Tổng hợp từ hoạt động truyền thông"


def _bump(obj: Model, expected_version: int | None) -> None:
    """Optimistic locking (lib.locking): the save fails if someone else saved the object since the form was
    opened."""
    bump_version(
        obj,
        expected_version,
        _("Someone else saved this after you opened it. Reload the page to see their changes."),
        field="lock_version",
    )


def _check_province(province: AdminUnit) -> None:
    if province.level != Level.PROVINCE:
        raise DomainError(_("Communication activities belong to a province."), field="province")


def _check_dates(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    if start is None:
        raise DomainError(_("Give the start date."), field="start_date")
    end = end or start
    if end < start:
        raise DomainError(_("The end date is before the start date."), field="end_date")
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise DomainError(
            _("The start date must fall in %(first)s-%(last)s, the years of the Strategy.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="start_date",
        )
    if (end - start).days > 366:
        raise DomainError(_("An activity or campaign lasts a year at most."), field="end_date")
    return start, end


def _plain_number(value: object) -> Decimal:
    """A number given as a number, or as text typed the Vietnamese way ("1.234.567", dots group thousands)."""
    if isinstance(value, int | Decimal):
        return Decimal(value)
    return Decimal(str(value).replace(".", "").replace(" ", "").strip())


def _count(value: object, field: str) -> int:
    """A whole, non-negative count (people reached, products made)."""
    if value in (None, ""):
        return 0
    try:
        number = _plain_number(value)
    except InvalidOperation:
        raise DomainError(_("Give a whole number."), field=field) from None
    if number < 0 or number != number.to_integral_value():
        raise DomainError(_("Give a whole, non-negative number."), field=field)
    if number > 2_000_000_000:
        raise DomainError(_("This number is too large."), field=field)
    return int(number)


def _amount(value: object, field: str) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    if not isinstance(value, Decimal):
        try:
            value = _plain_number(value)
        except InvalidOperation:
            raise DomainError(_("Give an amount in đồng."), field=field) from None
    if value < 0 or value != value.to_integral_value():
        raise DomainError(_("Give a whole, non-negative amount in đồng."), field=field)
    if value >= Decimal(10) ** 18:
        raise DomainError(_("This amount is too large."), field=field)
    return value


# --- campaigns ----------------------------------------------------------------------------------------------------


def _campaign_state(campaign: Campaign) -> dict:
    return {
        "name": campaign.name,
        "start_date": campaign.start_date,
        "end_date": campaign.end_date,
        "description": campaign.description,
    }


def _clean_campaign(
    name: str, start_date: dt.date | None, end_date: dt.date | None, description: str
) -> dict:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the campaign."), field="name")
    if len(name) > 300:
        raise DomainError(_("The name is longer than 300 characters."), field="name")
    start, end = _check_dates(start_date, end_date)
    return {"name": name, "start_date": start, "end_date": end, "description": (description or "").strip()}


@transaction.atomic
def campaign_create(
    *,
    province: AdminUnit,
    by: User,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
) -> Campaign:
    _check_province(province)
    data = _clean_campaign(name, start_date, end_date, description)
    campaign = Campaign.objects.create(province=province, **data)
    log_action(
        actor=by,
        action="communication.campaign_create",
        obj=campaign,
        unit=province,
        after=_campaign_state(campaign),
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    by: User,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    description: str = "",
    expected_version: int | None = None,
) -> Campaign:
    data = _clean_campaign(name, start_date, end_date, description)
    before = _campaign_state(campaign)
    _bump(campaign, expected_version)
    for field, value in data.items():
        setattr(campaign, field, value)
    campaign.save(update_fields=[*data, "updated_at"])
    after = _campaign_state(campaign)
    if before != after:
        log_action(
            actor=by,
            action="communication.campaign_update",
            obj=campaign,
            unit=campaign.province,
            before=before,
            after=after,
        )
    return campaign


@transaction.atomic
def campaign_delete(*, campaign: Campaign, by: User) -> int:
    """Delete a campaign; its activities stay, without a campaign. Returns how many activities were detached."""
    before = _campaign_state(campaign) | {
        "activities": sorted(campaign.activities.values_list("title", flat=True))
    }
    log_action(
        actor=by, action="communication.campaign_delete", obj=campaign, unit=campaign.province, before=before
    )
    detached = campaign.activities.update(campaign=None)
    campaign.delete()
    return detached


# --- activities ---------------------------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "title",
    "activity_type",
    "start_date",
    "end_date",
    "commune",
    "campaign",
    "task",
    "agency",
    "place",
    "channel",
    "languages",
    "audiences",
    "reached_female",
    "reached_male",
    "reached_unknown",
    "description",
)


def activity_state(activity: Activity) -> dict:
    """What the audit log keeps of an activity: every field, the products and the costs."""
    return {
        "title": activity.title,
        "activity_type": activity.activity_type,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "commune": activity.commune.name if activity.commune is not None else None,
        "campaign": activity.campaign.name if activity.campaign is not None else None,
        "task": activity.task.title if activity.task is not None else None,
        "agency": activity.agency.name if activity.agency is not None else None,
        "place": activity.place,
        "channel": activity.channel,
        "languages": list(activity.languages),
        "audiences": list(activity.audiences),
        "reached_female": activity.reached_female,
        "reached_male": activity.reached_male,
        "reached_unknown": activity.reached_unknown,
        "reached_total": activity.reached_total,
        "products": {p.kind: p.quantity for p in activity.products.all()},
        "costs": {c.source: c.amount for c in activity.costs.all()},
        "description": activity.description,
    }


def _clean_activity(province: AdminUnit, data: dict) -> dict:
    unknown = set(data) - set(ACTIVITY_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    title = str(data.get("title") or "").strip()
    if not title:
        raise DomainError(_("Name the activity."), field="title")
    if len(title) > 300:
        raise DomainError(_("The title is longer than 300 characters."), field="title")
    if data.get("activity_type") not in ActivityType.values:
        raise DomainError(_("Choose the type of activity."), field="activity_type")
    start, end = _check_dates(data.get("start_date"), data.get("end_date"))
    commune = data.get("commune")
    if commune is not None and (commune.level != Level.COMMUNE or commune.parent_id != province.pk):
        raise DomainError(_("The commune must be one of the province's communes."), field="commune")
    campaign = data.get("campaign")
    if campaign is not None and campaign.province_id != province.pk:
        raise DomainError(_("The campaign belongs to another province."), field="campaign")
    task = data.get("task")
    if task is not None:
        if task.plan.province_id != province.pk:
            raise DomainError(_("The task belongs to another province's plan."), field="task")
        if task.plan.status == PlanStatus.SUPERSEDED:
            raise DomainError(
                _("This task is in a plan replaced by a revision; link the task of the current version."),
                field="task",
            )
    agency = data.get("agency")
    if agency is not None and agency.province_id != province.pk:
        raise DomainError(_("The organising agency must be one of the province's agencies."), field="agency")
    languages = list(dict.fromkeys(data.get("languages") or []))
    if not languages:
        raise DomainError(_("Choose at least one language."), field="languages")
    if set(languages) - set(Language.values):
        raise DomainError(_("Unknown language."), field="languages")
    audiences = list(dict.fromkeys(data.get("audiences") or []))
    if set(audiences) - set(Audience.values):
        raise DomainError(_("Unknown audience group."), field="audiences")
    for field in ("place", "channel"):
        if len(str(data.get(field) or "")) > (300 if field == "place" else 200):
            raise DomainError(_("This text is too long."), field=field)
    return {
        "title": title,
        "activity_type": data["activity_type"],
        "start_date": start,
        "end_date": end,
        "commune": commune,
        "campaign": campaign,
        "task": task,
        "agency": agency,
        "place": str(data.get("place") or "").strip(),
        "channel": str(data.get("channel") or "").strip(),
        "languages": [code for code in Language.values if code in languages],
        "audiences": [code for code in Audience.values if code in audiences],
        "reached_female": _count(data.get("reached_female"), "reached_female"),
        "reached_male": _count(data.get("reached_male"), "reached_male"),
        "reached_unknown": _count(data.get("reached_unknown"), "reached_unknown"),
        "description": str(data.get("description") or "").strip(),
    }


def _clean_products(products: dict | None) -> dict[str, int]:
    out = {}
    for kind, quantity in (products or {}).items():
        if kind not in MediaKind.values:
            raise DomainError(_("Unknown kind of media product."), field="products")
        number = _count(quantity, f"product_{kind}")
        if number:
            out[kind] = number
    return out


def _clean_costs(costs: dict | None) -> dict[str, Decimal]:
    out = {}
    for source, amount in (costs or {}).items():
        if source not in FundingSource.values:
            raise DomainError(_("Choose one of the five funding sources."), field="costs")
        value = _amount(amount, f"cost_{source}")
        if value:
            out[source] = value
    return out


def _write_children(activity: Activity, products: dict[str, int], costs: dict[str, Decimal]) -> None:
    activity.products.exclude(kind__in=list(products)).delete()
    for kind, quantity in products.items():
        ActivityProduct.objects.update_or_create(
            activity=activity, kind=kind, defaults={"quantity": quantity}
        )
    activity.costs.exclude(source__in=list(costs)).delete()
    for source, amount in costs.items():
        ActivityCost.objects.update_or_create(activity=activity, source=source, defaults={"amount": amount})


def _fresh(activity: Activity) -> Activity:
    return (
        Activity.objects.select_related("province", "commune", "campaign", "task", "agency")
        .prefetch_related("products", "costs", "commune__names", "agency__names", "agency__kind")
        .get(pk=activity.pk)
    )


@transaction.atomic
def activity_create(
    *, province: AdminUnit, by: User, products: dict | None = None, costs: dict | None = None, **data: Any
) -> Activity:
    """Record an activity. ``products`` maps a media kind to a quantity, ``costs`` a funding source to đồng."""
    _check_province(province)
    clean = _clean_activity(province, data)
    products_clean, costs_clean = _clean_products(products), _clean_costs(costs)
    activity = Activity.objects.create(
        province=province, created_by=by if by is not None and by.pk else None, **clean
    )
    _write_children(activity, products_clean, costs_clean)
    activity = _fresh(activity)
    log_action(
        actor=by,
        action="communication.activity_create",
        obj=activity,
        unit=province,
        after=activity_state(activity),
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    expected_version: int | None = None,
    products: dict | None = None,
    costs: dict | None = None,
    **data: Any,
) -> Activity:
    """Change an activity. Fields not given keep their value; ``products`` and ``costs``, when given, replace
    the activity's (a kind or source left out is removed)."""
    province = activity.province
    current = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
    clean = _clean_activity(province, current | data)
    products_clean = (
        _clean_products(products)
        if products is not None
        else {p.kind: p.quantity for p in activity.products.all()}
    )
    costs_clean = (
        _clean_costs(costs) if costs is not None else {c.source: c.amount for c in activity.costs.all()}
    )
    before = activity_state(_fresh(activity))
    _bump(activity, expected_version)
    for field, value in clean.items():
        setattr(activity, field, value)
    activity.save(update_fields=[*clean, "updated_at"])
    _write_children(activity, products_clean, costs_clean)
    activity = _fresh(activity)
    after = activity_state(activity)
    if before != after:
        log_action(
            actor=by,
            action="communication.activity_update",
            obj=activity,
            unit=province,
            before=before,
            after=after,
        )
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, by: User, expected_version: int | None = None) -> None:
    _bump(activity, expected_version)
    log_action(
        actor=by,
        action="communication.activity_delete",
        obj=activity,
        unit=activity.province,
        before=activity_state(_fresh(activity)),
    )
    activity.delete()


# --- key dates --------------------------------------------------------------------------------------------------

KEY_DATE_FIELDS = (
    "name_vi",
    "name_en",
    "start_month",
    "start_day",
    "end_month",
    "end_day",
    "action_month",
    "active",
)


def _key_date_state(rule: KeyDateRule) -> dict:
    return {f: getattr(rule, f) for f in ("code", *KEY_DATE_FIELDS)}


def _clean_key_date(data: dict) -> dict:
    unknown = set(data) - set(KEY_DATE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    name_vi = str(data.get("name_vi") or "").strip()
    if not name_vi:
        raise DomainError(_("Give the Vietnamese name."), field="name_vi")
    for month_field, day_field, required in (
        ("start_month", "start_day", True),
        ("end_month", "end_day", False),
    ):
        month, day = data.get(month_field), data.get(day_field)
        if month in (None, "") and day in (None, "") and not required:
            continue
        try:
            # a leap year: 29 February is a valid rule; a required month or day left out (None) is a TypeError
            day_of(2024, int(month), int(day))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise DomainError(_("Give a valid day and month."), field=day_field) from None
    end_month, end_day = data.get("end_month") or None, data.get("end_day") or None
    if (end_month, end_day) == (data["start_month"], data["start_day"]):
        end_month = end_day = None
    return {
        "name_vi": name_vi,
        "name_en": str(data.get("name_en") or "").strip(),
        "start_month": int(data["start_month"]),
        "start_day": int(data["start_day"]),
        "end_month": int(end_month) if end_month else None,
        "end_day": int(end_day) if end_day else None,
        "action_month": bool(data.get("action_month")),
        "active": bool(data.get("active", True)),
    }


@transaction.atomic
def key_date_create(*, by: User, code: str, order: int = 0, **data: Any) -> KeyDateRule:
    code = (code or "").strip()
    if not code or KeyDateRule.objects.filter(code=code).exists():
        raise DomainError(_("Give a code no other key date has."), field="code")
    rule = KeyDateRule.objects.create(code=code, order=order, **_clean_key_date(data))
    log_action(actor=by, action="communication.key_date", obj=rule, after=_key_date_state(rule))
    return rule


@transaction.atomic
def key_date_update(
    *, rule: KeyDateRule, by: User, expected_version: int | None = None, **data: Any
) -> KeyDateRule:
    clean = _clean_key_date({f: getattr(rule, f) for f in KEY_DATE_FIELDS} | data)
    before = _key_date_state(rule)
    _bump(rule, expected_version)
    for field, value in clean.items():
        setattr(rule, field, value)
    rule.save(update_fields=list(clean))
    if before != _key_date_state(rule):
        log_action(
            actor=by, action="communication.key_date", obj=rule, before=before, after=_key_date_state(rule)
        )
    return rule


def key_dates_load_reference() -> int:
    """Create the key dates of ``communication/data/key-dates.csv`` that are missing; never overwrite (the
    ministry's edits stay). Returns how many were created."""
    created = 0
    with KEY_DATES_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            _rule, made = KeyDateRule.objects.get_or_create(
                code=row["code"],
                defaults={
                    "order": int(row["order"]),
                    "name_vi": row["name_vi"],
                    "name_en": row["name_en"],
                    "start_month": int(row["start_month"]),
                    "start_day": int(row["start_day"]),
                    "end_month": int(row["end_month"]) if row["end_month"] else None,
                    "end_day": int(row["end_day"]) if row["end_day"] else None,
                    "action_month": row["action_month"] == "yes",
                },
            )
            created += made
    return created


# --- the M6.1 numerator -------------------------------------------------------------------------------------------


@transaction.atomic
def m61_numerator_write(
    *,
    province: AdminUnit,
    year: int,
    by: User,
    expected_total: int | None = None,
    expected_version: int | None = None,
) -> DataValue:
    """Write the people reached by the province's communication activities of ``year`` as the numerator of
    M6.1 ("Dân số được tiếp cận kiến thức cơ bản về bình đẳng giới") of the province, through
    ``datavalues.services.value_set`` and its rules: a locked (approved or accepted) value is refused, and so is
    a numerator above the denominator. ``expected_total`` is the sum the officer confirmed: if activities changed
    since, nothing is written. ``expected_version`` is the version of the value the preview showed."""
    from communication.selectors import communication_summary
    from datavalues.services import value_set
    from indicators.models import Indicator

    _check_province(province)
    summary = communication_summary(province, year)
    total = summary["reached"]["total"]
    if expected_total is not None and expected_total != total:
        raise DomainError(
            _(
                "The activities changed since the preview: the total is now %(total)s. Check the new total, "
                "then confirm again."
            )
            % {"total": f"{total:,}".replace(",", ".")},
            field="total",
        )
    if total <= 0:
        raise DomainError(
            _("No person reached is recorded for %(year)s; there is nothing to write.") % {"year": year},
            field="total",
        )
    indicator = Indicator.objects.filter(code=M61_CODE, province__isnull=True).first()
    if indicator is None:
        raise DomainError(_("Indicator M6.1 is not in the framework."))
    comment = (
        f"Tổng số lượt người được tiếp cận qua {summary['activities']} hoạt động truyền thông năm {year} "
        f"({summary['reached']['female']} nữ, {summary['reached']['male']} nam, "
        f"{summary['reached']['unknown']} không rõ giới tính); cán bộ đầu mối xác nhận ghi vào tử số."
    )
    return value_set(
        indicator=indicator,
        part="numerator",
        unit=province,
        year=year,
        value=Decimal(total),
        by=by,
        source=M61_SOURCE,
        as_of=dt.date(year, 12, 31),
        comment=comment,
        expected_version=expected_version,
    )
