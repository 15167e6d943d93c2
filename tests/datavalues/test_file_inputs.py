"""Issue 16, problem 1: the browser's own "Choose File / No file chosen" showed in English on Vietnamese pages.
Every file input of the application is the project's picker (``templates/_file_input.html``): the browser's
button out of sight, a label "Chọn tệp…" and the chosen name beside it."""

import re

import pytest

from plans.models import PlanKind
from plans.services import plan_create
from tests.conftest import vi_text

pytestmark = pytest.mark.django_db

FILE_INPUT = re.compile(r"<input[^>]*type=\"file\"[^>]*>")


def pickers(page: str) -> list[str]:
    inputs = FILE_INPUT.findall(page)
    assert inputs, "the page has no file input"
    return inputs


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("focal", "/data/?year=2026"),
        ("ministry_officer", "/exchange/"),
        ("ministry_admin", "/exchange/dhis2/"),
        ("ministry_admin", "/indicators/import/"),
        ("focal", "/questions/new/"),
    ],
)
def test_problem_1_every_file_input_is_the_vietnamese_picker(client_as, who, url):
    """Problem 1 (file picker): each file input carries data-file-picker and its label says "Chọn tệp…"."""
    page = client_as(who).get(url).content.decode()
    for tag in pickers(page):
        assert "data-file-picker" in tag, tag
        found = re.search(r'id="([^"]+)"', tag)
        assert found and f'<label for="{found.group(1)}" class="button secondary file-picker-button">' in page
    assert vi_text("Choose a file…") == "Chọn tệp…"
    assert "Chọn tệp…" in page and vi_text("No file chosen yet") in page
    assert "Choose File" not in page and "No file chosen" not in page


def test_problem_1_the_plan_page_imports_targets_through_the_picker(client_as, tay_ninh, persona):
    """Problem 1 on the plan page ("Choose File / No file chosen" beside "Nhập chỉ tiêu từ XLSX")."""
    plan = plan_create(province=tay_ninh, kind=PlanKind.FIVE_YEAR, start_year=2021, by=persona("focal"))
    page = client_as("focal").get(f"/plans/{plan.pk}/").content.decode()
    [tag] = pickers(page)
    assert "data-file-picker" in tag and 'accept=".xlsx"' in tag and "required" in tag
    assert "Chọn tệp…" in page


def test_the_questions_picker_takes_several_files(client_as):
    page = client_as("focal").get("/questions/new/").content.decode()
    [tag] = pickers(page)
    assert "multiple" in tag and "data-file-picker" in tag
