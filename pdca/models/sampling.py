"""Quarterly sampling (每季度末抽取10%的单位): the draw, its inspections and their checklists."""

import os

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pdca.choices import CheckResult, InspectionStatus
from pdca.models.sources import SourceField, default_source
from registry.historical import HistoricalRecords
from registry.models import Measure, Post, RiskPoint, Unit
from registry.uploads import RandomName


class SamplingDraw(models.Model):
    """One quarter's draw for a district, stored so anyone can re-run it.

    ``candidates`` ([unit id, weight] in draw order), ``previous_units`` and
    ``seed`` are everything the draw used; ``selected`` is what it returned.
    The unique constraint on (district, quarter) is what makes a second run,
    even a simultaneous one on another worker, find this draw instead of
    making another.
    """

    district = models.ForeignKey(
        Unit, verbose_name=_("district / company"), on_delete=models.PROTECT, related_name="+"
    )
    quarter = models.CharField(_("quarter"), max_length=6)
    cycle = models.ForeignKey(
        "pdca.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draws",
    )
    percent = models.PositiveSmallIntegerField(_("share drawn (%)"))
    weighted = models.BooleanField(_("weighted by level-1 points"), default=False)
    level3_percent = models.PositiveSmallIntegerField(_("share of level-3 measures checked (%)"))
    seed = models.BigIntegerField(_("seed"))
    candidates = models.JSONField(_("candidate units"), default=list)
    previous_units = models.JSONField(_("units drawn the quarter before"), default=list)
    selected = models.JSONField(_("units drawn"), default=list)
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sampling draw")
        verbose_name_plural = _("sampling draws")
        ordering = ["-quarter", "district__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "quarter"], name="pdca_one_draw_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return _("%(quarter)s sampling of %(district)s") % {
            "quarter": self.quarter,
            "district": self.district,
        }


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InspectionQuerySet":
        from registry.scoping import visible_units

        return self.filter(models.Q(unit__in=visible_units(user)) | models.Q(inspector=user.pk))


class Inspection(models.Model):
    """The inspection of one unit, assigned to discipline-inspection staff: drawn by the
    quarterly sampling (``draw``), or planned by discipline staff as a special inspection
    or an unannounced check, optionally narrowed to some posts or powers."""

    draw = models.ForeignKey(
        SamplingDraw,
        verbose_name=_("draw"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
    )
    source = SourceField(default=default_source, related_name="inspections")
    title = models.CharField(_("title"), max_length=200, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_at = models.DateTimeField(_("planned"), null=True, blank=True)
    posts = models.ManyToManyField(
        Post, verbose_name=_("posts in scope"), blank=True, related_name="+"
    )
    powers = models.ManyToManyField(
        "powers.PowerItem", verbose_name=_("powers in scope"), blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pdca_inspections",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InspectionStatus.choices,
        default=InspectionStatus.ASSIGNED,
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["draw", "unit__path"]
        indexes = [models.Index(fields=["inspector", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["draw", "unit"], name="pdca_inspect_unit_once_per_draw")
        ]

    def __str__(self) -> str:
        if self.draw_id is None:
            return _("%(title)s: %(unit)s") % {"title": self.title, "unit": self.unit}
        return _("Inspection of %(unit)s, %(quarter)s") % {
            "unit": self.unit,
            "quarter": self.draw.quarter,
        }

    @property
    def is_planned(self) -> bool:
        return self.draw_id is None


class ChecklistItem(models.Model):
    """One measure to check. Point and measure are copied: the register moves on, the
    record of what was checked does not."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="items"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(_("risk level"))
    point_name = models.CharField(_("risk point"), max_length=255)
    measure_text = models.TextField(_("measure"))
    result = models.CharField(
        _("result"), max_length=20, choices=CheckResult.choices, default=CheckResult.PENDING
    )
    notes = models.TextField(_("notes"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["inspection", "level", "id"]

    def __str__(self) -> str:
        return self.measure_text[:60]


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    # Only the first migration still names this; new files go through registry.uploads.
    extension = os.path.splitext(filename)[1].lower()
    return f"pdca/evidence/{instance.uploaded_at:%Y/%m}/{instance.token}{extension}"


class EvidenceFile(models.Model):
    """A file in Django storage supporting a checklist result or a rectification."""

    checklist_item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    rectification_item = models.ForeignKey(
        "pdca.RectificationItem",
        verbose_name=_("rectification item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=RandomName("inspection_evidence"), max_length=255)
    token = models.CharField(max_length=32, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="pdca_evidence_belongs_to_one",
                condition=(
                    models.Q(checklist_item__isnull=False, rectification_item__isnull=True)
                    | models.Q(checklist_item__isnull=True, rectification_item__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return self.original_name
