import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import get_resolver

from audit.models import AppendOnlyError, AuditEntry
from audit.services import log_action
from indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(persona):
    return log_action(
        actor=persona("ministry_admin"),
        action="test.action",
        obj=Indicator.objects.first(),
        before={"a": 1},
        after={"a": 2},
        reason="because",
    )


def test_an_entry_cannot_be_changed_or_deleted_through_the_model(entry):
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == "because"


def test_the_database_refuses_an_update_from_raw_sql(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET reason = 'rewritten' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == "because"


def test_no_url_offers_to_change_or_delete_an_audit_entry(entry, client_as):
    audit_routes = [
        p for p in get_resolver().url_patterns if getattr(p, "name", "") and p.name.startswith("audit")
    ]
    assert sorted(p.name for p in audit_routes) == ["audit_detail", "audit_list"]
    client = client_as("ministry_admin")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"/audit/{entry.pk}/")
        assert response.status_code == 405, method
    assert AuditEntry.objects.get(pk=entry.pk).reason == "because"


def test_the_ministry_reads_every_entry_and_a_province_only_its_own(persona, tay_ninh, client_as):
    from agencies.models import Agency
    from agencies.services import agency_rename

    own = Agency.objects.get(province=tay_ninh, kind__code="y_te")
    other = Agency.objects.get(province__code="01", province__valid_to__isnull=True, kind__code="y_te")
    from datetime import date

    mine = agency_rename(
        agency=own, name="Sở Y tế mới", valid_from=date(2026, 1, 1), by=persona("focal"), reason="QĐ 1"
    )
    theirs = agency_rename(
        agency=other, name="Sở Y tế HN", valid_from=date(2026, 1, 1), by=persona("outsider"), reason="QĐ 2"
    )
    mine_entry = AuditEntry.objects.get(object_id=str(own.pk), action="agency.rename")
    theirs_entry = AuditEntry.objects.get(object_id=str(other.pk), action="agency.rename")
    assert mine and theirs
    focal = client_as("focal")
    page = focal.get("/audit/").content.decode()
    assert "QĐ 1" in page and "QĐ 2" not in page
    assert focal.get(f"/audit/{theirs_entry.pk}/").status_code == 403
    assert focal.get(f"/audit/{mine_entry.pk}/").status_code == 200
    ministry = client_as("ministry_officer").get("/audit/").content.decode()
    assert "QĐ 1" in ministry and "QĐ 2" in ministry
