"""Who holds which role, and where in the unit tree."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.choices import ProposalState, Role
from registry.historical import HistoricalRecords
from registry.models.organisation import Department, Unit

# Roles whose scope narrows to named departments of the unit.
DEPARTMENT_ROLES = {Role.LEADER_IN_CHARGE, Role.DEPARTMENT_HEAD}


class RoleAssignment(models.Model):
    """A role held on a unit; it covers the unit's whole subtree.

    A role on the district (the root unit) therefore covers every unit.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    departments = models.ManyToManyField(
        Department,
        verbose_name=_("departments"),
        blank=True,
        related_name="role_assignments",
        help_text=_("For leaders in charge and department heads: the departments they cover."),
    )

    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def full_clean_departments(self) -> None:
        """Checks that need the saved many-to-many rows: call after setting departments."""
        departments = list(self.departments.all())
        if self.role in DEPARTMENT_ROLES and not departments:
            raise ValidationError({"departments": _("Name the departments this role covers.")})
        if self.role not in DEPARTMENT_ROLES and departments:
            raise ValidationError(
                {"departments": _("This role covers the whole unit, not departments.")}
            )
        strays = [d.name for d in departments if d.unit_id != self.unit_id]
        if strays:
            raise ValidationError(
                {
                    "departments": _("Not departments of %(unit)s: %(names)s")
                    % {"unit": self.unit, "names": "、".join(strays)}
                }
            )


class RoleProposal(models.Model):
    """A role the user's directory groups suggest (DIRECTORY_GROUP_ROLES).

    Nothing is granted until an administrator whom ``registry.role_policy`` lets
    grant the role confirms it; the proposal then becomes a ``RoleAssignment``.
    One row per user, role and unit: a decision (confirmed or declined) is kept,
    so a declined role is not proposed again at the next sign-in.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_proposals",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_proposals"
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="role_proposals"
    )
    source = models.CharField(_("directory"), max_length=10)  # "ldap" or "oidc"
    groups = models.TextField(_("directory groups"), help_text=_("The groups that propose it."))
    state = models.CharField(
        _("state"), max_length=10, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role proposal")
        verbose_name_plural = _("role proposals")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="proposal_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
