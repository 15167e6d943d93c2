from django.core.management.base import BaseCommand
from django.utils import translation

from demo.load import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create the demo province's accounts (one per role, marked as demo) and print them. Idempotent."

    def handle(self, *args, **options):
        with translation.override("vi"):
            rows = demo_load()
            self.stdout.write(f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD}):")
            for username, name, role in rows:
                self.stdout.write(f"  {username:<15} {name:<20} {role}")
