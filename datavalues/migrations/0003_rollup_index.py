"""An index for the roll-up's sums (``datavalues.selectors``), PostgreSQL only.

The roll-up reads one year of the primary series, option "" (disaggregations other than sex are never summed
into the totals), and groups by unit, part and sex. A partial index on exactly those rows, holding the value,
lets PostgreSQL read them in (year, series, unit) order without visiting the table.

Plain SQL rather than a model ``Index``: partial covering indexes (INCLUDE) are PostgreSQL's; SQLite, which the
tests also run on, sums its few rows well enough without it, and the model state stays what models.py says."""

from django.db import migrations

INDEX = "datavalues_rollup_idx"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON datavalues_datavalue (year, series_id, unit_id, part, sex)
INCLUDE (value) WHERE option = ''
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("datavalues", "0002_part_assignments")]
    operations = [migrations.RunPython(forwards, backwards)]
