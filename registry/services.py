"""Writes to the register. Each is one transaction, with history attributed to ``by``."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import Measure, RiskPoint


@transaction.atomic
def risk_point_save(
    *,
    risk_point: RiskPoint,
    measures: list[Measure],
    removed_measures: list[Measure],
    by,
) -> RiskPoint:
    """Create or update a risk point with its measures, all or nothing.

    Rolls back when the result would be outside what ``by`` may write, so a
    form cannot move a point into a unit or post the user does not hold.
    """
    if risk_point.pk and not RiskPoint.objects.editable_by(by).filter(pk=risk_point.pk).exists():
        raise PermissionDenied(_("You may not change this risk point."))
    risk_point.full_clean()
    risk_point._history_user = by
    risk_point.save()
    for order, measure in enumerate(measures, start=1):
        measure.risk_point = risk_point
        measure.sort_order = measure.sort_order or order
        measure._history_user = by
        measure.full_clean()
        measure.save()
    for measure in removed_measures:
        measure._history_user = by
        measure.delete()
    if not RiskPoint.objects.editable_by(by).filter(pk=risk_point.pk).exists():
        raise PermissionDenied(
            _("The risk point would fall outside the units, departments and posts you may write.")
        )
    return risk_point
