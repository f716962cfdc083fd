"""Who sees and who handles warnings: the one place this app decides it.

Reading follows the register's scope (``registry.scoping``): whoever reads a
unit's register as a whole — a VIEW grant on the unit or above it — reads the
warnings about it. Department and post grants do not reach a unit's warnings.

Handling — intake, verification, disposal, notices, officers — and reading
complainant details belong to the unit's discipline-inspection staff, as
``registry.scoping`` defines them for every app.
"""

from django.db.models import QuerySet
from django.http import Http404

from registry import scoping
from registry.models import Unit
from registry.roles import VIEW
from registry.scoping import scope_for


def is_discipline_staff(user, unit: Unit | None = None) -> bool:
    """Discipline staff for ``unit``, or for any unit when ``unit`` is None."""
    return scoping.is_discipline_staff(user, unit)


def readable(queryset: QuerySet, user, prefix: str = "unit__") -> QuerySet:
    """Rows (reaching their unit through ``prefix``) whose unit the user reads as a whole."""
    scope = scope_for(user)
    if scope.sees_everything:
        return queryset
    return queryset.filter(scope.unit_condition(VIEW, prefix))


def handled(queryset: QuerySet, user, prefix: str = "unit__") -> QuerySet:
    """Rows whose unit the user handles as discipline staff."""
    return scoping.restrict_to_discipline(queryset, user, prefix)


def readable_units(user) -> QuerySet:
    return readable(Unit.objects.all(), user, prefix="")


def handled_units(user) -> QuerySet:
    return handled(Unit.objects.all(), user, prefix="")


def reads_any(user) -> bool:
    return scope_for(user).reads_whole_units


def get_readable(queryset: QuerySet, user, pk: int, prefix: str = "unit__"):
    """The row if the user may read it; a 404 otherwise, whether it exists or not."""
    try:
        return readable(queryset, user, prefix).get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def discipline_staff_for(unit: Unit) -> QuerySet:
    """The active logins handling ``unit``: its discipline staff."""
    return scoping.discipline_staff_for(unit)


def discipline_staff_by_unit(units) -> dict[int, set]:
    """``discipline_staff_for`` for many units at once: {unit id: users}."""
    return scoping.discipline_staff_by_unit(units)
