"""Roll-up: parts summed over the units below, then the formula applied. Ratios are never averaged.

For a unit and year, each (part, sex) is the unit's own value when one was entered; otherwise, for an additive
indicator, the sum over the units below it: its communes, and the former provinces merged into it (so 2021-2024
figures entered against the 63 old provinces appear in today's 34). The nation sums its provinces the same way.
Non-additive indicators (a ratio of means, a yes/no milestone) never roll up: a unit shows its own value or none.
Sums are done by the database in grouped queries, for one disaggregation option at a time (``option``: "" the
total over every declared disaggregation, the default, or a cut such as "area=urban", ``indicators.cuts``) or for
several at once (``rollup_cuts``), each option summed on its own exactly as each sex is; for a province Python picks, part by part, its own value or the sum below, and for the nation the database does (one
statement, ``_NATION``). The units below (by ranges of ids) and the primary series are kept in the process until a
unit or series changes (``rollup_cache.kept_while_units_stay``)."""

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Context, Decimal

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from agencies.models import Agency
from datavalues import rollup_cache
from datavalues.models import CHANGE_NEEDS_COMMENT, DataValue, Series
from indicators.models import Derivation, Indicator, IndicatorPart, PartKind
from lib.dates import year_end
from units.models import AdminUnit, Level

Key = tuple[str, str]  # (part, sex)
Cell = tuple[str, str, str]  # (part, sex, option): what the sums below are kept by
Values = QuerySet[DataValue] | None  # the values a roll-up reads (the portal: the accepted ones); None: all


@dataclass
class Rolled:
    indicator: Indicator
    unit: AdminUnit
    year: int
    parts: dict[Key, Decimal] = field(default_factory=dict)

    def value(self, sex: str = "total") -> Decimal | None:
        return indicator_value(self.indicator, self.parts, sex)


def indicator_value(indicator: Indicator, parts: dict[Key, Decimal], sex: str = "total") -> Decimal | None:
    """factor × numerator / denominator, or the single value; None when a part is missing or zero."""
    if (PartKind.VALUE, sex) in parts:
        return parts[(PartKind.VALUE, sex)]
    numerator = parts.get((PartKind.NUMERATOR, sex))
    denominator = parts.get((PartKind.DENOMINATOR, sex))
    if numerator is None or not denominator:
        return None
    return indicator.factor * numerator / denominator


def primary_series(indicator: Indicator) -> Series | None:
    return Series.objects.filter(indicator=indicator, is_primary=True).first()


def own_parts(
    base: QuerySet[DataValue], unit_ids: Iterable[int]
) -> dict[tuple[int, int], dict[Key, Decimal]]:
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


# (series, unit or province, year) → {(part, sex, option): value}
Sums = dict[tuple[int, int, int], dict[Cell, Decimal]]


def _add(parts: dict[Cell, Decimal], key: Cell, total: Decimal) -> None:
    parts[key] = parts[key] + total if key in parts else total


@dataclass
class _Tree:
    """The units a province or the nation rolls up: today's provinces (the one, or all of them), the former
    provinces merged into them (former id → province) and their communes, as ranges of ids (province, first,
    last) where a province's communes are numbered one after the other (``apart``: the provinces whose are not)."""

    provinces: list[int]
    former: dict[int, int]
    ranges: list[tuple[int, int, int]] = field(default_factory=list)
    apart: list[int] = field(default_factory=list)


_TREE = """
SELECT id, merged_into_id, CASE WHEN {current} THEN 1 ELSE 0 END, NULL, NULL, NULL FROM units_adminunit
WHERE {current} OR merged_into_id IN (SELECT id FROM units_adminunit WHERE {current})
UNION ALL
SELECT parent_id, NULL, 0, MIN(id), MAX(id), COUNT(*) FROM units_adminunit
WHERE level = %s AND merged_into_id IS NULL AND parent_id IN (SELECT id FROM units_adminunit WHERE {current})
GROUP BY parent_id
"""


def _tree(unit: AdminUnit) -> _Tree:
    """The tree below ``unit`` (a province, or the nation: every province in force), in one query, kept in the
    process until a unit or series changes."""
    return rollup_cache.kept_while_units_stay(("tree", unit.pk, unit.level), lambda: _read_tree(unit))


def _read_tree(unit: AdminUnit) -> _Tree:
    params: list[int | str]
    if unit.level == Level.PROVINCE:
        current, params = "id = %s", [unit.pk]
    else:
        current, params = "level = %s AND valid_to IS NULL", [Level.PROVINCE]
    with connection.cursor() as cursor:
        cursor.execute(_TREE.format(current=current), params * 3 + [Level.COMMUNE] + params)
        rows = cursor.fetchall()
    provinces = sorted(pk for pk, _into, is_current, _lo, _hi, n in rows if n is None and is_current)
    ids = set(provinces)
    tree = _Tree(provinces, {pk: into for pk, into, _c, _lo, _hi, n in rows if n is None and into in ids})
    for province, _into, _c, lo, hi, n in rows:
        if n is None:
            continue
        if hi - lo + 1 == n:  # every id from the first to the last is one of its communes: the range is them
            tree.ranges.append((province, lo, hi))
        else:
            tree.apart.append(province)
    return tree


def _id_ranges(ids: Iterable[int]) -> list[tuple[int, int]]:
    """``ids`` as runs of consecutive numbers: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    ranges: list[list[int]] = []
    for pk in sorted(set(ids)):
        if ranges and ranges[-1][1] == pk - 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return [(lo, hi) for lo, hi in ranges]


def _unit_in(ids: Iterable[int]) -> Q:
    """``unit_id`` among ``ids``, as ranges of consecutive ids (see ``_PLAIN_SUMS``)."""
    condition = Q(pk__in=[])
    for lo, hi in _id_ranges(ids):
        condition |= Q(unit_id=lo) if lo == hi else Q(unit_id__gte=lo, unit_id__lte=hi)
    return condition


def _unit_sums(base: QuerySet[DataValue], unit_ids: Iterable[int]) -> Sums:
    """(series, unit, year) → {(part, sex, option): value}: the units' own values, in one query."""
    rows = (
        base.filter(_unit_in(unit_ids))
        .values_list("series_id", "unit_id", "year", "part", "sex", "option")
        .annotate(total=Sum("value"))
    )
    out: Sums = defaultdict(dict)
    for series_id, unit_id, year, part, sex, option, total in rows:
        out[(series_id, unit_id, year)][(part, sex, option)] = total
    return out


def _commune_sums(base: QuerySet[DataValue], provinces: list[int], out: Sums | None = None) -> Sums:
    """(series, province, year) → the sums of the provinces' communes, joined to the units and grouped by the
    commune's parent: a plain column rather than an expression such as ``Coalesce(merged_into, parent)``, as
    PostgreSQL estimates the groups of a column from its statistics but not those of an expression (for the
    expression it chose a sort spilling to disk over a hash)."""
    out = defaultdict(dict) if out is None else out
    if provinces:
        rows = (
            base.filter(
                unit__level=Level.COMMUNE, unit__merged_into__isnull=True, unit__parent_id__in=provinces
            )
            .values_list("series_id", "unit__parent_id", "year", "part", "sex", "option")
            .annotate(total=Sum("value"))
        )
        for series_id, province, year, part, sex, option, total in rows:
            out[(series_id, province, year)][(part, sex, option)] = total
    return out


# The sums of ``_indicator_parts`` for every value (not a narrowed set), in one statement: the own values of the
# nation, the provinces and the former provinces, and the sums of each province's communes. Units are found by
# ranges of consecutive ids written into the statement, rather than by a join to the units table: the index on
# (year, series, unit) then reads each range in one step per series, and a province's communes arrive with
# their province, where a hash join of 73,000 values to their units took a quarter of the time of summing them
# (the provinces and former provinces are numbered one after the other, as are each province's communes).
_PLAIN_SUMS = """
SELECT v.series_id, v.unit_id, 0, {year}, v.part, v.sex{opt}, SUM(v.value)
FROM datavalues_datavalue v
WHERE {units} AND {values} AND v.series_id IN ({series})
GROUP BY v.series_id, v.unit_id, {by}v.part, v.sex{opt}{communes}
"""
# One branch a range of a province's communes, its province and bounds written in, for ``_PLAIN_SUMS`` and
# ``_NATION``: each is an index range scan whatever the planner estimates. (Joined to the ranges as a VALUES list,
# PostgreSQL once the statistics moved scanned every commune of the year and tested each value against every
# range: 10 times the SQL floor for the nation.)
_COMMUNES = """SELECT v.series_id, {province}{kind}, {year}, v.part, v.sex{opt}, SUM(v.value)
  FROM datavalues_datavalue v WHERE v.unit_id BETWEEN {lo} AND {hi} AND {values} AND v.series_id IN ({summed})
  GROUP BY v.series_id, {by}v.part, v.sex{opt}"""
_FLOAT = Context(prec=15)  # as Django reads a decimal sum from SQLite, which sums in floating point
_PLACES = Decimal(1).scaleb(-DataValue._meta.get_field("value").decimal_places)


def _numbers(values: Iterable[int]) -> str:
    """Ids and years written into the statement (integers only: nothing else can be), which spares the driver
    parsing hundreds of parameters."""
    return ", ".join(str(int(n)) for n in values)


def _tuples(ranges: Iterable[tuple[int, ...]]) -> str:
    return ", ".join(f"({_numbers(r)})" for r in ranges)


def _units_sql(ids: Iterable[int]) -> str:
    """``v.unit_id`` among ``ids``, as their ranges of consecutive ids written into the statement (see
    ``_PLAIN_SUMS``): an index range scan each."""
    ranges = _id_ranges(ids)
    return "(" + " OR ".join(f"v.unit_id BETWEEN {int(lo)} AND {int(hi)}" for lo, hi in ranges) + ")"


def _commune_branches(tree: _Tree, words: dict, kind: str = "") -> list[str]:
    """``_COMMUNES`` for each range of communes of ``tree``; ``kind`` an extra column after the province."""
    return [
        _COMMUNES.format(province=int(province), lo=int(lo), hi=int(hi), kind=kind, **words)
        for province, lo, hi in tree.ranges
    ]


def _option_words(options: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The words of the statements for the values of ``options`` and their parameters. One option is not grouped
    by (the statement of the totals stays what it was before cuts: ``option = ''``); several are selected and
    grouped by after the sex (``opt``; ``o`` and ``match`` for the nation's common table expressions)."""
    params = {f"option{i}": option for i, option in enumerate(options)}
    if list(options) == [""]:
        condition = "v.option = ''"
    else:
        condition = "v.option IN (" + ", ".join(f"%({name})s" for name in params) + ")"
    several = len(options) > 1
    words = {
        "option": condition,
        "opt": ", v.option" if several else "",
        "o": ", option" if several else "",
        "xo": ", x.option" if several else "",
        "bo": ", b.option" if several else "",
        "match": " AND m.option = b.option" if several else "",
    }
    return words, (params if condition != "v.option = ''" else {})


def _sums_rows(sql: str, params: dict[str, str]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or None)
        return cursor.fetchall()


def _year_grouping(years: Collection[int]) -> dict[str, str]:
    """One year is not grouped by: PostgreSQL multiplies the distinct values of the grouping's columns, and
    expected as many groups again for each year it holds, sizing its hash table for them."""
    return {"year": "v.year", "by": "v.year, "} if len(years) > 1 else {"year": "MIN(v.year)", "by": ""}


def _decimal(total: Decimal | float) -> Decimal:
    """A sum as Django reads a decimal one: exact from PostgreSQL; from SQLite, which sums in floating point, the
    float rounded to the field's places."""
    if isinstance(total, Decimal):
        return total
    return _FLOAT.create_decimal_from_float(total).quantize(_PLACES)


def _plain_sums(
    tree: _Tree,
    own_too: list[int],
    series: list[int],
    summed: set[int],
    years: list[int],
    options: Sequence[str] = ("",),
) -> tuple[Sums, Sums]:
    """(own, communes) of every value of ``series``, ``years`` and ``options`` for ``tree``: see ``_PLAIN_SUMS``."""
    opt, params = _option_words(options)
    words = {
        "values": f"{opt['option']} AND v.year IN ({_numbers(years)})",
        "opt": opt["opt"],
        **_year_grouping(years),
    }
    communes = ""
    if summed:
        branches = _commune_branches(tree, {**words, "summed": _numbers(sorted(summed))}, kind=", 1")
        communes = "".join("\nUNION ALL\n" + branch for branch in branches)
    sql = _PLAIN_SUMS.format(
        units=_units_sql([*own_too, *tree.provinces, *tree.former]),
        series=_numbers(series),
        communes=communes,
        **words,
    )
    out: tuple[Sums, Sums] = (defaultdict(dict), defaultdict(dict))
    for series_id, unit_id, kind, year, part, sex, *option, total in _sums_rows(sql, params):
        out[kind][(series_id, unit_id, year)][(part, sex, option[0] if option else options[0])] = _decimal(
            total
        )
    return out


# The nation's roll-up in one statement (``_national_sums``). x: the own values of the nation, the provinces and
# the former provinces (by ranges of ids, as in ``_PLAIN_SUMS``); m: the provinces' own values of the summed
# series; b: the sums below each province (its communes by ranges, or joined to the units when numbered apart, and
# the former provinces merged into it); each province's own value of a part and sex wins over its sums below.
_NATION_X = """x AS (SELECT v.series_id, v.unit_id, {year} AS year, v.part, v.sex{opt}, SUM(v.value) AS total
  FROM datavalues_datavalue v
  WHERE {units} AND {values} AND v.series_id IN ({series})
  GROUP BY v.series_id, v.unit_id, {by}v.part, v.sex{opt})"""
_NATION_M = "m AS (SELECT x.* FROM x JOIN p ON p.unit = x.unit_id WHERE x.series_id IN ({summed}))"
_NATION_APART = """SELECT v.series_id, u.parent_id, {year}, v.part, v.sex{opt}, SUM(v.value)
  FROM datavalues_datavalue v JOIN units_adminunit u ON u.id = v.unit_id
  WHERE {values} AND v.series_id IN ({summed}) AND u.level = 'commune' AND u.merged_into_id IS NULL
  AND u.parent_id IN ({apart}) GROUP BY v.series_id, u.parent_id, {by}v.part, v.sex{opt}"""
_NATION_FORMER = """SELECT x.series_id, f.province, x.year, x.part, x.sex{xo}, x.total
  FROM x JOIN f ON f.unit = x.unit_id WHERE x.series_id IN ({summed})"""
_NATION_CHOICE = """
  UNION ALL
  SELECT b.series_id, b.year, b.part, b.sex{bo}, b.total FROM b WHERE NOT EXISTS (SELECT 1 FROM m
    WHERE m.series_id = b.series_id AND m.unit_id = b.province AND m.year = b.year AND m.part = b.part
    AND m.sex = b.sex{match})"""
_NATION = """WITH {ctes}
SELECT 0, series_id, year, part, sex{o}, total FROM x WHERE unit_id = {nation}
UNION ALL
SELECT 1, series_id, year, part, sex{o}, SUM(total) FROM (SELECT series_id, year, part, sex{o}, total FROM m{choice}) t
GROUP BY series_id, year, part, sex{o}"""


def _national_sums(
    tree: _Tree,
    nation_id: int,
    series: list[int],
    summed: set[int],
    years: list[int],
    options: Sequence[str] = ("",),
) -> tuple[Sums, Sums]:
    """(the nation's own values, its sums) of every value of ``series`` and ``years`` (``_NATION``), making the
    choice of ``_national`` in the database: it returns the nation's few dozen figures rather than two thousand
    for Python to add up."""
    opt, params = _option_words(options)
    words = {
        **opt,
        "values": f"{opt['option']} AND v.year IN ({_numbers(years)})",
        "series": _numbers(series),
        "summed": _numbers(sorted(summed)),
        "apart": _numbers(tree.apart),
        "units": _units_sql([nation_id, *tree.provinces, *tree.former]),
        **_year_grouping(years),
    }
    ctes = [
        f"p (unit) AS (VALUES {_tuples((pk,) for pk in tree.provinces)})",
        _NATION_X.format(**words),
        _NATION_M.format(**words),
    ]
    below = _commune_branches(tree, words)
    if tree.apart:
        below.append(_NATION_APART.format(**words))
    if tree.former:
        ctes.append(f"f (unit, province) AS (VALUES {_tuples(tree.former.items())})")
        below.append(_NATION_FORMER.format(**words))
    if below:
        ctes.append(
            f"b (series_id, province, year, part, sex{opt['o']}, total) AS ("
            + "\nUNION ALL\n".join(below)
            + ")"
        )
    choice = _NATION_CHOICE.format(**opt) if below else ""
    sql = _NATION.format(ctes=",\n".join(ctes), nation=int(nation_id), choice=choice, o=opt["o"])
    out: tuple[Sums, Sums] = (defaultdict(dict), defaultdict(dict))
    for kind, series_id, year, part, sex, *option, total in _sums_rows(sql, params):
        out[kind][(series_id, nation_id, year)][(part, sex, option[0] if option else options[0])] = _decimal(
            total
        )
    return out


def _fold_former(own: Sums, below: Sums, tree: _Tree, summed: set[int] | None) -> None:
    """Moves the former provinces' values from ``own`` into the sums below the province they went into."""
    for (series_id, former, year), parts in list(own.items()):
        if former in tree.former:
            del own[(series_id, former, year)]
            if summed is None or series_id in summed:
                into = below[(series_id, tree.former[former], year)]
                for key, value in parts.items():
                    _add(into, key, value)


def parts_by_province(
    base: QuerySet[DataValue], province_ids: list[int], years: Iterable[int]
) -> dict[tuple[int, int], dict[Key, Decimal]]:
    """(province, year) → parts of one additive series' values (``base``, of one disaggregation option) in each of
    today's ``province_ids``: a value the province entered itself wins over the sum below it. Three queries."""
    former = dict(
        AdminUnit.objects.filter(merged_into_id__in=province_ids).values_list("pk", "merged_into_id")
    )
    tree = _Tree(list(province_ids), former)
    own = _unit_sums(base, [*tree.provinces, *tree.former])
    below = _commune_sums(base, tree.provinces)
    _fold_former(own, below, tree, None)
    parts: dict[tuple[int, int], dict[Key, Decimal]] = defaultdict(dict)
    for (_series, pid, year), sums in below.items():
        parts[(pid, year)].update(((part, sex), v) for (part, sex, _o), v in sums.items())
    for (_series, pid, year), values in own.items():
        # a value the province entered itself wins over the sum below
        parts[(pid, year)].update(((part, sex), v) for (part, sex, _o), v in values.items())
    return {(pid, year): dict(parts.get((pid, year), {})) for pid in province_ids for year in years}


def rollup_series(
    indicator: Indicator,
    unit: AdminUnit,
    years: Iterable[int],
    *,
    series: Series | None = None,
    values: Values = None,
    option: str = "",
) -> dict[int, Rolled]:
    """The roll-up for several years at once: the same grouped queries, grouped by year too. ``values`` narrows
    the data values rolled up (the public portal passes only those the ministry accepted); default all.
    ``option``: the disaggregation rolled up (canonical, ``indicators.cuts``), '' the total."""
    years = list(years)
    if values is None and counted_here(indicator, unit):
        by_year = _register_parts([indicator], unit, years)[indicator.pk] if not option else {}
    else:
        series = series or primary_series(indicator)
        parts = (
            _indicator_parts([indicator], {indicator.pk: series.pk}, unit, years, values, option)
            if series
            else {}
        )
        by_year = parts.get(indicator.pk, {})
    return {
        year: Rolled(indicator=indicator, unit=unit, year=year, parts=by_year.get(year, {})) for year in years
    }


def rollup_indicators(
    indicators: Iterable[Indicator],
    unit: AdminUnit,
    years: Iterable[int],
    *,
    values: Values = None,
    option: str = "",
) -> dict[int, dict[int, Rolled]]:
    """indicator id → {year: Rolled}: what ``rollup_series`` gives each of ``indicators`` (its primary series),
    in a few queries whatever the number of indicators and provinces (one query per indicator adds up: the
    national roll-up of every indicator took five times the time of the same sums in one query). For more than
    one indicator each year's result is cached until that year's data changes (``datavalues.rollup_cache``),
    except for a narrowed ``values``; the primary series and the units below are kept until they change.
    ``option``: the disaggregation rolled up, '' the total (an indicator that does not declare it has no parts)."""
    indicators, years = list(indicators), list(years)
    ids = tuple(sorted(i.pk for i in indicators))

    def primaries() -> dict[int, int]:
        return dict(
            Series.objects.filter(indicator__in=ids, is_primary=True).values_list("indicator_id", "pk")
        )

    if values is None and len(indicators) > 1:  # a unit's whole set; one indicator alone is quick to sum
        # a series or a unit changing replaces every token: the spec need not name the series
        spec = (unit.pk, tuple(sorted((i.pk, i.additive) for i in indicators)), option)

        def compute(wanted: list[int]) -> dict[int, dict[int, dict]]:
            series_of = rollup_cache.kept_while_units_stay(("primary series", ids), primaries)
            return _by_year(_indicator_parts(indicators, series_of, unit, wanted, None, option), wanted)

        by_year = rollup_cache.cached_by_year(
            "indicators", spec, years, compute, province=rollup_cache.scope_of(unit)
        )
        parts = {i.pk: {y: by_year[y].get(i.pk, {}) for y in years} for i in indicators}
    else:
        parts = _indicator_parts(indicators, primaries(), unit, years, values, option)
    if (
        values is None and not option
    ):  # after the cache: the register is the work, whose writes leave the values' tokens
        parts = {**parts, **_register_parts(indicators, unit, years)}
    return {
        i.pk: {
            y: Rolled(indicator=i, unit=unit, year=y, parts=dict(parts.get(i.pk, {}).get(y, {})))
            for y in years
        }
        for i in indicators
    }


def derived(indicator: Indicator) -> bool:
    """Whether the indicator's value is counted from the programme register rather than entered."""
    return indicator.derivation == Derivation.PROGRAMME_REGISTER


def counted_here(indicator: Indicator, unit: AdminUnit) -> bool:
    """Whether ``unit`` is where the indicator is counted from the register: its own province (the register is
    the province's; a commune, a former province or the nation has none)."""
    return derived(indicator) and indicator.province_id == unit.pk


def _register_parts(
    indicators: Iterable[Indicator], unit: AdminUnit, years: Iterable[int]
) -> dict[int, dict[int, dict[Key, Decimal]]]:
    """indicator id → year → parts of the indicators derived from the programme register, for their own province
    (the register is the province's; a commune, a former province or the nation has none): the numerator and
    denominator counted in one query (``register_counts``), so the ratio is computed from its
    parts like any other. Never cached with the values: the register is the work, whose writes leave the values'
    tokens, and the caches of what pages show (``rollup_cache.cached``) name the work."""
    mine = [i for i in indicators if counted_here(i, unit)]
    if not mine:
        return {}
    counts = register_counts(unit, years)
    by_year: dict[int, dict[Key, Decimal]] = {
        year: {
            (str(PartKind.NUMERATOR), "total"): Decimal(done),
            (str(PartKind.DENOMINATOR), "total"): Decimal(total),
        }
        for year, (done, total) in counts.items()
        if total
    }
    return {i.pk: {year: dict(parts) for year, parts in by_year.items()} for i in mine}


def register_counts(province: AdminUnit, years: Iterable[int]) -> dict[int, tuple[int, int]]:
    """year → (gender-mainstreamed, all) climate-change programmes of the province running that year, for every
    one of ``years`` in one query: the parts of an indicator derived from the register
    (``rollup_indicators`` reads them, so every page shows the same figure)."""
    from plans.models import Programme

    years = sorted(set(years))
    counts = {year: (0, 0) for year in years}
    if not years:
        return counts
    running = Programme.objects.filter(
        province=province, climate_related=True, start_year__lte=years[-1], end_year__gte=years[0]
    ).values_list("start_year", "end_year", "gender_mainstreamed")
    for start, end, mainstreamed in running:
        for year in years:
            if start <= year <= end:
                done, total = counts[year]
                counts[year] = (done + bool(mainstreamed), total + 1)
    return counts


def _by_year(parts: dict[int, dict[int, dict]], years: Iterable[int]) -> dict[int, dict[int, dict]]:
    """indicator → year → parts, turned into year → indicator → parts (the cache keeps a year at a time)."""
    return {y: {pk: by_year.get(y, {}) for pk, by_year in parts.items()} for y in years}


def _indicator_parts(
    indicators: list[Indicator],
    series_of: dict[int, int],
    unit: AdminUnit,
    years: Iterable[int],
    values: Values,
    option: str = "",
) -> dict[int, dict[int, dict[Key, Decimal]]]:
    """indicator id → year → parts of ``unit`` for one disaggregation ``option`` ('' the total), for
    ``rollup_indicators`` and ``rollup_series``: see ``_option_parts``."""
    by_option = _option_parts(indicators, series_of, unit, years, values, [option])
    return {
        pk: {year: got.get(option, {}) for year, got in by_year.items()} for pk, by_year in by_option.items()
    }


def _option_parts(
    indicators: list[Indicator],
    series_of: dict[int, int],
    unit: AdminUnit,
    years: Iterable[int],
    values: Values,
    options: Sequence[str],
) -> dict[int, dict[int, dict[str, dict[Key, Decimal]]]]:
    """indicator id → year → option → parts of ``unit``: the tree below the unit, then its values of every one of
    ``options`` in one statement (``_PLAIN_SUMS``; for a narrowed ``values``, three grouped queries), whatever
    the number of options. Python lets each province's own value win over the sum below it, part by part, sex by
    sex and option by option, and for the nation sums the provinces (the nation's own value winning in turn)."""
    out: dict[int, dict[int, dict[str, dict[Key, Decimal]]]] = {}
    options = list(dict.fromkeys(options))
    if not series_of or not options:
        return out
    series, years = sorted(set(series_of.values())), sorted(set(years))
    summed = {series_of[i.pk] for i in indicators if i.additive and i.pk in series_of}
    national = unit.level not in (Level.PROVINCE, Level.COMMUNE)

    def base(only: Iterable[int] = series) -> QuerySet[DataValue]:
        return (DataValue.objects.all() if values is None else values).filter(
            series_id__in=sorted(only), year__in=years, option__in=options
        )

    totals: Sums = {}
    if not summed or unit.level == Level.COMMUNE or unit.merged_into_id:
        own = _unit_sums(base(), [unit.pk])
    else:
        tree = _tree(unit)
        own_too = [unit.pk] if national else []
        in_sql = values is None and national and bool(tree.provinces)
        if in_sql:
            own, totals = _national_sums(tree, unit.pk, series, summed, years, options)
        elif values is None:
            own, below = _plain_sums(tree, own_too, series, summed, years, options)
            if tree.apart:
                _commune_sums(base(summed), tree.apart, below)
        else:
            own = _unit_sums(base(), [*own_too, *tree.provinces, *tree.former])
            below = _commune_sums(base(summed), tree.provinces)
        if not in_sql:
            _fold_former(own, below, tree, summed)
            totals = _national(own, below, unit.pk, summed) if national else below
    for indicator in indicators:
        series_id = series_of.get(indicator.pk)
        if series_id is None:
            continue
        summed_here = series_id in summed
        by_year: dict[int, dict[str, dict[Key, Decimal]]] = {}
        for year in years:
            cells = {
                **(totals.get((series_id, unit.pk, year), {}) if summed_here else {}),
                **own.get((series_id, unit.pk, year), {}),
            }
            by_option: dict[str, dict[Key, Decimal]] = {o: {} for o in options}
            for (part, sex, cut), value in cells.items():
                by_option[cut][(part, sex)] = value
            by_year[year] = by_option
        out[indicator.pk] = by_year
    return out


def _national(own: Sums, below: Sums, nation_id: int, summed: set[int]) -> Sums:
    """The nation's sums: each province's parts (its own value, else the sum below it, part by part and sex by
    sex), added up over the provinces. ``below`` holds provinces only; ``own`` the provinces and the nation."""
    totals: Sums = defaultdict(dict)
    for (series_id, province, year), parts in below.items():
        mine = own.get((series_id, province, year))
        total = totals[(series_id, nation_id, year)]
        for key, value in parts.items():
            if mine is None or key not in mine:
                total[key] = total[key] + value if key in total else value
    for (series_id, province, year), mine in own.items():
        if province != nation_id and series_id in summed:
            total = totals[(series_id, nation_id, year)]
            for key, value in mine.items():
                total[key] = total[key] + value if key in total else value
    return totals


def rollup(
    indicator: Indicator,
    unit: AdminUnit,
    year: int,
    *,
    series: Series | None = None,
    values: Values = None,
    option: str = "",
) -> Rolled:
    return rollup_series(indicator, unit, [year], series=series, values=values, option=option)[year]


def rollup_cuts(
    indicator: Indicator,
    unit: AdminUnit,
    years: Iterable[int],
    *,
    options: Iterable[str] | None = None,
    series: Series | None = None,
    values: Values = None,
) -> dict[str, dict[int, Rolled]]:
    """option → year → the roll-up of that option: the total ('') and each of ``options``, by default every
    single-dimension cut the indicator declares (``cuts.declared(indicator).rows()``), in the framework's order.
    Each option's value is computed from its own summed numerator and denominator, never averaged; the same few
    queries as ``rollup_series`` whatever the number of options and years. An indicator counted from the
    programme register has no cuts (its options come back empty)."""
    from indicators import cuts

    years = list(years)
    wanted = list(dict.fromkeys(["", *(cuts.declared(indicator).rows() if options is None else options)]))
    by_year: dict[int, dict[str, dict[Key, Decimal]]] = {}
    if values is None and counted_here(indicator, unit):
        register = _register_parts([indicator], unit, years)[indicator.pk]
        by_year = {year: {"": register.get(year, {})} for year in years}
    else:
        series = series or primary_series(indicator)
        if series is not None:
            got = _option_parts([indicator], {indicator.pk: series.pk}, unit, years, values, wanted)
            by_year = got.get(indicator.pk, {})
    return {
        option: {
            year: Rolled(
                indicator=indicator, unit=unit, year=year, parts=dict(by_year.get(year, {}).get(option, {}))
            )
            for year in years
        }
        for option in wanted
    }


def rollup_provinces(
    indicator: Indicator,
    provinces: list[AdminUnit],
    years: Iterable[int],
    *,
    series: Series | None = None,
    values: Values = None,
    option: str = "",
) -> dict[tuple[int, int], Rolled]:
    """(province id, year) → the roll-up of each of ``provinces`` (today's), in the same few queries whatever
    their number: what ``rollup_series`` gives one province at a time (of the disaggregation ``option``)."""
    years = list(years)
    series = series or primary_series(indicator)
    result = {
        (p.pk, year): Rolled(indicator=indicator, unit=p, year=year) for p in provinces for year in years
    }
    if values is None and derived(indicator):  # counted in its own province alone, from the register
        if option:  # the register has no cuts
            return result
        for province in provinces:
            if counted_here(indicator, province):
                register = _register_parts([indicator], province, years)[indicator.pk]
                for year in years:
                    result[(province.pk, year)].parts = register.get(year, {})
        return result
    if series is None or not provinces:
        return result
    base = (DataValue.objects.all() if values is None else values).filter(
        series=series, year__in=years, option=option
    )
    ids = [p.pk for p in provinces]
    parts = parts_by_province(base, ids, years) if indicator.additive else own_parts(base, ids)
    for key, rolled in result.items():
        rolled.parts = dict(parts.get(key, {}))
    return result


def rollup_provinces_cuts(
    indicator: Indicator,
    provinces: list[AdminUnit],
    years: Iterable[int],
    *,
    options: Iterable[str] | None = None,
    series: Series | None = None,
    values: Values = None,
) -> dict[str, dict[tuple[int, int], Rolled]]:
    """option → (province id, year) → the roll-up: ``rollup_provinces`` for the total ('') and each of ``options``
    (by default every single-dimension cut the indicator declares) at once, in the same three queries whatever
    the number of options, provinces and years. An indicator counted from the register has its total only."""
    from indicators import cuts

    years = list(years)
    wanted = list(dict.fromkeys(["", *(cuts.declared(indicator).rows() if options is None else options)]))
    result = {
        option: {(p.pk, y): Rolled(indicator=indicator, unit=p, year=y) for p in provinces for y in years}
        for option in wanted
    }
    if values is None and derived(indicator):
        result[""] = rollup_provinces(indicator, provinces, years, series=series)
        return result
    series = series or primary_series(indicator)
    if series is None or not provinces:
        return result
    base = (DataValue.objects.all() if values is None else values).filter(
        series=series, year__in=years, option__in=wanted
    )
    ids = [p.pk for p in provinces]
    if indicator.additive:
        former = dict(AdminUnit.objects.filter(merged_into_id__in=ids).values_list("pk", "merged_into_id"))
        tree = _Tree(ids, former)
        own = _unit_sums(base, [*ids, *former])
        below = _commune_sums(base, ids)
        _fold_former(own, below, tree, None)
        layers = [below, own]  # a value the province entered itself wins over the sum below
    else:
        layers = [_unit_sums(base, ids)]
    for layer in layers:
        for (_series, pid, year), cells in layer.items():
            for (part, sex, option), value in cells.items():
                if (pid, year) in result[option]:
                    result[option][(pid, year)].parts[(part, sex)] = value
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


def province_parts(province: AdminUnit) -> list[IndicatorPart]:
    """The parts a province enters (national indicators and its own), in the order of the framework: kept in each
    process until reference data changes (``rollup_cache.kept_while_units_stay``)."""

    def read() -> list[IndicatorPart]:
        return list(
            IndicatorPart.objects.filter(indicator__active=True)
            .filter(Q(indicator__province__isnull=True) | Q(indicator__province=province))
            .exclude(indicator__derivation=Derivation.PROGRAMME_REGISTER)
            .select_related("indicator", "indicator__objective")
            .order_by("indicator__province", "indicator__objective__number", "indicator__order", "kind")
        )

    return rollup_cache.kept_while_units_stay(("province parts", province.pk), read)


def assignment_versions(province: AdminUnit) -> dict[int, int]:
    """part id → the version of the province's explicit assignment of it (a part without one is at 0)."""
    from datavalues.models import PartAssignment

    return dict(PartAssignment.objects.filter(province=province).values_list("part_id", "lock_version"))


def assignments_of(province: AdminUnit) -> dict[int, Agency | None]:
    """part id → the agency that provides it in the province: the explicit assignment, else the usual provider.
    Kept in each process until reference data (assignments and agencies among it) changes."""
    from agencies.selectors import usual_provider
    from datavalues.models import PartAssignment

    def read() -> dict[int, Agency | None]:
        agencies = list(
            Agency.objects.filter(province=province).select_related("kind").prefetch_related("names")
        )
        by_id = {a.pk: a for a in agencies}
        explicit = dict(PartAssignment.objects.filter(province=province).values_list("part_id", "agency_id"))
        return {
            part.pk: by_id.get(explicit[part.pk])
            if part.pk in explicit
            else usual_provider(part.indicator.usual_provider, agencies)
            for part in province_parts(province)
        }

    return rollup_cache.kept_while_units_stay(("assignments", province.pk), read)


def sexes_of(indicator: Indicator) -> list[str]:
    return ["total", "female", "male"] if indicator.by_sex else ["total"]


def worklist(user: User, year: int) -> list[WorkItem]:
    """What is expected of ``user`` for ``year``: each part and unit, with what is entered and last year's value."""
    from accounts import access
    from accounts.models import Role

    if not access.has_role(user) or access.is_ministry(user) or user.role == Role.VIEWER:
        return []
    province = access.province_of(user)
    if province is None:  # a role with no unit in force to work in: nothing is expected
        return []
    assigned = assignments_of(province)
    parts = list(province_parts(province))
    unit: AdminUnit = province
    if user.role == Role.COMMUNE_OFFICER and user.unit is not None:
        unit = user.unit
        parts = [p for p in parts if "commune" in p.indicator.collection_level.lower()]
    elif user.role == Role.DEPARTMENT_OFFICER:
        parts = [p for p in parts if (a := assigned.get(p.pk)) is not None and a.pk == user.agency_id]
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
        sexes = sexes_of(part.indicator)
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


def _expected_cells(parts: Iterable[IndicatorPart]) -> int:
    return sum(len(sexes_of(p.indicator)) for p in parts)


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
        item.expected += len(sexes_of(part.indicator))
    for indicator_id, part, status, n, late in rows:
        agency = part_agency.get((indicator_id, part))
        counted = result.get(agency.pk if agency else None)
        if counted is not None:
            counted.counts[status] = counted.counts.get(status, 0) + n
            counted.late += late
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


_OTHER_PART: dict[str, str] = {
    PartKind.NUMERATOR: PartKind.DENOMINATOR,
    PartKind.DENOMINATOR: PartKind.NUMERATOR,
}


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
        other = _OTHER_PART.get(part)
        pair = index.get((indicator_id, other, unit_id, year, sex)) if other else None
        if other and pair is None:
            found.append((pk, _("The %(part)s is missing.") % {"part": PartKind(other).label.lower()}))
        if part == PartKind.NUMERATOR and pair is not None and indicator.part_of_whole and value > pair:
            found.append((pk, _("The numerator is larger than the denominator.")))
        if indicator.by_sex and sex == "total":
            female = index.get((indicator_id, part, unit_id, year, "female"))
            male = index.get((indicator_id, part, unit_id, year, "male"))
            if (female is None) != (male is None):
                found.append((pk, _("Only one sex is entered beside the total.")))
            elif female is not None and male is not None and female + male != value:
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
