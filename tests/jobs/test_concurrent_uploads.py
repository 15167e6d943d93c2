"""A 100,000-row upload runs in the worker (the real ``db_worker`` loop, in a thread) while people go on working:
its progress shows on its page as it goes, and a second upload made meanwhile is imported too."""

import re
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from accounts.models import User
from audit.models import AuditEntry
from datavalues.models import DataValue
from jobs.models import Job, JobState
from lib.numbers import format_number
from tests.conftest import load_reference_and_personas, vi_text
from tests.jobs.conftest import HEADER, csv_file, national_rows

pytestmark = [pytest.mark.slow, pytest.mark.concurrent]

ROWS = 100_000


def worker(errors: list) -> None:
    from django_tasks_db.management.commands.db_worker import Worker

    try:
        Worker(
            queue_names=["default"],
            interval=0.1,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=1,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
    finally:
        connection.close()


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_100000_row_upload_runs_as_a_job_while_a_second_upload_goes_through(transactional_db):
    load_reference_and_personas()
    ministry, focal = signed_in("ministry_officer"), signed_in("focal")
    rows = national_rows(ROWS, skip_province="80")
    response = ministry.post("/data/upload/", {"file": SimpleUploadedFile("toan-quoc.csv", csv_file(rows))})
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"

    errors: list = []
    thread = threading.Thread(target=worker, args=(errors,))
    thread.start()
    seen: list[tuple[str, int]] = []
    second = None
    shown = False
    before, after = (
        vi_text("%(done)s of %(total)s rows") % {"done": "\0", "total": format_number(ROWS)}
    ).split("\0")
    rows_done = re.compile(re.escape(before) + r"[1-9][\d.]*" + re.escape(after))  # "5.000/100.000 dòng"
    deadline = time.monotonic() + 600
    while thread.is_alive() and time.monotonic() < deadline:
        page = ministry.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"})
        assert page.status_code == 200
        state = Job.objects.values_list("state", "stage", "done").get(pk=job.pk)
        if state[0] == JobState.RUNNING:
            seen.append((state[1], state[2]))
            shown = shown or bool(rows_done.search(page.content.decode()))
            if second is None and state[2] > 0:
                # while the job runs: a small upload by someone else, imported at once
                small = HEADER + "M1.1,numerator,80,2026,total,37\nM1.1,denominator,80,2026,total,90\n"
                second = focal.post("/data/upload/", {"file": SimpleUploadedFile("nho.csv", small.encode())})
        time.sleep(0.2)
    thread.join(timeout=5)
    assert not errors, errors
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.message
    assert job.result["created"] == ROWS
    assert DataValue.objects.filter(year=2026, unit__level="commune").count() == ROWS
    assert AuditEntry.objects.filter(action="value.set", context__file="toan-quoc.csv").count() == ROWS

    assert second is not None, f"the job finished before the second upload could be made: {seen}"
    assert second.status_code == 302 and second.url == "/data/"
    assert DataValue.objects.filter(unit__code="80", year=2026, series__indicator__code="M1.1").count() == 2
    # progress was visible while it ran: the page showed it move (rows counted, stage after stage)
    assert len(set(seen)) >= 2, seen
    assert {stage for stage, _done in seen} & {"reading", "checking"}, seen
    assert all(0 <= done <= ROWS for _stage, done in seen), seen
    assert shown, "the page never showed the rows done"
