"""Values of a disaggregation written 'urban_rural:urban' take the exchange file's syntax and the short dimension
codes: 'area=urban' (indicators.cuts)."""

from django.db import migrations, models

RENAMED = {
    "urban_rural": "area",
    "age_group": "age",
    "ethnic_group": "ethnicity",
    "facility_type": "facility",
    "enterprise_type": "enterprise",
}


def _rewritten(option: str) -> str:
    pairs = {}
    for piece in option.split(";"):
        dimension, _sep, code = piece.replace("=", ":").partition(":")
        pairs[RENAMED.get(dimension, dimension)] = code
    return ";".join(f"{d}={pairs[d]}" for d in sorted(pairs))


def forwards(apps, schema_editor):
    DataValue = apps.get_model("datavalues", "DataValue")
    changed = []
    for value in DataValue.objects.exclude(option="").only("pk", "option").iterator(chunk_size=2000):
        new = _rewritten(value.option)
        if new != value.option:
            value.option = new
            changed.append(value)
    DataValue.objects.bulk_update(changed, ["option"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("datavalues", "0004_versioned_records"),
        ("indicators", "0005_dimension_codes"),
    ]
    operations = [
        migrations.AlterField(
            model_name="datavalue",
            name="option",
            field=models.CharField(
                blank=True,
                default="",
                help_text="'area=urban' or 'area=urban;ethnicity=minority' (indicators.cuts); empty for the total.",
                max_length=80,
                verbose_name="disaggregation",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
