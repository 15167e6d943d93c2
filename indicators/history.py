"""The indicator framework as it stood at the end of a past day, rebuilt from the audit log.

Method: read today's framework (objectives, indicators with their parts, declared disaggregations and targets,
the disaggregations with their options), then walk the audit entries of indicators and disaggregations made after
the day, newest first, and undo each one: an edit puts back its ``before`` state, a new target or disaggregation
made after the day is taken away, an indicator created after the day is left out. What remains is the framework at
the end of that day (Viet Nam's time, ``settings.TIME_ZONE``). A fixed number of queries whatever the number of
edits: the framework's own reads and one read of the audit log.

Limits: only what was audited can be undone. The reference load (``load_reference``) writes no entries, so what
it loaded counts as always there; an entry written before the audit kept a field (parts' names, a target's
wording, before this module existed) leaves that field as it is today. Objectives and the strategy have no edit
path, so they are today's. The result is plain dataclasses, never saved."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from audit.models import AuditEntry
from indicators.models import (
    MILESTONE_YEARS,
    Bilingual,
    Comparator,
    Confirmed,
    Dimension,
    DimensionOption,
    Direction,
    Indicator,
    Objective,
    PartKind,
)
from indicators.selectors import indicators_catalogue
from indicators.services import EDITABLE_FIELDS

INDICATOR_TYPE = "indicators.indicator"
DIMENSION_TYPE = "indicators.dimension"
CREATED = ("indicator.create", "indicator.local_create")
# The places of each decimal column, so that a value read back from the log is written as the database gives it.
PLACES = {"factor": Decimal("0.0001"), "value_min": Decimal("0.000001"), "value_max": Decimal("0.000001")}
TARGET_PLACES = Decimal("0.0001")
DECIMAL_FIELDS = tuple(PLACES)
# The fields of an indicator an audit entry may hold (``indicators.services.EDITABLE_FIELDS`` without the
# objective, which is kept as its number).
FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "objective")


class _Rows(list):
    """A list a template can read as a related manager (``objective.indicators.all``)."""

    def all(self) -> "_Rows":
        return self


@dataclass
class TargetThen:
    year: int
    comparator: str
    value: Decimal
    wording: str = ""

    def get_comparator_display(self) -> str:
        return str(Comparator(self.comparator).label)


@dataclass
class PartThen(Bilingual):
    kind: str
    name_vi: str
    name_en: str = ""

    def get_kind_display(self) -> str:
        return str(PartKind(self.kind).label)


@dataclass
class OptionThen(Bilingual):
    code: str
    name_vi: str
    name_en: str = ""
    order: int = 0
    note: str = ""


@dataclass
class DimensionThen(Bilingual):
    code: str
    name_vi: str
    name_en: str = ""
    options: list[OptionThen] = field(default_factory=list)


@dataclass
class ObjectiveThen(Bilingual):
    number: int
    name_vi: str
    name_en: str = ""
    indicators: _Rows = field(default_factory=_Rows)


@dataclass
class IndicatorThen(Bilingual):
    pk: int
    code: str
    objective: int
    order: int
    name_vi: str
    name_en: str
    unit_label: str
    factor: Decimal
    direction: str
    by_sex: bool
    additive: bool
    part_of_whole: bool
    whole_numbers: bool
    value_min: Decimal | None
    value_max: Decimal | None
    definition_vi: str
    definition_en: str
    source: str
    collection_level: str
    usual_provider: str
    frequency: str
    confirmed: str
    note: str
    disaggregation_note: str
    active: bool
    province: str | None = None
    local_tag: str = ""
    derivation: str = ""
    dimensions: list[str] = field(default_factory=list)
    parts: list[PartThen] = field(default_factory=list)
    targets: list[TargetThen] = field(default_factory=list)

    @property
    def milestone_targets(self) -> list[tuple[int, TargetThen | None]]:
        by_year = {t.year: t for t in self.targets}
        return [(year, by_year.get(year)) for year in MILESTONE_YEARS]

    def get_confirmed_display(self) -> str:
        return str(Confirmed(self.confirmed).label)

    def get_direction_display(self) -> str:
        return str(Direction(self.direction).label)


@dataclass
class Framework:
    """The framework on ``on`` (None: today): objectives in order, each with its indicators in order, and the
    disaggregations by code."""

    on: date | None
    objectives: list[ObjectiveThen]
    dimensions: dict[str, DimensionThen]

    @property
    def indicators(self) -> list[IndicatorThen]:
        return [i for o in self.objectives for i in o.indicators]

    def indicator(self, code: str) -> IndicatorThen | None:
        return next((i for i in self.indicators if i.code == code), None)


def indicator_state(indicator: Indicator) -> IndicatorThen:
    """An indicator read with ``indicators_catalogue()`` as a plain record."""
    return IndicatorThen(
        pk=indicator.pk,
        code=indicator.code,
        objective=indicator.objective.number,
        **{name: getattr(indicator, name) for name in FIELDS},
        province=indicator.province.code if indicator.province_id else None,
        local_tag=indicator.local_tag,
        derivation=indicator.derivation,
        dimensions=sorted(d.code for d in indicator.dimensions.all()),
        parts=[
            PartThen(p.kind, p.name_vi, p.name_en) for p in sorted(indicator.parts.all(), key=_kind_order)
        ],
        targets=[
            TargetThen(t.year, t.comparator, t.value, t.wording)
            for t in sorted(indicator.targets.all(), key=lambda t: t.year)
        ],
    )


def _kind_order(part: Any) -> int:
    return [PartKind.NUMERATOR, PartKind.DENOMINATOR, PartKind.VALUE].index(part.kind)


def _dimension_then(state: dict) -> DimensionThen:
    return DimensionThen(
        code=state["code"],
        name_vi=state.get("name_vi", ""),
        name_en=state.get("name_en", ""),
        options=[
            OptionThen(
                o["code"],
                o.get("name_vi", ""),
                o.get("name_en", ""),
                int(o.get("order") or 0),
                o.get("note", ""),
            )
            for o in state.get("options", [])
        ],
    )


def _decimal(raw: Any, places: Decimal) -> Decimal | None:
    return None if raw in (None, "") else Decimal(str(raw)).quantize(places)


def _undo_indicator(indicator: IndicatorThen, before: dict) -> IndicatorThen:
    """The indicator with ``before`` (an ``indicator.update`` entry's) put back; a key the entry lacks stays."""
    changes: dict[str, Any] = {}
    for name in FIELDS:
        if name in before:
            changes[name] = _decimal(before[name], PLACES[name]) if name in PLACES else before[name]
    if "factor" in changes and changes["factor"] is None:
        changes.pop("factor")
    if "objective" in before:
        changes["objective"] = int(before["objective"])
    if "dimensions" in before:
        changes["dimensions"] = sorted(before["dimensions"])
    if isinstance(before.get("parts"), dict):
        names = before["parts"]
        changes["parts"] = [
            replace(
                p, name_vi=names[p.kind].get("name_vi", p.name_vi), name_en=names[p.kind].get("name_en", "")
            )
            if p.kind in names
            else p
            for p in indicator.parts
        ]
    return replace(indicator, **changes)


def _undo_target(indicator: IndicatorThen, entry: AuditEntry) -> IndicatorThen:
    after = entry.after or {}
    year = int((entry.before or after)["year"])
    targets = {t.year: t for t in indicator.targets}
    if entry.before is None:
        targets.pop(year, None)  # set after the day: there was none
    else:
        now = targets.get(year)
        targets[year] = TargetThen(
            year=year,
            comparator=entry.before["comparator"],
            value=Decimal(str(entry.before["value"])).quantize(TARGET_PLACES),
            wording=entry.before.get("wording", now.wording if now else ""),
        )
    return replace(indicator, targets=[targets[y] for y in sorted(targets)])


def day_end(on: date) -> datetime:
    """The first instant after ``on`` in the project's time zone."""
    return timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))


def current_framework() -> Framework:
    return _framework(None)


def framework_as_of(on: date | None) -> Framework:
    """The framework as it stood at the end of ``on`` (None or a day not before today: as it is now)."""
    return _framework(on)


def _framework(on: date | None) -> Framework:
    objectives = {
        o.number: ObjectiveThen(o.number, o.name_vi, o.name_en)
        for o in Objective.objects.order_by("strategy_id", "number")
    }
    indicators = {i.pk: indicator_state(i) for i in indicators_catalogue().select_related("province")}
    dimensions = {
        d.pk: _dimension_then(
            {
                "code": d.code,
                "name_vi": d.name_vi,
                "name_en": d.name_en,
                "options": [
                    {
                        "code": o.code,
                        "name_vi": o.name_vi,
                        "name_en": o.name_en,
                        "order": o.order,
                        "note": o.note,
                    }
                    for o in d.options.all()
                ],
            }
        )
        for d in Dimension.objects.prefetch_related(
            Prefetch("options", queryset=DimensionOption.objects.order_by("order", "code"))
        )
    }
    if on is not None and on < timezone.localdate():
        entries = (
            AuditEntry.objects.filter(object_type__in=(INDICATOR_TYPE, DIMENSION_TYPE), at__gte=day_end(on))
            .only("object_type", "object_id", "action", "before", "after")
            .order_by("-at", "-id")
        )
        for entry in entries.iterator():
            _undo(entry, indicators, dimensions)
    for indicator in sorted(indicators.values(), key=lambda i: (i.objective, i.order, i.code)):
        objective = objectives.get(indicator.objective)
        if objective is not None:
            objective.indicators.append(indicator)
    return Framework(
        on=on,
        objectives=list(objectives.values()),
        dimensions={d.code: d for d in sorted(dimensions.values(), key=lambda d: d.code)},
    )


def _undo(
    entry: AuditEntry, indicators: dict[int, IndicatorThen], dimensions: dict[int, DimensionThen]
) -> None:
    try:
        pk = int(entry.object_id)
    except ValueError:
        return
    if entry.object_type == DIMENSION_TYPE:
        if entry.before is None:
            dimensions.pop(pk, None)
        else:
            dimensions[pk] = _dimension_then(entry.before)
        return
    indicator = indicators.get(pk)
    if indicator is None:
        return  # created after the day: already left out
    if entry.action in CREATED:
        indicators.pop(pk)
    elif entry.action == "indicator.target":
        indicators[pk] = _undo_target(indicator, entry)
    elif entry.before:
        indicators[pk] = _undo_indicator(indicator, entry.before)
