from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import access


def shell(request):
    """What the page frame needs: demo banner and the navigation the user's role allows."""
    user = request.user
    nav = []
    if access.can_use_app(user):
        nav.append(("home", _("Overview")))
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
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": nav,
        "user_province": access.province_of(user) if access.has_role(user) else None,
    }
