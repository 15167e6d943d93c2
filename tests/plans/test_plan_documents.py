"""The plan as an official document: DOCX read back with python-docx, the command, and a PDF made by LibreOffice."""

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from plans.documents import plan_docx, plan_pdf, province_parts
from plans.services import (
    budget_line_set,
    plan_indicator_set,
    plan_issue,
    plan_submit,
    plan_target_set,
    plan_update,
    task_create,
)
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "documents"
REASON = "Cơ cấu kinh tế nông nghiệp của tỉnh"


@pytest.fixture
def rich_plan(full_plan, persona, agency):
    """The full plan with its texts, a weaker target with its reason, a baseline, partners and funds."""
    focal = persona("focal")
    plan_update(
        plan=full_plan,
        by=focal,
        data={
            "general_objective": "Tiếp tục thu hẹp khoảng cách giới, tạo điều kiện để phụ nữ và nam giới "
            "tham gia, thụ hưởng bình đẳng trong các lĩnh vực của đời sống xã hội.",
            "specific_objectives": "Phấn đấu đạt các chỉ tiêu của Chiến lược quốc gia trên địa bàn tỉnh.",
            "funding": "Kinh phí thực hiện được bố trí trong dự toán ngân sách hằng năm của các cơ quan.\n"
            "Huy động các nguồn hợp pháp khác.",
            "organisation": "Sở Nội vụ chủ trì, hướng dẫn, theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
            "Các sở, ban, ngành, UBND các xã, phường xây dựng kế hoạch hằng năm.",
            "reporting": "Các cơ quan báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 15 tháng 11 hằng năm.",
        },
    )
    m21 = full_plan.plan_indicators.get(indicator__code="M2.1")
    plan_indicator_set(
        plan=full_plan,
        indicator=m21.indicator,
        by=focal,
        baseline_value="45,5",
        baseline_year=2020,
        lead_agency=agency("thong_ke"),
        partner_agencies=[agency("hoi_phu_nu"), agency("y_te")],
    )
    plan_target_set(plan_indicator=m21, year=2025, comparator=">=", value="40", by=focal, reason=REASON)
    task = task_create(
        plan=full_plan,
        by=focal,
        category="capacity",
        title="Tập huấn nghiệp vụ về bình đẳng giới cho cán bộ cấp xã",
        lead_agency=agency("noi_vu"),
        partner_agencies=[agency("hoi_phu_nu")],
        start_date=date(2022, 3, 1),
        end_date=date(2025, 10, 31),
        expected_outputs="Mỗi năm 2 lớp tập huấn",
    )
    budget_line_set(task=task, year=2022, source="local_recurrent", amount="150.000.000", by=focal)
    budget_line_set(task=task, year=2023, source="international", amount=200000000, by=focal)
    return full_plan


@pytest.fixture
def issued_plan(rich_plan, persona):
    plan_submit(plan=rich_plan, by=persona("focal"))
    return plan_issue(
        plan=rich_plan,
        by=persona("focal"),
        document_number="125/KH-UBND",
        issued_on=date(2021, 3, 5),
        signer_name="Nguyễn Văn An",
        signer_title="Phó Chủ tịch",
    )


def read(data: bytes):
    return Document(io.BytesIO(data))


def table_with(document, first_header: str, second_header: str):
    return next(
        t for t in document.tables if [c.text for c in t.rows[0].cells[:2]] == [first_header, second_header]
    )


def as_dicts(table) -> list[dict[str, str]]:
    header = [c.text for c in table.rows[0].cells]
    return [dict(zip(header, (c.text for c in row.cells), strict=True)) for row in table.rows[1:]]


def test_the_plan_docx_has_the_official_header_title_targets_tasks_and_signature(issued_plan):
    document = read(plan_docx(issued_plan))
    left, right = (c.text for c in document.tables[0].rows[0].cells)
    assert "ỦY BAN NHÂN DÂN" in left and "TỈNH TÂY NINH" in left and "Số: 125/KH-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Tây Ninh, ngày 05 tháng 03 năm 2021" in right

    body = [" ".join(p.text.split()) for p in document.paragraphs]
    assert "KẾ HOẠCH" in body
    # the subject is the title without "Kế hoạch", the province as in running text
    assert "Thực hiện công tác bình đẳng giới giai đoạn 2021 - 2025 trên địa bàn tỉnh Tây Ninh" in body
    for heading in (
        "I. MỤC TIÊU",
        "II. NHIỆM VỤ VÀ GIẢI PHÁP",
        "III. KINH PHÍ THỰC HIỆN",
        "V. CHẾ ĐỘ BÁO CÁO",
    ):
        assert heading in body
    assert any(
        t.startswith("- Chỉ tiêu M2.1: Tỷ lệ lao động nữ làm công hưởng lương đạt ≥ 40% vào năm 2025")
        for t in body
    )
    assert "Huy động các nguồn hợp pháp khác." in body
    assert "Tổng kinh phí dự kiến: 350.000.000 đồng, trong đó:" in body
    assert "- Ngân sách địa phương (kinh phí thường xuyên): 150.000.000 đồng;" in body
    assert body[body.index("V. CHẾ ĐỘ BÁO CÁO") + 1].endswith("hằng năm./.")
    assert any(
        t.startswith("- Chiến dịch truyền thông Tháng hành động (chủ trì: ") and "; phối hợp: " in t
        for t in body
    )

    targets = {
        row["Chỉ tiêu"].split(".")[0] + "." + row["Chỉ tiêu"].split(".")[1]: row
        for row in as_dicts(table_with(document, "TT", "Chỉ tiêu"))
    }
    m21 = targets["M2.1"]
    assert m21["Chỉ tiêu tỉnh 2025"] == "≥ 40"
    assert m21["Chỉ tiêu quốc gia 2025"] == "≥ 50" and m21["Chỉ tiêu quốc gia 2030"] == "≥ 60"
    assert m21["Giá trị cơ sở (năm)"] == "45,5 (2020)"
    assert m21["Ghi chú"] == REASON
    assert m21["Đơn vị tính"] == "%"
    assert "Thống kê" in m21["Cơ quan chủ trì"]
    assert "Hội Liên hiệp Phụ nữ" in m21["Cơ quan phối hợp"] and "Sở Y tế" in m21["Cơ quan phối hợp"]
    assert targets["M4.1"]["Chỉ tiêu tỉnh 2025"] == "≤ 111"
    assert targets["M4.1"]["Ghi chú"] == ""
    assert len(targets) == 18

    tasks = as_dicts(table_with(document, "TT", "Nhiệm vụ"))
    training = next(t for t in tasks if t["Nhiệm vụ"].startswith("Tập huấn"))
    assert training["Thời gian"] == "03/2022 - 10/2025"
    assert training["Kinh phí (đồng)"] == "350.000.000"
    assert training["Cơ quan chủ trì"] == "Sở Nội vụ" or "Nội vụ" in training["Cơ quan chủ trì"]
    assert "Phụ nữ" in training["Cơ quan phối hợp"]
    assert tasks[-1]["Nhiệm vụ"] == "Tổng cộng" and tasks[-1]["Kinh phí (đồng)"] == "350.000.000"

    closing = document.tables[1].rows[0].cells
    recipients = [p.text for p in closing[0].paragraphs]
    assert recipients[:2] == ["Nơi nhận:", "- Bộ Nội vụ;"] and recipients[-1] == "- Lưu: VT, ..."
    signature = [p.text for p in closing[1].paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    notes = [p.text for p in document.paragraphs if p.text.startswith("(Kèm theo")]
    assert (
        notes
        == ["(Kèm theo Kế hoạch số 125/KH-UBND ngày 05 tháng 03 năm 2021 của Ủy ban nhân dân tỉnh Tây Ninh)"]
        * 2
    )


def test_a_draft_has_a_blank_number_and_date(full_plan):
    document = read(plan_docx(full_plan))
    left, right = (c.text for c in document.tables[0].rows[0].cells)
    assert "Số:      /KH-UBND" in left
    assert "Tây Ninh, ngày ... tháng ... năm ..." in right


def structure(document) -> tuple:
    return (
        [p.text for p in document.paragraphs],
        [[[c.text for c in row.cells] for row in t.rows] for t in document.tables],
    )


def test_render_report_writes_the_plan_for_a_former_provinces_code(rich_plan, tmp_path):
    # code 80 was Long An in 2023; its plans are now Tây Ninh's
    out = tmp_path / "plan.docx"
    call_command(
        "render_report",
        "--unit",
        "80",
        "--year",
        "2023",
        "--kind",
        "plan",
        "--format",
        "docx",
        "--output",
        str(out),
        stdout=io.StringIO(),
    )
    assert structure(read(out.read_bytes())) == structure(read(plan_docx(rich_plan)))

    xlsx = tmp_path / "plan.xlsx"
    call_command(
        "render_report",
        "--unit",
        "80",
        "--year",
        "2025",
        "--kind",
        "plan",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
        stdout=io.StringIO(),
    )
    assert xlsx.read_bytes()[:2] == b"PK"


def test_render_report_refuses_what_it_cannot_make(five_year, tmp_path):
    args = ["--unit", "80", "--format", "docx", "--output", str(tmp_path / "x.docx")]
    with pytest.raises(CommandError, match="--unit VN"):
        call_command("render_report", "--year", "2025", "--kind", "plan", "--unit", "VN", *args[2:])
    with pytest.raises(CommandError, match="chưa có kế hoạch cho năm 2027"):
        call_command("render_report", "--year", "2027", "--kind", "plan", *args)
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("render_report", "--year", "2025", "--kind", "plan", *args[:1], "999", *args[2:])


@pytest.mark.slow
def test_the_plan_pdf_has_several_pages_and_is_saved_for_review(issued_plan):
    # fails (does not skip) without LibreOffice: docx_to_pdf raises RuntimeError
    pdf = plan_pdf(issued_plan)
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "plan.pdf"
    target.write_bytes(pdf)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    else:
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 2
    if shutil.which("pdftoppm"):
        for old in ARTIFACTS.glob("plan-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(target), str(ARTIFACTS / "plan")], check=True)
        assert len(list(ARTIFACTS.glob("plan-*.png"))) == pages


def test_a_city_is_named_as_a_city(tay_ninh):
    assert province_parts(tay_ninh) == ("tỉnh", "Tây Ninh")
    assert province_parts(unit_resolve(code="01", on=date(2026, 1, 1))) == ("thành phố", "Hà Nội")
