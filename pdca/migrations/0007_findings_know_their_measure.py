"""Findings recorded before knew their measure and risk point only through the checklist
item; copy them, so a later finding on the same measure is recognised as a repeat."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Finding = apps.get_model("pdca", "Finding")
    ChecklistItem = apps.get_model("pdca", "ChecklistItem")
    item = ChecklistItem.objects.filter(pk=OuterRef("checklist_item_id"))
    Finding.objects.filter(checklist_item__isnull=False).update(
        measure_id=Subquery(item.values("measure_id")[:1]),
        risk_point_id=Subquery(item.values("risk_point_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("pdca", "0006_sources_and_planned_inspections")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
