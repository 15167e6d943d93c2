"""Starting jobs and running them. ``start`` stores what the job needs and hands its id to the worker's queue;
``run`` (in the worker) does the work, telling ``progress`` how far it got, and records the result. Whatever the
outcome, a job ends DONE, REFUSED (the input had errors: every one is listed, nothing changed) or FAILED (the server
failed: the work was one transaction, so nothing changed either, and ``message`` says why)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Job, JobKind, JobState, Stage

log = logging.getLogger(__name__)

# What a kind of work ends with: the job's final state, its result (JSON) and a message for the person.
Outcome = tuple[str, dict | None, str]

PROGRESS_EVERY = 0.25  # seconds between two progress writes of one job (a new stage is written at once)


def start(
    *,
    kind: str,
    by: User | None,
    name: str,
    params: dict | None = None,
    payload: bytes | None = None,
    total: int | None = None,
    run_after: datetime | None = None,
) -> Job:
    """Store a job and queue it (after the surrounding transaction commits, so the worker finds it)."""
    from jobs.tasks import run_job

    params = dict(params or {})
    params.setdefault("language", translation.get_language() or "vi")
    job = Job.objects.create(
        kind=kind,
        created_by=by if by is not None and by.pk else None,
        name=name[:200],
        params=params,
        payload=payload,
        total=total,
    )

    def enqueue() -> None:
        task = run_job.using(run_after=run_after) if run_after is not None else run_job
        result = task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


class Progress:
    """``progress(stage, done[, total])`` for the work's hooks: written to the job's row at most every
    ``PROGRESS_EVERY`` seconds, and always at a new stage or when ``total`` is given (a stage's end)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.stage: str | None = None
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if stage == self.stage and now - self.last < PROGRESS_EVERY and total is None:
            return
        self.stage, self.last = stage, now
        changes = {"stage": stage, "done": done, "touched_at": timezone.now()}
        if total is not None:
            changes["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**changes)


def run(job_id: str) -> str:
    """Run the job (in the worker). Returns its final state."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.state != JobState.QUEUED:
        return "skipped"  # removed, or already run by another worker
    now = timezone.now()
    claimed = Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=now, touched_at=now
    )
    if not claimed:
        return "skipped"
    with translation.override(job.params.get("language", "vi")):
        try:
            state, result, message = WORK[job.kind](job, Progress(job))
        except Exception:  # noqa: BLE001 - every failure is recorded on the job and logged in full
            log.exception("job %s (%s) failed", job.pk, job.kind)
            state, result = JobState.FAILED, None
            message = _(
                "The server failed while doing this work, so nothing was changed. Try again; if it fails again, "
                "give the administrator the number of this job: %(id)s."
            ) % {"id": job.pk}
    Job.objects.filter(pk=job.pk).update(
        state=state,
        stage=Stage.FINISHED,
        result=result,
        message=message,
        finished_at=timezone.now(),
    )
    return state


STALE = timedelta(minutes=30)  # longer than the longest write transaction (the national history: about 2 min)


def give_up_if_stale(job: Job) -> bool:
    """A running job whose worker gave no sign of life for ``STALE`` (the worker was stopped or the machine
    restarted) is marked failed, so that its page does not wait for ever. Its work was one transaction, rolled back
    with the worker; uploading the file again is safe (values already saved count as unchanged)."""
    if job.state != JobState.RUNNING or job.touched_at is None or timezone.now() - job.touched_at < STALE:
        return False
    with translation.override(job.params.get("language", "vi")):
        message = _(
            "The worker running this job stopped before it finished. Upload the file again: nothing is lost, and "
            "values already saved are counted as unchanged."
        )
    updated = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, touched_at=job.touched_at).update(
        state=JobState.FAILED, stage=Stage.FINISHED, message=message, finished_at=timezone.now()
    )
    if updated:
        job.refresh_from_db()
    return bool(updated)


# --- the kinds of work -------------------------------------------------------------------------------------------------


def _import(job: Job, progress: Progress) -> Outcome:
    """An uploaded exchange file, as the upload page would import it, by the person who uploaded it."""
    from datavalues.exchange import read_rows
    from datavalues.services import ImportRefused, import_rows

    try:
        report = import_rows(
            read_rows(bytes(job.payload or b""), job.name),
            by=job.created_by,
            context={"via": "upload", "file": job.name},
            on_progress=progress,
            precheck=True,
        )
    except ImportRefused as exc:
        errors = [[line, column, str(message)] for line, column, message in exc.errors]
        return JobState.REFUSED, {"errors": errors}, str(exc.message)
    return JobState.DONE, asdict(report), ""


def _document(job: Job, progress: Progress) -> Outcome:
    """A report's document (the national consolidation is the long one) as it would be sent now, asked the same
    access decision as the page that started it."""
    from django.core.exceptions import PermissionDenied

    from accounts import access
    from reports.assemble import assemble
    from reports.documents import CONTENT_TYPES, render_report
    from reports.selectors import report_or_draft
    from units.models import AdminUnit

    params = job.params
    unit = AdminUnit.objects.get(code=params["code"], valid_to__isnull=True)
    if job.created_by is None or not access.can_view_report(job.created_by, unit):
        raise PermissionDenied
    progress("rendering", 0)
    try:
        data = render_report(assemble(report_or_draft(unit, params["kind"], params["year"])), params["fmt"])
    except RuntimeError as exc:  # no LibreOffice for a PDF
        return JobState.FAILED, None, str(exc)
    Job.objects.filter(pk=job.pk).update(
        output=data, output_name=job.name, output_type=CONTENT_TYPES[params["fmt"]]
    )
    return JobState.DONE, {"bytes": len(data)}, ""


def _reminders(job: Job, progress: Progress) -> Outcome:
    """The reminders due today, then the same job queued for tomorrow morning (one pending at a time)."""
    from reminders.services import send_reminders

    progress("sending", 0)
    outcome = send_reminders(today=timezone.localdate())
    schedule_reminders()  # this job is running, not queued: the next morning's is queued
    return (
        JobState.DONE,
        {"sent": len(outcome.sent), "already": outcome.already, "no_email": list(outcome.no_email)},
        "",
    )


WORK: dict[str, Callable[[Job, Progress], Outcome]] = {
    JobKind.IMPORT: _import,
    JobKind.DOCUMENT: _document,
    JobKind.REMINDERS: _reminders,
}

REMINDER_HOUR = 7  # local time: reminders go out before the working day starts


def schedule_reminders() -> Job | None:
    """Queue the next reminders job (tomorrow at 07:00, or today if that is still ahead), unless one is pending."""
    if Job.objects.filter(kind=JobKind.REMINDERS, state=JobState.QUEUED).exists():
        return None
    now = timezone.localtime()
    at = now.replace(hour=REMINDER_HOUR, minute=0, second=0, microsecond=0)
    if at <= now:
        at += timedelta(days=1)
    return start(kind=JobKind.REMINDERS, by=None, name=_("Daily reminders"), run_after=at)
