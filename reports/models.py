"""Reporting cycles set by the ministry: for each year, the deadline of the provinces' annual report and the
outline it follows (the call letter comes each year with its own)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingCycle(models.Model):
    year = models.PositiveSmallIntegerField(_("year reported on"), unique=True)
    deadline = models.DateField(_("deadline"))
    call_letter = models.CharField(
        _("call letter"),
        max_length=200,
        blank=True,
        help_text=_("The ministry's letter that opens the cycle, e.g. 1234/BNV-CTTN&BĐG."),
    )
    outline = models.TextField(_("outline of the report"), blank=True)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} → {self.deadline:%d/%m/%Y}"
