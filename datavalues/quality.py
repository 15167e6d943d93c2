"""Values far from their own history or from similar units: a robust outlier method, in sets.

The method is the modified z-score of Iglewicz and Hoaglin ("How to Detect and Handle Outliers", ASQC 1993):
for a sample with median m and median absolute deviation MAD = median(|xᵢ − m|), a value x scores
M = 0.6745 · (x − m) / MAD and is flagged when |M| > ``THRESHOLD`` (3.5 by default, ``DATA_OUTLIER_THRESHOLD`` in
the settings). 0.6745 makes MAD comparable with a standard deviation for normal data; the median and the MAD are
not pulled by the outlier itself, as a mean and a standard deviation are. Where more than half of the sample is the
same number the MAD is 0: the usual variant (IBM's SPSS, DHIS2's outlier analysis) then divides by 1.253314 × the
mean absolute deviation from the median instead, M = (x − m) / (1.253314 · MeanAD). A sample with no spread at all
(every value equal) flags nothing. The arithmetic is exact (fractions), so a value equal to the median never
scores, and scaling every value by the same factor changes no flag.

Two checks, each scoring a value within a sample that includes it:
- history: a stored part (numerator, denominator or single value) against the same series, part, unit, sex and
  disaggregation in the earlier years, when at least ``MIN_HISTORY`` earlier years are stored (4 by default,
  ``DATA_OUTLIER_MIN_HISTORY``);
- peers: an indicator's value (factor × numerator / denominator, or the single value: never a raw part) of a unit
  against the same year's values of similar units: a province against the other provinces in force that year, a
  commune against the other communes of its province, when at least ``MIN_PEERS`` others have a value (5 by
  default, ``DATA_OUTLIER_MIN_PEERS``). The total over every disaggregation only (option ""), each sex apart.

Both read whole scopes at once: one query for the history of a province-year or of the nation, two or three for
the peers, never one per value or per unit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from datavalues.models import DataValue, Series, Sex
from datavalues.selectors import indicator_value
from indicators.models import Indicator
from lib.dates import year_end
from lib.numbers import format_number
from units.models import AdminUnit, Level

THRESHOLD = Decimal(str(getattr(settings, "DATA_OUTLIER_THRESHOLD", "3.5")))
MIN_HISTORY = int(getattr(settings, "DATA_OUTLIER_MIN_HISTORY", 4))
MIN_PEERS = int(getattr(settings, "DATA_OUTLIER_MIN_PEERS", 5))
HISTORY, PEERS = "history", "peers"

_CONSISTENCY = Fraction("0.6745")  # M = 0.6745 · (x − median) / MAD
_MEAN_AD = Fraction("1.253314")  # M = (x − median) / (1.253314 · MeanAD) where the MAD is 0

Number = Decimal | Fraction | int


# --- the arithmetic ---------------------------------------------------------------------------------------------


def _median(ordered: Sequence[Fraction]) -> Fraction:
    n = len(ordered)
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Spread:
    """A sample's median and the scale a value's distance from it is divided by: M = (x − median) / scale."""

    median: Fraction
    scale: Fraction

    def score(self, x: Number) -> Fraction:
        return (Fraction(x) - self.median) / self.scale

    def expected(self, threshold: Number = THRESHOLD) -> tuple[Fraction, Fraction]:
        """The range of values that are not flagged (low end not below 0: no value is negative)."""
        half = Fraction(threshold) * self.scale
        return max(Fraction(0), self.median - half), self.median + half


def spread(sample: Iterable[Number]) -> Spread | None:
    """The median and scale of ``sample`` (see the module's text), or None when it has no spread at all."""
    values = sorted(Fraction(x) for x in sample)
    if not values:
        return None
    median = _median(values)
    deviations = sorted(abs(x - median) for x in values)
    mad = _median(deviations)
    if mad:
        return Spread(median, mad / _CONSISTENCY)
    mean_ad = sum(deviations, Fraction(0)) / len(deviations)
    if mean_ad:
        return Spread(median, _MEAN_AD * mean_ad)
    return None


def is_outlier(x: Number, sample: Iterable[Number], threshold: Number = THRESHOLD) -> bool:
    """Whether ``x`` is flagged within ``sample`` (which should include it)."""
    found = spread(sample)
    return found is not None and abs(found.score(x)) > Fraction(threshold)


# --- the flags --------------------------------------------------------------------------------------------------


@dataclass
class Flag:
    """A value a check flagged. ``part`` is "" for an indicator's value (the peers check)."""

    check: str
    indicator: Indicator
    unit_id: int
    year: int
    part: str
    sex: str
    option: str
    value: Decimal
    median: Decimal
    low: Decimal
    high: Decimal
    score: Decimal
    comment: str = ""
    samples: int = 0
    unit: AdminUnit | None = None

    @property
    def key(self) -> tuple[int, int, int, str, str, str, str]:
        """What names the flagged value for its review (``QualityReview``)."""
        return (self.indicator.pk, self.unit_id, self.year, self.part, self.sex, self.option, self.check)


def _decimal(x: Fraction) -> Decimal:
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal("0.0001"))


def _flag(
    check: str, x: Decimal, sample: list[Decimal], *, known: Spread | None = None, **fields
) -> Flag | None:
    """The flag of ``x`` within ``sample`` (``known``: the sample's spread, computed once for many values)."""
    found = known or spread(sample)
    if found is None:
        return None
    score = found.score(x)
    if abs(score) <= Fraction(THRESHOLD):
        return None
    low, high = found.expected()
    return Flag(
        check=check,
        value=x,
        median=_decimal(found.median),
        low=_decimal(low),
        high=_decimal(high),
        score=_decimal(score),
        samples=len(sample),
        **fields,
    )


def history_of(
    rows: Iterable[tuple], year: int, *, into: dict[int, int] | None = None, summed: set[int] | None = None
) -> dict[tuple, tuple[Decimal, list[Decimal]]]:
    """(series, part, unit, sex, option) → (the value of ``year``, the values of the earlier years), from rows
    (series, part, unit, year, sex, option, value); only the keys with a value in ``year``. ``into`` maps a
    former province to the province it went into: its values are that province's history, added up where
    several went into one for the series in ``summed`` (additive indicators); for another series a year that
    several former provinces share is left out (their rates cannot be added)."""
    series = years_by_key(rows, into=into or {}, summed=summed or set())
    return {
        key: (years[year], [v for y, v in years.items() if y < year])
        for key, years in series.items()
        if year in years
    }


def years_by_key(
    rows: Iterable[tuple], *, into: dict[int, int], summed: set[int]
) -> dict[tuple, dict[int, Decimal]]:
    """(series, part, unit, sex, option) → {year: value} from rows (series, part, unit, year, sex, option, value),
    a former province's values counted as the province's it went into (see ``history_of``)."""
    series: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    shared: set[tuple] = set()
    for s, part, unit, y, sex, option, value in rows:
        key = (s, part, into.get(unit, unit), sex, option)
        years = series[key]
        if y not in years:
            years[y] = value
        elif s in summed:
            years[y] += value
        else:
            shared.add((key, y))
    for key, y in shared:
        del series[key][y]
    return series


def _former(provinces: Q) -> dict[int, int]:
    """former province → the province of today it went into, for the provinces ``provinces`` selects."""
    return dict(
        AdminUnit.objects.filter(level=Level.PROVINCE, merged_into__in=AdminUnit.objects.filter(provinces))
        .values_list("pk", "merged_into_id")
        .order_by()
    )


def _additive(series: Iterable[int]) -> set[int]:
    return set(
        Series.objects.filter(pk__in=sorted(series), indicator__additive=True).values_list("pk", flat=True)
    )


def history_flags(scope: Q, year: int, *, into: dict[int, int] | None = None) -> list[Flag]:
    """The primary series' stored values of ``year`` in the units ``scope`` selects (a condition on ``unit``,
    which should take in the former provinces of ``into``) that are far from their own earlier years: one query
    for the values, one for the series."""
    into = into or {}
    rows = (
        DataValue.objects.filter(scope, year__lte=year, series__is_primary=True)
        .values_list("series_id", "part", "unit_id", "year", "sex", "option", "value", "comment")
        .order_by()
    )
    comments: dict[tuple, str] = {}
    plain = []
    for s, part, unit, y, sex, option, value, comment in rows:
        plain.append((s, part, unit, y, sex, option, value))
        if y == year and comment:
            comments[(s, part, into.get(unit, unit), sex, option)] = comment
    indicators = _indicators_of_series({row[0] for row in plain})
    summed = {s for s, indicator in indicators.items() if indicator.additive}
    found = history_of(plain, year, into=into, summed=summed)
    flags = []
    for key, (x, earlier) in found.items():
        if len(earlier) < MIN_HISTORY:
            continue
        s, part, unit, sex, option = key
        flag = _flag(
            HISTORY,
            x,
            [*earlier, x],
            indicator=indicators[s],
            unit_id=unit,
            year=year,
            part=part,
            sex=sex,
            option=option,
            comment=comments.get(key, ""),
        )
        if flag is not None:
            flags.append(flag)
    return flags


def _indicators_of_series(series: Iterable[int]) -> dict[int, Indicator]:
    pairs = Series.objects.filter(pk__in=sorted(series)).select_related("indicator")
    return {s.pk: s.indicator for s in pairs}


def _peer_values(
    unit_ids: list[int], year: int, *, communes_below: bool
) -> tuple[dict[tuple[int, int], dict[tuple[str, str], Decimal]], dict[tuple[int, int], list[str]], dict]:
    """(series, unit) → {(part, sex): value} of the primary series in ``unit_ids`` for ``year`` (option ""): the
    units' own values and, with ``communes_below``, the sums of their communes where a unit has no own value
    of a part and sex (as the roll-up). Also (series, unit) → the own values' comments, and series → indicator."""
    from datavalues.selectors import _commune_sums, _unit_in

    base = DataValue.objects.filter(year=year, option="", series__is_primary=True)
    parts: dict[tuple[int, int], dict[tuple[str, str], Decimal]] = defaultdict(dict)
    comments: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = base.filter(_unit_in(unit_ids)).values_list(
        "series_id", "unit_id", "part", "sex", "value", "comment"
    )
    for s, unit, part, sex, value, comment in rows:
        parts[(s, unit)][(part, sex)] = value
        if comment:
            comments[(s, unit)].append(comment)
    indicators = _indicators_of_series({s for s, _u in parts})
    if communes_below:
        additive = Series.objects.filter(is_primary=True, indicator__additive=True).values("pk")
        below = _commune_sums(base.filter(series__in=additive), unit_ids)
        missing = set(below) - {(s, u, year) for s, u in parts}
        if missing:
            indicators |= _indicators_of_series({s for s, _u, _y in missing})
        for (s, unit, _y), sums in below.items():
            own = parts[(s, unit)]
            for (part, sex, _option), value in sums.items():  # option "" only: ``base`` has no other
                own.setdefault((part, sex), value)
    return parts, comments, indicators


def peer_flags(
    unit_ids: list[int], year: int, *, communes_below: bool, only: set[int] | None = None
) -> list[Flag]:
    """The indicator values of ``unit_ids`` (similar units: the provinces in force, or one province's communes)
    that are far from the others' of the same year; ``only`` keeps the flags of those units."""
    parts, comments, indicators = _peer_values(unit_ids, year, communes_below=communes_below)
    samples: dict[tuple[int, str], dict[int, Decimal]] = defaultdict(dict)
    for (s, unit), own in parts.items():
        indicator = indicators[s]
        for sex in Sex.values:
            value = indicator_value(indicator, own, sex)
            if value is not None:
                samples[(s, sex)][unit] = value
    flags = []
    for (s, sex), by_unit in samples.items():
        if len(by_unit) < MIN_PEERS + 1:
            continue
        sample = list(by_unit.values())
        known = spread(sample)  # once for the whole sample: never one sort of the sample per unit
        if known is None:
            continue
        for unit, x in by_unit.items():
            if only is not None and unit not in only:
                continue
            flag = _flag(
                PEERS,
                x,
                sample,
                known=known,
                indicator=indicators[s],
                unit_id=unit,
                year=year,
                part="",
                sex=sex,
                option="",
                comment=" ".join(comments.get((s, unit), [])),
            )
            if flag is not None:
                flags.append(flag)
    return flags


def _provinces(year: int) -> list[int]:
    day = year_end(year)
    return list(
        AdminUnit.objects.on(day).filter(level=Level.PROVINCE).order_by("pk").values_list("pk", flat=True)
    )


def province_flags(province: AdminUnit, year: int) -> list[Flag]:
    """Everything flagged in a province for a year: its own values and its communes' against their history, the
    province's indicator values against the other provinces', its communes' against each other's."""
    day = year_end(year)
    communes = list(
        AdminUnit.objects.on(day)
        .filter(level=Level.COMMUNE, parent=province)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    into = _former(Q(pk=province.pk))
    scope = Q(unit=province) | Q(unit__parent=province, unit__level=Level.COMMUNE) | Q(unit_id__in=list(into))
    flags = history_flags(scope, year, into=into)
    flags += peer_flags(_provinces(year), year, communes_below=True, only={province.pk})
    if communes:
        flags += peer_flags(communes, year, communes_below=False)
    return _with_units(flags)


def national_flags(year: int) -> list[Flag]:
    """What the ministry checks: the provinces' own values (and the nation's) against their history, and every
    province's indicator values against the others'. A province's communes are on the province's page."""
    into = _former(Q(level=Level.PROVINCE, merged_into__isnull=True))
    flags = history_flags(Q(unit__level__in=[Level.PROVINCE, Level.NATION]), year, into=into)
    flags += peer_flags(_provinces(year), year, communes_below=True)
    return _with_units(flags)


def _with_units(flags: list[Flag]) -> list[Flag]:
    from units.selectors import units_with_names

    units = units_with_names().in_bulk({f.unit_id for f in flags})
    for flag in flags:
        flag.unit = units.get(flag.unit_id)
    flags.sort(
        key=lambda f: (f.indicator.code, f.unit.code if f.unit else "", f.part, f.sex, f.option, f.check)
    )
    return flags


def shown(number: Decimal) -> str:
    """A median or a range's end as the messages show it: two decimals at most, Vietnamese format."""
    return format_number(number.quantize(Decimal("0.01")).normalize())


# --- at entry ---------------------------------------------------------------------------------------------------


def entry_warnings(proposals: Sequence) -> dict[tuple, list[str]]:
    """``Proposal.key`` → the history warning of each proposal (``datavalues.entry.Proposal``) far from its own earlier
    years, for ``entry.check``: the earlier years of every proposal read in one query (series, units and the
    years before the last proposed), whatever the number of proposals."""
    if not proposals:
        return {}
    from datavalues.selectors import _unit_in

    last = max(p.year for p in proposals)
    options = {getattr(p, "option", "") for p in proposals}
    units = {p.unit.pk for p in proposals}
    into = _former(Q(pk__in=sorted(units)))
    rows = (
        DataValue.objects.filter(
            _unit_in(units | set(into)),
            series_id__in=sorted({p.series_id for p in proposals}),
            year__lt=last,
            option__in=sorted(options),
        )
        .values_list("series_id", "part", "unit_id", "year", "sex", "option", "value")
        .order_by()
    )
    summed = _additive({p.series_id for p in proposals})
    history = years_by_key(rows, into=into, summed=summed)
    out: dict[tuple, list[str]] = {}
    for p in proposals:
        key = (p.series_id, p.part, p.unit.pk, p.sex, getattr(p, "option", ""))
        earlier = [v for y, v in history.get(key, {}).items() if y < p.year]
        if len(earlier) < MIN_HISTORY:
            continue
        flag = _flag(
            HISTORY,
            p.value,
            [*earlier, p.value],
            indicator=p.indicator,
            unit_id=p.unit.pk,
            year=p.year,
            part=p.part,
            sex=p.sex,
            option=key[-1],
        )
        if flag is not None:
            out[p.key] = [
                _(
                    "The value is far from its own history (median %(median)s over %(n)s years): values from "
                    "%(low)s to %(high)s are expected."
                )
                % {
                    "median": shown(flag.median),
                    "n": flag.samples,
                    "low": shown(flag.low),
                    "high": shown(flag.high),
                }
            ]
    return out


# --- the data-quality page --------------------------------------------------------------------------------------


@dataclass
class Row:
    """A line of the data-quality page: a flag with its follow-up, or a follow-up whose value is no longer
    flagged (corrected since: ``flag`` None)."""

    key: tuple[int, int, int, str, str, str, str]
    indicator: Indicator
    unit: AdminUnit | None
    part: str
    sex: str
    option: str
    check: str
    flag: Flag | None
    review: object | None  # datavalues.models.QualityReview
    option_label: str = ""

    @property
    def state(self) -> str:
        from datavalues.models import ReviewState

        return getattr(self.review, "state", ReviewState.OPEN)

    @property
    def version(self) -> int:
        return getattr(self.review, "lock_version", 0)


def flags_of(unit: AdminUnit, year: int) -> list[Flag]:
    """What the checks flag on the page of ``unit`` (a province, or the nation), kept in the shared cache until a
    value of a year up to ``year`` (every province's: the peers are the other provinces), the reference data or
    the work changes (``datavalues.rollup_cache.cached``)."""
    from datavalues import rollup_cache

    def compute() -> list[Flag]:
        return national_flags(year) if unit.level == Level.NATION else province_flags(unit, year)

    return rollup_cache.cached("quality-flags", (unit.pk, year), compute, years=range(2015, year + 1))


def quality_rows(unit: AdminUnit, year: int, *, state: str = "") -> list[Row]:
    """The page's lines for a province or the nation and a year: every flag with its follow-up, then the
    follow-ups of values no longer flagged; ``state`` keeps one follow-up state. A few queries whatever the
    number of lines (the flags, the reviews of the scope, the names of the options and indicators)."""
    from datavalues.models import QualityReview
    from indicators import cuts

    flags = flags_of(unit, year)
    reviews = QualityReview.objects.filter(year=year).select_related("reviewed_by", "indicator", "unit")
    if unit.level == Level.NATION:
        reviews = reviews.filter(unit__level__in=[Level.PROVINCE, Level.NATION])
    else:
        reviews = reviews.filter(Q(unit=unit) | Q(unit__parent=unit, unit__level=Level.COMMUNE))
    by_key = {r.key: r for r in reviews}
    rows = [
        Row(f.key, f.indicator, f.unit, f.part, f.sex, f.option, f.check, f, by_key.pop(f.key, None))
        for f in flags
    ]
    if by_key:
        from units.selectors import units_with_names

        units = units_with_names().in_bulk({r.unit_id for r in by_key.values()})
        for r in sorted(by_key.values(), key=lambda r: (r.indicator.code, r.unit_id, r.part, r.sex)):
            rows.append(
                Row(r.key, r.indicator, units.get(r.unit_id), r.part, r.sex, r.option, r.kind, None, r)
            )
    if state:
        rows = [row for row in rows if row.state == state]
    options = {row.option for row in rows if row.option}
    if options:
        names = cuts.option_names()
        for row in rows:
            row.option_label = cuts.label(row.option, names)
    return rows


def entry_peer_warnings(proposals: Sequence) -> dict[tuple, list[str]]:
    """``Proposal.key`` → the peers warning of each proposal whose indicator value, once the proposals are stored
    (the unit's other part from what is stored where not proposed), is far from the same year's stored values of
    similar units: the provinces in force for a province, the other communes of its province for a commune. The
    others' own stored values (not a province's communes' sum), the total over every disaggregation only. One
    query for every proposal's peers, one for the provinces in force."""
    wanted = [
        p
        for p in proposals
        if getattr(p, "option", "") == ""
        and p.unit.level in (Level.PROVINCE, Level.COMMUNE)
        and p.indicator.factor
    ]
    if not wanted:
        return {}
    years = sorted({p.year for p in wanted})
    parents = sorted({p.unit.parent_id for p in wanted if p.unit.level == Level.COMMUNE})
    in_force = (
        {year: set(_provinces(year)) for year in years}
        if any(p.unit.level == Level.PROVINCE for p in wanted)
        else {}
    )
    where = Q(unit__parent_id__in=parents, unit__level=Level.COMMUNE)
    if in_force:
        where |= Q(unit__level=Level.PROVINCE)
    rows = (
        DataValue.objects.filter(
            where, series_id__in=sorted({p.series_id for p in wanted}), year__in=years, option=""
        )
        .values_list("series_id", "unit_id", "unit__parent_id", "unit__level", "year", "part", "sex", "value")
        .order_by()
    )
    parts: dict[tuple, dict[tuple[str, str], Decimal]] = defaultdict(
        dict
    )  # (series, group, year, unit) → parts
    for s, unit, parent, level, year, part, sex, value in rows:
        if level == Level.PROVINCE and unit not in in_force.get(year, ()):
            continue
        group = parent if level == Level.COMMUNE else 0
        parts[(s, group, year, unit)][(part, sex)] = value
    for p in wanted:  # what the proposals make together
        group = p.unit.parent_id if p.unit.level == Level.COMMUNE else 0
        parts[(p.series_id, group, p.year, p.unit.pk)][(p.part, p.sex)] = p.value
    indicators = {p.series_id: p.indicator for p in wanted}
    samples: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    for (s, group, year, unit), own in parts.items():
        for sex in Sex.values:
            value = indicator_value(indicators[s], own, sex)
            if value is not None:
                samples[(s, group, year, sex)][unit] = value
    out: dict[tuple, list[str]] = {}
    for p in wanted:
        group = p.unit.parent_id if p.unit.level == Level.COMMUNE else 0
        by_unit = samples.get((p.series_id, group, p.year, p.sex), {})
        x = by_unit.get(p.unit.pk)
        if x is None or len(by_unit) < MIN_PEERS + 1:
            continue
        flag = _flag(
            PEERS,
            x,
            list(by_unit.values()),
            indicator=p.indicator,
            unit_id=p.unit.pk,
            year=p.year,
            part="",
            sex=p.sex,
            option="",
        )
        if flag is not None:
            out[p.key] = [
                _(
                    "The indicator's value (%(value)s) is far from similar units' this year (median %(median)s "
                    "over %(n)s units): values from %(low)s to %(high)s are expected."
                )
                % {
                    "value": shown(Decimal(x)),
                    "median": shown(flag.median),
                    "n": flag.samples,
                    "low": shown(flag.low),
                    "high": shown(flag.high),
                }
            ]
    return out
