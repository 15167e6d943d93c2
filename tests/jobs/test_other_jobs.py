"""The national consolidation's document and the daily reminders run as jobs too."""

from datetime import date, datetime

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from jobs.models import Job, JobKind, JobState
from jobs.services import schedule_reminders

pytestmark = pytest.mark.django_db


def test_the_national_consolidation_docx_is_made_by_a_job(
    client_as, django_capture_on_commit_callbacks, run_jobs
):
    client = client_as("ministry_officer")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/reports/VN/annual/2026/download.docx")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.kind == JobKind.DOCUMENT
    [job] = run_jobs()
    assert job.state == JobState.DONE, job.message
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/file" in page
    response = client.get(f"/jobs/{job.pk}/file")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Disposition"] == f'attachment; filename="{job.output_name}"'
    assert job.output_name == "bao-cao-bdg-annual-VN-2026-du-thao.docx"


def test_a_provinces_draft_is_still_made_at_once(client_as):
    response = client_as("focal").get("/reports/80/annual/2026/download.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not Job.objects.exists()


def test_a_province_cannot_start_the_national_document(client_as):
    assert client_as("focal").get("/reports/VN/annual/2026/download.docx").status_code == 403
    assert not Job.objects.exists()


def test_the_reminders_job_sends_what_is_due_and_queues_the_next_morning(
    monkeypatch, django_capture_on_commit_callbacks, run_jobs
):
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        first = schedule_reminders()
        assert schedule_reminders() is None  # one pending at a time
    first.refresh_from_db()
    task = DBTaskResult.objects.get(id=first.task_id)
    local = timezone.localtime(task.run_after)
    assert (local.hour, local.minute) == (7, 0) and local > timezone.localtime()

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 12, 3))
    with django_capture_on_commit_callbacks(execute=True):
        [done] = run_jobs()
    assert done.state == JobState.DONE and done.result["sent"] == len(mail.outbox) > 0
    following = Job.objects.get(kind=JobKind.REMINDERS, state=JobState.QUEUED)
    assert DBTaskResult.objects.get(id=following.task_id).run_after > datetime.now(tz=local.tzinfo)
