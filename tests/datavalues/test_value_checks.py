"""The indicator's own value checks (issue 15, data quality) are asked on every path that writes values: the grid
cell, an uploaded file, the exchange import command and the API. M4.2 (maternal deaths per 100,000 live births)
counts deaths among the births, so deaths above births are refused; its parts count people, so 12.5 is refused."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.services import api_token_issue
from audit.models import AuditEntry
from datavalues.models import DataValue
from indicators.models import Indicator
from indicators.services import indicator_update
from tests.conftest import vi_text
from tests.datavalues.conftest import enter
from tests.datavalues.test_data_views import cell

pytestmark = pytest.mark.django_db

HEADER = "indicator,part,unit,year,sex,value\n"
DEATHS_ABOVE_BIRTHS = HEADER + "M4.2,denominator,80,2026,total,20000\nM4.2,numerator,80,2026,total,30000\n"


def state():
    """Every stored value and every value audit entry, to show a refusal changed nothing."""
    values = sorted(
        DataValue.objects.values_list("series__indicator__code", "part", "unit_id", "sex", "value")
    )
    return values, AuditEntry.objects.filter(action__startswith="value.").count()


def test_the_reference_data_says_which_numerators_lie_within_their_denominators():
    flags = {
        i.code: (i.part_of_whole, i.whole_numbers, i.value_min, i.value_max) for i in Indicator.objects.all()
    }
    assert flags["M4.2"] == (True, True, None, None)  # deaths among live births, people counted
    assert flags["M2.3"] == (True, True, None, None)  # a share
    assert flags["M4.1"][0] is False  # boys per 100 girls: two separate counts, boys can outnumber girls
    assert flags["M3.1"][:2] == (False, False)  # a ratio of mean hours
    assert flags["M2.1"][1] is False  # Labour Force Survey estimates are weighted, not whole
    # the ministry set no valid range in the reference facts: none is invented
    assert all(low is None and high is None for _p, _w, low, high in flags.values())


def test_the_grid_refuses_deaths_above_births_whichever_part_is_saved_first(client_as, tay_ninh):
    client = client_as("focal")
    assert cell(client, "M4.2", "denominator", tay_ninh, 2026, "20000").status_code == 200
    before = state()
    response = cell(client, "M4.2", "numerator", tay_ninh, 2026, "30000")
    assert response.status_code == 422
    assert (
        vi_text("The numerator (%(n)s) is larger than the denominator (%(d)s).")
        % {
            "n": "30.000",
            "d": "20.000",
        }
        in response.content.decode()
    )
    assert state() == before
    # the other order: the numerator stored first, then a denominator below it, checked against the stored one
    assert cell(client, "M4.2", "numerator", tay_ninh, 2026, "9").status_code == 200
    before = state()
    assert cell(client, "M4.2", "denominator", tay_ninh, 2026, "8").status_code == 422
    assert state() == before
    assert cell(client, "M4.2", "denominator", tay_ninh, 2026, "21000").status_code == 200


def test_the_grid_refuses_a_fraction_of_a_person_and_keeps_survey_estimates(client_as, tay_ninh):
    client = client_as("focal")
    before = state()
    response = cell(client, "M4.2", "denominator", tay_ninh, 2026, "12,5")
    assert response.status_code == 422
    assert "M4.2" in response.content.decode() and state() == before
    assert (
        cell(client, "M2.1", "denominator", tay_ninh, 2026, "120,5").status_code == 200
    )  # weighted estimate


def test_boys_may_outnumber_girls(client_as, tay_ninh):
    client = client_as("department")
    assert cell(client, "M4.1", "denominator", tay_ninh, 2026, "1000").status_code == 200
    assert cell(client, "M4.1", "numerator", tay_ninh, 2026, "1120").status_code == 200


def test_an_upload_with_deaths_above_births_is_refused_naming_the_row(client_as):
    before = state()
    upload = SimpleUploadedFile("so-lieu.csv", DEATHS_ABOVE_BIRTHS.encode())
    response = client_as("focal").post("/data/upload/", {"file": upload})
    assert response.status_code == 400
    errors = response.context["errors"]
    # both rows of the pair are named, each with the two figures
    assert [(row, column) for row, column, _m in errors] == [(2, "value"), (3, "value")]
    assert all("30.000" in message and "20.000" in message for _r, _c, message in errors)
    assert state() == before


def test_import_values_exits_1_naming_the_row_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "m42.csv"
    path.write_text(DEATHS_ABOVE_BIRTHS + "M4.2,numerator,01,2026,total,7.5\n", encoding="utf-8")
    before = state()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_values", str(path), "--as", "focal")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "Dòng 3, cột value: Tử số (30.000) lớn hơn mẫu số (20.000)." in err
    assert "Dòng 4, cột unit" in err  # Hà Nội is outside the focal officer's scope
    assert state() == before
    # the server's administrator, who may write anywhere, is told about the half person
    path.write_text(HEADER + "M4.2,numerator,01,2026,total,7.5\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import_values", str(path))
    assert "Dòng 2, cột value: Tử số của M4.2 là số đếm (" in capsys.readouterr().err
    assert state() == before


def test_the_api_refuses_deaths_above_births_with_the_message(client, persona, tay_ninh):
    enter("M4.2", "denominator", tay_ninh, 2026, "20000")
    before = state()
    token = api_token_issue(user=persona("focal"))
    body = {
        "indicator": "M4.2",
        "part": "numerator",
        "unit": "80",
        "year": 2026,
        "value": "30000",
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
    assert answer["detail"] == "Tử số (30.000) lớn hơn mẫu số (20.000).", answer
    assert state() == before


def test_a_range_the_ministry_sets_is_checked_on_entry(persona, tay_ninh, client_as):
    m31 = Indicator.objects.get(code="M3.1")
    indicator_update(
        indicator=m31,
        by=persona("ministry_admin"),
        data={"value_min": Decimal("0.1"), "value_max": Decimal("168")},  # the hours in a week
        expected_version=m31.lock_version,
    )
    before = state()
    response = cell(client_as("focal"), "M3.1", "numerator", tay_ninh, 2026, "200")
    assert response.status_code == 422
    assert (
        vi_text("%(value)s is outside the valid range of indicator %(code)s (%(low)s to %(high)s).")
        % {
            "value": "200",
            "code": "M3.1",
            "low": "0,1",
            "high": "168",
        }
        in response.content.decode()
    )
    assert state() == before
    assert cell(client_as("focal"), "M3.1", "numerator", tay_ninh, 2026, "20,5").status_code == 200


def test_a_local_percentage_keeps_its_numerator_within_its_denominator(client_as, persona, tay_ninh):
    from plans.services import local_indicator_create

    kh = local_indicator_create(province=tay_ninh, by=persona("focal"), template="ethnic_vocational")
    assert kh.unit_label == "%" and kh.part_of_whole
    client = client_as("focal")
    assert cell(client, kh.code, "denominator", tay_ninh, 2026, "40").status_code == 200
    before = state()
    assert cell(client, kh.code, "numerator", tay_ninh, 2026, "41").status_code == 422
    assert state() == before


def test_a_large_upload_run_as_a_job_refuses_deaths_above_births_naming_the_rows(
    client_as, django_capture_on_commit_callbacks
):
    from datavalues.views import JOB_ROWS
    from jobs.models import Job, JobState
    from jobs.services import run
    from tests.jobs.conftest import csv_file, national_rows

    rows = national_rows(JOB_ROWS + 10)
    rows += ["M4.2,denominator,80,2026,total,20000", "M4.2,numerator,80,2026,total,30000"]
    before = state()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("ministry_officer").post(
            "/data/upload/", {"file": SimpleUploadedFile("lon.csv", csv_file(rows))}
        )
    job = Job.objects.get()
    assert response.url == f"/jobs/{job.pk}/"
    run(str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.REFUSED, job.state
    last = len(rows) + 1  # the header is row 1
    assert [(line, column) for line, column, _m in job.result["errors"]] == [
        (last - 1, "value"),
        (last, "value"),
    ]
    assert state() == before


def test_an_unknown_part_is_refused_naming_the_parts_there_are_in_words(client_as):
    """Issue 16, problem 1: the refusal listed the parts as raw English codes ("denominator, numerator"); it keeps
    the codes a file writes and names each in Vietnamese."""
    before = state()
    upload = SimpleUploadedFile("so-lieu.csv", (HEADER + "M4.2,value,80,2026,total,3\n").encode())
    response = client_as("focal").post("/data/upload/", {"file": upload})
    assert response.status_code == 400
    [(row, column, message)] = response.context["errors"]
    assert (row, column) == (2, "part")
    assert message == (
        "Chỉ tiêu M4.2 không có thành phần “value”; các thành phần hiện có: denominator (Mẫu số), numerator (Tử số)."
    )
    assert state() == before
