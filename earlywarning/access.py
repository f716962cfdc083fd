"""Who sees and who handles warnings: the one place this app decides it.

Reading follows the register's scope (``registry.scoping``): whoever reads a
unit's register as a whole — a VIEW grant on the unit or above it — reads the
warnings about it. Department and post grants do not reach a unit's warnings.

Handling — intake, verification, disposal, notices, officers — and reading
complainant details belong to discipline-inspection staff (纪检监察人员): the
inspector role on the unit or above it, which is also what grants RETURN there.
A unit's own leaders hold RETURN on their unit too, but they are the unit
concerned and must never learn who complained, so RETURN alone is not enough.
"""

from django.db.models import QuerySet
from django.http import Http404

from registry.choices import Role
from registry.models import RoleAssignment, Unit
from registry.roles import RETURN, VIEW
from registry.scoping import paths_condition, scope_for


def _discipline_paths(user) -> set[str]:
    # Inspectors hold RETURN too; keep only the subtrees where both hold.
    scope = scope_for(user)
    return scope.discipline_paths & scope.unit_paths(RETURN)


def is_discipline_staff(user, unit: Unit | None = None) -> bool:
    """Discipline staff for ``unit``, or for any unit when ``unit`` is None."""
    if user.is_authenticated and user.is_superuser:
        return True
    paths = _discipline_paths(user)
    if unit is None:
        return bool(paths)
    return any(unit.path.startswith(path) for path in paths)


def readable(queryset: QuerySet, user, prefix: str = "unit__") -> QuerySet:
    """Rows (reaching their unit through ``prefix``) whose unit the user reads as a whole."""
    scope = scope_for(user)
    if scope.sees_everything:
        return queryset
    return queryset.filter(scope.unit_condition(VIEW, prefix))


def handled(queryset: QuerySet, user, prefix: str = "unit__") -> QuerySet:
    """Rows whose unit the user handles as discipline staff."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    return queryset.filter(paths_condition(_discipline_paths(user), prefix))


def readable_units(user) -> QuerySet:
    return readable(Unit.objects.all(), user, prefix="")


def handled_units(user) -> QuerySet:
    return handled(Unit.objects.all(), user, prefix="")


def reads_any(user) -> bool:
    return scope_for(user).sees_everything or bool(scope_for(user).unit_paths(VIEW))


def get_readable(queryset: QuerySet, user, pk: int, prefix: str = "unit__"):
    """The row if the user may read it; a 404 otherwise, whether it exists or not."""
    try:
        return readable(queryset, user, prefix).get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def discipline_staff_for(unit: Unit) -> QuerySet:
    """The active logins handling ``unit``: inspectors on it or on a unit above it."""
    from django.contrib.auth import get_user_model

    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    holders = RoleAssignment.objects.filter(role=Role.INSPECTOR, unit_id__in=ancestor_ids)
    return get_user_model().objects.filter(pk__in=holders.values("user_id"), is_active=True)


def discipline_staff_by_unit(units) -> dict[int, set]:
    """``discipline_staff_for`` for many units in one query: {unit id: users}."""
    ancestors = {u.pk: [int(part) for part in u.path.strip("/").split("/") if part] for u in units}
    holders = RoleAssignment.objects.filter(
        role=Role.INSPECTOR,
        unit_id__in={a for ids in ancestors.values() for a in ids},
        user__is_active=True,
    ).select_related("user")
    by_unit: dict[int, set] = {}
    for holder in holders:
        by_unit.setdefault(holder.unit_id, set()).add(holder.user)
    return {
        unit_id: {user for a in ids for user in by_unit.get(a, ())}
        for unit_id, ids in ancestors.items()
    }
