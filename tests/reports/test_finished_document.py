"""A report's document reads finished (issue 16, problem 8): no placeholder text, indicators without data named in
one sentence, and the signer's title, name and signing space under the signature lines. Read back with
python-docx."""

import io

import pytest
from docx import Document

from reports.assemble import assemble
from reports.documents import report_docx
from reports.services import report_for, report_problems, report_update
from tests.conftest import vi_text

pytestmark = pytest.mark.django_db


def _texts(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def _signature(docx: bytes) -> list[str]:
    document = Document(io.BytesIO(docx))
    closing = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận"))
    return [p.text for p in closing.rows[0].cells[1].paragraphs]


@pytest.fixture
def draft(tay_ninh_figures, persona):
    """Tây Ninh's 2026 report with only its first text written and a signer, as a province drafts it."""
    report = report_for(unit=tay_ninh_figures, kind="annual", year=2026)
    return report_update(
        report=report,
        by=persona("focal"),
        data={
            "achievements": "Tỷ lệ lao động nữ làm công hưởng lương tăng.",
            "signer_name": "Nguyễn Văn An",
            "signer_title": "Phó Chủ tịch",
        },
    )


def test_an_unwritten_section_is_left_out_of_the_document_and_named_on_the_page(draft, client_as):
    """Problem 8: "(Chưa viết nội dung này.)./." ended the body. A section not written yet is not in the
    document (no placeholder, no empty heading), the body still ends with "./.", and the report's page says
    which sections are left out."""
    texts = _texts(report_docx(assemble(draft)))
    assert not [t for t in texts if "Chưa viết" in t or "(Chưa" in t]
    assert not [t for t in texts if t.endswith(("Tồn tại, hạn chế", "Nguyên nhân"))]
    # chapter II (shortcomings and causes) and III (recommendations) have nothing written: left out entirely
    assert not [t for t in texts if t.startswith(("II. ", "III. "))]
    body_end = next(i for i, t in enumerate(texts) if t.endswith("./."))
    assert texts[body_end] == "Tỷ lệ lao động nữ làm công hưởng lương tăng./."
    # the sections of chapter I still numbered in order, with no gap where a text is missing
    headings = [t.split(".")[0] for t in texts if t[:2].rstrip(".").isdigit() and ". " in t[:4]]
    assert headings == [str(n) for n in range(1, len(headings) + 1)]

    problems = report_problems(draft, assemble(draft))
    assert problems and "Mục chưa viết sẽ không có trong văn bản" in problems[0]
    page = client_as("focal").get("/reports/80/annual/2026/").content.decode()
    assert "Mục chưa viết sẽ không có trong văn bản" in page


def test_indicators_without_data_are_named_in_one_sentence(draft):
    """Problem 8: "chưa có số liệu năm 2026" was repeated, one line for each of 11 indicators."""
    snapshot = assemble(draft)
    texts = _texts(report_docx(snapshot))
    missing = [row["code"] for row in snapshot["indicators"] if row["values"].get("2026") is None]
    assert len(missing) > 5
    lines = [t for t in texts if "chưa có số liệu năm 2026" in t.lower()]
    assert len(lines) == 1
    assert lines[0].startswith(f"- Chưa có số liệu năm 2026 của {len(missing)} chỉ tiêu: {missing[0]}, ")
    assert all(code in lines[0] for code in missing)
    assert f" và {missing[-1]} (tên chỉ tiêu tại Phụ lục I)." in lines[0]
    # the indicators with a value keep a line each
    assert any(t.startswith("- M2.1.") and "năm 2026 đạt 45,5%" in t for t in texts)


def test_the_signature_has_the_title_a_signing_space_and_the_signers_name(draft):
    """Problem 8: nothing stood under "KT. CHỦ TỊCH": the signer's title, then room for the signature and the seal,
    then the name, all from the report's signer."""
    lines = _signature(report_docx(assemble(draft)))
    assert lines[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert lines[-1] == "Nguyễn Văn An"
    space = lines[3:-1]
    assert len(space) >= 4 and not any(line.strip() for line in space)


def test_a_report_without_a_signer_says_so_on_its_page(tay_ninh, persona, client_as):
    """Problem 8 as the demo showed it: a report with no signer gave a document with nothing under the title;
    the page now says the name is missing before anyone downloads the document."""
    report_for(unit=tay_ninh, kind="annual", year=2026)
    page = client_as("focal").get("/reports/80/annual/2026/").content.decode()
    assert vi_text("No signer's name yet: the document leaves the name under the signature blank.") in page


def test_a_finished_report_has_every_chapter(annual_report):
    texts = _texts(report_docx(assemble(annual_report)))
    assert [t for t in texts if t.startswith(("I. ", "II. ", "III. "))] == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    assert "Đề nghị Bộ Nội vụ tổ chức tập huấn về thống kê giới./." in texts
