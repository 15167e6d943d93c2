"""Reads of the public portal and of the ministry's publication page.

``public_figures`` is the only door to what the public sees: the figures of publications in force. Every public
page and download reads through it, so no query parameter can reach a value that was not accepted and published.
``publication_preview`` computes what publishing a year would freeze, from accepted values only
(``publishable_values``), with the roll-up of ``datavalues.selectors``."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce

from datavalues.models import DataValue, Sex, ValueStatus
from datavalues.selectors import Rolled, primary_series, rollup_cuts, rollup_provinces_cuts
from indicators import cuts
from indicators.models import Indicator, PartKind
from indicators.selectors import indicators_catalogue
from portal.models import Publication, PublicationStatus, PublishedFigure
from units.models import AdminUnit, Level, UnitName
from units.selectors import nation, provinces_on, units_with_names

SIX_PLACES = Decimal("0.000001")
SEX_ORDER: dict[str, int] = {Sex.TOTAL: 0, Sex.FEMALE: 1, Sex.MALE: 2}


def sexes_of(indicator: Indicator) -> list[str]:
    return [Sex.TOTAL, Sex.FEMALE, Sex.MALE] if indicator.by_sex else [Sex.TOTAL]


def public_indicators() -> QuerySet[Indicator]:
    """The national framework's indicators in use (a province's own indicators stay out of the portal)."""
    return indicators_catalogue().filter(active=True, province__isnull=True)


# --- what publishing would freeze -------------------------------------------------------------------------------


def publishable_values() -> QuerySet[DataValue]:
    """The values the ministry accepted; a numerator or a denominator only with its pair (same series, unit,
    year, sex) accepted too, so that a ratio is never computed over a part still under review."""
    accepted = DataValue.objects.filter(status=ValueStatus.ACCEPTED)
    pair = accepted.filter(
        series=OuterRef("series"),
        unit=OuterRef("unit"),
        year=OuterRef("year"),
        sex=OuterRef("sex"),
        option=OuterRef("option"),
    )
    return accepted.filter(
        Q(part=PartKind.VALUE)
        | (Q(part=PartKind.NUMERATOR) & Exists(pair.filter(part=PartKind.DENOMINATOR)))
        | (Q(part=PartKind.DENOMINATOR) & Exists(pair.filter(part=PartKind.NUMERATOR)))
    )


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(SIX_PLACES)


def _figure(
    indicator: Indicator,
    unit: AdminUnit,
    year: int,
    sex: str,
    rolled: Rolled,
    provinces: int | None = None,
    option: str = "",
) -> PublishedFigure | None:
    value = rolled.value(sex)
    if value is None:
        return None
    single = (PartKind.VALUE, sex) in rolled.parts
    return PublishedFigure(
        indicator=indicator,
        unit=unit,
        year=year,
        sex=sex,
        option=option,
        value=Decimal(value).quantize(SIX_PLACES),
        numerator=None if single else _q(rolled.parts.get((PartKind.NUMERATOR, sex))),
        denominator=None if single else _q(rolled.parts.get((PartKind.DENOMINATOR, sex))),
        provinces=provinces,
    )


def figures_digest(figures: list[PublishedFigure]) -> str:
    """SHA-256 of the figures, independent of their order: equal figures, equal fingerprint. A disaggregation
    option is written only for the cuts, so that the totals read as they did before cuts were published."""
    lines = sorted(
        "|".join(
            str(x)
            for x in (
                f.indicator.code,
                f.unit.code,
                f.year,
                f.sex,
                f"{f.value:f}",
                "" if f.numerator is None else f"{f.numerator:f}",
                "" if f.denominator is None else f"{f.denominator:f}",
                "" if f.provinces is None else f.provinces,
                *((f.option,) if f.option else ()),
            )
        )
        for f in figures
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@dataclass
class Preview:
    """What publishing ``year`` now would freeze (unsaved ``PublishedFigure`` rows), and its fingerprint."""

    year: int
    figures: list[PublishedFigure]
    provinces_total: int
    digest: str = ""
    in_force: Publication | None = None
    published: dict[tuple[int, str], PublishedFigure] = field(default_factory=dict)

    @property
    def totals(self) -> list[PublishedFigure]:
        """The figures of the totals (the disaggregations' figures left out)."""
        return [f for f in self.figures if not f.option]

    @property
    def cut_count(self) -> int:
        """How many figures are of a disaggregation other than sex (urban/rural, age group, ...)."""
        return sum(1 for f in self.figures if f.option)

    @property
    def national(self) -> list[PublishedFigure]:
        return [f for f in self.totals if f.unit.level == Level.NATION]

    @property
    def provinces(self) -> int:
        return len({f.unit_id for f in self.totals if f.unit.level == Level.PROVINCE})

    @property
    def same_as_in_force(self) -> bool:
        return self.in_force is not None and self.in_force.digest == self.digest

    def rows(self) -> list[dict]:
        """One row per indicator and sex: the national figure, how many provinces have one, and the national figure
        public now (of the publication in force)."""
        indicators = {f.indicator_id: f.indicator for f in self.totals}
        counts: dict[tuple[int, str], int] = {}
        for f in self.totals:
            if f.unit.level == Level.PROVINCE:
                counts[(f.indicator_id, f.sex)] = counts.get((f.indicator_id, f.sex), 0) + 1
        national = {(f.indicator_id, f.sex): f for f in self.national}

        def order(key: tuple[int, str]) -> tuple:
            indicator = indicators[key[0]]
            return (indicator.objective.number, indicator.order, indicator.code, SEX_ORDER.get(key[1], 9))

        return [
            {
                "indicator": indicators[key[0]],
                "sex": key[1],
                "figure": national.get(key),
                "provinces": counts.get(key, 0),
                "public": self.published.get(key),
            }
            for key in sorted(set(counts) | set(national), key=order)
        ]


def publication_preview(year: int) -> Preview:
    """Every national indicator's figure for the nation and for each of today's provinces in ``year``, rolled up
    from accepted values only: parts summed over the units below, former provinces merged into today's,
    non-additive indicators never summed. A figure with a part missing is left out. For the nation, the number of
    provinces whose figure is in the national sum. Beside the totals, each single-dimension cut the indicator
    declares (urban/rural, age group, ...), rolled up the same way from its own accepted parts: a cut is public
    only as part of a publication, like the totals."""
    values = publishable_values()
    vn = nation()
    provinces = list(provinces_on(date.today()))
    indicators = list(public_indicators())
    declared = cuts.declared_many(indicators)
    figures: list[PublishedFigure] = []
    for indicator in indicators:
        series = primary_series(indicator)
        if series is None:
            continue
        options = declared[indicator.pk].rows()
        national = rollup_cuts(indicator, vn, [year], options=options, series=series, values=values)
        by_province = rollup_provinces_cuts(
            indicator, provinces, [year], options=options, series=series, values=values
        )
        for option in ["", *options]:
            for sex in sexes_of(indicator):
                made = [
                    _figure(indicator, p, year, sex, by_province[option][(p.pk, year)], option=option)
                    for p in provinces
                ]
                found = [f for f in made if f is not None]
                counted = len(found) if indicator.additive else None
                total = _figure(indicator, vn, year, sex, national[option][year], counted, option)
                figures += ([total] if total else []) + found
    preview = Preview(year=year, figures=figures, provinces_total=len(provinces))
    preview.digest = figures_digest(figures)
    preview.in_force = publication_in_force(year)
    if preview.in_force is not None:
        preview.published = {
            (f.indicator_id, f.sex): f
            for f in preview.in_force.figures.filter(unit__level=Level.NATION, option="").select_related(
                "indicator"
            )
        }
    return preview


# --- the ministry's publication page ------------------------------------------------------------------------------


def publication_in_force(year: int) -> Publication | None:
    return (
        Publication.objects.filter(year=year, status=PublicationStatus.PUBLISHED)
        .select_related("published_by")
        .first()
    )


def publication_history(year: int | None = None) -> QuerySet[Publication]:
    qs = Publication.objects.select_related("published_by", "withdrawn_by", "superseded_by")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-published_at")


@dataclass
class YearRow:
    year: int
    accepted: int = 0
    provinces: int = 0
    in_force: Publication | None = None
    latest: Publication | None = None
    changed: int = 0


def _national_values() -> QuerySet[DataValue]:
    return DataValue.objects.filter(
        option="",
        series__is_primary=True,
        series__indicator__active=True,
        series__indicator__province__isnull=True,
    )


def years_overview() -> list[YearRow]:
    """Each year with accepted values or a publication: how many values the ministry accepted, from how many of
    today's provinces, the publication in force, and how many of the year's values changed since it was made (a
    value accepted, reopened or corrected since is not public until the year is published again)."""
    accepted = (
        _national_values()
        .filter(status=ValueStatus.ACCEPTED)
        .annotate(
            province=Case(
                When(unit__level=Level.COMMUNE, then=F("unit__parent_id")),
                When(unit__level=Level.PROVINCE, then=Coalesce("unit__merged_into_id", "unit_id")),
                default=None,
            )
        )
        .values_list("year")
        .annotate(n=Count("pk"), provinces=Count("province", distinct=True))
    )
    rows: dict[int, YearRow] = {}
    for year, n, provinces in accepted:
        rows[year] = YearRow(year=year, accepted=n, provinces=provinces)
    for publication in publication_history():
        row = rows.setdefault(publication.year, YearRow(year=publication.year))
        if row.latest is None:
            row.latest = publication
        if publication.in_force:
            row.in_force = publication
    for row in rows.values():
        if row.in_force is not None:
            row.changed = (
                _national_values().filter(year=row.year, updated_at__gt=row.in_force.published_at).count()
            )
    return sorted(rows.values(), key=lambda r: r.year, reverse=True)


# --- the public portal --------------------------------------------------------------------------------------------


def public_figures() -> QuerySet[PublishedFigure]:
    """What the public may see: the figures of publications in force (of indicators still in use), and nothing
    else."""
    return PublishedFigure.objects.filter(
        publication__status=PublicationStatus.PUBLISHED, indicator__active=True
    ).select_related("indicator", "unit", "publication")


def publications_in_force() -> QuerySet[Publication]:
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED).order_by("-year")


def latest_national() -> dict[int, PublishedFigure]:
    """indicator id → the national figure (both sexes) of the latest year published."""
    latest: dict[int, PublishedFigure] = {}
    for f in (
        public_figures()
        .filter(unit__level=Level.NATION, sex=Sex.TOTAL, option="")
        .order_by("indicator_id", "-year")
    ):
        latest.setdefault(f.indicator_id, f)
    return latest


@dataclass
class YearFigures:
    year: int
    by_sex: dict[str, PublishedFigure]

    @property
    def total(self) -> PublishedFigure | None:
        return self.by_sex.get(Sex.TOTAL)

    @property
    def female(self) -> PublishedFigure | None:
        return self.by_sex.get(Sex.FEMALE)

    @property
    def male(self) -> PublishedFigure | None:
        return self.by_sex.get(Sex.MALE)

    @property
    def any(self) -> PublishedFigure:
        return self.total or next(iter(self.by_sex.values()))


def national_series(indicator: Indicator) -> list[YearFigures]:
    """The indicator's published national figures, year by year (oldest first), by sex."""
    years: dict[int, dict[str, PublishedFigure]] = {}
    for f in public_figures().filter(indicator=indicator, unit__level=Level.NATION, option=""):
        years.setdefault(f.year, {})[f.sex] = f
    return [YearFigures(year=y, by_sex=years[y]) for y in sorted(years)]


def published_years(indicator: Indicator | None = None) -> list[int]:
    qs = public_figures()
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return sorted(set(qs.order_by().values_list("year", flat=True).distinct()))


def _with_unit_names(qs: QuerySet[PublishedFigure]) -> QuerySet[PublishedFigure]:
    return qs.prefetch_related(Prefetch("unit__names", queryset=UnitName.objects.order_by("valid_from")))


def province_figures(indicator: Indicator, year: int) -> list[tuple[AdminUnit, YearFigures]]:
    """Each province with a published figure of the indicator for ``year``, by province code."""
    rows: dict[int, tuple[AdminUnit, dict[str, PublishedFigure]]] = {}
    qs = public_figures().filter(indicator=indicator, year=year, unit__level=Level.PROVINCE, option="")
    for f in _with_unit_names(qs):
        rows.setdefault(f.unit_id, (f.unit, {}))[1][f.sex] = f
    return [
        (unit, YearFigures(year=year, by_sex=by_sex))
        for unit, by_sex in sorted(rows.values(), key=lambda r: r[0].code)
    ]


@dataclass(slots=True)
class FigureRow:
    """A published figure for a download, with its indicator, unit and publication shared between rows."""

    indicator: Indicator
    unit: AdminUnit
    publication: Publication
    year: int
    sex: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    provinces: int | None
    option: str = ""  # '' the total, else a declared cut such as 'area=urban'


TOTAL_ONLY = "total"  # the download's disaggregation filter for the totals alone


def _disaggregation_filter(qs: QuerySet[PublishedFigure], disaggregation: str) -> QuerySet[PublishedFigure]:
    """``disaggregation``: '' every figure, "total" the totals alone, a dimension code (``area``) the figures of
    its options, or one option (``area=urban``)."""
    if not disaggregation:
        return qs
    if disaggregation == TOTAL_ONLY:
        return qs.filter(option="")
    if cuts.EQUALS in disaggregation:
        return qs.filter(option=cuts.canonical(cuts.parse(disaggregation)))
    return qs.filter(option__startswith=f"{disaggregation}{cuts.EQUALS}")


def download_figures(
    *, indicator: str = "", year: int | None = None, unit: str = "", disaggregation: str = ""
) -> list[FigureRow]:
    """The published figures for a download, optionally of one indicator (code), year, unit (code: VN or a
    province) and disaggregation (``_disaggregation_filter``), in the framework's order, the nation before the
    provinces, each total before its cuts, total before female and male. Rows are read as plain values (a national
    download has tens of thousands) and share their related objects."""
    qs = public_figures()
    if indicator:
        qs = qs.filter(indicator__code=indicator)
    if year is not None:
        qs = qs.filter(year=year)
    if unit:
        qs = qs.filter(unit__code=unit)
    qs = _disaggregation_filter(qs, disaggregation)
    values = list(
        qs.order_by().values_list(
            "indicator_id",
            "unit_id",
            "publication_id",
            "year",
            "sex",
            "value",
            "numerator",
            "denominator",
            "provinces",
            "option",
        )
    )
    indicators = {i.pk: i for i in public_indicators().filter(pk__in={v[0] for v in values})}
    units = {u.pk: u for u in units_with_names().filter(pk__in={v[1] for v in values})}
    publications = {p.pk: p for p in Publication.objects.filter(pk__in={v[2] for v in values})}
    rows = [
        FigureRow(
            indicators[i],
            units[u],
            publications[p],
            year,
            sex,
            value,
            numerator,
            denominator,
            provinces,
            option,
        )
        for i, u, p, year, sex, value, numerator, denominator, provinces, option in values
    ]
    order = {
        i: {o: n for n, o in enumerate(d.rows())} for i, d in cuts.declared_many(indicators.values()).items()
    }
    rows.sort(
        key=lambda f: (
            f.indicator.objective.number,
            f.indicator.order,
            f.indicator.code,
            f.year,
            f.unit.level != Level.NATION,
            f.unit.code,
            bool(f.option),
            order[f.indicator.pk].get(f.option, len(order[f.indicator.pk])),
            f.option,
            SEX_ORDER.get(f.sex, 9),
        )
    )
    return rows


def download_choices() -> dict[str, list]:
    """What a download can be narrowed to: published indicators, years and units only."""
    figures = public_figures()
    codes = set(figures.order_by().values_list("indicator__code", flat=True).distinct())
    indicators = [i for i in public_indicators() if i.code in codes]
    unit_ids = set(figures.order_by().values_list("unit_id", flat=True).distinct())
    units = sorted(
        (u for u in AdminUnit.objects.filter(pk__in=unit_ids).prefetch_related("names")),
        key=lambda u: (u.level != Level.NATION, u.code),
    )
    options = sorted(set(figures.exclude(option="").order_by().values_list("option", flat=True).distinct()))
    return {
        "indicators": indicators,
        "years": published_years(),
        "units": units,
        "disaggregations": disaggregation_choices(options),
    }


def disaggregation_choices(options: list[str]) -> list[tuple[str, str]]:
    """(code, words) of each published dimension and then of each published option, for the download's filter."""
    pairs = [pair for option in options for pair in cuts.parse(option).items()]
    names = cuts.option_names(pairs)
    dimensions = sorted({d for d, _o in pairs})
    by_dimension = {d: names.get((d, o), (d, o))[0] for d, o in pairs}
    return [(d, by_dimension[d]) for d in dimensions] + [(o, cuts.label(o, names)) for o in options]


def cut_series(indicator: Indicator, dimension: str) -> list[tuple[int, dict[str, PublishedFigure]]]:
    """The published national figures of each option of ``dimension`` (both sexes), year by year: [(year,
    {option: figure})], oldest first."""
    years: dict[int, dict[str, PublishedFigure]] = {}
    qs = _disaggregation_filter(
        public_figures().filter(indicator=indicator, unit__level=Level.NATION, sex=Sex.TOTAL), dimension
    )
    for f in qs.exclude(option=""):
        years.setdefault(f.year, {})[f.option] = f
    return sorted(years.items())


def province_cuts(indicator: Indicator, year: int, dimension: str) -> dict[int, dict[str, PublishedFigure]]:
    """province id → {option: published figure (both sexes)} of ``dimension``'s options in ``year``."""
    out: dict[int, dict[str, PublishedFigure]] = {}
    qs = _disaggregation_filter(
        public_figures().filter(indicator=indicator, year=year, unit__level=Level.PROVINCE, sex=Sex.TOTAL),
        dimension,
    )
    for f in qs.exclude(option=""):
        out.setdefault(f.unit_id, {})[f.option] = f
    return out
