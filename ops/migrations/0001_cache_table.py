"""The database cache's table (settings.CACHES): shared by every web process, it holds the API's rate-limit
counters, so the limits hold across several processes behind a load balancer."""

from django.core.management import call_command
from django.db import migrations


def forwards(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
