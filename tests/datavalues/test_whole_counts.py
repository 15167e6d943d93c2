"""Issue 16, problem 6: "32,5" was accepted for a count of facilities. M3.4's parts count public social assistance
facilities (``whole_numbers`` in the reference data), so a fraction is refused on every path that writes values,
the grid, a small upload, a large upload's job, the import command and the API, with one message naming the part,
the indicator, what it counts and the value as typed; a rate or an estimate (M2.1) still takes decimals."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.services import api_token_issue
from datavalues.views import JOB_ROWS
from jobs.models import JobState
from tests.datavalues.test_data_views import cell
from tests.datavalues.test_value_checks import state
from tests.jobs.conftest import csv_file, national_rows, run_jobs  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

# the words of the refusal, in Vietnamese, as an officer reads them
REFUSED = "Tử số của M3.4 là số đếm (Số cơ sở trợ giúp xã hội công lập"
NOT_THIS = "phải là số nguyên, không phải 32,5."


def test_problem_6_the_grid_refuses_32_5_facilities_and_keeps_decimals_for_estimates(client_as, tay_ninh):
    """Problem 6: the grid refused nothing when 32,5 facilities were typed; now the cell says why, in Vietnamese."""
    client = client_as("department")  # the Department of Health provides M3.4
    before = state()
    response = cell(client, "M3.4", "numerator", tay_ninh, 2026, "32,5")
    assert response.status_code == 422
    page = response.content.decode()
    assert REFUSED in page and NOT_THIS in page
    assert state() == before
    assert cell(client, "M3.4", "numerator", tay_ninh, 2026, "32").status_code == 200
    assert cell(client_as("focal"), "M2.1", "denominator", tay_ninh, 2026, "120,5").status_code == 200


def test_problem_6_a_small_upload_with_32_5_facilities_is_refused_naming_the_row(client_as):
    """Problem 6 on the Excel/CSV upload: the row and column are named with the same words."""
    before = state()
    data = "indicator,part,unit,year,sex,value\nM3.4,denominator,80,2026,total,40\nM3.4,numerator,80,2026,total,32.5\n"
    response = client_as("focal").post("/data/upload/", {"file": SimpleUploadedFile("cs.csv", data.encode())})
    assert response.status_code == 400
    [(row, column, message)] = response.context["errors"]
    assert (row, column) == (3, "value") and message.startswith(REFUSED) and message.endswith(NOT_THIS)
    assert state() == before


def test_problem_6_a_large_upload_job_refuses_32_5_facilities(
    client_as,
    django_capture_on_commit_callbacks,
    run_jobs,  # noqa: F811
):
    """Problem 6 on the background job of a large upload."""
    rows = national_rows(JOB_ROWS + 5)
    rows.append("M3.4,numerator,80,2026,total,32.5")
    before = state()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("ministry_officer").post(
            "/data/upload/", {"file": SimpleUploadedFile("lon.csv", csv_file(rows))}
        )
    [job] = run_jobs()
    assert job.state == JobState.REFUSED
    [(line, column, message)] = job.result["errors"]
    assert (line, column) == (len(rows) + 1, "value")
    assert message.startswith(REFUSED) and message.endswith(NOT_THIS)
    assert state() == before


def test_problem_6_import_values_refuses_32_5_facilities(tmp_path, capsys):
    """Problem 6 on the exchange import command."""
    path = tmp_path / "cs.csv"
    path.write_text(
        "indicator,part,unit,year,sex,value\nM3.4,numerator,80,2026,total,32.5\n", encoding="utf-8"
    )
    before = state()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_values", str(path), "--as", "focal")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"Dòng 2, cột value: {REFUSED}" in err and NOT_THIS in err
    assert state() == before


def test_problem_6_the_api_refuses_32_5_facilities(client, persona):
    """Problem 6 on the API: 422 with the same words on the value field."""
    token = api_token_issue(user=persona("department"))
    before = state()
    body = {
        "indicator": "M3.4",
        "part": "numerator",
        "unit": "80",
        "year": 2026,
        "value": "32.5",
        "version": 0,
    }
    response = client.post(
        "/api/v1/values",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, response.content
    answer = response.json()
    assert answer["field"] == "value"
    assert answer["detail"].startswith(REFUSED) and answer["detail"].endswith(NOT_THIS)
    assert state() == before
    body["value"] = "32"
    ok = client.post(
        "/api/v1/values",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert ok.status_code in (200, 201), ok.content


def test_problem_6_the_grid_says_before_typing_that_the_parts_are_counts(client_as, tay_ninh):
    """Problem 6: the grid of a count says so before anyone types 32,5 (and asks a numeric keypad); a rate of
    survey estimates does not."""
    counts = client_as("department").get(f"/data/M3.4/2026/?unit={tay_ninh.pk}").content.decode()
    assert "Các thành phần của chỉ tiêu này là số đếm" in counts and 'inputmode="numeric"' in counts
    estimates = client_as("focal").get(f"/data/M2.1/2026/?unit={tay_ninh.pk}").content.decode()
    assert "số đếm" not in estimates and 'inputmode="decimal"' in estimates
