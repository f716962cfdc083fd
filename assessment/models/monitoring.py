"""Who monitors each risk point, by its level (分级管理, 分级负责)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessment.choices import MonitorBasis
from registry.models import RiskPoint


class MonitorAssignment(models.Model):
    """A monitor of a point, resolved from roles; ``user`` empty means the post is vacant.

    Rows are derived data, rewritten by ``assessment.monitoring`` whenever
    levels, roles, people or tenures change, so they carry no history.
    """

    point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        on_delete=models.CASCADE,
        related_name="monitor_assignments",
    )
    basis = models.CharField(_("monitor as"), max_length=30, choices=MonitorBasis.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("monitor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitor_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitor assignment")
        verbose_name_plural = _("monitor assignments")
        ordering = ["point_id", "basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "basis", "user"],
                condition=Q(user__isnull=False),
                name="monitor_once_per_basis",
            ),
            models.UniqueConstraint(
                fields=["point", "basis"],
                condition=Q(user__isnull=True),
                name="vacancy_once_per_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.point_id} · {self.get_basis_display()} · {self.user or '—'}"

    @property
    def is_vacant(self) -> bool:
        return self.user_id is None
