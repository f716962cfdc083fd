"""Notifications for every app: an in-app notice per recipient, and its email.

``notify`` writes an outbox message in the caller's transaction: an action that
rolls back notifies nobody, and one that commits notifies everyone even if the
broker is down at that moment. The worker creates each recipient's notice
(``notifications_deliver``) and emails each recipient separately
(``notification_email_send``), keeping the email's state, attempts and last
error on the notice, where administrators see them. A failed email is retried
with growing pauses by ``emails_resend_due`` (beat, every minute).
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from registry.models import EmailState, Notification
from registry.outbox import enqueue_many

EMAIL_MAX_ATTEMPTS = 8
EMAIL_FIRST_PAUSE = datetime.timedelta(minutes=1)
EMAIL_LONGEST_PAUSE = datetime.timedelta(hours=6)
# A queued email the delivering task left behind (a crash) is picked up after this.
EMAIL_LEFT_BEHIND = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class Notice:
    recipients: Iterable
    title: str
    body: str = ""
    url: str = ""


def notify(*, recipients: Iterable, title: str, body: str = "", url: str = "") -> None:
    notify_many([Notice(recipients, title, body, url)])


def notify_many(notices: Iterable[Notice]) -> None:
    """Several notices in one insert, for sweeps that notify per row."""
    messages = []
    for notice in notices:
        recipient_ids = sorted({user.pk for user in notice.recipients if user is not None})
        if recipient_ids:
            messages.append(
                {
                    "key": str(uuid.uuid4()),
                    "recipient_ids": recipient_ids,
                    "title": str(notice.title),
                    "body": str(notice.body),
                    "url": notice.url,
                }
            )
    if messages:
        enqueue_many("registry.tasks.deliver_notification", messages)


def notifications_deliver(
    *, key: str, recipient_ids: list[int], title: str, body: str, url: str
) -> int:
    """Create the missing notices of one sending, then email whoever still waits.

    Safe to run twice: a notice exists once per key and recipient, and an email
    is sent only from the queued or failed state.
    """
    now = timezone.now()
    existing = set(Notification.objects.filter(key=key).values_list("recipient_id", flat=True))
    users = get_user_model().objects.filter(pk__in=set(recipient_ids) - existing, is_active=True)
    created = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                key=key,
                title=title,
                body=body,
                url=url,
                email_state=EmailState.QUEUED if user.email else EmailState.NONE,
                email_next_attempt_at=now + EMAIL_LEFT_BEHIND if user.email else None,
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    waiting = Notification.objects.filter(key=key, email_state=EmailState.QUEUED)
    for pk in waiting.values_list("pk", flat=True):
        notification_email_send(notification_id=pk)
    return len(created)


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notice if it still waits; record the outcome on it. True when sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=notification_id, email_state__in=[EmailState.QUEUED, EmailState.FAILED])
            .first()
        )
        if notification is None:
            return False
        notification.email_attempts += 1
        try:
            send_mail(
                notification.title,
                _email_text(notification),
                settings.DEFAULT_FROM_EMAIL,
                [notification.recipient.email],
            )
        except Exception as exc:  # noqa: BLE001 - any mail failure is recorded and retried
            _record_failure(notification, exc)
        else:
            notification.email_state = EmailState.SENT
            notification.email_sent_at = timezone.now()
            notification.email_next_attempt_at = None
        notification.save(
            update_fields=[
                "email_state",
                "email_attempts",
                "email_error",
                "email_sent_at",
                "email_next_attempt_at",
            ]
        )
        return notification.email_state == EmailState.SENT


def emails_resend_due(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Beat: retry failed emails whose pause ended (and queued ones left behind)."""
    due = Notification.objects.email_due(now or timezone.now()).order_by("email_next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:limit])
    return sum(notification_email_send(notification_id=pk) for pk in ids)


def email_retry_now(*, notifications: Iterable[Notification]) -> int:
    """An administrator's "retry now": failed or abandoned emails become due at once."""
    ids = [n.pk for n in notifications]
    return Notification.objects.filter(
        pk__in=ids, email_state__in=[EmailState.FAILED, EmailState.GAVE_UP]
    ).update(email_state=EmailState.FAILED, email_next_attempt_at=timezone.now())


def _record_failure(notification: Notification, exc: Exception) -> None:
    attempts = notification.email_attempts
    notification.email_error = f"{type(exc).__name__}: {exc}"[:2000]
    if attempts >= EMAIL_MAX_ATTEMPTS:
        notification.email_state = EmailState.GAVE_UP
        notification.email_next_attempt_at = None
        return
    pause = min(EMAIL_FIRST_PAUSE * 2 ** (attempts - 1), EMAIL_LONGEST_PAUSE)
    notification.email_state = EmailState.FAILED
    notification.email_next_attempt_at = timezone.now() + pause


def _email_text(notification: Notification) -> str:
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    return f"{notification.body}\n\n{link}".strip()
