from datetime import date

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import access
from core.context_processors import unit_name_of
from core.decorators import role_required
from core.todo import todo_for


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
    """The person's to-do list for the reporting year, ordered by deadline (``core.todo``), under the countdown to
    the annual report's deadline."""
    from reports.selectors import current_cycle_year, deadline_of

    user = request.user
    province = access.province_of(user)
    cycle_year = current_cycle_year()
    deadline = deadline_of(cycle_year)
    context = {
        "province": province,
        "unit_name": unit_name_of(user),
        "cycle_year": cycle_year,
        "deadline": deadline,
        "days_left": (deadline - date.today()).days,
        "can_cockpit": access.can_view_cockpit(user),
        "todo": todo_for(user, cycle_year),
    }
    return render(request, "core/home.html", context)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
