"""JSON API v1. Bearer tokens from `manage.py issue_api_token`; every endpoint asks ``accounts.access``."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from accounts import access
from accounts.services import api_token_user
from agencies.models import Agency
from agencies.selectors import agencies_all
from api.schemas import AgencyOut, ErrorOut, IndicatorOut, UnitOut
from indicators.selectors import indicators_catalogue
from lib.dates import year_end
from units.models import AdminUnit, Level
from units.selectors import units_with_names


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is None or not access.can_use_app(user):
            return None
        request.user = user
        return user


api = NinjaAPI(
    title="Bình đẳng giới 2021-2030 API",
    version="1",
    description="Read access to administrative units, agencies and the national indicator framework.",
    auth=BearerToken(),
    urls_namespace="api-1",
    docs_url=None,  # the interactive docs page loads scripts from a CDN; the description is at openapi.json
)


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
    code: str | None = None
    year: int | None = None
    on: date | None = None
    level: str | None = None
    parent: str | None = None


@api.get(
    "/units",
    response=list[UnitOut],
    tags=["units"],
    summary="Administrative units; a code with a year or a date resolves to the unit in force then",
)
def list_units(request, filters: Query[UnitFilter]):
    if filters.year is not None and not 1900 <= filters.year <= 2100:
        raise HttpError(422, "year out of range")
    if filters.year is not None and filters.on is not None:
        raise HttpError(422, "give either year or on, not both")
    day = filters.on or (year_end(filters.year) if filters.year else None)
    qs = units_with_names().select_related("parent", "merged_into")
    if day is not None:
        qs = qs.on(day)
    elif filters.code is None:
        qs = qs.on(date.today())
    if filters.code:
        qs = qs.filter(code=filters.code)
    if filters.level:
        if filters.level not in Level.values:
            raise HttpError(422, f"level must be one of {Level.values}")
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent, parent__in=AdminUnit.objects.on(day or date.today()))
    return [unit_out(u) for u in qs.order_by("level", "code", "valid_from")[:5000]]


@api.get("/units/{unit_id}", response={200: UnitOut, 404: ErrorOut}, tags=["units"])
def get_unit(request, unit_id: int):
    return unit_out(get_object_or_404(units_with_names().select_related("parent", "merged_into"), pk=unit_id))


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
    response=list[AgencyOut],
    tags=["agencies"],
    summary="Agencies of the provinces the caller may see; filter with province=CODE",
)
def list_agencies(request, province: str | None = None):
    qs = access.scope_agencies(request.auth, agencies_all().filter(province__valid_to__isnull=True))
    if province:
        qs = qs.filter(province__code=province)
    return [agency_out(a) for a in qs]


def indicator_out(indicator) -> dict:
    return {
        "code": indicator.code,
        "objective": indicator.objective.number,
        "name_vi": indicator.name_vi,
        "name_en": indicator.name_en,
        "unit": indicator.unit_label,
        "factor": indicator.factor,
        "direction": indicator.direction,
        "by_sex": indicator.by_sex,
        "disaggregations": [d.code for d in indicator.dimensions.all()],
        "additive": indicator.additive,
        "confirmed": indicator.confirmed,
        "usual_provider": indicator.usual_provider,
        "collection_level": indicator.collection_level,
        "note": indicator.note,
        "parts": [
            {"kind": p.kind, "name_vi": p.name_vi, "name_en": p.name_en} for p in indicator.parts.all()
        ],
        "targets": [
            {"year": t.year, "comparator": t.comparator, "value": t.value} for t in indicator.targets.all()
        ],
    }


@api.get("/indicators", response=list[IndicatorOut], tags=["indicators"])
def list_indicators(request):
    return [indicator_out(i) for i in indicators_catalogue()]


@api.get("/indicators/{code}", response={200: IndicatorOut, 404: ErrorOut}, tags=["indicators"])
def get_indicator(request, code: str):
    return indicator_out(get_object_or_404(indicators_catalogue(), code=code))
