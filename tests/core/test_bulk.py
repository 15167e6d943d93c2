"""lib.bulk.insert: the rows go in with every field (defaults for those left out), and the keys come back in order,
through COPY on PostgreSQL from ``COPY_FROM`` rows and through bulk_create otherwise."""

import pytest

from audit.models import AuditEntry
from lib import bulk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, bulk.COPY_FROM + 10])
def test_rows_go_in_with_their_fields_and_keys_come_back_in_order(count, persona, tay_ninh):
    from django.utils import timezone

    focal = persona("focal")
    now = timezone.now()
    rows = [
        {
            "at": now,
            "actor": focal,
            "actor_name": "focal",
            "action": "test.bulk",
            "object_type": "test.thing",
            "object_id": str(i),
            "object_repr": f"thing {i} “có dấu”, tab\there",
            "unit_id": tay_ninh.pk,
            "before": None,
            "after": {"value": str(i), "nested": {"list": [1, "2"]}},
            "context": {"via": "upload", "file": "a,b\\c.csv"},
        }
        for i in range(count)
    ]
    keys = bulk.insert(AuditEntry, rows)
    stored = {e.pk: e for e in AuditEntry.objects.filter(action="test.bulk")}
    assert sorted(stored) == sorted(keys) and len(keys) == count
    for i, key in enumerate(keys):
        entry = stored[key]
        assert entry.object_id == str(i)
        assert entry.object_repr == f"thing {i} “có dấu”, tab\there"
        assert entry.actor_id == focal.pk and entry.unit_id == tay_ninh.pk
        assert entry.before is None  # SQL NULL, not JSON null
        assert entry.after == {"value": str(i), "nested": {"list": [1, "2"]}}
        assert entry.context == {"via": "upload", "file": "a,b\\c.csv"}
        assert entry.reason == ""  # left out: the field's default
    assert AuditEntry.objects.filter(action="test.bulk", before__isnull=True).count() == count


def test_an_unknown_field_is_refused_before_anything_is_written():
    with pytest.raises(ValueError, match="no field colour"):
        bulk.insert(AuditEntry, [{"action": "x", "colour": "red"}])
