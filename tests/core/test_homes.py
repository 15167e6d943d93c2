"""Each role's home is its to-do list (issue 16, problem 4), the menu is grouped (problem 10), and the home and
header name the unit instead of printing its code (problem 5's "80")."""

import re
from datetime import date

import pytest
from django.urls import resolve

from reports.selectors import current_cycle_year, data_deadline_of
from reports.services import report_for, report_submit, report_update
from tests.conftest import vi_text
from tests.datavalues.conftest import enter
from tests.questions.conftest import ask
from tests.reports.conftest import TEXTS

pytestmark = pytest.mark.django_db

# The URL names the flat menu offered each persona before it was grouped (issue 16): the groups must keep every one.
MINISTRY = {
    "agency_list", "audit_list", "cockpit", "communication_home", "coordination_matrix", "cycle_list",
    "dashboard_home", "funding_nation", "guidance_list", "home", "indicator_catalogue", "inspection_home",
    "plan_compare", "plan_list", "programme_list", "publication_list", "question_list", "report_list", "unit_list",
}  # fmt: skip
PROVINCE = {
    "agency_list", "communication_home", "coordination_matrix", "cycle_list", "dashboard_home", "funding",
    "guidance_list", "home", "indicator_catalogue", "inspection_home", "plan_list", "programme_list",
    "report_list", "unit_list",
}  # fmt: skip
MENU_BEFORE = {
    "ministry_admin": MINISTRY | {"reminder_list"},
    "ministry_officer": MINISTRY | {"reminder_list"},
    "ministry_viewer": MINISTRY,
    "focal": PROVINCE | {"audit_list", "data_worklist", "question_list", "reminder_list"},
    "department": PROVINCE | {"data_worklist", "my_tasks", "question_list"},
    "commune": PROVINCE | {"data_worklist"},
    "province_viewer": PROVINCE | {"audit_list", "question_list"},
    "outsider": PROVINCE | {"audit_list", "data_worklist", "question_list", "reminder_list"},
}


def _nav(html: str) -> str:
    return re.search(r'<nav class="mainnav grouped".*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize("who", sorted(MENU_BEFORE))
def test_the_grouped_menu_keeps_every_page_of_each_role_under_at_most_six_entries(client_as, who):
    """Problem 10: the menu had 20-21 links in two or three rows. Now at most six top-level entries, and every page
    the flat menu offered the role is still reachable from them (and no page it did not offer)."""
    nav = _nav(client_as(who).get("/").content.decode())
    top = re.findall(r'<li class="nav-group', nav)
    assert 1 < len(top) <= 6
    reachable = {resolve(href).url_name for href in re.findall(r'href="([^"?#]+)', nav)}
    assert reachable == MENU_BEFORE[who]


def test_the_group_of_the_current_page_is_marked_and_opens_without_javascript(client_as):
    """Problem 10: the groups are <details> (keyboard and no-JavaScript friendly); a grid under /data/ marks the
    data group, whose summary says it holds the current page."""
    html = client_as("focal").get("/data/").content.decode()
    nav = _nav(html)
    assert nav.count("<details>") >= 4 and nav.count("<summary") == nav.count("<details>")
    current = re.findall(r'<li class="nav-group current">\s*<details>\s*<summary[^>]*>([^<]+)</summary>', nav)
    assert current == [vi_text("Data")] or current == ["Số liệu"]
    assert 'href="/data/" aria-current="page"' in nav


def test_the_home_and_header_name_the_province_not_its_code(client_as):
    """Problem 5: the home printed "Tỉnh, thành phố của bạn 80". The province is named in the header and the home,
    and no card shows its bare code."""
    html = client_as("focal").get("/").content.decode()
    assert '<span class="who-unit">Tỉnh Tây Ninh</span>' in html
    assert '<span class="home-unit">Tỉnh Tây Ninh</span>' in html
    assert vi_text("Your province") not in html
    assert not re.search(r'class="stat">\s*80\s*<', html)
    ministry = client_as("ministry_officer").get("/").content.decode()
    assert '<span class="who-unit">Bộ Nội vụ</span>' in ministry


def test_the_home_no_longer_prints_raw_audit_lines(client_as, tay_ninh):
    """Problem 5 and 1: the home's "recent changes" printed English codes ("M6.1 numerator · 28243"); the home is
    now the to-do list and the audit log stays on its own page."""
    enter("M3.4", "numerator", tay_ninh, current_cycle_year(), 6)
    html = client_as("focal").get("/").content.decode()
    assert vi_text("Recent changes") not in html
    assert "numerator" not in html


def test_the_department_officer_sees_the_parts_his_agency_owes_with_due_date_and_link_to_the_grid(
    client_as, tay_ninh
):
    """Problem 4: tn.yte's home showed the province's report and its deadline, not what his department owes. Now
    each indicator with a part not entered is an item with its due date and one click into the grid; an item
    goes once its parts are entered."""
    year = current_cycle_year()
    client = client_as("department")
    response = client.get("/")
    html = response.content.decode()
    grid = f'href="/data/M3.4/{year}/?unit={tay_ninh.pk}"'
    assert grid in html
    due = data_deadline_of(year).strftime("%d/%m/%Y")
    item = re.search(re.escape(grid) + r".*?</li>", html, re.S).group(0)
    assert due in item
    assert vi_text("Not entered: %(parts)s").split(":")[0] in item
    assert client.get(f"/data/M3.4/{year}/?unit={tay_ninh.pk}").status_code == 200  # the link opens the grid
    enter("M3.4", "numerator", tay_ninh, year, 6)
    enter("M3.4", "denominator", tay_ninh, year, 10)
    assert grid not in client.get("/").content.decode()


def test_the_items_are_ordered_by_deadline(persona, tay_ninh):
    """Problem 4: the to-do list is ordered by deadline (items without one last)."""
    from core.todo import todo_for

    items = todo_for(persona("focal"), current_cycle_year()).items
    assert items
    dues = [i.due or date.max for i in items]
    assert dues == sorted(dues)


def test_the_commune_officer_sees_what_the_commune_owes(client_as, persona):
    """Problem 4: the commune officer's home lists the commune's parts, each linking to the commune's grid."""
    commune = persona("commune").unit
    html = client_as("commune").get("/").content.decode()
    links = re.findall(r'class="todo-title" href="/data/[^/]+/\d+/\?unit=(\d+)"', html)
    assert links and set(links) == {str(commune.pk)}


def test_the_focal_officer_sees_what_blocks_the_report(client_as, tay_ninh):
    """Problem 4: the focal officer sees the departments that still owe figures (count and link), the report's
    unwritten sections, and the countdown to the deadline."""
    html = client_as("focal").get("/").content.decode()
    health = re.search(
        r'class="todo-title" href="/data/completeness/\?year=\d+">Sở Y tế</a>.*?</li>', html, re.S
    )
    assert health is not None
    assert re.search(r"\d+ thành phần chưa nhập", health.group(0))
    assert vi_text("Still to write: %(sections)s.").split(":")[0] in html
    assert 'class="card deadline"' in html


def test_the_ministry_sees_reports_waiting_for_its_decision_and_open_questions(client_as, persona, tay_ninh):
    """Problem 4: the ministry's home did not show the reports waiting for its decision. A submitted report is an
    item linking to it; so is an open question from a province."""
    year = current_cycle_year()
    enter("M2.1", "numerator", tay_ninh, year, 273)
    enter("M2.1", "denominator", tay_ninh, year, 600)
    report = report_update(
        report=report_for(unit=tay_ninh, kind="annual", year=year), by=persona("focal"), data=TEXTS
    )
    report_submit(report=report, by=persona("focal"))
    question = ask(persona, tay_ninh, title="Cách tính M2.3 (thử)")
    html = client_as("ministry_officer").get("/").content.decode()
    item = re.search(
        rf'href="/reports/80/annual/{year}/#submissions">Tỉnh Tây Ninh · {year}</a>.*?</li>', html, re.S
    )
    assert item is not None
    assert f'href="/questions/{question.pk}/">Cách tính M2.3 (thử)</a>' in html
    # a read-only ministry viewer decides nothing: a summary, no decision items
    viewer = client_as("ministry_viewer").get("/").content.decode()
    assert "#submissions" not in viewer and 'class="card home-summary"' in viewer


@pytest.mark.parametrize(
    "who, most",
    [("department", 22), ("commune", 14), ("focal", 28), ("ministry_officer", 24), ("province_viewer", 18)],
)
def test_a_home_reads_a_fixed_number_of_queries(
    client_as, tay_ninh, who, most, django_assert_max_num_queries
):
    """Problem 4's homes are set-based: their queries do not grow with indicators, agencies or provinces (these
    counts are without the page caches, which a test's open transaction keeps out of the way)."""
    client = client_as(who)
    with django_assert_max_num_queries(most):
        assert client.get("/").status_code == 200


def test_a_report_of_last_year_waiting_for_a_decision_stays_on_the_ministry_home(
    client_as, persona, tay_ninh
):
    """Problem 4: after a deadline the home turns to the next year; a report of the year before still waiting for
    the ministry's decision must not drop off it."""
    year = current_cycle_year() - 1
    report = report_update(
        report=report_for(unit=tay_ninh, kind="annual", year=year), by=persona("focal"), data=TEXTS
    )
    report_submit(report=report, by=persona("focal"))
    html = client_as("ministry_officer").get("/").content.decode()
    assert f'href="/reports/80/annual/{year}/#submissions">Tỉnh Tây Ninh · {year}</a>' in html


def test_a_written_report_not_yet_sent_asks_the_focal_officer_to_send_it(client_as, persona, tay_ninh):
    """Problem 4: once every section is written, the report's item says it waits to be sent, with a link to the
    send form."""
    year = current_cycle_year()
    report_update(report=report_for(unit=tay_ninh, kind="annual", year=year), by=persona("focal"), data=TEXTS)
    html = client_as("focal").get("/").content.decode()
    assert f'href="/reports/80/annual/{year}/#submit"' in html
    assert vi_text("Every section is written: check it and send it to the ministry") in html
    assert vi_text("Still to write: %(sections)s.").split(":")[0] not in html


def test_a_sent_report_tells_the_focal_officer_it_waits_for_the_ministry(client_as, persona, tay_ninh):
    """Problem 4: once sent, the report no longer asks for work; its item says it waits for the ministry."""
    year = current_cycle_year()
    report = report_update(
        report=report_for(unit=tay_ninh, kind="annual", year=year), by=persona("focal"), data=TEXTS
    )
    report_submit(report=report, by=persona("focal"))
    html = client_as("focal").get("/").content.decode()
    item = re.search(rf'href="/reports/80/annual/{year}/#submissions">.*?</li>', html, re.S)
    assert item is not None and "chờ Bộ quyết định" in item.group(0)
    assert f'href="/reports/80/annual/{year}/#submit"' not in html


def test_values_the_quality_checks_flag_without_a_follow_up_are_on_the_focal_home(client_as, tay_ninh):
    """Problem 4: a value far from its own history that nobody has checked yet is an item linking to the
    data-quality page's open flags."""
    from tests.datavalues.test_quality import _history

    year = current_cycle_year()
    steady = ["1000", "1010", "1020", "1000", "1030", "1010", "1020"][: year - 2021]
    _history(tay_ninh, [*steady, "5000"])
    html = client_as("focal").get("/").content.decode()
    item = re.search(rf'href="/data/quality/\?year={year}&amp;state=open">.*?</li>', html, re.S)
    assert item is not None and "M6.1" in item.group(0)
