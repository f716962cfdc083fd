"""Who may do what in the cycle, decided from registry.scoping (the one place for scope).

Inspections and the verification of rectification belong to the unit's
discipline-inspection staff (``registry.scoping.is_discipline_staff``) and to
the inspector the task was assigned to. A unit's own leaders send lists back
and approve them, but never inspect or verify their own unit.
"""

from registry.roles import MANAGE, VIEW
from registry.scoping import is_discipline_staff, scope_for


def oversees(user, unit) -> bool:
    """``user`` is discipline staff of ``unit``."""
    return is_discipline_staff(user, unit)


def may_inspect(user, inspection) -> bool:
    return inspection.inspector_id == user.pk or oversees(user, inspection.unit)


def sees_whole_inspection(user, inspection) -> bool:
    """Those who inspect, and those who read the unit's register as a whole (its leaders,
    administrators, auditors). Department heads and post holders reach only their own
    items: no leadership points, no inspector's notes, no one else's evidence."""
    return may_inspect(user, inspection) or scope_for(user).covers_unit(inspection.unit, VIEW)


def may_verify(user, item) -> bool:
    return item.inspector_id == user.pk or oversees(user, item.unit)


def may_manage_cycle(user, cycle) -> bool:
    return scope_for(user).covers_unit(cycle.district, MANAGE)


def may_run_draws(user, district) -> bool:
    """Discipline staff of the district (or its admins) start and inspect draws."""
    return is_discipline_staff(user, district) or scope_for(user).covers_unit(district, MANAGE)
