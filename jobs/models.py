"""Long work run by a worker beside the web server (``django-tasks`` with its database backend): a large upload, a
national document, the daily reminders. A ``Job`` is what the person who started it sees: the stage, how far it got,
and the result (counts, errors by row, or a file to download). The web processes keep nothing in memory: the file
uploaded and the file made are stored here, so any web process or worker can serve them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT = "import", _("Data import")
    DOCUMENT = "document", _("Report document")
    REMINDERS = "reminders", _("Reminders")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")  # the work ran and found errors in what it was given: nothing changed
    FAILED = "failed", _("Failed")  # something went wrong on the server: nothing changed


FINISHED = (JobState.DONE, JobState.REFUSED, JobState.FAILED)


class Stage(models.TextChoices):
    WAITING = "", _("Waiting for a worker")
    READING = "reading", _("Reading the file")
    CHECKING = "checking", _("Checking the rows")
    WRITING = "writing", _("Saving the values")
    RENDERING = "rendering", _("Making the document")
    SENDING = "sending", _("Sending the reminders")
    FINISHED = "finished", _("Finished")


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default="", blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)  # rows read, checked or written so far
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)  # the file uploaded, or the document asked for
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    payload = models.BinaryField(_("file uploaded"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    output = models.BinaryField(_("file made"), null=True, blank=True)
    output_name = models.CharField(max_length=200, blank=True)
    output_type = models.CharField(max_length=100, blank=True)
    message = models.TextField(_("why it failed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    touched_at = models.DateTimeField(null=True, blank=True)  # the last sign of life of the worker running it
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
