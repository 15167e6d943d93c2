"""When reminders are due: pure functions, no database.

Each deadline (figures, annual plan, annual report of a year) has reminder days 14, 7, 3 and 1 days before it, on
the day, and 1 and 7 days after it. A run of the command sends what fell due today, or up to ``GRACE_DAYS`` days
before if the scheduler missed a run; when several reminder days of one deadline fell in that window, only the most
recent counts."""

from dataclasses import dataclass
from datetime import date, timedelta

OFFSETS = (14, 7, 3, 1, 0, -1, -7)  # days before the deadline (negative: after it)
GRACE_DAYS = 2
KINDS = ("data", "plan", "report")


@dataclass(frozen=True)
class Occasion:
    kind: str  # "data", "plan" or "report"
    year: int
    deadline: date
    offset: int

    @property
    def day(self) -> date:
        """The day this reminder is due."""
        return self.deadline - timedelta(days=self.offset)

    @property
    def overdue(self) -> bool:
        return self.offset < 0


def occasions(today: date, deadlines: dict[tuple[str, int], date], grace: int = GRACE_DAYS) -> list[Occasion]:
    """The reminders due on ``today`` for each (kind, year) → deadline."""
    found = []
    earliest = today - timedelta(days=grace)
    for (kind, year), deadline in sorted(deadlines.items()):
        due = [
            Occasion(kind, year, deadline, offset)
            for offset in OFFSETS
            if earliest <= deadline - timedelta(days=offset) <= today
        ]
        if due:
            found.append(max(due, key=lambda o: o.day))
    return found


def days_phrase(occasion: Occasion) -> str:
    """'còn 7 ngày', 'hôm nay là hạn cuối' or 'đã quá hạn 1 ngày' (reminders are written in Vietnamese)."""
    if occasion.offset > 0:
        return f"còn {occasion.offset} ngày"
    if occasion.offset == 0:
        return "hôm nay là hạn cuối"
    return f"đã quá hạn {-occasion.offset} ngày"
