"""Findings and rectification to closure (限期整改, 销号)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pdca.choices import RectificationStatus, Severity
from pdca.models.sources import SourceField, default_source
from registry.historical import HistoricalRecords
from registry.models import Measure, RiskPoint, Unit

# Not yet confirmed as rectified: these are the statuses a deadline applies to.
UNFINISHED = (RectificationStatus.OPEN, RectificationStatus.EVIDENCE_SUBMITTED)


class Finding(models.Model):
    """A problem found, with its severity and source: by an inspection (drawn or planned),
    or recorded from a patrol, an audit or a compliance review (no inspection then).

    A finding on a measure (or, without one, a risk point) that already had a finding
    from an earlier inspection or source is a repeat (屡查屡犯): ``repeat_of`` names the
    earlier one, and the unit loses the points of the repeat rule (earlywarning)."""

    inspection = models.ForeignKey(
        "pdca.Inspection",
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    source = SourceField(default=default_source, related_name="findings")
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("E.g. the number of the audit report or the patrol feedback."),
    )
    found_on = models.DateField(_("found on"), null=True, blank=True)
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    checklist_item = models.ForeignKey(
        "pdca.ChecklistItem",
        verbose_name=_("checklist item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    description = models.TextField(_("finding"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["measure"], name="pdca_finding_measure"),
            models.Index(fields=["risk_point"], name="pdca_finding_point"),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_repeat(self) -> bool:
        return self.repeat_of_id is not None


class RectificationItemQuerySet(models.QuerySet):
    def unfinished(self) -> "RectificationItemQuerySet":
        return self.filter(status__in=UNFINISHED)

    def overdue(self, today: datetime.date) -> "RectificationItemQuerySet":
        """Past the deadline and not yet verified; served by the (status, deadline) index."""
        return self.filter(status__in=UNFINISHED, deadline__lt=today)

    def visible_to(self, user) -> "RectificationItemQuerySet":
        """Items of units the user reads as a whole, their own and those they inspect; a
        department head or post holder also sees the items found on their own points."""
        from registry.roles import VIEW
        from registry.scoping import scope_for

        scope = scope_for(user)
        if scope.sees_everything:
            return self.all()
        own_points = RiskPoint.objects.visible_to(user)
        return self.filter(
            scope.unit_condition(VIEW, "unit__")
            | Q(owner=user.pk)
            | Q(inspector=user.pk)
            | Q(finding__checklist_item__risk_point__in=own_points)
            | Q(finding__risk_point__in=own_points)
        )


class RectificationItem(models.Model):
    """Something a unit must put right by a deadline, closed off (销号) once verified."""

    finding = models.OneToOneField(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    cycle = models.ForeignKey(
        "pdca.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_items",
    )
    source = SourceField(related_name="rectification_items")
    # The link to the appraisal's notice lives here, on the higher app's side.
    notice = models.OneToOneField(
        "assessment.RectificationNotice",
        verbose_name=_("rectification notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("what to rectify"), max_length=255)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="pdca_rectification_items",
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pdca_verified_items",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    evidence_note = models.TextField(_("how it was rectified"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # Set by the daily sweep the first time the item is found overdue, so its
    # people are told once, not every morning.
    overdue_flagged_on = models.DateField(_("flagged overdue on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["overdue_flagged_on"])
    objects = RectificationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="pdca_rect_status_deadline"),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in UNFINISHED and self.deadline < today

    @property
    def closed_on_time(self) -> bool:
        return bool(self.closed_at and self.closed_at.date() <= self.deadline)


class CarriedItem(models.Model):
    """An unfinished item brought into the next cycle; the item itself is not touched."""

    cycle = models.ForeignKey(
        "pdca.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="carried_items",
    )
    item = models.ForeignKey(
        RectificationItem,
        verbose_name=_("rectification item"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("carried-over rectification item")
        verbose_name_plural = _("carried-over rectification items")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "item"], name="pdca_carry_item_once")
        ]

    def __str__(self) -> str:
        return str(self.item)
