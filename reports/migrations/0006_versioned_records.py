"""A report takes its dates and version from ``lib.models.Versioned``: it gains ``created_at``. A report already
stored was created at the earliest moment known of it: its first entry in the audit log, its first submission,
its last change. Every other column keeps its values; submissions are not touched."""

import django.utils.timezone
from django.db import migrations, models


def created_when_known(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    Submission = apps.get_model("reports", "Submission")
    entries = apps.get_model("audit", "AuditEntry").objects.filter(object_type="reports.report")
    audited = dict(
        entries.values("object_id").annotate(first=models.Min("at")).values_list("object_id", "first")
    )
    submitted = dict(
        Submission.objects.values("report_id")
        .annotate(first=models.Min("submitted_at"))
        .values_list("report_id", "first")
    )
    for pk, updated_at in Report.objects.values_list("pk", "updated_at"):
        known = [updated_at, submitted.get(pk), audited.get(str(pk))]
        created_at = min(m for m in known if m is not None)
        Report.objects.filter(pk=pk).update(created_at=created_at)  # update() leaves updated_at as it is


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_refuse_deletes_in_database"),
        ("audit", "0004_refuse_deletes_in_database"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created"
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="lock_version",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Raised on every save; stops lost updates."
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.RunPython(created_when_known, migrations.RunPython.noop),
    ]
