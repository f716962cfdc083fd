"""In-app notifications, shared by every app (sent through registry.notifications)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    NONE = "none", _("No email (no address)")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Failed, gave up")


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def email_due(self, now) -> "NotificationQuerySet":
        """Emails to (re)send: failed ones whose back-off ended, and queued ones left behind."""
        return self.filter(
            email_state__in=[EmailState.QUEUED, EmailState.FAILED], email_next_attempt_at__lte=now
        )


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # One key per sending, so a task delivered twice creates each notice once.
    key = models.UUIDField(editable=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Each recipient's email has its own delivery record (see registry.notifications).
    email_state = models.CharField(
        _("email"), max_length=10, choices=EmailState.choices, default=EmailState.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)
    email_error = models.TextField(_("email error"), blank=True)
    email_sent_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_next_attempt_at = models.DateTimeField(_("next email attempt"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "recipient"], name="notification_once_per_key")
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(
                fields=["email_next_attempt_at"],
                condition=models.Q(email_state__in=["queued", "failed"]),
                name="notification_email_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title
