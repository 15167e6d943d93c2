"""What each person still owes, and the e-mails that remind them. Reminders are written in Vietnamese.

- A department or commune officer gets the figures still missing (or returned) in their worklist for the year.
- A provincial focal officer gets one digest per reminder day: figures missing by agency, the annual plan if it is
  not issued, the annual report if it is not sent or was returned.
Nobody is reminded of what is done, and nobody gets the same reminder twice (``ReminderLog``)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Role, User
from reminders.models import ReminderKind, ReminderLog
from reminders.schedule import Occasion, days_phrase, occasions
from units.models import AdminUnit

OWED = ("missing", "returned")


@dataclass
class Outcome:
    sent: list[ReminderLog] = field(default_factory=list)
    already: int = 0
    no_email: list[str] = field(default_factory=list)
    planned: list[tuple[str, str, str]] = field(default_factory=list)  # dry run: (email, subject, body)


def deadlines_around(today: date) -> dict[tuple[str, int], date]:
    from reports.selectors import data_deadline_of, deadline_of, plan_deadline_of

    years = [y for y in (today.year - 1, today.year, today.year + 1) if 2021 <= y <= 2030]
    out = {}
    for year in years:
        out[("data", year)] = data_deadline_of(year)
        out[("report", year)] = deadline_of(year)
        out[("plan", year)] = plan_deadline_of(year)
    return out


def _people(roles: Iterable[str]) -> list[User]:
    return list(
        User.objects.filter(is_active=True, role__in=roles)
        .select_related("unit", "unit__parent", "agency")
        .order_by("pk")
    )


def _missing_items(user: User, year: int) -> list[dict]:
    from datavalues.selectors import worklist

    items = []
    for item in worklist(user, year):
        if item.status in OWED:
            sexes = [s for s, v in item.values.items() if v is None or v.status == "returned"]
            items.append(
                {
                    "code": item.indicator.code,
                    "part": item.part.name_vi.strip(),
                    "sexes": sexes,
                    "returned": item.status == "returned",
                }
            )
    return items


def _province_owes(province: AdminUnit, found: list[Occasion]) -> list[dict]:
    """The digest's sections: one per reminder that something is still owed for."""
    from datavalues.selectors import completeness_by_agency
    from plans.models import PlanKind, PlanStatus
    from reports.models import Report, SubmissionStatus
    from reports.services import latest_submission

    sections = []
    for occasion in found:
        if occasion.kind == "data":
            agencies = []
            for row in completeness_by_agency(province, occasion.year):
                missing = row.expected - row.entered
                returned = row.counts.get("returned", 0)
                if missing > 0 or returned:
                    agencies.append({"name": row.label, "missing": missing, "returned": returned})
            if agencies:
                sections.append({"occasion": occasion, "agencies": agencies})
        elif occasion.kind == "plan":
            issued = province.plans.filter(
                kind=PlanKind.ANNUAL, start_year=occasion.year, status=PlanStatus.ISSUED
            ).exists()
            if not issued:
                sections.append({"occasion": occasion, "plan": True})
        else:
            report = Report.objects.filter(unit=province, kind="annual", year=occasion.year).first()
            latest = latest_submission(report) if report else None
            if latest is None or latest.status == SubmissionStatus.RETURNED:
                sections.append({"occasion": occasion, "report": True, "returned": latest is not None})
    return sections


def _deliver(
    outcome: Outcome,
    *,
    user: User,
    kind: str,
    day: date,
    subject: str,
    body: str,
    dry_run: bool,
    connection: BaseEmailBackend | None = None,
) -> None:
    key = f"{kind}:{user.pk}:{day.isoformat()}"
    if ReminderLog.objects.filter(key=key).exists():
        outcome.already += 1
        return
    if not user.email:
        outcome.no_email.append(user.username)
        return
    if dry_run:
        outcome.planned.append((user.email, subject, body))
        return
    unit = user.unit.parent if user.unit and user.unit.level == "commune" else user.unit
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                key=key,
                kind=kind,
                due_on=day,
                recipient=user,
                unit=unit,
                email=user.email,
                subject=subject,
                body=body,
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)
    except IntegrityError:  # another run sent it a moment ago
        outcome.already += 1
        return
    outcome.sent.append(log)


def send_reminders(
    *, today: date | None = None, dry_run: bool = False, connection: BaseEmailBackend | None = None
) -> Outcome:
    """Send what is due ``today``. ``connection`` is an e-mail connection (the settings' one by default)."""
    today = today or date.today()
    found = occasions(today, deadlines_around(today))
    outcome = Outcome()
    if not found:
        return outcome
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    by_day: dict[date, list[Occasion]] = defaultdict(list)
    for occasion in found:
        by_day[occasion.day].append(occasion)
    with translation.override("vi"):
        for day, todays in sorted(by_day.items()):
            for occasion in (o for o in todays if o.kind == "data"):
                for user in _people([Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER]):
                    items = _missing_items(user, occasion.year)
                    if not items:
                        continue
                    context = {
                        "user": user,
                        "occasion": occasion,
                        "items": items,
                        "when": days_phrase(occasion),
                    }
                    context["url"] = f"{base}/data/?year={occasion.year}"
                    subject = f"[Bình đẳng giới] Nhắc nhập số liệu năm {occasion.year}: {context['when']}"
                    body = render_to_string("reminders/data.txt", context)
                    _deliver(
                        outcome,
                        user=user,
                        kind=ReminderKind.DATA,
                        day=day,
                        subject=subject,
                        body=body,
                        dry_run=dry_run,
                        connection=connection,
                    )
            for user in _people([Role.FOCAL_OFFICER]):
                province = user.unit
                if province is None or province.level != "province":
                    continue
                sections = _province_owes(province, todays)
                if not sections:
                    continue
                for section in sections:
                    section["when"] = days_phrase(section["occasion"])
                context = {"user": user, "province": province, "sections": sections, "base": base}
                subject = f"[Bình đẳng giới] Những việc {province.name} còn phải hoàn thành"
                body = render_to_string("reminders/digest.txt", context)
                _deliver(
                    outcome,
                    user=user,
                    kind=ReminderKind.DIGEST,
                    day=day,
                    subject=subject,
                    body=body,
                    dry_run=dry_run,
                    connection=connection,
                )
    return outcome
