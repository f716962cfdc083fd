from django.db import migrations

# The ten kinds of power (十项权力) plus two the source reports also use; admins add their own.
# (name, synonyms, usually discretionary)
CATEGORIES = [
    ("行政许可", "许可", False),
    ("行政处罚", "处罚", True),
    ("行政征收", "征收,行政征收类", True),
    ("行政强制", "强制,行政强制措施", False),
    ("行政监管", "行政监督检查,监督检查,行政检查,行政监管(监督检查)", False),
    ("行政审批", "审批", False),
    ("行政裁决", "裁决", False),
    ("行政给付", "给付", True),
    ("非行政许可审批", "非许可审批,非行政许可", False),
    ("内部管理(人财物)", "内部管理,内部管理（人财物）,人财物管理", False),
    ("行政确认", "确认", False),
    ("专项资金管理", "专项资金,专项资金分配", False),
]


def seed(apps, schema_editor):
    PowerCategory = apps.get_model("powers", "PowerCategory")
    for order, (name, synonyms, discretionary) in enumerate(CATEGORIES, start=1):
        PowerCategory.objects.get_or_create(
            name=name,
            defaults={
                "synonyms": synonyms,
                "has_discretion": discretionary,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("powers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
