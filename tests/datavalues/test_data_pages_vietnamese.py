"""Issue 16, problem 1 on the data pages: the worklist said "entered: 10 · submitted: 6 · missing: 21", statuses
"entered", "submitted" beside "chưa nhập", "total:", "female:", "male:" in its cells, and units as their codes.
Every data page, for the focal officer, a department officer and a commune officer, with values in several
states, shows none of these English words or codes in its visible text."""

import re
from html import unescape

import pytest

from datavalues.models import DataValue, ValueStatus
from tests.datavalues.conftest import enter
from units.models import AdminUnit

pytestmark = pytest.mark.django_db

# what leaked before: workflow status codes, sexes, the grid's reload hint, unit codes stored in English
LEAKS = re.compile(
    r"\b(entered|submitted|approved|accepted|returned|missing|not entered|total|female|male|reload|"
    r"times|yes/no|boys per 100 girls|per 100000 live births|per 1000 women aged 15-19|Choose File|No file chosen)\b",
    re.I,
)
PAGES = [
    "/data/?year=2026",
    "/data/M3.2a/2026/",
    "/data/M4.1/2026/",
    "/data/M4.2/2026/",
    "/data/M5.4/2026/",
    "/data/M3.1/2026/",
    "/data/completeness/?year=2026",
    "/data/validation/?year=2026",
    "/data/quality/?year=2026",
    "/data/assignments/",
]


def visible(page: str) -> str:
    """The text a reader sees: no script, style or attribute, no language switch (it names "English" on purpose)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<a [^>]*hreflang="en"[^>]*>.*?</a>', " ", page, flags=re.S)
    page = re.sub(r"<button[^>]*name=\"language\"[^>]*>.*?</button>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def values_in_every_state(tay_ninh):
    enter("M3.2a", "denominator", tay_ninh, 2026, 240)
    enter("M3.2a", "denominator", tay_ninh, 2026, 192, sex="female")
    enter("M3.2a", "denominator", tay_ninh, 2026, 48, sex="male")
    enter("M4.1", "numerator", tay_ninh, 2026, 1120)
    enter("M4.1", "denominator", tay_ninh, 2026, 1000)
    enter("M4.1", "numerator", tay_ninh, 2025, 1100)
    DataValue.objects.filter(series__indicator__code="M4.1").update(status=ValueStatus.SUBMITTED)
    commune = AdminUnit.objects.filter(parent=tay_ninh, level="commune", valid_to__isnull=True).first()
    enter("M6.1", "denominator", commune, 2026, 15000)


@pytest.mark.parametrize("who", ["focal", "department", "commune"])
def test_problem_1_the_data_pages_show_no_english_word_or_unit_code(
    client_as, tay_ninh, values_in_every_state, who
):
    """Problem 1: the worklist's chips, statuses and cells, the grid's units and statuses, completeness, validation,
    quality and assignments pages are all Vietnamese for every role that opens them."""
    client = client_as(who)
    opened = 0
    history = (
        f"/data/values/history/?indicator=M3.2a&part=denominator&unit={tay_ninh.pk}&year=2026&sex=female"
    )
    for url in [*PAGES, history]:
        response = client.get(url)
        if response.status_code == 403:  # a page the role may not open (the access matrix says which)
            continue
        assert response.status_code == 200, url
        opened += 1
        page = response.content.decode()
        # a screen reader reads the cells' names: "Mẫu số · Nữ", never the code "female"
        assert not re.search(r'aria-label="[^"]*\b(total|female|male)\b', page), url
        text = visible(page)
        found = sorted({m.group(0) for m in LEAKS.finditer(text)})
        assert not found, f"{who} {url}: {found}"
    assert opened >= 7
    worklist = visible(client.get("/data/?year=2026").content.decode())
    if who != "commune":
        assert "Tổng số: 240" in worklist or "Tổng số: 1.120" in worklist
