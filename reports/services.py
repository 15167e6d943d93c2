import hashlib
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from lib.errors import DomainError
from lib.locking import bump_version
from reports.assemble import NARRATIVE, assemble, changed_figures
from reports.content import canonical
from reports.documents import report_docx
from reports.models import REVIEW_YEARS, Report, ReportingCycle, ReportKind, Submission, SubmissionStatus
from reports.selectors import deadline_of
from units.models import AdminUnit, Level


@transaction.atomic
def cycle_set(
    *,
    year: int,
    deadline: date,
    call_letter: str = "",
    outline: str = "",
    data_deadline: date | None = None,
    plan_deadline: date | None = None,
    by: User,
) -> ReportingCycle:
    """Open or change the reporting cycle of a year. The deadline falls in the year reported on or the next; the
    figures are due no later than the report; the year's annual plan is due within the year."""
    if not 2021 <= year <= 2030:
        raise DomainError(_("Cycles cover the Strategy's years, 2021 to 2030."), field="year")
    if deadline.year not in (year, year + 1):
        raise DomainError(
            _("The deadline must fall in %(year)s or the year after.") % {"year": year}, field="deadline"
        )
    if data_deadline is not None and data_deadline > deadline:
        raise DomainError(_("The figures must be due no later than the report."), field="data_deadline")
    if plan_deadline is not None and plan_deadline.year != year:
        raise DomainError(
            _("The annual plan for %(year)s must be due within %(year)s.") % {"year": year},
            field="plan_deadline",
        )
    cycle = ReportingCycle.objects.select_for_update().filter(year=year).first()
    fields = ("deadline", "call_letter", "data_deadline", "plan_deadline")
    before = None if cycle is None else {name: getattr(cycle, name) for name in fields}
    if cycle is None:
        cycle = ReportingCycle(year=year)
    cycle.deadline, cycle.call_letter, cycle.outline = deadline, call_letter.strip(), outline.strip()
    cycle.data_deadline, cycle.plan_deadline = data_deadline, plan_deadline
    cycle.save()
    log_action(
        actor=by,
        action="cycle.set",
        obj=cycle,
        before=before,
        after={name: getattr(cycle, name) for name in fields},
    )
    return cycle


# --- reports and submissions ----------------------------------------------------------------------------------------


def _log(report: Report, action: str, by: User, obj: Model | None = None, **kwargs: Any) -> None:
    log_action(actor=by, action=action, obj=obj or report, unit=report.unit, **kwargs)


def report_for(*, unit: AdminUnit, kind: str, year: int) -> Report:
    """The report of a unit, kind and year, opened on first use. Reviews have fixed years."""
    if kind not in ReportKind.values:
        raise DomainError(_("Unknown kind of report: %(kind)s.") % {"kind": kind}, field="kind")
    review_year = REVIEW_YEARS.get(ReportKind(kind))
    if review_year is not None and year != review_year:
        raise DomainError(
            _("The %(kind)s reports on %(year)s.")
            % {"kind": ReportKind(kind).label.lower(), "year": review_year},
            field="year",
        )
    if not 2021 <= year <= 2030:
        raise DomainError(_("Reports cover the Strategy's years, 2021 to 2030."), field="year")
    if unit.level not in (Level.PROVINCE, Level.NATION) or unit.valid_to is not None:
        raise DomainError(_("Reports are written by a current province or by the ministry for the nation."))
    report, _created = Report.objects.get_or_create(unit=unit, kind=kind, year=year)
    return report


REPORT_TEXTS = (*NARRATIVE, "document_number", "signer_name", "signer_title")


@transaction.atomic
def report_update(*, report: Report, by: User, data: dict, expected_version: int | None = None) -> Report:
    """Save the texts people write. Fails if someone else saved the report since the form was opened."""
    before = {name: getattr(report, name) for name in REPORT_TEXTS}
    bump_version(
        report,
        expected_version,
        _("Someone else saved this report after you opened it. Reload the page to see their changes."),
    )
    for name in REPORT_TEXTS:
        if name in data:
            setattr(report, name, (data[name] or "").strip())
    report.save()
    after = {name: getattr(report, name) for name in REPORT_TEXTS}
    changed = [name for name in REPORT_TEXTS if before[name] != after[name]]
    if changed:
        _log(
            report,
            "report.update",
            by,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return report


def report_problems(report: Report, snapshot: dict) -> list[str]:
    """What still stops the report from being sent: empty narrative sections."""
    missing = [
        str(Report._meta.get_field(name).verbose_name)  # type: ignore[union-attr]  # a text field, not a relation
        for name in NARRATIVE
        if not snapshot["narrative"][name]
    ]
    if missing:
        return [
            _("Still to write: %(sections)s. A section not written is left out of the document.")
            % {"sections": ", ".join(missing)}
        ]
    return []


def latest_submission(report: Report) -> Submission | None:
    return report.submissions.order_by("-number").first()


@transaction.atomic
def report_submit(*, report: Report, by: User, reason: str = "", at: datetime | None = None) -> Submission:
    """Freeze the report as it is now: its figures and texts, the Word document and its SHA-256. A second
    submission is a correction: it needs a reason, lists the figures that changed, and replaces the previous one
    (which the ministry then no longer decides on). Timeliness is judged against the cycle's deadline; a
    correction sent because the ministry returned the report keeps the timeliness of the version returned."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    previous = latest_submission(report)
    reason = (reason or "").strip()
    if previous is not None and not reason:
        raise DomainError(_("Say why you are sending a corrected version."), field="reason")
    at = at or timezone.now()
    day = timezone.localdate(at)
    snapshot = assemble(report, date=day)
    problems = report_problems(report, snapshot)
    if problems:
        raise DomainError(" ".join(problems))
    docx = report_docx(snapshot)
    deadline = deadline_of(report.year)
    on_time = day <= deadline
    if previous is not None and previous.status == SubmissionStatus.RETURNED:
        on_time = previous.on_time  # a correction the ministry asked for does not make the report late
    changes = changed_figures(canonical(previous.snapshot), snapshot) if previous is not None else []
    submission = Submission.objects.create(
        report=report,
        number=(previous.number + 1) if previous else 1,
        submitted_at=at,
        submitted_by=by,
        deadline=deadline,
        on_time=on_time,
        reason=reason,
        snapshot=snapshot,
        docx=docx,
        sha256=hashlib.sha256(docx).hexdigest(),
        changes=changes,
    )
    if previous is not None and previous.status == SubmissionStatus.SUBMITTED:
        Submission.objects.filter(pk=previous.pk).update(status=SubmissionStatus.SUPERSEDED)
    _log(
        report,
        "report.submit",
        by,
        obj=submission,
        after={"version": submission.number, "sha256": submission.sha256, "on_time": submission.on_time},
        reason=reason,
    )
    return submission


@transaction.atomic
def submission_decide(
    *, submission: Submission, by: User, accept: bool, reason: str = "", at: datetime | None = None
) -> Submission:
    """The ministry accepts or returns the latest submission, once. Returning needs a reason."""
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DomainError(
            _("Say why the report is returned, so the province knows what to correct."), field="reason"
        )
    status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.RETURNED
    now = at or timezone.now()
    decided = Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.SUBMITTED).update(
        status=status, decided_by=by, decided_at=now, decision_reason=reason
    )
    if not decided:
        raise DomainError(_("This version has already been decided on or replaced by a correction."))
    submission.refresh_from_db(fields=["status", "decided_by", "decided_at", "decision_reason"])
    _log(
        submission.report,
        "report.accept" if accept else "report.return",
        by,
        obj=submission,
        after={"version": submission.number, "status": status},
        reason=reason,
    )
    return submission


@transaction.atomic
def report_texts_save(
    *,
    unit: AdminUnit,
    kind: str,
    year: int,
    by: User,
    data: dict[str, str],
    expected_version: int | None = None,
) -> Report:
    """Open the report on first use and save its texts: both or neither, so a refused save opens nothing."""
    report = report_for(unit=unit, kind=kind, year=year)
    return report_update(report=report, by=by, data=data, expected_version=expected_version)


@transaction.atomic
def report_open_and_submit(
    *, unit: AdminUnit, kind: str, year: int, by: User, reason: str = ""
) -> Submission:
    """Open the report on first use and submit it: both or neither, so a refused submission opens nothing."""
    report = report_for(unit=unit, kind=kind, year=year)
    return report_submit(report=report, by=by, reason=reason)
