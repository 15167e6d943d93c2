from datetime import date

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import access
from agencies.selectors import agencies_of
from audit.models import AuditEntry
from core.decorators import role_required
from indicators.selectors import objectives_with_indicators
from units.selectors import provinces_on


@require_GET
@never_cache
def healthz(request):
    """200 once the database answers a query; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means the service is not healthy
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": exc.__class__.__name__}, status=503
        )
    return JsonResponse({"status": "ok", "database": connection.vendor})


@require_GET
@role_required()
def home(request):
    user = request.user
    province = access.province_of(user)
    context = {
        "province": province,
        "objectives": objectives_with_indicators(),
        "recent": access.scope_audit(user, AuditEntry.objects.select_related("actor"))[:8]
        if access.can_view_audit(user)
        else [],
    }
    from reports.selectors import current_cycle_year, deadline_of

    cycle_year = current_cycle_year()
    context["cycle_year"], context["deadline"] = cycle_year, deadline_of(cycle_year)
    context["days_left"] = (context["deadline"] - date.today()).days
    context["can_cockpit"] = access.can_view_cockpit(user)
    if province is not None:
        context["agencies"] = agencies_of(province)
    else:
        context["provinces"] = provinces_on(date.today())
    return render(request, "core/home.html", context)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
