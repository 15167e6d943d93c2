"""Forms are shown field by field: their hidden fields (the record's version) go in as hidden inputs, never as a
labelled paragraph ("Lock version:" on a Vietnamese page)."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LOOP = re.compile(r"\{% for (\w+) in (\w*form) %\}")


def loops_over_every_field(root: Path = TEMPLATES) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number}"
        for path in sorted(root.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOOP.search(line)
    ]


def test_no_template_labels_a_forms_hidden_fields():
    assert loops_over_every_field() == []


def test_the_check_finds_such_a_loop(tmp_path):
    (tmp_path / "page.html").write_text(
        "<form>{% for field in form %}{{ field.label_tag }}{% endfor %}</form>"
    )
    assert loops_over_every_field(tmp_path) == ["page.html:1"]


@pytest.mark.django_db
def test_a_plan_indicator_page_hides_the_version(client_as, persona, tay_ninh):
    from plans.models import PlanKind
    from plans.services import plan_add_national_indicators, plan_create

    plan = plan_create(province=tay_ninh, kind=PlanKind.FIVE_YEAR, start_year=2021, by=persona("focal"))
    plan_add_national_indicators(plan=plan, by=persona("focal"))
    pi = plan.plan_indicators.first()
    page = client_as("focal").get(f"/plans/{plan.pk}/indicators/{pi.pk}/").content.decode()
    assert 'type="hidden" name="lock_version"' in page
    assert "Lock version" not in page and 'for="id_lock_version"' not in page
