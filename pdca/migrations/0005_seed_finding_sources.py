"""The rectification sources the practice uses (data an admin extends), keyed by the codes
the old fixed choices stored, so existing items keep their origin."""

from django.db import migrations

SOURCES = [
    # (code, name, kind, sort order)
    ("inspection", "季度抽查", "draw", 10),
    ("special", "专项检查", "planned", 20),
    ("unannounced", "明察暗访", "planned", 30),
    ("patrol", "巡察", "recorded", 40),
    ("audit", "审计", "recorded", 50),
    ("compliance", "合规审查", "recorded", 60),
    ("rectification_notice", "考核整改通知", "notice", 70),
    ("other", "其他", "recorded", 90),
]


def seed(apps, schema_editor):
    FindingSource = apps.get_model("pdca", "FindingSource")
    for code, name, kind, order in SOURCES:
        FindingSource.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "sort_order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("pdca", "FindingSource").objects.filter(
        code__in=[code for code, *_rest in SOURCES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pdca", "0004_finding_sources")]

    operations = [migrations.RunPython(seed, unseed)]
