"""Funding pages: a province's planned, allocated and spent amounts by source and year with its tasks' lines, its
Excel table, and the ministry's national table (provinces × sources for a year)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts import access
from core.decorators import role_required
from plans.funding import (
    FLAG_LABELS,
    STRATEGY_YEARS,
    funding_lines,
    funding_totals,
    funding_totals_nation,
)
from plans.models import FundingSource
from units.selectors import provinces_on

SHORT_SOURCES = {  # column heads of the national table; the full names are their titles
    "local_recurrent": _("Local budget, recurrent"),
    "local_investment": _("Local budget, investment"),
    "programmes": _("National programmes"),
    "international": _("International aid"),
    "society": _("Society and communities"),
}
MEASURES = {"planned": _("Planned"), "allocated": _("Allocated"), "spent": _("Spent")}


def _year(raw: str | None) -> int | None:
    """A year of the strategy from the query string; anything else means every year."""
    return int(raw) if raw and raw.isdigit() and int(raw) in STRATEGY_YEARS else None


def _this_year() -> int:
    return min(max(date.today().year, STRATEGY_YEARS[0]), STRATEGY_YEARS[-1])


def _province(request):
    """The province asked for: a provincial user's own (naming another is refused), or for the ministry the one in
    ``?province=`` (None until one is chosen)."""
    user = request.user
    code = request.GET.get("province", "").strip()
    if access.is_ministry(user):
        province = provinces_on(date.today()).filter(code=code).first() if code else None
    else:
        province = access.province_of(user)
        if province is None or (code and code != province.code):
            raise PermissionDenied
    if province is not None and not access.can_view_funding(user, province):
        raise PermissionDenied
    return province


def _labelled(rows: list[dict]) -> list[dict]:
    """Rows of the selectors with the page's labels (the selectors' ``label`` is the documents' Vietnamese)."""
    return [
        {
            **row,
            "source_label": FundingSource(row["source"]).label if "source" in row else "",
            "flag_label": FLAG_LABELS.get(row["flag"], ""),
        }
        for row in rows
    ]


def _plan_spans(plans: list[dict]) -> list[dict]:
    """The plan in force, year by year, as runs of years: [{"first", "last", "plan"}]."""
    spans: list[dict] = []
    for row in plans:
        if spans and spans[-1]["plan"]["id"] == row["id"] and spans[-1]["last"] == row["year"] - 1:
            spans[-1]["last"] = row["year"]
        else:
            spans.append({"first": row["year"], "last": row["year"], "plan": row})
    return spans


@require_GET
@role_required()
def funding_province(request):
    province = _province(request)
    year = _year(request.GET.get("year"))
    context = {
        "province": province,
        "year": year,
        "years": STRATEGY_YEARS,
        "provinces": provinces_on(date.today()) if access.is_ministry(request.user) else None,
        "ministry": access.can_view_national_funding(request.user),
    }
    if province is not None:
        totals = funding_totals(province, year)
        cells = _labelled(totals["cells"])
        by_year = []
        for row in _labelled(totals["by_year"]):
            by_year.append({**row, "cells": [c for c in cells if c["year"] == row["year"]]})
        lines = _labelled(funding_lines(province, year))
        context.update(
            {
                "totals": totals,
                "spans": _plan_spans(totals["plans"]),
                "by_year": by_year,
                "by_source": _labelled(totals["by_source"]),
                "total": _labelled([totals["total"]])[0],
                # every line of one year; over the whole strategy only the flagged ones, or the page runs long
                "lines": lines if year is not None else [line for line in lines if line["flag"]],
            }
        )
    return render(request, "plans/funding.html", context)


@require_GET
@role_required()
def funding_download(request):
    from plans.funding_xlsx import FundingExport

    province = _province(request)
    if province is None:
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    return FundingExport(province, year).xlsx_response()


@require_GET
@role_required(access.can_view_national_funding)
def funding_nation(request):
    year = _year(request.GET.get("year")) or _this_year()
    measure = request.GET.get("measure", "spent")
    if measure not in MEASURES:
        measure = "spent"
    data = funding_totals_nation(year)
    provinces = []
    for row in data["provinces"]:
        provinces.append(
            {
                **row,
                "cells": [cell[measure] for cell in row["by_source"]],
                "value": row["total"][measure],
                "flag_label": FLAG_LABELS.get(row["total"]["flag"], ""),
            }
        )
    return render(
        request,
        "plans/funding_nation.html",
        {
            "year": year,
            "years": STRATEGY_YEARS,
            "measure": measure,
            "measures": MEASURES.items(),
            "measure_label": MEASURES[measure],
            "sources": [(label, SHORT_SOURCES[source]) for source, label in FundingSource.choices],
            "by_source": _labelled(data["by_source"]),
            "total": _labelled([data["total"]])[0],
            "provinces": provinces,
            "with_plan": sum(1 for row in provinces if row["plan"]),
            "source_totals": [cell[measure] for cell in data["by_source"]],
        },
    )
