"""Reminders: when they are due (pure), who gets what, and never twice."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from reminders.models import ReminderLog
from reminders.schedule import Occasion, days_phrase, occasions
from reports.services import report_for, report_submit, report_update
from tests.reports.conftest import TEXTS

DEADLINES = {("report", 2026): date(2026, 12, 10), ("plan", 2026): date(2026, 3, 31)}


@pytest.mark.parametrize(
    "today,expected",
    [
        (date(2026, 11, 26), [("report", 14)]),
        (date(2026, 11, 27), [("report", 14)]),  # the scheduler missed a day: caught up
        (date(2026, 11, 28), [("report", 14)]),
        (date(2026, 11, 29), []),  # beyond the grace days
        (date(2026, 12, 3), [("report", 7)]),
        (date(2026, 12, 10), [("report", 0)]),
        (date(2026, 12, 11), [("report", -1)]),
        (date(2026, 12, 17), [("report", -7)]),
        (date(2026, 12, 18), [("report", -7)]),
        (date(2026, 3, 31), [("plan", 0)]),
        (date(2026, 6, 1), []),
    ],
)
def test_reminder_days(today, expected):
    assert [(o.kind, o.offset) for o in occasions(today, DEADLINES)] == expected


def test_only_the_latest_of_several_missed_reminder_days_counts():
    found = occasions(date(2026, 12, 10), {("report", 2026): date(2026, 12, 10)}, grace=5)
    assert [(o.offset, o.day) for o in found] == [(0, date(2026, 12, 10))]


def test_how_the_remaining_time_is_said():
    deadline = date(2026, 12, 10)
    assert days_phrase(Occasion("report", 2026, deadline, 3)) == "còn 3 ngày"
    assert days_phrase(Occasion("report", 2026, deadline, 0)) == "hôm nay là hạn cuối"
    assert days_phrase(Occasion("report", 2026, deadline, -7)) == "đã quá hạn 7 ngày"


def _run(day: str, *extra) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", day, *extra, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_run_twice_on_the_same_day_each_reminder_goes_once(persona):
    _run("2026-12-03")
    first = len(mail.outbox)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "department@example.invalid" in recipients and "focal@example.invalid" in recipients
    assert "outsider@example.invalid" in recipients  # Hà Nội owes figures too
    assert (
        "ministry_officer@example.invalid" not in recipients
        and "province_viewer@example.invalid" not in recipients
    )
    output = _run("2026-12-03")
    assert len(mail.outbox) == first == ReminderLog.objects.count()
    assert f"{first} thư đã gửi trước đó" in output
    # the next morning is within the grace days of the same reminder: still nothing new
    _run("2026-12-04")
    assert len(mail.outbox) == first


@pytest.mark.django_db
def test_the_department_officer_is_told_what_is_missing_and_the_focal_officer_gets_a_digest(persona):
    _run("2026-12-03")
    department = next(m for m in mail.outbox if m.to == ["department@example.invalid"])
    assert "còn 7 ngày" in department.subject
    assert "ngày 10 tháng 12 năm 2026" in department.body
    assert "M4.1" in department.body  # the Health department provides the sex ratio at birth
    digest = next(m for m in mail.outbox if m.to == ["focal@example.invalid"])
    assert "Sở Y tế" in digest.body and "Báo cáo năm 2026 chưa gửi Bộ Nội vụ" in digest.body
    assert "/reports/80/annual/2026/" in digest.body


@pytest.mark.django_db
def test_nobody_is_reminded_of_what_is_done(persona, tay_ninh):
    report = report_update(
        report=report_for(unit=tay_ninh, kind="annual", year=2026), by=persona("focal"), data=TEXTS
    )
    report_submit(report=report, by=persona("focal"))
    _run("2026-12-03")
    digest = next(m for m in mail.outbox if m.to == ["focal@example.invalid"])
    assert "Báo cáo năm 2026" not in digest.body  # sent
    other = next(m for m in mail.outbox if m.to == ["outsider@example.invalid"])
    assert "Báo cáo năm 2026 chưa gửi" in other.body  # Hà Nội has not


@pytest.mark.django_db
def test_the_annual_plan_reminder(persona):
    _run("2026-03-31")
    digest = next(m for m in mail.outbox if m.to == ["focal@example.invalid"])
    assert "Kế hoạch bình đẳng giới năm 2026 chưa ban hành" in digest.body
    assert "hôm nay là hạn cuối" in digest.body
    assert not any(m.to == ["department@example.invalid"] for m in mail.outbox)  # figures are not due yet


@pytest.mark.django_db
def test_a_dry_run_sends_nothing_and_people_without_e_mail_are_named(persona):
    user = persona("department")
    user.email = ""
    user.save(update_fields=["email"])
    output = _run("2026-12-03", "--dry-run")
    assert not mail.outbox and not ReminderLog.objects.exists()
    assert "chạy thử" in output and "department" in output.split("Không có địa chỉ e-mail")[1]


@pytest.mark.django_db
def test_a_given_connection_is_used(persona):
    from django.core.mail import get_connection

    from reminders.services import send_reminders

    class Counting(get_connection("django.core.mail.backends.locmem.EmailBackend").__class__):
        sent = 0

        def send_messages(self, messages):
            Counting.sent += len(messages)
            return len(messages)

    outcome = send_reminders(today=date(2026, 12, 3), connection=Counting())
    assert Counting.sent == len(outcome.sent) > 0 and not mail.outbox
