from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import api_token_issue
from lib.errors import DomainError


class Command(BaseCommand):
    help = "Issue a bearer token for the JSON API to USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng {username!r} (no such user)")
        try:
            self.stdout.write(api_token_issue(user=user))
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
