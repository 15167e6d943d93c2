"""Coordination between a province's agencies (letter 1116, section 3): coordination meetings, the decisions they
take and the follow-up of each decision. The responsibility matrix itself is not stored: it is read from the plan
(lead and partner agencies of indicators and tasks) and from the data assignments (who provides each part)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.models import Versioned


class Meeting(Versioned):
    province = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("province"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.ManyToManyField(
        "agencies.Agency", verbose_name=_("participating agencies"), blank=True, related_name="+"
    )
    other_participants = models.TextField(_("other participants"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.title}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    responsible = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("responsible agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    follow_up = models.TextField(_("follow-up"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today) -> bool:
        return self.status == DecisionStatus.OPEN and self.due_on is not None and self.due_on < today
