"""What every record a person edits through a form carries (DEVELOPERS.md rule 11)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """``created_at``, ``updated_at`` and ``lock_version``: the version is raised by every save through
    ``lib.locking.bump_version``, a conditional UPDATE, so a save made from an older version is refused and two
    people editing the same record never overwrite each other. Forms that edit such a record are
    ``lib.forms.VersionedForm``s (a test walks every form)."""

    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    lock_version = models.PositiveIntegerField(
        default=0, editable=False, help_text="Raised on every save; stops lost updates."
    )

    class Meta:
        abstract = True
