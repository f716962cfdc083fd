"""Integrity files (廉政档案): signed commitments and recorded index adjustments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.historical import HistoricalRecords
from registry.models import Person
from registry.uploads import RandomName, UploadValidator


class Commitment(models.Model):
    """A signed integrity commitment (廉政承诺书) for a year."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="commitments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    signed_on = models.DateField(_("signed on"))
    file = models.FileField(
        _("scanned commitment"),
        upload_to=RandomName("commitment"),
        validators=[UploadValidator("commitment")],
        max_length=255,
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrity commitment")
        verbose_name_plural = _("integrity commitments")
        ordering = ["-year", "-signed_on"]

    def __str__(self) -> str:
        return f"{self.person} · {self.year}"


class IntegrityAdjustment(models.Model):
    """A recorded addition to or deduction from a person's integrity index for a year."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="integrity_adjustments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    points = models.SmallIntegerField(
        _("points"),
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_("Negative for a deduction, positive for a commendation."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrity index adjustment")
        verbose_name_plural = _("integrity index adjustments")
        ordering = ["-year", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.person} · {self.year} · {self.points:+d}"
