"""The exchange page (downloads in the exchange, SDMX and DHIS2 formats, and the import of SDMX-CSV, data value
sets and ADX) and the ministry's DHIS2 mapping page."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from core.decorators import role_required
from datavalues.models import Sex
from datavalues.services import ImportRefused
from datavalues.views import UPLOAD_MAX
from indicators.models import Indicator, PartKind
from interchange import dhis2, sdmx
from interchange.forms import MappingForm
from interchange.models import Dhis2Mapping
from interchange.services import import_dhis2, import_sdmx_csv, mapping_import, mapping_set, table_rows
from lib.dates import year_end
from lib.errors import DomainError
from lib.exporters import ListExporter
from lib.forms import add_domain_error
from units.models import AdminUnit, Level
from units.selectors import provinces_on

FORMATS = {
    # format: (label, file suffix, content type)
    "csv": ("exchange", "csv", "text/csv; charset=utf-8"),
    "sdmx-csv": ("SDMX-CSV 2.0", "csv", "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"),
    "dhis2-json": ("DHIS2 dataValueSets (JSON)", "json", "application/json"),
    "adx": ("ADX (XML)", "xml", "application/adx+xml"),
}


def _year(request) -> int:
    raw = request.GET.get("year") or ""
    return int(raw) if raw.isdigit() and 2015 <= int(raw) <= 2030 else date.today().year


def _units_for(user, year: int) -> list[AdminUnit]:
    """The units whose values the user may export for ``year``: the nation and every province for the ministry,
    one's own province (or commune) otherwise."""
    if access.is_ministry(user):
        nation = AdminUnit.objects.filter(level=Level.NATION).first()
        return [*([nation] if nation else []), *provinces_on(year_end(year))]
    # a province's own values of a year before the 2025 merger are those of the former provinces that went into
    # it, which the province's export includes
    if user.unit is not None and user.unit.level == Level.COMMUNE:
        return [user.unit]
    own = access.province_of(user)
    return [own] if own is not None else []


@require_GET
@role_required()
def exchange(request):
    year = _year(request)
    units = _units_for(request.user, year)
    return render(
        request,
        "interchange/exchange.html",
        {
            "year": year,
            "years": range(2021, 2031),
            "units": units,
            "formats": [(key, label) for key, (label, _s, _t) in FORMATS.items()],
            "can_import": access.province_of(request.user) is not None
            or access.can_accept_values(request.user),
            "can_map": access.can_view_exchange_mapping(request.user),
        },
    )


@require_GET
@role_required()
def exchange_download(request):
    year = _year(request)
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        raise Http404
    raw = request.GET.get("unit", "")
    unit = AdminUnit.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None:
        raise Http404
    if not access.can_view_values(request.user, unit):
        raise PermissionDenied
    _label, suffix, content_type = FORMATS[fmt]
    if fmt == "csv":
        from datavalues.exchange import ValuesExport

        body = ValuesExport(unit, year).csv(bom=False)
    elif fmt == "sdmx-csv":
        body = sdmx.SdmxCsvExport(unit, year).csv(bom=False)
    elif fmt == "dhis2-json":
        body = dhis2.data_value_set_json(unit, year)
    else:
        body = dhis2.adx(unit, year)
    response = HttpResponse(body, content_type=content_type)
    name = f"{'values' if fmt == 'csv' else fmt}-{unit.code}-{year}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@role_required()
def sdmx_structure(request):
    """The DSD as an SDMX-ML 2.1 structure message: the framework's codes, which anyone signed in may read."""
    response = HttpResponse(
        sdmx.structure_xml(), content_type="application/vnd.sdmx.structure+xml; version=2.1"
    )
    response["Content-Disposition"] = 'attachment; filename="sdmx-structure-gender-equality.xml"'
    return response


@require_POST
@role_required()
def exchange_upload(request):
    """An SDMX-CSV file (.csv), a DHIS2 data value set (.json) or an ADX message (.xml), imported at once through
    the exchange file's import; a refusal lists every error as the exchange upload does."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("exchange")
    if upload.size > UPLOAD_MAX:
        messages.error(request, _("The file is larger than 5 MB."))
        return redirect("exchange")
    data, name = upload.read(), upload.name[:200]
    try:
        if name.lower().endswith(".csv"):
            report = import_sdmx_csv(data, by=request.user, name=name)
        else:
            report = import_dhis2(data, by=request.user, name=name)
    except ImportRefused as exc:
        return render(
            request,
            "datavalues/upload_errors.html",
            {"errors": exc.errors, "name": name, "back": "exchange"},
            status=400,
        )
    messages.success(
        request,
        _("%(rows)s rows imported: %(new)s new, %(changed)s updated, %(same)s unchanged.")
        % {"rows": report.rows, "new": report.created, "changed": report.changed, "same": report.unchanged},
    )
    return redirect("exchange")


class MappingExport(ListExporter):
    """The DHIS2 mapping in force, in the columns its upload takes."""

    sheet_name = "dhis2"
    file_name = "dhis2-mapping"

    def headers(self):
        return ["indicator", "part", "sex", "disaggregation", "data_element", "category_option_combo"]

    def rows(self):
        return dhis2.mapping_rows()


class OrgUnitExport(ListExporter):
    sheet_name = "org_units"
    file_name = "dhis2-org-units"

    def headers(self):
        return ["unit", "org_unit"]

    def rows(self):
        return [[code, org] for code, org in sorted(dhis2.table().org_units.items())]


@require_http_methods(["GET", "POST"])
@role_required(access.can_view_exchange_mapping)
def dhis2_mapping(request):
    """The mapping of one indicator at a time, each row editable; the whole table as CSV or XLSX, and its upload."""
    fmt = request.GET.get("download", "")
    if fmt:
        exporter = OrgUnitExport() if request.GET.get("table") == "org_units" else MappingExport()
        if fmt == "xlsx":
            return exporter.xlsx_response()
        response = HttpResponse(exporter.csv(bom=True), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{exporter.file_name}.csv"'
        return response
    indicators = list(Indicator.objects.order_by("order", "code").only("code", "name_vi", "name_en"))
    if not indicators:
        raise Http404
    code = request.GET.get("indicator") or request.POST.get("indicator") or indicators[0].code
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None:
        raise Http404
    table = dhis2.table()
    versions = {
        (m.part, m.sex, m.option): m.lock_version for m in Dhis2Mapping.objects.filter(indicator=indicator)
    }
    bound = None
    if request.method == "POST":
        if not access.can_edit_exchange_mapping(request.user):
            raise PermissionDenied
        bound = MappingForm(request.POST)
        if bound.is_valid():
            data = bound.cleaned_data
            try:
                mapping_set(
                    indicator=indicator,
                    part=data["part"],
                    sex=data["sex"],
                    option=data["option"] or "",
                    data_element=data["data_element"],
                    category_option_combo=data["category_option_combo"],
                    by=request.user,
                    expected_version=bound.expected_version,
                )
            except DomainError as error:
                add_domain_error(bound, error)
            else:
                messages.success(request, _("The mapping is saved."))
                return redirect(f"{request.path}?indicator={indicator.code}")
    rows = []
    order = {"numerator": 0, "denominator": 1, "value": 2, "total": 0, "female": 1, "male": 2}
    mine = sorted((key, target) for key, target in table.targets.items() if key[0] == indicator.code)
    mine.sort(
        key=lambda item: (
            order.get(item[0][1], 9),
            order.get(item[0][2], 9),
            item[0][3].count("="),
            item[0][3],
        )
    )
    for (_ind, part, sex, option), (element, combo) in mine:
        key = (part, sex, option)
        posted = (
            bound is not None
            and (bound.data.get("part"), bound.data.get("sex"), bound.data.get("option") or "") == key
        )
        form = (
            bound
            if posted
            else MappingForm(
                initial={
                    "part": part,
                    "sex": sex,
                    "option": option,
                    "data_element": element,
                    "category_option_combo": combo,
                    "lock_version": versions.get(key, 0),
                },
                auto_id=False,
            )
        )
        rows.append(
            {
                "part": PartKind(part).label,
                "sex": Sex(sex).label,
                "option": option,
                "stored": key in versions,
                "form": form,
            }
        )
    from indicators.cuts import label, option_names

    names = option_names()
    for r in rows:
        r["option_name"] = label(r["option"], names)
    return render(
        request,
        "interchange/dhis2_mapping.html",
        {
            "indicators": indicators,
            "indicator": indicator,
            "rows": rows,
            "can_edit": access.can_edit_exchange_mapping(request.user),
            "data_set": dhis2.DATA_SET,
            "default_combo": dhis2.DEFAULT_COMBO,
        },
    )


@require_POST
@role_required(access.can_edit_exchange_mapping)
def dhis2_mapping_upload(request):
    """The mapping table (or the organisation units' table) as CSV or XLSX: every row or none."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("dhis2_mapping")
    if upload.size > UPLOAD_MAX:
        messages.error(request, _("The file is larger than 5 MB."))
        return redirect("dhis2_mapping")
    data, name = upload.read(), upload.name[:200]
    try:
        rows = table_rows(data, name)
        changed, read = mapping_import(rows, by=request.user, context={"via": "upload", "file": name})
    except ImportRefused as exc:
        return render(
            request,
            "datavalues/upload_errors.html",
            {"errors": exc.errors, "name": name, "back": "exchange"},
            status=400,
        )
    messages.success(
        request, _("%(read)s rows read, %(changed)s changed.") % {"read": read, "changed": changed}
    )
    return redirect("dhis2_mapping")
