"""Dashboards: a unit's overview, an indicator's page, the comparison across provinces, the ministry's deadline
cockpit and its drill-down into a province. Read-only pages; access is decided in accounts.access."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from core.decorators import load_and_check, role_required
from dashboards import selectors
from datavalues import rollup_cache
from indicators.models import MILESTONE_YEARS, Indicator, Objective
from reports.selectors import current_cycle_year
from units.selectors import nation


def _year(request) -> int:
    return selectors.year_from(request.GET.get("year"), current_cycle_year())


def _chart_labels() -> dict[str, str]:
    """Names of the series and targets in the charts, in the page's language."""
    return {
        "national": _("National"),
        "province": _("Provincial"),
        "province_annual": _("Provincial, annual plan"),
        "female": _("Female"),
        "male": _("Male"),
    }


def _glance_labels() -> dict[str, str]:
    """The words of static/js/glance.js, in the page's language."""
    return {
        "png": _("Download PNG"),
        "svg": _("Download SVG"),
        "target": _("Target"),
        "noTarget": _("No target"),
        "noData": _("No data"),
        "indicators": _("Indicators"),
        "planned": _("Planned"),
        "allocated": _("Allocated"),
        "spent": _("Spent"),
        "millionVnd": _("million VND"),
        "lighter": _("lighter:"),
        "darker": _("darker:"),
    }


unit_viewer = load_and_check(selectors.unit_for_dashboard, access.can_view_dashboard, arg="code")


@require_GET
@role_required()
def dashboard_home(request):
    """The ministry's national overview; a province's people's overview of their province."""
    user = request.user
    unit = nation() if access.is_ministry(user) else access.province_of(user)
    if unit is None:
        raise PermissionDenied
    return _overview(request, unit)


@require_GET
@unit_viewer
def dashboard_unit(request, unit):
    return _overview(request, unit)


def _overview(request, unit):
    year = _year(request)
    try:
        objective = int(request.GET.get("objective", ""))
    except ValueError:
        objective = None
    rows, stamp = selectors.overview(unit, year, objective=objective, stamped=True)
    national = selectors.is_nation(unit)
    context = {
        "unit": unit,
        "national": national,
        "year": year,
        "years": selectors.YEARS_SHOWN,
        "objective": objective,
        "objective_keep": [("objective", objective)] if objective else [],
        "milestones": MILESTONE_YEARS,
        "rows": rows,
        "counts": selectors.status_counts(rows),
        "can_cockpit": access.can_view_cockpit(request.user),
    }
    # the table of indicators is the same for everyone who may see the unit: rendered once for each state of
    # the data it comes from
    context["indicators"] = rollup_cache.fragment(
        stamp,
        "overview-indicators",
        lambda: render_to_string(
            "dashboards/_overview_indicators.html",
            {**context, "objectives": Objective.objects.order_by("number")},
        ),
    )
    if national:
        context["summary"] = selectors.nation_summary(year)
    else:
        context["summary"] = selectors.province_summary(unit, year)
    context["glance"] = {
        "statuses": selectors.glance_statuses(rows),
        "trends": selectors.glance_trends(rows),
        "funding": selectors.glance_funding(unit, year),
        "completeness": selectors.glance_completeness(unit, context["summary"]),
    }
    context["glance_labels"] = _glance_labels()
    if national:
        context.update(_tiles(request, year))
    return render(request, "dashboards/overview.html", context)


def _tiles(request, year: int) -> dict:
    """The ministry's tile grid of the provinces for the indicator chosen in ``?tiles=`` (the framework's first
    national indicator by default)."""
    indicators = list(
        Indicator.objects.filter(active=True, province__isnull=True)
        .select_related("objective")
        .prefetch_related("targets")
        .order_by("objective__number", "order")
    )
    if not indicators:
        return {}
    wanted = request.GET.get("tiles")
    indicator = next((i for i in indicators if i.code == wanted), indicators[0])
    colour = "value" if request.GET.get("colour") == "value" else "status"
    tiles = {**selectors.tile_grid(indicator, year), "colour": colour}
    return {"tile_indicators": indicators, "tile_indicator": indicator, "tile_colour": colour, "tiles": tiles}


@require_GET
@unit_viewer
def dashboard_indicator(request, unit, indicator_code: str):
    indicator = (
        Indicator.objects.filter(code=indicator_code, active=True)
        .select_related("objective")
        .prefetch_related("targets")
        .first()
    )
    if indicator is None or (indicator.province_id is not None and indicator.province_id != unit.pk):
        raise Http404
    year = _year(request)
    page = selectors.indicator_page(indicator, unit, year)
    if not page:
        raise Http404
    labels = _chart_labels()
    charts = selectors.indicator_chart(indicator, page, labels=labels)
    choices = selectors.breakdown_choices(indicator)
    by = request.GET.get("by", selectors.SEX if indicator.by_sex else "")
    if by not in dict(choices):
        by = ""  # an unknown choice shows the total alone
    years = list(range(selectors.FIRST_YEAR, year + 1))
    broken = selectors.breakdown(indicator, unit, years, by) if by else None
    if broken is not None:
        charts = selectors.breakdown_chart(charts, broken)
    elif indicator.by_sex:
        charts = [{**charts[0], "lines": []}]  # the total alone
    return render(
        request,
        "dashboards/indicator.html",
        {
            "unit": unit,
            "national": selectors.is_nation(unit),
            "indicator": indicator,
            "year": year,
            "years": selectors.YEARS_SHOWN,
            "page": page,
            "row": page["progress"],
            "charts": charts,
            "by": by,
            "by_keep": [("by", by)] if by else [("by", "")],
            "by_choices": choices,
            "breakdown": broken,
            "labels": labels,
            "former": [u.name for u in unit.merged_from.prefetch_related("names").order_by("code")],
        },
    )


@require_GET
@role_required(access.can_compare_provinces)
def dashboard_compare(request, indicator_code: str):
    year = _year(request)
    wanted = request.GET.get("indicator")
    if wanted and wanted != indicator_code:  # the indicator picker works without scripts
        url = reverse("dashboard_compare", args=[wanted])
        return redirect(f"{url}?{urlencode({'year': year})}")
    indicators = Indicator.objects.filter(active=True, province__isnull=True).order_by(
        "objective__number", "order"
    )
    indicator = (
        indicators.select_related("objective").prefetch_related("targets").filter(code=indicator_code).first()
    )
    if indicator is None:
        raise Http404
    sort = request.GET.get("sort", "code")
    if sort not in selectors.SORTS:
        sort = "code"
    descending = request.GET.get("dir") == "desc"
    data = selectors.comparison(indicator, year)
    history_years = [y for y in data["years"] if y < year][-5:]
    # the table keeps the provinces with a figure to show; those without one are named in one line above it
    shown = [
        r
        for r in data["rows"]
        if r.value is not None or any(r.values.get(y) is not None for y in history_years)
    ]
    rows = selectors.sort_rows(shown, sort, descending)
    labels = _chart_labels()
    own = access.province_of(request.user)
    return render(
        request,
        "dashboards/compare.html",
        {
            "indicator": indicator,
            "indicators": indicators,
            "year": year,
            "years": selectors.YEARS_SHOWN,
            "data": data,
            "rows": rows,
            "history_years": history_years,
            "with_values": sum(1 for r in data["rows"] if r.value is not None),
            "sort": sort,
            "descending": descending,
            "labels_sort": {"code": _("Code"), "name": _("Province"), "status": _("Status")},
            "charts": selectors.comparison_charts(indicator, data, labels=labels),
            "ranked": selectors.ranked(indicator, data),
            "glance_labels": _glance_labels(),
            "without": selectors.without_values(data),
            "labels": labels,
            "own_province": own,
            "can_open": {
                r.province.pk for r in data["rows"] if access.can_view_dashboard(request.user, r.province)
            },
        },
    )


@require_GET
@role_required(access.can_view_cockpit)
def cockpit(request):
    year = _year(request)
    data, stamp = selectors.cockpit(year, stamped=True)
    state = request.GET.get("state", "")
    if state not in (*selectors.REPORT_STATES, "overdue"):
        state = ""  # an unknown state shows every province, as "All" does
    context = {
        "data": data,
        "year": year,
        "years": selectors.YEARS_SHOWN,
        "state": state,
        "state_keep": [("state", state)] if state else [],
        "rows": selectors.filter_rows(data["rows"], state),
    }
    # the same for everyone at the ministry: rendered once for each state of the data and filter
    context["body"] = rollup_cache.fragment(
        stamp and f"{stamp}-{state or 'all'}",
        "cockpit",
        lambda: render_to_string("dashboards/_cockpit.html", context),
    )
    return render(request, "dashboards/cockpit.html", context)


@require_GET
@role_required(access.can_view_cockpit)
def cockpit_province(request, code: str):
    province = selectors.province_or_none(code)
    if province is None:
        raise Http404
    year = _year(request)
    summary = selectors.province_summary(province, year)
    return render(
        request,
        "dashboards/cockpit_province.html",
        {
            "province": province,
            "year": year,
            "years": selectors.YEARS_SHOWN,
            "summary": summary,
            "owing": [d for d in summary["debts"] if d.owes_anything],
        },
    )
