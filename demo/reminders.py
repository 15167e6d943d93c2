"""Demo reminders: the ones due 14 days before the current cycle's deadline, "sent" to a mailbox in memory (the
demo's addresses do not exist), so the "Reminders" page shows what people receive."""

from datetime import timedelta

from django.core.mail import get_connection

from reminders.models import ReminderLog
from reminders.services import send_reminders
from reports.selectors import current_cycle_year, deadline_of


def demo_reminders_load() -> None:
    if ReminderLog.objects.exists():
        return
    year = current_cycle_year()
    if year > 2030:
        return
    day = deadline_of(year) - timedelta(days=14)
    send_reminders(today=day, connection=get_connection("django.core.mail.backends.locmem.EmailBackend"))
