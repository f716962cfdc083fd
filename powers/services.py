"""Writes to power lists. Each is one transaction, with history attributed to ``by``.

Every service checks that ``by`` may write the unit's power list, so no caller
(view, import, task) can forget it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from powers.access import require_write
from powers.models import DiscretionBand, FlowStep, PowerCategory, PowerItem, PowerPost, StepRisk
from registry.models import Post, RiskPoint
from registry.scoping import can_manage

# A step's number is parked here while two steps swap places (numbers start at 1).
PARKED = 0


def _save(obj, by) -> None:
    obj._history_user = by
    obj.full_clean()
    obj.save()


def _delete(obj, by) -> None:
    obj._history_user = by
    obj.delete()


def _lock(power: PowerItem) -> PowerItem:
    """Serialise changes to one power's steps or bands (numbering, overlap checks)."""
    return PowerItem.objects.select_for_update().get(pk=power.pk)


@transaction.atomic
def power_save(*, power: PowerItem, by) -> PowerItem:
    if power.pk:
        stored = PowerItem.objects.select_related("unit").get(pk=power.pk)
        require_write(by, stored.unit)
    require_write(by, power.unit)
    _save(power, by)
    return power


@transaction.atomic
def power_assign_post(*, power: PowerItem, post: Post, role: str, by) -> PowerPost:
    require_write(by, power.unit)
    assignment = PowerPost(power=power, post=post, role=role)
    _save(assignment, by)
    return assignment


@transaction.atomic
def power_unassign_post(*, assignment: PowerPost, by) -> None:
    require_write(by, assignment.power.unit)
    _delete(assignment, by)


@transaction.atomic
def step_save(*, step: FlowStep, risk_points: list[RiskPoint] | None = None, by) -> FlowStep:
    """Create (appended at the end) or update a step, and set the risk points on it."""
    require_write(by, step.power.unit)
    _lock(step.power)
    if not step.pk:
        last = step.power.steps.order_by("-order").values_list("order", flat=True).first()
        step.order = (last or 0) + 1
    _save(step, by)
    if risk_points is not None:
        _set_step_risks(step, risk_points, by)
    return step


def _set_step_risks(step: FlowStep, risk_points: list[RiskPoint], by) -> None:
    wanted = {point.pk: point for point in risk_points}
    for link in step.risk_links.exclude(risk_point_id__in=wanted):
        _delete(link, by)
    have = set(step.risk_links.values_list("risk_point_id", flat=True))
    for pk, point in wanted.items():
        if pk not in have:
            link = StepRisk(step=step, risk_point=point)
            _save(link, by)


@transaction.atomic
def step_move(*, step: FlowStep, offset: int, by) -> FlowStep:
    """Swap a step with its neighbour above (offset -1) or below (+1); no-op at the ends."""
    require_write(by, step.power.unit)
    _lock(step.power)
    step.refresh_from_db()
    neighbour = step.power.steps.filter(order=step.order + offset).first()
    if neighbour is None:
        return step
    here, there = step.order, neighbour.order
    step.order = PARKED
    _save(step, by)
    neighbour.order = here
    _save(neighbour, by)
    step.order = there
    _save(step, by)
    return step


@transaction.atomic
def step_remove(*, step: FlowStep, by) -> None:
    """Remove a step and close the gap, so the numbers stay 1, 2, 3 …"""
    power = step.power
    require_write(by, power.unit)
    _lock(power)
    for link in step.risk_links.all():
        _delete(link, by)
    removed = step.order
    _delete(step, by)
    for later in power.steps.filter(order__gt=removed).order_by("order"):
        later.order -= 1
        _save(later, by)


@transaction.atomic
def band_save(*, band: DiscretionBand, by) -> DiscretionBand:
    """Save a band; ``full_clean`` rejects one that overlaps another band of the power."""
    require_write(by, band.power.unit)
    _lock(band.power)
    _save(band, by)
    return band


@transaction.atomic
def band_remove(*, band: DiscretionBand, by) -> None:
    require_write(by, band.power.unit)
    _delete(band, by)


@transaction.atomic
def power_category_save(*, category: PowerCategory, by) -> PowerCategory:
    """Power categories are shared by every unit: any unit administrator may add one."""
    if by is not None and not can_manage(by):
        raise PermissionDenied(_("Only administrators edit power categories."))
    _save(category, by)
    return category
