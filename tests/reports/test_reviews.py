"""Mid-term (2025) and final (2030) reviews: progress since the baseline against the milestone's targets."""

import io
from datetime import date

import pytest
from docx import Document

from indicators.models import Indicator
from plans.services import plan_create, plan_indicator_set, plan_target_set
from reports.assemble import assemble
from reports.documents import report_docx
from reports.services import report_for
from tests.datavalues.conftest import enter
from units.selectors import nation, unit_resolve

pytestmark = pytest.mark.django_db


def _row(snapshot, code):
    return next(r for r in snapshot["indicators"] if r["code"] == code)


def test_the_midterm_review_measures_from_the_baseline_to_2025(tay_ninh, persona):
    focal = persona("focal")
    plan = plan_create(province=tay_ninh, kind="five_year", start_year=2021, by=focal)
    m21 = plan_indicator_set(
        plan=plan,
        indicator=Indicator.objects.get(code="M2.1"),
        by=focal,
        baseline_value="41,5",
        baseline_year=2019,
    )
    plan_target_set(
        plan_indicator=m21, year=2025, comparator=">=", value="45", by=focal, reason="Nông nghiệp"
    )
    long_an = unit_resolve(code="80", on=date(2024, 1, 1))  # merged into Tây Ninh in 2025: its values roll up
    enter("M2.1", "numerator", long_an, 2021, 250)
    enter("M2.1", "denominator", long_an, 2021, 600)
    enter("M2.1", "numerator", tay_ninh, 2025, 276)
    enter("M2.1", "denominator", tay_ninh, 2025, 600)
    enter("M2.3", "numerator", long_an, 2020, 20)
    enter("M2.3", "denominator", long_an, 2020, 100)

    snapshot = assemble(report_for(unit=tay_ninh, kind="midterm", year=2025))
    row = _row(snapshot, "M2.1")
    assert row["baseline"] == {"year": 2019, "value": "41.5", "source": "plan"}
    assert row["values"]["2025"] == "46"
    # against the 2025 target: the national one (≥ 50) is missed; the province's draft target is not issued,
    # so the national target is the one assessed
    assert row["status"]["target_year"] == 2025 and row["status"]["status"] == "target_missed"
    assert _row(snapshot, "M2.3")["baseline"] == {"year": 2020, "value": "20", "source": "data"}

    document = Document(io.BytesIO(report_docx(snapshot)))
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Sơ kết 5 năm thực hiện Chiến lược quốc gia") for t in texts)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    head = [c.text for c in table.rows[0].cells]
    m21_row = next([c.text for c in r.cells] for r in table.rows if r.cells[1].text.startswith("M2.1."))
    cells = dict(zip(head, m21_row, strict=True))
    assert cells["Giá trị cơ sở (năm)"] == "41,5 (2019)" and cells["Kết quả năm 2025"] == "46"


def test_the_final_review_of_the_nation_assesses_against_2030(tay_ninh):
    enter("M2.1", "numerator", tay_ninh, 2026, 300)
    enter("M2.1", "denominator", tay_ninh, 2026, 600)
    snapshot = assemble(report_for(unit=nation(), kind="final", year=2030))
    row = _row(snapshot, "M2.1")
    assert row["status"]["target_year"] == 2030
    assert row["values"] == {"2020": None, "2030": None}
    assert row["series"] == [[2026, "50"]]
