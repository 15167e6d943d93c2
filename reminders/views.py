from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import access
from core.decorators import role_required
from lib.pages import page_query
from reminders.models import ReminderLog


@role_required(access.can_view_reminders)
def reminder_list(request):
    """The reminders sent: by the ministry for everyone, by a focal officer for their province's people."""
    qs = ReminderLog.objects.select_related("recipient", "unit")
    if not access.is_ministry(request.user):
        qs = qs.filter(unit=access.province_of(request.user))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "reminders/list.html", {"page": page, "query": page_query({})})
