"""Recording coordination meetings, their decisions and the follow-up of each decision."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from audit.services import log_action
from coordination.models import Decision, DecisionStatus, Meeting
from lib.errors import DomainError
from lib.locking import bump_version
from units.models import AdminUnit

MEETING_FIELDS = ("held_on", "title", "place", "chair", "other_participants", "summary")


def _check_agencies(province: AdminUnit, agencies: Iterable[Agency | None], field: str) -> None:
    for agency in agencies:
        if agency is not None and agency.province_id != province.pk:
            raise DomainError(
                _("%(agency)s is not an agency of %(province)s.")
                % {"agency": agency.name, "province": province.name},
                field=field,
            )


def _state(meeting: Meeting) -> dict:
    return {
        "held_on": meeting.held_on,
        "title": meeting.title,
        "place": meeting.place,
        "chair": meeting.chair.name if meeting.chair is not None else "",
        "participants": sorted(a.name for a in meeting.participants.all()) if meeting.pk else [],
        "summary": meeting.summary,
    }


@transaction.atomic
def meeting_save(
    *,
    province: AdminUnit,
    by: User,
    meeting: Meeting | None = None,
    expected_version: int | None = None,
    held_on: date,
    title: str,
    place: str = "",
    chair: Agency | None = None,
    participants: list[Agency] | tuple = (),
    other_participants: str = "",
    summary: str = "",
) -> Meeting:
    """Create or edit a meeting. The agencies must be the province's; an edit made from an older version is
    refused so a colleague's changes are not lost."""
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the meeting a title."), field="title")
    if not 2021 <= held_on.year <= 2030:
        raise DomainError(_("Meetings are recorded for the Strategy's years, 2021 to 2030."), field="held_on")
    _check_agencies(province, [chair], "chair")
    _check_agencies(province, participants, "participants")
    if meeting is None:
        meeting = Meeting(province=province, created_by=by)
        before = None
    else:
        if meeting.province_id != province.pk:
            raise DomainError(_("This meeting belongs to another province."))
        before = _state(meeting)
        bump_version(
            meeting,
            expected_version,
            _("Someone else saved this meeting after you opened it. Reload the page to see their changes."),
        )
    meeting.held_on, meeting.title, meeting.place = held_on, title, (place or "").strip()
    meeting.chair, meeting.other_participants = chair, (other_participants or "").strip()
    meeting.summary = (summary or "").strip()
    meeting.save()
    meeting.participants.set(participants)
    log_action(
        actor=by,
        action="meeting.save",
        obj=meeting,
        unit=province,
        before=before,
        after=_state(meeting),
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User) -> None:
    """Delete a meeting recorded by mistake; one with a decision already done is kept (its follow-up is history)."""
    if meeting.decisions.filter(status=DecisionStatus.DONE).exists():
        raise DomainError(
            _("A decision of this meeting has been carried out; the meeting is kept as a record.")
        )
    log_action(actor=by, action="meeting.delete", obj=meeting, unit=meeting.province, before=_state(meeting))
    meeting.delete()


@transaction.atomic
def decision_add(
    *, meeting: Meeting, by: User, text: str, responsible: Agency | None = None, due_on: date | None = None
) -> Decision:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text")
    _check_agencies(meeting.province, [responsible], "responsible")
    if due_on is not None and due_on < meeting.held_on:
        raise DomainError(_("The due date cannot be before the meeting."), field="due_on")
    decision = Decision.objects.create(meeting=meeting, text=text, responsible=responsible, due_on=due_on)
    log_action(
        actor=by,
        action="meeting.decision",
        obj=decision,
        unit=meeting.province,
        after={"text": text, "responsible": responsible.name if responsible else "", "due_on": due_on},
    )
    return decision


@transaction.atomic
def decision_follow_up(
    *, decision: Decision, by: User, status: str, note: str, done_on: date | None = None
) -> Decision:
    """Record how a decision is being carried out: a note, and when it is done, the day."""
    if status not in DecisionStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say what was done."), field="note")
    if status == DecisionStatus.DONE:
        done_on = done_on or date.today()
        if done_on < decision.meeting.held_on:
            raise DomainError(_("A decision cannot be done before the meeting took it."), field="done_on")
    else:
        done_on = None
    before = {"status": decision.status, "follow_up": decision.follow_up, "done_on": decision.done_on}
    decision.status, decision.follow_up, decision.done_on = status, note, done_on
    decision.save(update_fields=["status", "follow_up", "done_on"])
    log_action(
        actor=by,
        action="meeting.follow_up",
        obj=decision,
        unit=decision.meeting.province,
        before=before,
        after={"status": status, "follow_up": note, "done_on": done_on},
        reason=note,
    )
    return decision
