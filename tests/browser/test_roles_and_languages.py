import pytest

from tests.browser.conftest import shoot
from tests.conftest import PASSWORD

PAGES = {
    "home": "/",
    "indicators": "/indicators/",
    "indicator": "/indicators/M4.1/",
    "units": "/units/",
    "agencies": "/agencies/",
    "audit": "/audit/",
    "plans": "/plans/",
}
ROLES = ["ministry_admin", "ministry_officer", "focal", "department", "commune", "province_viewer"]
NO_AUDIT = {"department", "commune"}
NAV = {"vi": "Tổng quan", "en": "Overview"}  # the menu's first group


def log_in(page, username):
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(page.base_url + "/")


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_the_main_pages_in_vietnamese_and_english(page, role):
    log_in(page, role)
    for lang in ("vi", "en"):
        if lang == "en":
            page.get_by_role("button", name="English").click()
            page.wait_for_load_state()
        for name, path in PAGES.items():
            response = page.goto(page.base_url + path)
            expected = 403 if (name == "audit" and role in NO_AUDIT) else 200
            assert response.status == expected, (role, lang, name)
            assert page.locator("html").get_attribute("lang") == lang
            assert page.locator("h1").first.is_visible()
            assert page.get_by_role("navigation").get_by_text(NAV[lang], exact=True).is_visible()
            shoot(page, f"{lang}-{role}-{name}")


@pytest.mark.browser
def test_the_unit_browser_finds_a_commune_as_you_type(page):
    log_in(page, "focal")
    page.goto(page.base_url + "/units/")
    page.get_by_role("link", name="Tỉnh Tây Ninh").first.click()
    assert page.get_by_text("Tỉnh Long An").first.is_visible()  # "formerly" history
    page.get_by_label("Tìm xã, phường, đặc khu").fill("Tân")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#commune-table tbody tr')].every(r => r.innerText.includes('Tân'))"
    )
    rows = page.locator("#commune-table tbody tr")
    assert rows.count() > 0
    assert all("Tân" in t for t in rows.all_inner_texts())
    shoot(page, "vi-focal-unit-search")


@pytest.mark.browser
def test_a_ministry_officer_changes_a_target_with_a_reason_and_sees_it_in_the_history(page):
    log_in(page, "ministry_officer")
    page.goto(page.base_url + "/indicators/M2.3/targets/2030/")
    page.get_by_label("Mức chỉ tiêu").fill("31,5")
    page.get_by_role("button", name="Lưu mức chỉ tiêu").click()
    assert page.locator(".errorlist").first.is_visible()  # the reason is required
    page.get_by_label("Lý do thay đổi").fill("Quyết định điều chỉnh số 99")
    page.get_by_role("button", name="Lưu mức chỉ tiêu").click()
    page.wait_for_url(page.base_url + "/indicators/M2.3/")
    assert page.get_by_text("Quyết định điều chỉnh số 99").is_visible()
    shoot(page, "vi-ministry_officer-target-history")
