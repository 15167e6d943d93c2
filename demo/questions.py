"""Demo questions to the ministry: Tây Ninh asked how to count an indicator after the 2025 merger (answered, and
published as guidance for every province), and its Department of Health asks about funding the Action Month in
the communes (open, with a Word file); Hà Nội asked about its report's annex (answered, not published). Dates
are counted back from today so the ages in the inbox stay plausible. Texts are invented and marked as demo."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document

from accounts.models import User
from questions.models import Question
from questions.services import NO_GUIDANCE, guidance_publish, question_ask, question_reply

DEMO = " (nội dung minh họa – demo)"


def _estimate_docx() -> bytes:
    document = Document()
    document.add_heading("Dự toán kinh phí Tháng hành động vì bình đẳng giới năm 2026 (demo)", level=1)
    document.add_paragraph("Sở Y tế tỉnh Tây Ninh – bản dự thảo để hỏi ý kiến Bộ Nội vụ." + DEMO)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Nội dung", "Số xã", "Kinh phí (đồng)"), strict=True):
        cell.text = text
    for row in (
        ("Truyền thông tại trạm y tế xã", "96", "288.000.000"),
        ("Tài liệu tiếng Khmer", "12", "36.000.000"),
    ):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def demo_questions_load(*, province, second) -> None:
    if Question.objects.filter(asked_by__is_demo=True).exists():
        return
    focal, health_officer = User.objects.get(username="tn.noivu"), User.objects.get(username="tn.yte")
    ministry_officer = User.objects.get(username="bo.chuyenvien")
    second_focal = User.objects.get(username="hn.noivu")
    now = timezone.now()

    merged = question_ask(
        province=province,
        by=focal,
        topic="indicators",
        title="Số liệu năm cơ sở của chỉ tiêu sau khi hợp nhất tỉnh (demo)",
        text="Tỉnh Tây Ninh mới được hợp nhất từ tỉnh Long An và tỉnh Tây Ninh cũ từ ngày 01/7/2025. Khi lập Kế "
        "hoạch giai đoạn 2026 - 2030, số liệu năm cơ sở của các chỉ tiêu tỷ lệ (ví dụ M2.1) được lấy bằng "
        "cách cộng tử số và mẫu số của hai tỉnh cũ hay lấy bình quân tỷ lệ của hai tỉnh? Đề nghị Bộ hướng dẫn."
        + DEMO,
        at=now - timedelta(days=41),
    )
    question_reply(
        question=merged,
        by=ministry_officer,
        text="Đối với chỉ tiêu tỷ lệ, tỉnh cộng tử số và mẫu số của các tỉnh cũ rồi tính lại tỷ lệ; không lấy "
        "bình quân các tỷ lệ. Hệ thống tự tổng hợp theo cách này khi tỉnh nhập số liệu của từng tỉnh cũ theo "
        "năm." + DEMO,
        at=now - timedelta(days=38),
    )
    guidance_publish(
        question=merged,
        by=ministry_officer,
        topic="indicators",
        title="Năm cơ sở của chỉ tiêu tỷ lệ ở tỉnh hợp nhất (demo)",
        question_text="Tỉnh hợp nhất từ hai tỉnh cũ từ ngày 01/7/2025 tính số liệu năm cơ sở của các chỉ tiêu tỷ "
        "lệ như thế nào?" + DEMO,
        answer_text="Cộng tử số và mẫu số của các tỉnh cũ rồi tính lại tỷ lệ; không lấy bình quân các tỷ lệ. "
        "Khi số liệu của từng tỉnh cũ đã được nhập theo năm, hệ thống tự tổng hợp lên tỉnh mới." + DEMO,
        expected_version=NO_GUIDANCE,
        at=now - timedelta(days=36),
    )

    question_ask(
        province=province,
        by=health_officer,
        topic="funding",
        title="Kinh phí tổ chức Tháng hành động tại trạm y tế xã (demo)",
        text="Sở Y tế dự kiến tổ chức truyền thông trong Tháng hành động vì bình đẳng giới tại 96 trạm y tế xã "
        "(dự toán kèm theo). Khoản chi này có được bố trí từ kinh phí sự nghiệp y tế hay phải đề xuất từ kinh "
        "phí bình đẳng giới của tỉnh?" + DEMO,
        files=[ContentFile(_estimate_docx(), name="Du toan Thang hanh dong 2026 (demo).docx")],
        at=now - timedelta(days=6),
    )

    annex = question_ask(
        province=second,
        by=second_focal,
        topic="reporting",
        title="Phụ lục số liệu của báo cáo năm 2026 (demo)",
        text="Phụ lục số liệu có cần đóng dấu từng trang khi gửi kèm báo cáo năm qua hệ thống không?" + DEMO,
        at=now - timedelta(days=12),
    )
    question_reply(
        question=annex,
        by=ministry_officer,
        text="Không cần. Bản gửi qua hệ thống được lưu nguyên trạng kèm mã SHA-256; Bộ đối chiếu theo mã này."
        + DEMO,
        at=now - timedelta(days=10),
    )
