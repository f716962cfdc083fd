"""Warning information (预警信息) and the information officers (预警信息员) who report it."""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from earlywarning.choices import ReportStatus, SourceType, Verification
from registry.historical import HistoricalRecords
from registry.models import Person, RiskPoint, Unit

# Never copied into history rows: the change history is read more widely
# than the warning itself, and the complainant must stay protected.
COMPLAINANT_FIELDS = ["complainant_name", "complainant_contact", "complainant_note"]


class InformationOfficer(models.Model):
    """A person appointed to collect warning information in a unit and report monthly."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="warning_officers"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="officer_posts"
    )
    appointed_on = models.DateField(_("appointed on"))
    ended_on = models.DateField(_("appointment ended on"), null=True, blank=True)
    report_day = models.PositiveSmallIntegerField(
        _("monthly report due by day"),
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "The report is due by this day of each month (the month's last day if shorter)."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("warning information officer")
        verbose_name_plural = _("warning information officers")
        ordering = ["unit__path", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "person"],
                condition=Q(ended_on__isnull=True),
                name="officer_once_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(report_day__gte=1, report_day__lte=31), name="officer_report_day_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit}"

    def clean(self) -> None:
        if self.person_id and self.unit_id and self.person.unit_id != self.unit_id:
            raise ValidationError({"person": _("The person does not work in this unit.")})

    def due_date(self, period: datetime.date) -> datetime.date:
        """The day the report for the month ``period`` is due."""
        last = calendar.monthrange(period.year, period.month)[1]
        return period.replace(day=min(self.report_day, last))


class OfficerReport(models.Model):
    """One officer's report for one month; a row marked missing when none came in time."""

    officer = models.ForeignKey(
        InformationOfficer,
        verbose_name=_("information officer"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices)
    content = models.TextField(_("report"), blank=True)
    issues = models.TextField(
        _("problems to verify"),
        blank=True,
        help_text=_("Each problem written here becomes warning information for verification."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("officer's monthly report")
        verbose_name_plural = _("officers' monthly reports")
        ordering = ["-period", "officer__unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "period"], name="one_report_per_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="report_period_is_month"),
        ]

    def __str__(self) -> str:
        return f"{self.officer} · {self.period:%Y-%m}"


class WarningInfo(models.Model):
    """One item of warning information about a unit (and perhaps a person and risk point)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="warnings"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warnings",
    )
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="warnings",
    )
    source_type = models.CharField(_("source"), max_length=30, choices=SourceType.choices)
    # The id of the record it came from (an inspection finding, a rectification
    # item, an officer's report), so the same record is taken in only once.
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    received_on = models.DateField(_("received on"))
    summary = models.CharField(_("summary"), max_length=200)
    facts = models.TextField(_("facts"))
    complainant_name = models.CharField(_("complainant"), max_length=100, blank=True)
    complainant_contact = models.CharField(_("complainant's contact"), max_length=200, blank=True)
    complainant_note = models.TextField(_("notes on the complainant"), blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=20,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    verification_reason = models.TextField(_("reason"), blank=True)
    is_major = models.BooleanField(
        _("major case"),
        default=False,
        help_text=_(
            "A major violation of discipline or law: its unit's leaders are held accountable."
        ),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=COMPLAINANT_FIELDS)

    class Meta:
        verbose_name = _("warning information")
        verbose_name_plural = _("warning information")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(source_id__isnull=False),
                name="warning_once_per_source",
            ),
        ]
        indexes = [models.Index(fields=["unit", "received_on"])]

    def __str__(self) -> str:
        return self.summary

    def clean(self) -> None:
        errors = {}
        if self.person_id and self.unit_id and self.person.unit_id != self.unit_id:
            errors["person"] = _("The person does not work in this unit.")
        if self.risk_point_id and self.unit_id and self.risk_point.unit_id != self.unit_id:
            errors["risk_point"] = _("The risk point belongs to another unit.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def disposal(self):
        """The disposal case, or None before one is opened."""
        try:
            return self.case
        except ObjectDoesNotExist:
            return None

    @property
    def has_complainant(self) -> bool:
        return any(getattr(self, name) for name in COMPLAINANT_FIELDS)
