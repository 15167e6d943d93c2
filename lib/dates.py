"""Dates in the official Vietnamese form."""

from datetime import date


def vn_long_date(value: date) -> str:
    """'ngày 05 tháng 01 năm 2026': two-digit day and month, as Decree 30/2020/NĐ-CP wants."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def year_end(year: int) -> date:
    """The date a yearly figure refers to when the year is all that is known."""
    return date(year, 12, 31)
