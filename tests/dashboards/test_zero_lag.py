"""No lag between a save and what the pages show: the pages keep what they compute (roll-ups, reference data) in
caches, and a value saved from the grid appears on the very next request to the dashboard, the cockpit and the
report page, however warm their caches were. Runs on SQLite and PostgreSQL alike (``make test`` runs both)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from datavalues import rollup_cache
from tests.conftest import vi_text
from tests.datavalues.test_data_views import shown_version

pytestmark = pytest.mark.django_db


def commit_pending() -> None:
    """The fixtures' writes are still uncommitted in the test's transaction, and a transaction that wrote reads
    around the caches: run what their commit would (new tokens), so that the pages use their caches."""
    for _sid, callback, _robust in list(connection.run_on_commit):
        callback()
    assert not rollup_cache.writing()


def _html_row(response, attribute: str, value: str) -> str:
    """The text of the table row marked ``attribute="value"`` in the page as sent (what the reader sees)."""
    html = response.content.decode()
    start = html.index(f'{attribute}="{value}"')
    return vi_text(re.sub(r"<[^>]+>", " ", html[start : html.index("</tr>", start)]))


def _row(response, code: str):
    return next(r for r in response.context["rows"] if r.indicator.code == code)


def _entered(cockpit, province) -> int:
    return next(r.data.entered for r in cockpit.context["data"]["rows"] if r.province.pk == province.pk)


def _save(client, code: str, part: str, unit, value) -> None:
    response = client.post(
        "/data/cell/",
        {
            "indicator": code,
            "part": part,
            "unit": unit.pk,
            "year": 2026,
            "sex": "total",
            "value": value,
            "version": shown_version(code, part, unit, 2026),
        },
    )
    assert response.status_code == 200, response.content.decode()[:300]


def test_a_saved_value_shows_at_once_on_the_dashboard_the_cockpit_and_the_report(
    client_as, persona, m21_history, django_capture_on_commit_callbacks
):
    tay_ninh = m21_history
    focal, ministry = client_as("focal"), client_as("ministry_officer")
    other = (
        Client()
    )  # someone else of the province, who saw nothing before: a different session, the same caches
    other.force_login(persona("province_viewer"))

    def pages():
        return (
            focal.get("/dashboard/"),
            ministry.get("/dashboard/"),
            ministry.get("/cockpit/?year=2026"),
            focal.get("/reports/80/annual/2026/"),
        )

    commit_pending()
    # every page seen twice first, so whatever they keep is kept
    pages()
    dashboard, national, cockpit, report = pages()
    assert _row(dashboard, "M2.1").progress["value"] == 48  # 192 / 400
    assert _row(national, "M2.1").progress["value"] == 48
    assert " 48 " in _html_row(dashboard, "data-indicator", "M2.1")
    assert " 48 " in _html_row(national, "data-indicator", "M2.1")
    entered = _entered(cockpit, tay_ninh)
    assert f"({entered}/" in _html_row(cockpit, "data-province", "80").replace(" ", "")
    assert any(":rollup:" in key for key in cache._cache)  # the roll-ups the pages computed are kept
    assert "đến 48 năm 2026" in vi_text(report.content.decode())  # the assessment of M2.1 in words

    with django_capture_on_commit_callbacks(execute=True):  # the save commits as it does in production
        _save(focal, "M2.1", "numerator", tay_ninh, "240")  # 240 / 400 = 60 %
        _save(focal, "M2.2", "numerator", tay_ninh, "7")  # a cell that was empty: the cockpit counts it

    dashboard, national, cockpit, report = pages()
    assert _row(dashboard, "M2.1").progress["value"] == 60
    assert _row(national, "M2.1").progress["value"] == 60
    assert " 60 " in _html_row(dashboard, "data-indicator", "M2.1")
    assert " 60 " in _html_row(national, "data-indicator", "M2.1")
    assert _entered(cockpit, tay_ninh) == entered + 1
    assert f"({entered + 1}/" in _html_row(cockpit, "data-province", "80").replace(" ", "")
    text = vi_text(report.content.decode())
    assert "đến 60 năm 2026" in text and "đến 48 năm 2026" not in text
    assert _row(other.get("/dashboard/"), "M2.1").progress["value"] == 60


def test_a_change_to_the_work_shows_at_once_even_one_written_without_signals(
    client_as, persona, m21_history, django_capture_on_commit_callbacks
):
    from reports.models import Report
    from reports.services import report_for, report_update

    with django_capture_on_commit_callbacks(execute=True):
        report = report_for(unit=m21_history, kind="annual", year=2026)
        report_update(report=report, by=persona("focal"), data={"achievements": "Câu cũ về kết quả."})
    commit_pending()
    ministry = client_as(
        "ministry_officer"
    )  # reads the report without its editing form: the figures' texts only
    for _i in range(2):
        page = vi_text(ministry.get("/reports/80/annual/2026/").content.decode())
    assert "Câu cũ về kết quả." in page
    with django_capture_on_commit_callbacks(execute=True):  # QuerySet.update(): no signal, no version bump
        Report.objects.filter(pk=report.pk).update(achievements="Câu mới về kết quả.")
    page = vi_text(ministry.get("/reports/80/annual/2026/").content.decode())
    assert "Câu mới về kết quả." in page and "Câu cũ về kết quả." not in page


def test_the_kept_tables_follow_the_pages_language(client_as, m21_history):
    commit_pending()
    client = client_as("focal")
    for _i in range(2):
        vietnamese = client.get("/dashboard/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/dashboard/").content.decode()
    assert "Giá trị mới nhất" in vietnamese and "Latest value" not in vietnamese
    assert "Latest value" in english and "Giá trị mới nhất" not in english
