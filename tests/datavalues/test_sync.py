"""Issue 18, the server side of offline entry: ``POST /data/sync/`` takes the edits typed offline and answers each
(saved, refused or conflict) through the same access decision and checks as a grid cell (ADR 10)."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from datavalues.models import DataValue
from datavalues.selectors import worklist
from tests.conftest import vi_text
from tests.datavalues.conftest import enter
from units.selectors import communes_of

pytestmark = pytest.mark.django_db

YEAR = 2026
FIGURE = {"denominator": "1.000", "numerator": "10", "value": "1"}  # valid whatever the part


def commune_cells(user, n=5):
    """The first ``n`` cells (indicator, part, unit) the commune officer's worklist expects, total only."""
    items = [item for item in worklist(user, YEAR) if item.part.kind in FIGURE]
    assert len(items) >= n
    return [(item.indicator.code, item.part.kind, item.unit) for item in items[:n]]


def edit(code, part, unit, value, *, version=0, n=0, sex="total", render=False, comment=""):
    return {
        "id": f"e{n}",
        "indicator": code,
        "part": part,
        "unit": unit.pk,
        "year": YEAR,
        "sex": sex,
        "option": "",
        "value": value,
        "comment": comment,
        "version": version,
        "render": render,
        "grid": unit.pk,
    }


def send(client, edits):
    return client.post("/data/sync/", data=json.dumps({"edits": edits}), content_type="application/json")


def values_count():
    return DataValue.objects.count(), AuditEntry.objects.filter(action="value.set").count()


@pytest.fixture
def commune_edits(persona):
    cells = commune_cells(persona("commune"))
    return [edit(code, part, unit, FIGURE[part], n=i) for i, (code, part, unit) in enumerate(cells)]


def test_five_offline_edits_are_saved_with_one_audit_entry_each(client_as, commune_edits):
    """Acceptance 1: 5 values typed offline arrive in one batch; each is saved, versioned and audited once, the
    audit entry saying it came from an offline sync."""
    answer = send(client_as("commune"), commune_edits)
    assert answer.status_code == 200
    body = answer.json()
    assert [r["status"] for r in body["results"]] == ["saved"] * 5
    assert [r["id"] for r in body["results"]] == [f"e{i}" for i in range(5)]
    assert [r["version"] for r in body["results"]] == [1] * 5
    assert (body["saved"], body["refused"], body["conflicts"]) == (5, 0, 0)
    audits = AuditEntry.objects.filter(action="value.set")
    assert audits.count() == 5 and {a.context["via"] for a in audits} == {"offline"}
    stored = {
        (v.series.indicator.code, v.part): v.value
        for v in DataValue.objects.select_related("series__indicator")
    }
    assert stored == {
        (e["indicator"], e["part"]): Decimal(e["value"].replace(".", "")) for e in commune_edits
    }


def test_a_batch_sent_again_is_all_saved_without_new_versions_or_entries(client_as, commune_edits):
    """Acceptance (retry): a batch re-sent after its answer was lost comes back saved, with the same versions, and
    writes nothing: no new audit entry, no new version, no false conflict."""
    client = client_as("commune")
    first = send(client, commune_edits).json()
    before = values_count()
    again = send(client, commune_edits).json()
    assert [r["status"] for r in again["results"]] == ["saved"] * 5
    assert [r["version"] for r in again["results"]] == [r["version"] for r in first["results"]] == [1] * 5
    assert values_count() == before == (5, 5)
    assert set(DataValue.objects.values_list("version", flat=True)) == {1}


def test_a_value_changed_on_the_server_meanwhile_comes_back_as_a_conflict(client_as, persona, commune_edits):
    """Acceptance 1 (conflict): the focal officer saved a value after the commune officer read it; the offline
    edit is not written over it: it comes back with the server's value, version, who and when."""
    code, part, unit = commune_edits[0]["indicator"], commune_edits[0]["part"], persona("commune").unit
    enter(code, part, unit, YEAR, "2345", by=persona("focal"))  # saved by someone else meanwhile
    commune_edits[0]["render"] = True
    body = send(client_as("commune"), commune_edits).json()
    conflict = body["results"][0]
    assert conflict["status"] == "conflict" and conflict["field"] == "conflict"
    assert conflict["version"] == 1
    assert conflict["server"]["value"] == "2.345" and conflict["server"]["version"] == 1
    assert conflict["server"]["by"] == "Focal"
    assert (
        "-" not in conflict["server"]["at"] and "/" in conflict["server"]["at"]
    )  # 07/12/2026 15:03, not ISO
    assert "2.345" in conflict["message"] and "Focal" in conflict["message"]
    assert [r["status"] for r in body["results"][1:]] == ["saved"] * 4
    assert body["conflicts"] == 1 and body["saved"] == 4
    kept = DataValue.objects.get(series__indicator__code=code, part=part, unit=unit, year=YEAR)
    assert kept.value == Decimal("2345") and kept.version == 1 and kept.updated_by.username == "focal"
    html = conflict["html"]
    assert 'class="conflict-choice"' in html and 'data-mine="1.000"' in html and 'data-server="2345"' in html
    assert 'data-conflict-keep="mine"' in html and 'data-conflict-keep="server"' in html
    assert vi_text("Keep my value") in html and vi_text("Take the server's value") in html
    assert 'name="version" value="1"' in html  # keep mine saves over the server's version
    assert 'name="value" value="1.000"' in html  # the officer's value stays in the input


def test_keep_mine_saves_the_officers_value_over_the_servers_version(client_as, persona, commune_edits):
    """The conflict's "keep my value" posts the cell to /data/cell/ with the server's version: a normal save."""
    code, part, unit = commune_edits[0]["indicator"], commune_edits[0]["part"], persona("commune").unit
    enter(code, part, unit, YEAR, "2000", by=persona("focal"))
    client = client_as("commune")
    conflict = send(client, commune_edits[:1]).json()["results"][0]
    answer = client.post(
        "/data/cell/",
        {
            **{k: commune_edits[0][k] for k in ("indicator", "part", "unit", "year", "sex", "value")},
            "version": conflict["version"],
        },
    )
    assert answer.status_code == 200
    kept = DataValue.objects.get(series__indicator__code=code, part=part, unit=unit, year=YEAR)
    assert kept.value == 1000 and kept.version == 2 and kept.updated_by.username == "commune"


def test_an_invalid_value_is_refused_on_its_cell_while_the_others_are_saved(client_as, persona):
    """Acceptance 1 (cell error): a numerator above the denominator on the server, a negative value and a word are
    each refused with the message the grid shows; the valid edits of the same batch are saved all the same."""
    user = persona("commune")
    cells = commune_cells(user, n=8)
    code, _part, unit = next(c for c in cells if c[1] == "denominator")
    enter(code, "denominator", unit, YEAR, "1000")
    edits = [
        edit(c, part, u, FIGURE[part], n=i)
        for i, (c, part, u) in enumerate(cells)
        if (c, part) != (code, "denominator")
    ]
    numerator = next(e for e in edits if (e["indicator"], e["part"]) == (code, "numerator"))
    numerator["value"] = "5.000"  # above the stored denominator of 1.000
    numerator["render"] = True
    others = [e for e in edits if e is not numerator]
    others[0]["value"] = "-5"
    others[1]["value"] = "mười"
    before = values_count()
    body = send(client_as("commune"), edits).json()
    by_id = {r["id"]: r for r in body["results"]}
    refused = by_id[numerator["id"]]
    assert refused["status"] == "refused" and refused["field"] == "value" and refused["version"] == 0
    assert refused["message"] == vi_text("The numerator (%(n)s) is larger than the denominator (%(d)s).") % {
        "n": "5.000",
        "d": "1.000",
    }
    assert 'class="cell error"' in refused["html"] and 'value="5.000"' in refused["html"]
    assert refused["message"] in refused["html"]
    assert by_id[others[0]["id"]]["status"] == "refused"
    assert by_id[others[0]["id"]]["message"] == vi_text("A value cannot be negative.")
    assert by_id[others[1]["id"]]["status"] == "refused" and "mười" in by_id[others[1]["id"]]["message"]
    assert [by_id[e["id"]]["status"] for e in others[2:]] == ["saved"] * len(others[2:]) and len(
        others[2:]
    ) >= 3
    assert (body["saved"], body["refused"]) == (len(others) - 2, 3)
    assert values_count() == (before[0] + len(others) - 2, before[1] + len(others) - 2)


def test_malformed_edits_are_refused_one_by_one(client_as, commune_edits):
    """An unknown indicator or part, a unit that does not exist, a year out of range or a missing field refuses that
    edit with what is wrong; the others proceed."""
    good = commune_edits[0]
    bad = [
        {**good, "id": "b1", "indicator": "ZZ9"},
        {**good, "id": "b2", "part": "nothing"},
        {**good, "id": "b3", "unit": 10**9},
        {**good, "id": "b4", "year": 1999},
        {key: v for key, v in good.items() if key != "value"} | {"id": "b5"},
        "not an edit",
    ]
    body = send(client_as("commune"), [good, *bad]).json()
    statuses = [(r["id"], r["status"], r.get("field")) for r in body["results"]]
    assert statuses == [
        ("e0", "saved", None),
        ("b1", "refused", "indicator"),
        ("b2", "refused", "part"),
        ("b3", "refused", "unit"),
        ("b4", "refused", "year"),
        ("b5", "refused", "edit"),
        (None, "refused", "edit"),
    ]
    assert "ZZ9" in body["results"][1]["message"] and "1999" in body["results"][4]["message"]
    assert values_count() == (1, 1)


def test_a_large_change_asks_for_a_comment_as_the_grid_does(client_as, persona, commune_edits):
    """A value far from last year's comes back refused on the comment, with the warning, and the cell shows the
    comment input; sent again with a comment, it is saved."""
    first = commune_edits[0]
    enter(first["indicator"], first["part"], persona("commune").unit, YEAR - 1, "10")
    first["render"] = True
    client = client_as("commune")
    answer = send(client, [first]).json()["results"][0]
    assert answer["status"] == "refused" and answer["field"] == "comment"
    assert 'class="cell warning"' in answer["html"] and 'name="comment"' in answer["html"]
    assert values_count() == (1, 1)  # last year's only
    saved = send(client, [{**first, "comment": "Xã mới sáp nhập"}]).json()["results"][0]
    assert saved["status"] == "saved"


def test_a_cell_the_user_may_not_enter_is_refused_for_access_and_nothing_is_written(
    client_as, persona, commune_edits
):
    """Another province's focal officer, and the health department officer on a part it is not assigned, get
    "refused" with the field access; nothing is written and nothing of the unit is shown."""
    commune = persona("commune").unit
    body = send(client_as("outsider"), [{**e, "render": True} for e in commune_edits]).json()
    assert {(r["status"], r["field"]) for r in body["results"]} == {("refused", "access")}
    assert {r["message"] for r in body["results"]} == {
        vi_text("%(unit)s (code %(code)s) is outside what you may enter.")
        % {"unit": commune.name, "code": commune.code}
    }
    assert all('class="readonly"' in r["html"] and r["version"] == 0 for r in body["results"])
    department = send(client_as("department"), commune_edits[:2]).json()
    assert {(r["status"], r["field"]) for r in department["results"]} == {("refused", "access")}
    assert all(str(commune.code) not in r["message"] for r in department["results"])
    assert values_count() == (0, 0)


def test_a_batch_too_long_or_not_json_is_refused_whole(client_as, commune_edits):
    """More than 200 edits, a body that is not JSON, or no list of edits: 400 with a message, nothing written."""
    client = client_as("commune")
    too_many = send(client, commune_edits * 41)  # 205
    assert too_many.status_code == 400 and "200" in too_many.json()["error"]
    garbage = client.post("/data/sync/", data="{edits: [", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["error"]
    not_a_list = client.post("/data/sync/", data=json.dumps({"edits": {}}), content_type="application/json")
    assert not_a_list.status_code == 400
    assert values_count() == (0, 0)


def test_anonymous_goes_to_login_and_a_post_without_csrf_is_forbidden(client, persona, commune_edits):
    answer = send(client, commune_edits)
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(persona("commune"))
    assert send(strict, commune_edits).status_code == 403
    assert values_count() == (0, 0)


def test_the_number_of_queries_does_not_grow_with_the_edits(client_as, tay_ninh):
    """A batch of 50 edits (and their cells rendered) costs no more queries than a batch of 5: everything is read
    and written in sets."""
    client = client_as("focal")
    communes = list(communes_of(tay_ninh)[:56])
    assert len(communes) == 56

    def batch(units):
        return [edit("M6.1", "denominator", u, "1.000", n=i, render=True) for i, u in enumerate(units)]

    send(client, batch(communes[55:56]))  # the session, the user and the indicators' series once
    with CaptureQueriesContext(connection) as five:
        assert send(client, batch(communes[:5])).json()["saved"] == 5
    with CaptureQueriesContext(connection) as fifty:
        assert send(client, batch(communes[5:55])).json()["saved"] == 50
    assert len(fifty) <= len(five) + 2, [q["sql"][:120] for q in fifty.captured_queries]


def test_a_value_set_by_a_command_names_the_administrator_in_the_conflict(client_as, persona, commune_edits):
    """A value the server's administrator loaded (no user) is named in words, not left blank."""
    first = commune_edits[0]
    enter(first["indicator"], first["part"], persona("commune").unit, YEAR, "7")
    conflict = send(client_as("commune"), [first]).json()["results"][0]
    assert conflict["status"] == "conflict" and conflict["server"]["value"] == "7"
    assert conflict["server"]["by"] == vi_text("the server's administrator")
    assert vi_text("the server's administrator") in conflict["message"]


def test_the_department_enters_its_own_parts_through_the_sync(client_as, tay_ninh):
    """The health department officer's assigned part is saved; the statistics office's part of the same batch is
    refused for access (the grid's rule, per part)."""
    body = send(
        client_as("department"),
        [
            edit("M4.1", "numerator", tay_ninh, "11.245", n=0),
            edit("M2.1", "numerator", tay_ninh, "10", n=1),
        ],
    ).json()
    assert [(r["status"], r.get("field")) for r in body["results"]] == [
        ("saved", None),
        ("refused", "access"),
    ]
    assert (
        DataValue.objects.get(series__indicator__code="M4.1", part="numerator", unit=tay_ninh).value == 11245
    )
    assert not DataValue.objects.filter(series__indicator__code="M2.1").exists()


def test_a_value_inserted_meanwhile_is_retried_once_then_refused(client_as, commune_edits, monkeypatch):
    """An error on no line (someone inserted one of the values between the check and the write) is tried once
    more: a second failure refuses what is left with its message, a success saves it all."""
    from django.db import IntegrityError

    from datavalues import entry

    real = entry._write
    calls = {"n": 0, "fail": 1}

    def racing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= calls["fail"]:
            raise IntegrityError("duplicate key")
        return real(*args, **kwargs)

    monkeypatch.setattr(entry, "_write", racing)
    client = client_as("commune")
    once = send(client, commune_edits[:2]).json()
    assert [r["status"] for r in once["results"]] == ["saved", "saved"] and calls["n"] == 2
    calls.update(n=0, fail=10)
    twice = send(client, commune_edits[2:4]).json()
    assert [(r["status"], r["field"]) for r in twice["results"]] == [("refused", "conflict")] * 2
    assert twice["results"][0]["message"] == vi_text(
        "Someone saved one of these values at the same moment; send it again."
    )
    assert calls["n"] == 2 and values_count() == (2, 2)
