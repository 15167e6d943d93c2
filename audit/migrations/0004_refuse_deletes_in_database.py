"""Triggers that refuse DELETE and TRUNCATE of audit entries, whatever code issues them (UPDATE is refused since
0002). The one way past them is ``lib.protected.lifted``, for maintenance run as the database owner."""

from django.db import migrations

SQLITE = """
CREATE TRIGGER IF NOT EXISTS audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
"""
POSTGRES = """
CREATE OR REPLACE FUNCTION audit_auditentry_refuse_delete() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_auditentry_no_delete ON audit_auditentry;
CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_auditentry_refuse_delete();
DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry;
CREATE TRIGGER audit_auditentry_no_truncate BEFORE TRUNCATE ON audit_auditentry
FOR EACH STATEMENT EXECUTE FUNCTION audit_auditentry_refuse_delete();
"""
BACKWARDS = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_auditentry_no_delete"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_auditentry_no_delete ON audit_auditentry",
        "DROP TRIGGER IF EXISTS audit_auditentry_no_truncate ON audit_auditentry",
        "DROP FUNCTION IF EXISTS audit_auditentry_refuse_delete()",
    ],
}


def forwards(apps, schema_editor):
    sql = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def backwards(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in BACKWARDS.get(schema_editor.connection.vendor, []):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_how_it_came_in")]
    operations = [migrations.RunPython(forwards, backwards)]
