"""`manage.py seed_scale` on a reduced scale: deterministic from its seed, valid rows (as the services would have
written them), disaggregations adding up to their totals, provinces entering their own totals over their
communes', and a roll-up equal to the bench's hand-written SQL on it."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from audit.models import AuditEntry
from bench.measure import rollup_by_sql, rollup_exact_by_sql
from bench.seed import SOURCE, VERSIONS, Framework, enters_own_totals, seeded_values, values_checksum
from datavalues.models import DataValue, Sex
from datavalues.selectors import rollup_indicators, rollup_series, validation_report
from indicators.models import Indicator, PartKind
from plans.models import Plan, PlanStatus
from reports.models import Submission
from units.models import AdminUnit, Level
from units.selectors import nation, unit_resolve

pytestmark = pytest.mark.django_db

SMALL = {"codes": "80", "years": "2024-2026", "communes": 4, "no_work": True}
# Tây Ninh enters its own totals of the indicators collected in communes with seed 2030 (the bench's), not with 7
OWN_TOTALS, SUMMED = 2030, 7


def seed(**options):
    out = StringIO()
    call_command("seed_scale", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def test_the_same_seed_gives_the_same_values_and_another_seed_others():
    seed(seed=7)
    first = values_checksum()
    count = seeded_values().count()
    seed(seed=7)  # a second run replaces the invented values
    assert values_checksum() == first
    assert seeded_values().count() == count
    seed(seed=8)
    assert values_checksum() != first


def test_a_province_gets_the_same_values_whatever_else_is_seeded():
    seed(seed=7)
    tay_ninh = seeded_values().filter(unit__code__in=["80", "72"]).exclude(unit__level=Level.COMMUNE)
    alone = values_checksum(tay_ninh)
    seed(seed=7, codes="01,80")
    assert values_checksum(seeded_values().filter(pk__in=tay_ninh.values("pk"))) == alone


@pytest.mark.parametrize("seed_number", [SUMMED, OWN_TOTALS])
def test_the_scope_history_in_former_provinces_then_communes_and_the_nation(seed_number):
    seed(seed=seed_number)
    values = seeded_values()
    years_of = defaultdict(set)
    for level, merged, year in values.values_list("unit__level", "unit__merged_into", "year").distinct():
        years_of[(level, merged is not None)].add(year)
    assert years_of[(Level.PROVINCE, True)] == {2024}  # Long An and old Tây Ninh
    assert years_of[(Level.PROVINCE, False)] == {2025, 2026}
    assert years_of[(Level.COMMUNE, False)] == {2025, 2026}
    assert years_of[(Level.NATION, False)] == {2024, 2025, 2026}
    # communes hold the indicators collected there; the province holds the others, and the communes' ones too when
    # it enters its own totals
    communal = {
        i.code for i in Indicator.objects.all() if i.additive and "commune" in i.collection_level.lower()
    }
    in_communes = set(
        values.filter(unit__level=Level.COMMUNE).values_list("series__indicator__code", flat=True)
    )
    in_province = set(
        values.filter(unit__level=Level.PROVINCE, year=2026).values_list("series__indicator__code", flat=True)
    )
    assert in_communes == communal
    tay_ninh = unit_resolve(code="80", on=date(2026, 1, 1))
    assert enters_own_totals(seed_number, tay_ninh) == (seed_number == OWN_TOTALS)
    assert in_province & communal == (communal if seed_number == OWN_TOTALS else set())
    assert set(values.filter(unit__level=Level.NATION).values_list("series__indicator__code", flat=True)) == {
        "M3.1",
        "M5.4",
    }
    assert (
        values.filter(unit__level=Level.COMMUNE, year=2026).values("unit").distinct().count() == 4
    )  # --communes 4


def test_every_row_is_one_the_services_would_accept():
    seed(seed=OWN_TOTALS)
    values = list(seeded_values().select_related("series__indicator"))
    assert values
    dimensions = Framework.load().dimensions
    by_cell = defaultdict(dict)
    for v in values:
        indicator = v.series.indicator
        assert v.series.is_primary and v.source == SOURCE
        assert v.sex in ([Sex.TOTAL, Sex.FEMALE, Sex.MALE] if indicator.by_sex else [Sex.TOTAL])
        assert v.part in {p.kind for p in indicator.parts.all()}
        assert v.value >= 0
        assert v.version == VERSIONS[v.status]
        assert bool(v.return_reason) == (v.status == "returned")
        assert v.unit.valid_on(date(v.year, 12, 31))
        by_cell[(indicator, v.unit_id, v.year)][(v.part, v.sex, v.option)] = v.value
    disaggregated = 0
    for (indicator, _unit, _year), parts in by_cell.items():
        options = {option for _p, _s, option in parts}
        declared = {f"{d}={o}" for d, codes in dimensions[indicator.pk] for o in codes}
        assert options == {"", *declared}  # every declared option, and only those
        disaggregated += bool(declared)
        if indicator.by_sex:
            for part, _sex, option in parts:
                female, male = parts[(part, "female", option)], parts[(part, "male", option)]
                assert female + male == parts[(part, "total", option)]
        if indicator.part_of_whole:
            for (part, sex, option), value in parts.items():
                if part == PartKind.NUMERATOR:
                    assert value <= parts[(PartKind.DENOMINATOR, sex, option)]
        if indicator.unit_label == "yes/no":
            assert set(parts.values()) <= {0, 1}
        # the options of each dimension add up to the total of the same part and sex
        for dimension, codes in dimensions[indicator.pk]:
            for part, sex, option in parts:
                if option == "":
                    split = sum(parts[(part, sex, f"{dimension}={code}")] for code in codes)
                    assert split == parts[(part, sex, "")], (indicator.code, dimension, part, sex)
    assert disaggregated
    tay_ninh = unit_resolve(code="80", on=date.today())
    assert validation_report(tay_ninh, 2026) == []  # nothing missing, no sum off, every big change explained


def test_the_roll_up_equals_the_hand_written_sql_and_the_one_indicator_roll_up():
    seed(seed=OWN_TOTALS)
    country = nation()
    tay_ninh = unit_resolve(code="80", on=date.today())
    indicators = list(Indicator.objects.filter(active=True, province__isnull=True))
    communal = {i.pk for i in indicators if i.additive and "commune" in i.collection_level.lower()}
    for year in (2024, 2026):
        rolled = rollup_indicators(indicators, country, [year])
        exact = rollup_exact_by_sql(year, country.pk)
        everything = rollup_by_sql(year, country.pk)  # the bench's floor: every unit below the nation summed
        for indicator in indicators:
            assert rolled[indicator.pk][year].parts == exact.get(indicator.pk, {}), (indicator.code, year)
            # Tây Ninh's own totals win from 2025; the floor adds them to its communes'
            differs = year >= 2025 and indicator.pk in communal
            assert (rolled[indicator.pk][year].parts != everything.get(indicator.pk, {})) == differs
    own = DataValue.objects.filter(unit=tay_ninh, year=2026, option="", series__indicator__code="M6.1")
    assert own.exists()
    m61 = next(i for i in indicators if i.code == "M6.1")
    assert rollup_series(m61, tay_ninh, [2026])[2026].parts == {(v.part, v.sex): v.value for v in own}
    commune = AdminUnit.objects.filter(parent=tay_ninh, level=Level.COMMUNE).order_by("code").first()
    for unit in (country, tay_ninh, unit_resolve(code="72", on=date(2024, 1, 1)), commune):
        many = rollup_indicators(indicators, unit, range(2023, 2027))
        for indicator in indicators:
            one = rollup_series(indicator, unit, range(2023, 2027))
            assert {y: r.parts for y, r in many[indicator.pk].items()} == {y: r.parts for y, r in one.items()}


def test_a_database_with_real_values_is_refused_unless_forced(persona, tay_ninh):
    from datavalues.services import value_set

    real = value_set(
        indicator=Indicator.objects.get(code="M2.1"),
        part="numerator",
        unit=tay_ninh,
        year=2026,
        value=5,
        by=persona("focal"),
    )
    with pytest.raises(CommandError, match="--force"):
        seed(seed=7)
    assert not seeded_values().exists()
    seed(seed=7, force=True)
    real.refresh_from_db()
    assert real.value == 5 and real.source == ""
    # the cell's other parts are left out too: a unit's figures are never half real, half invented
    assert not DataValue.objects.filter(series=real.series, unit=tay_ninh, year=2026, source=SOURCE).exists()
    assert seeded_values().filter(unit=tay_ninh, year=2026).exists()


def test_the_seed_needs_the_reference_data_and_a_valid_year_range():
    with pytest.raises(CommandError, match="--years"):
        seed(seed=7, years="2019-2022")


@pytest.mark.slow
def test_the_work_accounts_plans_and_reports_go_through_the_services():
    out = seed(seed=7, years="2025-2026", communes=2, no_work=False, reports=1)
    assert "Reports sent: 1" in out
    focal = User.objects.get(username="scale.80.noivu")
    assert focal.is_demo and "(mô phỏng)" in focal.full_name and focal.check_password("scale-2030-bdg")
    assert set(User.objects.filter(username__startswith="scale.").values_list("username", flat=True)) == {
        "scale.bo.chuyenvien",
        "scale.bo.lanhdao",
        "scale.80.noivu",
        "scale.80.yte",
        "scale.80.xa",
    }
    plans = Plan.objects.filter(province=focal.unit)
    assert plans.count() == 3 and set(plans.values_list("status", flat=True)) == {PlanStatus.ISSUED}
    assert Submission.objects.filter(report__unit=focal.unit, report__year=2025).count() == 1
    assert AuditEntry.objects.filter(action="plan.issue", unit=focal.unit).count() == 3
    entry = AuditEntry.objects.get(action="bench.seed")
    assert entry.after["plans"] == 3 and entry.after["submissions"] == 1
    seed(seed=7, years="2025-2026", communes=2, no_work=False, reports=1)  # again: nothing added twice
    assert Plan.objects.filter(province=focal.unit).count() == 3
    assert Submission.objects.filter(report__unit=focal.unit).count() == 1


def test_the_bench_times_a_grid_save_until_the_national_dashboard_shows_it(
    django_capture_on_commit_callbacks,
):
    from bench.measure import SAVED_INDICATOR, _saved_cell, save_to_dashboard

    seed(seed=SUMMED, years="2025-2026")
    indicator = Indicator.objects.get(code=SAVED_INDICATOR)
    cell = _saved_cell(indicator, 2026)
    assert cell.unit.level == Level.COMMUNE and cell.status not in ("approved", "accepted")
    original = cell.value
    with django_capture_on_commit_callbacks(execute=True):  # the saves commit: the roll-up cache is replaced
        (figure,) = save_to_dashboard(2026, repeat=2)
    assert figure.verdict == "pass", figure.note
    assert "shown on the first fetch in 2 of 2" in figure.note and "wrong" not in figure.note
    cell.refresh_from_db()
    assert cell.value == original  # put back
    saved = AuditEntry.objects.filter(action__startswith="value", actor__username="scale.80.noivu")
    assert saved.count() == 4  # two saves and two restores, through the service, audited
