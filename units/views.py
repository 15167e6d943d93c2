from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts import access
from core.decorators import role_required
from lib.pages import page_query
from units.models import Level
from units.selectors import communes_of, former_provinces, provinces_on, region_tags_of, units_with_names


@require_GET
@role_required(access.can_view_reference)
def unit_list(request):
    today = date.today()
    return render(
        request,
        "units/list.html",
        {
            "provinces": provinces_on(today).prefetch_related("merged_from__names"),
            "former": former_provinces(),
        },
    )


@require_GET
@role_required(access.can_view_reference)
def unit_detail(request, pk: int):
    unit = get_object_or_404(units_with_names().select_related("parent", "merged_into"), pk=pk)
    search = request.GET.get("q", "").strip()
    communes = None
    if unit.level == Level.PROVINCE:
        communes = Paginator(communes_of(unit, search=search), 50).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "names": unit.names.order_by("valid_from"),
        "merged_from": units_with_names().filter(merged_into=unit).order_by("code"),
        "region_tags": region_tags_of(unit),
        "communes": communes,
        "search": search,
        "page_query": page_query({"q": search}),
        "can_view_agencies": unit.level == Level.PROVINCE and access.can_view_agencies(request.user, unit),
    }
    if request.headers.get("HX-Request") and communes is not None:
        return render(request, "units/_communes.html", context)
    return render(request, "units/detail.html", context)
