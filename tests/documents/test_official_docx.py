"""The official-document renderer, read back with python-docx: no database needed."""

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from documents.official import Annex, OfficialDocument, Section, Signature, Table, render_docx


def small_document(**overrides) -> OfficialDocument:
    fields = {
        "parent_body": "",
        "issuing_body": "ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH",
        "number": "12/BC-UBND",
        "place": "Tây Ninh",
        "date": date(2026, 1, 5),
        "kind_title": "BÁO CÁO",
        "subject": "Kết quả thực hiện công tác bình đẳng giới năm 2025",
        "recipient": "Bộ Nội vụ",
        "sections": [
            Section(
                "I. KẾT QUẢ THỰC HIỆN",
                subsections=[Section("1. Công tác chỉ đạo", ["Ban hành kế hoạch.\nTổ chức tập huấn."])],
            ),
            Section("II. KIẾN NGHỊ", ["Đề nghị Bộ Nội vụ hướng dẫn thêm."]),
        ],
        "recipients": ["Bộ Nội vụ", "CT, các PCT UBND tỉnh"],
        "signature": Signature(name="Nguyễn Văn A"),
        "annexes": [
            Annex(
                heading="Phụ lục I",
                title="KẾT QUẢ CHỈ TIÊU",
                note="(Kèm theo Báo cáo số 12/BC-UBND ngày 05 tháng 01 năm 2026 của UBND tỉnh Tây Ninh)",
                table=Table(
                    columns=["TT", "Chỉ tiêu", "Kết quả"],
                    rows=[["1", "M2.1", "≥ 40"], ["2", "M6.1", "62,5"]],
                    widths_cm=[1, 8, 3],
                    landscape=True,
                ),
            )
        ],
    }
    fields.update(overrides)
    return OfficialDocument(**fields)


def read(doc: OfficialDocument):
    return Document(io.BytesIO(render_docx(doc)))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_header_title_body_and_closing():
    document = read(small_document())
    header = document.tables[0]
    left, right = header.rows[0].cells[0].text, header.rows[0].cells[1].text
    assert "ỦY BAN NHÂN DÂN" in left and "TỈNH TÂY NINH" in left and "Số: 12/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Tây Ninh, ngày 05 tháng 01 năm 2026" in right

    body = texts(document)
    assert "BÁO CÁO" in body
    assert "Kết quả thực hiện công tác bình đẳng giới năm 2025" in body
    assert "Kính gửi: Bộ Nội vụ" in body
    assert "I. KẾT QUẢ THỰC HIỆN" in body and "1. Công tác chỉ đạo" in body
    assert "Tổ chức tập huấn." in body  # multi-line texts become paragraphs
    assert "Đề nghị Bộ Nội vụ hướng dẫn thêm./." in body  # the body ends with ./.
    heading = document.paragraphs[body.index("I. KẾT QUẢ THỰC HIỆN")]
    assert heading.runs[0].bold

    closing = document.tables[1].rows[0].cells
    recipients = [p.text for p in closing[0].paragraphs]
    assert recipients[0] == "Nơi nhận:"
    assert recipients[1:] == ["- Bộ Nội vụ;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, ..."]
    signature = [p.text for p in closing[1].paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"]


def test_annex_table_and_sections():
    document = read(small_document())
    annex = document.tables[2]
    assert [c.text for c in annex.rows[0].cells] == ["TT", "Chỉ tiêu", "Kết quả"]
    assert [c.text for c in annex.rows[1].cells] == ["1", "M2.1", "≥ 40"]
    assert annex.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on each page
    assert "Phụ lục I" in texts(document)

    main, annex_section = document.sections
    assert annex_section.orientation == WD_ORIENT.LANDSCAPE
    assert annex_section.page_width > annex_section.page_height


def test_page_margins_fonts_and_page_numbers():
    document = read(small_document())
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.cm, 2) for m in margins] == [2.0, 2.0, 3.0, 1.5]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml

    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {"Times New Roman"}
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_no_date_no_recipient_and_a_given_archive_line():
    document = read(
        small_document(date=None, recipient="", recipients=["Bộ Nội vụ", "Lưu: VT, SNV"], annexes=[])
    )
    right = document.tables[0].rows[0].cells[1].text
    assert "Tây Ninh, ngày ... tháng ... năm ..." in right
    assert not any(t.startswith("Kính gửi") for t in texts(document))
    recipients = [p.text for p in document.tables[1].rows[0].cells[0].paragraphs]
    assert recipients[-1] == "- Lưu: VT, SNV."
    assert len(document.sections) == 1
