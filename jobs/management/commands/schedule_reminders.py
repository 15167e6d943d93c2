from django.core.management.base import BaseCommand

from jobs.services import schedule_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily reminders job (07:00 tomorrow, or today if that is still ahead) unless one is queued "
        "already. Each run queues the next, so this is needed once, when the system is installed; running it "
        "again is harmless. The worker (`manage.py db_worker`) runs it."
    )

    def handle(self, *args, **options):
        job = schedule_reminders()
        if job is None:
            self.stdout.write("Việc nhắc hằng ngày đã có trong hàng đợi.")
        else:
            self.stdout.write("Đã xếp việc nhắc hằng ngày vào hàng đợi.")
