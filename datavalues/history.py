"""A value's history: every change of one stored value, read from the append-only audit log.

The page is reached by the value's key (indicator, part, unit, year, sex, disaggregation) rather than its id, so
that the grid, the dashboard and the report, which show figures rather than stored rows, can all link to it."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts import access
from audit.models import ACTION_LABELS, AuditEntry
from core.decorators import role_required
from datavalues.models import DataValue, Sex, value_status_label
from datavalues.selectors import primary_series
from indicators import cuts
from indicators.models import Indicator, IndicatorPart, PartKind
from units.models import AdminUnit

# How a change came in, from the entry's ``context["via"]``. Entries written before the context existed have none.
VIA_LABELS = {
    "grid": gettext_lazy("Data-entry grid"),
    "offline": gettext_lazy("Data-entry grid, typed offline and sent later"),
    "api": gettext_lazy("Programming interface (API)"),
    "upload": gettext_lazy("File upload"),
    "command": gettext_lazy("Server command"),
    "demo": gettext_lazy("Demonstration data"),
}


@dataclass
class HistoryRow:
    at: datetime
    who: str
    action: str
    old_value: Decimal | None
    new_value: Decimal | None
    value_changed: bool
    old_status: str
    new_status: str
    via: str
    file: str
    job: str
    reason: str


def _decimal(state: dict | None) -> Decimal | None:
    raw = (state or {}).get("value")
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def _status(state: dict | None) -> str:
    return value_status_label((state or {}).get("status") or "")


def _row(entry: AuditEntry) -> HistoryRow:
    context = entry.context or {}
    via = context.get("via")
    if entry.action == "value.set" and entry.before is not None:
        action = _("Value changed")
    else:
        action = str(ACTION_LABELS.get(entry.action, entry.action))
    old, new = _decimal(entry.before), _decimal(entry.after)
    if entry.actor is not None:
        who = entry.actor.full_name or entry.actor.username
    elif entry.actor_name and entry.actor_name != "system":
        who = entry.actor_name
    else:
        who = _("The system")
    return HistoryRow(
        at=entry.at,
        who=who,
        action=action,
        old_value=old,
        new_value=new,
        value_changed=entry.action == "value.set" and old != new,
        old_status=_status(entry.before),
        new_status=_status(entry.after),
        via=str(VIA_LABELS.get(via, via)) if via else _("unknown"),
        file=str(context.get("file") or ""),
        job=str(context.get("job") or ""),
        reason=entry.reason,
    )


def value_history(value: DataValue) -> list[HistoryRow]:
    """The value's changes, newest first, each ready to show: who, when, what it did, old and new value and
    status, and how it came in (grid, upload with the file's name, API, command, demonstration data)."""
    entries = AuditEntry.objects.for_object(value).select_related("actor").order_by("-at", "-id")
    return [_row(entry) for entry in entries]


@dataclass
class ValueKey:
    indicator: Indicator
    part: IndicatorPart
    unit: AdminUnit
    year: int
    sex: str
    option: str


def _key(request) -> ValueKey:
    """The value's key from the query: ?indicator=M2.1&part=numerator&unit=<id>&year=2026[&sex=female][&option=]."""
    get = request.GET
    indicator = get_object_or_404(
        Indicator.objects.select_related("objective"), code=get.get("indicator", "")
    )
    kind = get.get("part", "")
    if kind not in PartKind.values:
        raise Http404
    part = get_object_or_404(IndicatorPart, indicator=indicator, kind=kind)
    unit_id, year = get.get("unit", ""), get.get("year", "")
    if not unit_id.isdigit() or not year.isdigit():
        raise Http404
    unit = get_object_or_404(AdminUnit.objects.prefetch_related("names"), pk=int(unit_id))
    sex = get.get("sex") or Sex.TOTAL
    if sex not in Sex.values:
        raise Http404
    return ValueKey(indicator, part, unit, int(year), sex, get.get("option", ""))


def value_at(key: ValueKey) -> DataValue | None:
    """The stored value of the indicator's primary series under ``key``, or None."""
    series = primary_series(key.indicator)
    if series is None:
        return None
    return (
        DataValue.objects.select_related("updated_by", "agency")
        .filter(
            series=series,
            part=key.part.kind,
            unit=key.unit,
            year=key.year,
            sex=key.sex,
            option=key.option,
        )
        .first()
    )


@require_GET
@role_required()
def value_history_view(request):
    key = _key(request)
    if not access.can_view_values(request.user, key.unit):
        raise PermissionDenied
    value = value_at(key)
    return render(
        request,
        "datavalues/history.html",
        {
            "key": key,
            "value": value,
            "sex_label": Sex(key.sex).label,
            "option_label": cuts.label(key.option),
            "rows": value_history(value) if value is not None else [],
        },
    )
