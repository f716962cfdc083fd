"""Commitment and responsibility letters (承诺书、责任书), issued in batches, collected signed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.choices import LetterKind, LetterLevel
from registry.historical import HistoricalRecords
from registry.models import Person, Post, Unit
from registry.uploads import RandomName, UploadValidator


class LetterBatch(models.Model):
    """One issue of letters for a unit and year: who got one, by when they are due back."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="letter_batches"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    title = models.CharField(_("title"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due back on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
        ordering = ["-year", "-issued_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind"], name="one_letter_batch_per_unit_year_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            raise ValidationError(
                {"due_on": _("The letters cannot be due before they are issued.")}
            )


class LetterQuerySet(models.QuerySet):
    def signed(self) -> "LetterQuerySet":
        return self.exclude(scan="")

    def missing(self) -> "LetterQuerySet":
        return self.filter(scan="")


class Letter(models.Model):
    """One person's letter in a batch; it counts as collected once its signed scan is in."""

    batch = models.ForeignKey(
        LetterBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="letters"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="letters"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.SET_NULL, null=True, blank=True
    )
    level = models.CharField(
        _("level"), max_length=20, choices=LetterLevel.choices, default=LetterLevel.STAFF
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    # A signed letter is a scanned commitment: the same kind of upload (PDF or image).
    scan = models.FileField(
        _("signed scan"),
        upload_to=RandomName("commitment"),
        validators=[UploadValidator("commitment")],
        max_length=255,
        blank=True,
    )
    scan_name = models.CharField(_("file name"), max_length=255, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    history = HistoricalRecords()
    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["batch", "level", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="one_letter_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.batch} · {self.person}"

    @property
    def is_signed(self) -> bool:
        return bool(self.scan)
