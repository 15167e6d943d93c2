"""Data entry: the worklist, the grid per indicator and year, saving one cell with htmx, and the workflow."""

import json
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

import datavalues.sync as sync
from accounts import access
from core.decorators import role_required
from core.form_post import act
from core.offline import offline_page
from datavalues.forms import AssignmentForm
from datavalues.models import LOCKED, DataValue, Sex, ValueStatus
from datavalues.selectors import (
    assignment_versions,
    assignments_of,
    indicator_value,
    province_parts,
    rollup,
    sexes_of,
    worklist,
)
from datavalues.services import assignment_set, series_primary, value_set, values_transition
from indicators import cuts
from indicators.models import Indicator, IndicatorPart
from jobs.models import JobKind
from jobs.selectors import recent_jobs
from lib.errors import DomainError
from lib.numbers import format_number
from units.models import AdminUnit
from units.selectors import communes_of, current_province


def _year(request) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2015 <= int(raw) <= 2030 else date.today().year


@require_GET
@role_required()
@offline_page
def data_worklist(request):
    year = _year(request)
    items = worklist(request.user, year)
    counts: dict[str, int] = {}
    for item in items:
        counts[item.status] = counts.get(item.status, 0) + 1
    return render(
        request,
        "datavalues/worklist.html",
        {
            "items": items,
            "year": year,
            "years": range(2021, date.today().year + 1),
            "counts": counts,
            "province": access.province_of(request.user),
            "uploads": recent_jobs(request.user, JobKind.IMPORT),
        },
    )


def _grid_unit(request) -> AdminUnit:
    """The unit of the grid: ?unit=ID when the user may see it, else the user's own unit (commune or province)."""
    user = request.user
    raw = request.GET.get("unit") or request.POST.get("unit")
    if raw and raw.isdigit():
        unit = get_object_or_404(AdminUnit, pk=int(raw))
    elif user.unit is not None and user.unit.level == "commune":
        unit = user.unit
    else:
        unit = access.province_of(user)
    if unit is None or not access.can_view_values(user, unit):
        raise PermissionDenied
    return unit


def _agency_of(unit: AdminUnit, part) -> "object | None":
    """The agency assigned the part in the unit's province (one lookup; pass it to _cell for many cells)."""
    province = current_province(unit)
    return (
        assignments_of(province).get(part.pk)
        if province is not None and province.level == "province"
        else None
    )


def _cell(
    request,
    *,
    indicator,
    part,
    unit,
    year,
    sex,
    value=None,
    last=None,
    message="",
    level="",
    draft=None,
    agency=None,
    option="",
    option_label="",
):
    editable = access.can_enter_value(request.user, unit, indicator, agency) and not (
        value and value.status in LOCKED
    )
    return {
        "indicator": indicator,
        "part": part,
        "unit": unit,
        "year": year,
        "sex": sex,
        "option": option,
        "option_label": option_label,
        # the cell's id on the page: its unit, part and sex, and its disaggregation (area=urban → area-urban)
        "dom_id": "-".join(
            [
                "cell",
                str(unit.pk),
                part.kind,
                sex,
                *([option.replace("=", "-").replace(";", "_")] if option else []),
            ]
        ),
        "value": value,
        "last": last,
        "message": message,
        "level": level,
        "editable": editable,
        "shown": draft
        if draft is not None
        else (format_number(value.value, grouping=False) if value else ""),
    }


def _row_summary(unit, sex: str, values: list, result) -> dict:
    """The result column of one row of the grid (a sex of the grid's unit, or a commune): the indicator computed
    from the row's parts and the row's statuses, each workflow status its values are in ("missing" when the row
    has none). ``data_cell`` answers it again, out of band, when one of the row's parts is saved."""
    codes = sorted({v.status for v in values if v is not None})
    return {
        "dom_id": f"result-{unit.pk}-{sex}",
        "result": result,
        "statuses": codes or ["missing"],
    }


def _row_result(indicator, rolled, grid_unit, row_unit, sex: str, values: list):
    """The indicator computed for one row of the grid: the grid's own unit from its roll-up (which sums communes
    when it has no value of its own), a commune row from the row's own parts."""
    if row_unit.pk == grid_unit.pk:
        return rolled.value(sex)
    return indicator_value(indicator, {(v.part, v.sex): v.value for v in values if v is not None}, sex)


def _grid_summary(indicator, unit, year: int, series) -> dict:
    """The grid's total result and the statuses of the unit's values of the year, from one query and one roll-up."""
    rolled = rollup(indicator, unit, year)
    codes = set(
        DataValue.objects.filter(series=series, unit=unit, year=year)
        .values_list("status", flat=True)
        .distinct()
    )
    return {"result": rolled.value(), "statuses": sorted(codes), "rolled": rolled}


@require_GET
@role_required()
@offline_page
def data_grid(request, code: str, year: int):
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related("parts", "dimensions__options"), code=code
    )
    unit = _grid_unit(request)
    parts = list(indicator.parts.all())
    series = series_primary(indicator)
    agencies = {part.pk: _agency_of(unit, part) for part in parts}
    by_commune = request.GET.get("rows") == "communes" and unit.level == "province"
    # rows: the sexes of one unit, or (for a province) its communes, total only
    if by_commune:
        row_units = [(commune, Sex.TOTAL, commune.name) for commune in communes_of(unit)]
    else:
        row_units = [(unit, sex, Sex(sex).label) for sex in sexes_of(indicator)]
    # under each sex of the unit, the indicator's declared cuts (area=urban, ...), folded until asked for
    options = [] if by_commune else cuts.declared(indicator).rows()
    names = cuts.option_names() if options else {}
    stored = {
        (v.unit_id, v.part, v.year, v.sex, v.option): v
        for v in DataValue.objects.filter(
            series=series, unit__in=[u for u, _s, _l in row_units], year__in=[year, year - 1]
        )
    }

    def cells_of(row_unit, sex, option="", option_label=""):
        cells = []
        for part in parts:
            last = stored.get((row_unit.pk, part.kind, year - 1, sex, option))
            cells.append(
                _cell(
                    request,
                    indicator=indicator,
                    part=part,
                    unit=row_unit,
                    year=year,
                    sex=sex,
                    value=stored.get((row_unit.pk, part.kind, year, sex, option)),
                    last=last.value if last else None,
                    agency=agencies[part.pk],
                    option=option,
                    option_label=option_label,
                )
            )
        return cells

    rolled = rollup(indicator, unit, year)
    rows = []
    for row_unit, sex, label in row_units:
        folded = []
        for option in options:
            words = cuts.label(option, names)
            folded.append((words, cells_of(row_unit, sex, option, words)))
        entered = sum(1 for _w, cells in folded for c in cells if c["value"] is not None)
        own = [stored.get((row_unit.pk, part.kind, year, sex, "")) for part in parts]
        result = _row_result(indicator, rolled, unit, row_unit, sex, own)
        rows.append(
            {
                "label": label,
                "cells": cells_of(row_unit, sex),
                "cuts": folded,
                "entered": entered,
                "summary": _row_summary(row_unit, sex, own, result),
            }
        )
    current = [v for (u, _p, y, _s, _o), v in stored.items() if y == year and u == unit.pk]
    return render(
        request,
        "datavalues/grid.html",
        {
            "indicator": indicator,
            "unit": unit,
            "year": year,
            "parts": parts,
            "rows": rows,
            "by_commune": by_commune,
            "dimensions": ", ".join(d.name for d in cuts.declared(indicator).dimensions) if options else "",
            "result": rolled.value(),
            "statuses": sorted({v.status for v in current}),
            "can_submit": access.can_edit_values(request.user, unit),
            "can_review": access.can_review_values(request.user, unit)
            and any(v.status == ValueStatus.SUBMITTED for v in current),
            "can_accept": access.can_accept_values(request.user)
            and any(v.status == ValueStatus.APPROVED for v in current),
            "can_reopen": access.can_review_values(request.user, unit)
            and any(v.status in LOCKED for v in current),
            "returned": [v for v in current if v.status == ValueStatus.RETURNED],
        },
    )


@require_POST
@role_required()
def data_cell(request):
    """Save one cell; answers the cell again with its message (htmx swaps it in place)."""
    indicator = get_object_or_404(Indicator, code=request.POST.get("indicator", ""))
    part = get_object_or_404(IndicatorPart, indicator=indicator, kind=request.POST.get("part", ""))
    unit = _grid_unit(request)
    year = _year(request)
    sex = request.POST.get("sex", Sex.TOTAL)
    raw = request.POST.get("value", "").strip()
    agency = _agency_of(unit, part)
    if not access.can_enter_value(request.user, unit, indicator, agency):
        raise PermissionDenied
    option = request.POST.get("option", "")
    try:  # the disaggregation the cell names, in its stored form (value_set checks it again with everything else)
        option = cuts.normalise(option, cuts.declared(indicator), indicator_code=indicator.code)
    except cuts.CutError as exc:
        cell = _cell(
            request,
            indicator=indicator,
            part=part,
            unit=unit,
            year=year,
            sex=sex,
            agency=agency,
            option=option,
            message=str(exc.message),
            level="error",
            draft=raw,
        )
        return render(request, "datavalues/_cell.html", {"cell": cell}, status=422)
    context = {
        "indicator": indicator,
        "part": part,
        "unit": unit,
        "year": year,
        "sex": sex,
        "agency": agency,
        "option": option,
        "option_label": cuts.label(option),
    }
    series = series_primary(indicator)
    existing = DataValue.objects.filter(
        series=series, part=part.kind, unit=unit, year=year, sex=sex, option=option
    ).first()
    last = DataValue.objects.filter(
        series=series, part=part.kind, unit=unit, year=year - 1, sex=sex, option=option
    ).first()
    last_value = last.value if last else None
    if not raw:
        cell = _cell(
            request,
            **context,
            value=existing,
            last=last_value,
            message=_("Enter a number."),
            level="error",
            draft="",
        )
        return render(request, "datavalues/_cell.html", {"cell": cell}, status=422)
    version = request.POST.get("version", "")
    if (
        not version.isdigit()
    ):  # the grid always sends the version it shows: without it a save could overwrite blindly
        cell = _cell(
            request,
            **context,
            value=existing,
            last=last_value,
            message=_("The page is out of date; reload it before saving."),
            level="error",
            draft=raw,
        )
        return render(request, "datavalues/_cell.html", {"cell": cell}, status=422)
    try:
        saved = value_set(
            indicator=indicator,
            part=part.kind,
            unit=unit,
            year=year,
            sex=sex,
            option=option,
            value=raw,
            by=request.user,
            comment=request.POST.get("comment", ""),
            expected_version=int(version),
            series=series,
            context={"via": "grid"},
        )
    except DomainError as exc:
        level = "warning" if exc.field == "comment" else "error"
        cell = _cell(
            request,
            **context,
            value=existing,
            last=last_value,
            message=str(exc.message),
            level=level,
            draft=raw,
        )
        # someone saved in between: 409, the cell now carries their value's version, so saving again is a choice
        status = 409 if exc.field == "conflict" else 422
        return render(request, "datavalues/_cell.html", {"cell": cell}, status=status)
    cell = _cell(request, **context, value=saved, last=last_value, message=_("Saved."), level="ok")
    return render(
        request, "datavalues/_cell.html", {"cell": cell, **_live(request, indicator, unit, year, sex, series)}
    )


def _live(request, indicator, unit, year: int, sex: str, series) -> dict:
    """What changes on the grid besides the saved cell, swapped in out of band (hx-swap-oob): the result and status
    of the cell's row and the grid's result and statuses. The grid names its unit (``grid``, a province when the
    rows are its communes); a unit the user may not see is never read."""
    raw = request.POST.get("grid", "")
    grid = unit
    if raw.isdigit() and int(raw) != unit.pk:
        found = AdminUnit.objects.filter(pk=int(raw)).first()
        if found is not None and access.can_view_values(request.user, found):
            grid = found
    summary = _grid_summary(indicator, grid, year, series)
    parts = [p.kind for p in indicator.parts.all()]
    own = {
        v.part: v
        for v in DataValue.objects.filter(
            series=series, unit=unit, year=year, sex=sex, option="", part__in=parts
        )
    }
    result = _row_result(indicator, summary["rolled"], grid, unit, sex, list(own.values()))
    return {
        "live": True,
        "row": {"summary": _row_summary(unit, sex, list(own.values()), result)},
        "indicator": indicator,
        "result": summary["result"],
        "statuses": summary["statuses"],
    }


@require_POST
@role_required()
def data_action(request, code: str, year: int):
    indicator = get_object_or_404(Indicator, code=code)
    unit = _grid_unit(request)
    action = request.POST.get("action", "")
    checks = {
        "submit": lambda: access.can_edit_values(request.user, unit),
        "approve": lambda: access.can_review_values(request.user, unit),
        "return": lambda: access.can_review_values(request.user, unit),
        "reopen": lambda: access.can_review_values(request.user, unit),
        "accept": lambda: access.can_accept_values(request.user),
    }
    if action not in checks or not checks[action]():
        raise PermissionDenied
    allowed = {
        "submit": [ValueStatus.ENTERED, ValueStatus.RETURNED],
        "approve": [ValueStatus.SUBMITTED],
        "return": [ValueStatus.SUBMITTED, ValueStatus.APPROVED],
        # the province reopens what it approved; only the ministry reopens what it accepted
        "reopen": list(LOCKED) if access.can_accept_values(request.user) else [ValueStatus.APPROVED],
        "accept": [ValueStatus.APPROVED],
    }[action]
    values = list(
        DataValue.objects.filter(
            # the totals and their disaggregations go through the workflow together
            series=series_primary(indicator),
            unit=unit,
            year=year,
            status__in=allowed,
        )
    )
    if not values:
        messages.error(request, _("There is no value in a state this action applies to."))
        return redirect(f"{reverse('data_grid', args=[code, year])}?unit={unit.pk}")
    return act(
        request,
        lambda: values_transition(
            values=values, action=action, by=request.user, reason=request.POST.get("reason", "")
        ),
        success=lambda n: _("%(n)s values updated.") % {"n": n},
        to=f"{reverse('data_grid', args=[code, year])}?unit={unit.pk}",
    )


@role_required()
def data_assignments(request):
    province = access.province_of(request.user)
    if province is None or not (
        access.is_ministry(request.user) or access.can_view_plans(request.user, province)
    ):
        raise PermissionDenied
    can_edit = access.can_edit_plans(request.user, province)
    from agencies.selectors import agencies_of

    agencies = list(agencies_of(province))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = AssignmentForm(request.POST, province=province)
        if not form.is_valid():
            messages.error(request, next(iter(form.errors.values()))[0])
            return redirect("data_assignments")
        return act(
            request,
            lambda: assignment_set(
                province=province,
                part=form.cleaned_data["part"],
                agency=form.cleaned_data["agency"],
                by=request.user,
                expected_version=form.expected_version,
            ),
            success=_("The assignment is saved."),
            to="data_assignments",
        )
    assigned, versions = assignments_of(province), assignment_versions(province)
    rows = [(part, assigned.get(part.pk), versions.get(part.pk, 0)) for part in province_parts(province)]
    return render(
        request,
        "datavalues/assignments.html",
        {
            "province": province,
            "rows": rows,
            "agencies": agencies,
            "can_edit": can_edit,
        },
    )


@require_GET
@role_required()
def data_template(request):

    from datavalues.xlsx import EntryTemplate

    user = request.user
    province = access.province_of(user)
    if province is None or not access.can_edit_values(user, province):
        raise PermissionDenied
    year = _year(request)
    agency = user.agency if user.role == "department_officer" else None
    return EntryTemplate(province=province, year=year, agency=agency).xlsx_response()


JOB_ROWS = 2000  # a file with more rows is imported by a background job (its write takes more than a second)
UPLOAD_MAX = 5 * 1024 * 1024


@require_POST
@role_required()
def data_upload(request):
    """A small file is imported at once; a larger one (or an XLSX that does not say its size) goes to a background
    job, and the page that follows it shows the progress and then the result."""
    from datavalues.exchange import count_rows, read_rows
    from datavalues.services import ImportRefused, import_rows
    from jobs import services as jobs
    from jobs.models import JobKind

    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("data_worklist")
    if upload.size > UPLOAD_MAX:
        messages.error(request, _("The file is larger than 5 MB."))
        return redirect("data_worklist")
    data, name = upload.read(), upload.name[:200]
    rows = count_rows(data, name)
    if rows is None or rows > JOB_ROWS:
        try:
            read_rows(data, name).close()  # the header, at once: a file without the columns is refused now
        except ImportRefused as exc:
            return render(
                request, "datavalues/upload_errors.html", {"errors": exc.errors, "name": name}, status=400
            )
        job = jobs.start(kind=JobKind.IMPORT, by=request.user, name=name, payload=data, total=rows)
        return redirect("job_detail", pk=job.pk)
    try:
        report = import_rows(read_rows(data, name), by=request.user, context={"via": "upload", "file": name})
    except ImportRefused as exc:
        return render(
            request, "datavalues/upload_errors.html", {"errors": exc.errors, "name": name}, status=400
        )
    messages.success(
        request,
        _("%(rows)s rows imported: %(new)s new, %(changed)s updated, %(same)s unchanged.")
        % {"rows": report.rows, "new": report.created, "changed": report.changed, "same": report.unchanged},
    )
    return redirect("data_worklist")


@require_GET
@role_required()
def data_completeness(request):
    from datavalues.selectors import (
        completeness_by_agency,
        completeness_by_commune,
        completeness_by_province,
        data_deadline,
    )

    year = _year(request)
    context = {
        "year": year,
        "deadline": data_deadline(year),
        "today": date.today(),
        "years": range(2021, date.today().year + 1),
    }
    if access.is_ministry(request.user):
        context["provinces"] = completeness_by_province(year)
    else:
        province = access.province_of(request.user)
        if province is None:
            raise PermissionDenied
        context["province"] = province
        context["agencies"] = completeness_by_agency(province, year)
        context["communes"] = completeness_by_commune(province, year) if year >= 2025 else []
    return render(request, "datavalues/completeness.html", context)


@require_GET
@role_required()
def data_validation(request):
    from datavalues.selectors import validation_report

    year = _year(request)
    province = access.province_of(request.user)
    if access.is_ministry(request.user):
        code = request.GET.get("province", "80")
        province = AdminUnit.objects.filter(code=code, level="province", valid_to__isnull=True).first()
    if province is None or not access.can_view_values(request.user, province):
        raise PermissionDenied
    return render(
        request,
        "datavalues/validation.html",
        {
            "province": province,
            "year": year,
            "problems": validation_report(province, year),
            "years": range(2021, date.today().year + 1),
        },
    )


@require_POST
@role_required(access.can_edit_framework)
def series_add(request, code: str):
    from datavalues.services import series_create

    indicator = get_object_or_404(Indicator, code=code)
    return act(
        request,
        lambda: series_create(
            indicator=indicator,
            code=request.POST.get("code", ""),
            name_vi=request.POST.get("name_vi", ""),
            method=request.POST.get("method", ""),
            by=request.user,
        ),
        success=_("The series is added."),
        to=redirect("indicator_detail", code=indicator.code),
    )


@require_POST
@role_required(access.can_edit_framework)
def series_primary_view(request, code: str, series_code: str):
    from datavalues.models import Series
    from datavalues.services import series_make_primary

    series = get_object_or_404(Series, indicator__code=code, code=series_code)
    return act(
        request,
        lambda: series_make_primary(series=series, by=request.user, reason=request.POST.get("reason", "")),
        success=_("Status and reports now use this series."),
        to=redirect("indicator_detail", code=code),
    )


@require_POST
@role_required()
def data_sync(request):
    """Offline entry's batch (``datavalues.sync``, ADR 10): the edits typed offline, each through the same access
    decision and checks as a grid cell, answered one by one (saved, refused or conflict), with the cell's HTML
    where the page asks for it."""
    try:
        payload = json.loads(request.body or b"")
        raw_edits = sync.edits_of(payload)
    except (ValueError, sync.BatchError) as exc:
        said = str(exc.message) if isinstance(exc, sync.BatchError) else _("The request is not valid JSON.")
        return JsonResponse({"error": said}, status=400)
    edits = sync.sync(request.user, raw_edits)
    rendered = {e.index for e in edits if e.render and e.key is not None}
    # the disaggregations' names once, not a query per cell
    names = cuts.option_names() if any(edits[i].option for i in rendered) else {}
    # rendered without the request: the page's context processors would run (and query) once a cell
    template = get_template("datavalues/_cell.html")
    results = []
    for e in edits:
        answer = e.answer()
        if e.index in rendered:
            answer["html"] = template.render({"cell": _sync_cell(request, e, names)})
        results.append(answer)
    return JsonResponse({"results": results, **sync.totals(edits)})


def _sync_cell(request, e, names) -> dict:
    """The cell of an edit as ``data_cell`` would answer it: saved, refused (error, or warning for a comment) or a
    conflict (the officer's value in the input, the server's version and both values under the cell)."""
    level = {sync.SAVED: "ok", sync.CONFLICT: "conflict"}.get(
        e.status, "warning" if e.field == "comment" else "error"
    )
    cell = _cell(
        request,
        indicator=e.indicator,
        part=e.part,
        unit=e.unit,
        year=e.year,
        sex=e.sex,
        value=e.stored,
        last=e.last,
        message=_("Saved.") if e.status == sync.SAVED else e.message,
        level=level,
        draft=None if e.status == sync.SAVED else e.typed,
        agency=e.agency,
        option=e.option,
        option_label=cuts.label(e.option, names) if e.option else "",
    )
    if e.status == sync.CONFLICT:
        cell["conflict"] = {
            "mine": e.typed,
            "server": format_number(e.stored.value, grouping=False) if e.stored is not None else "",
        }
    return cell
