"""Who may grant and revoke which role, where, and to whom.

The services ask this before they act (``registry.services.role_grant`` and
``role_revoke``), so a form that forgot to hide a choice cannot bend the rule:

- superusers grant every role anywhere; ``by=None`` is the system itself
  (seeding, commands, migrations) and is not checked;
- the administrator role is granted only by superusers;
- the inspector and auditor roles — the staff who watch the units — are granted
  only by administrators of the discipline commission's unit (a unit marked
  ``is_discipline_commission``), on any unit;
- every other role is granted by a unit administrator on units in their subtree;
- nobody but a superuser grants a role to themselves, and a unit administrator
  grants only to people of their subtree or to logins not yet placed anywhere.

Revoking an assignment follows the rule for granting it.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from guardian.conf import settings as guardian_settings

from registry.choices import Role
from registry.models import Person, RoleAssignment, RoleProposal, Unit
from registry.roles import MANAGE
from registry.scoping import scope_for, visible_units

SUPERUSER_ROLES = {Role.ADMIN}
COMMISSION_ROLES = {Role.INSPECTOR, Role.AUDITOR}


def _is_superuser(by) -> bool:
    return bool(by.is_authenticated and by.is_superuser)


def _grants_commission_roles(by) -> bool:
    return _is_superuser(by) or scope_for(by).administers_discipline_commission


def grantable_roles(by) -> list[str]:
    """The roles ``by`` may grant somewhere, in the order of the choices."""
    return [role for role in Role.values if _role_refusal(by, role) is None]


def grant_units(by) -> QuerySet:
    """Units ``by`` may grant some role on: their subtree, and every unit for the commission."""
    if _grants_commission_roles(by):
        return Unit.objects.all()
    return visible_units(by, MANAGE)


def users_in_reach(by) -> QuerySet:
    """Active logins ``by`` may grant roles to: everyone for superusers and the
    commission's administrators; otherwise the people and role holders of their
    subtree, and logins not yet placed anywhere (no person, no role)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(
            # guardian's stand-in for anonymous visitors is a row in the user table, not a person.
            username=guardian_settings.ANONYMOUS_USER_NAME
        )
    )
    if _grants_commission_roles(by):
        return users
    units = visible_units(by, MANAGE)
    placed_here = Exists(Person.objects.filter(user=OuterRef("pk"), unit__in=units)) | Exists(
        RoleAssignment.objects.filter(user=OuterRef("pk"), unit__in=units)
    )
    unplaced = ~Exists(Person.objects.filter(user=OuterRef("pk"))) & ~Exists(
        RoleAssignment.objects.filter(user=OuterRef("pk"))
    )
    return users.filter(placed_here | unplaced)


def assignments_managed_by(by) -> QuerySet:
    """Assignments ``by`` may see on the role screen and revoke."""
    condition = Q(unit__in=visible_units(by, MANAGE))
    if _grants_commission_roles(by):
        condition |= Q(role__in=COMMISSION_ROLES)
    return RoleAssignment.objects.filter(condition)


def proposals_managed_by(by) -> QuerySet:
    """Role proposals from the directory (registry.directory.proposals) that ``by``
    sees: those on units they administer, and for the commission's administrators
    every proposal of the inspector and auditor roles. Whether ``by`` may confirm one
    is ``grant_refusal``, as for granting the role by hand."""
    condition = Q(unit__in=visible_units(by, MANAGE))
    if _grants_commission_roles(by):
        condition |= Q(role__in=COMMISSION_ROLES)
    return RoleProposal.objects.filter(condition)


def grant_refusal(by, *, user, role: str, unit: Unit, reachable: set | None = None) -> str | None:
    """Why ``by`` may not give ``user`` the role ``role`` on ``unit``; None if they may.
    ``reachable``: the ids of ``users_in_reach(by)`` among the users asked about, when
    a page asks for many (``grant_refusals``)."""
    if by is None or _is_superuser(by):
        return None
    if (reason := _role_refusal(by, role)) is not None:
        return reason
    if role not in COMMISSION_ROLES and not scope_for(by).covers_unit(unit, MANAGE):
        return _("You do not administer %(unit)s.") % {"unit": unit}
    if user.pk == by.pk:
        return _("You cannot grant a role to yourself; ask another administrator.")
    in_reach = (
        user.pk in reachable
        if reachable is not None
        else users_in_reach(by).filter(pk=user.pk).exists()
    )
    if not in_reach:
        return _("%(user)s belongs to units you do not administer.") % {"user": user.username}
    return None


def _role_refusal(by, role: str) -> str | None:
    label = Role(role).label
    if role in SUPERUSER_ROLES and not _is_superuser(by):
        return _("Only a superuser grants or revokes the role “%(role)s”.") % {"role": label}
    if role in COMMISSION_ROLES and not _grants_commission_roles(by):
        return _(
            "Only administrators of the discipline commission grant or revoke the role “%(role)s”."
        ) % {"role": label}
    if role not in SUPERUSER_ROLES | COMMISSION_ROLES and not (
        _is_superuser(by) or scope_for(by).reaches_anything(MANAGE)
    ):
        return _("Only administrators grant and revoke roles.")
    return None


def grant_refusals(by, proposals) -> list[str | None]:
    """``grant_refusal`` for each of ``proposals`` (objects with user, role and unit),
    in one query whatever their number."""
    ids = {proposal.user_id for proposal in proposals}
    reachable = set(users_in_reach(by).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        grant_refusal(by, user=p.user, role=p.role, unit=p.unit, reachable=reachable)
        for p in proposals
    ]


def check_grant(by, *, user, role: str, unit: Unit) -> None:
    if (reason := grant_refusal(by, user=user, role=role, unit=unit)) is not None:
        raise PermissionDenied(reason)


def revoke_refusal(by, assignment: RoleAssignment) -> str | None:
    if by is None or _is_superuser(by):
        return None
    if (reason := _role_refusal(by, assignment.role)) is not None:
        return reason
    if assignment.role not in COMMISSION_ROLES and not scope_for(by).covers_unit(
        assignment.unit, MANAGE
    ):
        return _("You do not administer %(unit)s.") % {"unit": assignment.unit}
    return None


def check_revoke(by, assignment: RoleAssignment) -> None:
    if (reason := revoke_refusal(by, assignment)) is not None:
        raise PermissionDenied(reason)
