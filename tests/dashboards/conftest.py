from datetime import date

import pytest
from django.utils import timezone

from reports.models import Submission
from reports.services import report_for, report_update
from tests.datavalues.conftest import enter
from tests.reports.conftest import TEXTS
from units.selectors import provinces_on, unit_resolve


def ratio(code: str, unit, year: int, numerator, denominator, sex: str = "total") -> None:
    enter(code, "numerator", unit, year, numerator, sex=sex)
    enter(code, "denominator", unit, year, denominator, sex=sex)


@pytest.fixture
def former(db):
    """Long An (80) and old Tây Ninh (72), the provinces of 2024 merged into today's Tây Ninh."""
    return unit_resolve(code="80", on=date(2024, 1, 1)), unit_resolve(code="72", on=date(2024, 1, 1))


@pytest.fixture
def m21_history(tay_ninh, former):
    """M2.1 in Tây Ninh: 2023 and 2024 entered against the two former provinces, 2025 and 2026 against today's.
    Summed parts: 2023 (100+60)/(300+100) = 40%, 2024 (110+70)/(300+100) = 45%, 2025 46%, 2026 48%."""
    long_an, old_tay_ninh = former
    ratio("M2.1", long_an, 2023, 100, 300)
    ratio("M2.1", old_tay_ninh, 2023, 60, 100)
    ratio("M2.1", long_an, 2024, 110, 300)
    ratio("M2.1", old_tay_ninh, 2024, 70, 100)
    ratio("M2.1", tay_ninh, 2025, 184, 400)
    ratio("M2.1", tay_ninh, 2026, 192, 400)
    return tay_ninh


@pytest.fixture
def sent_copy():
    """A submission stored as it is (the service that makes real ones renders a Word document: slow, and tested
    in tests/reports)."""

    def make(report, *, number=1, status="submitted", on_time=True, by):
        return Submission.objects.create(
            report=report,
            number=number,
            submitted_at=timezone.now(),
            submitted_by=by,
            deadline=date(report.year, 12, 10),
            on_time=on_time,
            snapshot={},
            docx=b"PK",
            sha256="0" * 64,
            status=status,
        )

    return make


def data_in(provinces, year: int = 2026) -> None:
    """M2.1 for ``year`` in each of ``provinces``, a different share in each."""
    for n, province in enumerate(provinces):
        ratio("M2.1", province, year, 100 + n, 200)


def reports_in(provinces, persona, sent_copy) -> None:
    """A 2026 annual report with texts in each province, every other one sent."""
    focal = persona("focal")
    for n, province in enumerate(provinces):
        report = report_update(
            report=report_for(unit=province, kind="annual", year=2026), by=focal, data=TEXTS
        )
        if n % 2:
            sent_copy(report, by=focal)


def all_provinces():
    return list(provinces_on(date.today()))
