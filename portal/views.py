"""The public portal (no login): home, indicator pages, downloads; and the ministry's publication page.

Public views read through ``portal.selectors.public_figures`` only. They show no person's name, no comment and no
value's own source note: only the figures, the framework's metadata and the ministry's public note."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from core.decorators import role_required
from datavalues.models import Sex
from documents.charts import ChartSpec, chart_json
from indicators import cuts
from indicators.models import MILESTONE_YEARS, PartKind
from lib.errors import DomainError
from lib.exporters import XLSX_TYPE
from lib.forms import add_domain_error
from portal.exports import figures_csv, figures_xlsx, unit_of_measure
from portal.forms import DownloadForm, ProvinceYearForm, PublishForm, WithdrawForm
from portal.models import Publication
from portal.selectors import (
    cut_series,
    download_choices,
    download_figures,
    latest_national,
    national_series,
    province_cuts,
    province_figures,
    public_indicators,
    publication_history,
    publication_preview,
    publications_in_force,
    published_years,
    sexes_of,
    years_overview,
)
from portal.services import FIRST_YEAR, publication_publish, publication_withdraw
from units.selectors import provinces_on

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_TYPE,
}


# --- public pages -------------------------------------------------------------------------------------------------


def _in_vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def _target_label() -> str:
    return "Quốc gia" if _in_vietnamese() else _("National")


def _national_charts(specs: list[ChartSpec]) -> list[dict]:
    """The charts' data, each target marked as the national one (the optional fifth element static/js/charts.js
    reads), so that it takes the national target's marker whatever the page's language names it."""
    charts = chart_json(specs)
    for chart in charts:
        for target in chart["targets"]:
            target.append("national")
    return charts


@require_GET
def portal_home(request):
    latest = latest_national()
    objectives: dict[int, dict] = {}
    for indicator in public_indicators():
        group = objectives.setdefault(
            indicator.objective_id, {"objective": indicator.objective, "indicators": []}
        )
        group["indicators"].append({"indicator": indicator, "latest": latest.get(indicator.pk)})
    choices = download_choices()
    return render(
        request,
        "portal/home.html",
        {
            "objectives": list(objectives.values()),
            "publications": publications_in_force(),
            "download_form": DownloadForm(choices=choices),
            "has_figures": bool(choices["years"]),
        },
    )


@require_GET
def portal_indicator(request, code: str):
    indicator = get_object_or_404(public_indicators(), code=code)
    series = national_series(indicator)
    years = published_years(indicator)
    form = ProvinceYearForm(request.GET or None, years=years)
    year = years[-1] if years else None
    if years and request.GET.get("year"):
        if not form.is_valid():
            raise Http404
        year = form.cleaned_data["year"]
    unit = unit_of_measure(indicator)
    targets = [
        (target.year, target.comparator, target.value, _target_label())
        for target in indicator.targets.all()
        if target.year in MILESTONE_YEARS
    ]
    charts = []
    for sex in sexes_of(indicator) if series else []:
        title = f"{indicator.code}. {indicator.name}"
        if indicator.by_sex:
            title = f"{indicator.code} · {Sex(sex).label}"
        points = [(row.year, row.by_sex[sex].value) for row in series if sex in row.by_sex]
        charts.append(ChartSpec(title=title, unit=unit, series=points, targets=targets))
    order = {PartKind.NUMERATOR: 0, PartKind.DENOMINATOR: 1, PartKind.VALUE: 2}
    provinces = province_figures(indicator, year) if year else []
    # the declared disaggregations as a filter: the national figures and the provinces' of each option
    known = cuts.declared(indicator)
    cut_choices = [(d.code, d.name) for d in known.dimensions if known.options.get(d.code)]
    dimension = request.GET.get("disaggregation", "")
    if dimension not in dict(cut_choices):
        dimension = ""
    columns = [(cuts.canonical({dimension: o.code}), o.name) for o in known.options.get(dimension, ())]
    by_province = province_cuts(indicator, year, dimension) if dimension and year else {}
    totals = {row.year: row.total for row in series}
    return render(
        request,
        "portal/indicator.html",
        {
            "indicator": indicator,
            "unit": unit,
            "series": series,
            "charts": _national_charts(charts),
            "parts": sorted(indicator.parts.all(), key=lambda part: order.get(part.kind, 9)),
            "year": year,
            "year_form": form if len(years) > 1 else None,
            "provinces": provinces,
            "province_rows": [
                (unit_row, row, [by_province.get(unit_row.pk, {}).get(c) for c, _n in columns])
                for unit_row, row in provinces
            ],
            "cut_choices": cut_choices,
            "dimension": dimension,
            "dimension_name": dict(cut_choices).get(dimension, ""),
            "cut_columns": columns,
            "cut_rows": [
                (y, totals.get(y), [figures.get(c) for c, _n in columns])
                for y, figures in (cut_series(indicator, dimension) if dimension else [])
            ],
            "provinces_total": provinces_on(date.today()).count(),
            "is_ratio": indicator.is_ratio,
            "yes_no": indicator.unit_label == "yes/no",
        },
    )


@require_GET
def portal_download(request, fmt: str):
    choices = download_choices()
    form = DownloadForm(request.GET, choices=choices)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("This selection is not among the published figures."), content_type="text/plain; charset=utf-8"
        )
    figures = download_figures(**form.filters())
    data = figures_csv(figures) if fmt == "csv" else figures_xlsx(figures, list(publications_in_force()))
    name = "-".join(
        ["so-lieu-binh-dang-gioi" if _in_vietnamese() else "gender-equality-figures"]
        + [str(v).replace("=", "-").replace(";", "-") for v in form.filters().values() if v]
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- the ministry's publication page ------------------------------------------------------------------------------


@require_GET
@role_required(access.can_view_publications)
def publication_list(request):
    return render(
        request,
        "portal/publications.html",
        {
            "years": years_overview(),
            "history": publication_history()[:100],
            "can_publish": access.can_publish_figures(request.user),
        },
    )


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= 2100:
        raise Http404
    return year


def _year_page(request, year: int, *, publish_form=None, withdraw_form=None, status: int = 200):
    preview = publication_preview(year)
    in_force = preview.in_force
    can_publish = access.can_publish_figures(request.user)
    if publish_form is None:
        publish_form = PublishForm(initial={"digest": preview.digest})
    else:
        publish_form.data = publish_form.data.copy()
        publish_form.data["digest"] = (
            preview.digest
        )  # a refused publication shows the figures as they are now
    if withdraw_form is None and in_force is not None:
        withdraw_form = WithdrawForm(
            initial={"publication": in_force.pk, "lock_version": in_force.lock_version}
        )
    return render(
        request,
        "portal/publication_year.html",
        {
            "year": year,
            "preview": preview,
            "rows": preview.rows(),
            "in_force": in_force,
            "history": publication_history(year),
            "can_publish": can_publish,
            "publish_form": publish_form,
            "withdraw_form": withdraw_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@role_required(access.can_view_publications)
def publication_year(request, year: int):
    year = _year(year)
    if request.method != "POST":
        return _year_page(request, year)
    if not access.can_publish_figures(request.user):
        raise PermissionDenied
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            publication = publication_publish(
                year=year,
                by=request.user,
                note=form.cleaned_data["note"],
                expected_digest=form.cleaned_data["digest"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The figures of %(year)s are published: %(n)s figures are on the public portal.")
                % {"year": year, "n": publication.figure_count},
            )
            return redirect("publication_list")
    return _year_page(request, year, publish_form=form, status=422)


@require_POST
@role_required(access.can_publish_figures)
def publication_withdraw_view(request, year: int):
    year = _year(year)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        publication = get_object_or_404(Publication, pk=form.cleaned_data["publication"], year=year)
        try:
            publication_withdraw(
                publication=publication,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.expected_version,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                _("The figures of %(year)s are withdrawn from the public portal.") % {"year": year},
            )
            return redirect("publication_list")
    return _year_page(request, year, withdraw_form=form, status=422)
