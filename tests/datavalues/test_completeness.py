from datetime import date

import pytest
from django.utils import translation

from datavalues.models import DataValue
from datavalues.selectors import completeness_by_agency, completeness_by_province, validation_report
from datavalues.services import values_transition
from tests.datavalues.conftest import enter
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def tay_ninh():
    return unit_resolve(code="80", on=date(2026, 1, 1))


def test_completeness_counts_expected_and_entered_cells_per_agency(tay_ninh, persona):
    enter("M4.1", "numerator", tay_ninh, 2026, 11000)
    enter("M4.1", "denominator", tay_ninh, 2026, 10000)
    values_transition(values=list(DataValue.objects.all()), action="submit", by=persona("department"))
    rows = {c.label: c for c in completeness_by_agency(tay_ninh, 2026)}
    health = rows["Sở Y tế"]
    assert health.expected == 10  # M3.4, M4.1, M4.2, M4.3, M4.4: numerator and denominator each
    assert health.entered == 2 and health.counts == {"submitted": 2}
    assert rows["Thống kê tỉnh"].entered == 0


def test_the_ministry_sees_every_province_and_old_provinces_count_for_todays(tay_ninh):
    enter("M2.1", "numerator", unit_resolve(code="80", on=date(2024, 1, 1)), 2024, 10)
    rows = completeness_by_province(2024)
    assert len(rows) == 34
    counts = {p.code: (c.entered, c.expected) for p, c in rows}
    expected = counts["04"][1]  # Cao Bằng was one province in 2024
    assert counts["80"] == (1, 2 * expected)  # Tây Ninh was Long An and Tây Ninh
    assert counts["01"] == (0, expected)


def test_the_validation_report_names_missing_parts_and_unexplained_jumps(tay_ninh):
    enter("M2.1", "numerator", tay_ninh, 2026, 10)
    enter("M6.1", "denominator", tay_ninh, 2025, 1000)
    enter("M6.1", "denominator", tay_ninh, 2026, 3000)
    enter("M6.1", "numerator", tay_ninh, 2026, 100)
    with translation.override("en"):
        report = [
            (p["value"].series.indicator.code, str(p["message"])) for p in validation_report(tay_ninh, 2026)
        ]
    assert sorted(report) == [
        ("M2.1", "The denominator is missing."),
        ("M6.1", "Large change from last year without a comment."),  # 1000 -> 3000
    ]


def test_completeness_per_commune_counts_commune_level_indicators_only(tay_ninh, client_as):
    from datavalues.selectors import completeness_by_commune
    from units.selectors import communes_of

    commune = communes_of(tay_ninh).first()
    enter("M6.1", "numerator", commune, 2026, 500)
    enter("M6.1", "denominator", commune, 2026, 1000)
    rows = completeness_by_commune(tay_ninh, 2026)
    assert len(rows) == 96
    first = dict(rows)[commune]
    assert first.entered == 2
    # M1.1, M3.2a/b (by sex), M5.1 (by sex) and M6.1 are collected at commune level
    assert first.expected == 2 + 6 + 6 + 6 + 2
    assert client_as("focal").get("/data/completeness/?year=2026").context["communes"]
