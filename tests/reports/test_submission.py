"""Submitting freezes a copy; corrections list what changed; the ministry accepts or returns, once."""

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, transaction

from audit.models import AuditEntry
from lib.errors import DomainError
from reports.models import FrozenSubmissionError, Submission, SubmissionStatus
from reports.services import cycle_set, report_for, report_submit, report_update, submission_decide
from tests.datavalues.conftest import enter

pytestmark = pytest.mark.django_db
# the trigger, or (as the application's restricted role) the missing privilege
REFUSED = "a submitted copy cannot|permission denied"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_submitting_freezes_the_figures_and_the_document_with_its_hash(annual_report, persona):
    submission = report_submit(report=annual_report, by=persona("focal"))
    assert submission.number == 1 and submission.status == SubmissionStatus.SUBMITTED
    assert submission.sha256 == hashlib.sha256(submission.document_bytes).hexdigest()
    m21 = next(r for r in submission.snapshot["indicators"] if r["code"] == "M2.1")
    assert m21["values"] == {"2025": "45", "2026": "45.5"}
    assert submission.snapshot["narrative"]["recommendations"].startswith("Đề nghị Bộ Nội vụ")
    assert AuditEntry.objects.filter(action="report.submit", object_id=str(submission.pk)).exists()


def test_changing_a_value_after_submission_does_not_change_the_submitted_copy(
    annual_report, persona, tay_ninh
):
    submission = report_submit(report=annual_report, by=persona("focal"))
    document, snapshot, digest = submission.document_bytes, submission.snapshot, submission.sha256
    enter("M2.1", "numerator", tay_ninh, 2026, 300)
    report_update(report=annual_report, by=persona("focal"), data={"achievements": "Viết lại."})
    stored = Submission.objects.get(pk=submission.pk)
    assert stored.document_bytes == document and stored.sha256 == digest
    assert stored.snapshot == snapshot
    assert hashlib.sha256(stored.document_bytes).hexdigest() == digest


def test_a_submitted_copy_cannot_be_changed_or_deleted_by_any_code(annual_report, persona):
    submission = report_submit(report=annual_report, by=persona("focal"))
    submission.snapshot = {"forged": True}
    with pytest.raises(FrozenSubmissionError):
        submission.save()
    with pytest.raises(FrozenSubmissionError):
        Submission.objects.get(pk=submission.pk).delete()
    # the database refuses it too, whatever code issues the UPDATE
    with pytest.raises(DatabaseError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(docx=b"forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(sha256="0" * 64)
    assert Submission.objects.get(pk=submission.pk).sha256 == submission.sha256


def test_a_correction_needs_a_reason_and_lists_the_changed_figures(annual_report, persona, tay_ninh):
    focal = persona("focal")
    first = report_submit(report=annual_report, by=focal)
    enter("M2.1", "numerator", tay_ninh, 2026, 282)
    with pytest.raises(DomainError) as refused:
        report_submit(report=annual_report, by=focal)
    assert refused.value.field == "reason"
    second = report_submit(report=annual_report, by=focal, reason="Sửa số lao động nữ làm công hưởng lương.")
    assert second.number == 2
    changed = {c["figure"]: (c["before"], c["after"]) for c in second.changes}
    assert changed["M2.1 · 2026"] == ("45.5", "47")
    assert changed["M2.1 · Số lao động nữ làm công hưởng lương · Tổng số · 2026"] == ("273", "282")
    assert "M2.1 · 2025" not in changed and not any(k.startswith("M3.2a") for k in changed)
    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUPERSEDED


def test_on_time_or_late_against_the_cycles_deadline(annual_report, persona):
    cycle_set(year=2026, deadline=date(2026, 12, 5), by=persona("ministry_admin"))
    first = report_submit(
        report=annual_report, by=persona("focal"), at=datetime(2026, 12, 5, 23, 0, tzinfo=HCM)
    )
    assert first.on_time and first.deadline == date(2026, 12, 5)
    late = report_submit(
        report=annual_report,
        by=persona("focal"),
        reason="Bổ sung.",
        at=datetime(2026, 12, 6, 8, 0, tzinfo=HCM),
    )
    assert not late.on_time
    assert late.snapshot["date"] == "2026-12-06"


def test_an_unfinished_report_is_not_sent(tay_ninh_figures, persona):
    report = report_for(unit=tay_ninh_figures, kind="annual", year=2026)
    with pytest.raises(DomainError, match="recommendations|kiến nghị|Kiến nghị"):
        report_submit(report=report, by=persona("focal"))
    assert not Submission.objects.exists()


def test_the_ministry_returns_with_a_reason_then_accepts_the_correction(annual_report, persona):
    ministry = persona("ministry_officer")
    first = report_submit(report=annual_report, by=persona("focal"))
    with pytest.raises(DomainError):
        submission_decide(submission=first, by=ministry, accept=False, reason="  ")
    submission_decide(submission=first, by=ministry, accept=False, reason="Thiếu số liệu M3.2a theo giới.")
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RETURNED and first.decided_by == ministry
    with pytest.raises(DomainError):  # decided once
        submission_decide(submission=first, by=ministry, accept=True)
    second = report_submit(report=annual_report, by=persona("focal"), reason="Bổ sung số liệu theo giới.")
    submission_decide(submission=second, by=ministry, accept=True)
    second.refresh_from_db()
    assert second.status == SubmissionStatus.ACCEPTED
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RETURNED  # the history stays as it was
    assert AuditEntry.objects.filter(action="report.return", reason__contains="M3.2a").exists()


def test_reviews_have_fixed_years(tay_ninh):
    assert report_for(unit=tay_ninh, kind="midterm", year=2025).year == 2025
    with pytest.raises(DomainError):
        report_for(unit=tay_ninh, kind="final", year=2026)
    with pytest.raises(DomainError):
        report_for(unit=tay_ninh, kind="weekly", year=2026)


def test_two_people_saving_the_texts_do_not_overwrite_each_other(annual_report, persona):
    opened = annual_report.lock_version
    report_update(report=annual_report, by=persona("focal"), data={"causes": "A"}, expected_version=opened)
    with pytest.raises(DomainError):
        report_update(
            report=annual_report, by=persona("focal"), data={"causes": "B"}, expected_version=opened
        )
    annual_report.refresh_from_db()
    assert annual_report.causes == "A"


def test_a_correction_the_ministry_asked_for_does_not_make_the_report_late(annual_report, persona):
    focal, ministry = persona("focal"), persona("ministry_officer")
    first = report_submit(report=annual_report, by=focal, at=datetime(2026, 12, 9, 9, 0, tzinfo=HCM))
    submission_decide(submission=first, by=ministry, accept=False, reason="Bổ sung kết quả kiểm tra.")
    second = report_submit(
        report=annual_report, by=focal, reason="Đã bổ sung.", at=datetime(2026, 12, 15, 9, 0, tzinfo=HCM)
    )
    assert second.on_time
    # a correction nobody asked for, after the deadline, is late
    third = report_submit(
        report=annual_report,
        by=focal,
        reason="Sửa lỗi chính tả.",
        at=datetime(2026, 12, 16, 9, 0, tzinfo=HCM),
    )
    assert not third.on_time


def submissions_digest():
    from django.db import connection

    from ops.backup import fingerprints

    connection.ensure_connection()
    return fingerprints(connection.connection, connection.vendor)["reports_submission"]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM reports_submission WHERE id = %s",
        "DELETE FROM reports_submission WHERE id >= %s OR id < %s",
        "UPDATE reports_submission SET snapshot = '{}' WHERE id = %s",
        "UPDATE reports_submission SET sha256 = 'forged', docx = docx WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_deletes_and_updates_of_a_submitted_copy(annual_report, persona, statement):
    from django.db import connection

    submission = report_submit(report=annual_report, by=persona("focal"))
    before = submissions_digest()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [submission.pk] * statement.count("%s"))
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        rows = Submission.objects.filter(pk=submission.pk)
        rows._raw_delete(rows.db)
    assert submissions_digest() == before
    # the ministry's decision is the one thing written later
    submission_decide(submission=submission, by=persona("ministry_officer"), accept=True)
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.ACCEPTED
