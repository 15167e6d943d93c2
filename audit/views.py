from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from audit.models import ACTION_LABELS, AuditEntry
from core.decorators import load_and_check, role_required
from lib.pages import page_query


@require_GET
@role_required(access.can_view_audit)
def audit_list(request):
    qs = access.scope_audit(request.user, AuditEntry.objects.select_related("actor", "unit"))
    action = request.GET.get("action", "").strip()
    if action:
        qs = qs.filter(action=action)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    actions = (
        access.scope_audit(request.user, AuditEntry.objects.all())
        .order_by()
        .values_list("action", flat=True)
        .distinct()
    )
    choices = sorted((code, str(ACTION_LABELS.get(code, code))) for code in set(actions))
    return render(
        request,
        "audit/list.html",
        {"page": page, "action": action, "actions": choices, "page_query": page_query({"action": action})},
    )


@require_GET
@role_required(access.can_view_audit)
@load_and_check(AuditEntry.objects.select_related("actor", "unit"), access.can_view_audit_entry)
def audit_detail(request, entry):
    return render(request, "audit/detail.html", {"entry": entry})
