"""Who may see and change what. Every view and API endpoint asks this module; nothing else decides.

A user holds one role in one unit (and, for a department officer, one agency):
- ministry administrator, ministry officer: the nation; see everything; edit the national framework.
- provincial focal officer: one province; manages its agencies; reads its audit entries.
- department officer: one agency of one province.
- commune officer: one commune (and so its province).
- read-only viewer: a province, or the nation for ministry leaders.
Reference data (units, the indicator framework) is readable by every signed-in user with a role, and so is the
history of the national framework (target and metadata changes with their reasons): those are public decisions
of the ministry that every province plans against. The audit log itself is read by the ministry, and for a
province by its focal officer and its read-only viewers (leaders), scoped to the province's own objects."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Role, User
from units.models import AdminUnit, Level

if TYPE_CHECKING:  # the models of the apps this module decides for, which import it in turn
    from agencies.models import Agency
    from audit.models import AuditEntry
    from communication.models import Activity
    from coordination.models import Decision
    from indicators.models import Indicator
    from jobs.models import Job
    from plans.models import Task
    from questions.models import Attachment, Question

AnyUser = User | AnonymousUser  # request.user: every decision answers for a visitor who is not signed in too

MINISTRY_ROLES = frozenset({Role.MINISTRY_ADMIN, Role.MINISTRY_OFFICER})
PROVINCE_ROLES = frozenset({Role.FOCAL_OFFICER, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.VIEWER})


def has_role(user: AnyUser) -> TypeGuard[User]:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role)


def is_ministry(user: AnyUser) -> bool:
    if not has_role(user):
        return False
    if user.role in MINISTRY_ROLES:
        return True
    return user.role == Role.VIEWER and user.unit is not None and user.unit.level == Level.NATION


def province_of(user: AnyUser) -> AdminUnit | None:
    """The province a provincial user works in (a commune officer's commune's province)."""
    if not has_role(user) or user.unit is None or is_ministry(user):
        return None
    if user.unit.level == Level.COMMUNE:
        return user.unit.parent
    if user.unit.level == Level.PROVINCE:
        return user.unit
    return None


# --- reference data -------------------------------------------------------------------------------------------


def can_use_app(user: AnyUser) -> bool:
    return has_role(user)


def can_view_reference(user: AnyUser) -> bool:
    return has_role(user)


def can_view_framework_history(user: AnyUser) -> bool:
    return has_role(user)


def can_edit_framework(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


def can_view_exchange_mapping(user: AnyUser) -> bool:
    """The DHIS2 mapping table (data elements, category option combos, organisation units): the ministry."""
    return is_ministry(user)


def can_edit_exchange_mapping(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


# --- agencies ---------------------------------------------------------------------------------------------------


def can_view_agencies(user: AnyUser, province: AdminUnit) -> bool:
    own = province_of(user)
    return is_ministry(user) or (own is not None and own.pk == province.pk)


def can_manage_agencies(user: AnyUser, province: AdminUnit) -> bool:
    if not has_role(user):
        return False
    if user.role == Role.MINISTRY_ADMIN:
        return True
    own = province_of(user)
    return user.role == Role.FOCAL_OFFICER and own is not None and own.pk == province.pk


def scope_agencies(user: AnyUser, qs: QuerySet) -> QuerySet:
    if is_ministry(user):
        return qs
    province = province_of(user)
    return qs.filter(province=province) if province is not None else qs.none()


# --- audit log ---------------------------------------------------------------------------------------------------


def can_view_audit(user: AnyUser) -> bool:
    if is_ministry(user):
        return True
    return has_role(user) and user.role in {Role.FOCAL_OFFICER, Role.VIEWER} and province_of(user) is not None


def scope_audit(user: AnyUser, qs: QuerySet) -> QuerySet:
    """The ministry reads every entry; a province reads the entries about its own objects."""
    if is_ministry(user):
        return qs
    province = province_of(user)
    if province is None or not can_view_audit(user):
        return qs.none()
    return qs.filter(Q(unit=province) | Q(unit__parent=province))


def can_view_audit_entry(user: AnyUser, entry: AuditEntry) -> bool:
    """One entry of the log: whoever reads the log, within the scope they read it in."""
    return can_view_audit(user) and scope_audit(user, type(entry).objects.filter(pk=entry.pk)).exists()


# --- users ------------------------------------------------------------------------------------------------------


def can_manage_users(user: AnyUser) -> bool:
    return has_role(user) and user.role == Role.MINISTRY_ADMIN


def scope_users(user: AnyUser, qs: QuerySet[User]) -> QuerySet[User]:
    if is_ministry(user):
        return qs
    province = province_of(user)
    if province is None:
        return qs.none()
    return qs.filter(Q(unit=province) | Q(unit__parent=province))


# --- plans --------------------------------------------------------------------------------------------------------


def _is_focal_of(user: AnyUser, province: AdminUnit) -> bool:
    own = province_of(user)
    return has_role(user) and user.role == Role.FOCAL_OFFICER and own is not None and own.pk == province.pk


def can_view_plans(user: AnyUser, province: AdminUnit) -> bool:
    """The ministry reads every province's plans; a province's own people read its plans."""
    own = province_of(user)
    return is_ministry(user) or (own is not None and own.pk == province.pk)


def can_edit_plans(user: AnyUser, province: AdminUnit) -> bool:
    """Drafting, submitting, recording issue and revising: the province's focal officer."""
    return _is_focal_of(user, province)


def can_report_progress(user: AnyUser, task: Task) -> bool:
    """The lead agency's officers report on a task; the focal officer may too."""
    if _is_focal_of(user, task.plan.province):
        return True
    return has_role(user) and user.role == Role.DEPARTMENT_OFFICER and user.agency_id == task.lead_agency_id


def can_view_task(user: AnyUser, task: Task) -> bool:
    """A task's progress and budget pages: whoever reads the plan, and whoever reports on the task."""
    return can_view_plans(user, task.plan.province) or can_report_progress(user, task)


def can_list_own_tasks(user: AnyUser) -> bool:
    return has_role(user) and user.role == Role.DEPARTMENT_OFFICER and user.agency_id is not None


# --- funding (planned, allocated and spent amounts) ---------------------------------------------------------------


def can_record_spending(user: AnyUser, task: Task) -> bool:
    """Allocated and spent amounts of a task's budget lines: who reports the task's progress (the focal officer
    of the task's province, and the officers of the agency that leads the task)."""
    return can_report_progress(user, task)


def can_view_funding(user: AnyUser, province: AdminUnit) -> bool:
    """A province's funding page: whoever reads its plans."""
    return can_view_plans(user, province)


def can_view_national_funding(user: AnyUser) -> bool:
    return is_ministry(user)


# --- data values ----------------------------------------------------------------------------------------------------


def can_edit_values(user: AnyUser, unit: AdminUnit) -> bool:
    """The ministry's officers anywhere; a province's focal and department officers for the province, its
    communes and the former provinces merged into it; a commune officer for the commune. Viewers never."""
    if not has_role(user) or user.role == Role.VIEWER:
        return False
    if user.role in MINISTRY_ROLES:
        return True
    if user.role == Role.COMMUNE_OFFICER:
        return user.unit_id == unit.pk
    own = province_of(user)
    if own is None:
        return False
    return own.pk in (unit.pk, unit.parent_id, unit.merged_into_id)


def can_enter_part(user: AnyUser, unit: AdminUnit, assigned_agency: Agency | None) -> bool:
    """Entering a part's values: within the value scope, and for a department officer only the parts assigned
    to their agency."""
    if not has_role(user) or not can_edit_values(user, unit):
        return False
    if user.role == Role.DEPARTMENT_OFFICER:
        return assigned_agency is not None and assigned_agency.pk == user.agency_id
    return True


def local_indicator_allowed(indicator: Indicator, unit: AdminUnit) -> bool:
    """A province's local indicator takes values of that province only: the province, its communes and the
    former provinces that went into it. A national indicator takes any unit's."""
    if indicator.province_id is None:
        return True
    if unit.level == Level.COMMUNE:
        return unit.parent_id == indicator.province_id
    if unit.level == Level.PROVINCE:
        return (unit.merged_into_id or unit.pk) == indicator.province_id
    return False


def can_enter_value(
    user: AnyUser, unit: AdminUnit, indicator: Indicator, assigned_agency: Agency | None
) -> bool:
    """The one decision for every path that writes a value (grid, API, upload, command run as a person):
    ``can_enter_part`` for the part's assigned agency, and a local indicator only in its own province."""
    return local_indicator_allowed(indicator, unit) and can_enter_part(user, unit, assigned_agency)


def can_review_values(user: AnyUser, unit: AdminUnit) -> bool:
    """Approving or returning a province's values: its focal officer, or the ministry."""
    if has_role(user) and user.role in MINISTRY_ROLES:
        return True
    own = province_of(user)
    return (
        has_role(user)
        and user.role == Role.FOCAL_OFFICER
        and own is not None
        and own.pk in (unit.pk, unit.parent_id, unit.merged_into_id)
    )


def can_view_quality(user: AnyUser, unit: AdminUnit) -> bool:
    """The data-quality page (values flagged as far from their history or from similar units): a province's for
    whoever may see its values but a commune officer (the page compares the communes); the nation's for the
    ministry (its leaders too)."""
    if unit.level == Level.NATION:
        return is_ministry(user)
    if has_role(user) and user.role == Role.COMMUNE_OFFICER:
        return False
    return can_view_values(user, unit)


def can_review_quality(user: AnyUser, unit: AdminUnit) -> bool:
    """Marking the follow-up of a flagged value (checked and confirmed, corrected): who approves or returns the
    unit's values (``can_review_values``): the province's focal officer, or the ministry's officers."""
    return can_review_values(user, unit)


def can_accept_values(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


def can_view_values(user: AnyUser, unit: AdminUnit) -> bool:
    if is_ministry(user):
        return True
    if has_role(user) and user.role == Role.COMMUNE_OFFICER:
        return user.unit_id in (unit.pk, unit.parent_id) if unit.level == Level.COMMUNE else False
    own = province_of(user)
    return own is not None and own.pk in (unit.pk, unit.parent_id, unit.merged_into_id)


def can_manage_cycles(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


# --- reports --------------------------------------------------------------------------------------------------------


def can_view_report(user: AnyUser, unit: AdminUnit) -> bool:
    """The ministry reads every report; a province's people read their province's. The national consolidation
    is the ministry's (its leaders read it too)."""
    if is_ministry(user):
        return True
    own = province_of(user)
    return unit.level == Level.PROVINCE and own is not None and own.pk == unit.pk


def can_edit_report(user: AnyUser, unit: AdminUnit) -> bool:
    """Writing and submitting a province's report: its focal officer. The national one: the ministry's officers."""
    if unit.level == Level.NATION:
        return has_role(user) and user.role in MINISTRY_ROLES
    return _is_focal_of(user, unit)


def can_decide_submissions(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


# --- inspections ----------------------------------------------------------------------------------------------------


def can_view_inspections(user: AnyUser, province: AdminUnit) -> bool:
    """A province's inspection plans, results and follow-up: the ministry, and the province's own people
    (department and commune officers and viewers read)."""
    return can_view_plans(user, province)


def can_edit_inspections(user: AnyUser, province: AdminUnit) -> bool:
    """Planning inspections, recording results, recommendations and their follow-up: the focal officer."""
    return _is_focal_of(user, province)


def can_view_national_inspections(user: AnyUser) -> bool:
    """Every province's inspections of a year, side by side: the ministry (its leaders too)."""
    return is_ministry(user)


# --- coordination ---------------------------------------------------------------------------------------------------


def can_view_coordination(user: AnyUser, province: AdminUnit) -> bool:
    """The ministry, and the province's own people, read its responsibility matrix and meetings."""
    return can_view_plans(user, province)


def can_edit_coordination(user: AnyUser, province: AdminUnit) -> bool:
    """Recording meetings and their decisions: the province's focal officer."""
    return _is_focal_of(user, province)


def can_follow_up_decision(user: AnyUser, decision: Decision) -> bool:
    """The focal officer, or an officer of the agency responsible for the decision."""
    province = decision.meeting.province
    if _is_focal_of(user, province):
        return True
    return (
        has_role(user)
        and user.role == Role.DEPARTMENT_OFFICER
        and decision.responsible_id is not None
        and user.agency_id == decision.responsible_id
    )


# --- questions to the ministry ------------------------------------------------------------------------------------
# A province raises questions through its focal officer and department officers; a thread is read by that
# province's focal officer, department officers and read-only viewers, and by the ministry (commune officers take
# no part). The ministry's officers answer. Guidance the ministry publishes from an answer is read by everyone
# with a role; the province's thread itself never becomes public.

QUESTION_ASKER_ROLES = frozenset({Role.FOCAL_OFFICER, Role.DEPARTMENT_OFFICER})
QUESTION_READER_ROLES = QUESTION_ASKER_ROLES | {Role.VIEWER}


def _question_province(user: AnyUser, roles: frozenset[Role] = QUESTION_READER_ROLES) -> AdminUnit | None:
    own = province_of(user)
    return own if own is not None and has_role(user) and user.role in roles else None


def can_list_questions(user: AnyUser) -> bool:
    return is_ministry(user) or _question_province(user) is not None


def can_ask_questions(user: AnyUser) -> bool:
    return _question_province(user, QUESTION_ASKER_ROLES) is not None


def can_view_question(user: AnyUser, question: Question) -> bool:
    if is_ministry(user):
        return True
    own = _question_province(user)
    return own is not None and own.pk == question.province_id


def scope_questions(user: AnyUser, qs: QuerySet) -> QuerySet:
    if is_ministry(user):
        return qs
    own = _question_province(user)
    return qs.filter(province=own) if own is not None else qs.none()


def can_reopen_question(user: AnyUser, question: Question) -> bool:
    """Reopening a closed question: the province that asked (its focal and department officers)."""
    own = _question_province(user, QUESTION_ASKER_ROLES)
    return own is not None and own.pk == question.province_id


def can_write_in_question(user: AnyUser, question: Question) -> bool:
    """Replying and closing: the ministry's officers, or the province that asked."""
    return (has_role(user) and user.role in MINISTRY_ROLES) or can_reopen_question(user, question)


def can_publish_guidance(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


def can_view_guidance(user: AnyUser) -> bool:
    return has_role(user)


def can_download_attachment(user: AnyUser, attachment: Attachment) -> bool:
    """A file of a thread: whoever reads the thread; anyone with a role once the ministry published it with
    guidance that is still published."""
    if can_view_question(user, attachment.message.question):
        return True
    return can_view_guidance(user) and attachment.guidances.filter(published=True).exists()


# --- communication activities and campaigns ------------------------------------------------------------------------


def can_view_communication(user: AnyUser, province: AdminUnit) -> bool:
    """The ministry reads every province's activities; a province's own people (viewers too) read its own."""
    own = province_of(user)
    return is_ministry(user) or (own is not None and own.pk == province.pk)


def can_record_communication(user: AnyUser, province: AdminUnit) -> bool:
    """Opening the form for a new activity: the province's focal officer, or one of its department officers
    (who may then link it only to their own agency's tasks, see ``can_record_activity_for``)."""
    own = province_of(user)
    if not has_role(user) or own is None or own.pk != province.pk:
        return False
    return user.role == Role.FOCAL_OFFICER or (
        user.role == Role.DEPARTMENT_OFFICER and user.agency_id is not None
    )


def can_record_activity_for(user: AnyUser, province: AdminUnit, task: Task | None) -> bool:
    """Recording or changing an activity under ``task`` (or none): the focal officer for any task of the
    province; a department officer only under a task their agency leads or takes part in."""
    if _is_focal_of(user, province):
        return True
    if task is None or not has_role(user) or not can_record_communication(user, province):
        return False
    if task.plan.province_id != province.pk:
        return False
    if user.agency_id is None:  # can_record_communication lets no department officer without an agency here
        return False
    return task.lead_agency_id == user.agency_id or task.partner_agencies.filter(pk=user.agency_id).exists()


def can_edit_activity(user: AnyUser, activity: Activity) -> bool:
    return can_record_activity_for(user, activity.province, activity.task)


def can_manage_campaigns(user: AnyUser, province: AdminUnit) -> bool:
    return _is_focal_of(user, province)


def can_write_m61_from_communication(user: AnyUser, province: AdminUnit) -> bool:
    """Writing the people reached as the province's M6.1 numerator: its focal officer, who compiles it."""
    return _is_focal_of(user, province)


def can_edit_key_dates(user: AnyUser) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


# --- reminders ------------------------------------------------------------------------------------------------------


def can_view_reminders(user: AnyUser) -> bool:
    """The ministry's officers see every reminder sent; a focal officer those sent to the province's people."""
    if not has_role(user):
        return False
    return user.role in MINISTRY_ROLES or user.role == Role.FOCAL_OFFICER


# --- background jobs --------------------------------------------------------------------------------------------------


def can_view_job(user: AnyUser, job: Job) -> bool:
    """A job (an upload, a document, the reminders) is seen by whoever started it; the jobs the server starts
    itself (the daily reminders) by the ministry's administrators. A job holds the file uploaded and its errors,
    so it is nobody else's."""
    if not has_role(user):
        return False
    if job.created_by_id is None:
        return user.role == Role.MINISTRY_ADMIN
    return job.created_by_id == user.pk


# --- public portal and the publication of figures -------------------------------------------------------------------
# The portal's pages need no account: they read only the figures the ministry published (portal.selectors
# ``public_figures``), which are computed from accepted values alone. Publishing and withdrawing are the ministry's.


def can_view_portal(user: AnyUser) -> bool:
    """Everyone, signed in or not."""
    return True


def can_view_publications(user: AnyUser) -> bool:
    """The publication page (years, previews, history): the ministry, its leaders too."""
    return is_ministry(user)


def can_publish_figures(user: AnyUser) -> bool:
    """Publishing a year's figures and withdrawing a publication: the ministry's administrators and officers."""
    return has_role(user) and user.role in MINISTRY_ROLES


# --- dashboards -----------------------------------------------------------------------------------------------------
# A province's overview and indicator pages are read by the ministry (its leaders too) and by the province's own
# people (focal, department and commune officers, viewers). The nation's overview and indicator pages, and the
# comparison of one indicator across all provinces, are read by everyone with a role: figures across provinces are
# public information inside the system (the public portal publishes the accepted ones). The deadline cockpit, who
# has sent what and what each province's departments still owe, is the ministry's.


def can_view_dashboard(user: AnyUser, unit: AdminUnit) -> bool:
    if not has_role(user):
        return False
    if unit.level == Level.NATION or is_ministry(user):
        return True
    own = province_of(user)
    return unit.level == Level.PROVINCE and own is not None and own.pk == unit.pk


def can_compare_provinces(user: AnyUser) -> bool:
    return has_role(user)


def can_view_cockpit(user: AnyUser) -> bool:
    return is_ministry(user)
