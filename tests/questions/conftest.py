import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from questions.services import NO_GUIDANCE, guidance_publish, question_ask, question_reply

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _english(english):
    """These tests check the wording of messages, in English."""


def office(*parts: str) -> bytes:
    """A ZIP holding the named parts: enough to look like a DOCX or an XLSX."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in ("[Content_Types].xml", *parts):
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


DOCX = office("word/document.xml")
XLSX = office("xl/workbook.xml")


def upload(name: str, data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def ask(persona, province, *, title="Cách tính chỉ tiêu M2.3", files=(), who="focal", topic="indicators"):
    return question_ask(
        province=province,
        by=persona(who),
        topic=topic,
        title=title,
        text="Đề nghị Bộ hướng dẫn cách tính số nữ giám đốc doanh nghiệp.",
        files=files,
    )


def question_objects(*, province, focal, officer) -> dict:
    """For the access matrix: a Tây Ninh question with the province's file, answered by the ministry with a file
    of its own, published as guidance with the ministry's file only."""
    question = question_ask(
        province=province,
        by=focal,
        topic="reporting",
        title="Hạn gửi báo cáo",
        text="Hạn gửi báo cáo năm là ngày nào?",
        files=[upload("danh-sach.pdf")],
    )
    answer = question_reply(
        question=question, by=officer, text="Trước ngày 10/12.", files=[upload("huong-dan.pdf")]
    )
    guidance = guidance_publish(
        question=question,
        by=officer,
        topic="reporting",
        title="Hạn gửi báo cáo năm",
        question_text="Hạn gửi báo cáo năm là ngày nào?",
        answer_text="Trước ngày 10/12 hằng năm.",
        attachments=list(answer.attachments.all()),
        expected_version=NO_GUIDANCE,
    )
    return {
        "question": question.pk,
        "question_file": question.messages.get(from_ministry=False).attachments.get().pk,
        "guidance": guidance.pk,
    }


@pytest.fixture
def hanoi(persona):
    return persona("outsider").unit
