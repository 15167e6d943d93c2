"""Demo values of the demo province, 2021-2026: before the merger against old Long An (80) and old Tây Ninh (72),
from 2025 against today's Tây Ninh; a few communes for 2026; urban/rural cuts of M2.1 and M4.3 and ethnic-group cuts of M4.3 every year, adding up
exactly to their totals. Figures are invented for the demo."""

from datetime import date
from decimal import Decimal

from datavalues.models import DataValue
from datavalues.services import value_set, values_transition
from indicators.models import Indicator
from units.selectors import communes_of, unit_resolve

# indicator: (numerator share of the denominator in 2021, yearly change of that share, denominator in 2021)
SERIES = {
    "M1.1": (Decimal("0.52"), Decimal("0.02"), 120),
    "M2.1": (Decimal("0.415"), Decimal("0.012"), 410_000),
    "M2.2": (Decimal("0.38"), Decimal("-0.01"), 410_000),
    "M2.3": (Decimal("0.241"), Decimal("0.006"), 21_000),
    "M4.1": (Decimal("1.124"), Decimal("-0.003"), 14_500),
    "M4.3": (Decimal("0.024"), Decimal("-0.001"), 52_000),
    "M5.1": (Decimal("0.93"), Decimal("0.01"), 3_400),
    "M6.1": (Decimal("0.48"), Decimal("0.04"), 1_850_000),
}
BY_SEX = {"M3.2a": (Decimal("0.71"), Decimal("0.025"), 240)}  # victims: women are about 80%
# indicator: {dimension: (first option, its share of the numerator, its share of the denominator)}; the second
# option holds the rest, so the cuts add up to the total exactly. Adolescent births are more frequent among rural
# and ethnic-minority women (M4.3), wage employment more frequent in towns (M2.1).
CUTS = {
    "M2.1": {"area": ("urban", Decimal("0.38"), Decimal("0.33"))},
    "M4.3": {
        "area": ("urban", Decimal("0.22"), Decimal("0.31")),
        "ethnicity": ("minority", Decimal("0.12"), Decimal("0.07")),
    },
}
OTHER = {"urban": "rural", "minority": "kinh"}


def demo_values_load(*, focal, health_officer, ministry_officer, commune_officer=None) -> None:
    if DataValue.objects.exists():
        return
    long_an = unit_resolve(code="80", on=date(2024, 1, 1))
    old_tay_ninh = unit_resolve(code="72", on=date(2024, 1, 1))
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    for year in range(2021, 2027):
        units = (
            [(long_an, Decimal("0.6")), (old_tay_ninh, Decimal("0.4"))] if year <= 2024 else [(tay_ninh, 1)]
        )
        step = year - 2021
        for unit, weight in units:
            for code, (share, change, denominator) in SERIES.items():
                indicator = Indicator.objects.get(code=code)
                by = health_officer if indicator.usual_provider.startswith("Sở Y tế") else focal
                den = (Decimal(denominator) * weight * (1 + Decimal("0.01") * step)).quantize(Decimal(1))
                num = (den * (share + change * step)).quantize(Decimal(1))
                _enter(indicator, "denominator", unit, year, den, by)
                _enter(indicator, "numerator", unit, year, num, by)
                _enter_cuts(indicator, unit, year, {"numerator": num, "denominator": den}, by)
            indicator = Indicator.objects.get(code="M3.2a")
            share, change, victims = BY_SEX["M3.2a"]
            den_f = (Decimal(victims) * weight * Decimal("0.8")).quantize(Decimal(1))
            den_m = (Decimal(victims) * weight * Decimal("0.2")).quantize(Decimal(1))
            rate = share + change * step
            for part, female, male in (
                ("denominator", den_f, den_m),
                (
                    "numerator",
                    (den_f * rate).quantize(Decimal(1)),
                    (den_m * rate * Decimal("0.9")).quantize(Decimal(1)),
                ),
            ):
                _enter(indicator, part, unit, year, female, focal, sex="female")
                _enter(indicator, part, unit, year, male, focal, sex="male")
                _enter(indicator, part, unit, year, female + male, focal, sex="total")
    for index, commune in enumerate(communes_of(tay_ninh)[:6]):
        indicator = Indicator.objects.get(code="M6.1")
        population = Decimal(15_000 + 1_000 * index)
        reached = (population * Decimal("0.5") + 400 * index).quantize(Decimal(1))
        _enter(indicator, "denominator", commune, 2026, population, focal)
        _enter(indicator, "numerator", commune, 2026, reached, focal)
    if commune_officer is not None and commune_officer.unit is not None:
        # the commune officer's 2026 figures of M5.1, typed offline and sent when the connection came back (issue
        # 18): the value history says so ("via": "offline", as /data/sync/ records it)
        m51 = Indicator.objects.get(code="M5.1")
        for part, female, male in (("denominator", 120, 130), ("numerator", 114, 119)):
            for sex, value in (("female", female), ("male", male), ("total", female + male)):
                _enter(
                    m51,
                    part,
                    commune_officer.unit,
                    2026,
                    Decimal(value),
                    commune_officer,
                    sex=sex,
                    context={"via": "offline"},
                )
    m34 = Indicator.objects.get(
        code="M3.4"
    )  # a first value only: "one value, too few for a trend" (issue 16)
    _enter(m34, "denominator", tay_ninh, 2026, Decimal(10), health_officer)
    _enter(m34, "numerator", tay_ninh, 2026, Decimal(6), health_officer)
    _workflow(focal, ministry_officer)


def _enter_cuts(indicator, unit, year, totals: dict[str, Decimal], by) -> None:
    """The indicator's demo cuts (``CUTS``) of each part: the first option a share of the total, the other the rest."""
    for dimension, (first, numerator_share, denominator_share) in CUTS.get(indicator.code, {}).items():
        for part, share in (("numerator", numerator_share), ("denominator", denominator_share)):
            value = (totals[part] * share).quantize(Decimal(1))
            _enter(indicator, part, unit, year, value, by, option=f"{dimension}={first}")
            _enter(
                indicator, part, unit, year, totals[part] - value, by, option=f"{dimension}={OTHER[first]}"
            )


def _enter(indicator, part, unit, year, value, by, sex="total", option="", context=None):
    value_set(
        indicator=indicator,
        part=part,
        unit=unit,
        year=year,
        value=value,
        by=by,
        sex=sex,
        option=option,
        source="Số liệu minh họa (demo)",
        as_of=date(year, 12, 31),
        require_comment=False,
        context=context,
    )


def _workflow(focal, ministry_officer) -> None:
    """2021-2024 accepted by the ministry, 2025 approved by the province, 2026 partly submitted."""
    for year in range(2021, 2026):
        values = list(DataValue.objects.filter(year=year))
        values_transition(values=values, action="submit", by=focal)
        values_transition(values=values, action="approve", by=focal)
        if year <= 2024:
            values_transition(values=values, action="accept", by=ministry_officer)
    submitted = list(
        DataValue.objects.filter(
            year=2026, series__indicator__code__in=["M2.1", "M2.2", "M2.3"], unit__level="province"
        )
    )
    values_transition(values=submitted, action="submit", by=focal)
