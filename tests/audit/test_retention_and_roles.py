"""Past the triggers only as the tables' owner: the retention command, and the application's restricted role that
can do none of it (CI runs the whole suite as that role on PostgreSQL: .ci/run)."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from audit.models import AuditEntry
from audit.services import log_action
from indicators.models import Indicator
from lib.protected import lifted

pytestmark = pytest.mark.django_db

# The suite connects as the application's role and reaches the owner through DATABASE_OWNER_URL.
RESTRICTED = "owner" in settings.DATABASES


def old_and_new_entries(persona):
    indicator = Indicator.objects.first()
    old = log_action(actor=persona("ministry_admin"), action="test.old", obj=indicator)
    new = log_action(actor=persona("ministry_admin"), action="test.new", obj=indicator)
    with lifted():  # only the owner's maintenance may do this; the model's own queryset refuses it as well
        QuerySet(AuditEntry).filter(pk=old.pk).update(at=datetime(2019, 6, 30, tzinfo=UTC))
    return old, new


@pytest.mark.skipif(
    RESTRICTED, reason="needs the owner's connection; the application's role is refused below"
)
def test_retention_counts_first_then_removes_only_the_entries_before_the_date_and_records_it(persona):
    old, new = old_and_new_entries(persona)
    out = StringIO()
    call_command("prune_audit", "--before=2020-01-01", stdout=out)
    assert AuditEntry.objects.filter(pk=old.pk).exists()  # without --yes nothing goes
    assert "--yes" in out.getvalue()
    call_command("prune_audit", "--before=2020-01-01", "--yes", stdout=StringIO())
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=new.pk).exists()
    record = AuditEntry.objects.get(action="audit.prune")
    assert record.after == {"before": "2020-01-01", "removed": 1}
    # and the triggers are back
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [new.pk])


@pytest.mark.skipif(RESTRICTED, reason="needs the owner's connection")
def test_retention_keeps_the_last_twelve_months(persona):
    with pytest.raises(CommandError):
        call_command("prune_audit", f"--before={date.today() - timedelta(days=200)}", "--yes")


@pytest.mark.skipif(not RESTRICTED, reason="only when the suite runs as the application's restricted role")
def test_the_application_role_can_neither_delete_nor_lift_the_protection(persona):
    indicator = Indicator.objects.first()
    entry = log_action(actor=persona("ministry_admin"), action="test.action", obj=indicator)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        )
        user, superuser, createdb = cursor.fetchone()
        assert user == settings.DATABASES["default"]["USER"] != settings.DATABASES["owner"]["USER"]
        assert not superuser and not createdb
        for table, privilege, allowed in [
            ("audit_auditentry", "INSERT", True),
            ("audit_auditentry", "UPDATE", False),
            ("audit_auditentry", "DELETE", False),
            ("audit_auditentry", "TRUNCATE", False),
            ("reports_submission", "INSERT", True),
            ("reports_submission", "DELETE", False),
            ("reports_submission", "TRUNCATE", False),
            ("datavalues_datavalue", "DELETE", True),
        ]:
            cursor.execute("SELECT has_table_privilege(%s, %s)", [table, privilege])
            assert cursor.fetchone()[0] is allowed, (table, privilege)
        for column, allowed in [
            ("status", True),
            ("decision_reason", True),
            ("snapshot", False),
            ("docx", False),
        ]:
            cursor.execute("SELECT has_column_privilege('reports_submission', %s, 'UPDATE')", [column])
            assert cursor.fetchone()[0] is allowed, column
    for statement in [
        "DELETE FROM audit_auditentry WHERE id = %s",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
        "DROP TRIGGER audit_auditentry_no_delete ON audit_auditentry",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [entry.pk] if "%s" in statement else None)
    with pytest.raises(CommandError, match="owner"):
        call_command("prune_audit", "--before=2020-01-01", "--yes", "--database=default", stdout=StringIO())
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
