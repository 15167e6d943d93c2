"""The audit log reads in Vietnamese: a value's entry names its part and sex, an object its kind (issue 16,
problem 1)."""

import pytest
from django.utils import translation

from audit.models import AuditEntry
from tests.datavalues.conftest import enter


@pytest.mark.django_db
def test_a_value_entry_names_its_part_and_sex_in_the_page_language(tay_ninh):
    """Problem 1: the log showed codes and a machine number: "M3.3 numerator · 80 · 2026 · female = 12345"."""
    enter("M3.3", "numerator", tay_ninh, 2026, "12345", sex="female")
    entry = AuditEntry.objects.get(action="value.set")
    assert entry.object_repr.startswith("M3.3 numerator ·")  # stored from codes, as the log keeps it
    with translation.override("vi"):
        assert entry.object_label == "M3.3 tử số · 80 · 2026 · nữ = 12.345"  # the unit not read: its code
        read = AuditEntry.objects.select_related("unit").get(pk=entry.pk)
        assert read.object_label == "M3.3 tử số · Tỉnh Tây Ninh · 2026 · nữ = 12.345"
        assert entry.object_type_label == "số liệu"
    with translation.override("en"):
        assert entry.object_label == "M3.3 numerator · 80 · 2026 · female = 12,345"


@pytest.mark.django_db
def test_other_objects_keep_their_name(persona):
    entry = AuditEntry.objects.filter(action="user.create").first()
    assert entry is not None and entry.object_label == entry.object_repr
