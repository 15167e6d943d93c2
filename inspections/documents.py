"""A province's inspection plan as the Department of Home Affairs' official document (Kế hoạch kiểm tra, Decree
30/2020/NĐ-CP layout): purpose, topics, units and dates, the teams and the organisation as sections I-V, and the
list of inspections as the annex. Always in Vietnamese. Cancelled inspections are left out: the document is the
plan as it now stands. Reads only."""

from documents.official import Annex, OfficialDocument, Section, Signature, Table, render_docx
from inspections.models import InspectionPlan, InspectionStatus
from inspections.selectors import inspections_of
from lib.dates import vn_long_date
from plans.documents import province_parts

DEFAULT_PURPOSE = [
    "Đánh giá tình hình, kết quả thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030 và Kế "
    "hoạch thực hiện công tác bình đẳng giới của tỉnh tại các cơ quan, đơn vị, địa phương được kiểm tra.",
    "Phát hiện những khó khăn, vướng mắc, hạn chế để kịp thời hướng dẫn, kiến nghị biện pháp khắc phục.",
    "Việc kiểm tra bảo đảm đúng quy định, khách quan, không gây phiền hà cho đơn vị được kiểm tra.",
]
DEFAULT_ORGANISATION = [
    "Sở Nội vụ chủ trì, phối hợp với các cơ quan có liên quan tổ chức thực hiện Kế hoạch; thông báo lịch kiểm "
    "tra cụ thể đến đơn vị được kiểm tra trước ít nhất 05 ngày làm việc.",
    "Các đơn vị được kiểm tra chuẩn bị báo cáo và hồ sơ, tài liệu liên quan; thực hiện các kiến nghị sau kiểm "
    "tra và báo cáo kết quả về Sở Nội vụ đúng thời hạn.",
    "Kết quả kiểm tra được tổng hợp trong Báo cáo thực hiện bình đẳng giới hằng năm của tỉnh.",
]
RECIPIENTS = [
    "Bộ Nội vụ (để báo cáo)",
    "UBND tỉnh (để báo cáo)",
    "Các đơn vị được kiểm tra",
    "Thành viên Đoàn kiểm tra",
    "Lưu: VT, ...",
]


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _when(inspection) -> str:
    start, end = inspection.planned_from, inspection.planned_to
    if start == end:
        return f"ngày {start:%d/%m/%Y}"
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def _members(inspection) -> str:
    return "; ".join(_paragraphs(inspection.team_members))


def inspection_plan_document(plan: InspectionPlan) -> OfficialDocument:
    kind, bare = province_parts(plan.province, plan.issued_on)
    inspections = [i for i in inspections_of(plan) if i.status != InspectionStatus.CANCELLED]
    number = plan.document_number.strip() or "     /KH-SNV"
    subject = plan.title.strip()
    if subject.lower().startswith("kế hoạch "):
        subject = subject[len("kế hoạch ") :].strip()
        subject = subject[:1].upper() + subject[1:]
    for prefix in ("Tỉnh ", "Thành phố "):
        subject = subject.replace(f"{prefix}{bare}", f"{kind} {bare}")

    topics = [f"- {i.unit_name}: {i.topics.strip().rstrip('.')}." for i in inspections]
    schedule = [f"{n}. {i.unit_name}: {_when(i)}." for n, i in enumerate(inspections, start=1)]
    teams = []
    for n, inspection in enumerate(inspections, start=1):
        line = f"{n}. Đoàn kiểm tra tại {inspection.unit_name}: {inspection.lead_agency.name} chủ trì"
        members = _members(inspection)
        teams.append(line + (f"; thành viên: {members}." if members else "."))
    sections = [
        Section("I. MỤC ĐÍCH, YÊU CẦU", paragraphs=_paragraphs(plan.purpose) or list(DEFAULT_PURPOSE)),
        Section(
            "II. NỘI DUNG KIỂM TRA",
            paragraphs=[
                "Kiểm tra việc thực hiện Chiến lược, Kế hoạch về bình đẳng giới, tập trung vào:",
                *topics,
            ]
            if topics
            else ["(Chưa có cuộc kiểm tra nào trong Kế hoạch.)"],
        ),
        Section("III. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA", paragraphs=schedule or ["(Chưa xác định.)"]),
        Section("IV. THÀNH PHẦN ĐOÀN KIỂM TRA", paragraphs=teams or ["(Chưa xác định.)"]),
        Section(
            "V. TỔ CHỨC THỰC HIỆN", paragraphs=_paragraphs(plan.organisation) or list(DEFAULT_ORGANISATION)
        ),
    ]
    rows = [
        [
            str(n),
            i.unit_name,
            i.topics.strip(),
            _when(i)[0].upper() + _when(i)[1:],
            i.lead_agency.name,
            _members(i),
        ]
        for n, i in enumerate(inspections, start=1)
    ]
    when = vn_long_date(plan.issued_on) if plan.issued_on else "ngày ... tháng ... năm ..."
    title = (plan.signer_title.strip() or "Phó Giám đốc").upper()
    return OfficialDocument(
        parent_body=f"ỦY BAN NHÂN DÂN\n{kind.upper()} {bare.upper()}",
        issuing_body="SỞ NỘI VỤ",
        number=number,
        place=bare,
        date=plan.issued_on,
        kind_title="KẾ HOẠCH",
        subject=subject,
        sections=sections,
        recipients=list(RECIPIENTS),
        signature=Signature(
            collective="",
            deputy="" if title == "GIÁM ĐỐC" else "KT. GIÁM ĐỐC",
            title=title,
            name=plan.signer_name.strip(),
        ),
        annexes=[
            Annex(
                heading="Phụ lục",
                title=f"DANH SÁCH CƠ QUAN, ĐƠN VỊ ĐƯỢC KIỂM TRA NĂM {plan.year}",
                note=f"(Kèm theo Kế hoạch số {number} {when} của Sở Nội vụ {kind} {bare})",
                table=Table(
                    columns=[
                        "TT",
                        "Đơn vị được kiểm tra",
                        "Nội dung kiểm tra",
                        "Thời gian",
                        "Chủ trì",
                        "Thành viên",
                    ],
                    rows=rows,
                    widths_cm=[1.1, 4.5, 7.0, 3.4, 3.6, 5.0],
                    landscape=True,
                    align=["center", "left", "left", "center", "left", "left"],
                ),
            )
        ],
    )


def inspection_plan_docx(plan: InspectionPlan) -> bytes:
    return render_docx(inspection_plan_document(plan))
