from django.db import migrations

# The five-type scheme from the source reports; admins add their own.
CATEGORIES = [
    ("思想道德风险", "思想道德,思想道德类,道德风险", "Ideological and moral risk"),
    ("制度机制风险", "制度机制,制度机制类,制度风险,机制风险", "Institutional and mechanism risk"),
    ("岗位职责风险", "岗位职责,岗位职责类,岗位风险,职责风险", "Post responsibility risk"),
    ("业务流程风险", "业务流程,业务流程类,流程风险,业务管理类", "Business process risk"),
    ("外部环境风险", "外部环境,外部环境类,环境风险", "External environment risk"),
]


def seed(apps, schema_editor):
    RiskCategory = apps.get_model("registry", "RiskCategory")
    for order, (name, synonyms, description) in enumerate(CATEGORIES, start=1):
        RiskCategory.objects.get_or_create(
            name=name,
            defaults={"synonyms": synonyms, "description": description, "sort_order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
