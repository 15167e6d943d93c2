"""The data-quality page: values far from their own history or from similar units (``datavalues.quality``), per
province and for the nation, with the follow-up of each."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core.decorators import role_required
from core.form_post import act
from datavalues import quality
from datavalues.models import QualityCheck, ReviewState, Sex
from datavalues.services import quality_review_set
from indicators.models import Indicator, PartKind
from units.models import AdminUnit, Level
from units.selectors import nation, province_today, provinces_on


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2021 <= int(raw) <= 2030 else date.today().year


def _scope(request) -> AdminUnit:
    """The page's province (a province's people: their own) or the nation (the ministry's default)."""
    user = request.user
    if not access.is_ministry(user):
        unit = access.province_of(user)
    else:
        code = request.GET.get("province") or request.POST.get("province") or "VN"
        unit = nation() if code == "VN" else province_today(code)
    if unit is None or not access.can_view_quality(user, unit):
        raise PermissionDenied
    return unit


@require_GET
@role_required()
def data_quality(request):
    year = _year(request)
    unit = _scope(request)
    state = request.GET.get("state", "")
    state = state if state in ReviewState.values else ""
    rows = quality.quality_rows(unit, year, state=state)
    return render(
        request,
        "datavalues/quality.html",
        {
            "unit": unit,
            "national": unit.level == Level.NATION,
            "year": year,
            "state": state,
            "rows": rows,
            "years": range(2021, date.today().year + 1),
            "states": ReviewState.choices,
            "states_by_code": dict(ReviewState.choices),
            "parts": dict(PartKind.choices),
            "sexes": dict(Sex.choices),
            "checks": dict(QualityCheck.choices),
            "provinces": provinces_on(date.today()) if access.is_ministry(request.user) else None,
            "can_review": access.can_review_quality(request.user, unit),
            "threshold": quality.THRESHOLD,
            "min_history": quality.MIN_HISTORY,
            "min_peers": quality.MIN_PEERS,
        },
    )


@require_POST
@role_required()
def data_quality_review(request):
    """Mark a flagged value's follow-up; back to the page with what was done, or why not."""
    year = _year(request)
    scope = _scope(request)
    post = request.POST
    indicator = get_object_or_404(
        Indicator, pk=post.get("indicator") if post.get("indicator", "").isdigit() else 0
    )
    unit = get_object_or_404(AdminUnit, pk=post.get("unit") if post.get("unit", "").isdigit() else 0)
    inside = unit.pk == scope.pk or unit.parent_id == scope.pk or scope.level == Level.NATION
    if not inside or not access.can_review_quality(request.user, unit):
        raise PermissionDenied
    version = post.get("lock_version", "")
    back = (
        reverse("data_quality")
        + "?"
        + urlencode({"year": year, **({"province": scope.code} if access.is_ministry(request.user) else {})})
    )
    if not version.isdigit():
        messages.error(request, _("The page is out of date; reload it before saving."))
        return HttpResponseRedirect(back)
    return act(
        request,
        lambda: quality_review_set(
            by=request.user,
            indicator=indicator,
            unit=unit,
            year=year,
            part=post.get("part", ""),
            sex=post.get("sex", ""),
            option=post.get("option", ""),
            kind=post.get("check", ""),
            state=post.get("state", ""),
            note=post.get("note", ""),
            expected_version=int(version),
        ),
        success=_("The follow-up is saved."),
        to=back,
    )
