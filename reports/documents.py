"""A report as an official document (Báo cáo, Decree 30/2020/NĐ-CP layout), drawn only from a snapshot
(``reports.assemble``): the same snapshot gives the same document, so a submitted copy can be rendered again.

A province's report is signed by its People's Committee and sent to the Ministry of Home Affairs; the national
consolidation is the ministry's, sent to the Prime Minister. Annex I is the indicator table, Annex II the
sex-disaggregated parts behind each value, Annex III the tasks (a province) or the provinces by indicator and who
has submitted (the nation). Documents are always in Vietnamese."""

from __future__ import annotations

from datetime import date

from documents.official import DOCX_TYPE, Annex, OfficialDocument, Section, Signature, render_docx
from documents.pdf import docx_to_pdf
from lib.dates import vn_long_date
from lib.exporters import XLSX_TYPE
from reports.sections.indicators import chart_specs
from reports.sections.kinds import sections_for
from reports.sections.text import is_national, split_name, subject_of, where

__all__ = ["CONTENT_TYPES", "chart_specs", "render_report", "report_docx", "report_document", "subject_of"]

MINISTRY = "Bộ Nội vụ"
PROVINCE_RECIPIENTS = [
    "Bộ Nội vụ (Vụ Công tác thanh niên và Bình đẳng giới)",
    "TT. Tỉnh ủy, HĐND tỉnh",
    "CT, các PCT UBND tỉnh",
    "Sở Nội vụ",
    "Lưu: VT, ...",
]
NATIONAL_RECIPIENTS = [
    "Thủ tướng Chính phủ (để báo cáo)",
    "Các Phó Thủ tướng Chính phủ",
    "Ủy ban Xã hội của Quốc hội",
    "Bộ trưởng (để báo cáo)",
    "UBND các tỉnh, thành phố trực thuộc trung ương",
    "Lưu: VT, Vụ CTTN&BĐG.",
]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def chapters(snapshot: dict) -> dict[str, str]:
    national = is_national(snapshot)
    return {
        "I": "KẾT QUẢ THỰC HIỆN",
        "II": "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III": "KIẾN NGHỊ VỚI CHÍNH PHỦ" if national else "KIẾN NGHỊ, ĐỀ XUẤT",
    }


def body_and_annexes(snapshot: dict, note: str) -> tuple[list[Section], list[Annex]]:
    """The document's chapters from the sections of the report's kind, in order: a section's text under its
    chapter, numbered 1, 2, ...; a section with no heading writes straight under the chapter. Annexes are
    numbered Phụ lục I, II, ... in the sections' order."""
    sections = sections_for(snapshot["kind"], national=is_national(snapshot))
    body: list[Section] = []
    for chapter, title in chapters(snapshot).items():
        members = [s for s in sections if s.chapter == chapter]
        part = Section(f"{ROMAN[len(body)]}. {title}")
        for s in members:
            if not s.heading:
                part.paragraphs += s.paragraphs(snapshot)
                part.figures += s.figures(snapshot)
        # a section with nothing to say (a text not written yet) is left out and the rest renumbered
        written = [(s, s.paragraphs(snapshot), s.figures(snapshot)) for s in members if s.heading]
        written = [(s, text, figures) for s, text, figures in written if text or figures]
        for i, (s, text, figures) in enumerate(written, start=1):
            part.subsections.append(Section(f"{i}. {s.heading}", paragraphs=text, figures=figures))
        if part.paragraphs or part.figures or part.subsections:
            body.append(part)
    parts = [a for s in sections for a in s.annexes(snapshot)]
    annexes = [
        Annex(heading=f"Phụ lục {ROMAN[i]}", title=a.title, note=note, table=a.table)
        for i, a in enumerate(parts)
    ]
    return body, annexes


def report_document(snapshot: dict) -> OfficialDocument:
    national = is_national(snapshot)
    body, place, _where_text = where(snapshot)
    when = date.fromisoformat(snapshot["date"]) if snapshot["date"] else None
    symbol = "BC-BNV" if national else "BC-UBND"
    number = snapshot["document"]["number"] or f"     /{symbol}"
    date_text = vn_long_date(when) if when else "ngày ... tháng ... năm ..."
    issuer = "Bộ Nội vụ" if national else "Ủy ban nhân dân " + " ".join(split_name(snapshot["unit"]["name"]))
    sections, annexes = body_and_annexes(snapshot, f"(Kèm theo Báo cáo số {number} {date_text} của {issuer})")
    signer_title = (
        snapshot["document"]["signer_title"] or ("Thứ trưởng" if national else "Phó Chủ tịch")
    ).upper()
    if national:
        signature = Signature(
            collective="",
            deputy="" if signer_title == "BỘ TRƯỞNG" else "KT. BỘ TRƯỞNG",
            title=signer_title,
            name=snapshot["document"]["signer_name"],
        )
    else:
        signature = Signature(
            collective="TM. ỦY BAN NHÂN DÂN",
            deputy="" if signer_title == "CHỦ TỊCH" else "KT. CHỦ TỊCH",
            title=signer_title,
            name=snapshot["document"]["signer_name"],
        )
    return OfficialDocument(
        parent_body="",
        issuing_body=body,
        number=number,
        place=place,
        date=when,
        kind_title="BÁO CÁO",
        subject=subject_of(snapshot),
        recipient="Thủ tướng Chính phủ" if national else MINISTRY,
        sections=sections,
        recipients=list(NATIONAL_RECIPIENTS if national else PROVINCE_RECIPIENTS),
        signature=signature,
        annexes=annexes,
    )


def report_docx(snapshot: dict) -> bytes:
    return render_docx(report_document(snapshot))


def report_pdf_from_docx(docx: bytes) -> bytes:
    return docx_to_pdf(docx)


CONTENT_TYPES = {
    "docx": DOCX_TYPE,
    "xlsx": XLSX_TYPE,
    "pdf": "application/pdf",
}


def render_report(snapshot: dict, fmt: str, docx: bytes | None = None) -> bytes:
    """The report as a file: "docx", "pdf" (LibreOffice from the DOCX; RuntimeError without it) or "xlsx"."""
    from reports.xlsx import report_xlsx

    if fmt == "xlsx":
        return report_xlsx(snapshot)
    docx = docx if docx is not None else report_docx(snapshot)
    return docx if fmt == "docx" else docx_to_pdf(docx)
