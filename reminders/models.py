"""Every reminder e-mail sent, once: the key (recipient, the day the reminder was due, kind) is unique, and the row is
written in the same transaction as the sending, so a second run finds it and sends nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DATA = "data", _("Figures still to enter")
    DIGEST = "digest", _("Digest for the focal officer")


class ReminderLog(models.Model):
    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    due_on = models.DateField(_("reminder day"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "units.AdminUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+", null=True
    )
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.key
