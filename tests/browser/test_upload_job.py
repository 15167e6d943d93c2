"""A large upload through the page: the job's page shows it waiting, follows it while the worker runs it (the real
worker loop, in a thread beside the live server) and ends on the counts."""

import threading

import pytest

from datavalues.views import JOB_ROWS
from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in
from tests.browser.test_value_history import upload_through_the_page
from tests.conftest import vi_text
from tests.jobs.conftest import csv_file, national_rows
from tests.jobs.test_concurrent_uploads import worker


@pytest.mark.browser
def test_a_large_upload_shows_its_progress_then_its_result(page):
    rows = national_rows(JOB_ROWS + 500, province="80")
    log_in(page, "focal")
    upload_through_the_page(page, "ca-tinh.csv", csv_file(rows))
    page.wait_for_url("**/jobs/*/")
    page.get_by_text(vi_text("Waiting for a worker"), exact=True).wait_for()
    assert page.locator("progress.job-bar").count() == 1
    shoot(page, "vi-focal-upload-job-waiting")

    errors: list = []
    thread = threading.Thread(target=worker, args=(errors,))
    thread.start()
    thread.join(timeout=120)
    assert not errors, errors
    done = vi_text("%(rows)s rows imported: %(new)s new, %(changed)s updated, %(same)s unchanged.") % {
        "rows": "2.500",
        "new": "2.500",
        "changed": "0",
        "same": "0",
    }
    page.get_by_text(done).wait_for(timeout=10_000)  # the page polls by itself until the job ends
    assert page.locator("progress.job-bar").count() == 0
    shoot(page, "vi-focal-upload-job-done")
