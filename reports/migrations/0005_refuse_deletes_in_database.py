"""Triggers that refuse DELETE and TRUNCATE of submitted copies, whatever code issues them (UPDATE of their frozen
columns is refused since 0003). The one way past them is ``lib.protected.lifted``, for maintenance run as the
database owner."""

from django.db import migrations

SQLITE = """
CREATE TRIGGER IF NOT EXISTS reports_submission_no_delete BEFORE DELETE ON reports_submission
BEGIN SELECT RAISE(ABORT, 'a submitted copy cannot be deleted'); END;
"""
POSTGRES = """
CREATE OR REPLACE FUNCTION reports_submission_refuse_delete() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'a submitted copy cannot be deleted'; END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reports_submission_no_delete ON reports_submission;
CREATE TRIGGER reports_submission_no_delete BEFORE DELETE ON reports_submission
FOR EACH ROW EXECUTE FUNCTION reports_submission_refuse_delete();
DROP TRIGGER IF EXISTS reports_submission_no_truncate ON reports_submission;
CREATE TRIGGER reports_submission_no_truncate BEFORE TRUNCATE ON reports_submission
FOR EACH STATEMENT EXECUTE FUNCTION reports_submission_refuse_delete();
"""
BACKWARDS = {
    "sqlite": ["DROP TRIGGER IF EXISTS reports_submission_no_delete"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS reports_submission_no_delete ON reports_submission",
        "DROP TRIGGER IF EXISTS reports_submission_no_truncate ON reports_submission",
        "DROP FUNCTION IF EXISTS reports_submission_refuse_delete()",
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
    dependencies = [("reports", "0004_cycle_data_and_plan_deadlines")]
    operations = [migrations.RunPython(forwards, backwards)]
