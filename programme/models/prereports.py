"""Major-matter pre-reports (三重一大事前报告): a unit reports a major decision before
the meeting, discipline staff answer with a reminder card (廉政提醒卡), and after the
meeting the decision record is filed."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.historical import HistoricalRecords
from registry.models import Document, Unit


class MatterKind(models.TextChoices):
    """The four kinds of “三重一大” matters."""

    DECISION = "decision", _("Major decision")
    APPOINTMENT = "appointment", _("Appointment or removal of important cadres")
    PROJECT = "project", _("Major project")
    FUNDS = "funds", _("Use of large funds")


class PreReport(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="pre_reports"
    )
    kind = models.CharField(_("kind of matter"), max_length=20, choices=MatterKind.choices)
    subject = models.CharField(_("matter"), max_length=200)
    amount = models.DecimalField(
        _("amount (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    meeting_date = models.DateField(_("meeting date"))
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    notice_days = models.PositiveSmallIntegerField(
        _("days required"), help_text=_("How many days before the meeting the report was due.")
    )
    # The discipline staff's answer: a numbered reminder card.
    reminder_card = models.OneToOneField(
        Document,
        verbose_name=_("reminder card"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pre_report",
    )
    # The decision record, filed after the meeting.
    decided_on = models.DateField(_("meeting held on"), null=True, blank=True)
    attendees = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    leader_spoke_last = models.BooleanField(_("main leader spoke last"), null=True, blank=True)
    discipline_present = models.BooleanField(
        _("discipline staff present"), null=True, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("major-matter pre-report")
        verbose_name_plural = _("major-matter pre-reports")
        ordering = ["-meeting_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.subject}"

    @property
    def days_ahead(self) -> int:
        return (self.meeting_date - self.reported_on).days

    @property
    def is_missing(self) -> bool:
        """Reported only on or after the meeting: there was no pre-report."""
        return self.days_ahead <= 0

    @property
    def is_late(self) -> bool:
        return 0 < self.days_ahead < self.notice_days

    @property
    def is_decided(self) -> bool:
        return self.decided_on is not None
