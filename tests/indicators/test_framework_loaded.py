import csv
from decimal import Decimal

import pytest

from indicators.models import Direction, Indicator, PartKind
from indicators.services import DATA, framework_load_reference, parse_disaggregations, split_top_level

pytestmark = pytest.mark.django_db


def reference_rows():
    with (DATA / "national-indicators.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_indicator_comparator_and_target_is_loaded_exactly():
    rows = reference_rows()
    assert len(rows) == 18
    loaded = {
        i.code: i for i in Indicator.objects.prefetch_related("targets", "parts").select_related("objective")
    }
    assert set(loaded) == {r["code"] for r in rows}
    for row in rows:
        indicator = loaded[row["code"]]
        assert indicator.objective.number == int(row["objective"])
        assert indicator.name_vi == row["name_vi"]
        assert indicator.name_en == row["name_en"]
        assert indicator.unit_label == row["unit"]
        assert indicator.factor == Decimal(row["factor"])
        assert indicator.additive is (row["additive"] == "yes")
        assert indicator.confirmed == row["confirmed"]
        assert indicator.usual_provider == row["usual_provider_2025"]
        assert indicator.note == row["note"]
        targets = {t.year: (t.comparator, t.value) for t in indicator.targets.all()}
        assert targets == {
            2025: (row["comparator_2025"], Decimal(row["target_2025"])),
            2030: (row["comparator_2030"], Decimal(row["target_2030"])),
        }, row["code"]
        kinds = {p.kind: p.name_vi for p in indicator.parts.all()}
        if row["numerator_vi"]:
            assert kinds == {
                PartKind.NUMERATOR: row["numerator_vi"],
                PartKind.DENOMINATOR: row["denominator_vi"],
            }
        else:
            assert set(kinds) == {PartKind.VALUE}


def test_directions_follow_the_comparators_and_are_never_missing():
    decreasing = set(Indicator.objects.filter(direction=Direction.DECREASE).values_list("code", flat=True))
    assert decreasing == {"M2.2", "M3.1", "M4.1", "M4.2", "M4.3"}
    assert not Indicator.objects.filter(direction="").exists()


def test_disaggregations_are_parsed_with_semicolons_inside_parentheses():
    text = "level (central ministries / government agencies / province / commune; district until 30/6/2025); body (HĐND / UBND)"
    assert split_top_level(text) == [
        "level (central ministries / government agencies / province / commune; district until 30/6/2025)",
        "body (HĐND / UBND)",
    ]
    assert parse_disaggregations("sex; age group") == (True, ["age group"])
    m11 = Indicator.objects.get(code="M1.1")
    assert sorted(d.code for d in m11.dimensions.all()) == ["body", "level"]
    assert not m11.by_sex
    assert Indicator.objects.get(code="M3.2a").by_sex


def test_non_additive_indicators_are_marked():
    assert set(Indicator.objects.filter(additive=False).values_list("code", flat=True)) == {"M3.1", "M5.4"}


def test_loading_again_changes_nothing():
    assert framework_load_reference() == {"indicators": 0, "targets": 0}
