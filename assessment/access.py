"""Who may do what in this app, decided from registry's scoping and roles.

- Record factor answers: FILL on the point (the filler: post holder,
  department head, admin).
- Override a computed level: REVIEW or APPROVE on the point (leader in
  charge, main leader, leading group) — strictly above everyone who fills,
  since department heads both fill and sign.
- Edit the grading model and start a bulk regrade: superusers and
  administrators of a root unit (the model is shared by the whole district).
- Run a unit's appraisal (links, checklist scores, publication) and keep
  integrity files: the unit's discipline-inspection staff
  (``registry.scoping.is_discipline_staff``).
- Write a unit's self-examination report: APPROVE or MANAGE on the unit.
- Read integrity files: assessors, HISTORY holders on the person's unit
  (inspectors, auditors, admins), and the person themself.
"""

from django.db.models import Q, QuerySet

from registry.models import Person, RiskPoint, Unit
from registry.roles import APPROVE, FILL, HISTORY, MANAGE, REVIEW
from registry.scoping import (
    is_discipline_staff,
    restrict_to_discipline,
    scope_for,
    visible_units,
)


def can_grade(user, point: RiskPoint) -> bool:
    return scope_for(user).allows(FILL, point)


def can_override(user, point: RiskPoint) -> bool:
    scope = scope_for(user)
    return scope.allows(REVIEW, point) or scope.allows(APPROVE, point)


def can_manage_grading_model(user) -> bool:
    """MANAGE on a root unit (the district or company): the model is shared by all of it."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or scope_for(user).manages_a_root


def assessor_units(user) -> QuerySet:
    """Units whose appraisal ``user`` runs: those whose discipline staff they are."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return restrict_to_discipline(Unit.objects.all(), user, prefix="")


def readable_people(user) -> QuerySet:
    """People whose integrity file the user may read (``can_read_integrity_file`` as a query)."""
    units = Q(unit__in=assessor_units(user)) | Q(unit__in=visible_units(user, HISTORY))
    return Person.objects.filter(units | Q(user=user)).select_related("unit", "department")


def is_assessor(user, unit: Unit) -> bool:
    return user.is_authenticated and is_discipline_staff(user, unit)


def can_write_self_report(user, unit: Unit) -> bool:
    scope = scope_for(user)
    return scope.covers_unit(unit, APPROVE) or scope.covers_unit(unit, MANAGE)


def can_read_integrity_file(user, person) -> bool:
    if not user.is_authenticated:
        return False
    if person.user_id and person.user_id == user.pk:
        return True
    return is_assessor(user, person.unit) or scope_for(user).covers_unit(person.unit, HISTORY)


def can_keep_integrity_file(user, person) -> bool:
    return is_assessor(user, person.unit) or scope_for(user).covers_unit(person.unit, MANAGE)
