"""The transactional outbox: a Celery task a user action enqueues, stored with the action.

The row is written in the action's transaction, so the task exists exactly when
the change does; ``registry.outbox`` publishes it after commit and again from
beat until the broker took it. A broker that is down delays a message, never
the action.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessageQuerySet(models.QuerySet):
    def unsent(self) -> "OutboxMessageQuerySet":
        return self.filter(sent_at__isnull=True)


class OutboxMessage(models.Model):
    task = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # The id of the request that enqueued it, so the worker's log lines carry it.
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing task")
        verbose_name_plural = _("outgoing tasks")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk}"
