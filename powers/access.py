"""Who may change a unit's power list: one rule, used by views, services and imports.

Reading follows ``registry.scoping.visible_units``; writing needs FILL (or MANAGE)
on the unit itself, i.e. a grant on the unit or one of its ancestors.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from registry.models import Unit
from registry.roles import FILL, MANAGE
from registry.scoping import scope_for, visible_units

WRITE_ACTIONS = (FILL, MANAGE)


def can_write_powers(user, unit: Unit) -> bool:
    scope = scope_for(user)
    return any(scope.covers_unit(unit, action) for action in WRITE_ACTIONS)


def require_write(user, unit: Unit) -> None:
    if not can_write_powers(user, unit):
        raise PermissionDenied(
            _("You may read the power list of %(unit)s but not change it.") % {"unit": unit}
        )


def writable_units(user) -> QuerySet:
    """Units whose power lists the user may change (for form choices)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return Unit.objects.all()
    condition = scope.unit_condition(FILL) | scope.unit_condition(MANAGE)
    return Unit.objects.filter(condition)


def readable_units(user) -> QuerySet:
    return visible_units(user)
