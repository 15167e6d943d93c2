"""The report pages: who may write, send and decide; what the page shows."""

import hashlib

import pytest

from reports.models import Report, Submission, SubmissionStatus
from tests.reports.conftest import TEXTS

pytestmark = pytest.mark.django_db
URL = "/reports/80/annual/2026/"


def _texts(lock_version: int) -> dict:
    return TEXTS | {"lock_version": lock_version}


def test_the_focal_officer_writes_sends_and_the_ministry_returns_then_accepts(
    client, persona, tay_ninh_figures
):
    client.force_login(persona("focal"))
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["problems"]  # nothing written yet: cannot be sent
    assert client.post(URL + "edit/", _texts(0)).status_code == 302
    report = Report.objects.get(unit=tay_ninh_figures, kind="annual", year=2026)
    assert report.recommendations == TEXTS["recommendations"]
    assert client.post(URL + "submit/").status_code == 302
    first = Submission.objects.get(report=report)

    client.force_login(persona("ministry_officer"))
    inbox = client.get("/reports/?year=2026")
    assert inbox.context["counts"]["submitted"] == 1 and inbox.context["counts"]["waiting"] == 1
    response = client.post(f"/submissions/{first.pk}/decide/", {"decision": "return", "reason": ""})
    first.refresh_from_db()
    assert response.status_code == 302 and first.status == SubmissionStatus.SUBMITTED  # a reason is needed
    client.post(
        f"/submissions/{first.pk}/decide/", {"decision": "return", "reason": "Bổ sung phần kiểm tra."}
    )
    first.refresh_from_db()
    assert first.status == SubmissionStatus.RETURNED

    client.force_login(persona("focal"))
    page = client.get(URL)
    assert "Bổ sung phần kiểm tra." in page.content.decode()
    client.post(URL + "submit/", {"reason": "Đã bổ sung phần kiểm tra."})
    second = Submission.objects.get(report=report, number=2)

    client.force_login(persona("ministry_officer"))
    client.post(f"/submissions/{second.pk}/decide/", {"decision": "accept", "reason": ""})
    second.refresh_from_db()
    assert second.status == SubmissionStatus.ACCEPTED


def test_only_the_focal_officer_writes_and_sends(client, persona, tay_ninh_figures):
    for who in ("department", "province_viewer", "ministry_officer", "outsider"):
        client.force_login(persona(who))
        assert client.post(URL + "edit/", _texts(0)).status_code == 403, who
        assert client.post(URL + "submit/").status_code == 403, who
    assert not Report.objects.filter(recommendations__gt="").exists()
    client.force_login(persona("department"))
    page = client.get(URL)
    assert page.status_code == 200 and page.context["form"] is None


def test_a_province_cannot_decide_and_cannot_read_the_national_report(client, persona, annual_report):
    from reports.services import report_submit

    submission = report_submit(report=annual_report, by=persona("focal"))
    client.force_login(persona("focal"))
    assert client.post(f"/submissions/{submission.pk}/decide/", {"decision": "accept"}).status_code == 403
    assert client.get("/reports/VN/annual/2026/").status_code == 403
    client.force_login(persona("outsider"))
    assert client.get(f"/submissions/{submission.pk}/download.docx").status_code == 403


def test_a_stale_form_does_not_overwrite_a_colleagues_texts(client, persona, annual_report):
    client.force_login(persona("focal"))
    stale = annual_report.lock_version - 1
    client.post(URL + "edit/", _texts(stale) | {"causes": "Bản cũ"})
    annual_report.refresh_from_db()
    assert annual_report.causes == TEXTS["causes"]


def test_the_submitted_docx_is_downloaded_as_it_was_frozen(client, persona, annual_report):
    from reports.services import report_submit

    submission = report_submit(report=annual_report, by=persona("focal"))
    client.force_login(persona("ministry_viewer"))
    response = client.get(f"/submissions/{submission.pk}/download.docx")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == submission.sha256 == response["X-Content-SHA256"]
    xlsx = client.get(f"/submissions/{submission.pk}/download.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_page_shows_each_status_with_its_inputs(client, persona, annual_report):
    client.force_login(persona("focal"))
    page = client.get(URL)
    html = page.content.decode()
    m21 = next(r for r in page.context["snapshot"]["indicators"] if r["code"] == "M2.1")
    assert m21["status"]["status"] == "limited"
    assert m21["status"]["inputs"]["t0"] == 2025 and m21["status"]["inputs"]["tc"] == 2026
    assert "45,5" in html and "data-indicator-charts" in html
    assert html.count("<details>") >= 1


def test_the_ministry_consolidation_page(client, persona, annual_report):
    client.force_login(persona("ministry_officer"))
    page = client.get("/reports/VN/annual/2026/")
    assert page.status_code == 200
    assert len(page.context["snapshot"]["provinces"]) == 34
    assert page.context["can_submit"] is False
