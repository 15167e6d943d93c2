import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import get_resolver

from audit.models import AppendOnlyError, AuditEntry
from audit.services import log_action
from indicators.models import Indicator

pytestmark = pytest.mark.django_db
# the trigger, or (as the application's restricted role) the missing privilege
REFUSED = "append-only|permission denied"


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


def audit_digest():
    """Row count and digest of the audit table, read the way the backup reads it."""
    from ops.backup import fingerprints

    connection.ensure_connection()
    return fingerprints(connection.connection, connection.vendor)["audit_auditentry"]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_auditentry WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id >= %s OR id < %s",
        "UPDATE audit_auditentry SET actor_name = 'someone else' WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_deletes_and_updates_of_the_log(entry, statement):
    before = audit_digest()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk] * statement.count("%s"))
    assert audit_digest() == before


def test_the_database_refuses_deletes_that_go_around_the_model(entry):
    from django.db.models import QuerySet

    before = audit_digest()
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        QuerySet(AuditEntry).filter(pk=entry.pk).delete()  # the plain queryset, not the model's
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        rows = AuditEntry.objects.filter(pk=entry.pk)
        rows._raw_delete(rows.db)
    assert audit_digest() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's; SQLite has none")
def test_postgresql_refuses_emptying_the_log_with_truncate(entry):
    before = audit_digest()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditentry")
    assert audit_digest() == before
