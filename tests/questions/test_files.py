"""Files attached to questions: accepted kinds, size, count and content signature; a bad file changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from lib.errors import DomainError
from questions.files import MAX_BYTES, check_files, safe_name
from questions.models import Attachment, Message, Question, QuestionStatus
from questions.services import question_reply
from tests.questions.conftest import DOCX, JPG, PDF, PNG, XLSX, ask, office, upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name, data, content_type",
    [
        ("cong-van.pdf", PDF, "application/pdf"),
        ("bao-cao.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("so-lieu.XLSX", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("anh.jpg", JPG, "image/jpeg"),
        ("anh.jpeg", JPG, "image/jpeg"),
        ("so-do.png", PNG, "image/png"),
    ],
)
def test_each_accepted_kind_passes_with_its_own_content_type(name, data, content_type):
    (checked,) = check_files([upload(name, data)])
    assert checked.content_type == content_type and checked.data == data and len(checked.sha256) == 64


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("chuong-trinh.exe", b"MZ\x90\x00", "is not an accepted kind of file"),
        ("bang.xls", b"\xd0\xcf\x11\xe0", "is not an accepted kind of file"),
        ("khong-duoi", PDF, "is not an accepted kind of file"),
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "is not a real PDF file"),
        ("anh.png", JPG, "is not a real PNG file"),
        ("anh.jpg", PNG, "is not a real JPG file"),
        ("bang-tinh.docx", XLSX, "is not a real Word (DOCX) file"),
        ("van-ban.xlsx", DOCX, "is not a real Excel (XLSX) file"),
        ("nen.docx", office("other.xml"), "is not a real Word (DOCX) file"),
        ("hong.docx", b"PK\x03\x04 truncated", "is not a real Word (DOCX) file"),
        ("rong.pdf", b"", "is empty"),
    ],
)
def test_a_wrong_kind_or_content_is_refused_naming_the_file(name, data, words):
    with pytest.raises(DomainError) as refused:
        check_files([upload(name, data)])
    assert words in refused.value.message
    assert f"“{safe_name(name)}”" in refused.value.message
    assert refused.value.field == "attachments"


def test_a_file_over_10_mb_is_refused_and_one_of_exactly_10_mb_passes():
    exactly = PDF + b"0" * (MAX_BYTES - len(PDF))
    assert check_files([upload("vua-du.pdf", exactly)])[0].size == MAX_BYTES
    with pytest.raises(DomainError) as refused:
        check_files([upload("qua-lon.pdf", exactly + b"0")])
    assert "“qua-lon.pdf” is larger than 10 MB." in refused.value.message


def test_a_size_that_lies_is_caught_when_reading():
    class Lying(SimpleUploadedFile):
        @property
        def size(self):
            return 10

        @size.setter
        def size(self, value):
            pass

    with pytest.raises(DomainError, match="larger than 10 MB"):
        check_files([Lying("lon.pdf", PDF + b"0" * MAX_BYTES)])


def test_at_most_five_files_a_message():
    assert len(check_files([upload(f"{n}.pdf") for n in range(5)])) == 5
    with pytest.raises(DomainError, match="at most 5 files"):
        check_files([upload(f"{n}.pdf") for n in range(6)])


def test_every_bad_file_is_named_at_once():
    with pytest.raises(DomainError) as refused:
        check_files([upload("tot.pdf"), upload("a.exe", b"MZ"), upload("b.png", PDF)])
    assert "“a.exe”" in refused.value.message and "“b.png”" in refused.value.message
    assert "tot.pdf" not in refused.value.message


@pytest.mark.parametrize(
    "raw, safe",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\lan\\Báo cáo.PDF", "Báo cáo.pdf"),
        ('a"b<c>|d?.pdf', "abcd.pdf"),
        ("tên\r\nContent-Type: x.pdf", "tênContent-Type x.pdf"),
        ("  ..hidden.pdf. ", "hidden.pdf"),
        (".pdf", "pdf"),  # only an extension: refused later, as no accepted kind
        ("x" * 300 + ".docx", "x" * 145 + ".docx"),
        ("Nghi\u0323 quyê\u0301t.pdf", "Nghị quyết.pdf"),  # decomposed accents are composed
    ],
)
def test_names_are_made_safe(raw, safe):
    assert safe_name(raw) == safe
    assert len(safe_name(raw)) <= 150


def test_a_question_with_a_bad_file_is_not_created(persona, tay_ninh):
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        ask(persona, tay_ninh, files=[upload("tot.pdf"), upload("xau.pdf", b"MZ")])
    assert not Question.objects.exists()
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_reply_with_a_bad_file_changes_nothing(persona, tay_ninh):
    question = ask(persona, tay_ninh)
    version, messages = question.lock_version, question.messages.count()
    with pytest.raises(DomainError):
        question_reply(
            question=question,
            by=persona("ministry_officer"),
            text="Trả lời",
            files=[upload("huong-dan.pdf", PDF + b"0" * MAX_BYTES)],
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and question.lock_version == version
    assert question.messages.count() == messages and not question.status_changes.exists()
    assert not AuditEntry.objects.filter(action="question.reply").exists()


def test_files_are_stored_with_their_hash_and_listed_without_their_bytes(persona, tay_ninh):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from questions.selectors import question_thread

    question = ask(persona, tay_ninh, files=[upload("a.pdf"), upload("b.png", PNG)])
    stored = Attachment.objects.get(name="b.png")
    assert bytes(stored.data) == PNG and stored.size == len(PNG) and stored.content_type == "image/png"
    with CaptureQueriesContext(connection) as queries:
        items = question_thread(question)
        names = [a.name for i in items if i.message for a in i.message.attachments.all()]
    assert names == ["a.pdf", "b.png"]
    attachment_queries = [q["sql"] for q in queries.captured_queries if "questions_attachment" in q["sql"]]
    assert attachment_queries and all('"data"' not in sql for sql in attachment_queries)
