"""The framework as of a date and the metadata import, in the browser: the banner, the read-only view, the dry
run's diff table and its confirmation, under the content security policy."""

import json
from decimal import Decimal

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in


@pytest.mark.browser
def test_the_past_framework_and_an_import_seen_and_confirmed(page):
    from accounts.models import User
    from indicators.history import current_framework
    from indicators.metadata import framework_json
    from indicators.models import Indicator
    from indicators.services import target_set

    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    m21 = Indicator.objects.get(code="M2.1")
    target_set(
        indicator=m21,
        year=2030,
        comparator=">=",
        value="62,5",
        by=User.objects.get(username="ministry_admin"),
        reason="Nghị quyết sửa đổi",
    )
    log_in(page, "ministry_officer")

    page.goto(page.base_url + "/indicators/?as_of=2023-06-01")
    assert (
        page.locator("#as-of-banner").inner_text().startswith("Khung chỉ tiêu tại ngày 01 tháng 06 năm 2023")
    )
    row = page.locator("tr", has=page.locator('a[href="/indicators/M2.1/"]'))
    assert "≥ 60" in row.inner_text() and "62,5" not in row.inner_text()
    assert page.locator('a[href="/indicators/new/"]').count() == 0
    shoot(page, "vi-framework-as-of-2023-06-01")

    data = json.loads(framework_json(current_framework()))
    m21_data = next(i for i in data["indicators"] if i["code"] == "M2.1")
    next(t for t in m21_data["targets"] if t["year"] == 2025)["value"] = "57"
    page.goto(page.base_url + "/indicators/import/")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "khung.json", "mimeType": "application/json", "buffer": json.dumps(data).encode()}],
    )
    page.fill("[name=reason]", "Nghị quyết sửa đổi")
    page.get_by_role("button", name="Xem trước thay đổi").click()
    diff = page.locator("#import-diff")
    assert "M2.1" in diff.inner_text() and "≥ 57" in diff.inner_text()
    shoot(page, "vi-framework-import-diff")
    assert m21.targets.get(year=2025).value == 50

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Áp dụng các thay đổi").click()
    page.wait_for_url(page.base_url + "/indicators/")
    assert m21.targets.get(year=2025).value == Decimal("57")
    assert refused == []
