"""The national-scale dataset of ``manage.py seed_scale``: values of every indicator part and sex for 2021-2030 in
the 63 former provinces (2021-2024), the 34 provinces and their 3,321 communes (2025-2030) and the nation, plus
accounts, plans, tasks and annual reports of the provinces. Invented figures, marked as such everywhere: values
carry ``SOURCE``, accounts are demo accounts whose names say "(mô phỏng)".

Deterministic: every figure is drawn from a random generator seeded with the seed and the cell's own key (the
indicator, the unit's code and start date, the year), never from the order of the loop, so the same seed gives
the same values on any database and with any subset of provinces.

Values are bulk-inserted (a seeding command, not a person; the services check one cell at a time and would take
hours) but every row is one the services would accept: the primary series, sexes as the indicator asks (female +
male = total, part by part), a numerator never above its denominator for a percentage, a workflow status with the
version the workflow would have given it. Beside each total (``option=""``) come the values of every other
disaggregation the indicator declares with options (``option="dimension=option"``, ``indicators.cuts``), the options of a dimension
adding up to the total of the same part and sex. A third of the provinces (drawn from the seed) also enter their
own totals of the indicators collected in communes, which differ from their communes' sum: the roll-up takes the
province's. Plans, tasks, their progress and the reports go through
the services, audited like anyone's."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q

from datavalues.models import CHANGE_NEEDS_COMMENT, DataValue, Sex, ValueStatus
from datavalues.services import series_primary
from indicators.models import Indicator, PartKind
from units.models import AdminUnit, Level

SOURCE = "Số liệu mô phỏng quy mô quốc gia (seed_scale)"
PREFIX = "scale."  # user names of the accounts the dataset creates
PASSWORD = "scale-2030-bdg"  # noqa: S105 - synthetic benchmark accounts only, printed by the command
MARK = " (mô phỏng)"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR, LAST_YEAR = 2021, 2030
MERGER_YEAR = 2025  # from 2025 the 34 provinces and their communes; before, the 63 former provinces
# The year the dataset is "taken": earlier years have been through the workflow, later ones are projections.
PRESENT = 2026
BATCH = 5000
OWN_TOTALS = 1 / 3  # the share of provinces entering their own totals over their communes'


@dataclass(frozen=True)
class Profile:
    """How an indicator's parts are invented. ``rate``: denominator per inhabitant; ``share``: numerator over
    denominator in 2021 and in 2030 (a straight path between, plus each unit's offset within ``spread``);
    ``female``: the women's share of the denominator for an indicator split by sex; ``male_ratio``: men's
    numerator share relative to women's."""

    rate: float = 0.0
    share: tuple[float, float] = (0.5, 0.5)
    spread: float = 0.05
    female: float = 0.5
    male_ratio: float = 1.0
    fixed: int | None = None  # a fixed denominator (M4.4: one province over one)
    # a fixed denominator in a commune (M1.1: its People's Council and People's Committee)
    commune_fixed: int | None = None
    minimum: int = 0


PROFILES = {
    "M1.1": Profile(rate=1 / 4000, share=(0.45, 0.70), spread=0.08, commune_fixed=2, minimum=20),
    "M2.1": Profile(rate=0.26, share=(0.42, 0.58), spread=0.06),
    "M2.2": Profile(rate=0.26, share=(0.36, 0.24), spread=0.08),
    "M2.3": Profile(rate=0.007, share=(0.245, 0.31), spread=0.03),
    "M3.2a": Profile(rate=0.0005, share=(0.72, 0.92), spread=0.05, female=0.8, male_ratio=0.9),
    "M3.2b": Profile(rate=0.0004, share=(0.35, 0.62), spread=0.08, female=0.15),
    "M3.3": Profile(rate=0.00004, share=(0.95, 1.0), spread=0.03, female=0.85, minimum=3),
    "M3.4": Profile(rate=0.000006, share=(0.30, 0.70), spread=0.1, minimum=3),
    "M4.1": Profile(rate=0.0068, share=(1.120, 1.085), spread=0.02),
    "M4.2": Profile(rate=0.0145, share=(0.00046, 0.00038), spread=0.00008),
    "M4.3": Profile(rate=0.034, share=(0.026, 0.018), spread=0.005),
    "M4.4": Profile(fixed=1, share=(0.35, 0.95), spread=0.0),
    "M5.1": Profile(rate=0.013, share=(0.93, 0.985), spread=0.02, female=0.48),
    "M5.2": Profile(rate=0.0025, share=(0.42, 0.52), spread=0.04),
    "M5.3": Profile(rate=0.0006, share=(0.22, 0.32), spread=0.04),
    "M6.1": Profile(rate=1.0, share=(0.45, 0.82), spread=0.1),
}
# Non-additive indicators: their own values in each province and in the nation.
HOURS = "M3.1"  # hours of unpaid care work a day, women's over men's
MILESTONE = "M5.4"  # a yes/no milestone


def rng(seed: int, *key) -> random.Random:
    """A generator for one cell: seeded with a string, so the same key gives the same draws on every run."""
    return random.Random("|".join(str(k) for k in (seed, *key)))  # noqa: S311 - invented figures, not secrets


def unit_key(unit: AdminUnit) -> str:
    return f"{unit.code}@{unit.valid_from.isoformat()}"


def collected_in_communes(indicator: Indicator) -> bool:
    """As the worklist decides it: the framework's usual collection level names the commune."""
    return indicator.additive and "commune" in indicator.collection_level.lower()


def enters_own_totals(seed: int, province: AdminUnit) -> bool:
    """Whether a province enters its own totals of the indicators collected in its communes (drawn per province,
    so the same whatever else is seeded)."""
    return rng(seed, "own totals", unit_key(province)).random() < OWN_TOTALS


# --- the scope --------------------------------------------------------------------------------------------------------


@dataclass
class Scope:
    nation: AdminUnit
    provinces: list[AdminUnit]
    former: dict[int, list[AdminUnit]]
    communes: dict[int, list[AdminUnit]]
    years: list[int]
    population: dict[int, int] = field(default_factory=dict)  # unit id → inhabitants in 2025

    @property
    def commune_count(self) -> int:
        return sum(len(c) for c in self.communes.values())


def scope_of(
    *, seed: int, provinces: int | None = None, years=None, communes: int | None = None, codes=None
) -> Scope:
    """The units the dataset covers: the first ``provinces`` current provinces by code (or those of ``codes``),
    the former provinces merged into them and their communes (the first ``communes`` of each when given)."""
    current = AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")
    if codes:
        current = current.filter(code__in=codes)
    chosen = list(current[:provinces] if provinces else current)
    ids = [p.pk for p in chosen]
    former: dict[int, list[AdminUnit]] = {pid: [] for pid in ids}
    for unit in AdminUnit.objects.filter(level=Level.PROVINCE, merged_into_id__in=ids).order_by("code"):
        former[unit.merged_into_id].append(unit)
    below: dict[int, list[AdminUnit]] = {pid: [] for pid in ids}
    for unit in AdminUnit.objects.filter(
        level=Level.COMMUNE, parent_id__in=ids, valid_to__isnull=True
    ).order_by("code"):
        if communes is None or len(below[unit.parent_id]) < communes:
            below[unit.parent_id].append(unit)
    scope = Scope(
        nation=AdminUnit.objects.get(level=Level.NATION, code="VN"),
        provinces=chosen,
        former=former,
        communes=below,
        years=list(years or range(FIRST_YEAR, LAST_YEAR + 1)),
    )
    _population(scope, seed)
    return scope


def _population(scope: Scope, seed: int) -> None:
    """Inhabitants in 2025: each commune drawn between 4,000 and 45,000, a province the sum of its communes, the
    former provinces sharing their successor's people by drawn weights."""
    for province in scope.provinces:
        total = 0
        for commune in scope.communes[province.pk]:
            people = rng(seed, "people", unit_key(commune)).randint(4_000, 45_000)
            scope.population[commune.pk] = people
            total += people
        total = total or rng(seed, "people", unit_key(province)).randint(800_000, 3_000_000)
        scope.population[province.pk] = total
        parts = scope.former[province.pk]
        weights = [rng(seed, "weight", unit_key(u)).uniform(0.5, 1.5) for u in parts]
        for unit, weight in zip(parts, weights, strict=True):
            scope.population[unit.pk] = round(total * weight / sum(weights))


# --- the figures -------------------------------------------------------------------------------------------------------

Cells = dict[tuple[str, str], Decimal]  # (part, sex) → value


def _path(profile: Profile, year: int) -> float:
    start, end = profile.share
    return start + (end - start) * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)


def ratio_cells(
    indicator: Indicator,
    profile: Profile,
    *,
    seed: int,
    unit: AdminUnit,
    people: int,
    year: int,
    commune: bool,
) -> Cells:
    """Numerator and denominator (by sex when the indicator asks) of one unit and year."""
    offset = rng(seed, "offset", indicator.code, unit_key(unit)).uniform(-profile.spread, profile.spread)
    draw = rng(seed, "cell", indicator.code, unit_key(unit), year)
    capped = indicator.part_of_whole
    share = _path(profile, year) + offset + draw.uniform(-profile.spread, profile.spread) / 4
    share = max(0.0, min(1.0, share) if capped else share)
    grown = people * (1 + 0.009 * (year - MERGER_YEAR))
    if profile.fixed is not None:
        denominator = profile.fixed
    elif commune and profile.commune_fixed is not None:
        denominator = profile.commune_fixed
    else:
        denominator = max(profile.minimum, round(grown * profile.rate))
    if profile.fixed == 1:  # a province reports 1 or 0 over 1 (M4.4)
        numerator = 1 if draw.random() < share else 0
        return {
            (PartKind.NUMERATOR, Sex.TOTAL): Decimal(numerator),
            (PartKind.DENOMINATOR, Sex.TOTAL): Decimal(1),
        }
    if not indicator.by_sex:
        numerator = _count(draw, denominator, share) if capped else round(denominator * share)
        if capped:
            numerator = min(numerator, denominator)
        return {
            (PartKind.NUMERATOR, Sex.TOTAL): Decimal(numerator),
            (PartKind.DENOMINATOR, Sex.TOTAL): Decimal(denominator),
        }
    female_den = round(denominator * profile.female)
    male_den = denominator - female_den
    female_num = _count(draw, female_den, share)
    male_num = _count(draw, male_den, min(1.0, share * profile.male_ratio))
    cells: Cells = {}
    for part, female, male in (
        (PartKind.NUMERATOR, female_num, male_num),
        (PartKind.DENOMINATOR, female_den, male_den),
    ):
        cells[(part, Sex.FEMALE)] = Decimal(female)
        cells[(part, Sex.MALE)] = Decimal(male)
        cells[(part, Sex.TOTAL)] = Decimal(female + male)
    return cells


def _count(draw: random.Random, total: int, share: float) -> int:
    """How many of ``total`` have the property: drawn one by one for a small total (a commune's two bodies, its
    few victims of violence), so small units vary as they do; the rounded share for a large one."""
    if total <= 40:
        return sum(1 for _i in range(total) if draw.random() < share)
    return min(total, round(total * share))


def hours_cells(*, seed: int, unit: AdminUnit, year: int) -> Cells:
    """M3.1: women's and men's hours of unpaid care work a day (a ratio of means: never summed)."""
    offset = rng(seed, "offset", HOURS, unit_key(unit))
    draw = rng(seed, "cell", HOURS, unit_key(unit), year)
    step = year - FIRST_YEAR
    women = 4.6 - 0.06 * step + offset.uniform(-0.5, 0.5) + draw.uniform(-0.1, 0.1)
    men = 1.7 + 0.05 * step + offset.uniform(-0.3, 0.3) + draw.uniform(-0.1, 0.1)
    tenth = Decimal("0.1")
    return {
        (PartKind.NUMERATOR, Sex.TOTAL): Decimal(str(women)).quantize(tenth),
        (PartKind.DENOMINATOR, Sex.TOTAL): Decimal(str(men)).quantize(tenth),
    }


def milestone_cells(*, seed: int, unit: AdminUnit, year: int) -> Cells:
    """M5.4: 1 once the milestone is reached (more likely each year), else 0."""
    chance = 0.1 + 0.1 * (year - FIRST_YEAR)
    reached = rng(seed, "cell", MILESTONE, unit_key(unit), year).random() < chance
    return {(PartKind.VALUE, Sex.TOTAL): Decimal(1 if reached else 0)}


# --- statuses ------------------------------------------------------------------------------------------------------------

# status: the version the workflow leaves a value at (entered 1, then one per transition)
VERSIONS = {
    ValueStatus.ENTERED: 1,
    ValueStatus.SUBMITTED: 2,
    ValueStatus.APPROVED: 3,
    ValueStatus.ACCEPTED: 4,
    ValueStatus.RETURNED: 3,
}
CHANGE_COMMENT = "Biến động lớn do quy mô nhỏ của đơn vị" + MARK
RETURN_REASON = "Đề nghị rà soát lại số liệu so với năm trước" + MARK


def status_of(*, seed: int, indicator: Indicator, unit: AdminUnit, year: int) -> tuple[str, datetime]:
    """The workflow state of one indicator's values in a unit and year, and when they were last changed: years
    before the dataset's present accepted by the ministry (a few of the last one only approved), the present
    year at every stage, later years entered as projections."""
    draw = rng(seed, "status", indicator.code, unit_key(unit), year)
    roll = draw.random()
    if year < PRESENT - 1:
        status = ValueStatus.ACCEPTED
    elif year == PRESENT - 1:
        status = ValueStatus.ACCEPTED if roll < 0.9 else ValueStatus.APPROVED
    elif year == PRESENT:
        status = (
            ValueStatus.ENTERED
            if roll < 0.15
            else ValueStatus.SUBMITTED
            if roll < 0.6
            else ValueStatus.APPROVED
            if roll < 0.9
            else ValueStatus.RETURNED
        )
    else:
        status = ValueStatus.ENTERED
    if year <= PRESENT:
        # before the data deadline (10 December), one in twenty a few days after it
        late = draw.random() < 0.05 and year < PRESENT
        day = (
            date(year, 12, 10) + timedelta(days=draw.randint(1, 12))
            if late
            else date(year, 9, 1) + timedelta(days=draw.randint(0, 80))
        )
    else:
        day = date(PRESENT, 11, 20)
    moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=HCM) + timedelta(
        minutes=draw.randint(0, 480)
    )
    return status, moment


# --- the rows --------------------------------------------------------------------------------------------------------------


@dataclass
class Framework:
    indicators: list[Indicator]
    series: dict[int, int]  # indicator id → primary series id
    # indicator id → [(dimension code, [option codes])]: the disaggregations other than sex that have options
    # (one declared without any, such as an age group still to be defined, has nothing to enter)
    dimensions: dict[int, list[tuple[str, list[str]]]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Framework:
        indicators = list(
            Indicator.objects.filter(active=True, province__isnull=True)
            .prefetch_related("parts", "dimensions__options")
            .order_by("objective__number", "order", "code")
        )
        dimensions = {
            i.pk: [
                (d.code, [o.code for o in d.options.all()])
                for d in sorted(i.dimensions.all(), key=lambda d: d.code)
                if d.options.all()
            ]
            for i in indicators
        }
        return cls(
            indicators=indicators,
            series={i.pk: series_primary(i).pk for i in indicators},
            dimensions=dimensions,
        )


def _cells(
    indicator: Indicator, *, seed: int, unit: AdminUnit, people: int, year: int, commune: bool
) -> Cells:
    if indicator.code == HOURS:
        return hours_cells(seed=seed, unit=unit, year=year)
    if indicator.code == MILESTONE:
        return milestone_cells(seed=seed, unit=unit, year=year)
    profile = PROFILES.get(indicator.code)
    if profile is None:  # an indicator added to the framework after this module: a plain share of the people
        profile = Profile(rate=0.01, share=(0.5, 0.6))
    return ratio_cells(indicator, profile, seed=seed, unit=unit, people=people, year=year, commune=commune)


def cells_of(scope: Scope, framework: Framework, *, seed: int, province: AdminUnit) -> Iterator[tuple]:
    """(indicator, unit, year, cells) of one of today's provinces, its former provinces and its communes."""
    for year in sorted(scope.years):
        for indicator in framework.indicators:
            if year < MERGER_YEAR:
                # history belongs to the provinces in force on 31 December; their communes are not loaded
                units = [(u, False) for u in scope.former[province.pk] if u.valid_on(date(year, 12, 31))]
            elif not indicator.additive or not collected_in_communes(indicator):
                units = [(province, False)]
            else:
                units = [(c, True) for c in scope.communes[province.pk]]
                if enters_own_totals(seed, province):  # its own figure, not its communes' sum
                    units.append((province, False))
            for unit, commune in units:
                people = scope.population[unit.pk]
                cells = _cells(indicator, seed=seed, unit=unit, people=people, year=year, commune=commune)
                yield indicator, unit, year, cells


def nation_cells(scope: Scope, framework: Framework, *, seed: int) -> Iterator[tuple]:
    """The nation's own values of the non-additive indicators (never summed from the provinces)."""
    for year in scope.years:
        for indicator in framework.indicators:
            if not indicator.additive:
                cells = _cells(indicator, seed=seed, unit=scope.nation, people=0, year=year, commune=False)
                yield indicator, scope.nation, year, cells


def apportion(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """``total`` split in whole numbers in proportion to ``weights`` (largest remainders first), none above its
    cap when ``caps`` are given (their sum is at least ``total``)."""
    weight = sum(weights)
    if weight <= 0:
        weights, weight = [1.0] * len(weights), float(len(weights))
    if caps is not None and sum(caps) < total:
        raise ValueError(f"{total} does not fit under {caps}")
    shares = [total * w / weight for w in weights]
    out = [int(share) for share in shares]
    if caps is not None:
        out = [min(n, cap) for n, cap in zip(out, caps, strict=True)]
    order = sorted(range(len(out)), key=lambda k: (out[k] - shares[k], k))  # the largest remainder first
    rest = total - sum(out)
    while rest > 0:
        for k in order:
            if rest and (caps is None or out[k] < caps[k]):
                out[k] += 1
                rest -= 1
    return out


def option_cells(
    indicator: Indicator, dimensions: list[tuple[str, list[str]]], cells: Cells, *, seed: int, unit, year: int
) -> dict[tuple[str, str, str], Decimal]:
    """(part, sex, "dimension:option") → value: each dimension's options splitting the unit's totals, women and
    men apart for an indicator split by sex (an option's total is its women plus its men), each option's numerator
    within its denominator for a percentage. The options' shares are the unit's own (drawn once), moved a little
    each year. Whole numbers only: a total that is not one (a mean) is not split."""
    if not dimensions or any(v != v.to_integral_value() for v in cells.values()):
        return {}
    capped = indicator.part_of_whole
    sexes = [Sex.FEMALE, Sex.MALE] if indicator.by_sex else [Sex.TOTAL]
    out: dict[tuple[str, str, str], Decimal] = {}
    for dimension, options in dimensions:
        shares = rng(seed, "options", indicator.code, dimension, unit_key(unit))
        draw = rng(seed, "split", indicator.code, dimension, unit_key(unit), year)
        weights = [shares.uniform(0.3, 1.7) * draw.uniform(0.9, 1.1) for _o in options]
        for sex in sexes:
            split: dict[str, list[int]] = {}
            denominator = cells.get((PartKind.DENOMINATOR, sex))
            if denominator is not None:
                split[PartKind.DENOMINATOR] = apportion(int(denominator), weights)
            numerator = cells.get((PartKind.NUMERATOR, sex))
            if numerator is not None:
                below = split.get(PartKind.DENOMINATOR)
                rates = [draw.uniform(0.85, 1.15) for _o in options]
                if below is not None and any(below):
                    by = [d * r for d, r in zip(below, rates, strict=True)]
                else:
                    by = [w * r for w, r in zip(weights, rates, strict=True)]
                caps = below if capped and below is not None else None
                split[PartKind.NUMERATOR] = apportion(int(numerator), by, caps)
            single = cells.get((PartKind.VALUE, sex))
            if single is not None:
                split[PartKind.VALUE] = apportion(int(single), weights)
            for part, values in split.items():
                for option, value in zip(options, values, strict=True):
                    out[(part, sex, f"{dimension}={option}")] = Decimal(value)
        if indicator.by_sex:
            for part in {part for part, _sex, _option in out}:
                for option in options:
                    code = f"{dimension}={option}"
                    out[(part, Sex.TOTAL, code)] = out[(part, Sex.FEMALE, code)] + out[(part, Sex.MALE, code)]
    return out


def rows_of(
    cells: Iterator[tuple], framework: Framework, *, seed: int, by_id: int | None
) -> Iterator[DataValue]:
    last: dict[tuple[int, int], tuple[int, dict]] = {}
    for indicator, unit, year, totals in cells:
        status, moment = status_of(seed=seed, indicator=indicator, unit=unit, year=year)
        values = {(part, sex, ""): value for (part, sex), value in totals.items()}
        values.update(
            option_cells(
                indicator, framework.dimensions.get(indicator.pk, []), totals, seed=seed, unit=unit, year=year
            )
        )
        before = last.get((indicator.pk, unit.pk))
        previous = before[1] if before and before[0] == year - 1 else {}
        last[(indicator.pk, unit.pk)] = (year, values)
        for (part, sex, option), value in values.items():
            old = previous.get((part, sex, option))
            # the change check of the services: above half of last year's value needs a comment
            changed = old is not None and old and abs(value - old) / old > CHANGE_NEEDS_COMMENT
            yield DataValue(
                series_id=framework.series[indicator.pk],
                part=part,
                unit_id=unit.pk,
                year=year,
                sex=sex,
                option=option,
                value=value,
                source=SOURCE,
                as_of=date(year, 12, 31),
                comment=CHANGE_COMMENT if changed else "",
                status=status,
                return_reason=RETURN_REASON if status == ValueStatus.RETURNED else "",
                version=VERSIONS[status],
                updated_at=moment,
                updated_by_id=by_id,
            )


class _KeepTimestamps:
    """``updated_at`` is ``auto_now``: switched off while the seed writes the dates the workflow would have left."""

    def __enter__(self):
        self.field = DataValue._meta.get_field("updated_at")
        self.field.auto_now = False

    def __exit__(self, *exc):
        self.field.auto_now = True


def insert(rows: Iterator[DataValue], *, skip: set[tuple[int, int, int]] | None = None) -> int:
    """Bulk-insert ``rows`` in batches; rows whose (series, unit, year) is in ``skip`` (real values kept under
    --force) are left out whole, so a unit's sexes and parts never mix real and invented figures."""
    count = 0
    batch: list[DataValue] = []
    with _KeepTimestamps(), transaction.atomic():
        for row in rows:
            if skip and (row.series_id, row.unit_id, row.year) in skip:
                continue
            batch.append(row)
            if len(batch) >= BATCH:
                DataValue.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            DataValue.objects.bulk_create(batch)
            count += len(batch)
    return count


def _invented() -> Q:
    """Values the seed wrote, or that its invented accounts saved since (a grid's save, the load test's)."""
    return Q(source=SOURCE) | Q(updated_by__username__startswith=PREFIX)


def real_values():
    """Values someone real entered: the seed refuses to mix its figures with them unless forced."""
    return DataValue.objects.exclude(_invented())


def seeded_values():
    return DataValue.objects.filter(_invented())


def values_checksum(queryset=None) -> str:
    """SHA-256 of the invented values (indicator, part, unit code and start, year, sex, value, status, version),
    in a fixed order: equal for two runs with the same seed and scope."""
    import hashlib

    rows = (queryset if queryset is not None else seeded_values()).values_list(
        "series__indicator__code",
        "part",
        "unit__code",
        "unit__valid_from",
        "year",
        "sex",
        "value",
        "status",
        "version",
    )
    digest = hashlib.sha256()
    for row in sorted(
        (code, part, unit, str(start), year, sex, f"{value.normalize():f}", status, version)
        for code, part, unit, start, year, sex, value, status, version in rows
    ):
        digest.update("|".join(str(c) for c in row).encode() + b"\n")
    return digest.hexdigest()


def consistent_cells() -> list[tuple[str, str, str, int]]:
    """(indicator, part, sex, value) for every part of every national indicator, by sex where it is split, with
    invented values any unit's import accepts: female + male = total, numerator under denominator, yes/no 1 or 0.
    For files of any size (the bench's national history, the tests' large uploads)."""
    cells = []
    for indicator in (
        Indicator.objects.filter(province__isnull=True, active=True)
        .prefetch_related("parts")
        .order_by("code")
    ):
        for part in sorted(p.kind for p in indicator.parts.all()):
            if part == PartKind.NUMERATOR:
                trio = (400, 200, 200)
            elif part == PartKind.DENOMINATOR:
                trio = (1000, 500, 500)
            else:
                trio = (1, 1, 0) if indicator.unit_label == "yes/no" else (10, 5, 5)
            sexes = ("total", "female", "male") if indicator.by_sex else ("total",)
            cells += [(indicator.code, part, sex, trio[i]) for i, sex in enumerate(sexes)]
    return cells
