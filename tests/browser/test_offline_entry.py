"""Offline entry (issue 18, docs/adr/0010-offline-entry.md): a commune officer keeps working when the connection
drops, what they typed survives a reload and a browser restart, and on reconnect it is saved through the same
checks as any save; a value changed on the server meanwhile is a choice, never an overwrite."""

from decimal import Decimal

import pytest

from accounts.models import Role, User
from accounts.services import user_create
from audit.models import AuditEntry
from datavalues.models import DataValue
from datavalues.services import value_set
from indicators.models import Indicator
from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in
from tests.conftest import PASSWORD, _unit

YEAR = 2026


def new_context(browser, **kwargs):
    return browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", **kwargs)


def open_page(context, base_url):
    page = context.new_page()
    page.base_url = base_url
    return page


def status(page) -> str:
    return page.locator("[data-offline-status]").inner_text()


def wait_status(page, words: str, timeout: int = 30000) -> None:
    page.wait_for_function(
        "w => (document.querySelector('[data-offline-status]') || {}).innerText?.includes(w)",
        arg=words,
        timeout=timeout,
    )


def keep_for_offline(page, grids: list[str]) -> None:
    """Opens the worklist until its grids are kept, then each grid under the worker's control."""
    page.goto(page.base_url + f"/data/?year={YEAR}")
    wait_status(page, "Sẵn sàng làm khi mất mạng", timeout=90000)  # every grid of the worklist fetched
    for url in grids:
        page.goto(page.base_url + url)
        page.wait_for_function("navigator.serviceWorker.controller !== null")


def offline_with_grids_kept(browser, base_url, username: str, grids: list[str]):
    """A new browser where ``username`` signed in, kept ``grids`` for offline work, then lost the connection."""
    context = new_context(browser)
    page = open_page(context, base_url)
    log_in(page, username)
    keep_for_offline(page, grids)
    assert "Không có giá trị nào chờ gửi" in status(page)
    context.set_offline(True)
    return context, page


def type_into(page, cell_id: str, value: str) -> None:
    field = page.locator(f"#{cell_id} input[name=value]")
    field.fill(value)
    field.press("Tab")
    page.locator(f"#{cell_id}.pending").wait_for()


def stored(indicator: str, unit, part: str, sex: str = "total") -> Decimal | None:
    value = DataValue.objects.filter(
        series__indicator__code=indicator, unit=unit, year=YEAR, part=part, sex=sex, option=""
    ).first()
    return value.value if value else None


@pytest.mark.browser
def test_a_commune_officer_enters_values_offline_and_they_are_saved_on_reconnect(
    browser, live_server, live_data
):
    commune = _unit("commune-of-80")
    focal = User.objects.get(username="focal")
    sex_grid = f"/data/M5.1/{YEAR}/?unit={commune.pk}"
    plain_grid = f"/data/M6.1/{YEAR}/?unit={commune.pk}"

    def focal_sets_the_denominator(value, **version):
        value_set(
            indicator=Indicator.objects.get(code="M6.1"),
            part="denominator",
            unit=commune,
            year=YEAR,
            value=Decimal(value),
            by=focal,
            **version,
        )

    # a value the officer sees before going offline, which someone else changes while they are offline
    focal_sets_the_denominator(200)
    context, page = offline_with_grids_kept(browser, live_server.url, "commune", [plain_grid, sex_grid])
    cell = f"cell-{commune.pk}"
    five = {
        f"{cell}-denominator-total": "100",
        f"{cell}-denominator-female": "60",
        f"{cell}-denominator-male": "40",
        f"{cell}-numerator-total": "50",
        f"{cell}-numerator-female": "30",
    }
    for cell_id, value in five.items():
        type_into(page, cell_id, value)
    type_into(
        page, f"{cell}-numerator-male", "20,5"
    )  # not a whole number: refused when it reaches the server
    wait_status(page, "6 giá trị đang chờ gửi")
    assert "Mất mạng" in status(page)
    assert DataValue.objects.filter(series__indicator__code="M5.1").count() == 0
    submit = page.get_by_role("button", name="Gửi cán bộ đầu mối")  # a whole-page post waits for the network
    assert submit.is_disabled() and "Cần có mạng" in submit.get_attribute("title")
    shoot(page, "vi-offline-grid-pending")

    page.goto(page.base_url + plain_grid)  # another grid, offline: served from the kept pages
    type_into(page, f"{cell}-denominator-total", "250")
    wait_status(page, "7 giá trị đang chờ gửi")

    page.reload()  # offline still: the page comes from the worker, the typed values from the queue
    wait_status(page, "7 giá trị đang chờ gửi")
    assert page.locator(f"#{cell}-denominator-total input[name=value]").input_value() == "250"
    assert page.locator(f"#{cell}-denominator-total.pending").count() == 1

    state = context.storage_state(indexed_db=True)  # the browser closed while offline
    context.close()
    # meanwhile, on the server, someone else corrects the value the officer changed offline
    focal_sets_the_denominator(210, expected_version=1)

    context = new_context(browser, storage_state=state)
    page = open_page(context, live_server.url)
    page.goto(page.base_url + sex_grid)  # online again: the queue is sent
    wait_status(page, "Không có giá trị nào chờ gửi")
    assert page.get_by_role("button", name="Gửi cán bộ đầu mối").is_enabled()
    for cell_id, value in five.items():
        part, sex = cell_id.split("-")[2:4]
        assert stored("M5.1", commune, part, sex) == Decimal(value)
    saved = DataValue.objects.filter(series__indicator__code="M5.1")
    assert saved.count() == 5
    for value in saved:  # one audit entry each, by the officer, from the offline sync
        entries = AuditEntry.objects.filter(action="value.set", object_id=str(value.pk))
        assert entries.count() == 1 and entries.get().actor.username == "commune"
    # the invalid value comes back on its cell
    invalid = page.locator(f"#{cell}-numerator-male")
    assert "error" in invalid.get_attribute("class")
    assert "số nguyên" in invalid.locator(".cell-msg").inner_text()
    assert invalid.locator("input[name=value]").input_value() == "20,5"
    assert stored("M5.1", commune, "numerator", "male") is None
    assert "2 giá trị cần bạn xem lại" in status(page) and "Đã lưu 5 giá trị" in status(page)
    attention = page.locator("[data-offline-status] [data-attention] a").all_inner_texts()
    assert any(line.startswith(f"M5.1 · {YEAR} · Tử số · Nam: ") for line in attention)  # the cell, by name
    # the rows' results follow the saved values without a reload: 50 of 100, 30 of 60
    page.wait_for_function(f"document.getElementById('result-{commune.pk}-total').innerText.includes('50')")
    assert page.locator(f"#result-{commune.pk}-female strong").inner_text() == "50,00"
    shoot(page, "vi-offline-grid-synced-with-error")

    # the value changed on the server was not overwritten: the officer chooses
    assert stored("M6.1", commune, "denominator") == Decimal(210)
    page.goto(page.base_url + plain_grid)
    choice = page.locator(f"#{cell}-denominator-total .conflict-choice")
    choice.wait_for()
    assert "210" in choice.inner_text() and "250" in choice.inner_text()
    shoot(page, "vi-offline-grid-conflict-choice")
    choice.get_by_role("button", name="Giữ giá trị của tôi").click()
    page.locator(f"#{cell}-denominator-total").get_by_text("Đã lưu.").wait_for()
    assert stored("M6.1", commune, "denominator") == Decimal(250)
    wait_status(page, "1 giá trị cần bạn xem lại")
    context.close()


@pytest.mark.browser
def test_a_second_user_on_the_same_browser_sees_none_of_the_first_users_values(
    browser, live_server, live_data
):
    commune = _unit("commune-of-80")
    user_create(
        username="commune2",
        password=PASSWORD,
        full_name="Commune Two",
        email="c2@example.invalid",
        role=Role.COMMUNE_OFFICER,
        unit=commune,
        agency=None,
    )
    grid = f"/data/M5.1/{YEAR}/?unit={commune.pk}"
    cell = f"cell-{commune.pk}-denominator-total"
    first = User.objects.get(username="commune").pk
    context, page = offline_with_grids_kept(browser, live_server.url, "commune", [grid])
    type_into(page, cell, "777")
    wait_status(page, "1 giá trị đang chờ gửi")
    kept = page.evaluate("caches.keys()")
    assert any(name.startswith(f"bdg-pages-{first}-") for name in kept)

    # the first officer closes the browser without signing out; a colleague signs in on the same browser
    page.route("**/data/sync/", lambda route: route.abort())  # (before the queue could be sent)
    context.set_offline(False)
    context.clear_cookies()
    page.unroute("**/data/sync/")
    log_in(page, "commune2")
    page.goto(page.base_url + grid)
    wait_status(page, "Không có giá trị nào chờ gửi")
    assert page.locator(f"#{cell} input[name=value]").input_value() == ""
    # nowhere on the page, in its text or its fields (not the raw HTML: a random CSRF token may hold "777")
    fields = page.eval_on_selector_all("input:not([type=hidden]), textarea", "els => els.map(e => e.value)")
    assert "777" not in page.locator("body").inner_text() and not any("777" in v for v in fields)
    kept = page.evaluate("caches.keys()")
    assert not any(name.startswith(f"bdg-pages-{first}-") for name in kept)
    context.set_offline(True)  # offline, the colleague cannot reach the first officer's kept pages either
    page.goto(page.base_url + f"/data/M6.1/{YEAR}/?unit={commune.pk}")  # kept for the first officer only
    assert "chưa được lưu trên máy này" in page.content()  # the worker's own page, not the other's grid
    context.set_offline(False)
    assert stored("M5.1", commune, "denominator") is None  # the colleague's page never sent the other's edit

    # signing out deletes the user's kept pages and queue, after asking when edits wait
    page.goto(page.base_url + grid)
    wait_status(page, "Không có giá trị nào chờ gửi")
    second = User.objects.get(username="commune2").pk
    page.route("**/data/sync/", lambda route: route.abort())
    context.set_offline(True)
    type_into(page, cell, "555")
    context.set_offline(False)
    page.wait_for_timeout(300)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/**")
    assert asked and "chưa được gửi" in asked[0]
    kept = page.evaluate("caches.keys()")
    assert not any(name.startswith(f"bdg-pages-{second}-") for name in kept)
    left = page.evaluate(
        """() => new Promise(done => { const r = indexedDB.open('bdg-offline');
             r.onsuccess = () => { const q = r.result.transaction('edits').objectStore('edits').getAll();
               q.onsuccess = () => done(q.result.map(e => [e.user, JSON.stringify(e)])); }; })"""
    )
    assert [user for user, _row in left] == [str(first)]  # the colleague's own edit is gone
    # the first officer's unsent edit waits for them, its figure sealed under their key: not readable here
    assert "777" not in left[0][1] and '"sealed"' in left[0][1]

    # the first officer signs in again: their edit is read and sent, nothing typed was lost
    page.unroute("**/data/sync/")
    log_in(page, "commune")
    page.goto(page.base_url + grid)
    wait_status(page, "Không có giá trị nào chờ gửi")
    assert stored("M5.1", commune, "denominator") == Decimal(777)
    context.close()


@pytest.mark.browser
def test_a_sync_whose_answer_is_lost_is_retried_without_writing_anything_twice(
    browser, live_server, live_data
):
    commune = _unit("commune-of-80")
    grid = f"/data/M5.1/{YEAR}/?unit={commune.pk}"
    context, page = offline_with_grids_kept(browser, live_server.url, "commune", [grid])
    cell = f"cell-{commune.pk}-denominator"
    for sex, value in (("total", "90"), ("female", "50"), ("male", "40")):
        type_into(page, f"{cell}-{sex}", value)
    wait_status(page, "3 giá trị đang chờ gửi")
    calls = []

    def lose_the_first_answer(route):
        calls.append(route.request.post_data_json)
        if len(calls) == 1:
            route.fetch()  # the server receives the batch and saves it; its answer never reaches the page
            route.abort()
        else:
            route.continue_()

    page.route("**/data/sync/", lose_the_first_answer)
    context.set_offline(False)
    wait_status(page, "thử lại lúc")  # the page says it will try again, and the edits still wait
    assert "3 giá trị đang chờ gửi" in status(page)
    saved = DataValue.objects.filter(series__indicator__code="M5.1", unit=commune)
    assert saved.count() == 3  # the lost batch was saved on the server
    wait_status(page, "Không có giá trị nào chờ gửi")  # the retry, a few seconds later
    assert len(calls) == 2 and calls[0]["edits"] == calls[1]["edits"]
    assert {v.version for v in saved.all()} == {1}  # sent twice, written once
    assert (
        AuditEntry.objects.filter(action="value.set", object_id__in=[str(v.pk) for v in saved]).count() == 3
    )
    assert "cần bạn xem lại" not in status(page)  # recognised as saved, not shown as a conflict
    context.close()


INJECT = """([db, rows]) => new Promise((done, fail) => {
  const open = indexedDB.open(db);
  open.onerror = () => fail(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction('edits', 'readwrite');
    rows.forEach(row => tx.objectStore('edits').put(row));
    tx.oncomplete = () => { open.result.close(); done(rows.length); };
    tx.onerror = () => fail(tx.error);
  };
})"""

WATCH_PROGRESS = """() => {
  window.progressSeen = [];
  const line = document.querySelector('[data-offline-status] [data-progress]');
  new MutationObserver(() => window.progressSeen.push(line.textContent))
    .observe(line, {childList: true, characterData: true, subtree: true});
}"""


PART_LABELS = {"denominator": "Mẫu số", "numerator": "Tử số"}
SEX_LABELS = {"total": "Tổng số", "female": "Nữ", "male": "Nam"}


def queued_edits(user: User, unit, count: int) -> list[dict]:
    """``count`` edits as the page queues them (without WebCrypto they are kept unsealed, as on plain HTTP):
    the commune's figures of two years by sex, some refused by the server (an indicator not split by sex, a year
    the commune did not exist in)."""
    edits = []
    for indicator in Indicator.objects.order_by("code").values_list("code", flat=True):
        for year in (2024, 2025, 2026):
            for part, values in (("denominator", (100, 60, 40)), ("numerator", (40, 25, 15))):
                for sex, value in zip(("total", "female", "male"), values, strict=True):
                    key = "|".join(map(str, (user.pk, indicator, part, unit.pk, year, sex, "")))
                    edits.append(
                        {
                            "key": key,
                            "user": str(user.pk),
                            "indicator": indicator,
                            "part": part,
                            "unit": unit.pk,
                            "year": year,
                            "sex": sex,
                            "option": "",
                            "value": str(value),
                            "comment": "",
                            "version": 0,
                            "grid": "",
                            "page": f"/data/{indicator}/{year}/?unit={unit.pk}",
                            "label": f"{PART_LABELS[part]} · {SEX_LABELS[sex]}",
                            "typed": 1_800_000_000_000 + len(edits),
                            "state": "pending",
                            "message": "",
                        }
                    )
    assert len(edits) >= count
    return edits[:count]


@pytest.mark.browser
def test_a_long_sync_goes_in_batches_shows_its_progress_and_a_failure_half_way_writes_nothing_twice(
    browser, live_server, live_data
):
    """250 edits wait: they go in two batches (200, then 50), the status line counts them as they go; the second
    batch's answer is lost, so the page tries again later and sends only that batch, which is not written twice."""
    commune = _unit("commune-of-80")
    officer = User.objects.get(username="commune")
    context = new_context(browser)
    page = open_page(context, live_server.url)
    log_in(page, "commune")
    page.goto(page.base_url + f"/data/?year={YEAR}")
    wait_status(page, "Không có giá trị nào chờ gửi")
    context.set_offline(True)
    edits = queued_edits(officer, commune, 250)
    assert page.evaluate(INJECT, ["bdg-offline", edits]) == 250
    page.evaluate(WATCH_PROGRESS)
    sent, answers = [], []

    def lose_the_second_answer(route):
        sent.append(route.request.post_data_json["edits"])
        response = route.fetch()  # the server receives every batch and answers it
        if len(sent) == 2:
            route.abort()  # the second answer never reaches the page
            return
        answers.append(response.json()["results"])
        route.fulfill(response=response)

    page.route("**/data/sync/", lose_the_second_answer)
    context.set_offline(False)  # back online: the page sends what waits
    wait_status(page, "thử lại lúc")
    assert [len(batch) for batch in sent] == [200, 50]
    assert [e["id"] for e in sent[0] + sent[1]] == [e["key"] for e in edits]  # in the order typed, each once
    assert "50 giá trị đang chờ gửi" in status(page)  # the first batch is done with; the second waits
    progress = page.evaluate("window.progressSeen")
    assert "Đang gửi 0/250…" in progress and "Đang gửi 200/250…" in progress

    wait_status(page, "Không có giá trị nào chờ gửi", timeout=60000)  # the retry, a few seconds later
    assert len(sent) == 3 and sent[2] == sent[1]  # only the batch whose answer was lost, again
    assert "Đang gửi 0/50…" in page.evaluate("window.progressSeen")
    results = {r["id"]: r for r in answers[0] + answers[1]}
    assert set(results) == {e["key"] for e in edits}
    saved = [e for e in edits if results[e["key"]]["status"] == "saved"]
    refused = [e for e in edits if results[e["key"]]["status"] == "refused"]
    assert len(saved) + len(refused) == 250 and saved and refused
    assert {r["version"] for r in answers[1] if r["status"] == "saved"} == {1}  # sent twice, written once
    stored_values = DataValue.objects.filter(unit=commune)
    assert sorted((v.series.indicator.code, v.part, v.year, v.sex, v.value) for v in stored_values) == sorted(
        (e["indicator"], e["part"], e["year"], e["sex"], Decimal(e["value"])) for e in saved
    )
    assert {v.version for v in stored_values} == {1}
    entries = AuditEntry.objects.filter(action="value.set", object_id__in=[str(v.pk) for v in stored_values])
    assert entries.count() == len(saved)  # one audit entry a value, none from the batch sent twice
    # the worklist follows without a reload: the denominator of M5.1 for 2026 is entered: 100 in all, 60 women, 40 men
    m51 = page.locator("#worklist tbody tr", has_text="M5.1").filter(has_text="Mẫu số")
    entered = m51.locator("td").nth(4)  # Indicator, Part, Unit, Agency, Entered, Last year, Status
    entered.get_by_text("Nữ: 60").wait_for()
    assert "Tổng số: 100" in entered.inner_text() and "Chưa nhập" not in m51.inner_text()
    assert f"Đã lưu {len(saved)} giá trị" in status(page)  # both batches' saves, counted across the retry
    assert f"{len(refused)} giá trị cần bạn xem lại" in status(page)
    # each value needing attention is named by its indicator, year and cell (as queued), and its unit by name
    attention = page.locator("[data-offline-status] [data-attention] a").all_inner_texts()
    assert "M1.1 · 2025 · Mẫu số · Nữ: Chỉ tiêu M1.1 không phân tổ theo giới tính." in attention
    assert (
        f"M1.1 · 2024 · Mẫu số · Tổng số: {commune.name} (mã {commune.code}) không có hiệu lực trong năm 2024."
        in attention
    )
    shoot(page, "vi-offline-long-sync-done")
    context.close()


@pytest.mark.browser
def test_a_department_officer_enters_its_own_parts_offline_and_they_are_saved_on_reconnect(
    browser, live_server, live_data
):
    """The health department's officer keeps its grids, types its part of M4.1 offline (sending the grid to the
    focal officer waits for the network), the browser restarts, and on reconnect the value is saved once, as its
    own."""
    province = _unit("80")
    grid = f"/data/M4.1/{YEAR}/?unit={province.pk}"
    context, page = offline_with_grids_kept(browser, live_server.url, "department", [grid])
    page.reload()  # offline: the grid comes from the worker
    cell = f"cell-{province.pk}-numerator-total"
    type_into(page, cell, "11.245")
    wait_status(page, "1 giá trị đang chờ gửi")
    assert "Mất mạng" in status(page)
    assert page.get_by_role("button", name="Gửi cán bộ đầu mối").is_disabled()
    shoot(page, "vi-offline-department-pending")
    state = context.storage_state(indexed_db=True)
    context.close()
    assert stored("M4.1", province, "numerator") is None

    context = new_context(browser, storage_state=state)
    page = open_page(context, live_server.url)
    page.goto(page.base_url + grid)  # online again: the queue is sent
    wait_status(page, "Không có giá trị nào chờ gửi")
    assert "Đã lưu 1 giá trị" in status(page)
    assert stored("M4.1", province, "numerator") == Decimal(11245)
    value = DataValue.objects.get(series__indicator__code="M4.1", unit=province, part="numerator")
    entry = AuditEntry.objects.get(action="value.set", object_id=str(value.pk))
    assert entry.actor.username == "department" and entry.context.get("via") == "offline"
    # the cell answered by the server, its value as the grid shows one to edit
    assert page.locator(f"#{cell} input[name=value]").input_value() == "11245"
    context.close()
