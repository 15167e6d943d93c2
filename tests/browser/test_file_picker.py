"""Issue 16, problem 1: the browser's own "Choose File / No file chosen" showed on the Vietnamese worklist and plan
pages. The picker is a label in Vietnamese over a hidden but focusable input, and shows the chosen file's name."""

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in


@pytest.mark.browser
def test_problem_1_the_worklist_file_picker_speaks_vietnamese_and_shows_the_chosen_name(page):
    """Problem 1: no "Choose File"/"No file chosen" on the page; the label opens the picker; the name shows."""
    log_in(page, "focal")
    page.goto(page.base_url + "/data/?year=2026")
    picker = page.locator(".file-picker").first
    assert picker.locator("label").inner_text() == "Chọn tệp…"
    assert picker.locator("[data-file-name]").inner_text() == "Chưa chọn tệp"
    text = page.locator("body").inner_text()
    assert "Choose File" not in text and "No file chosen" not in text
    native = page.locator("#upload")
    box = native.bounding_box()
    assert (
        box is not None and box["width"] <= 1 and box["height"] <= 1
    )  # the browser's English button is not seen
    native.focus()  # still reached with the keyboard
    assert page.evaluate("document.activeElement.id") == "upload"
    with page.expect_file_chooser() as chooser:
        picker.locator("label").click()
    chooser.value.set_files(
        files=[{"name": "so-lieu-2026.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK"}]
    )
    assert picker.locator("[data-file-name]").inner_text() == "so-lieu-2026.xlsx"
    shoot(page, "file-picker")
