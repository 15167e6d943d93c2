from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from lib.protected import grant_app_role


class Command(BaseCommand):
    help = _(
        "Give the application's PostgreSQL role what it may do: read and write every table, but never delete or "
        "empty the audit log and the submitted reports, nor change what a submission froze. Run as the owner of "
        "the tables after migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help=_("The PostgreSQL role the web processes and workers connect as."))

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError(_("Roles exist only on PostgreSQL; SQLite has none to grant."))
        for statement in grant_app_role(role):
            self.stdout.write(statement)
