"""`manage.py seed_scale` on a reduced scale: deterministic from its seed, valid rows (as the services would have
written them), and a roll-up equal to the bench's hand-written SQL on it."""

from collections import defaultdict
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from audit.models import AuditEntry
from bench.measure import rollup_by_sql
from bench.seed import SOURCE, VERSIONS, seeded_values, values_checksum
from datavalues.models import DataValue, Sex
from datavalues.selectors import rollup_indicators, rollup_series, validation_report
from indicators.models import Indicator, PartKind
from plans.models import Plan, PlanStatus
from reports.models import Submission
from units.models import AdminUnit, Level
from units.selectors import nation, unit_resolve

pytestmark = pytest.mark.django_db

SMALL = {"codes": "80", "years": "2024-2026", "communes": 4, "no_work": True}


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


def test_the_scope_history_in_former_provinces_then_communes_and_the_nation():
    seed(seed=7)
    values = seeded_values()
    years_of = defaultdict(set)
    for level, merged, year in values.values_list("unit__level", "unit__merged_into", "year").distinct():
        years_of[(level, merged is not None)].add(year)
    assert years_of[(Level.PROVINCE, True)] == {2024}  # Long An and old Tây Ninh
    assert years_of[(Level.PROVINCE, False)] == {2025, 2026}
    assert years_of[(Level.COMMUNE, False)] == {2025, 2026}
    assert years_of[(Level.NATION, False)] == {2024, 2025, 2026}
    # communes hold the indicators collected there; the province holds the others, never the communes' ones
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
    assert not in_province & communal
    assert set(values.filter(unit__level=Level.NATION).values_list("series__indicator__code", flat=True)) == {
        "M3.1",
        "M5.4",
    }
    assert (
        values.filter(unit__level=Level.COMMUNE, year=2026).values("unit").distinct().count() == 4
    )  # --communes 4


def test_every_row_is_one_the_services_would_accept():
    seed(seed=7)
    values = list(seeded_values().select_related("series__indicator"))
    assert values
    by_cell = defaultdict(dict)
    for v in values:
        indicator = v.series.indicator
        assert v.series.is_primary and v.option == "" and v.source == SOURCE
        assert v.sex in ([Sex.TOTAL, Sex.FEMALE, Sex.MALE] if indicator.by_sex else [Sex.TOTAL])
        assert v.part in {p.kind for p in indicator.parts.all()}
        assert v.value >= 0
        assert v.version == VERSIONS[v.status]
        assert bool(v.return_reason) == (v.status == "returned")
        assert v.unit.valid_on(date(v.year, 12, 31))
        by_cell[(indicator, v.unit_id, v.year)][(v.part, v.sex)] = v.value
    for (indicator, _unit, _year), parts in by_cell.items():
        if indicator.by_sex:
            for part in {p for p, _s in parts}:
                assert parts[(part, "female")] + parts[(part, "male")] == parts[(part, "total")]
        if indicator.unit_label == "%":
            for (part, sex), value in parts.items():
                if part == PartKind.NUMERATOR:
                    assert value <= parts[(PartKind.DENOMINATOR, sex)]
        if indicator.unit_label == "yes/no":
            assert set(parts.values()) <= {0, 1}
    tay_ninh = unit_resolve(code="80", on=date.today())
    assert validation_report(tay_ninh, 2026) == []  # nothing missing, no sum off, every big change explained


def test_the_roll_up_equals_the_hand_written_sql_and_the_one_indicator_roll_up():
    seed(seed=7)
    country = nation()
    indicators = list(Indicator.objects.filter(active=True, province__isnull=True))
    for year in (2024, 2026):
        rolled = rollup_indicators(indicators, country, [year])
        sums = rollup_by_sql(year, country.pk)
        for indicator in indicators:
            assert rolled[indicator.pk][year].parts == sums.get(indicator.pk, {}), (indicator.code, year)
    tay_ninh = unit_resolve(code="80", on=date.today())
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
