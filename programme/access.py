"""Who may do what with the programme's records, decided from registry's scoping.

- Read a unit's records: anyone who reaches the unit (``visible_units``, VIEW);
  a unit out of reach is a 404.
- Keep them (issue letters, file signed scans, record education, rules and
  plans): the unit's discipline-inspection staff (``UserScope.is_discipline_staff``,
  the unit or a unit above) and the unit's administrators (MANAGE).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from registry.models import Unit
from registry.roles import MANAGE, VIEW
from registry.scoping import scope_for, visible_units


def keeps_records(user, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    scope = scope_for(user)
    return scope.is_discipline_staff(unit) or scope.covers_unit(unit, MANAGE)


def kept_units(user) -> QuerySet:
    """Units whose records ``user`` keeps."""
    scope = scope_for(user)
    if scope.sees_everything:
        return Unit.objects.all()
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(scope.discipline_condition() | scope.unit_condition(MANAGE))


def readable_unit(user, pk: int) -> Unit:
    return get_object_or_404(visible_units(user, VIEW), pk=pk)


def require_keeper(user, unit: Unit) -> None:
    if not keeps_records(user, unit):
        raise PermissionDenied(
            _(
                "Only the discipline-inspection staff and administrators of %(unit)s keep its "
                "programme records."
            )
            % {"unit": unit}
        )
