import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import timezone

from registry import rotation
from registry.models import Notification

logger = logging.getLogger(__name__)


@shared_task
def heartbeat() -> str:
    """Beat's proof of life: visible in the worker log every few minutes."""
    stamp = timezone.now().isoformat()
    logger.info("register heartbeat %s", stamp)
    return stamp


@shared_task(acks_late=True)
def deliver_notification(
    *, key: str, recipient_ids: list[int], title: str, body: str, url: str
) -> int:
    """Create each recipient's in-app notice and email it; safe to run twice (``key``)."""
    existing = set(Notification.objects.filter(key=key).values_list("recipient_id", flat=True))
    users = get_user_model().objects.filter(pk__in=set(recipient_ids) - existing, is_active=True)
    created = Notification.objects.bulk_create(
        [Notification(recipient=u, key=key, title=title, body=body, url=url) for u in users],
        ignore_conflicts=True,
    )
    link = f"{settings.SITE_URL}{url}" if url else ""
    mails = [
        (title, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users
        if u.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=False)
        Notification.objects.filter(key=key, recipient__in=[u for u in users if u.email]).update(
            emailed=True
        )
    return len(created)


@shared_task
def take_effect_after_notice() -> int:
    """Beat: lists whose public notice has ended take effect. Safe to run twice."""
    from registry.workflow import take_effect_due

    return take_effect_due()


@shared_task
def notify_rotation_due() -> int:
    """Beat, monthly: tell administrators and discipline staff who is due for rotation."""
    return rotation.notify_rotation_due()
