"""Who may do what in the cycle, decided from registry.scoping (the one place for scope).

Discipline-inspection staff act on a unit from above: they hold RETURN on a
unit higher in the tree. A unit leader holds RETURN on their own unit too, but
does not inspect or verify their own unit's rectification.
"""

from registry.roles import MANAGE, RETURN
from registry.scoping import scope_for


def oversees(user, unit) -> bool:
    """``user`` holds RETURN on an ancestor of ``unit`` (decided without a query)."""
    scope = scope_for(user)
    if scope.sees_everything:
        return True
    return any(unit.path.startswith(p) and unit.path != p for p in scope.unit_paths(RETURN))


def may_inspect(user, inspection) -> bool:
    return inspection.inspector_id == user.pk or oversees(user, inspection.unit)


def may_verify(user, item) -> bool:
    return item.inspector_id == user.pk or oversees(user, item.unit)


def may_manage_cycle(user, cycle) -> bool:
    return scope_for(user).covers_unit(cycle.district, MANAGE)


def may_run_draws(user, district) -> bool:
    """Discipline staff of the district (or its admins) start and inspect draws."""
    scope = scope_for(user)
    return scope.covers_unit(district, RETURN) or scope.covers_unit(district, MANAGE)
