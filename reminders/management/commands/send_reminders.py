from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reminders.services import send_reminders


class Command(BaseCommand):
    help = (
        "Send the reminder e-mails due today (figures, annual plan, annual report: 14, 7, 3 and 1 days before each "
        "deadline, on the day, 1 and 7 days after) to whoever still owes something. Run it once a day from cron or "
        "a systemd timer; a reminder is never sent twice, so running it again is harmless."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this day (YYYY-MM-DD), e.g. to catch up.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")

    def handle(self, *args, today=None, dry_run=False, **options):
        try:
            day = date.fromisoformat(today) if today else date.today()
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {today} (cần dạng YYYY-MM-DD).") from exc
        outcome = send_reminders(today=day, dry_run=dry_run)
        if dry_run:
            for email, subject, body in outcome.planned:
                self.stdout.write(f"--- {email}: {subject}\n{body}")
            self.stdout.write(f"Sẽ gửi {len(outcome.planned)} thư nhắc việc (chạy thử, chưa gửi).")
        else:
            self.stdout.write(
                f"Đã gửi {len(outcome.sent)} thư nhắc việc; {outcome.already} thư đã gửi trước đó."
            )
        if outcome.no_email:
            self.stdout.write(f"Không có địa chỉ e-mail, chưa nhắc được: {', '.join(outcome.no_email)}.")
