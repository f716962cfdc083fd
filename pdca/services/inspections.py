"""Working through an inspection: checklist results, evidence, findings."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from pdca import evidence
from pdca.access import may_inspect
from pdca.choices import CheckResult, InspectionStatus
from pdca.models import ChecklistItem, Finding, Inspection
from pdca.services.findings import cycle_of, finding_open


def _require_inspector(inspection: Inspection, by) -> None:
    if not may_inspect(by, inspection):
        raise PermissionDenied(
            _("Only the assigned inspector or discipline staff above this unit record inspections.")
        )
    if inspection.status == InspectionStatus.COMPLETED:
        raise ValidationError(_("This inspection is completed; its record is closed."))


@transaction.atomic
def checklist_record(*, inspection: Inspection, results: dict[int, tuple[str, str]], by) -> int:
    """Record results ({item id: (result, notes)}) for items of this inspection; returns
    how many changed."""
    _require_inspector(inspection, by)
    # By id: the default ordering would join the (optional) draw, which PostgreSQL
    # cannot lock through an outer join.
    locked = inspection.items.select_for_update().filter(pk__in=results).order_by("pk")
    items = {i.pk: i for i in locked}
    if strays := set(results) - set(items):
        raise ValidationError(
            _("Checklist items %(ids)s are not part of this inspection.")
            % {"ids": ", ".join(map(str, sorted(strays)))}
        )
    now, changed = timezone.now(), []
    for pk, (result, notes) in results.items():
        item = items[pk]
        if (item.result, item.notes) != (result, notes):
            item.result, item.notes, item.checked_by, item.checked_at = result, notes, by, now
            changed.append(item)
    bulk_update_with_history(
        changed,
        ChecklistItem,
        ["result", "notes", "checked_by", "checked_at"],
        default_user=by,
    )
    if changed and inspection.status == InspectionStatus.ASSIGNED:
        inspection.status = InspectionStatus.IN_PROGRESS
        inspection._history_user = by
        inspection.save(update_fields=["status"])
    return len(changed)


@transaction.atomic
def evidence_attach(*, item: ChecklistItem, uploads, by) -> list:
    _require_inspector(item.inspection, by)
    return evidence.store(uploads, by=by, checklist_item=item)


@transaction.atomic
def inspection_complete(*, inspection: Inspection, summary: str, by) -> Inspection:
    _require_inspector(inspection, by)
    pending = inspection.items.filter(result=CheckResult.PENDING).count()
    if pending:
        raise ValidationError(
            _("%(count)d checklist item(s) are not checked yet.") % {"count": pending}
        )
    inspection.status = InspectionStatus.COMPLETED
    inspection.completed_at = timezone.now()
    inspection.summary = summary
    inspection._history_user = by
    inspection.save()
    return inspection


@transaction.atomic
def finding_record(
    *,
    inspection: Inspection,
    severity: str,
    description: str,
    owner,
    deadline: datetime.date,
    checklist_item: ChecklistItem | None = None,
    by,
) -> Finding:
    """Record a finding; it becomes a rectification item with an owner and a deadline."""
    _require_inspector(inspection, by)
    if checklist_item is not None and checklist_item.inspection_id != inspection.pk:
        raise ValidationError({"checklist_item": _("That item belongs to another inspection.")})
    finding = Finding(
        inspection=inspection,
        unit=inspection.unit,
        source=inspection.source,
        checklist_item=checklist_item,
        measure_id=checklist_item.measure_id if checklist_item else None,
        risk_point_id=checklist_item.risk_point_id if checklist_item else None,
        severity=severity,
        description=description,
    )
    cycle = (
        inspection.draw.cycle
        if inspection.draw_id
        else cycle_of(inspection.unit, timezone.localdate())
    )
    return finding_open(
        finding=finding,
        owner=owner,
        deadline=deadline,
        inspector=inspection.inspector or by,
        cycle=cycle,
        by=by,
    )
