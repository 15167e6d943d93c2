"""Retention of the audit log, if it is ever needed: remove the entries older than a date. The only deletion of
audit entries there is. It must run as the tables' owner (DATABASE_URL, or DATABASE_OWNER_URL when set); the
application's role can neither delete audit entries nor lift the triggers that refuse it (lib/protected.py)."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from audit.services import log_action
from lib.protected import lifted, owner_alias


class Command(BaseCommand):
    help = _("Remove the audit entries written before a date (retention). Runs as the database owner.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", required=True, type=date.fromisoformat, help=_("YYYY-MM-DD, not included.")
        )
        parser.add_argument("--yes", action="store_true", help=_("Remove them; without it, only count them."))
        parser.add_argument(
            "--database", default=None, help=_("The owner's connection (default: as configured).")
        )

    def handle(self, *args, before: date, yes: bool, database: str | None, **options):
        if before > date.today() - timedelta(days=365):
            raise CommandError(
                _("Entries of the last twelve months are always kept; choose an earlier date.")
            )
        alias = database or owner_alias()
        old = AuditEntry.objects.using(alias).filter(at__date__lt=before)
        count = old.count()
        if not yes:
            self.stdout.write(
                _(
                    "%(count)s audit entries were written before %(date)s. Run again with --yes to remove them."
                )
                % {"count": count, "date": before.isoformat()}
            )
            return
        try:
            with lifted(using=alias):
                removed = old._raw_delete(alias)  # the queryset's delete() refuses; this is the one way
        except DatabaseError as exc:
            raise CommandError(
                _("The database refused (%(error)s): run this as the owner of the tables.") % {"error": exc}
            ) from exc
        log_action(
            actor=None,
            action="audit.prune",
            obj=AuditEntry,
            object_id="-",
            object_repr=_("Audit log"),
            after={"before": before.isoformat(), "removed": removed},
        )
        self.stdout.write(_("%(count)s audit entries removed.") % {"count": removed})
