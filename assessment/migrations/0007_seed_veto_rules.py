from django.db import migrations
from django.db.models import F


def seed(apps, schema_editor):
    from assessment.defaults import VETO_RULES

    VetoRule = apps.get_model("assessment", "VetoRule")
    if not VetoRule.objects.exists():
        VetoRule.objects.bulk_create(
            VetoRule(name=name, description=text, sort_order=i)
            for i, (name, text) in enumerate(VETO_RULES, start=1)
        )
    # Grades stored before vetoes existed were earned by the score alone.
    Appraisal = apps.get_model("assessment", "Appraisal")
    Appraisal.objects.exclude(grade="").update(score_grade=F("grade"))


class Migration(migrations.Migration):
    dependencies = [("assessment", "0006_appraisal_vetoes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
