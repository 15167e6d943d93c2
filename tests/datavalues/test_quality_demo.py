"""The demo shows the data-quality page at work (issue 15's acceptance): in the demo province a value far from its
history, entered with the comment the entry asked for and marked as checked, and a commune far from the others."""

import pytest

from datavalues.models import QualityReview
from datavalues.quality import HISTORY, PEERS, quality_rows
from demo.quality import COMMENT, demo_quality_load
from demo.values import demo_values_load

pytestmark = pytest.mark.django_db


def test_the_demo_province_has_a_flagged_value_with_its_comment_and_a_reviewed_mark(tay_ninh, persona):
    focal, health = persona("focal"), persona("department")
    demo_values_load(focal=focal, health_officer=health, ministry_officer=persona("ministry_officer"))
    assert [r for r in quality_rows(tay_ninh, 2026)] == []  # the demo's regular series flag nothing
    for _ in range(2):  # idempotent
        demo_quality_load(province=tay_ninh, focal=focal, health_officer=health)
    rows = {(r.check, r.indicator.code): r for r in quality_rows(tay_ninh, 2026)}
    assert set(rows) == {(HISTORY, "M1.1"), (PEERS, "M6.1")}
    bodies = rows[(HISTORY, "M1.1")]
    assert bodies.part == "denominator" and bodies.flag.comment == COMMENT
    assert bodies.state == "confirmed" and bodies.review.reviewed_by == focal
    assert rows[(PEERS, "M6.1")].state == "open" and rows[(PEERS, "M6.1")].unit.level == "commune"
    assert QualityReview.objects.count() == 1
