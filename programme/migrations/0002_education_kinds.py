from django.db import migrations

KINDS = [
    ("党课", False),
    ("警示教育", False),
    ("每月一课", False),
    ("廉政教育月", False),
    ("廉政知识测试", True),
]


def seed(apps, schema_editor):
    EducationKind = apps.get_model("programme", "EducationKind")
    for order, (name, is_test) in enumerate(KINDS, start=1):
        EducationKind.objects.get_or_create(
            name=name, defaults={"is_test": is_test, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_programme_records")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
