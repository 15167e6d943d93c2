"""The ministry's national consolidation of a small fixture, checked against figures computed by hand."""

from decimal import Decimal

import pytest

from reports.assemble import assemble
from reports.services import report_for, report_submit, submission_decide
from tests.datavalues.conftest import enter
from units.selectors import nation, unit_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_provinces(annual_report, tay_ninh):
    """Tây Ninh (the annual_report fixture: M2.1 273/600 in 2026) sends its report; Hà Nội has data but sends
    nothing; Huế has M2.1 for 2025 only."""
    from datetime import date

    ha_noi = unit_resolve(code="01", on=date(2026, 6, 1))
    hue = unit_resolve(code="46", on=date(2026, 6, 1))
    enter("M2.1", "numerator", ha_noi, 2026, 1500)
    enter("M2.1", "denominator", ha_noi, 2026, 2400)
    enter("M3.2a", "numerator", ha_noi, 2026, 30, sex="female")
    enter("M3.2a", "denominator", ha_noi, 2026, 40, sex="female")
    enter("M2.1", "numerator", hue, 2025, 100)
    enter("M2.1", "denominator", hue, 2025, 400)
    return ha_noi, hue


def test_national_values_are_summed_parts_not_averaged_ratios(three_provinces, annual_report, persona):
    ha_noi, hue = three_provinces
    submission = report_submit(report=annual_report, by=persona("focal"))
    submission_decide(submission=submission, by=persona("ministry_officer"), accept=True)

    snapshot = assemble(report_for(unit=nation(), kind="annual", year=2026))
    m21 = next(r for r in snapshot["indicators"] if r["code"] == "M2.1")
    # by hand: 2026 = 100 × (273 + 1500) / (600 + 2400) = 59.1; 2025 = 100 × (270 + 100) / (600 + 400) = 37
    assert Decimal(m21["values"]["2026"]) == Decimal("59.1")
    assert Decimal(m21["values"]["2025"]) == Decimal("37")
    # the average of the two ratios (45.5 and 62.5) would be 54: not what is reported
    numerators = next(p for p in m21["parts"] if p["part"] == "numerator")
    assert numerators["values"]["2026"] == "1773"
    m32a = next(r for r in snapshot["indicators"] if r["code"] == "M3.2a")
    female = next(p for p in m32a["parts"] if p["part"] == "numerator" and p["sex"] == "female")
    assert female["values"]["2026"] == "100"  # 70 + 30

    cells = {c["code"]: c["value"] for c in snapshot["by_province"]["M2.1"]}
    assert cells["80"] == "45.5" and cells["01"] == "62.5" and cells[hue.code] is None
    assert len(cells) == 34

    provinces = {p["code"]: p for p in snapshot["provinces"]}
    assert (
        provinces["80"]["submitted"]
        and provinces["80"]["status"] == "accepted"
        and provinces["80"]["on_time"]
    )
    assert not provinces["01"]["submitted"] and provinces["01"]["has_data"]
    assert not provinces[hue.code]["submitted"] and not provinces[hue.code]["has_data"]  # 2025 only
    no_data = [p["code"] for p in snapshot["provinces"] if not p["has_data"]]
    assert len(no_data) == 32
    not_submitted = [p["code"] for p in snapshot["provinces"] if not p["submitted"]]
    assert len(not_submitted) == 33


def test_the_national_document_lists_the_provinces_and_their_values(three_provinces):
    import io

    from docx import Document

    from reports.documents import report_docx

    snapshot = assemble(report_for(unit=nation(), kind="annual", year=2026))
    document = Document(io.BytesIO(report_docx(snapshot)))
    texts = [p.text for p in document.paragraphs]
    assert "Kính gửi: Thủ tướng Chính phủ" in texts
    tables = {t.rows[0].cells[1].text: t for t in document.tables if len(t.rows[0].cells) > 1}
    matrix = tables["Chỉ tiêu / tỉnh, thành phố"]
    rows = [[c.text for c in row.cells] for row in matrix.rows]
    block = next(i for i, r in enumerate(rows) if r[1].startswith("M2.1."))
    assert rows[block][2] == "59,1"
    province_rows = {r[0]: r for r in rows[block + 1 : block + 35]}
    assert province_rows["01"][2] == "62,5" and province_rows["80"][2] == "45,5"
    status = tables["Tỉnh, thành phố"]
    sent = {row.cells[1].text: row.cells[2].text for row in status.rows[1:]}
    assert sent["Thành phố Hà Nội"] == "Chưa gửi"
