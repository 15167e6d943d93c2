from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import access
from accounts.models import Role


def nav_items(user) -> list[tuple[str, str]]:
    """Every page of the menu the user's role allows, as (URL name, label)."""
    nav = []
    if access.can_use_app(user):
        nav.append(("home", pgettext_lazy("menu", "Home")))  # the to-do list
        nav.append(("dashboard_home", _("Dashboard")))
        if access.can_view_cockpit(user):
            nav.append(("cockpit", _("Deadline cockpit")))
        nav.append(("indicator_catalogue", _("Indicators")))
        nav.append(("unit_list", _("Administrative units")))
        if access.province_of(user) is not None and user.role != "viewer":
            nav.append(("data_worklist", _("Data entry")))
        if access.is_ministry(user) or access.province_of(user) is not None:
            nav.append(("plan_list", _("Plans")))
        if access.can_list_own_tasks(user):
            nav.append(("my_tasks", _("My tasks")))
        if access.is_ministry(user):
            nav.append(("plan_compare", _("Targets by province")))
        if access.can_view_national_funding(user):
            nav.append(("funding_nation", _("Funding")))
        elif access.province_of(user) is not None:
            nav.append(("funding", _("Funding")))
        if access.is_ministry(user) or access.province_of(user) is not None:
            nav.append(("programme_list", _("Programmes")))
            nav.append(("agency_list", _("Agencies")))
            nav.append(("coordination_matrix", _("Coordination")))
            nav.append(("communication_home", _("Communication")))
        if access.is_ministry(user) or access.province_of(user) is not None:
            nav.append(("report_list", _("Reports")))
            nav.append(("inspection_home", pgettext_lazy("menu", "Inspections")))  # "Kiểm tra"
        if access.can_list_questions(user):
            nav.append(("question_list", _("Questions")))
        if access.can_view_guidance(user):
            nav.append(("guidance_list", _("Guidance")))
        nav.append(("cycle_list", _("Reporting cycles")))
        if access.can_view_publications(user):
            nav.append(("publication_list", _("Publication")))
        if access.can_view_reminders(user):
            nav.append(("reminder_list", _("Reminders")))
        if access.can_view_audit(user):
            nav.append(("audit_list", _("Audit log")))
    return nav


# The menu's groups, in order: a page goes in the first group naming it. At most six, so the menu is one line.
NAV_GROUPS = (
    ("overview", _("Overview"), ("home", "dashboard_home", "cockpit")),
    (
        "plans",
        _("Plans"),
        ("plan_list", "my_tasks", "plan_compare", "funding", "funding_nation", "programme_list"),
    ),
    (
        "data",
        pgettext_lazy("menu", "Data"),
        ("data_worklist", "indicator_catalogue", "unit_list", "agency_list"),
    ),
    ("reports", _("Reports"), ("report_list", "cycle_list", "publication_list")),
    (
        "work",
        pgettext_lazy("menu", "Work"),
        ("coordination_matrix", "communication_home", "inspection_home", "question_list", "guidance_list"),
    ),
    ("admin", pgettext_lazy("menu", "Administration"), ("reminder_list", "audit_list")),
)


def _current(items: list[tuple[str, str, str]], path: str) -> str:
    """The URL name of the menu page the current path belongs to: the longest menu address the path starts with
    (a grid under /data/ belongs to the data entry page), the home only for itself."""
    best, length = "", 0
    for name, _label, url in items:
        if (path == url or (url != "/" and path.startswith(url))) and len(url) > length:
            best, length = name, len(url)
    return best


def nav_groups(user, path: str = "", items: list[tuple[str, str]] | None = None) -> list[dict]:
    """The menu in groups: each a label, its pages (URL name, label, address, current?) and whether the current
    page is in it. A group with no page the role allows is left out."""
    pages = []
    for name, label in nav_items(user) if items is None else items:
        try:
            pages.append((name, label, reverse(name)))
        except NoReverseMatch:  # pragma: no cover - every name in nav_items is a URL of the project
            continue
    current = _current(pages, path)
    by_name = {name: (name, label, url) for name, label, url in pages}
    groups, placed = [], set()
    for key, label, names in NAV_GROUPS:
        entries = [by_name[n] for n in names if n in by_name and n not in placed]
        placed.update(n for n, _l, _u in entries)
        if entries:
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "pages": [
                        {"name": n, "label": lab, "url": u, "current": n == current} for n, lab, u in entries
                    ],
                    "current": any(n == current for n, _l, _u in entries),
                }
            )
    return groups


def unit_name_of(user) -> str:
    """The user's unit by name for the header and the home: "Bộ Nội vụ" for the ministry, the province's name (with
    the department's or the commune's) for provincial users; never a bare code."""
    if not access.has_role(user):
        return ""
    if access.is_ministry(user):
        return str(_("Ministry of Home Affairs"))
    province = access.province_of(user)
    if province is None:
        return ""
    if user.role == Role.DEPARTMENT_OFFICER and user.agency is not None:
        return f"{user.agency.name} · {province.name}"
    if user.role == Role.COMMUNE_OFFICER and user.unit is not None and user.unit.pk != province.pk:
        return f"{user.unit.name} · {province.name}"
    return province.name


def shell(request):
    """What the page frame needs: demo banner, the grouped navigation the user's role allows, the user's unit."""
    user = request.user
    items = nav_items(user)
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": items,
        "nav_groups": nav_groups(user, request.path, items),
        "user_province": access.province_of(user) if access.has_role(user) else None,
        "user_unit_name": unit_name_of(user),
    }
