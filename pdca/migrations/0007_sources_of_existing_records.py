"""Existing records get their source as a row: a rectification item the source its fixed
origin named (the seeded sources keep those codes), an inspection and its findings the
quarterly draw's. Findings also learn their measure and risk point from the checklist
item, so a later finding on the same measure is recognised as a repeat."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

DRAWN = "inspection"


def forwards(apps, schema_editor):
    Source = apps.get_model("pdca", "FindingSource")
    ids = dict(Source.objects.values_list("code", "pk"))
    for name in ("RectificationItem", "HistoricalRectificationItem"):
        model = apps.get_model("pdca", name)
        for code in model.objects.values_list("source_code", flat=True).distinct():
            if code not in ids:  # an origin no seeded source has: keep it, as data
                ids[code] = Source.objects.create(code=code, name=code, kind="recorded").pk
            model.objects.filter(source_code=code).update(source_id=ids[code])
    for name in ("Inspection", "HistoricalInspection", "Finding", "HistoricalFinding"):
        apps.get_model("pdca", name).objects.filter(source__isnull=True).update(
            source_id=ids[DRAWN]
        )
    ChecklistItem = apps.get_model("pdca", "ChecklistItem")
    item = ChecklistItem.objects.filter(pk=OuterRef("checklist_item_id"))
    apps.get_model("pdca", "Finding").objects.filter(checklist_item__isnull=False).update(
        measure_id=Subquery(item.values("measure_id")[:1]),
        risk_point_id=Subquery(item.values("risk_point_id")[:1]),
    )


def backwards(apps, schema_editor):
    codes = dict(apps.get_model("pdca", "FindingSource").objects.values_list("pk", "code"))
    for name in ("RectificationItem", "HistoricalRectificationItem"):
        model = apps.get_model("pdca", name)
        for pk, code in codes.items():
            model.objects.filter(source_id=pk).update(source_code=code)


class Migration(migrations.Migration):
    dependencies = [("pdca", "0006_planned_inspections_and_recorded_findings")]

    operations = [migrations.RunPython(forwards, backwards)]
