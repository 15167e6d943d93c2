"""JSON API v1. Bearer tokens from `manage.py issue_api_token`; every endpoint asks ``accounts.access``."""

from datetime import date
from decimal import Decimal, localcontext

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.parser import Parser
from ninja.responses import Status
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from accounts import access
from accounts.services import api_token_user
from agencies.models import Agency
from agencies.selectors import agencies_all
from api.schemas import (
    AgencyOut,
    BreakdownOut,
    ConflictOut,
    DataYear,
    DimensionCode,
    Disaggregation,
    DisaggregationFilter,
    ErrorOut,
    FieldErrorOut,
    IndicatorCode,
    IndicatorOut,
    IsoDate,
    LevelIn,
    ProgressOut,
    RollupOut,
    UnitCode,
    UnitOut,
    ValueIn,
    ValueOut,
)
from datavalues.models import DataValue
from datavalues.selectors import Rolled, rollup, rollup_cuts
from datavalues.services import value_set
from indicators import cuts
from indicators.history import IndicatorThen, framework_as_of, indicator_state
from indicators.models import Indicator
from indicators.selectors import indicators_catalogue
from lib.dates import year_end
from lib.errors import DomainError
from progress.labels import status_text
from units.models import AdminUnit
from units.selectors import UnitNotFound, unit_for_year, units_with_names


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is None or not access.can_use_app(user):
            return None
        request.user = user
        return user


class Utf8JsonParser(Parser):
    """A body is JSON in UTF-8 (RFC 8259): a body in another encoding is refused, never guessed at."""

    def parse_body(self, request):
        import json

        return json.loads(request.body.decode("utf-8"))


api = NinjaAPI(
    parser=Utf8JsonParser(),
    title="Bình đẳng giới 2021-2030 API",
    version="1",
    description="Administrative units, agencies, the indicator framework, and data values with their roll-up.",
    auth=BearerToken(),
    urls_namespace="api-1",
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the description is at openapi.json
    throttle=[AnonRateThrottle(settings.API_RATE_ANON), AuthRateThrottle(settings.API_RATE_AUTH)],
)


# --- errors ---------------------------------------------------------------------------------------------------------
# Every refusal is JSON with a ``detail`` sentence; those about one input also name it in ``field``. Each operation
# declares the statuses it can answer (``_answers``), so the OpenAPI description is the whole contract: CI fuzzes
# the API against it (.ci/fuzz-api).


class ApiError(HttpError):
    """A refusal from an endpoint: the status, a translated sentence, and the input at fault when there is one."""

    def __init__(self, status_code: int, message: str, *, field: str | None = None):
        super().__init__(status_code, str(message))
        self.field = field


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=exc.status_code)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """django-ninja's own refusals, in the user's language: a body it cannot read, a caller going too fast."""
    if isinstance(exc, Throttled):
        detail = _("Too many requests; wait %(s)s seconds and try again.") % {"s": exc.wait or 1}
    elif exc.status_code == 400:
        detail = _("The request body is not JSON in UTF-8.")
    else:
        detail = str(exc)
    response = api.create_response(request, {"detail": detail}, status=exc.status_code)
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


# Where an input comes from: not part of its name.
_LOCATIONS = {"query", "path", "body", "payload", "header", "cookie", "form", "file"}


def _input_name(loc) -> str | None:
    names = [str(part) for part in loc if str(part) not in _LOCATIONS]
    return ".".join(names) or None


@api.exception_handler(ValidationError)
def _invalid_input(request, exc: ValidationError):
    """Input that does not match the description: 422 naming each input at fault (never a server error)."""
    errors = [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    problems = [f"{_input_name(e['loc']) or _('request body')}: {e['msg']}" for e in errors] or [
        _("the request does not match the API description")
    ]
    return api.create_response(
        request,
        {
            "detail": _("Invalid input: %(problems)s.") % {"problems": "; ".join(problems)},
            "field": _input_name(errors[0]["loc"]) if errors else None,
            "errors": errors,
        },
        status=422,
    )


_ERROR_OUT = {
    400: ErrorOut,  # a body that is not JSON
    401: ErrorOut,
    403: FieldErrorOut,
    404: FieldErrorOut,
    409: FieldErrorOut,
    422: FieldErrorOut,
    429: ErrorOut,
}


def _answers(ok, *statuses: int) -> dict:
    """The responses of an operation: ``ok`` for 200, the given error statuses, and those every operation can give
    (401 without a valid token, 429 when the caller goes too fast)."""
    out = {200: ok}
    for status in (*statuses, 401, 429):
        out[status] = _ERROR_OUT[status]
    return out


def unit_out(unit: AdminUnit) -> dict:
    return {
        "id": unit.pk,
        "code": unit.code,
        "level": unit.level,
        "name": unit.name,
        "parent_code": unit.parent.code if unit.parent_id else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "merged_into_code": unit.merged_into.code if unit.merged_into_id else None,
        "names": [
            {"name": n.name, "type": n.unit_type, "valid_from": n.valid_from, "valid_to": n.valid_to}
            for n in unit.names.all()
        ],
    }


class UnitFilter(Schema):
    code: UnitCode | None = None
    year: int | None = Field(None, ge=1900, le=2100)
    on: IsoDate | None = None
    level: LevelIn | None = None
    parent: UnitCode | None = None


@api.get(
    "/units",
    response=_answers(list[UnitOut], 422),
    tags=["units"],
    summary="Administrative units; a code with a year or a date resolves to the unit in force then",
)
def list_units(request, filters: Query[UnitFilter]):
    if filters.year is not None and filters.on is not None:
        raise ApiError(422, _("Give either a year or a date (on), not both."), field="on")
    day = filters.on or (year_end(filters.year) if filters.year else None)
    qs = units_with_names().select_related("parent", "merged_into")
    if day is not None:
        qs = qs.on(day)
    elif filters.code is None:
        qs = qs.on(date.today())
    if filters.code:
        qs = qs.filter(code=filters.code)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent, parent__in=AdminUnit.objects.on(day or date.today()))
    return [unit_out(u) for u in qs.order_by("level", "code", "valid_from")[:5000]]


@api.get("/units/{unit_id}", response=_answers(UnitOut, 404, 422), tags=["units"])
def get_unit(request, unit_id: int = Path(..., ge=1, le=2**63 - 1)):
    unit = units_with_names().select_related("parent", "merged_into").filter(pk=unit_id).first()
    if unit is None:
        raise ApiError(404, _("There is no unit with id %(id)s.") % {"id": unit_id}, field="unit_id")
    return unit_out(unit)


def agency_out(agency: Agency) -> dict:
    return {
        "id": agency.pk,
        "province_code": agency.province.code,
        "kind": agency.kind.code,
        "name": agency.name,
        "is_focal": agency.is_focal,
        "active": agency.active,
        "names": [
            {"name": n.name, "name_en": n.name_en, "valid_from": n.valid_from, "valid_to": n.valid_to}
            for n in sorted(agency.names.all(), key=lambda n: n.valid_from)
        ],
    }


@api.get(
    "/agencies",
    response=_answers(list[AgencyOut], 422),
    tags=["agencies"],
    summary="Agencies of the provinces the caller may see; filter with province=CODE",
)
def list_agencies(request, province: UnitCode | None = None):
    qs = access.scope_agencies(request.auth, agencies_all().filter(province__valid_to__isnull=True))
    if province:
        qs = qs.filter(province__code=province)
    return [agency_out(a) for a in qs]


def indicator_out(indicator: IndicatorThen) -> dict:
    return {
        "code": indicator.code,
        "objective": indicator.objective,
        "name_vi": indicator.name_vi,
        "name_en": indicator.name_en,
        "unit": indicator.unit_label,
        "factor": indicator.factor,
        "direction": indicator.direction,
        "by_sex": indicator.by_sex,
        "disaggregations": list(indicator.dimensions),
        "additive": indicator.additive,
        "confirmed": indicator.confirmed,
        "usual_provider": indicator.usual_provider,
        "collection_level": indicator.collection_level,
        "note": indicator.note,
        "active": indicator.active,
        "parts": [{"kind": p.kind, "name_vi": p.name_vi, "name_en": p.name_en} for p in indicator.parts],
        "targets": [
            {"year": t.year, "comparator": t.comparator, "value": t.value} for t in indicator.targets
        ],
    }


AS_OF = Query(
    None,
    description="The framework as it stood at the end of this day (YYYY-MM-DD), rebuilt from the audit log; "
    "empty for today's.",
)


@api.get("/indicators", response=_answers(list[IndicatorOut], 422), tags=["indicators"])
def list_indicators(request, as_of: IsoDate | None = AS_OF):
    if as_of is not None:
        return [indicator_out(i) for i in framework_as_of(as_of).indicators]
    return [indicator_out(indicator_state(i)) for i in indicators_catalogue().select_related("province")]


def _indicator(code: str, *, field: str) -> Indicator:
    found = indicators_catalogue().filter(code=code).first()
    if found is None:
        raise ApiError(404, _("There is no indicator %(code)s.") % {"code": code}, field=field)
    return found


@api.get("/indicators/{code}", response=_answers(IndicatorOut, 404, 422), tags=["indicators"])
def get_indicator(request, code: IndicatorCode, as_of: IsoDate | None = AS_OF):
    if as_of is None:
        return indicator_out(indicator_state(_indicator(code, field="code")))
    found = framework_as_of(as_of).indicator(code)
    if found is None:
        raise ApiError(
            404,
            _("There was no indicator %(code)s on %(day)s.") % {"code": code, "day": as_of.isoformat()},
            field="code",
        )
    return indicator_out(found)


# --- data values ----------------------------------------------------------------------------------------------------


def _resolve(code: str, year: int) -> AdminUnit:
    try:
        return unit_for_year(code=code, year=year)
    except UnitNotFound as exc:
        raise ApiError(
            404, _("There is no unit %(code)s in %(year)s.") % {"code": code, "year": year}, field="unit"
        ) from exc


def _visible(user, code: str, year: int) -> AdminUnit:
    """The unit ``code`` in force in ``year``, if the caller may see its values."""
    unit = _resolve(code, year)
    if not access.can_view_values(user, unit):
        raise ApiError(403, _("Unit %(code)s is outside your scope.") % {"code": code}, field="unit")
    return unit


def value_out(v) -> dict:
    return {
        "indicator": v.series.indicator.code,
        "part": v.part,
        "unit": v.unit.code,
        "year": v.year,
        "sex": v.sex,
        "disaggregation": v.option,
        "value": v.value,
        "source": v.source,
        "as_of": v.as_of,
        "status": v.status,
        "version": v.version,
    }


@api.get(
    "/values",
    response=_answers(list[ValueOut], 403, 404, 422),
    tags=["values"],
    summary="Values of the primary series for a unit (code resolved by the year) and year",
)
def list_values(
    request,
    unit: UnitCode,
    year: DataYear,
    indicator: IndicatorCode | None = None,
    disaggregation: DisaggregationFilter | None = None,
):
    resolved = _visible(request.auth, unit, year)
    qs = (
        DataValue.objects.filter(unit=resolved, year=year, series__is_primary=True)
        .select_related("series__indicator", "unit")
        .order_by("series__indicator__code", "part", "sex", "option")
    )
    if indicator:
        qs = qs.filter(series__indicator__code=indicator)
    if disaggregation is not None:
        qs = qs.filter(option=disaggregation.strip())
    return [value_out(v) for v in qs]


@api.post(
    "/values",
    response={**_answers(ValueOut, 400, 403, 404, 422), 409: ConflictOut},
    tags=["values"],
    summary="Enter or correct one value, with the same validation as the grid",
)
def set_value(request, payload: ValueIn):
    indicator = Indicator.objects.filter(code=payload.indicator).first()
    if indicator is None:
        raise ApiError(
            404, _("There is no indicator %(code)s.") % {"code": payload.indicator}, field="indicator"
        )
    unit = _resolve(payload.unit, payload.year)
    try:
        saved = value_set(
            indicator=indicator,
            part=payload.part,
            unit=unit,
            year=payload.year,
            sex=payload.sex,
            option=payload.disaggregation,
            value=payload.value,
            by=request.auth,
            source=payload.source,
            as_of=payload.as_of,
            comment=payload.comment,
            expected_version=payload.version,
            context={"via": "api"},
        )
    except DomainError as exc:
        if getattr(exc, "forbidden", False):  # the access decision every path asks (datavalues.entry)
            raise ApiError(403, str(exc.message), field=exc.field) from exc
        if exc.field == "conflict":
            current = (
                DataValue.objects.filter(
                    series__indicator=indicator,
                    series__is_primary=True,
                    part=payload.part,
                    unit=unit,
                    year=payload.year,
                    sex=payload.sex,
                    option=cuts.canonical(
                        cuts.parse(payload.disaggregation)
                    ),  # checked: the conflict came after
                )
                .select_related("series__indicator", "unit")
                .first()
            )
            body = {"detail": str(exc.message), "field": "version", "current": current and value_out(current)}
            return Status(409, body)
        return Status(422, {"detail": str(exc.message), "field": exc.field})
    return Status(
        200, value_out(DataValue.objects.select_related("series__indicator", "unit").get(pk=saved.pk))
    )


@api.get(
    "/rollup",
    response=_answers(RollupOut, 403, 404, 422),
    tags=["values"],
    summary="An indicator for a unit and year, from parts summed over the units below",
)
def get_rollup(
    request,
    indicator: IndicatorCode,
    unit: UnitCode,
    year: DataYear,
    disaggregation: Disaggregation = "",
):
    found = _indicator(indicator, field="indicator")
    option = _option(found, disaggregation)
    resolved = _visible(request.auth, unit, year)
    rolled = rollup(found, resolved, year, option=option)
    return {"indicator": found.code, "unit": resolved.code, "year": year, **_rolled_out(rolled, option)}


def _option(indicator: Indicator, text: str) -> str:
    """The canonical option of ``text``, checked against the indicator's declared disaggregations: 422 naming the
    field and what the indicator declares otherwise."""
    try:
        return cuts.normalise(text, cuts.declared(indicator), indicator_code=indicator.code)
    except DomainError as exc:
        raise ApiError(422, exc.message, field="disaggregation") from exc


def _rolled_out(rolled: Rolled, option: str, names: dict | None = None) -> dict:
    return {
        "disaggregation": option,
        "parts": {f"{part}:{sex}": v for (part, sex), v in sorted(rolled.parts.items())},
        "value": rolled.value(),
        "value_female": rolled.value("female"),
        "value_male": rolled.value("male"),
        **({"label": cuts.label(option, names)} if names is not None else {}),
    }


@api.get(
    "/rollup/breakdown",
    response=_answers(BreakdownOut, 403, 404, 422),
    tags=["values"],
    summary="An indicator for a unit and year by each option of a declared disaggregation, beside the total",
)
def get_rollup_breakdown(
    request, indicator: IndicatorCode, unit: UnitCode, year: DataYear, dimension: DimensionCode = ""
):
    """Each option's value from its own summed parts (never an average), in the framework's order; without
    ``dimension``, every single-dimension option the indicator declares."""
    found = _indicator(indicator, field="indicator")
    known = cuts.declared(found)
    if dimension and dimension not in known.options:
        allowed = ", ".join(d.code for d in known.dimensions) or "—"
        raise ApiError(
            422,
            _("Indicator %(indicator)s has no disaggregation “%(dimension)s”; it declares: %(allowed)s.")
            % {"indicator": found.code, "dimension": dimension, "allowed": allowed},
            field="dimension",
        )
    resolved = _visible(request.auth, unit, year)
    options = (
        [cuts.canonical({dimension: code}) for code in known.codes(dimension)] if dimension else known.rows()
    )
    by_option = rollup_cuts(found, resolved, [year], options=options)
    names = cuts.option_names(pair for option in options for pair in cuts.parse(option).items())
    return {
        "indicator": found.code,
        "unit": resolved.code,
        "year": year,
        "dimension": dimension,
        "total": _rolled_out(by_option[""][year], "", names),
        "options": [_rolled_out(by_option[option][year], option, names) for option in options],
    }


# --- progress -------------------------------------------------------------------------------------------------------


def _clean(value):
    """A Decimal without trailing zeros or exponent notation (45, not 45.000000); rates keep 10 places. Whatever
    its size (a rate between extreme values can be huge): the precision grows with it instead of failing."""
    if value is None or not value.is_finite():
        return None
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, value.adjusted() + 12)
        value = value.quantize(Decimal("1E-10")) if value.as_tuple().exponent < -10 else value
        normal = value.normalize()
        return normal if normal.as_tuple().exponent <= 0 else normal.quantize(Decimal(1))


def _inputs(a) -> dict:
    target = a.target
    return {
        "method": a.method,
        "base_year": a.t0,
        "base_value": _clean(a.y0),
        "current_year": a.tc,
        "current_value": _clean(a.yc),
        "target_year": target.year if target else None,
        "target_value": _clean(target.value) if target else None,
        "comparator": target.comparator if target else None,
        "direction": a.direction,
        "observed_rate": _clean(a.observed),
        "required_rate": _clean(a.required),
        "ratio": _clean(a.ratio),
        "flags": a.flags,
        "reason": a.reason,
    }


def _status_out(s: dict) -> dict:
    return {
        "target_year": s["target_year"],
        "source": s["source"],
        "status": s["status"],
        "label": status_text(s["status"], s["assessment"]),
        "inputs": _inputs(s["assessment"]),
    }


@api.get(
    "/progress",
    response=_answers(list[ProgressOut], 403, 404, 422),
    tags=["progress"],
    summary="Per indicator: value, baseline, targets and status against each target, with the inputs used",
)
def get_progress(request, unit: UnitCode, year: DataYear):
    from progress.selectors import progress_for

    resolved = _visible(request.auth, unit, year)
    out = []
    for row in progress_for(resolved, year):
        baseline = row["baseline"]
        out.append(
            {
                "indicator": row["indicator"].code,
                "value": _clean(row["value"]),
                "baseline": {"year": baseline[0], "value": _clean(baseline[1])} if baseline else None,
                "targets": [
                    {"year": t.year, "comparator": t.comparator, "value": _clean(t.value), "source": src}
                    for t, src in zip(row["targets"], row["target_sources"], strict=True)
                ],
                "status": row["status"],
                "status_label": status_text(row["status"], row["main"]["assessment"]),
                "milestone": _status_out(row["main"]),
                "statuses": [_status_out(s) for s in row["statuses"]],
                "inputs": _inputs(row["main"]["assessment"]),
            }
        )
    return out


SDMX_CSV = "application/vnd.sdmx.data+csv; version=2.0.0"


@api.get(
    "/sdmx/data",
    response=_answers(str, 403, 404, 422),
    tags=["exchange"],
    summary="The accepted values of a unit (and the units below it) and year as SDMX-CSV 2.0",
    description=(
        "The structure is the framework's data structure definition (GET /exchange/sdmx/structure.xml): "
        "INDICATOR, REF_AREA, SEX, PART (NUMERATOR, DENOMINATOR, VALUE, and IND the indicator's value computed "
        "from them), one dimension per disaggregation, TIME_PERIOD; OBS_VALUE and UNIT_MEASURE."
    ),
    openapi_extra={
        "responses": {
            "200": {
                "description": "SDMX-CSV 2.0",
                "content": {SDMX_CSV: {"schema": {"type": "string"}}},
            }
        }
    },
)
def get_sdmx_data(request, unit: UnitCode, year: DataYear):
    from django.http import HttpResponse

    from interchange.sdmx import SdmxCsvExport

    resolved = _visible(request.auth, unit, year)
    response = HttpResponse(SdmxCsvExport(resolved, year).csv(bom=False), content_type=SDMX_CSV)
    response["Content-Disposition"] = f'attachment; filename="sdmx-{resolved.code}-{year}.csv"'
    return response
