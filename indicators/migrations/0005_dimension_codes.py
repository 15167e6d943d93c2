"""Short dimension codes, as the exchange file's disaggregation column writes them (area=urban;age=0-15), and the
options of the dimensions the framework declared without any (age group, ethnic group, facility type)."""

from django.db import migrations

# Written here, not read from indicators/data/dimensions.csv, so that a later edit of the reference data never
# changes what this step did.
RENAMED = {
    "urban_rural": "area",
    "age_group": "age",
    "ethnic_group": "ethnicity",
    "facility_type": "facility",
    "enterprise_type": "enterprise",
}
OPTIONS = {
    "age": [
        ("0-15", "Dưới 16 tuổi", "Under 16"),
        ("16-59", "Từ 16 đến 59 tuổi", "16 to 59"),
        ("60-plus", "Từ 60 tuổi trở lên", "60 and over"),
    ],
    "ethnicity": [
        ("kinh", "Dân tộc Kinh", "Kinh"),
        ("minority", "Dân tộc thiểu số", "Ethnic minorities"),
    ],
    "facility": [
        ("general", "Cơ sở trợ giúp xã hội tổng hợp", "General social assistance facility"),
        ("elderly", "Cơ sở chăm sóc người cao tuổi", "Care facility for older persons"),
        ("children", "Cơ sở trợ giúp trẻ em", "Facility for children"),
        ("disability", "Cơ sở chăm sóc người khuyết tật", "Care facility for persons with disabilities"),
        (
            "mental",
            "Cơ sở chăm sóc và phục hồi chức năng cho người tâm thần",
            "Care and rehabilitation facility for persons with mental illness",
        ),
        ("social_work", "Trung tâm công tác xã hội", "Social work centre"),
        ("other", "Cơ sở trợ giúp xã hội khác", "Other social assistance facility"),
    ],
}


def forwards(apps, schema_editor):
    Dimension = apps.get_model("indicators", "Dimension")
    DimensionOption = apps.get_model("indicators", "DimensionOption")
    for old, new in RENAMED.items():
        if not Dimension.objects.filter(code=new).exists():
            Dimension.objects.filter(code=old).update(code=new)
    for code, options in OPTIONS.items():
        dimension = Dimension.objects.filter(code=code).first()
        if dimension is None or dimension.options.exists():
            continue
        DimensionOption.objects.bulk_create(
            DimensionOption(dimension=dimension, code=c, name_vi=vi, name_en=en, order=order)
            for order, (c, vi, en) in enumerate(options)
        )


def backwards(apps, schema_editor):
    Dimension = apps.get_model("indicators", "Dimension")
    for old, new in RENAMED.items():
        Dimension.objects.filter(code=new).update(code=old)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_value_checks")]
    operations = [migrations.RunPython(forwards, backwards)]
