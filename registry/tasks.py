import logging

from celery import shared_task
from django.utils import timezone

from registry import exports, rotation
from registry.notifications import emails_resend_due, notifications_deliver
from registry.outbox import publish_all

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
    """Each recipient's in-app notice and email; safe to run twice (``key``)."""
    return notifications_deliver(
        key=key, recipient_ids=recipient_ids, title=title, body=body, url=url
    )


@shared_task
def resend_due_emails() -> int:
    """Beat, every minute: retry the emails that failed, after their pause."""
    return emails_resend_due()


@shared_task
def publish_outbox() -> int:
    """Beat, every minute: hand the broker what user actions left unsent."""
    return publish_all()


@shared_task
def take_effect_after_notice() -> int:
    """Beat: lists whose public notice has ended take effect. Safe to run twice."""
    from registry.workflow import take_effect_due

    return take_effect_due()


@shared_task
def notify_rotation_due() -> int:
    """Beat, monthly: tell administrators and discipline staff who is due for rotation."""
    return rotation.notify_rotation_due()


@shared_task(acks_late=True)
def run_export(*, job_id: int) -> int:
    """Write a large Excel export for its requester; safe to run twice."""
    job = exports.export_run(job_id=job_id)
    return job.done if job else 0


@shared_task
def purge_expired_exports() -> int:
    """Beat, hourly: delete exports (and their files) past their expiry."""
    return exports.exports_purge_expired()
