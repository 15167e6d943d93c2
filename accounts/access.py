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

from django.db.models import Q, QuerySet

from accounts.models import Role, User
from units.models import AdminUnit, Level

MINISTRY_ROLES = frozenset({Role.MINISTRY_ADMIN, Role.MINISTRY_OFFICER})
PROVINCE_ROLES = frozenset({Role.FOCAL_OFFICER, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.VIEWER})


def has_role(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role)


def is_ministry(user) -> bool:
    if not has_role(user):
        return False
    if user.role in MINISTRY_ROLES:
        return True
    return user.role == Role.VIEWER and user.unit is not None and user.unit.level == Level.NATION


def province_of(user) -> AdminUnit | None:
    """The province a provincial user works in (a commune officer's commune's province)."""
    if not has_role(user) or user.unit is None or is_ministry(user):
        return None
    if user.unit.level == Level.COMMUNE:
        return user.unit.parent
    if user.unit.level == Level.PROVINCE:
        return user.unit
    return None


# --- reference data -------------------------------------------------------------------------------------------


def can_use_app(user) -> bool:
    return has_role(user)


def can_view_reference(user) -> bool:
    return has_role(user)


def can_view_framework_history(user) -> bool:
    return has_role(user)


def can_edit_framework(user) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


# --- agencies ---------------------------------------------------------------------------------------------------


def can_view_agencies(user, province: AdminUnit) -> bool:
    return is_ministry(user) or (province_of(user) is not None and province_of(user).pk == province.pk)


def can_manage_agencies(user, province: AdminUnit) -> bool:
    if not has_role(user):
        return False
    if user.role == Role.MINISTRY_ADMIN:
        return True
    return (
        user.role == Role.FOCAL_OFFICER
        and province_of(user) is not None
        and province_of(user).pk == province.pk
    )


def scope_agencies(user, qs: QuerySet) -> QuerySet:
    if is_ministry(user):
        return qs
    province = province_of(user)
    return qs.filter(province=province) if province is not None else qs.none()


# --- audit log ---------------------------------------------------------------------------------------------------


def can_view_audit(user) -> bool:
    if is_ministry(user):
        return True
    return has_role(user) and user.role in {Role.FOCAL_OFFICER, Role.VIEWER} and province_of(user) is not None


def scope_audit(user, qs: QuerySet) -> QuerySet:
    """The ministry reads every entry; a province reads the entries about its own objects."""
    if is_ministry(user):
        return qs
    province = province_of(user)
    if province is None or not can_view_audit(user):
        return qs.none()
    return qs.filter(Q(unit=province) | Q(unit__parent=province))


# --- users ------------------------------------------------------------------------------------------------------


def can_manage_users(user) -> bool:
    return has_role(user) and user.role == Role.MINISTRY_ADMIN


def scope_users(user, qs: QuerySet[User]) -> QuerySet[User]:
    if is_ministry(user):
        return qs
    province = province_of(user)
    if province is None:
        return qs.none()
    return qs.filter(Q(unit=province) | Q(unit__parent=province))


# --- plans --------------------------------------------------------------------------------------------------------


def _is_focal_of(user, province: AdminUnit) -> bool:
    own = province_of(user)
    return has_role(user) and user.role == Role.FOCAL_OFFICER and own is not None and own.pk == province.pk


def can_view_plans(user, province: AdminUnit) -> bool:
    """The ministry reads every province's plans; a province's own people read its plans."""
    own = province_of(user)
    return is_ministry(user) or (own is not None and own.pk == province.pk)


def can_edit_plans(user, province: AdminUnit) -> bool:
    """Drafting, submitting, recording issue and revising: the province's focal officer."""
    return _is_focal_of(user, province)


def can_report_progress(user, task) -> bool:
    """The lead agency's officers report on a task; the focal officer may too."""
    if _is_focal_of(user, task.plan.province):
        return True
    return has_role(user) and user.role == Role.DEPARTMENT_OFFICER and user.agency_id == task.lead_agency_id


def can_list_own_tasks(user) -> bool:
    return has_role(user) and user.role == Role.DEPARTMENT_OFFICER and user.agency_id is not None


# --- data values ----------------------------------------------------------------------------------------------------


def can_edit_values(user, unit: AdminUnit) -> bool:
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


def can_enter_part(user, unit: AdminUnit, assigned_agency) -> bool:
    """Entering a part's values: within the value scope, and for a department officer only the parts assigned
    to their agency."""
    if not can_edit_values(user, unit):
        return False
    if user.role == Role.DEPARTMENT_OFFICER:
        return assigned_agency is not None and assigned_agency.pk == user.agency_id
    return True


def can_review_values(user, unit: AdminUnit) -> bool:
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


def can_accept_values(user) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


def can_view_values(user, unit: AdminUnit) -> bool:
    if is_ministry(user):
        return True
    if has_role(user) and user.role == Role.COMMUNE_OFFICER:
        return user.unit_id in (unit.pk, unit.parent_id) if unit.level == Level.COMMUNE else False
    own = province_of(user)
    return own is not None and own.pk in (unit.pk, unit.parent_id, unit.merged_into_id)


def can_manage_cycles(user) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES


# --- reports --------------------------------------------------------------------------------------------------------


def can_view_report(user, unit: AdminUnit) -> bool:
    """The ministry reads every report; a province's people read their province's. The national consolidation
    is the ministry's (its leaders read it too)."""
    if is_ministry(user):
        return True
    own = province_of(user)
    return unit.level == Level.PROVINCE and own is not None and own.pk == unit.pk


def can_edit_report(user, unit: AdminUnit) -> bool:
    """Writing and submitting a province's report: its focal officer. The national one: the ministry's officers."""
    if unit.level == Level.NATION:
        return has_role(user) and user.role in MINISTRY_ROLES
    return _is_focal_of(user, unit)


def can_decide_submissions(user) -> bool:
    return has_role(user) and user.role in MINISTRY_ROLES
