"""Questions and guidance take their dates and version from ``lib.models.Versioned``: each gains ``created_at``.
A question already stored was created when it was asked; guidance at the earliest moment known of it (its first
entry in the audit log, its publication, its last edit). Every other column keeps its values."""

import django.utils.timezone
from django.db import migrations, models


def earliest_audit_entries(apps, object_type: str) -> dict[str, object]:
    entries = apps.get_model("audit", "AuditEntry").objects.filter(object_type=object_type)
    return dict(
        entries.values("object_id").annotate(first=models.Min("at")).values_list("object_id", "first")
    )


def created_when_known(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    Guidance = apps.get_model("questions", "Guidance")
    Question.objects.update(created_at=models.F("asked_at"))  # update() leaves updated_at as it is
    audited = earliest_audit_entries(apps, "questions.guidance")
    for row in Guidance.objects.values("pk", "updated_at", "published_at", "edited_at"):
        known = [row["updated_at"], row["published_at"], row["edited_at"], audited.get(str(row["pk"]))]
        Guidance.objects.filter(pk=row["pk"]).update(created_at=min(m for m in known if m is not None))


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("audit", "0004_refuse_deletes_in_database"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidance",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created"
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="created_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="created"
            ),
        ),
        migrations.AlterField(
            model_name="guidance",
            name="lock_version",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Raised on every save; stops lost updates."
            ),
        ),
        migrations.AlterField(
            model_name="guidance",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.AlterField(
            model_name="question",
            name="lock_version",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="Raised on every save; stops lost updates."
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="last changed"),
        ),
        migrations.RunPython(created_when_known, migrations.RunPython.noop),
    ]
