"""Roles proposed by directory groups, confirmed or declined by an administrator.

``DIRECTORY_GROUP_ROLES`` maps a directory group (an LDAP group's DN, or a value
of the OpenID Connect groups claim) to role specifications, ``role@UNIT_CODE``
or ``role@UNIT_CODE/department name`` for the department roles. At each sign-in
``propose_roles`` records what the user's groups propose and withdraws what they
no longer propose, as long as nobody has decided. Nothing is granted here: an
administrator confirms through ``proposal_confirm``, which grants the role with
``registry.services.role_grant`` and so under ``registry.role_policy`` (the
inspector and auditor roles only by the discipline commission's administrators,
the administrator role only by superusers).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import role_policy
from registry.choices import ProposalState
from registry.directory.specs import RoleSpec
from registry.models import Department, RoleAssignment, RoleProposal, Unit
from registry.services import role_grant

logger = logging.getLogger(__name__)


def specs_for(groups) -> dict[str, list[RoleSpec]]:
    """{group: its role specifications} for the user's groups; groups compare
    case-insensitively (directories do not agree on the case of a DN)."""
    wanted = {group.lower(): group for group in groups}
    found = {}
    for group, texts in settings.DIRECTORY_GROUP_ROLES.items():
        if group.lower() in wanted:
            found[wanted[group.lower()]] = [RoleSpec.parse(text) for text in texts]
    return found


@transaction.atomic
def propose_roles(*, user, source: str, groups) -> list[RoleProposal]:
    """Record the roles ``groups`` propose for ``user``; returns the pending proposals."""
    wanted = _wanted(specs_for(groups))
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"))
    existing = {(p.role, p.unit_id): p for p in RoleProposal.objects.filter(user=user)}
    pending = []
    for (role, unit_id), (unit, departments, names) in wanted.items():
        if (role, unit_id) in held:
            continue
        proposal = existing.get((role, unit_id))
        if proposal is None:
            proposal = RoleProposal(user=user, role=role, unit=unit, source=source)
        elif proposal.state in (ProposalState.CONFIRMED, ProposalState.DECLINED):
            continue  # decided once; a decision is not asked again at every sign-in
        proposal.state = ProposalState.PENDING
        proposal.groups = "\n".join(sorted(names))
        proposal.source = source
        proposal._history_user = user
        proposal.save()
        proposal.departments.set(departments)
        pending.append(proposal)
    for key, proposal in existing.items():
        if key not in wanted and proposal.state == ProposalState.PENDING:
            proposal.state = ProposalState.WITHDRAWN
            proposal._history_user = user
            proposal.save(update_fields=["state"])
    return pending


def _wanted(specs: dict[str, list[RoleSpec]]) -> dict[tuple, tuple]:
    """{(role, unit id): (unit, departments, groups)}; specs naming a unit or
    department the register does not have are logged and left out."""
    units = {u.code: u for u in Unit.objects.filter(code__in=_codes(specs), is_active=True)}
    wanted: dict[tuple, tuple] = {}
    for group, group_specs in specs.items():
        for spec in group_specs:
            unit = units.get(spec.unit_code)
            if unit is None:
                logger.warning("DIRECTORY_GROUP_ROLES: no active unit %r", spec.unit_code)
                continue
            entry = wanted.setdefault((spec.role, unit.pk), (unit, set(), set()))
            entry[2].add(group)
            if spec.department:
                department = Department.objects.filter(unit=unit, name=spec.department).first()
                if department is None:
                    logger.warning(
                        "DIRECTORY_GROUP_ROLES: %s has no department %r", unit, spec.department
                    )
                    continue
                entry[1].add(department)
    return wanted


def _codes(specs: dict[str, list[RoleSpec]]) -> set[str]:
    return {spec.unit_code for group_specs in specs.values() for spec in group_specs}


@transaction.atomic
def proposal_confirm(*, proposal: RoleProposal, by) -> RoleAssignment:
    """Grant the proposed role, if ``registry.role_policy`` lets ``by`` grant it."""
    proposal = _pending(proposal)
    existing = RoleAssignment.objects.filter(
        user=proposal.user, role=proposal.role, unit=proposal.unit
    ).first()
    if existing is not None:
        role_policy.check_grant(by, user=proposal.user, role=proposal.role, unit=proposal.unit)
        assignment = existing  # granted by hand meanwhile: confirming records the decision
    else:
        assignment = role_grant(
            user=proposal.user,
            role=proposal.role,
            unit=proposal.unit,
            departments=list(proposal.departments.all()),
            by=by,
        )
    _decide(proposal, ProposalState.CONFIRMED, by)
    return assignment


@transaction.atomic
def proposal_decline(*, proposal: RoleProposal, by) -> None:
    """Decline the proposal; only someone who could grant the role may."""
    proposal = _pending(proposal)
    role_policy.check_grant(by, user=proposal.user, role=proposal.role, unit=proposal.unit)
    _decide(proposal, ProposalState.DECLINED, by)


def _pending(proposal: RoleProposal) -> RoleProposal:
    """The proposal, locked; refused when someone decided it meanwhile."""
    locked = RoleProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.state != ProposalState.PENDING:
        raise ValidationError(
            _("This proposal is no longer waiting: %(state)s.")
            % {"state": locked.get_state_display()}
        )
    return locked


def _decide(proposal: RoleProposal, state: str, by) -> None:
    if by is not None and not by.is_authenticated:
        raise PermissionDenied
    proposal.state = state
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal._history_user = by
    proposal.save(update_fields=["state", "decided_by", "decided_at"])
