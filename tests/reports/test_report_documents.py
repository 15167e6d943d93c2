"""The province's annual report as DOCX (read back with python-docx), PDF (pages turned into PNG images for a
person to look at) and XLSX; and `render_report` for every kind and format."""

import io
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from progress.labels import status_vi
from reports.services import report_submit
from reports.xlsx import report_xlsx

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def sent(annual_report, persona):
    return report_submit(report=annual_report, by=persona("focal"))


def test_the_docx_has_the_header_the_recipient_the_figures_and_the_signature(sent, agency):
    document = Document(io.BytesIO(sent.document_bytes))
    header = _cells(document.tables[0])[0]
    assert header[0].splitlines()[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"]
    assert "Số: 215/BC-UBND" in header[0]
    assert header[1].splitlines()[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    day = sent.submitted_at.astimezone().date()
    assert f"Tây Ninh, ngày {day:%d} tháng {day:%m} năm {day:%Y}" in header[1]

    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert any(t.startswith("Kết quả thực hiện Chiến lược quốc gia về bình đẳng giới") for t in texts)
    assert "Kính gửi: Bộ Nội vụ" in texts
    assert "Đề nghị Bộ Nội vụ tổ chức tập huấn về thống kê giới./." in texts  # the body ends with ./.

    indicators = next(t for t in document.tables if _cells(t)[0][:2] == ["TT", "Chỉ tiêu"])
    head = _cells(indicators)[0]
    rows = [dict(zip(head, r, strict=True)) for r in _cells(indicators)[1:]]
    assert len(rows) == len(sent.snapshot["indicators"])
    # the figures equal the data: 100 × 270 / 600 and 100 × 273 / 600
    m21 = next(row for row in rows if row["Chỉ tiêu"].startswith("M2.1."))
    assert m21["Kết quả năm 2025"] == "45" and m21["Kết quả năm 2026"] == "45,5"
    assert m21["Chỉ tiêu quốc gia 2025"] == "≥ 50" and m21["Chỉ tiêu quốc gia 2030"] == "≥ 60"
    assert m21["Đơn vị tính"] == "%"
    # growth of 1,1% a year against the 5,9% a year needed to reach 60% by 2030: limited progress
    assert m21["Đánh giá"] == f"{status_vi('limited')} (so với chỉ tiêu quốc gia 2030)"
    assert m21["Cơ quan cung cấp số liệu"] == agency("thong_ke").name  # the usual provider of its parts

    parts = next(t for t in document.tables if _cells(t)[0][:3] == ["Mã", "Thành phần", "Giới tính"])
    females = [r for r in _cells(parts)[1:] if r[0] == "M3.2a" and r[2] == "Nữ"]
    assert [r[4] for r in females] == ["70", "76"]  # numerator, then denominator

    closing = next(_cells(t) for t in document.tables if _cells(t)[0][0].startswith("Nơi nhận:"))
    signature = closing[0][1]
    assert "TM. ỦY BAN NHÂN DÂN" in signature and "KT. CHỦ TỊCH" in signature
    assert "PHÓ CHỦ TỊCH" in signature and signature.strip().endswith("Nguyễn Văn An")
    assert "Nơi nhận:" in closing[0][0]
    assert len(document.inline_shapes) == 1  # the chart of the main indicators


def test_the_excel_annex_holds_numbers_not_text(sent):
    workbook = load_workbook(io.BytesIO(report_xlsx(sent.snapshot)))
    sheet = workbook["Chỉ tiêu"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    head = rows[0]
    m21 = dict(zip(head, next(r for r in rows if r[1] == "M2.1"), strict=True))
    assert m21["Kết quả năm 2025"] == 45 and m21["Kết quả năm 2026"] == 45.5
    assert {"Số liệu theo giới", "Nhiệm vụ", "Kinh phí"} <= set(workbook.sheetnames)


KINDS = [("annual", 2026), ("midterm", 2025), ("final", 2030)]
HEADINGS = {"annual": "Kết quả thực hiện", "midterm": "Sơ kết 5 năm", "final": "Tổng kết 10 năm"}


def _render(tmp_path, unit, kind, year, fmt) -> bytes:
    target = tmp_path / f"{unit}-{kind}.{fmt}"
    call_command("render_report", unit=unit, year=year, kind=kind, fmt=fmt, output=str(target))
    data = target.read_bytes()
    assert data.startswith(b"PK")
    if fmt == "docx":
        texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
        assert "BÁO CÁO" in texts
        assert any(t.startswith(HEADINGS[kind]) for t in texts)
    return data


@pytest.mark.parametrize("kind,year", KINDS)
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_render_report_writes_every_kind_for_a_province(tay_ninh_figures, tmp_path, kind, year, fmt):
    _render(tmp_path, "80", kind, year, fmt)


@pytest.mark.parametrize("kind,year", KINDS)
def test_render_report_writes_every_kind_of_national_annex(tay_ninh_figures, tmp_path, kind, year):
    workbook = load_workbook(io.BytesIO(_render(tmp_path, "VN", kind, year, "xlsx")))
    assert {"Theo tỉnh", "Tình hình gửi báo cáo"} <= set(workbook.sheetnames)


@pytest.mark.slow
@pytest.mark.parametrize("kind,year", KINDS[1:])  # the annual one is read back in test_consolidation
def test_render_report_writes_every_kind_of_national_document(tay_ninh_figures, tmp_path, kind, year):
    _render(tmp_path, "VN", kind, year, "docx")


def test_render_report_refuses_what_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="2025"):
        call_command(
            "render_report", unit="80", year=2026, kind="midterm", fmt="docx", output=str(tmp_path / "x")
        )
    with pytest.raises(CommandError, match="99"):
        call_command(
            "render_report", unit="99", year=2026, kind="annual", fmt="docx", output=str(tmp_path / "x")
        )


@pytest.mark.slow
def test_the_submitted_report_renders_to_pdf_and_png_pages(sent, tmp_path):
    # fails (does not skip) without LibreOffice or poppler: both are installed by .ci/run
    from documents.pdf import docx_to_pdf

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "annual-report.pdf"
    target.write_bytes(docx_to_pdf(sent.document_bytes))  # the frozen copy, dated the day it was sent
    assert target.read_bytes().startswith(b"%PDF")
    draft = tmp_path / "draft.pdf"
    call_command("render_report", unit="80", year=2026, kind="annual", fmt="pdf", output=str(draft))
    assert draft.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 4
    for old in ARTIFACTS.glob("annual-report-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(target), str(ARTIFACTS / "annual-report")], check=True
    )
    assert len(list(ARTIFACTS.glob("annual-report-*.png"))) == pages
