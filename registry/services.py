"""Writes to the register. Each is one transaction, with history attributed to ``by``."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from registry import role_policy
from registry.choices import RiskPointStatus, Role
from registry.codes import assign_ledger_code
from registry.levels import graded_levels
from registry.models import Department, Measure, RiskPoint, RoleAssignment, Unit
from registry.roles import DEPARTMENT_PERMISSIONS, UNIT_PERMISSIONS
from registry.scoping import forget_scope

# Approved content changes only through a revision (see registry.workflow.open_revision).
FROZEN_STATUSES = {RiskPointStatus.ON_NOTICE, RiskPointStatus.ACTIVE, RiskPointStatus.RETIRED}


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
    if risk_point.status in FROZEN_STATUSES:
        raise PermissionDenied(
            _("A point on notice or in effect is not edited in place: open a revision instead.")
        )
    if not risk_point.pk:
        risk_point.status_changed_at = timezone.now()
        assign_ledger_code(risk_point)
    _refuse_hand_set_graded_level(risk_point)
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


def _refuse_hand_set_graded_level(risk_point: RiskPoint) -> None:
    """A graded point's level moves only through its grading or an override with a reason."""
    if not risk_point.pk or risk_point.pk not in graded_levels([risk_point.pk]):
        return
    stored = RiskPoint.objects.filter(pk=risk_point.pk).values_list("level", flat=True).first()
    if risk_point.level != stored:
        raise ValidationError(
            _(
                "The level of “%(point)s” follows its grading: change it on the grading page "
                "or record an override with a reason."
            )
            % {"point": risk_point.name}
        )


@transaction.atomic
def role_grant(*, user, role: str, unit: Unit, departments=(), by) -> RoleAssignment:
    """Give ``user`` a role on ``unit`` (and, for department roles, named departments),
    if ``registry.role_policy`` lets ``by`` do so; ``by=None`` is the system itself."""
    role_policy.check_grant(by, user=user, role=role, unit=unit)
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment._history_user = by
    assignment.full_clean()
    assignment.save()
    assignment.departments.set(departments)
    assignment.full_clean_departments()
    sync_permissions(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, by) -> None:
    # An admin revoking their own admin role could lock everyone out of role management.
    if assignment.user_id == getattr(by, "pk", None) and assignment.role == Role.ADMIN:
        raise ValidationError(
            _("You cannot revoke your own administrator role; ask another administrator.")
        )
    role_policy.check_revoke(by, assignment)
    assignment._history_user = by
    user = assignment.user
    assignment.delete()
    sync_permissions(user)


def sync_permissions(user) -> None:
    """Make the user's guardian object permissions exactly what their roles imply."""
    wanted = _permissions_implied(user)
    types = ContentType.objects.get_for_models(Unit, Department)
    by_type = {ct.pk: model for model, ct in types.items()}
    existing = UserObjectPermission.objects.filter(
        user=user, content_type_id__in=by_type
    ).select_related("permission")
    have = {}
    for row in existing:
        have[(by_type[row.content_type_id], row.permission.codename, int(row.object_pk))] = row.pk
    UserObjectPermission.objects.filter(
        pk__in=[pk for key, pk in have.items() if key not in wanted]
    ).delete()
    permissions = {
        (p.content_type_id, p.codename): p
        for p in Permission.objects.filter(content_type__in=types.values())
    }
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=user,
                content_type=types[model],
                permission=permissions[(types[model].pk, codename)],
                object_pk=str(pk),
            )
            for model, codename, pk in wanted - have.keys()
        ]
    )
    forget_scope(user)


def _permissions_implied(user) -> set[tuple]:
    wanted = set()
    for assignment in user.role_assignments.prefetch_related("departments"):
        for codename in UNIT_PERMISSIONS.get(assignment.role, ()):
            wanted.add((Unit, codename, assignment.unit_id))
        for codename in DEPARTMENT_PERMISSIONS.get(assignment.role, ()):
            wanted.update((Department, codename, d.pk) for d in assignment.departments.all())
    return wanted
