"""Every page of the access matrix, in Vietnamese, for every persona allowed to open it, shows no English message of
the catalogue, no ISO date and no raw status word (issue 16, problems 1 and 10)."""

from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from tests.conftest import PERSONAS
from tests.core.test_access_matrix import EVERYONE, WEB, objects  # noqa: F401 (objects is a fixture)
from tests.core.vietnamese import leaks, visible_text
from tests.datavalues.conftest import enter

# The personas' names are English words ("Province Viewer"); pages rightly show people's names as they are.
NAMES = tuple(sorted({name.replace("_", " ").title() for name in PERSONAS}, key=len, reverse=True))


@pytest.fixture
def values(tay_ninh, objects, persona, agency):  # noqa: F811
    """A few figures entered and submitted, so worklists, statuses and dashboards have something to say; an
    inspection done in the report's year."""
    from datavalues.models import DataValue
    from inspections.services import inspection_create, inspection_plan_create, inspection_record_results

    plan = inspection_plan_create(province=tay_ninh, year=2026, by=persona("focal"))
    visit = inspection_create(
        plan=plan,
        by=persona("focal"),
        agency=agency("y_te"),
        topics="Thống kê theo giới",
        planned_from=date(2026, 9, 22),
        lead_agency=agency("noi_vu"),
    )
    inspection_record_results(
        inspection=visit, by=persona("focal"), done_on=date(2026, 9, 22), findings="Đạt"
    )
    enter("M2.1", "numerator", tay_ninh, 2026, "12")
    enter("M2.1", "denominator", tay_ninh, 2026, "20")
    enter("M2.1", "numerator", tay_ninh, 2025, "10")
    enter("M2.1", "denominator", tay_ninh, 2025, "20")
    DataValue.objects.filter(unit=tay_ninh, year=2025).update(status="submitted")
    return objects


@pytest.mark.django_db
def test_no_page_shows_english_iso_dates_or_raw_codes_to_any_persona(client, persona, values):
    """Problem 1 (English in the Vietnamese interface) and problem 10 (ISO dates on the inspection line): every
    HTML page of the access matrix, for every persona allowed to open it, read as its reader sees it."""
    found: list[str] = []
    for who in sorted(EVERYONE):
        client.logout()
        if who != "anonymous":
            client.force_login(persona(who))
        for name, (template, allowed) in WEB.items():
            if who not in allowed:
                continue
            response = client.get(template.format(**values), HTTP_ACCEPT_LANGUAGE="vi")
            assert response.status_code == 200, (name, who)
            if not response["Content-Type"].startswith("text/html"):
                continue
            for leak in leaks(response.content.decode(), names=NAMES):
                found.append(f"{name} ({template}) as {who}: {leak}")
    assert not found, "\n".join(found)


def test_the_guard_names_an_untranslated_message():
    """The guard itself (problem 1): a catalogue message rendered where it has no translation is named, and the
    same template rendered in Vietnamese is clean."""
    page = Template("{% load i18n %}<h1>{% translate 'Audit log' %}</h1><p>{% translate 'Save' %}</p>")
    with translation.override("vi"):
        assert leaks(page.render(Context())) == []
    with translation.override("en"):
        html = page.render(Context())
    assert leaks(html) == ["untranslated: 'Audit log'", "untranslated: 'Save'"]


def test_the_guard_names_a_message_with_a_placeholder():
    """A message with a number in it is found whatever the number; its word alone in a code or address is not."""
    found = leaks("<p>Kế hoạch</p><p>12 violations</p>")
    assert "untranslated: '%(n)s violations'" in found
    assert (
        leaks('<p>Xem: <a href="/x/">http://127.0.0.1:8000/reports/80/annual/2026/</a> · plan.copy</p>') == []
    )


def test_the_guard_names_raw_status_words():
    """Problem 1's chips and cells: "entered: 10 · submitted: 6", "(phương pháp: rate)", "female: 3"."""
    found = set(leaks("<p>entered: 10 · submitted: 6</p><p>(phương pháp: rate)</p><td>female: 3</td>"))
    assert {"raw word: entered", "raw word: submitted", "raw word: rate", "raw word: female:"} <= found


def test_the_guard_names_an_iso_date_in_visible_text_only():
    """Problem 10: "2026-09-22" on the inspection line is named; a date input's value and a script's data are
    not visible text."""
    html = (
        '<p>Kiểm tra ngày 2026-09-22</p><input type="date" value="2026-09-23">'
        '<script type="application/json">{"day": "2026-09-24"}</script><p title="2026-09-25">x</p>'
    )
    assert leaks(html) == ["ISO date: 2026-09-22", "ISO date: 2026-09-25"]


def test_the_guard_reads_titles_and_button_values_but_not_markup_or_marked_english():
    html = (
        '<a href="/save/" class="Save">Lưu</a><input type="submit" value="Save"><span aria-label="Lưu">x</span>'
        '<dd lang="en">Share of <b>wage</b> workers</dd><button lang="en">English</button><p>Hết</p>'
    )
    assert visible_text(html) == "Lưu Save Lưu x Hết"
    assert leaks(html) == ["untranslated: 'Save'"]


def test_every_audit_action_the_code_writes_has_a_name():
    """Problem 1: the audit log's action filter and rows showed codes such as "plan.task_create" and
    "programme.save" where a Vietnamese name belongs. Every action written by a service (``action=``, the apps'
    ``_log(obj, "code", ...)`` and the ``"action"`` of bulk entries) is named in ``audit.models.ACTION_LABELS``."""
    import ast
    from pathlib import Path

    from audit.models import ACTION_LABELS

    root = Path(__file__).parents[2]
    written: dict[str, str] = {}
    for path in root.glob("*/*.py"):
        if path.parts[-2] in ("tests", ".venv", "node_modules", "bench"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            codes = []
            if isinstance(node, ast.Call):
                codes += [k.value for k in node.keywords if k.arg == "action"]
                if getattr(node.func, "id", None) == "_log" and len(node.args) > 1:
                    codes.append(node.args[1])
            elif isinstance(node, ast.Dict):
                codes += [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if getattr(k, "value", None) == "action"
                ]
            for code in codes:
                if isinstance(code, ast.Constant) and isinstance(code.value, str) and "." in code.value:
                    written[code.value] = f"{path.parent.name}/{path.name}"
    assert len(written) > 40
    assert {code: where for code, where in written.items() if code not in ACTION_LABELS} == {}
