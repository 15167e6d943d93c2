"""What every record a person edits through a form carries (DEVELOPERS.md rule 11), declared once here."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stamped(models.Model):
    """When the record was created and last changed. ``updated_at`` is ``auto_now``: a save with
    ``update_fields`` names it to move it; ``QuerySet.update`` leaves it."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class Lockable(models.Model):
    """``lock_version``, raised by every save through ``lib.locking.bump_version``, a conditional UPDATE, so a save
    made from an older version is refused and two people editing the same record never overwrite each other.
    Forms that edit such a record are ``lib.forms.VersionedForm``s (a test walks every form). On its own for a
    record that has its own dates (a publication, a budget line of a plan, a rule of the calendar)."""

    lock_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised on every save; stops lost updates."
    )

    class Meta:
        abstract = True


class Versioned(Stamped, Lockable):
    """``created_at``, ``updated_at`` and ``lock_version``: what a record a person edits carries."""

    class Meta:
        abstract = True
