"""The 屡查屡犯 rule of the 12-point scheme: a finding on a measure (or risk point) that
already had a finding before costs the unit these points, once per repeat finding.
A default an administrator changes (docs/earlywarning.md); an existing row is kept."""

from django.db import migrations

CODE = "repeat_finding"


def seed(apps, schema_editor):
    apps.get_model("earlywarning", "DeductionRule").objects.get_or_create(
        code=CODE,
        defaults={
            "name": "屡查屡犯：同一措施或风险点再次被查出问题",
            "points": 2,
            "source_type": "repeat_finding",
            "sort_order": 35,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("earlywarning", "DeductionRule").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("earlywarning", "0006_repeat_finding_source")]

    operations = [migrations.RunPython(seed, unseed)]
