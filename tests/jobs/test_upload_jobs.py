"""A large upload runs as a background job: its page follows it, its result lists every error by row and column
(and gives them back beside the rows in Excel), and a job that fails leaves nothing behind."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from audit.models import AuditEntry
from datavalues.views import JOB_ROWS
from jobs.models import Job, JobKind, JobState
from tests.conftest import vi_text
from tests.jobs.conftest import HEADER, csv_file, national_rows, value_count

pytestmark = pytest.mark.django_db


def upload(client, name: str, data: bytes):
    return client.post("/data/upload/", {"file": SimpleUploadedFile(name, data)})


def test_a_large_upload_is_queued_as_a_job_and_its_page_follows_it(
    client_as, django_capture_on_commit_callbacks, run_jobs
):
    rows = national_rows(JOB_ROWS + 500)
    client = client_as("ministry_officer")
    before = value_count()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "lich-su.csv", csv_file(rows))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert (job.kind, job.state, job.total) == (JobKind.IMPORT, JobState.QUEUED, len(rows))
    queued = DBTaskResult.objects.get(id=job.task_id)  # handed to the worker's queue
    assert queued.args_kwargs["args"] == [str(job.pk)]
    assert value_count() == before  # nothing imported by the request itself

    page = client.get(f"/jobs/{job.pk}/")
    assert vi_text("Waiting for a worker") in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()  # the page polls while the job runs

    [job] = run_jobs()
    assert job.state == JobState.DONE
    assert job.result["created"] == len(rows)
    assert value_count() == before + len(rows)
    entries = AuditEntry.objects.filter(action="value.set", context__file="lich-su.csv")
    assert entries.count() == len(rows)
    page = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in page  # finished: the polling stops
    assert "2.500" in page  # the counts, in Vietnamese format


def test_a_small_upload_is_imported_at_once(client_as):
    response = upload(
        client_as("focal"), "mot-dong.csv", (HEADER + "M1.1,numerator,80,2026,total,12\n").encode()
    )
    assert response.status_code == 302 and response.url == "/data/"
    assert not Job.objects.exists()


def test_a_refused_job_lists_every_error_and_gives_them_back_beside_the_rows(
    client_as, django_capture_on_commit_callbacks, run_jobs
):
    rows = national_rows(JOB_ROWS + 10)
    rows[4] = rows[4].rsplit(",", 1)[0] + ",-3"  # file line 6
    rows[100] = "M9.9" + rows[100][rows[100].index(",") :]  # line 102: no such indicator
    client = client_as("ministry_officer")
    before = value_count(), AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "co-loi.csv", csv_file(rows))
    [job] = run_jobs()
    assert job.state == JobState.REFUSED
    assert {(line, column) for line, column, _m in job.result["errors"]} == {(6, "value"), (102, "indicator")}
    assert (value_count(), AuditEntry.objects.count()) == before

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert vi_text("A value cannot be negative.") in page
    assert vi_text("Unknown indicator “%(code)s”.") % {"code": "M9.9"} in page

    response = client.get(f"/jobs/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert len(table) == 1 + len(rows)  # a header, then every row of the file
    by_line = {row[0]: row for row in table[1:]}
    assert by_line[6][-1] == "value: " + vi_text("A value cannot be negative.")
    assert by_line[6][1:7] == tuple(rows[4].split(","))
    assert by_line[7][-1] in (None, "")  # a row without error stays plain


def test_a_job_that_fails_while_writing_leaves_no_value_and_no_audit_entry(
    client_as, django_capture_on_commit_callbacks, run_jobs, monkeypatch
):
    from datavalues import entry

    written = []
    real = entry.log_actions

    def fail_on_second_chunk(entries):
        written.append(len(entries))
        if len(written) == 2:
            raise OSError("disk full")
        return real(entries)

    monkeypatch.setattr(entry, "log_actions", fail_on_second_chunk)
    rows = national_rows(entry.CHUNK + 300)  # two chunks: the first is written before the failure
    client = client_as("ministry_officer")
    before = value_count(), AuditEntry.objects.filter(action="value.set").count()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "hong.csv", csv_file(rows))
    [job] = run_jobs()
    assert written == [entry.CHUNK, 300]
    assert job.state == JobState.FAILED
    assert str(job.pk) in job.message
    assert (value_count(), AuditEntry.objects.filter(action="value.set").count()) == before
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert job.message in page


def test_a_job_is_seen_by_whoever_started_it_only(client_as, persona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_as("ministry_officer"), "lon.csv", csv_file(national_rows(JOB_ROWS + 1)))
    job = Job.objects.get()
    for name in ("ministry_admin", "focal", "outsider"):
        assert client_as(name).get(f"/jobs/{job.pk}/").status_code == 403, name
    assert client_as(name).get(f"/jobs/{job.pk}/errors.xlsx").status_code == 403


def test_a_large_file_without_the_columns_is_refused_at_once(client_as):
    data = ("indicator,part,unit\n" + "M1.1,numerator,80\n" * (JOB_ROWS + 5)).encode()
    response = upload(client_as("focal"), "thieu-cot.csv", data)
    assert response.status_code == 400
    assert vi_text("The column “%(c)s” is missing.") % {"c": "value"} in response.content.decode()
    assert not Job.objects.exists()


def test_progress_is_written_as_the_work_goes(client_as, django_capture_on_commit_callbacks, monkeypatch):
    """Each stage is recorded on the job as it starts, with the rows done so far."""
    from jobs import services

    seen = []
    real = services.Progress.__call__

    def spy(self, stage, done, total=None):
        real(self, stage, done, total)
        job = Job.objects.get(pk=self.job.pk)
        seen.append((job.stage, job.done))

    monkeypatch.setattr(services.Progress, "__call__", spy)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client_as("ministry_officer"), "tien-do.csv", csv_file(national_rows(JOB_ROWS + 1)))
    services.run(str(Job.objects.get().pk))
    stages = [stage for stage, _done in seen]
    assert stages[0] == "reading"
    assert {"reading", "checking", "writing"} <= set(stages)
    assert ("checking", JOB_ROWS + 1) in seen


def test_a_job_whose_worker_stopped_is_marked_failed_instead_of_waiting_for_ever(client_as, persona):
    from datetime import timedelta

    from django.utils import timezone

    from jobs.services import STALE

    job = Job.objects.create(
        kind=JobKind.IMPORT,
        state=JobState.RUNNING,
        stage="writing",
        created_by=persona("focal"),
        name="dung-giua-chung.csv",
        touched_at=timezone.now() - STALE + timedelta(minutes=1),
    )
    client = client_as("focal")
    assert 'hx-trigger="every 1s"' in client.get(f"/jobs/{job.pk}/").content.decode()  # still alive
    Job.objects.filter(pk=job.pk).update(touched_at=timezone.now() - STALE - timedelta(minutes=1))
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "hx-trigger" not in page and job.message in page
