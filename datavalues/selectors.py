"""Roll-up: parts summed over the units below, then the formula applied. Ratios are never averaged.

For a unit and year, each (part, sex) is the unit's own value when one was entered; otherwise, for an additive
indicator, the sum over the units below it: its communes, and the former provinces merged into it (so 2021-2024
figures entered against the 63 old provinces appear in today's 34). The nation sums its provinces the same way.
Non-additive indicators (a ratio of means, a yes/no milestone) never roll up: a unit shows its own value or none.
Sums are done by the database in grouped queries; Python only picks, per province, own value or sum below."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from agencies.models import Agency
from datavalues import rollup_cache
from datavalues.models import CHANGE_NEEDS_COMMENT, DataValue, Series
from indicators.models import Indicator, IndicatorPart, PartKind
from lib.dates import year_end
from units.models import AdminUnit, Level

Key = tuple[str, str]  # (part, sex)


@dataclass
class Rolled:
    indicator: Indicator
    unit: AdminUnit
    year: int
    parts: dict[Key, Decimal] = field(default_factory=dict)

    def value(self, sex: str = "total") -> Decimal | None:
        """factor × numerator / denominator, or the single value; None when a part is missing or zero."""
        if (PartKind.VALUE, sex) in self.parts:
            return self.parts[(PartKind.VALUE, sex)]
        numerator = self.parts.get((PartKind.NUMERATOR, sex))
        denominator = self.parts.get((PartKind.DENOMINATOR, sex))
        if numerator is None or not denominator:
            return None
        return self.indicator.factor * numerator / denominator


def primary_series(indicator: Indicator) -> Series | None:
    return Series.objects.filter(indicator=indicator, is_primary=True).first()


def _own(base, unit_ids) -> dict[tuple[int, int], dict[Key, Decimal]]:
    """(unit, year) → {(part, sex): value} of the units' own values."""
    rows = (
        base.filter(unit_id__in=unit_ids)
        .values_list("unit_id", "year", "part", "sex")
        .annotate(total=Sum("value"))
    )
    out: dict[tuple[int, int], dict[Key, Decimal]] = defaultdict(dict)
    for unit_id, year, part, sex, total in rows:
        out[(unit_id, year)][(part, sex)] = total
    return out


def _below_queries(base, province_ids=None):
    """The units below a current province, as (queryset, column naming the province): its communes by their
    parent, and the former provinces by the province they went into. Two queries grouped by plain columns rather
    than one grouped by ``Coalesce(merged_into, parent)``: PostgreSQL estimates the groups of a column from its
    statistics but not those of an expression, and for the expression chose a sort spilling to disk over a hash
    (1.7 times slower on the national dataset of ``manage.py seed_scale``)."""
    communes = base.filter(unit__level=Level.COMMUNE, unit__merged_into__isnull=True)
    former = base.filter(unit__merged_into__isnull=False)
    if province_ids is not None:
        communes = communes.filter(unit__parent_id__in=province_ids)
        former = former.filter(unit__merged_into_id__in=province_ids)
    return ((communes, "unit__parent_id"), (former, "unit__merged_into_id"))


def _add(parts: dict[Key, Decimal], key: Key, total: Decimal) -> None:
    parts[key] = parts[key] + total if key in parts else total


def _below(base, province_ids=None) -> dict[tuple[int, int], dict[Key, Decimal]]:
    """(current province, year) → sums of its communes' values and of the former provinces merged into it."""
    out: dict[tuple[int, int], dict[Key, Decimal]] = defaultdict(dict)
    for qs, column in _below_queries(base, province_ids):
        rows = qs.values_list(column, "year", "part", "sex").annotate(total=Sum("value"))
        for province, year, part, sex, total in rows:
            _add(out[(province, year)], (part, sex), total)
    return out


def _province_parts(base, province_ids: list[int], years) -> dict[tuple[int, int], dict[Key, Decimal]]:
    own, below = _own(base, province_ids), _below(base, province_ids)
    result = {}
    for pid in province_ids:
        for year in years:
            parts = dict(below.get((pid, year), {}))
            parts.update(
                own.get((pid, year), {})
            )  # a value the province entered itself wins over the sum below
            result[(pid, year)] = parts
    return result


def rollup_series(
    indicator: Indicator, unit: AdminUnit, years, *, series: Series | None = None, values=None
) -> dict[int, Rolled]:
    """The roll-up for several years at once: the same grouped queries, grouped by year too. ``values`` narrows
    the data values rolled up (the public portal passes only those the ministry accepted); default all."""
    years = list(years)
    series = series or primary_series(indicator)
    result = {year: Rolled(indicator=indicator, unit=unit, year=year) for year in years}
    if series is None:
        return result
    base = (DataValue.objects.all() if values is None else values).filter(
        series=series, year__in=years, option=""
    )
    own = _own(base, [unit.pk])
    if not indicator.additive or unit.level == Level.COMMUNE or unit.merged_into_id:
        for year in years:
            result[year].parts = own.get((unit.pk, year), {})
        return result
    if unit.level == Level.PROVINCE:
        parts = _province_parts(base, [unit.pk], years)
        for year in years:
            result[year].parts = parts[(unit.pk, year)]
        return result
    provinces = list(
        AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).values_list("pk", flat=True)
    )
    totals: dict[int, dict[Key, Decimal]] = {year: defaultdict(Decimal) for year in years}
    for (_pid, year), parts in _province_parts(base, provinces, years).items():
        for key, value in parts.items():
            totals[year][key] += value
    for year in years:
        totals[year].update(own.get((unit.pk, year), {}))
        result[year].parts = dict(totals[year])
    return result


def _own_by_series(base, unit_ids) -> dict[tuple[int, int, int], dict[Key, Decimal]]:
    """(series, unit, year) → {(part, sex): value}: ``_own`` for many series in one query."""
    rows = (
        base.filter(unit_id__in=unit_ids)
        .values_list("series_id", "unit_id", "year", "part", "sex")
        .annotate(total=Sum("value"))
    )
    out: dict[tuple[int, int, int], dict[Key, Decimal]] = defaultdict(dict)
    for series_id, unit_id, year, part, sex, total in rows:
        out[(series_id, unit_id, year)][(part, sex)] = total
    return out


def _below_by_series(base, province_ids) -> dict[tuple[int, int, int], dict[Key, Decimal]]:
    """(series, current province, year) → sums below it: ``_below`` for many series in the same two queries."""
    out: dict[tuple[int, int, int], dict[Key, Decimal]] = defaultdict(dict)
    for qs, column in _below_queries(base, province_ids):
        rows = qs.values_list("series_id", column, "year", "part", "sex").annotate(total=Sum("value"))
        for series_id, province, year, part, sex, total in rows:
            _add(out[(series_id, province, year)], (part, sex), total)
    return out


def rollup_indicators(indicators, unit: AdminUnit, years, *, values=None) -> dict[int, dict[int, Rolled]]:
    """indicator id → {year: Rolled}: what ``rollup_series`` gives each of ``indicators`` (its primary series),
    in five grouped queries whatever the number of indicators and provinces (one query per indicator adds up:
    the national roll-up of every indicator took five times the time of the same sums in one query). For more
    than one indicator each year's result is cached until that year's data changes (``datavalues.rollup_cache``),
    except for a narrowed ``values``."""
    indicators, years = list(indicators), list(years)
    series_of = dict(
        Series.objects.filter(indicator__in=[i.pk for i in indicators], is_primary=True).values_list(
            "indicator_id", "pk"
        )
    )
    if values is None and len(indicators) > 1:  # a unit's whole set; one indicator alone is quick to sum
        spec = (unit.pk, tuple(sorted((i.pk, series_of.get(i.pk), i.additive) for i in indicators)))
        by_year = rollup_cache.cached_by_year(
            "indicators",
            spec,
            years,
            lambda wanted: _by_year(_indicator_parts(indicators, series_of, unit, wanted, None), wanted),
        )
        parts = {i.pk: {y: by_year[y].get(i.pk, {}) for y in years} for i in indicators}
    else:
        parts = _indicator_parts(indicators, series_of, unit, years, values)
    return {
        i.pk: {
            y: Rolled(indicator=i, unit=unit, year=y, parts=dict(parts.get(i.pk, {}).get(y, {})))
            for y in years
        }
        for i in indicators
    }


def _by_year(parts: dict[int, dict[int, dict]], years) -> dict[int, dict[int, dict]]:
    """indicator → year → parts, turned into year → indicator → parts (the cache keeps a year at a time)."""
    return {y: {pk: by_year.get(y, {}) for pk, by_year in parts.items()} for y in years}


def _indicator_parts(indicators, series_of, unit, years, values) -> dict[int, dict[int, dict[Key, Decimal]]]:
    """indicator id → year → parts, for ``rollup_indicators``."""
    out: dict[int, dict[int, dict[Key, Decimal]]] = {}
    if not series_of:
        return out
    base = (DataValue.objects.all() if values is None else values).filter(
        series_id__in=list(series_of.values()), year__in=years, option=""
    )
    summed = {series_of[i.pk] for i in indicators if i.additive and i.pk in series_of}
    rolls_up = unit.level != Level.COMMUNE and not unit.merged_into_id
    if rolls_up and unit.level == Level.PROVINCE:
        provinces = [unit.pk]
    elif rolls_up:
        provinces = list(
            AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).values_list("pk", flat=True)
        )
    else:
        provinces = []
    own = _own_by_series(base, [unit.pk, *provinces])
    below = _below_by_series(base.filter(series_id__in=summed), provinces) if provinces and summed else {}
    for indicator in indicators:
        series_id = series_of.get(indicator.pk)
        if series_id is None:
            continue
        by_year = out[indicator.pk] = {}
        for year in years:
            mine = own.get((series_id, unit.pk, year), {})
            if series_id not in summed or not provinces:
                parts = dict(mine)
            elif unit.level == Level.PROVINCE:
                parts = {**below.get((series_id, unit.pk, year), {}), **mine}
            else:
                totals: dict[Key, Decimal] = defaultdict(Decimal)
                for pid in provinces:
                    # a province's own value wins over the sum below it, as in _province_parts
                    for key, value in {
                        **below.get((series_id, pid, year), {}),
                        **own.get((series_id, pid, year), {}),
                    }.items():
                        totals[key] += value
                totals.update(mine)
                parts = dict(totals)
            by_year[year] = parts
    return out


def rollup(
    indicator: Indicator, unit: AdminUnit, year: int, *, series: Series | None = None, values=None
) -> Rolled:
    return rollup_series(indicator, unit, [year], series=series, values=values)[year]


def rollup_provinces(
    indicator: Indicator, provinces: list[AdminUnit], years, *, series: Series | None = None, values=None
) -> dict[tuple[int, int], Rolled]:
    """(province id, year) → the roll-up of each of ``provinces`` (today's), in the same few grouped queries
    whatever their number: what ``rollup_series`` gives one province at a time."""
    years = list(years)
    series = series or primary_series(indicator)
    result = {
        (p.pk, year): Rolled(indicator=indicator, unit=p, year=year) for p in provinces for year in years
    }
    if series is None or not provinces:
        return result
    base = (DataValue.objects.all() if values is None else values).filter(
        series=series, year__in=years, option=""
    )
    ids = [p.pk for p in provinces]
    parts = _province_parts(base, ids, years) if indicator.additive else _own(base, ids)
    for key, rolled in result.items():
        rolled.parts = dict(parts.get(key, {}))
    return result


# --- assignments and worklists --------------------------------------------------------------------------------------


@dataclass
class WorkItem:
    indicator: Indicator
    part: IndicatorPart
    unit: AdminUnit
    year: int
    agency: Agency | None
    values: dict[str, DataValue | None]
    last: dict[str, Decimal | None]

    @property
    def status(self) -> str:
        """The least advanced state over the expected sexes: missing < returned < entered < submitted < ..."""
        order = ["missing", "returned", "entered", "submitted", "approved", "accepted"]
        states = [v.status if v else "missing" for v in self.values.values()]
        return min(states, key=order.index)


def province_parts(province: AdminUnit):
    return (
        IndicatorPart.objects.filter(indicator__active=True)
        .filter(Q(indicator__province__isnull=True) | Q(indicator__province=province))
        .exclude(indicator__derivation="programme_register")
        .select_related("indicator", "indicator__objective")
        .order_by("indicator__province", "indicator__objective__number", "indicator__order", "kind")
    )


def assignments_of(province: AdminUnit) -> dict[int, Agency | None]:
    """part id → the agency that provides it in the province: the explicit assignment, else the usual provider."""
    from agencies.selectors import usual_provider
    from datavalues.models import PartAssignment

    agencies = list(Agency.objects.filter(province=province).select_related("kind").prefetch_related("names"))
    by_id = {a.pk: a for a in agencies}
    explicit = dict(PartAssignment.objects.filter(province=province).values_list("part_id", "agency_id"))
    return {
        part.pk: by_id.get(explicit[part.pk])
        if part.pk in explicit
        else usual_provider(part.indicator.usual_provider, agencies)
        for part in province_parts(province)
    }


def _sexes(indicator: Indicator) -> list[str]:
    return ["total", "female", "male"] if indicator.by_sex else ["total"]


def worklist(user, year: int) -> list[WorkItem]:
    """What is expected of ``user`` for ``year``: each part and unit, with what is entered and last year's value."""
    from accounts import access
    from accounts.models import Role

    if not access.has_role(user) or access.is_ministry(user) or user.role == Role.VIEWER:
        return []
    province = access.province_of(user)
    assigned = assignments_of(province)
    parts = list(province_parts(province))
    if user.role == Role.COMMUNE_OFFICER:
        unit = user.unit
        prefetch_related_objects([unit], "names")  # every row names the unit: one query, not one a row
        parts = [p for p in parts if "commune" in p.indicator.collection_level.lower()]
    else:
        unit = province
        prefetch_related_objects([unit], "names")
        if user.role == Role.DEPARTMENT_OFFICER:
            parts = [p for p in parts if assigned.get(p.pk) and assigned[p.pk].pk == user.agency_id]
    stored = DataValue.objects.filter(
        unit=unit,
        year__in=[year, year - 1],
        option="",
        series__is_primary=True,
        series__indicator__in={p.indicator_id for p in parts},
    ).select_related("series")
    index = {(v.series.indicator_id, v.part, v.year, v.sex): v for v in stored}
    items = []
    for part in parts:
        sexes = _sexes(part.indicator)
        items.append(
            WorkItem(
                indicator=part.indicator,
                part=part,
                unit=unit,
                year=year,
                agency=assigned.get(part.pk),
                values={s: index.get((part.indicator_id, part.kind, year, s)) for s in sexes},
                last={
                    s: getattr(index.get((part.indicator_id, part.kind, year - 1, s)), "value", None)
                    for s in sexes
                },
            )
        )
    return items


# --- completeness, timeliness and validation ------------------------------------------------------------------------


def data_deadline(year: int) -> date:
    """The day a year's data is due: the deadline of the ministry's reporting cycle for the year."""
    from reports.selectors import data_deadline_of

    return data_deadline_of(year)


@dataclass
class Completeness:
    label: str
    expected: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    late: int = 0

    @property
    def entered(self) -> int:
        return sum(self.counts.values())

    @property
    def share(self) -> Decimal | None:
        return Decimal(100) * self.entered / self.expected if self.expected else None


def _expected_cells(parts) -> int:
    return sum(len(_sexes(p.indicator)) for p in parts)


def completeness_by_agency(province: AdminUnit, year: int) -> list[Completeness]:
    """Per agency of a province: cells expected (assigned parts × sexes), entered by status, and late ones."""
    assigned = assignments_of(province)
    parts = list(province_parts(province))
    deadline = data_deadline(year)
    rows = (
        DataValue.objects.filter(unit=province, year=year, option="", series__is_primary=True)
        .values_list("series__indicator_id", "part", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(updated_at__date__gt=deadline)))
    )
    part_agency = {(p.indicator_id, p.kind): assigned.get(p.pk) for p in parts}
    result: dict[int | None, Completeness] = {}
    for part in parts:
        agency = assigned.get(part.pk)
        key = agency.pk if agency else None
        item = result.setdefault(key, Completeness(label=agency.name if agency else "—"))
        item.expected += len(_sexes(part.indicator))
    for indicator_id, part, status, n, late in rows:
        agency = part_agency.get((indicator_id, part))
        item = result.get(agency.pk if agency else None)
        if item is not None:
            item.counts[status] = item.counts.get(status, 0) + n
            item.late += late
    return sorted(result.values(), key=lambda c: c.label)


def completeness_by_province(year: int) -> list[tuple[AdminUnit, Completeness]]:
    """Every current province: national parts × sexes expected at province level, entered by status. Values
    entered against the former provinces merged into it count for it. Three queries whatever the number of
    provinces."""
    from units.selectors import provinces_on

    parts = (
        IndicatorPart.objects.filter(indicator__active=True, indicator__province__isnull=True)
        .exclude(indicator__additive=False)
        .select_related("indicator")
    )
    expected = _expected_cells(parts)
    deadline = data_deadline(year)
    rows = (
        DataValue.objects.filter(
            year=year,
            option="",
            series__is_primary=True,
            series__indicator__province__isnull=True,
            # the ~100 province units through the unit and year index (unit__level scanned the whole year)
            unit__in=AdminUnit.objects.filter(level=Level.PROVINCE).values("pk"),
        )
        .annotate(province=Coalesce("unit__merged_into_id", "unit_id"))
        .values_list("province", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(updated_at__date__gt=deadline)))
    )
    # Before 1 July 2025 a province of today was several provinces, each expected to report.
    reporting_units = (
        AdminUnit.objects.on(year_end(year))
        .filter(level=Level.PROVINCE)
        .annotate(province=Coalesce("merged_into_id", "pk"))
        .values_list("province")
        .annotate(n=Count("pk"))
    )
    by_province: dict[int, Completeness] = {
        province: Completeness(label="", expected=expected * n) for province, n in reporting_units
    }
    for province, status, n, late in rows:
        if province not in by_province:
            continue
        item = by_province[province]
        item.counts[status] = item.counts.get(status, 0) + n
        item.late += late
    return [
        (p, by_province.get(p.pk, Completeness(label="", expected=expected)))
        for p in provinces_on(date.today())
    ]


def validation_report(province: AdminUnit, year: int) -> list[dict]:
    """Problems in a province's stored values for a year: a numerator without its denominator (or the reverse),
    a sex breakdown that does not add up to the total, a numerator above its denominator, and large changes from
    last year without a comment. Each row names the indicator, part, unit and what is wrong. The check reads
    plain rows (a province with its communes holds thousands); only the values with a problem become objects."""
    units = AdminUnit.objects.filter(Q(pk=province.pk) | Q(parent=province)).values("pk")
    rows = list(
        DataValue.objects.filter(
            unit__in=units,  # the unit and year index, where an OR across the join read the whole table
            year__in=[year, year - 1],
            option="",
            series__is_primary=True,
        ).values_list("pk", "series__indicator_id", "part", "unit_id", "year", "sex", "value", "comment")
    )
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={r[1] for r in rows})}
    index = {(r[1], r[2], r[3], r[4], r[5]): r[6] for r in rows}
    found: list[tuple[int, str]] = []
    for pk, indicator_id, part, unit_id, row_year, sex, value, comment in rows:
        if row_year != year:
            continue
        indicator = indicators[indicator_id]
        other = {PartKind.NUMERATOR: PartKind.DENOMINATOR, PartKind.DENOMINATOR: PartKind.NUMERATOR}.get(part)
        pair = index.get((indicator_id, other, unit_id, year, sex)) if other else None
        if other and pair is None:
            found.append((pk, _("The %(part)s is missing.") % {"part": PartKind(other).label.lower()}))
        if part == PartKind.NUMERATOR and pair is not None and indicator.unit_label == "%" and value > pair:
            found.append((pk, _("The numerator is larger than the denominator.")))
        if indicator.by_sex and sex == "total":
            female = index.get((indicator_id, part, unit_id, year, "female"))
            male = index.get((indicator_id, part, unit_id, year, "male"))
            if (female is None) != (male is None):
                found.append((pk, _("Only one sex is entered beside the total.")))
            elif female is not None and female + male != value:
                found.append((pk, _("Female plus male does not equal the total.")))
        last = index.get((indicator_id, part, unit_id, year - 1, sex))
        if last and abs(value - last) / last > CHANGE_NEEDS_COMMENT and not comment:
            found.append((pk, _("Large change from last year without a comment.")))
    objects = DataValue.objects.select_related("series__indicator", "unit").in_bulk({pk for pk, _m in found})
    return [{"value": objects[pk], "message": message} for pk, message in found]


def completeness_by_commune(province: AdminUnit, year: int) -> list[tuple[AdminUnit, Completeness]]:
    """Every commune of a province for the indicators collected at commune level: cells expected, entered by
    status, late. Two grouped queries whatever the number of communes."""
    parts = [p for p in province_parts(province) if "commune" in p.indicator.collection_level.lower()]
    expected = _expected_cells(parts)
    deadline = data_deadline(year)
    rows = (
        DataValue.objects.filter(
            unit__in=AdminUnit.objects.filter(parent=province, level=Level.COMMUNE).values("pk"),
            year=year,
            option="",
            series__is_primary=True,
            series__indicator__in={p.indicator_id for p in parts},
        )
        .values_list("unit_id", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(updated_at__date__gt=deadline)))
    )
    by_unit: dict[int, Completeness] = defaultdict(lambda: Completeness(label="", expected=expected))
    for unit_id, status, n, late in rows:
        item = by_unit[unit_id]
        item.counts[status] = item.counts.get(status, 0) + n
        item.late += late
    from units.selectors import communes_of

    return [(c, by_unit[c.pk]) for c in communes_of(province, on=year_end(year))]
