"""The annual report carries the communication summary: in its snapshot, section 4 of the Word document (figures
in sentences, then the province's text), the Excel sheet "Truyền thông" and the page. Copies frozen before the
summary existed still render."""

import io
from datetime import date

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from communication.selectors import communication_summary
from reports.assemble import assemble, changed_figures
from reports.content import canonical
from reports.documents import report_docx
from reports.models import Submission
from reports.services import report_for, report_update
from reports.xlsx import report_xlsx
from tests.communication.conftest import record
from units.selectors import nation, unit_resolve

pytestmark = pytest.mark.django_db
NARRATIVE = "Phối hợp với Đài Phát thanh - Truyền hình tỉnh mở chuyên mục về bình đẳng giới."


@pytest.fixture
def report(tay_ninh, persona, action_month):
    focal = persona("focal")
    record(
        tay_ninh,
        focal,
        reached_female=7000,
        reached_male=5000,
        products={"leaflets": 3000},
        costs={"local_recurrent": 100_000_000},
    )
    record(
        tay_ninh,
        focal,
        activity_type="training",
        start_date=date(2026, 11, 20),
        campaign=action_month,
        reached_female=200,
        reached_male=145,
        products={"posters": 20},
        costs={"society": 20_000_000},
    )
    report = report_for(unit=tay_ninh, kind="annual", year=2026)
    return report_update(report=report, by=focal, data={"communication": NARRATIVE})


def _section_4(docx: bytes) -> list[str]:
    texts = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    start = texts.index("4. Công tác thông tin, truyền thông")
    end = next(i for i, t in enumerate(texts) if t.startswith("5. "))
    return texts[start + 1 : end]


def test_the_snapshot_holds_the_communication_summary(report, tay_ninh):
    snapshot = assemble(report)
    assert snapshot["communication"] == communication_summary(tay_ninh, 2026)
    assert snapshot["communication"]["reached"]["total"] == 12_345


@pytest.mark.slow  # assembles the whole national consolidation
def test_the_national_snapshot_sums_the_provinces(report, persona):
    ha_noi = unit_resolve(code="01", on=date.today())
    record(ha_noi, persona("outsider"), reached_female=5, reached_male=5)
    snapshot = assemble(report_for(unit=nation(), kind="annual", year=2026))
    assert snapshot["communication"]["activities"] == 3
    assert snapshot["communication"]["reached"]["total"] == 12_355
    section = _section_4(report_docx(snapshot))
    assert section[0].startswith("Các tỉnh, thành phố đã tổ chức 3 hoạt động truyền thông")


def test_section_4_gives_the_figures_in_sentences_then_the_provinces_text(report):
    section = _section_4(report_docx(assemble(report)))
    assert section[0] == (
        "Tổ chức 2 hoạt động truyền thông (1 hội nghị, hội thảo; 1 lớp tập huấn), tiếp cận 12.345 lượt người "
        "(7.200 nữ, 5.145 nam); sản xuất 3.000 tờ rơi, 20 áp phích và băng rôn; kinh phí 120.000.000 đồng."
    )
    assert any(line.startswith("Hưởng ứng Tháng hành động") and "345 lượt người" in line for line in section)
    assert any(line.startswith("- Tháng hành động vì bình đẳng giới 2026, từ 15/11/2026") for line in section)
    assert section[-1] == NARRATIVE  # the province's own words come after the figures


def test_the_excel_annex_has_a_communication_sheet_with_numbers(report):
    sheet = load_workbook(io.BytesIO(report_xlsx(assemble(report))))["Truyền thông"]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=5, max_col=2, values_only=True) if r[0]}
    assert rows["Số hoạt động truyền thông"] == 2
    assert rows["Lượt người được tiếp cận: tổng số"] == 12_345
    assert rows["- Nữ"] == 7200 and rows["- Nam"] == 5145
    assert rows["Kinh phí (đồng)"] == 120_000_000


def test_the_report_page_shows_the_communication_part(report, client_as):
    page = client_as("focal").get("/reports/80/annual/2026/")
    html = page.content.decode()
    assert 'id="communication"' in html and "12.345" in html
    assert page.context["snapshot"]["communication"]["activities"] == 2


def test_an_old_snapshot_without_communication_still_renders(report, persona, client_as):
    snapshot = assemble(report)
    old = {key: value for key, value in snapshot.items() if key != "communication"} | {"schema": 1}
    read = canonical(old)  # as every frozen copy is read: through reports.content's upgraders
    docx = report_docx(read)
    assert _section_4(docx) == [NARRATIVE]  # the text written, as before
    assert "Truyền thông" not in load_workbook(io.BytesIO(report_xlsx(read))).sheetnames
    assert changed_figures(read, read) == []
    assert any(c["figure"].startswith("Truyền thông") for c in changed_figures(read, snapshot))

    sent = Submission.objects.create(  # a copy frozen before communication was part of the report
        report=report,
        number=1,
        submitted_at=timezone.now(),
        submitted_by=persona("focal"),
        deadline=date(2026, 12, 10),
        on_time=True,
        snapshot=old,
        docx=docx,
        sha256="0" * 64,
    )
    response = client_as("focal").get(f"/submissions/{sent.pk}/download.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Chỉ tiêu"


def test_a_report_without_activities_says_so_and_keeps_the_text(tay_ninh, persona):
    report = report_update(
        report=report_for(unit=tay_ninh, kind="annual", year=2027), by=persona("focal"), data={}
    )
    assert _section_4(report_docx(assemble(report))) == [
        "Chưa có hoạt động truyền thông được ghi nhận trong kỳ báo cáo."
    ]
