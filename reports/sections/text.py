"""How a report's numbers and words are written in its documents (always Vietnamese, Decree 30/2020's style):
shared by the sections and the document's frame."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from indicators.models import Comparator
from lib.numbers import format_number
from plans.documents import UNITS_VI

SUBMISSION_STATUS_VI = {
    "submitted": "Chờ Bộ xem xét",
    "returned": "Bộ trả lại",
    "accepted": "Bộ đã tiếp nhận",
    "superseded": "Đã thay bằng bản sửa",
}


def fmt(value: str | None, *, yes_no: bool = False) -> str:
    """A snapshot number for the document: Vietnamese format, two decimals at most; '-' when missing."""
    if value is None:
        return "-"
    number = Decimal(value)
    if yes_no:
        return "Có" if number else "Không"
    if number != number.to_integral_value():
        number = number.quantize(Decimal("0.01"))
    return format_number(number)


def number(value: str | None) -> int | float | None:
    """A snapshot number for a spreadsheet cell: a real number officers can sort and total."""
    if value is None:
        return None
    exact = Decimal(value)
    return int(exact) if exact == exact.to_integral_value() else float(round(exact, 4))


def bar(target: Sequence[str | None] | None, *, yes_no: bool = False) -> str:
    """A target as written in the tables: "≥ 60" (the comparator's label), or Có/Không for a yes/no one."""
    if not target:
        return ""
    comparator, value = target
    if comparator is None or value is None:
        return ""
    if yes_no:
        return "Có" if Decimal(value) else "Không"
    return f"{Comparator(comparator).label} {fmt(value)}"


def unit_of(row: dict) -> str:
    return UNITS_VI.get(row["unit"], row["unit"])


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def period_of(snapshot: dict) -> str:
    return {
        "annual": f"năm {snapshot['year']}",
        "midterm": "giai đoạn 2021 - 2025",
        "final": "giai đoạn 2021 - 2030",
    }[snapshot["kind"]]


def is_national(snapshot: dict) -> bool:
    return snapshot["unit"]["level"] == "nation"


def shown_years(snapshot: dict) -> tuple[int, int]:
    """The two years a report's tables show: the year before and the year, or the base year and the review's."""
    year = snapshot["year"]
    return (year - 1, year) if snapshot["kind"] == "annual" else (2020, year)


def vn_day(iso: str, *, year: bool = True) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%d/%m/%Y}" if year else f"{day:%d/%m}"


def n(value: int) -> str:
    return format_number(value)


STRATEGY = "Chiến lược quốc gia về bình đẳng giới giai đoạn 2021 - 2030"


def split_name(name: str) -> tuple[str, str]:
    """ "Tỉnh Tây Ninh" → ("tỉnh", "Tây Ninh"); "Thành phố Hà Nội" → ("thành phố", "Hà Nội")."""
    for prefix, kind in (("Thành phố ", "thành phố"), ("TP. ", "thành phố"), ("Tỉnh ", "tỉnh")):
        if name.startswith(prefix):
            return kind, name[len(prefix) :].strip()
    return "tỉnh", name


def where(snapshot: dict) -> tuple[str, str, str]:
    """(issuing body, the place for the date line, 'trên địa bàn tỉnh X' or '')."""
    if is_national(snapshot):
        return "BỘ NỘI VỤ", "Hà Nội", ""
    kind, bare = split_name(snapshot["unit"]["name"])
    return f"ỦY BAN NHÂN DÂN\n{kind.upper()} {bare.upper()}", bare, f" trên địa bàn {kind} {bare}"


def subject_of(snapshot: dict) -> str:
    kind = snapshot["kind"]
    if kind == "midterm":
        head = f"Sơ kết 5 năm thực hiện {STRATEGY}, giai đoạn 2021 - 2025"
    elif kind == "final":
        head = f"Tổng kết 10 năm thực hiện {STRATEGY}"
    else:
        head = f"Kết quả thực hiện {STRATEGY} năm {snapshot['year']}"
    if is_national(snapshot):
        return head + " (tổng hợp toàn quốc)"
    return head + where(snapshot)[2]
