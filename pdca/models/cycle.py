"""The annual cycle (PDCA): its calendar, per-unit deadlines and the points carried into it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pdca.choices import Milestone, ReviewDecision, Stage
from registry.historical import HistoricalRecords
from registry.models import RiskPoint, Unit

MONTH = [MinValueValidator(1), MaxValueValidator(12)]
DAY = [MinValueValidator(1), MaxValueValidator(31)]


def on_day(year: int, month: int, day: int) -> datetime.date:
    """The date in ``year``; a day past the month's end (29 Feb) falls back to its last day."""
    while True:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            day -= 1


class PhaseTemplate(models.Model):
    """A row of the default calendar every new cycle starts from (the pilot's, seeded)."""

    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    name = models.CharField(_("phase"), max_length=100)
    start_month = models.PositiveSmallIntegerField(_("start month"), validators=MONTH)
    start_day = models.PositiveSmallIntegerField(_("start day"), validators=DAY)
    end_month = models.PositiveSmallIntegerField(_("end month"), validators=MONTH)
    end_day = models.PositiveSmallIntegerField(_("end day"), validators=DAY)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default phase")
        verbose_name_plural = _("default calendar")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class DeadlineTemplate(models.Model):
    phase = models.ForeignKey(
        PhaseTemplate, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="deadlines"
    )
    milestone = models.CharField(_("milestone"), max_length=30, choices=Milestone.choices)
    name = models.CharField(_("name"), max_length=200)
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    day = models.PositiveSmallIntegerField(_("day"), validators=DAY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("default deadline")
        verbose_name_plural = _("default deadlines")
        ordering = ["month", "day"]

    def __str__(self) -> str:
        return self.name


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CycleQuerySet":
        """Cycles of the districts in which the user sees at least one unit."""
        from registry.scoping import visible_units

        inside = visible_units(user).filter(path__startswith=models.OuterRef("district__path"))
        return self.filter(models.Exists(inside))


class Cycle(models.Model):
    """One year of a district's (or company's) programme: Plan, Do, Check, Act."""

    district = models.ForeignKey(
        Unit, verbose_name=_("district / company"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycle",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = CycleQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual cycle")
        verbose_name_plural = _("annual cycles")
        ordering = ["-year", "district__path"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="pdca_one_cycle_per_year")
        ]

    def __str__(self) -> str:
        return _("%(district)s · %(year)s cycle") % {"district": self.district, "year": self.year}

    def phase_on(self, day: datetime.date) -> "Phase | None":
        """The phase running on ``day``: the calendar decides, nobody switches phases by hand."""
        for phase in self.phases.all():
            if phase.starts_on <= day <= phase.ends_on:
                return phase
        return None

    def stage_on(self, day: datetime.date) -> str | None:
        """The stage on ``day``; between phases, the stage of the phase that ended last."""
        phases = list(self.phases.all())
        if current := self.phase_on(day):
            return current.stage
        past = [p for p in phases if p.ends_on < day]
        return max(past, key=lambda p: p.ends_on).stage if past else None


class Phase(models.Model):
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="phases"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    name = models.CharField(_("phase"), max_length=100)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="pdca_phase_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The phase ends before it starts.")})


class Deadline(models.Model):
    """A date every unit must meet (e.g. risk lists due 10 April), unless given its own."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="deadlines"
    )
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="deadlines"
    )
    milestone = models.CharField(_("milestone"), max_length=30, choices=Milestone.choices)
    name = models.CharField(_("name"), max_length=200)
    due_on = models.DateField(_("due"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "milestone"],
                condition=~Q(milestone=Milestone.OTHER),
                name="pdca_one_deadline_per_milestone",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitDeadline(models.Model):
    """A unit's own date for a deadline (an extension granted, or an earlier date)."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("deadline"), on_delete=models.CASCADE, related_name="unit_dates"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("due"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit deadline")
        verbose_name_plural = _("unit deadlines")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "unit"], name="pdca_one_date_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.deadline}"


class CarriedPoint(models.Model):
    """A point in effect carried into a new cycle; in Plan it is confirmed, revised or retired."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="carried_points"
    )
    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="+"
    )
    decision = models.CharField(
        _("review"), max_length=20, choices=ReviewDecision.choices, default=ReviewDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("carried-over point")
        verbose_name_plural = _("carried-over points")
        ordering = ["risk_point__unit__path", "risk_point__level", "risk_point_id"]
        indexes = [models.Index(fields=["cycle", "decision"])]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "risk_point"], name="pdca_carry_point_once")
        ]

    def __str__(self) -> str:
        return str(self.risk_point)
