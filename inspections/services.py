"""Writes of inspections: the plan of a year, its inspections (planned, done with results, or cancelled with the
reason), recommendations and their follow-up. Every write is atomic, checks its input before changing anything,
and is audited; editable objects carry ``lock_version`` so that two people editing do not overwrite each other."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from audit.services import log_action
from indicators.models import Indicator
from inspections.models import (
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
)
from lib.errors import DomainError
from lib.locking import bump_version
from plans.models import Task
from units.models import AdminUnit, Level

FIRST_YEAR, LAST_YEAR = 2021, 2030
PLAN_FIELDS = (
    "title",
    "purpose",
    "organisation",
    "document_number",
    "issued_on",
    "signer_name",
    "signer_title",
)
INSPECTION_FIELDS = (
    "agency",
    "commune",
    "topics",
    "tasks",
    "indicators",
    "planned_from",
    "planned_to",
    "lead_agency",
    "team_members",
)
RESULT_FIELDS = ("done_on", "findings", "violations_count", "violations")
RECOMMENDATION_FIELDS = ("text", "responsible_agency", "responsible_commune", "due_on")
# Which recorded status may follow which; going back from done reopens the recommendation.
TRANSITIONS = {
    RecommendationStatus.OPEN: {RecommendationStatus.IN_PROGRESS, RecommendationStatus.DONE},
    RecommendationStatus.IN_PROGRESS: {RecommendationStatus.OPEN, RecommendationStatus.DONE},
    RecommendationStatus.DONE: {RecommendationStatus.IN_PROGRESS},
}


def _log(province: AdminUnit, action: str, by: User, obj: Model, **kwargs: Any) -> None:
    log_action(actor=by, action=action, obj=obj, unit=province, **kwargs)


def _bump(obj: Model, expected_version: int | None) -> None:
    """Optimistic locking (lib.locking): refuse a save made from an older version."""
    bump_version(
        obj,
        expected_version,
        _("Someone else saved this after you opened it. Reload the page to see their changes."),
    )


def _unknown(data: dict, allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})


def _in_year(day: date | None, year: int, field: str) -> None:
    if day is not None and day.year != year:
        raise DomainError(
            _("The date must be within the plan's year, %(year)s.") % {"year": year}, field=field
        )


# --- the plan of a year ------------------------------------------------------------------------------------------


def default_title(province: AdminUnit, year: int) -> str:
    name = province.name[:1].lower() + province.name[1:]  # "trên địa bàn tỉnh Tây Ninh"
    return f"Kế hoạch kiểm tra việc thực hiện Chiến lược quốc gia về bình đẳng giới năm {year} trên địa bàn {name}"


@transaction.atomic
def inspection_plan_create(*, province: AdminUnit, year: int, by: User, title: str = "") -> InspectionPlan:
    if province.level != Level.PROVINCE or not (
        province.valid_to is None or province.valid_on(date(year, 1, 1))
    ):
        raise DomainError(_("Inspection plans belong to a province in force in the year."), field="province")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(_("An inspection plan is for a year from 2021 to 2030."), field="year")
    if InspectionPlan.objects.filter(province=province, year=year).exists():
        raise DomainError(
            _("The province already has an inspection plan for %(year)s.") % {"year": year}, field="year"
        )
    plan = InspectionPlan.objects.create(
        province=province, year=year, title=title.strip() or default_title(province, year)
    )
    _log(province, "inspection_plan.create", by, plan, after={"year": year, "title": plan.title})
    return plan


def _plan_state(plan: InspectionPlan) -> dict:
    return {f: getattr(plan, f) for f in PLAN_FIELDS}


@transaction.atomic
def inspection_plan_update(
    *, plan: InspectionPlan, by: User, data: dict, expected_version: int | None = None
) -> InspectionPlan:
    """Edit the plan's texts and, once the province has issued it, its document number, date and signer."""
    _unknown(data, PLAN_FIELDS)
    merged = {**_plan_state(plan), **data}
    for field in ("title", "purpose", "organisation", "document_number", "signer_name", "signer_title"):
        merged[field] = (merged[field] or "").strip()
    if not merged["title"]:
        raise DomainError(_("Give the plan a title."), field="title")
    if len(merged["document_number"]) > 60:
        raise DomainError(_("The document number is at most 60 characters."), field="document_number")
    issued_on = merged["issued_on"]
    if issued_on is not None:
        if issued_on > date.today():
            raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
        if not plan.year - 1 <= issued_on.year <= plan.year:
            raise DomainError(
                _("An inspection plan for %(year)s is issued in %(year)s or late in the year before.")
                % {"year": plan.year},
                field="issued_on",
            )
        if not merged["document_number"]:
            raise DomainError(
                _("Give the document number with the issue date, for example 45/KH-SNV."),
                field="document_number",
            )
    before = _plan_state(plan)
    _bump(plan, expected_version)
    for field, value in merged.items():
        setattr(plan, field, value)
    plan.save(update_fields=[*PLAN_FIELDS, "updated_at"])
    after = _plan_state(plan)
    if before != after:
        changed = [f for f in PLAN_FIELDS if before[f] != after[f]]
        _log(
            plan.province,
            "inspection_plan.update",
            by,
            plan,
            before={f: before[f] for f in changed},
            after={f: after[f] for f in changed},
        )
    return plan


# --- inspections -------------------------------------------------------------------------------------------------


def _check_unit(
    province: AdminUnit, agency: Agency | None, commune: AdminUnit | None, *, on: date, field: str
) -> None:
    """An agency of the province or a commune of the province in force on ``on``: exactly one of the two."""
    if (agency is None) == (commune is None):
        raise DomainError(_("Choose either an agency or a commune of the province."), field=field)
    if agency is not None and agency.province_id != province.pk:
        raise DomainError(_("The agency must be one of the province's."), field=field)
    if commune is not None:
        if commune.level != Level.COMMUNE or commune.parent_id != province.pk:
            raise DomainError(_("The commune must be one of the province's."), field=field)
        if not commune.valid_on(on):
            raise DomainError(
                _("The commune was not in force on %(day)s.") % {"day": on.strftime("%d/%m/%Y")}, field=field
            )


def _clean_inspection(plan: InspectionPlan, data: dict) -> dict:
    province, year = plan.province, plan.year
    data = dict(data)
    data["topics"] = (data.get("topics") or "").strip()
    data["team_members"] = (data.get("team_members") or "").strip()
    planned_from = data.get("planned_from")
    if planned_from is None:
        raise DomainError(_("Give the planned start date."), field="planned_from")
    data["planned_to"] = data.get("planned_to") or planned_from
    _in_year(planned_from, year, "planned_from")
    _in_year(data["planned_to"], year, "planned_to")
    if data["planned_to"] < planned_from:
        raise DomainError(_("The inspection ends before it starts."), field="planned_to")
    _check_unit(province, data.get("agency"), data.get("commune"), on=planned_from, field="unit")
    if not data["topics"]:
        raise DomainError(_("Say what is inspected."), field="topics")
    lead = data.get("lead_agency")
    if lead is None:
        raise DomainError(_("Choose the agency that leads the team."), field="lead_agency")
    if lead.province_id != province.pk:
        raise DomainError(_("The team's lead agency must be one of the province's."), field="lead_agency")
    for task in data.get("tasks") or []:
        if task.plan.province_id != province.pk:
            raise DomainError(_("Linked tasks must be of the province's plans."), field="tasks")
    for indicator in data.get("indicators") or []:
        if indicator.province_id not in (None, province.pk):
            raise DomainError(_("A linked local indicator belongs to another province."), field="indicators")
    return data


def _inspection_state(inspection: Inspection) -> dict:
    return {
        "unit": inspection.unit_name,
        "topics": inspection.topics,
        "tasks": sorted(t.title for t in inspection.tasks.all()),
        "indicators": sorted(i.code for i in inspection.indicators.all()),
        "planned_from": inspection.planned_from,
        "planned_to": inspection.planned_to,
        "lead_agency": inspection.lead_agency.name,
        "team_members": inspection.team_members,
        "status": inspection.status,
    }


def _results_state(inspection: Inspection) -> dict:
    return {f: getattr(inspection, f) for f in RESULT_FIELDS}


@transaction.atomic
def inspection_create(
    *,
    plan: InspectionPlan,
    by: User,
    topics: str,
    planned_from: date,
    lead_agency: Agency,
    agency: Agency | None = None,
    commune: AdminUnit | None = None,
    planned_to: date | None = None,
    team_members: str = "",
    tasks: Iterable[Task] = (),
    indicators: Iterable[Indicator] = (),
) -> Inspection:
    data = _clean_inspection(
        plan,
        {
            "agency": agency,
            "commune": commune,
            "topics": topics,
            "planned_from": planned_from,
            "planned_to": planned_to,
            "lead_agency": lead_agency,
            "team_members": team_members,
            "tasks": list(tasks),
            "indicators": list(indicators),
        },
    )
    tasks, indicators = data.pop("tasks"), data.pop("indicators")
    inspection = Inspection.objects.create(plan=plan, **data)
    inspection.tasks.set(tasks)
    inspection.indicators.set(indicators)
    _log(plan.province, "inspection.create", by, inspection, after=_inspection_state(inspection))
    return inspection


def _require_not_cancelled(inspection: Inspection) -> None:
    if inspection.status == InspectionStatus.CANCELLED:
        raise DomainError(_("This inspection was cancelled; it is kept as it was."))


@transaction.atomic
def inspection_update(
    *, inspection: Inspection, by: User, expected_version: int | None = None, **data: Any
) -> Inspection:
    """Change what is planned: the unit, topics, dates, team and links. A cancelled inspection stays as it was."""
    _unknown(data, INSPECTION_FIELDS)
    _require_not_cancelled(inspection)
    current = {f: getattr(inspection, f) for f in INSPECTION_FIELDS if f not in ("tasks", "indicators")}
    current["tasks"] = list(inspection.tasks.all())
    current["indicators"] = list(inspection.indicators.all())
    if "agency" in data or "commune" in data:  # choosing one unit replaces the other
        current["agency"], current["commune"] = data.get("agency"), data.get("commune")
    merged = _clean_inspection(inspection.plan, {**current, **data})
    if inspection.done_on is not None and merged["planned_from"] > inspection.done_on:
        raise DomainError(_("The inspection was done before this planned start."), field="planned_from")
    before = _inspection_state(inspection)
    _bump(inspection, expected_version)
    tasks, indicators = merged.pop("tasks"), merged.pop("indicators")
    for field, value in merged.items():
        setattr(inspection, field, value)
    inspection.save()
    inspection.tasks.set(tasks)
    inspection.indicators.set(indicators)
    after = _inspection_state(inspection)
    if before != after:
        _log(inspection.plan.province, "inspection.update", by, inspection, before=before, after=after)
    return inspection


@transaction.atomic
def inspection_record_results(
    *,
    inspection: Inspection,
    by: User,
    done_on: date,
    findings: str,
    violations_count: int = 0,
    violations: str = "",
    expected_version: int | None = None,
) -> Inspection:
    """Record (or correct) what the inspection found; the inspection is then done."""
    _require_not_cancelled(inspection)
    year = inspection.plan.year
    if done_on is None:
        raise DomainError(_("Give the date the inspection was done."), field="done_on")
    _in_year(done_on, year, "done_on")
    if done_on > date.today():
        raise DomainError(_("The date done cannot be in the future."), field="done_on")
    if inspection.commune is not None and not inspection.commune.valid_on(done_on):
        raise DomainError(_("The commune was not in force on that date."), field="done_on")
    findings, violations = (findings or "").strip(), (violations or "").strip()
    if not findings:
        raise DomainError(_("Write what the inspection found."), field="findings")
    if violations_count is None or violations_count < 0:
        raise DomainError(_("Give the number of violations, 0 if none."), field="violations_count")
    if violations_count > 0 and not violations:
        raise DomainError(_("Describe the violations found."), field="violations")
    if violations_count == 0 and violations:
        raise DomainError(_("Violations are described but their number is 0."), field="violations_count")
    first_date = inspection.recommendations.order_by("due_on").values_list("due_on", flat=True).first()
    if first_date is not None and first_date < done_on:
        raise DomainError(
            _("A recommendation is due before this date; correct its due date first."), field="done_on"
        )
    before = {"status": inspection.status, **_results_state(inspection)}
    _bump(inspection, expected_version)
    inspection.status = InspectionStatus.DONE
    inspection.done_on, inspection.findings = done_on, findings
    inspection.violations_count, inspection.violations = violations_count, violations
    inspection.save()
    after = {"status": inspection.status, **_results_state(inspection)}
    if before != after:
        _log(inspection.plan.province, "inspection.results", by, inspection, before=before, after=after)
    return inspection


@transaction.atomic
def inspection_cancel(
    *, inspection: Inspection, by: User, reason: str, expected_version: int | None = None
) -> Inspection:
    """Cancel a planned or done inspection, with the reason; its results and recommendations are kept."""
    _require_not_cancelled(inspection)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for cancelling."), field="reason")
    before = inspection.status
    _bump(inspection, expected_version)
    inspection.status, inspection.cancel_reason = InspectionStatus.CANCELLED, reason
    inspection.save(update_fields=["status", "cancel_reason", "updated_at"])
    _log(
        inspection.plan.province,
        "inspection.cancel",
        by,
        inspection,
        before={"status": before},
        after={"status": inspection.status},
        reason=reason,
    )
    return inspection


@transaction.atomic
def inspection_delete(*, inspection: Inspection, by: User) -> None:
    """Delete an inspection entered by mistake. One with results is refused: cancel it instead."""
    if inspection.done_on is not None or inspection.recommendations.exists():
        raise DomainError(
            _("This inspection has results and cannot be deleted; cancel it instead, with the reason.")
        )
    plan = inspection.plan
    before = {"id": inspection.pk, **_inspection_state(inspection)}
    inspection.delete()
    _log(plan.province, "inspection.delete", by, plan, before=before)  # recorded on the plan it left


# --- recommendations ---------------------------------------------------------------------------------------------


def _clean_recommendation(inspection: Inspection, data: dict) -> dict:
    data = dict(data)
    data["text"] = (data.get("text") or "").strip()
    if not data["text"]:
        raise DomainError(_("Write the recommendation."), field="text")
    due_on = data.get("due_on")
    if due_on is None:
        raise DomainError(_("Give the due date."), field="due_on")
    if due_on < inspection.done_on:
        raise DomainError(_("The due date is before the inspection was done."), field="due_on")
    _check_unit(
        inspection.plan.province,
        data.get("responsible_agency"),
        data.get("responsible_commune"),
        on=due_on,
        field="responsible",
    )
    return data


def _require_done(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.DONE:
        raise DomainError(_("Recommendations belong to a done inspection; record its results first."))


def _recommendation_state(recommendation: Recommendation) -> dict:
    return {
        "text": recommendation.text,
        "responsible": recommendation.responsible_name,
        "due_on": recommendation.due_on,
        "status": recommendation.status,
    }


@transaction.atomic
def recommendation_create(
    *,
    inspection: Inspection,
    by: User,
    text: str,
    due_on: date,
    responsible_agency: Agency | None = None,
    responsible_commune: AdminUnit | None = None,
) -> Recommendation:
    _require_done(inspection)
    data = _clean_recommendation(
        inspection,
        {
            "text": text,
            "due_on": due_on,
            "responsible_agency": responsible_agency,
            "responsible_commune": responsible_commune,
        },
    )
    recommendation = Recommendation.objects.create(inspection=inspection, **data)
    _log(
        inspection.plan.province,
        "recommendation.create",
        by,
        recommendation,
        after=_recommendation_state(recommendation),
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, by: User, expected_version: int | None = None, **data: Any
) -> Recommendation:
    """Correct the text, the responsible agency or commune, or the due date (a later due date is recorded)."""
    _unknown(data, RECOMMENDATION_FIELDS)
    inspection = recommendation.inspection
    _require_done(inspection)
    current = {f: getattr(recommendation, f) for f in RECOMMENDATION_FIELDS}
    if "responsible_agency" in data or "responsible_commune" in data:
        current["responsible_agency"] = data.get("responsible_agency")
        current["responsible_commune"] = data.get("responsible_commune")
    merged = _clean_recommendation(inspection, {**current, **data})
    before = _recommendation_state(recommendation)
    _bump(recommendation, expected_version)
    for field, value in merged.items():
        setattr(recommendation, field, value)
    recommendation.save()
    after = _recommendation_state(recommendation)
    if before != after:
        _log(
            inspection.plan.province, "recommendation.update", by, recommendation, before=before, after=after
        )
    return recommendation


@transaction.atomic
def recommendation_set_status(
    *,
    recommendation: Recommendation,
    by: User,
    status: str,
    note: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> RecommendationUpdate:
    """Record a change of follow-up: open → in progress → done (or straight to done; back from done reopens it),
    with who, when and a note, kept in the recommendation's history and in the audit log. ``at`` is for loading
    past changes (the demo); it defaults to now."""
    _require_done(recommendation.inspection)
    if status not in RecommendationStatus.values:
        raise DomainError(_("Choose open, in progress or done."), field="status")
    current = recommendation.status
    if status == current:
        raise DomainError(_("The recommendation already has this status."), field="status")
    if status not in TRANSITIONS[RecommendationStatus(current)]:
        raise DomainError(
            _("A recommendation goes from %(from)s to %(to)s only through “in progress”.")
            % {
                "from": RecommendationStatus(current).label.lower(),
                "to": RecommendationStatus(status).label.lower(),
            },
            field="status",
        )
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Write a note on what was done or why the status changes."), field="note")
    when = at or timezone.now()
    _bump(recommendation, expected_version)
    recommendation.status = status
    recommendation.save(update_fields=["status", "updated_at"])
    update = RecommendationUpdate.objects.create(
        recommendation=recommendation, from_status=current, to_status=status, note=note, by=by, at=when
    )
    _log(
        recommendation.inspection.plan.province,
        "recommendation.status",
        by,
        recommendation,
        before={"status": current},
        after={"status": status, "at": when},
        reason=note,
    )
    return update


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation, by: User) -> None:
    """Delete a recommendation entered by mistake; one whose follow-up has started is kept."""
    if recommendation.updates.exists():
        raise DomainError(_("This recommendation has a follow-up history and cannot be deleted."))
    inspection = recommendation.inspection
    before = {"id": recommendation.pk, **_recommendation_state(recommendation)}
    recommendation.delete()
    _log(inspection.plan.province, "recommendation.delete", by, inspection, before=before)
