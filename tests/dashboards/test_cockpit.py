"""The ministry's deadline cockpit (issue 16, problem 9): the plans card speaks of annual plans, the "Overdue" count
agrees with the rows that show an overdue badge, rows come by urgency, and the actions fit on one line."""

import re
from datetime import date

import pytest

from dashboards import selectors
from plans.models import PlanKind
from reports.services import report_for, report_update
from tests.conftest import vi_text
from tests.plans.test_funding import make_plan
from tests.reports.conftest import TEXTS

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def tay_ninh_done(tay_ninh, persona, agency, sent_copy):
    """Tây Ninh issued its 2026 annual plan and sent its 2026 report: it owes nothing past a deadline."""
    focal = persona("focal")
    make_plan(tay_ninh, focal, agency("y_te"), kind=PlanKind.ANNUAL, start=2026)
    report = report_update(report=report_for(unit=tay_ninh, kind="annual", year=2026), by=focal, data=TEXTS)
    sent_copy(report, by=focal)
    return tay_ninh


def test_the_plans_card_speaks_of_annual_plans(client_as, tay_ninh_done):
    """Problem 9: the card "Kế hoạch năm 1/34" had a subtitle about the five-year plan."""
    html = _text(client_as("ministry_officer").get("/cockpit/?year=2026"))
    card = html[html.index('id="plans"') :]
    card = card[: card.index("</section>")]
    assert "1/34" in card
    assert vi_text("Five-year plan").lower() not in card.lower() and "5 năm" not in card
    assert "ngày 31 tháng 03 năm 2026" in card  # the annual plans' deadline
    assert "33" in card  # 33 provinces have not issued theirs after 31 March


def test_the_overdue_count_agrees_with_the_rows_that_show_overdue(client_as, tay_ninh_done):
    """Problem 9: "Quá hạn (0)" stood beside rows showing overdue plans. One rule (CockpitRow.overdue) now makes the
    badges in the rows, the count beside the filter and the filter's rows."""
    client = client_as("ministry_officer")
    html = _text(client.get("/cockpit/?year=2026"))
    overdue_word = vi_text("overdue")
    rows = re.findall(r'<tr data-province="(\d+)">(.*?)</tr>', html)
    assert len(rows) == 34
    shown = {code for code, row in rows if f'<span class="badge bad">{overdue_word}</span>' in row}
    link = re.search(rf'state=overdue"[^>]*>{vi_text("Overdue")} \((\d+)\)</a>', html)
    assert link and int(link.group(1)) == len(shown) == 33
    assert "80" not in shown
    filtered = client.get("/cockpit/?year=2026&state=overdue")
    assert {r.province.code for r in filtered.context["rows"]} == shown


def test_the_rows_come_by_urgency_not_by_code(client_as, tay_ninh_done):
    """Problem 9: rows were ordered by code. Overdue first, then the nearest deadline, then the province's name."""
    rows = client_as("ministry_officer").get("/cockpit/?year=2026").context["rows"]
    assert rows[-1].province.code == "80"  # nothing overdue, nothing left to do
    overdue = [r for r in rows if r.overdue]
    assert rows[: len(overdue)] == overdue
    names = [selectors.vi_sort_key(selectors.short_name(r.province.name)) for r in overdue]
    assert names == sorted(names)
    assert overdue[0].province.name.endswith("An Giang")  # the alphabet, not code 01 (Hà Nội)


def test_the_nearest_deadline_comes_before_a_later_one(tay_ninh, persona, agency):
    """Problem 9: among rows not overdue, the one whose next deadline is nearest comes first."""
    make_plan(tay_ninh, persona("focal"), agency("y_te"), kind=PlanKind.ANNUAL, start=2027)
    rows = selectors.cockpit(2027)["rows"]
    assert not any(r.overdue for r in rows)
    assert rows[-1].province.code == "80"  # its plan is issued: next is the figures' deadline, later
    assert rows[0].next_deadline == date(2027, 3, 31) < rows[-1].next_deadline


def test_the_actions_are_one_link_and_a_menu(client_as, tay_ninh_done):
    """Problem 9: the actions column wrapped to four lines. Now one link and a menu holding the others."""
    html = _text(client_as("ministry_officer").get("/cockpit/?year=2026"))
    cell = html[html.index('<td class="actions-cell">') :]
    cell = cell[: cell.index("</td>")]
    before_menu = cell[: cell.index("<details")]
    assert before_menu.count("<a ") == 1 and vi_text("What is owed") in before_menu
    assert "/reports/" in cell[cell.index("<details") :]


def test_the_national_plans_card_speaks_of_annual_plans_too(client_as, tay_ninh_done):
    """Problem 9: the national overview's card of annual plans had the same subtitle about five-year plans."""
    html = _text(client_as("ministry_officer").get("/dashboard/?year=2026"))
    card = html[html.index('id="plans"') :]
    card = card[: card.index("</section>")]
    assert "1/34" in card and "5 năm" not in card and "ngày 31 tháng 03 năm 2026" in card and "33" in card
