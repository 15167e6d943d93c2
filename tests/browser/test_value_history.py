import pytest

from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in
from tests.conftest import vi_text

FILE = "so-lieu-80-2026.csv"


def upload_through_the_page(page, name: str, data: bytes) -> None:
    page.goto(page.base_url + "/data/")
    page.locator("#upload").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    page.locator("#upload").locator("xpath=ancestor::form").locator("button[type=submit]").click()


@pytest.mark.browser
def test_the_history_page_of_a_value_shows_its_grid_edit_and_its_upload_with_the_file_name(page):
    log_in(page, "focal")
    page.goto(page.base_url + "/data/M2.1/2026/")
    for part, typed in (("denominator", "10.000"), ("numerator", "1452,5")):
        field = page.locator(f"[id$=-{part}-total] input[name=value]")
        field.fill(typed)
        field.press("Tab")
        page.locator(f"[id$=-{part}-total]").get_by_text(vi_text("Saved.")).wait_for()
    # then the same value changed by a file, through the upload page
    upload_through_the_page(
        page, FILE, b"indicator,part,unit,year,sex,value\nM2.1,numerator,80,2026,total,1234.5\n"
    )
    page.locator(".msg.success").wait_for()

    page.goto(page.base_url + "/data/M2.1/2026/")
    shoot(page, "vi-focal-grid-history-link")
    page.locator("[id$=-numerator-total]").get_by_role("link", name=vi_text("History")).click()
    page.get_by_role("heading", name=vi_text("History of the value")).wait_for()
    assert page.locator("#current-value").inner_text() == "1.234,5"
    lines = page.locator("#history tbody tr")
    assert lines.count() == 2
    upload, grid = lines.nth(0).inner_text(), lines.nth(1).inner_text()
    assert vi_text("Value changed") in upload and "1.452,5" in upload and "1.234,5" in upload
    assert vi_text("File upload") in upload and FILE in upload
    assert vi_text("Value entered") in grid and "1.452,5" in grid and "Focal" in grid
    shoot(page, "vi-focal-value-history")
