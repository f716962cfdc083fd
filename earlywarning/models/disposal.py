"""Disposal cases (预警处置) climbing the four steps, and their log."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from earlywarning.choices import CaseStatus, EventKind, Step
from earlywarning.models.information import WarningInfo
from registry.historical import HistoricalRecords
from registry.models import Person, Unit
from registry.uploads import RandomName, UploadValidator


class StepDeadline(models.Model):
    """How many days a case may stay at a step before it escalates: data an admin edits."""

    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days allowed"), validators=[MinValueValidator(1)])
    duty = models.TextField(_("what the step requires"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("step deadline")
        verbose_name_plural = _("step deadlines")
        ordering = ["step"]
        constraints = [
            # A deadline in the past at the moment of escalation would let one
            # sweep move a case twice.
            models.CheckConstraint(condition=Q(days__gte=1), name="step_deadline_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} · {self.days}"


class DisposalCaseQuerySet(models.QuerySet):
    def open(self) -> "DisposalCaseQuerySet":
        return self.filter(status=CaseStatus.OPEN)

    def overdue(self, now) -> "DisposalCaseQuerySet":
        return self.open().filter(deadline__lte=now)

    def due_for_escalation(self, now) -> "DisposalCaseQuerySet":
        """Open cases below the top step whose deadline has passed (index ``case_escalation_due``)."""
        return self.filter(status=CaseStatus.OPEN, step__lt=Step.DISPOSAL, deadline__lte=now)


class DisposalCase(models.Model):
    """The handling of one verified warning, from reminder up to disposal."""

    warning = models.OneToOneField(
        WarningInfo,
        verbose_name=_("warning information"),
        on_delete=models.PROTECT,
        related_name="case",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="disposal_cases"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disposal_cases",
    )
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, default=Step.REMINDER)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    step_started_at = models.DateTimeField(_("step started"))
    deadline = models.DateTimeField(_("step deadline"))
    inquiry_answer = models.TextField(_("written answer to the inquiry"), blank=True)
    interview_at = models.DateTimeField(_("interview scheduled for"), null=True, blank=True)
    interview_minutes = models.TextField(_("interview minutes"), blank=True)
    decision = models.TextField(_("disposal decision"), blank=True)
    responsible = models.TextField(_("held responsible"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=RandomName("case_evidence"),
        validators=[UploadValidator("case_evidence")],
        max_length=255,
        blank=True,
    )
    evidence_file_name = models.CharField(
        _("evidence file name"), max_length=255, blank=True, editable=False
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DisposalCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("disposal case")
        verbose_name_plural = _("disposal cases")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=4), name="case_step_valid"),
            models.CheckConstraint(
                condition=Q(status=CaseStatus.OPEN) | ~Q(resolution="") & ~Q(evidence=""),
                name="closed_case_has_resolution",
            ),
        ]
        indexes = [
            # The escalation sweep reads only due open cases below the top step,
            # in deadline order: a partial index keeps that one range scan.
            models.Index(
                fields=["deadline"],
                name="case_escalation_due",
                condition=Q(status=CaseStatus.OPEN, step__lt=Step.DISPOSAL),
            ),
            models.Index(fields=["unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.warning} · {self.get_step_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.deadline <= (now or timezone.now())


class CaseEvent(models.Model):
    """One thing that happened to a case: opened, escalated, stepped down, recorded, closed."""

    case = models.ForeignKey(
        DisposalCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    from_step = models.PositiveSmallIntegerField(
        _("from step"), choices=Step.choices, null=True, blank=True
    )
    to_step = models.PositiveSmallIntegerField(_("to step"), choices=Step.choices)
    deadline = models.DateTimeField(_("new deadline"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.get_kind_display()}"
