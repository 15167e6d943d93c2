from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from lib.errors import DomainError
from reports.models import ReportingCycle


@transaction.atomic
def cycle_set(*, year: int, deadline: date, call_letter: str = "", outline: str = "", by) -> ReportingCycle:
    """Open or change the reporting cycle of a year. The deadline falls in the year reported on or the next."""
    if not 2021 <= year <= 2030:
        raise DomainError(_("Cycles cover the Strategy's years, 2021 to 2030."), field="year")
    if deadline.year not in (year, year + 1):
        raise DomainError(
            _("The deadline must fall in %(year)s or the year after.") % {"year": year}, field="deadline"
        )
    cycle = ReportingCycle.objects.select_for_update().filter(year=year).first()
    before = None if cycle is None else {"deadline": cycle.deadline, "call_letter": cycle.call_letter}
    if cycle is None:
        cycle = ReportingCycle(year=year)
    cycle.deadline, cycle.call_letter, cycle.outline = deadline, call_letter.strip(), outline.strip()
    cycle.save()
    log_action(
        actor=by,
        action="cycle.set",
        obj=cycle,
        before=before,
        after={"deadline": deadline, "call_letter": cycle.call_letter},
    )
    return cycle
