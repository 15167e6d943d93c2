"""A trigger that refuses to change the frozen columns of a submission (its figures, document and hash), whatever
code issues the UPDATE. The ministry's decision columns stay writable; deleting is refused by the model."""

from django.db import migrations

FROZEN = ("report_id", "number", "submitted_at", "snapshot", "docx", "sha256", "changes", "reason")

SQLITE = """
CREATE TRIGGER IF NOT EXISTS reports_submission_frozen BEFORE UPDATE ON reports_submission
WHEN {changed}
BEGIN SELECT RAISE(ABORT, 'a submitted copy cannot change'); END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN))

POSTGRES = """
CREATE OR REPLACE FUNCTION reports_submission_refuse_change() RETURNS trigger AS $$
BEGIN
  IF {changed} THEN RAISE EXCEPTION 'a submitted copy cannot change'; END IF;
  RETURN NEW;
END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reports_submission_frozen ON reports_submission;
CREATE TRIGGER reports_submission_frozen BEFORE UPDATE ON reports_submission
FOR EACH ROW EXECUTE FUNCTION reports_submission_refuse_change();
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in FROZEN))


def forwards(apps, schema_editor):
    sql = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor)
    if sql:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS reports_submission_frozen")
        elif vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS reports_submission_frozen ON reports_submission")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_reports_and_submissions")]
    operations = [migrations.RunPython(forwards, backwards)]
