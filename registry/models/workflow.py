"""The review and approval of a unit's risk list (三上三下, 层层把关)."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.choices import RiskPointStatus
from registry.historical import HistoricalRecords
from registry.models.organisation import Unit
from registry.models.register import RiskPoint


class RiskList(models.Model):
    """A unit's risk list for one year: the points move through review together.

    ``version`` is bumped by every transition; an action submitted from a page
    showing an older version loses ("changed by X at T, reload").
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="risk_lists"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(default=0, editable=False)
    returns_count = models.PositiveIntegerField(_("times sent back"), default=0)
    last_action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_action_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    minutes_ref = models.CharField(_("minutes reference"), max_length=100, blank=True)
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        default=settings.NOTICE_DAYS_DEFAULT,
        validators=[MinValueValidator(settings.NOTICE_DAYS_MINIMUM)],
    )
    notice_start = models.DateTimeField(_("notice from"), null=True, blank=True)
    notice_until = models.DateTimeField(_("notice until"), null=True, blank=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("risk list")
        verbose_name_plural = _("risk lists")
        ordering = ["unit__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_risk_list_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    @property
    def points(self):
        return RiskPoint.objects.filter(unit_id=self.unit_id, year=self.year)

    @property
    def notice_running(self) -> bool:
        return bool(self.notice_until and self.notice_until > timezone.now())

    def start_notice(self, days: int) -> None:
        self.notice_days = days
        self.notice_start = timezone.now()
        self.notice_until = self.notice_start + datetime.timedelta(days=days)


class SignOffAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted and signed")
    SIGN = "sign", _("Checked and signed by the department head")
    REVIEW = "review", _("Reviewed by the leader in charge")
    APPROVE = "approve", _("Approved by the main leader")
    DECIDE = "decide", _("Decided collectively by the leading group")
    RETURN = "return", _("Sent back")
    TAKE_EFFECT = "take_effect", _("Took effect after public notice")
    REVISE = "revise", _("Revision opened")


class CollectiveDecision(models.Model):
    """A leading-group meeting that decided level-1 points (集体研究确定).

    Recorded by a member; the attendees are members of the unit's leading group.
    The sign-offs it produced point back to it; their fingerprints are unchanged.
    """

    risk_list = models.ForeignKey(
        RiskList, verbose_name=_("risk list"), on_delete=models.CASCADE, related_name="decisions"
    )
    meeting_date = models.DateField(_("meeting date"))
    minutes_ref = models.CharField(_("minutes reference"), max_length=100)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attending members"), related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("collective decision")
        verbose_name_plural = _("collective decisions")
        ordering = ["meeting_date", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_date:%Y-%m-%d} {self.minutes_ref}"


class SignOff(models.Model):
    """One step taken on one point: who, when, what they said, and what they signed.

    ``content_hash`` fingerprints the point and its measures as signed; editing
    the point afterwards makes the sign-off outdated, and the page shows it.
    """

    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="sign_offs"
    )
    risk_list = models.ForeignKey(
        RiskList, verbose_name=_("risk list"), on_delete=models.CASCADE, related_name="sign_offs"
    )
    action = models.CharField(_("action"), max_length=20, choices=SignOffAction.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=RiskPointStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=RiskPointStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sign_offs",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    content_hash = models.CharField(_("content fingerprint"), max_length=64)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    minutes_ref = models.CharField(_("minutes reference"), max_length=100, blank=True)
    decision = models.ForeignKey(
        CollectiveDecision,
        verbose_name=_("collective decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sign_offs",
    )
    batch = models.UUIDField(_("batch"), db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["risk_point", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.risk_point}"


class NoticeFeedback(models.Model):
    """Comment left on a public notice, anonymous if the writer wishes.

    It reaches the unit's discipline-inspection staff as a task.
    """

    risk_list = models.ForeignKey(
        RiskList, verbose_name=_("risk list"), on_delete=models.CASCADE, related_name="feedback"
    )
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
    )
    name = models.CharField(_("name (optional)"), max_length=50, blank=True)
    contact = models.CharField(_("contact (optional)"), max_length=100, blank=True)
    message = models.TextField(_("comment"), max_length=settings.FEEDBACK_MAX_LENGTH)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    response = models.TextField(_("how it was handled"), blank=True)

    # The writer's name and contact stay out of the change history, which auditors
    # and the unit's administrators read: only discipline staff see them.
    history = HistoricalRecords(excluded_fields=["name", "contact"])

    class Meta:
        verbose_name = _("notice feedback")
        verbose_name_plural = _("notice feedback")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.message[:40]
