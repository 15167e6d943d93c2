from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts import access
from core.decorators import load_and_check
from jobs.models import Job, JobKind, JobState
from jobs.services import give_up_if_stale
from jobs.xlsx import UploadErrors

job_viewer = load_and_check(Job.objects.defer("payload", "output"), access.can_view_job)


@require_GET
@job_viewer
def job_detail(request, job):
    """The job's page: a progress bar while it runs (the fragment below, polled), then its result."""
    give_up_if_stale(job)
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/job.html"
    context = {"job": job, "errors": _errors(job), "started": timezone.localtime(job.created_at)}
    return render(request, template, context)


def _errors(job: Job, limit: int = 500) -> list:
    if job.state != JobState.REFUSED or not job.result:
        return []
    return job.result.get("errors", [])[:limit]


@require_GET
@job_viewer
def job_errors_xlsx(request, job):
    """The uploaded rows with each row's errors beside them, to correct in Excel and upload again."""
    if job.kind != JobKind.IMPORT or job.state != JobState.REFUSED:
        raise Http404
    payload = Job.objects.values_list("payload", flat=True).get(pk=job.pk)
    return UploadErrors(bytes(payload or b""), job.name, job.result.get("errors", [])).xlsx_response()


@require_GET
@job_viewer
def job_output(request, job):
    """The file the job made (a report's DOCX or PDF)."""
    if job.state != JobState.DONE or not job.output_name:
        raise Http404
    data = Job.objects.values_list("output", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(data), content_type=job.output_type)
    response["Content-Disposition"] = content_disposition_header(True, job.output_name)
    return response
