"""Cycles: creating one from the default calendar, rolling over, reviewing carried points."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pdca.access import may_manage_cycle
from pdca.choices import ReviewDecision
from pdca.models import (
    CarriedItem,
    CarriedPoint,
    Cycle,
    Deadline,
    Phase,
    PhaseTemplate,
    RectificationItem,
    UnitDeadline,
)
from pdca.models.cycle import on_day
from registry.choices import RiskPointStatus
from registry.models import RiskPoint, Unit
from registry.roles import APPROVE, FILL
from registry.scoping import scope_for
from registry.workflow import open_revision


@transaction.atomic
def cycle_create(*, district: Unit, year: int, by, previous: Cycle | None = None) -> Cycle:
    """A cycle with the default calendar (the pilot's, as an admin last edited it)."""
    if Cycle.objects.filter(district=district, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(district)s already has a %(year)d cycle.")
                % {"district": district, "year": year}
            }
        )
    cycle = Cycle(district=district, year=year, previous=previous, created_by=by)
    cycle._history_user = by
    cycle.save()
    for template in PhaseTemplate.objects.prefetch_related("deadlines"):
        phase = Phase.objects.create(
            cycle=cycle,
            stage=template.stage,
            name=template.name,
            starts_on=on_day(year, template.start_month, template.start_day),
            ends_on=on_day(year, template.end_month, template.end_day),
            sort_order=template.sort_order,
        )
        for deadline in template.deadlines.all():
            Deadline.objects.create(
                cycle=cycle,
                phase=phase,
                milestone=deadline.milestone,
                name=deadline.name,
                due_on=on_day(year, deadline.month, deadline.day),
            )
    return cycle


@transaction.atomic
def cycle_roll_over(*, cycle: Cycle, by) -> Cycle:
    """Start next year's cycle: this year's calendar a year on, every point in effect
    carried in for review, unfinished rectification carried over. Reads the old cycle,
    writes nothing to it."""
    if not may_manage_cycle(by, cycle):
        raise PermissionDenied(_("Only administrators of the district start a new cycle."))
    year = cycle.year + 1
    if Cycle.objects.filter(district=cycle.district, year=year).exists():
        raise ValidationError(_("The %(year)d cycle has already been started.") % {"year": year})
    new = Cycle(district=cycle.district, year=year, previous=cycle, created_by=by)
    new._history_user = by
    new.save()
    _copy_calendar(cycle, new)
    in_effect = RiskPoint.objects.filter(
        unit__path__startswith=cycle.district.path,
        status=RiskPointStatus.ACTIVE,
        revision_of__isnull=True,
    ).values_list("pk", flat=True)
    bulk_create_with_history(
        [CarriedPoint(cycle=new, risk_point_id=pk) for pk in in_effect],
        CarriedPoint,
        default_user=by,
        batch_size=2000,
    )
    unfinished = RectificationItem.objects.filter(
        unit__path__startswith=cycle.district.path
    ).exclude(status="closed")
    CarriedItem.objects.bulk_create(
        [CarriedItem(cycle=new, item_id=pk) for pk in unfinished.values_list("pk", flat=True)],
        batch_size=2000,
    )
    return new


def _copy_calendar(old: Cycle, new: Cycle) -> None:
    def shift(day: datetime.date) -> datetime.date:
        return on_day(day.year + 1, day.month, day.day)

    phases = {}
    for phase in old.phases.all():
        phases[phase.pk] = Phase.objects.create(
            cycle=new,
            stage=phase.stage,
            name=phase.name,
            starts_on=shift(phase.starts_on),
            ends_on=shift(phase.ends_on),
            sort_order=phase.sort_order,
        )
    for deadline in old.deadlines.all():
        Deadline.objects.create(
            cycle=new,
            phase=phases[deadline.phase_id],
            milestone=deadline.milestone,
            name=deadline.name,
            due_on=shift(deadline.due_on),
        )


@transaction.atomic
def carried_points_review(*, cycle: Cycle, carried_ids: list[int], decision: str, by) -> int:
    """Confirm, revise or retire points carried into ``cycle``; all or nothing."""
    rows = list(
        CarriedPoint.objects.select_for_update()
        .filter(cycle=cycle, pk__in=carried_ids)
        .select_related("risk_point__unit")
    )
    if len(rows) != len(set(carried_ids)):
        raise ValidationError(_("Some of the chosen points are not carried into this cycle."))
    scope = scope_for(by)
    for row in rows:
        if not (scope.allows(FILL, row.risk_point) or scope.allows(APPROVE, row.risk_point)):
            raise PermissionDenied(
                _(
                    "You may not review “%(point)s”: it is outside the points you fill in or approve."
                )
                % {"point": row.risk_point}
            )
        if row.decision != ReviewDecision.PENDING:
            raise ValidationError(
                _("“%(point)s” was already reviewed (%(decision)s).")
                % {"point": row.risk_point, "decision": row.get_decision_display()}
            )
    _carry_out(rows, decision, by)
    now = timezone.now()
    for row in rows:
        row.decision, row.decided_by, row.decided_at = decision, by, now
    bulk_update_with_history(
        rows, CarriedPoint, ["decision", "decided_by", "decided_at"], default_user=by
    )
    return len(rows)


def _carry_out(rows: list[CarriedPoint], decision: str, by) -> None:
    points = [row.risk_point for row in rows]
    if decision == ReviewDecision.REVISED:
        for point in points:
            open_revision(point=point, by=by)
    elif decision == ReviewDecision.RETIRED:
        now = timezone.now()
        for point in points:
            point.status, point.status_changed_at = RiskPointStatus.RETIRED, now
        bulk_update_with_history(
            points,
            RiskPoint,
            ["status", "status_changed_at"],
            default_user=by,
            default_change_reason=_("Retired in the annual review"),
        )
    elif decision != ReviewDecision.CONFIRMED:
        raise ValidationError({"decision": _("Choose confirm, revise or retire.")})


@transaction.atomic
def unit_deadline_set(
    *, deadline: Deadline, unit: Unit, due_on: datetime.date, reason: str, by
) -> UnitDeadline:
    """Give one unit its own date for a deadline (an extension, usually)."""
    if not may_manage_cycle(by, deadline.cycle):
        raise PermissionDenied(_("Only administrators of the district change deadlines."))
    if not unit.path.startswith(deadline.cycle.district.path):
        raise ValidationError(
            {"unit": _("%(unit)s is not in this cycle's district.") % {"unit": unit}}
        )
    row = UnitDeadline.objects.filter(deadline=deadline, unit=unit).first() or UnitDeadline(
        deadline=deadline, unit=unit
    )
    row.due_on, row.reason = due_on, reason
    row._history_user = by
    row.save()
    return row
