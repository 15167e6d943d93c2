"""The demo province shows values disaggregated by urban/rural (M2.1, M4.3) and ethnic group (M4.3) that add up."""

from collections import defaultdict

import pytest

from datavalues.models import DataValue, ValueStatus
from demo.values import demo_values_load
from indicators import cuts
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_demo_has_urban_rural_and_ethnic_cuts_that_add_up_to_their_totals(persona):
    demo_values_load(
        focal=persona("focal"),
        health_officer=persona("department"),
        ministry_officer=persona("ministry_officer"),
    )
    groups = defaultdict(dict)
    for v in DataValue.objects.filter(series__indicator__code__in=["M2.1", "M4.3"]).select_related(
        "series__indicator", "unit"
    ):
        groups[(v.series.indicator.code, v.part, v.unit.code, v.year, v.sex)][v.option] = v.value
    found = defaultdict(set)
    for (code, part, _unit, year, _sex), by_option in groups.items():
        found[code] |= {(year, option) for option in by_option if option}
        known = cuts.declared(Indicator.objects.get(code=code))
        assert cuts.sum_mismatches(by_option, known) == []
        assert len(by_option) == (3 if code == "M2.1" else 5), (code, part, year)  # the total and every cut
    years = set(range(2021, 2027))
    assert found["M2.1"] == {(y, o) for y in years for o in ("area=urban", "area=rural")}
    assert found["M4.3"] == {
        (y, o) for y in years for o in ("area=urban", "area=rural", "ethnicity=kinh", "ethnicity=minority")
    }
    # the cuts went through the workflow with their totals: 2021-2024 accepted by the ministry
    old = DataValue.objects.filter(series__indicator__code="M4.3", year=2023).exclude(option="")
    assert old.exists() and set(old.values_list("status", flat=True)) == {ValueStatus.ACCEPTED}


def test_the_demo_commune_has_figures_typed_offline_and_their_history_says_so(persona, client_as):
    commune = persona("commune")
    demo_values_load(
        focal=persona("focal"),
        health_officer=persona("department"),
        ministry_officer=persona("ministry_officer"),
        commune_officer=commune,
    )
    typed = DataValue.objects.filter(series__indicator__code="M5.1", unit=commune.unit, year=2026)
    assert typed.count() == 6 and {v.updated_by_id for v in typed} == {commune.pk}
    female = typed.get(part="numerator", sex="female")
    page = client_as("commune").get(
        f"/data/values/history/?indicator=M5.1&part=numerator&unit={commune.unit.pk}&year=2026&sex=female"
    )
    assert "Bảng nhập, nhập khi mất mạng và gửi sau" in page.text and "114" in page.text
    assert female.value == 114
