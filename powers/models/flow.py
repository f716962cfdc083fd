"""The process flow of a power (权力运行流程): ordered steps, and the risk points on them.

The link between a step and a risk point lives here, in ``powers``, so the
register (``registry``) never needs to know about powers.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from powers.models.catalogue import PowerItem
from registry.historical import HistoricalRecords
from registry.models import Post, RiskPoint


class FlowStep(models.Model):
    power = models.ForeignKey(
        PowerItem, verbose_name=_("power"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("step number"))
    name = models.CharField(_("step"), max_length=200)
    post = models.ForeignKey(
        Post,
        verbose_name=_("undertaking post"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flow_steps",
    )
    time_limit = models.CharField(_("time limit"), max_length=100, blank=True)
    duty = models.TextField(_("duty"), blank=True)
    control = models.TextField(
        _("check or constraint"),
        blank=True,
        help_text=_("How this step is checked or constrained (监督制约)."),
    )
    complaint_channel = models.CharField(_("complaint channel"), max_length=255, blank=True)
    risk_points = models.ManyToManyField(
        RiskPoint,
        through="StepRisk",
        related_name="+",
        verbose_name=_("risk points"),
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flow step")
        verbose_name_plural = _("flow steps")
        ordering = ["power", "order"]
        constraints = [
            models.UniqueConstraint(fields=["power", "order"], name="flowstep_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def clean(self) -> None:
        if self.power_id and self.post_id and self.post.unit_id != self.power.unit_id:
            raise ValidationError({"post": _("The post belongs to another unit than the power.")})


class StepRisk(models.Model):
    """A risk point that sits on a step (the ★ on the flow chart)."""

    step = models.ForeignKey(
        FlowStep, verbose_name=_("flow step"), on_delete=models.CASCADE, related_name="risk_links"
    )
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        on_delete=models.CASCADE,
        related_name="power_step_links",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk point on a step")
        verbose_name_plural = _("risk points on steps")
        constraints = [
            models.UniqueConstraint(fields=["step", "risk_point"], name="steprisk_unique")
        ]

    def __str__(self) -> str:
        return f"{self.step} ★ {self.risk_point}"

    def clean(self) -> None:
        if self.step_id and self.risk_point_id:
            if self.risk_point.unit_id != self.step.power.unit_id:
                raise ValidationError(
                    {"risk_point": _("The risk point belongs to another unit than the power.")}
                )
