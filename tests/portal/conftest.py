"""Values in a chosen state of the workflow, and the mixed data set the "never unpublished" tests read."""

from decimal import Decimal

import pytest

from accounts.models import User
from datavalues.services import value_set, values_transition
from indicators.models import Indicator
from units.selectors import unit_for_year

STEPS = {
    "entered": [],
    "submitted": ["submit"],
    "approved": ["submit", "approve"],
    "accepted": ["submit", "approve", "accept"],
}


def put(code, part, unit, year, value, *, status="accepted", sex="total", by=None, source="", comment=""):
    """Enter a value, then move it through the workflow up to ``status``."""
    saved = value_set(
        indicator=Indicator.objects.get(code=code),
        part=part,
        unit=unit,
        year=year,
        value=Decimal(value),
        sex=sex,
        by=by,
        source=source,
        comment=comment,
        require_comment=False,
    )
    for action in STEPS[status]:
        # the ministry accepts (values_transition refuses anyone else); the others act as ``by``
        actor = User.objects.get(username="ministry_officer") if action == "accept" and by is not None else by
        values_transition(values=[saved], action=action, by=actor)
    saved.refresh_from_db()
    return saved


def pair(code, unit, year, numerator, denominator, *, status="accepted", sex="total", **kwargs):
    put(code, "numerator", unit, year, numerator, status=status, sex=sex, **kwargs)
    put(code, "denominator", unit, year, denominator, status=status, sex=sex, **kwargs)


def unit(code: str, year: int):
    return unit_for_year(code=code, year=year)


SECRET_SOURCE = "NỘI BỘ: bảng tính của Sở, không công bố"
SECRET_COMMENT = "Ghi chú nội bộ: số liệu còn tranh cãi"


@pytest.fixture
def mixed(persona):
    """M2.1 in 2024: Long An and old Tây Ninh accepted (210/600 and 164/400, so today's Tây Ninh 37,4%); Hà Nội
    only approved (613/1000); Cần Thơ's numerator accepted but its denominator only submitted. M2.2 in 2024 only
    submitted. M3.2a in 2024 by sex, accepted for old Tây Ninh. M2.1 in 2023 accepted (33,3%) but its publication
    withdrawn (see ``published``). Values carry a source and a comment that must never be public."""
    focal = persona("focal")
    extra = {"source": SECRET_SOURCE, "comment": SECRET_COMMENT, "by": focal}
    pair("M2.1", unit("80", 2024), 2024, 210, 600, **extra)  # Long An
    pair("M2.1", unit("72", 2024), 2024, 164, 400, **extra)  # old Tây Ninh
    pair("M2.1", unit("01", 2024), 2024, 613, 1000, status="approved")  # Hà Nội
    put("M2.1", "numerator", unit("92", 2024), 2024, 77)  # Cần Thơ: the numerator alone
    put("M2.1", "denominator", unit("92", 2024), 2024, 100, status="submitted")
    pair("M2.2", unit("80", 2024), 2024, 190, 600, status="submitted")
    for sex, numerator, denominator in (("total", 90, 100), ("female", 70, 76), ("male", 20, 24)):
        pair("M3.2a", unit("72", 2024), 2024, numerator, denominator, sex=sex)
    pair("M2.1", unit("80", 2023), 2023, 200, 600)
    pair("M2.1", unit("72", 2023), 2023, 133, 400)


@pytest.fixture
def published(mixed, persona):
    """2023 published then withdrawn; 2024 published."""
    from portal.services import publication_publish, publication_withdraw

    officer = persona("ministry_officer")
    withdrawn = publication_publish(year=2023, by=officer, note="Số liệu năm 2023")
    publication_withdraw(publication=withdrawn, by=officer, reason="Phát hiện sai sót")
    return publication_publish(year=2024, by=officer, note="Số liệu năm 2024 đã được Bộ chấp nhận")
