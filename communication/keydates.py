"""The letter's key dates of a year, from rules (month and day), as a pure function.

``key_dates(2026)`` gives 8 March (International Women's Day), 28 June (Vietnamese Family Day), 20 October
(Vietnamese Women's Day) and the Action Month for gender equality and the prevention of gender-based violence,
15 November - 15 December. The rules come from ``communication/data/key-dates.csv`` unless others are given (the
ministry's edited rules, read by ``communication.selectors.key_dates_for``)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "key-dates.csv"


class RuleLike(Protocol):
    code: str
    name_vi: str
    name_en: str
    start_month: int
    start_day: int
    end_month: int | None
    end_day: int | None
    action_month: bool


@dataclass(frozen=True)
class Rule:
    code: str
    name_vi: str
    name_en: str
    start_month: int
    start_day: int
    end_month: int | None = None
    end_day: int | None = None
    action_month: bool = False


@dataclass(frozen=True)
class KeyDate:
    """One key date (or period) of one year."""

    code: str
    name_vi: str
    name_en: str
    start: dt.date
    end: dt.date
    action_month: bool = False

    @property
    def name(self) -> str:
        """The name in the page's language."""
        lang = get_language() or "vi"
        return self.name_en if lang.startswith("en") and self.name_en else self.name_vi

    @property
    def is_period(self) -> bool:
        return self.end != self.start

    def overlaps(self, start: dt.date, end: dt.date | None = None) -> bool:
        return start <= self.end and (end or start) >= self.start


def day_of(year: int, month: int, day: int) -> dt.date:
    """The date of ``day``/``month`` in ``year``; 29 February falls on the 28th in a common year."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            return dt.date(year, 2, 28)
        raise


@cache
def default_rules() -> tuple[Rule, ...]:
    with DATA.open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["order"]))
    return tuple(
        Rule(
            code=row["code"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            start_month=int(row["start_month"]),
            start_day=int(row["start_day"]),
            end_month=int(row["end_month"]) if row["end_month"] else None,
            end_day=int(row["end_day"]) if row["end_day"] else None,
            action_month=row["action_month"] == "yes",
        )
        for row in rows
    )


def key_dates(year: int, rules: Sequence[RuleLike] | None = None) -> list[KeyDate]:
    """The key dates of ``year``, in date order. A period whose end comes before its start in the calendar
    (20 December - 5 January) ends in the next year."""
    out = []
    for rule in default_rules() if rules is None else rules:
        start = day_of(year, rule.start_month, rule.start_day)
        end = start
        if rule.end_month and rule.end_day:
            end = day_of(year, rule.end_month, rule.end_day)
            if end < start:
                end = day_of(year + 1, rule.end_month, rule.end_day)
        out.append(
            KeyDate(
                code=rule.code,
                name_vi=rule.name_vi,
                name_en=rule.name_en,
                start=start,
                end=end,
                action_month=bool(rule.action_month),
            )
        )
    return sorted(out, key=lambda k: (k.start, k.end, k.code))


def action_month_of(dates: list[KeyDate]) -> KeyDate | None:
    return next((k for k in dates if k.action_month), None)
