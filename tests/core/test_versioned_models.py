"""The dates and version of an edited record are declared once, in lib.models (DEVELOPERS.md rule 11), and the
migrations that moved the models onto them gave the rows that gained a ``created_at`` the earliest moment known."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps
from django.utils import timezone

from audit.models import AuditEntry
from lib.models import Lockable, Stamped, Versioned

# Rows that are written once and never edited through a form: their moment of creation is their own.
CREATED_ONLY = {"jobs.Job", "plans.TaskProgress", "questions.Message"}
# A value carries its own ``version`` (the grid and the API compare it) and is written in bulk by imports.
OWN_VERSION = {"datavalues.DataValue"}


def project_models() -> list[type[models.Model]]:
    ours = [c for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))]
    return [m for c in ours for m in c.get_models()]


def problems_of(model: type[models.Model]) -> list[str]:
    name = model._meta.label
    fields = {f.name for f in model._meta.fields}
    problems = []
    if "lock_version" in fields and not issubclass(model, Lockable):
        problems.append(f"{name} declares lock_version itself (inherit lib.models.Versioned or Lockable)")
    if "updated_at" in fields and not issubclass(model, Stamped) and name not in OWN_VERSION:
        problems.append(f"{name} declares updated_at itself (inherit lib.models.Versioned or Stamped)")
    if "created_at" in fields and not issubclass(model, Stamped) and name not in CREATED_ONLY | OWN_VERSION:
        problems.append(f"{name} declares created_at itself (inherit lib.models.Versioned or Stamped)")
    return problems


def test_no_model_pastes_the_dates_or_the_version():
    found = project_models()
    # the walk reaches the models edited through forms, so a pass is not an empty loop
    edited = {m._meta.label for m in found if issubclass(m, Versioned)}
    assert {"plans.Plan", "reports.Report", "questions.Question", "inspections.Inspection"} <= edited
    assert {m._meta.label for m in found if issubclass(m, Lockable) and not issubclass(m, Stamped)} == {
        "plans.BudgetLine",
        "communication.KeyDateRule",
        "portal.Publication",
    }
    assert [p for m in found for p in problems_of(m)] == []


@isolate_apps("core")
def test_the_walk_fails_on_a_model_that_pastes_them():
    class Pasted(models.Model):  # noqa: DJ008
        created_at = models.DateTimeField(auto_now_add=True)
        updated_at = models.DateTimeField(auto_now=True)
        lock_version = models.PositiveIntegerField(default=0)

        class Meta:
            app_label = "core"

    class Inherited(Versioned):  # noqa: DJ008
        class Meta:
            app_label = "core"

    assert len(problems_of(Pasted)) == 3 and problems_of(Inherited) == []


def _moment(day: int) -> datetime:
    return datetime(2026, 3, day, 8, 0, tzinfo=UTC)


def _migration(name: str):
    return importlib.import_module(name)


@pytest.mark.django_db
def test_a_report_that_gained_created_at_takes_the_earliest_moment_known(tay_ninh, persona):
    from reports.models import Report, Submission

    audited, sent, untouched = (
        Report.objects.create(unit=tay_ninh, kind="annual", year=year) for year in (2024, 2025, 2026)
    )
    Report.objects.update(created_at=timezone.now(), updated_at=_moment(20))  # as the new column left them
    AuditEntry.objects.create(
        at=_moment(3), action="report.update", object_type="reports.report", object_id=str(audited.pk)
    )
    AuditEntry.objects.create(
        at=_moment(9), action="report.update", object_type="reports.report", object_id=str(audited.pk)
    )
    Submission.objects.create(
        report=sent,
        number=1,
        submitted_at=_moment(11),
        submitted_by=persona("focal"),
        deadline=_moment(30).date(),
        on_time=True,
        snapshot={},
        docx=b"PK",
        sha256="0" * 64,
    )

    _migration("reports.migrations.0006_versioned_records").created_when_known(apps, None)

    stored = {r.pk: (r.created_at, r.updated_at) for r in Report.objects.all()}
    assert stored[audited.pk] == (_moment(3), _moment(20))  # its first audit entry; last change kept
    assert stored[sent.pk] == (_moment(11), _moment(20))  # its first submission
    assert stored[untouched.pk] == (_moment(20), _moment(20))  # nothing earlier known than its last change


@pytest.mark.django_db
def test_questions_and_guidance_that_gained_created_at_take_when_they_were_asked_and_first_known(
    tay_ninh, persona
):
    from questions.models import Guidance, Question

    focal = persona("focal")
    question = Question.objects.create(
        province=tay_ninh, topic="plan", title="?", asked_by=focal, asked_at=_moment(2)
    )
    guidance = Guidance.objects.create(
        question=question,
        topic="plan",
        title="!",
        question_text="?",
        answer_text="!",
        published_at=_moment(6),
    )
    Question.objects.update(created_at=timezone.now(), updated_at=_moment(20))
    Guidance.objects.update(created_at=timezone.now(), updated_at=_moment(20), edited_at=_moment(8))

    _migration("questions.migrations.0002_versioned_records").created_when_known(apps, None)

    question.refresh_from_db()
    guidance.refresh_from_db()
    assert (question.created_at, question.updated_at) == (_moment(2), _moment(20))
    assert (guidance.created_at, guidance.updated_at) == (_moment(6), _moment(20))
    AuditEntry.objects.create(
        at=_moment(4), action="guidance.publish", object_type="questions.guidance", object_id=str(guidance.pk)
    )
    _migration("questions.migrations.0002_versioned_records").created_when_known(apps, None)
    guidance.refresh_from_db()
    assert guidance.created_at == _moment(4)
