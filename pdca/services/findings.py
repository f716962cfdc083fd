"""One way a finding becomes a rectification item, whatever its source: an inspection
(drawn or planned) or a patrol, audit or compliance review recorded from outside.

A finding on a measure (or, without a measure, a risk point) that already had a
finding from an earlier inspection or source is a repeat (屡查屡犯); the early-warning
app takes the repeat in and deducts the points of its rule.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.access import oversees
from pdca.choices import SourceKind
from pdca.models import Cycle, Finding, FindingSource, RectificationItem
from registry.models import Measure, RiskPoint, Unit
from registry.notifications import notify


def cycle_of(unit: Unit, day: datetime.date) -> Cycle | None:
    """The cycle of the unit's district for the year of ``day``."""
    district_id = unit.path.strip("/").split("/")[0]
    return Cycle.objects.filter(district_id=district_id, year=day.year).first()


def earlier_finding(finding: Finding) -> Finding | None:
    """The latest earlier finding on the same measure (or risk point when there is no
    measure) from another inspection or source; None when this is the first."""
    if finding.measure_id:
        same = Finding.objects.filter(measure_id=finding.measure_id)
    elif finding.risk_point_id:
        same = Finding.objects.filter(risk_point_id=finding.risk_point_id)
    else:
        return None
    if finding.inspection_id:
        same = same.exclude(inspection_id=finding.inspection_id)
    if finding.pk:
        same = same.exclude(pk=finding.pk)
    return same.order_by("-created_at", "-pk").first()


def finding_open(
    *,
    finding: Finding,
    owner,
    deadline: datetime.date,
    inspector,
    cycle: Cycle | None,
    by,
) -> Finding:
    """Save the finding (flagged as a repeat when it is one) and open its rectification
    item with an owner and a deadline; the owner is told. Called inside a transaction."""
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    if finding.measure_id and not finding.risk_point_id:
        finding.risk_point_id = finding.measure.risk_point_id
    finding.found_on = finding.found_on or timezone.localdate()
    finding.created_by = by
    finding.repeat_of = earlier_finding(finding)
    finding._history_user = by
    finding.full_clean()
    finding.save()
    item = RectificationItem(
        finding=finding,
        unit=finding.unit,
        cycle=cycle,
        source=finding.source,
        title=finding.description[:255],
        owner=owner,
        inspector=inspector,
        deadline=deadline,
    )
    item._history_user = by
    item.save()
    notify(
        recipients=[owner],
        title=_("Rectify by %(deadline)s: %(title)s")
        % {"deadline": deadline.isoformat(), "title": item.title[:60]},
        body=_("Found by %(source)s in %(unit)s.")
        % {"source": finding.source.name, "unit": finding.unit},
        url=reverse("pdca:rectification_detail", args=[item.pk]),
    )
    return finding


@transaction.atomic
def external_finding_record(
    *,
    unit: Unit,
    source: FindingSource,
    reference: str,
    found_on: datetime.date,
    severity: str,
    description: str,
    owner,
    deadline: datetime.date,
    risk_point: RiskPoint | None = None,
    measure: Measure | None = None,
    by,
) -> Finding:
    """A finding of a patrol, an audit or a compliance review, recorded by discipline
    staff of the unit; it becomes a rectification item like an inspection's."""
    if not oversees(by, unit):
        raise PermissionDenied(
            _("Only discipline-inspection staff of the unit record findings for it.")
        )
    if source.kind != SourceKind.RECORDED or not source.is_active:
        raise ValidationError({"source": _("Findings of this source are not recorded here.")})
    if found_on > timezone.localdate():
        raise ValidationError({"found_on": _("The date found cannot be in the future.")})
    if measure is not None:
        risk_point = risk_point or measure.risk_point
        if measure.risk_point_id != risk_point.pk:
            raise ValidationError({"measure": _("The measure belongs to another risk point.")})
    if risk_point is not None and risk_point.unit_id != unit.pk:
        raise ValidationError({"risk_point": _("The risk point belongs to another unit.")})
    finding = Finding(
        unit=unit,
        source=source,
        reference=reference.strip(),
        found_on=found_on,
        severity=severity,
        description=description,
        risk_point=risk_point,
        measure=measure,
    )
    return finding_open(
        finding=finding,
        owner=owner,
        deadline=deadline,
        inspector=by,
        cycle=cycle_of(unit, found_on),
        by=by,
    )
