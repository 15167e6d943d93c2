from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core.decorators import load_and_check, role_required
from core.form_post import act
from datavalues import rollup_cache
from lib.errors import DomainError
from lib.forms import VersionedForm, add_domain_error
from reports.assemble import NARRATIVE, assemble, draft_snapshot
from reports.content import canonical
from reports.documents import CONTENT_TYPES, render_report
from reports.models import REVIEW_YEARS, Report, ReportingCycle, ReportKind, Submission, SubmissionStatus
from reports.sections.base import PageContext
from reports.sections.kinds import sections_for
from reports.selectors import current_cycle_year, deadline_of, report_or_draft, submission_states
from reports.services import (
    REPORT_TEXTS,
    cycle_set,
    latest_submission,
    report_open_and_submit,
    report_problems,
    report_texts_save,
    submission_decide,
)
from units.models import AdminUnit, Level
from units.selectors import nation


class CycleForm(forms.Form):
    no_version = "sets the reporting cycle of a year (ministry only); not yet versioned, see issue 13's note"

    year = forms.IntegerField(label=gettext_lazy("Year reported on"), min_value=2021, max_value=2030)
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    call_letter = forms.CharField(label=gettext_lazy("Call letter"), max_length=200, required=False)
    data_deadline = forms.DateField(
        label=gettext_lazy("Figures due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: the report's deadline."),
    )
    plan_deadline = forms.DateField(
        label=gettext_lazy("Annual plan due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: 31 March of the year."),
    )
    outline = forms.CharField(
        label=gettext_lazy("Outline of the report"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


@role_required()
def cycle_list(request):
    can_manage = access.can_manage_cycles(request.user)
    year = date.today().year
    form = CycleForm(request.POST or None, initial={"year": year, "deadline": date(year, 12, 10)})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                cycle_set(by=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The reporting cycle is saved."))
                return redirect("cycle_list")
    return render(
        request,
        "reports/cycles.html",
        {
            "cycles": ReportingCycle.objects.all(),
            "form": form if can_manage else None,
        },
    )


# --- reports --------------------------------------------------------------------------------------------------------


class ReportTextForm(VersionedForm):
    achievements = forms.CharField(
        label=gettext_lazy("Achievements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("The main results of the period, one paragraph per line."),
    )
    communication = forms.CharField(
        label=gettext_lazy("Communication activities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    inspections = forms.CharField(
        label=gettext_lazy("Inspections"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    shortcomings = forms.CharField(
        label=gettext_lazy("Shortcomings"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    causes = forms.CharField(
        label=gettext_lazy("Causes of the shortcomings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recommendations = forms.CharField(
        label=gettext_lazy("Recommendations to the ministry"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    document_number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("e.g. 215/BC-UBND"),
    )
    signer_name = forms.CharField(label=gettext_lazy("Signed by"), max_length=200, required=False)
    signer_title = forms.CharField(
        label=gettext_lazy("Signer's title"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("e.g. Phó Chủ tịch"),
    )


class SubmitForm(forms.Form):
    no_version = "creates a submission, numbered under a unique constraint"

    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed when a version was sent before: what was corrected and why."),
    )


class DecisionForm(forms.Form):
    no_version = "a decision taken once: refused unless the submission is still waiting (conditional UPDATE)"

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("accept", gettext_lazy("Accept")), ("return", gettext_lazy("Return to the province"))],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed when returning: what the province must correct."),
    )


def _unit_or_404(code: str) -> AdminUnit:
    if code.upper() == "VN":
        return nation()
    unit = AdminUnit.objects.filter(code=code, level=Level.PROVINCE, valid_to__isnull=True).first()
    if unit is None:
        raise Http404
    return unit


def _report(request, code: str, kind: str, year: int) -> Report:
    """The report at this address (unsaved when nobody has written in it yet), after the access check."""
    unit = _unit_or_404(code)
    if not access.can_view_report(request.user, unit):
        raise PermissionDenied
    if kind not in ReportKind.values or (kind in REVIEW_YEARS and year != REVIEW_YEARS[kind]):
        raise Http404
    if not 2021 <= year <= 2030:
        raise Http404
    return report_or_draft(unit, kind, year)


def _to_report(report: Report, anchor: str = ""):
    url = reverse("report_detail", args=[report.unit.code, report.kind, report.year])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _missing(snapshot: dict) -> list[str]:
    """What a reader of the draft should know is still missing, in plain words."""
    year = str(snapshot["year"])
    out = []
    no_value = [row["code"] for row in snapshot["indicators"] if row["values"].get(year) is None]
    if no_value:
        out.append(_("No value for %(year)s yet: %(codes)s.") % {"year": year, "codes": ", ".join(no_value)})
    if snapshot["unit"]["level"] == "province" and not any(
        p and p["status"] == "issued" for p in snapshot["plans"]
    ):
        out.append(_("No issued plan covers this period."))
    if not snapshot["document"]["signer_name"]:
        out.append(_("No signer's name yet: the document leaves the name under the signature blank."))
    return out


@role_required()
def report_list(request):
    """A province sees its reports; the ministry sees who has submitted what for a year."""
    user = request.user
    today = date.today()
    cycle_year = current_cycle_year(today)
    if access.is_ministry(user):
        try:
            year = int(request.GET.get("year", cycle_year))
        except ValueError:
            year = cycle_year
        year = min(max(year, 2021), 2030)
        kind = request.GET.get("kind", ReportKind.ANNUAL)
        if kind not in ReportKind.values:
            kind = ReportKind.ANNUAL
        if kind in REVIEW_YEARS:
            year = REVIEW_YEARS[kind]
        latest = submission_states(kind, year)
        provinces = (
            AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
            .prefetch_related("names")
            .order_by("code")
        )
        rows = [(p, latest.get(p.pk)) for p in provinces]
        counts = {
            "submitted": sum(1 for _p, s in rows if s),
            "accepted": sum(1 for _p, s in rows if s and s.status == SubmissionStatus.ACCEPTED),
            "waiting": sum(1 for _p, s in rows if s and s.status == SubmissionStatus.SUBMITTED),
            "late": sum(1 for _p, s in rows if s and not s.on_time),
            "total": len(rows),
        }
        return render(
            request,
            "reports/inbox.html",
            {
                "rows": rows,
                "year": year,
                "kind": kind,
                "kinds": ReportKind.choices,
                "years": range(2021, 2031),
                "deadline": deadline_of(year),
                "counts": counts,
                "today": today,
            },
        )
    province = access.province_of(user)
    if province is None:
        raise PermissionDenied
    wanted = [(ReportKind.ANNUAL, y) for y in range(min(cycle_year, 2030), 2020, -1)]
    wanted += [(ReportKind.MIDTERM, 2025), (ReportKind.FINAL, 2030)]
    existing = {(r.kind, r.year): r for r in Report.objects.filter(unit=province)}
    rows = []
    for kind, year in wanted:
        report = existing.get((kind, year))
        latest = latest_submission(report) if report else None
        rows.append(
            {
                "kind": kind,
                "label": ReportKind(kind).label,
                "year": year,
                "deadline": deadline_of(year),
                "latest": latest,
            }
        )
    return render(
        request,
        "reports/list.html",
        {"province": province, "rows": rows, "cycle_year": cycle_year, "today": today},
    )


@role_required()
def report_detail(request, code: str, kind: str, year: int):
    report = _report(request, code, kind, year)
    snapshot, stamp = draft_snapshot(report, stamped=True)
    can_edit = access.can_edit_report(request.user, report.unit)
    national = report.unit.level == Level.NATION
    submissions = list(report.submissions.defer("docx").order_by("-number")) if report.pk else []
    latest = submissions[0] if submissions else None
    deadline = deadline_of(year)
    form = None
    if can_edit:
        initial = {name: getattr(report, name) for name in REPORT_TEXTS} | {
            "lock_version": report.lock_version
        }
        form = ReportTextForm(initial=initial)
    context = {
        "report": report,
        "snapshot": snapshot,
        "national": national,
        "can_edit": can_edit,
        "can_submit": can_edit and not national,
        "can_decide": access.can_decide_submissions(request.user) and not national,
        "form": form,
        "submit_form": SubmitForm(),
        "decision_form": DecisionForm(),
        "submissions": submissions,
        "latest": latest,
        "deadline": deadline,
        "days_left": (deadline - date.today()).days,
        "days_overdue": (date.today() - deadline).days,
        "narrative": [
            (Report._meta.get_field(name).verbose_name, snapshot["narrative"][name]) for name in NARRATIVE
        ],
        "problems": report_problems(report, snapshot),
        "missing": _missing(snapshot),
    }
    # The sections' parts of the page are the same for everyone who may read the report: rendered once for each
    # state of the data they come from.
    page = PageContext(
        snapshot=snapshot,
        report=report,
        national=national,
        first_key=str(year - 1 if kind == ReportKind.ANNUAL else 2020),
        year_key=str(year),
    )
    sections = sections_for(kind, national=national)
    context["figures"] = rollup_cache.fragment(
        stamp,
        "report-figures",
        lambda: mark_safe("".join(s.html(page) for s in sections)),  # noqa: S308
    )
    # the chart scripts load only when a section drew a chart (charts.js finds them by this attribute)
    context["charts"] = "data-indicator-charts" in context["figures"]
    return render(request, "reports/detail.html", context)


@require_POST
@role_required()
def report_edit(request, code: str, kind: str, year: int):
    report = _report(request, code, kind, year)
    if not access.can_edit_report(request.user, report.unit):
        raise PermissionDenied
    form = ReportTextForm(request.POST)
    return act(
        request,
        lambda: report_texts_save(
            unit=report.unit,
            kind=kind,
            year=year,
            by=request.user,
            data=form.data_for_service(),
            expected_version=form.expected_version,
        ),
        form=form,
        success=_("The report's texts are saved."),
        to=lambda saved: _to_report(saved, "texts"),
        back=_to_report(report, "texts"),
    )


@require_POST
@role_required()
def report_submit_view(request, code: str, kind: str, year: int):
    report = _report(request, code, kind, year)
    if not access.can_edit_report(request.user, report.unit) or report.unit.level == Level.NATION:
        raise PermissionDenied
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        submission = report_open_and_submit(
            unit=report.unit,
            kind=kind,
            year=year,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _to_report(report, "submit")
    if submission.on_time:
        messages.success(
            request, _("Version %(n)s is sent to the ministry, on time.") % {"n": submission.number}
        )
    else:
        messages.warning(
            request,
            _("Version %(n)s is sent to the ministry, after the deadline.") % {"n": submission.number},
        )
    return _to_report(report, "submissions")


SUBMISSIONS = Submission.objects.select_related("report__unit")


@require_POST
@role_required(access.can_decide_submissions)
@load_and_check(SUBMISSIONS, access.can_view_report, of="report.unit")
def submission_decide_view(request, submission):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to accept or return the report."))
        return _to_report(submission.report, "submissions")
    accept = form.cleaned_data["decision"] == "accept"
    return act(
        request,
        lambda: submission_decide(
            submission=submission, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
        ),
        success=lambda _result: (
            _("Version %(n)s is accepted.") % {"n": submission.number}
            if accept
            else _("Version %(n)s is returned to the province.") % {"n": submission.number}
        ),
        to=_to_report(submission.report, "submissions"),
    )


def _file(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _file_name(report: Report, suffix: str) -> str:
    return f"bao-cao-bdg-{report.kind}-{report.unit.code}-{report.year}-{suffix}"


@require_GET
@role_required()
def report_download(request, code: str, kind: str, year: int, fmt: str):
    """The draft as it would be sent now, from the data as it is."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = _report(request, code, kind, year)
    if report.unit.level == Level.NATION and fmt in ("docx", "pdf"):
        # the national consolidation takes a while: a background job makes it, its page offers the file
        from jobs import services as jobs
        from jobs.models import JobKind

        name = f"{_file_name(report, 'du-thao')}.{fmt}"
        job = jobs.start(
            kind=JobKind.DOCUMENT,
            by=request.user,
            name=name,
            params={"code": report.unit.code, "kind": kind, "year": year, "fmt": fmt},
        )
        return redirect("job_detail", pk=job.pk)
    try:
        data = render_report(assemble(report), fmt)
    except RuntimeError as exc:  # no LibreOffice for a PDF
        messages.error(request, str(exc))
        return _to_report(report)
    return _file(data, fmt, _file_name(report, "du-thao"))


@require_GET
@load_and_check(SUBMISSIONS, access.can_view_report, of="report.unit")
def submission_download(request, submission, fmt: str):
    """A submitted copy: the frozen document itself, or a PDF/Excel drawn from its frozen figures."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    try:
        data = render_report(canonical(submission.snapshot), fmt, docx=submission.document_bytes)
    except RuntimeError as exc:
        messages.error(request, str(exc))
        return _to_report(submission.report, "submissions")
    response = _file(data, fmt, _file_name(submission.report, f"lan-{submission.number}"))
    if fmt == "docx":
        response["X-Content-SHA256"] = submission.sha256
    return response
