"""An index and statistics for the roll-up's sums (``datavalues.selectors``), PostgreSQL only.

The roll-up reads one year of the primary series, option "" (disaggregations other than sex are never summed
into the totals), and groups by unit (or its province), part and sex. A partial index on exactly those rows,
holding the value, lets PostgreSQL read them without visiting the table, which also holds the disaggregations.
PostgreSQL estimates the groups of several columns as the product of each column's distinct values (18 series x 3
parts x 3 sexes x ...: 46,404 groups expected for 748) and, expecting the hash not to fit in ``work_mem``, sorted
on disk instead; statistics on the columns together tell it how few combinations there are.

Plain SQL rather than a model ``Index``: partial covering indexes (INCLUDE) and extended statistics are
PostgreSQL's; SQLite, which the tests also run on, sums its few rows well enough without them, and the model state
stays what models.py says."""

from django.db import migrations

INDEX = "datavalues_rollup_idx"
STATISTICS = "datavalues_rollup_stats"
FORWARDS = [
    f"""CREATE INDEX IF NOT EXISTS {INDEX} ON datavalues_datavalue (year, series_id, unit_id, part, sex)
    INCLUDE (value) WHERE option = ''""",
    f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (ndistinct) ON series_id, year, part, sex "
    "FROM datavalues_datavalue",
    "ANALYZE datavalues_datavalue",
]
BACKWARDS = [f"DROP STATISTICS IF EXISTS {STATISTICS}", f"DROP INDEX IF EXISTS {INDEX}"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARDS:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARDS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("datavalues", "0002_part_assignments")]
    operations = [migrations.RunPython(forwards, backwards)]
