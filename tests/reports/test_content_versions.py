"""Frozen submissions of every schema version ever written open, render and keep their hash (issue 14). The
fixtures are snapshots as earlier versions wrote them: the first reports (2026-11-27), version 1 as it grew until
2026-12-03, and a national consolidation."""

import hashlib
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reports.assemble import changed_figures
from reports.content import SCHEMA, UPGRADERS, ContentError, canonical, load
from reports.documents import report_docx
from reports.models import Submission
from reports.services import report_for
from tests.conftest import table_digest
from units.selectors import unit_for_year

pytestmark = pytest.mark.django_db
FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.json"))


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_version_before_the_current_one_has_an_upgrader_and_a_fixture():
    assert set(UPGRADERS) == set(range(1, SCHEMA))
    assert {stored(path)["schema"] for path in FIXTURES} >= set(range(1, SCHEMA))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_a_frozen_submission_of_an_earlier_version_opens_renders_and_keeps_its_hash(path, client_as, persona):
    snapshot = stored(path)
    unit = unit_for_year(code=snapshot["unit"]["code"], year=snapshot["year"])
    report = report_for(unit=unit, kind=snapshot["kind"], year=snapshot["year"])
    docx = report_docx(canonical(snapshot))  # the document as it was sent (drawn here from its figures)
    submission = Submission.objects.create(
        report=report,
        number=1,
        submitted_at=datetime(2026, 1, 15, 8, tzinfo=UTC),
        submitted_by=persona("focal"),
        deadline=date(2026, 12, 10),
        on_time=True,
        snapshot=snapshot,
        docx=docx,
        sha256=hashlib.sha256(docx).hexdigest(),
    )
    before = table_digest("reports_submission")
    content = load(snapshot)
    assert content.year == snapshot["year"] and len(content.indicators) == len(snapshot["indicators"])
    client = client_as("ministry_officer")
    assert client.get(f"/reports/{unit.code}/{report.kind}/{report.year}/").status_code == 200
    sent = client.get(f"/submissions/{submission.pk}/download.docx")
    assert sent.status_code == 200 and hashlib.sha256(sent.content).hexdigest() == submission.sha256
    assert sent["X-Content-SHA256"] == submission.sha256
    sheet = client.get(f"/submissions/{submission.pk}/download.xlsx")
    assert sheet.status_code == 200 and sheet.content.startswith(b"PK")
    # a correction compares against it through the same upgrader
    assert changed_figures(canonical(snapshot), canonical(snapshot)) == []
    assert table_digest("reports_submission") == before  # nothing was rewritten
    assert stored(path) == snapshot  # and reading did not change the copy in memory either


def test_content_of_an_unknown_version_or_shape_is_refused_by_name():
    snapshot = stored(FIXTURES[0])
    with pytest.raises(ContentError, match="schema 99"):
        load({**snapshot, "schema": 99})
    with pytest.raises(ContentError, match="surprise"):
        load({**snapshot, "surprise": 1})


def test_what_assemble_writes_is_the_current_version(annual_report):
    from reports.assemble import assemble

    snapshot = assemble(annual_report)
    assert snapshot["schema"] == SCHEMA
    assert canonical(snapshot) == snapshot
