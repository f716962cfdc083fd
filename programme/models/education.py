"""Integrity education (廉政教育): activities, who attended, and test scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.historical import HistoricalRecords
from registry.models import Person, Unit


class EducationKind(models.Model):
    """A kind of activity (party class, warning education, 每月一课 …): data, not code."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_test = models.BooleanField(
        _("knowledge test"), default=False, help_text=_("Attendees of a test get a score.")
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind of education")
        verbose_name_plural = _("kinds of education")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class EducationActivity(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="education"
    )
    kind = models.ForeignKey(
        EducationKind, verbose_name=_("activity kind"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=200)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("education activity")
        verbose_name_plural = _("education activities")
        ordering = ["-held_on", "topic"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class Attendance(models.Model):
    activity = models.ForeignKey(
        EducationActivity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendance"
    )
    score = models.DecimalField(
        _("test score"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="attended_once")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.person}"
