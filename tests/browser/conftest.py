"""Browser tests drive Debian's Chromium through Playwright against a live server.

They are marked ``browser``; `make test` runs them, `make test-fast` leaves them out. Chromium missing is an
error, not a skip: CI installs it (.ci/run) and so does a developer (`apt-get install chromium`)."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import load_reference_and_personas

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium or set CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_data(transactional_db):
    """Transactional tests empty the tables afterwards, so each browser test loads what it needs itself."""
    load_reference_and_personas()


@pytest.fixture
def page(browser, live_server, live_data):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def shoot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def menu(page, label: str):
    """The main menu's link named ``label``, its group opened first: the menu groups its pages under at most six
    entries (``<details>``), so a page's link shows once its group is open."""
    link = page.get_by_role("navigation").get_by_role("link", name=label, exact=True, include_hidden=True)
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    return link
